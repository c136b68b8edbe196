"""Theme pages (generator/site/guides.py::theme_page), city pages (site/cities.py) and the how-to-contribute page
(site/contribute.py), in every edition."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AWARD, TAGS, WORKER
from rendered import pages, site_of, words

THEMED_TAGS = TAGS.replace("en: Grid management}", "en: Grid management, theme: mobilisation}")
POLICY = """\
---
title: 关于做好社区防控工作的通知
issuer: 广东省民政厅
number: 粤民函〔2022〕35号
date: 2022-03-18
addressees: [各地级以上市民政局]
themes: [mobilisation, care]
---
各地级以上市民政局：现就有关工作通知如下。
"""
OTHER_POLICY = POLICY.replace("35号", "36号").replace("themes: [mobilisation, care]\n", "").replace(
    "关于做好社区防控工作的通知", "关于其他事项的通知")
PAST_AWARD = AWARD.replace("{start: 2026-11-23, end: 2026-12-11}", "{start: 2026-06-01, end: 2026-06-07}") + (
    "decision: {document: 粤民函〔2026〕88号, date: 2026-06-15, issuer: 广东省民政厅}\n")
EDITIONS = ("zh", "en", "zh-hant")


def themed(tree: Callable[..., Path], **more: str | bytes | None) -> Path:
    return tree({"content/tags.yml": THEMED_TAGS, "content/policies/yuemin-han-2022-35/index.zh.md": POLICY,
                 "content/policies/other/index.zh.md": OTHER_POLICY, **more})


@pytest.mark.parametrize(("lang", "stories", "workers", "policies"), [
    ("zh", "相关故事", "相关先进典型", "相关政策文件"),
    ("en", "Stories", "Model workers", "Related notices"),
    ("zh-hant", "相關故事", "相關先進典型", "相關政策文件"),
])
def test_theme_page_gathers_guides_tagged_stories_their_workers_and_policies(
        tree: Callable[..., Path], lang: str, stories: str, workers: str, policies: str) -> None:
    body = pages(site_of(themed(tree)), lang)["themes/mobilisation/"].body
    assert '<a href="../../guides/daily-monitoring/">' in body
    assert f"<h2>{stories}</h2>" in body and '<a href="../../stories/2022/grid-night/">' in body
    assert f"<h2>{workers}</h2>" in body and '<a href="../../workers/chen-xiaoli/">' in body
    assert f"<h2>{policies}</h2>" in body and '<a href="../../policies/yuemin-han-2022-35/">' in body
    assert "policies/other/" not in body  # a policy naming no theme is on no theme page


def test_a_theme_shows_only_what_belongs_to_it(tree: Callable[..., Path]) -> None:
    zh = pages(site_of(themed(tree)), "zh")
    care = zh["themes/care/"].body
    assert "grid-night" not in care and "chen-xiaoli" not in care and "<h2>相关故事</h2>" not in care
    assert "yuemin-han-2022-35" in care  # the policy names care as well
    assert words(care).count("暂无") == 1  # only the guides' line: no empty sections
    training = zh["themes/training/"].body
    assert "<h2>相关政策文件</h2>" not in training
    untagged = pages(site_of(tree({"content/policies/other/index.zh.md": OTHER_POLICY})), "zh")
    assert all("grid-night" not in untagged[f"themes/{t}/"].body
               for t in ("mobilisation", "health-committee", "training", "care"))  # tags.yml gives no theme


@pytest.mark.parametrize(("lang", "nothing", "guides", "contribute"), [
    ("zh", "本市暂无故事和先进典型。", "全省防控指南", "如何投稿"),
    ("en", "No stories or model workers from this city yet.", "Guides for the whole province", "How to contribute"),
    ("zh-hant", "本市暫無故事和先進典型。", "全省防控指南", "如何投稿"),
])
def test_a_city_without_stories_shows_one_line_the_provinces_guides_and_how_to_contribute(
        tree: Callable[..., Path], lang: str, nothing: str, guides: str, contribute: str) -> None:
    edition = pages(site_of(tree()), lang)
    body = edition["cities/shenzhen/"].body
    assert body.count('class="cg-empty"') == 1
    assert f'<p class="cg-empty">{nothing}</p>' in body
    assert f"<h2>{guides}</h2>" in body and '<a href="../../guides/daily-monitoring/">' in body
    assert f"<h2>{contribute}</h2>" in body and '<a href="../../contribute/">' in body
    assert edition["contribute/"].title == contribute
    assert edition["contribute/"].body.count("<li>") == 4


def test_a_city_with_stories_lists_them_and_no_guides(tree: Callable[..., Path]) -> None:
    body = pages(site_of(tree()), "zh")["cities/guangzhou/"].body
    assert "grid-night" in body and "chen-xiaoli" in body
    assert "cg-empty" not in body and "全省防控指南" not in body
    assert '<a href="../../contribute/">' in body


def test_a_city_without_stories_shows_its_honours(tree: Callable[..., Path]) -> None:
    moved = WORKER.replace("广州市", "深圳市").replace("天河区", "南山区")
    for lang, no_stories, honours in (("zh", "本市暂无故事。", "本市获表彰"), ("en", "No stories from this city yet.",
                                                                   "Honours in this city"),
                                      ("zh-hant", "本市暫無故事。", "本市獲表彰")):
        body = pages(site_of(tree({"content/awards/gd-2026.yml": PAST_AWARD,
                                   "content/workers/chen-xiaoli/index.zh.md": moved})), lang)["cities/shenzhen/"].body
        assert body.count('class="cg-empty"') == 1 and f'<p class="cg-empty">{no_stories}</p>' in body
        assert f"<h2>{honours}</h2>" in body
        assert '<a href="../../honors/cities/shenzhen/">' in body
        assert '<a href="../../workers/chen-xiaoli/">' in body
