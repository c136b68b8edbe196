"""generator/content/model.py: translations paired, references resolved both ways, listings by city, year, award and tag,
and one address per entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import AWARD, STORY, TODAY, jpeg

from generator.content import model
from generator.content.load import load_tree
from generator.content.model import Item, Phase, Site, build_site, pinyin_name
from generator.content.schema import Award
from generator.content.validate import validate_tree

SHENZHEN_STORY = """\
---
title: 南山的上门走访
date: 2023-03-01
city: 深圳市
district: 南山区
community: 桃源社区
tags: [上门走访, 核酸采样]
summary: 一次走访。
author: 王明
unit: 南山区民政局
status: published
---
逐户走访。
"""

WORKER_EN = """\
---
community: Huajing Community
---
Chen Xiaoli is the grid worker of Huajing Community.
"""


def site_of(root: Path, today: date = TODAY) -> Site:
    valid = validate_tree(load_tree(root), today=today)
    assert [p.format("en") for p in valid.problems if p.level.is_error()] == []
    return build_site(valid, today=today)


@pytest.fixture
def site(tree: Callable[..., Path]) -> Site:
    """The base tree plus a story in Shenzhen from another year and a draft."""
    return site_of(tree({"stories/2023/nanshan-visits/index.zh.md": SHENZHEN_STORY,
                         "stories/2022/draft-night/index.zh.md": STORY.replace("status: published", "status: draft"),
                         "stories/2022/draft-night/night.jpg": jpeg()}))


def test_a_twin_overrides_field_by_field_and_the_rest_falls_back(site: Site) -> None:
    grid, nanshan = (next(s for s in site.stories if s.slug == slug) for slug in ("grid-night", "nanshan-visits"))
    assert (grid.text("title", "en"), grid.text("title", "zh")) == ("The grid at 3 a.m.", "凌晨三点的网格")
    assert grid.text("community", "en") == "华景社区"  # not translatable: the Chinese value
    assert grid.translated("en") and not nanshan.translated("en")
    assert nanshan.text("title", "en") == "南山的上门走访"
    assert nanshan.body("en") == nanshan.body("zh") == ("逐户走访。\n", "stories/2023/nanshan-visits/index.zh.md")
    photo = grid.photos()[0]
    assert (grid.caption(photo, "zh"), grid.caption(photo, "en")) == ("夜间登记（示意图）",
                                                                      "Registering at night (illustration)")


def test_a_worker_without_an_english_name_is_named_in_pinyin(tree: Callable[..., Path]) -> None:
    plain = site_of(tree()).workers[0]
    assert (plain.name("zh"), plain.name("en")) == ("陈晓丽", "Chen Xiaoli")
    assert pinyin_name("欧阳明") == "Ou Yangming"  # a compound surname is not recognised; name_en corrects it


def test_a_worker_twin_translates_the_profile(tree: Callable[..., Path]) -> None:
    worker = site_of(tree({"content/workers/chen-xiaoli/index.en.md": WORKER_EN})).workers[0]
    assert worker.text("community", "en") == "Huajing Community"
    assert worker.body("en")[1] == "content/workers/chen-xiaoli/index.en.md"


def test_references_are_resolved_both_ways(site: Site) -> None:
    worker = site.workers[0]
    assert [s.slug for s in worker.stories] == ["grid-night"]
    assert [w.slug for w in worker.stories[0].workers] == ["chen-xiaoli"]
    assert [n.worker for n in site.awards[0].nominees] == [worker]


def test_drafts_are_listed_nowhere(site: Site) -> None:
    assert "draft-night" not in {s.slug for s in site.stories}
    assert "draft-night" not in {s.slug for c in site.cities for s in c.stories}
    assert "draft-night" not in {s.slug for s in site.workers[0].stories}
    assert all("draft-night" not in {s.slug for s in stories} for stories in site.stories_by_tag.values())


def test_stories_newest_first_with_their_year_in_the_address(site: Site) -> None:
    assert [s.url for s in site.stories] == ["stories/2023/nanshan-visits/", "stories/2022/grid-night/"]


def test_every_city_of_the_gazetteer_is_listed_with_its_own_stories_and_workers(site: Site) -> None:
    listed = {c.city.slug: ([s.slug for s in c.stories], [w.slug for w in c.workers]) for c in site.cities}
    assert listed == {"guangzhou": (["grid-night"], ["chen-xiaoli"]), "shenzhen": (["nanshan-visits"], []),
                      "dongguan": ([], [])}
    assert [(c.url, c.name("en")) for c in site.cities][0] == ("cities/guangzhou/", "Guangzhou")


def test_tags_listed_in_tags_yml_keep_their_slug_others_are_spelled_in_pinyin(site: Site) -> None:
    assert [(t.slug, t.name("zh"), t.name("en")) for t in site.tags] == [
        ("door-to-door", "上门走访", "Door-to-door visits"), ("grid-management", "网格管理", "Grid management"),
        ("he-suan-cai-yang", "核酸采样", "核酸采样")]
    assert {slug: [s.slug for s in stories] for slug, stories in site.stories_by_tag.items()} == {
        "grid-management": ["grid-night"], "door-to-door": ["nanshan-visits"], "he-suan-cai-yang": ["nanshan-visits"]}


@pytest.mark.parametrize(("today", "phase"), [
    (date(2026, 11, 22), Phase.NOMINATING), (date(2026, 11, 23), Phase.PUBLICITY),
    (date(2026, 12, 11), Phase.PUBLICITY), (date(2026, 12, 12), Phase.CLOSED), (date(2026, 12, 15), Phase.AWARDED)])
def test_an_award_is_on_notice_from_the_first_to_the_last_day_inclusive(today: date, phase: Phase) -> None:
    award = Award.model_validate({
        "name": "奖", "level": "provincial", "year": 2026, "issuer": "厅", "feedback": {"contact": "处", "phone": "12345"},
        "publicity": {"start": "2026-11-23", "end": "2026-12-11"},
        "decision": {"document": "粤民函〔2026〕150号", "date": "2026-12-15", "issuer": "厅"}})
    assert Phase.on(award, today) is phase


def test_an_award_lists_its_nominees_only_once_public_and_honours_only_once_final(
        tree: Callable[..., Path]) -> None:
    root = tree({"content/awards/gd-2026.yml": AWARD + "decision: {document: 粤民函〔2026〕150号, date: 2026-12-18, "
                 "issuer: 广东省民政厅}\n"})
    before, during, after = (site_of(root, day) for day in (date(2026, 11, 1), TODAY, date(2027, 1, 1)))
    assert [len(s.awards[0].on_notice()) for s in (before, during, after)] == [0, 1, 1]
    assert [len(s.honours) for s in (before, during, after)] == [0, 0, 1]
    assert after.honours[0].nominee.worker is after.workers[0] and after.workers[0].honours == after.honours


def test_entries_that_would_share_an_address_are_each_reported_naming_the_other(site: Site) -> None:
    guide = site.guides[0]
    site.policies.append(Item(site.stories[0].entry, guide.url.upper()))  # the same address, told apart by case
    found = sorted(p.format("en") for p in model._collisions(site))
    assert found == [
        "content/guides/daily-monitoring/index.zh.md: the address /guides/daily-monitoring/ is already used by "
        "stories/2023/nanshan-visits/index.zh.md",
        "stories/2023/nanshan-visits/index.zh.md: the address /GUIDES/DAILY-MONITORING/ is already used by "
        "content/guides/daily-monitoring/index.zh.md"]


def test_a_site_without_collisions_has_no_problems(site: Site) -> None:
    assert site.problems == []
