"""People and awards by name: exact names resolve, namesakes are listed, only close spellings are suggested."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import WORKER, jpeg

from generator.content.load import load_tree
from generator.tools.names import awards, find_award, find_person, people

NAMESAKE = WORKER.replace("城市: 广州市", "city: 深圳市").replace("city: 广州市", "city: 深圳市") \
    .replace("district: 天河区", "district: 南山区").replace("community: 华景社区", "community: 桃源社区")


def test_workers_by_chinese_name_english_name_or_folder(tree: Callable[..., Path]) -> None:
    everyone = people(load_tree(tree()))
    for typed in ("陈晓丽", " 陈晓丽 ", "Chen Xiaoli", "chen xiaoli", "CHEN XIAOLI", "chen-xiaoli"):
        assert find_person(typed, everyone).slug == "chen-xiaoli", typed


def test_namesakes_are_listed_with_city_and_unit(tree: Callable[..., Path]) -> None:
    root = tree({"content/workers/chen-xiaoli-sz/index.zh.md": NAMESAKE,
                 "content/workers/chen-xiaoli-sz/portrait.jpg": jpeg(400, 500)})
    found = find_person("陈晓丽", people(load_tree(root)))
    assert found.slug is None and found.ambiguous
    assert [p.describe("zh") for p in found.candidates] == [
        "陈晓丽（chen-xiaoli，广州市天河区，华景社区）", "陈晓丽（chen-xiaoli-sz，深圳市南山区，桃源社区）"]


@pytest.mark.parametrize(("typed", "suggested"), [
    ("zhang-san", []), ("张三", []), ("wang", []), ("chen-xiaoi", ["chen-xiaoli"]), ("陈晓莉", ["chen-xiaoli"]),
])
def test_unknown_names_get_only_close_suggestions(tree: Callable[..., Path], typed: str,
                                                  suggested: list[str]) -> None:
    found = find_person(typed, people(load_tree(tree())))
    assert found.slug is None and not found.ambiguous
    assert [p.slug for p in found.candidates] == suggested


def test_awards_open_for_nomination(tree: Callable[..., Path]) -> None:
    open_award = ("name: 开放中的奖项\nlevel: city\nyear: 2026\nissuer: 广州市民政局\n"
                  "nomination: {start: 2026-11-01, end: 2026-12-01}\npublicity: {start: 2026-12-05, end: 2026-12-12}\n"
                  "feedback: {contact: 科室, phone: 020-12345678}\nen: {name: Open award}\n")
    root = tree({"content/awards/gz-open.yml": open_award})
    found = {a.slug: a for a in awards(load_tree(root), date(2026, 11, 20))}
    assert found["gz-open"].open and found["gz-open"].closes == "2026-12-01"
    assert found["gd-2026"].open and found["gd-2026"].closes == "2026-11-22"  # no nomination period: until the 公示
    later = {a.slug: a.open for a in awards(load_tree(root), date(2026, 11, 28))}
    assert later == {"gd-2026": False, "gz-open": True}
    choices = list(found.values())
    assert find_award("开放中的奖项", choices) == ("gz-open", ())
    assert find_award("open award", choices) == ("gz-open", ())
    assert find_award("gz-opne", choices) == (None, (found["gz-open"],))
    assert find_award("gd-2099", choices) == (None, ())
