"""What a reader receives of an award in each phase: nothing before its 公示, the notice with its corrections and
objection channel during it, "公示已结束，表彰决定待发布" after it, the honour roll citing the decision once decided;
checked in the built site's HTML of all three editions."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from conftest import AWARD, NOMINATION, WORKER, jpeg, settings_for

from generator.build import build
from generator.tools.notice import run

AWARD_PATH = "content/awards/gd-2026.yml"
CHANNEL = AWARD.replace("  phone: 020-12345678\n", "  phone: 020-12345678\n  email: jiceng@example.gov.cn\n"
                        "  address: 广州市越秀区某路1号\n  postcode: '510030'\n")
DECIDED = CHANNEL + "decision: {document: 粤民函〔2026〕150号, date: 2026-12-18, issuer: 广东省民政厅}\n"
WANG = (WORKER.replace("name: 陈晓丽", "name: 王建国").replace("gender: female", "gender: male")
        .replace("陈晓丽是华景社区的网格员。", "王建国是华景社区的楼栋长。"))
EDITIONS = {"zh": "", "en": "en/", "zh-hant": "zh-hant/"}


def words(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    main = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def built(root: Path, today: date) -> Path:
    result = build(replace(settings_for(root), today=today))
    assert [p for p in result.problems if p.level.is_error()] == []
    return root / "site"


@pytest.fixture
def amended(tree: Callable[..., Path]) -> Path:
    """gd-2026 with its list corrected on 26 November: 王建国 added, 陈晓丽's reason corrected."""
    root = tree({AWARD_PATH: CHANNEL})
    (root / "content/workers/wang-jianguo").mkdir(parents=True)
    (root / "content/workers/wang-jianguo/index.zh.md").write_text(WANG, encoding="utf-8")
    (root / "content/workers/wang-jianguo/portrait.jpg").write_bytes(jpeg(400, 500))
    (root / "content/nominations/gd-2026/wang-jianguo.yml").write_text(
        "worker: wang-jianguo\nbureau: 广州市民政局\nreason: 全楼入群，物资送到每户门口。\n", encoding="utf-8")
    nomination = root / "content/nominations/gd-2026/chen-xiaoli.yml"
    nomination.write_text(NOMINATION.replace("坚守网格一线。", "坚守网格一线七年。"), encoding="utf-8")
    assert run("amend", root, "gd-2026", today=date(2026, 11, 26), lang="en", document="粤民函〔2026〕141号",
               reason="推荐单位来函补报并更正事迹", day=date(2026, 11, 26)) == 0
    return root


def test_an_amended_notice_shows_the_correction_and_keeps_the_original_list(amended: Path) -> None:
    site = built(amended, date(2026, 11, 28))
    zh = words(site, "awards/gd-2026/notice")
    assert "更正" in zh and "2026年11月26日" in zh and "更正文号：粤民函〔2026〕141号" in zh
    assert "推荐单位来函补报并更正事迹" in zh
    assert "增加：王建国" in zh and "更正信息：陈晓丽" in zh
    assert "王建国" in zh and "坚守网格一线七年。" in zh
    assert "020-12345678" in zh and "jiceng@example.gov.cn" in zh and "广州市越秀区某路1号（邮编 510030）" in zh
    assert "（共 19 天，其中工作日 15 天）" in zh
    original = words(site, "awards/gd-2026/notice/original")
    assert "陈晓丽" in original and "王建国" not in original
    assert "以下为公示开始时发布的原名单，后经更正" in original
    en = words(site, "en/awards/gd-2026/notice")
    assert "Correction" in en and "Added: Wang Jianguo" in en and "Details corrected: Chen Xiaoli" in en
    assert "correcting document: 粤民函〔2026〕141号" in en and "(postcode 510030)" in en
    assert "陈晓丽 (Chen Xiaoli)" not in words(site, "en/awards/gd-2026/notice/original")  # changed: name only
    assert "陈晓丽" in words(site, "en/awards/gd-2026/notice/original")
    hant = words(site, "zh-hant/awards/gd-2026/notice")
    assert "更正文號：粵民函〔2026〕141號" in hant and "增加：王建國" in hant
    assert "陳曉麗" in words(site, "zh-hant/awards/gd-2026/notice/original")


def test_before_the_publicity_period_nothing_of_the_notice_or_roll_and_no_empty_folder(
        tree: Callable[..., Path]) -> None:
    root = tree({AWARD_PATH: CHANNEL})
    site = built(root, date(2026, 11, 22))
    for prefix in EDITIONS.values():
        assert (site / f"{prefix}awards/gd-2026/index.html").is_file()  # the programme itself
        assert not (site / f"{prefix}awards/gd-2026/notice").exists()
        assert not (site / f"{prefix}honors/2026").exists()
        assert "陈晓丽" not in words(site, f"{prefix}awards/gd-2026")
    assert "公示名单将于 2026年11月23日 公布" in words(site, "awards/gd-2026")
    empty = [d for d, dirs, files in os.walk(site) if not dirs and not files]
    assert empty == []


@pytest.mark.parametrize(("text", "today"), [(CHANNEL, date(2026, 12, 12)), (DECIDED, date(2026, 12, 17))])
def test_after_the_publicity_period_without_a_decision_in_force(tree: Callable[..., Path], text: str,
                                                                today: date) -> None:
    site = built(tree({AWARD_PATH: text}), today)
    for prefix, closed in (("", "公示已于 2026年12月11日 结束，表彰决定待发布。"),
                           ("en/", "the commendation decision is yet to be published"),
                           ("zh-hant/", "表彰決定待")):
        award = words(site, f"{prefix}awards/gd-2026")
        assert closed in award
        assert closed in words(site, f"{prefix}awards/gd-2026/notice")
        assert not (site / f"{prefix}honors/2026").exists()
        assert "Honour roll" not in award and "表彰名单" not in award
    assert "已表彰" not in words(site, "awards") and "公示已结束" in words(site, "awards")
    assert "所获荣誉" not in words(site, "workers/chen-xiaoli")


def test_awarded_once_decided_and_the_decision_is_cited(tree: Callable[..., Path]) -> None:
    site = built(tree({AWARD_PATH: DECIDED}), date(2026, 12, 18))
    citation = "广东省民政厅（粤民函〔2026〕150号，2026年12月18日）"
    award = words(site, "awards/gd-2026")
    assert "已表彰" in award and f"表彰决定：{citation}" in award and "陈晓丽" in award
    assert "现将" not in award
    assert citation in words(site, "honors/2026")
    assert citation in words(site, "workers/chen-xiaoli")
    assert "Commendation decision" in words(site, "en/awards/gd-2026")
    assert "粤民函〔2026〕150号" in words(site, "en/workers/chen-xiaoli")
    assert "粵民函〔2026〕150號" in words(site, "zh-hant/honors/2026")
