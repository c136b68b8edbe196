"""Recognition: the award lifecycle, 公示 notices, honour rolls, profiles, statistics, internal fields, checks."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from conftest import AWARD, NOMINATION, STORY, STORY_EN, WORKER, jpeg, settings_for

from generator.build import build
from generator.cli import main
from generator.content.load import load_tree
from generator.content.model import Phase, Site, Standing, build_site
from generator.content.validate import validate_tree
from generator.editions import edition
from generator.site.pages import Page
from generator.site.render import render_site

NOMINATION_PATH = "content/nominations/gd-2026/chen-xiaoli.yml"
AWARD_PATH = "content/awards/gd-2026.yml"

# A second worker, in another city, so that the notice has two city groups.
WANG = (WORKER.replace("name: 陈晓丽", "name: 王建国").replace("gender: female", "gender: male")
        .replace("role: grid-worker", "role: building-head").replace("city: 广州市", "city: 深圳市")
        .replace("district: 天河区", "district: 南山区").replace("community: 华景社区", "community: 粤海社区")
        .replace("陈晓丽是华景社区的网格员。", "王建国是粤海社区的楼栋长。"))
WANG_NOMINATION = """\
worker: wang-jianguo
bureau: 深圳市民政局
reason: 全楼入群，物资送到每户门口。
"""

# An award to organisations, with one nominated residents' committee.
ORG_AWARD = """\
name: 2026年度优秀村（居）民委员会
level: provincial
year: 2026
issuer: 广东省民政厅
recipients: organisations
publicity: {start: 2026-11-23, end: 2026-12-11}
feedback: {contact: 基层政权建设和社区治理处, phone: 020-12345678}
decision: {document: 粤民函〔2026〕151号, date: 2026-12-12, issuer: 广东省民政厅}
"""
ORG_NOMINATION = """\
organisation: {name: 天河区华景社区居民委员会, name_en: Huajing Residents' Committee, city: 广州市, district: 天河区}
bureau: 广州市民政局
reason: 公共卫生委员会全覆盖、常态化运行。
"""

# An earlier programme the same worker was honoured in, with her post and community as they were then.
OLD_AWARD = AWARD.replace("2026年度优秀社区工作者", "2022年度社区防控先进个人").replace("year: 2026", "year: 2022").replace(
    "{start: 2026-11-23, end: 2026-12-11}", "{start: 2022-06-06, end: 2022-06-14}").replace(
    "2026 Outstanding Community Workers", "2022 Exemplary Individuals") + (
    "decision: {document: 粤民函〔2022〕60号, date: 2022-06-20, issuer: 广东省民政厅}\n")
# The 2026 award decided on the day after its 公示.
DECIDED = AWARD + "decision: {document: 粤民函〔2026〕150号, date: 2026-12-12, issuer: 广东省民政厅}\n"
OLD_NOMINATION = """\
worker: chen-xiaoli
bureau: 天河区民政局
post: 华景社区网格员
community: 华景社区（原棠下社区）
reason: 封控期间坚守网格。
"""


def site_on(root: Path, today: date) -> Site:
    valid = validate_tree(load_tree(root), today=today)
    assert [p for p in valid.problems if p.level.is_error()] == []
    return build_site(valid, today=today)


def pages(site: Site, lang: str = "zh") -> dict[str, Page]:
    return {p.url: p for p in render_site(site, edition(lang), {})}  # type: ignore[arg-type]


def text(page: Page) -> str:
    """A page's words without markup, whitespace collapsed."""
    inline = re.sub(r"</?(a|strong|time|span)\b[^>]*>", "", page.body)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", inline))).strip()


def no_story_photos() -> dict[str, str | bytes | None]:
    """Render-level tests run without photo derivatives: the story keeps no photo."""
    return {
        "stories/2022/grid-night/index.zh.md": STORY[:STORY.index("photos:")] + "---\n" + STORY.split("---\n", 2)[2],
        "stories/2022/grid-night/index.en.md": STORY_EN.replace("captions:\n  night.jpg: Registering at night (illustration)\n", ""),
        "stories/2022/grid-night/night.jpg": None,
    }


@pytest.fixture
def recognition_tree(tree: Callable[..., Path]) -> Callable[..., Path]:
    """The base tree plus a second nominee in Shenzhen, an award to organisations and an earlier award."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return tree({
            **no_story_photos(),
            AWARD_PATH: DECIDED,
            "content/workers/wang-jianguo/index.zh.md": WANG,
            "content/workers/wang-jianguo/portrait.jpg": jpeg(400, 500),
            "content/nominations/gd-2026/wang-jianguo.yml": WANG_NOMINATION,
            "content/awards/gd-org-2026.yml": ORG_AWARD,
            "content/nominations/gd-org-2026/huajing.yml": ORG_NOMINATION,
            "content/awards/gd-2022.yml": OLD_AWARD,
            "content/nominations/gd-2022/chen-xiaoli.yml": OLD_NOMINATION,
            **(files or {}),
        })

    return make


# --- 1. the lifecycle ---------------------------------------------------------


@pytest.mark.parametrize(("today", "phase", "standing"), [
    (date(2026, 11, 22), Phase.NOMINATING, Standing.NOMINATED),
    (date(2026, 11, 23), Phase.PUBLICITY, Standing.ON_NOTICE),
    (date(2026, 12, 11), Phase.PUBLICITY, Standing.ON_NOTICE),
    (date(2026, 12, 12), Phase.AWARDED, Standing.AWARDED),
])
def test_phase_follows_the_build_date(recognition_tree: Callable[..., Path], today: date, phase: Phase,
                                      standing: Standing) -> None:
    site = site_on(recognition_tree(), today)
    award = next(a for a in site.awards if a.slug == "gd-2026")
    assert award.phase is phase
    assert {n.slug: n.standing for n in award.nominees} == {"chen-xiaoli": standing, "wang-jianguo": standing}
    built = pages(site)
    assert ("awards/gd-2026/notice/" in built) is phase.is_public()
    home = built[""].body
    assert ('href="awards/gd-2026/notice/"' in home) is (phase is Phase.PUBLICITY)
    honoured = {h.nominee.slug for h in site.honours if h.award is award}
    assert honoured == ({"chen-xiaoli", "wang-jianguo"} if phase is Phase.AWARDED else set())


@pytest.mark.parametrize("today", [date(2026, 11, 1), date(2026, 11, 30), date(2027, 1, 5)])
@pytest.mark.parametrize("status", ["withdrawn", "not-awarded"])
def test_a_nominee_withdrawn_at_any_point_is_shown_nowhere(recognition_tree: Callable[..., Path], today: date,
                                                           status: str) -> None:
    root = recognition_tree({"content/nominations/gd-2026/wang-jianguo.yml": WANG_NOMINATION + f"status: {status}\n"})
    site = site_on(root, today)
    award = next(a for a in site.awards if a.slug == "gd-2026")
    wang = next(n for n in award.nominees if n.slug == "wang-jianguo")
    assert wang.standing.value == status
    assert wang not in award.on_notice() and wang not in award.winners()
    recognition = [p for p in pages(site).values() if p.url.startswith(("awards/", "honors/"))]
    assert recognition and all("王建国" not in p.body for p in recognition)
    assert "所获荣誉" not in pages(site)["workers/wang-jianguo/"].body


def test_the_winners_list_decides_who_is_awarded(recognition_tree: Callable[..., Path]) -> None:
    root = recognition_tree({AWARD_PATH: DECIDED + "winners: [chen-xiaoli]\n"})
    site = site_on(root, date(2026, 12, 20))
    award = next(a for a in site.awards if a.slug == "gd-2026")
    assert [n.slug for n in award.on_notice()] == ["chen-xiaoli", "wang-jianguo"]  # the archived notice as it was
    assert [n.slug for n in award.winners()] == ["chen-xiaoli"]
    assert {n.slug: n.standing for n in award.nominees}["wang-jianguo"] is Standing.NOT_AWARDED
    built = pages(site)
    assert "王建国" in built["awards/gd-2026/notice/"].body
    assert "王建国" not in built["awards/gd-2026/"].body
    assert "王建国" not in built["honors/2026/"].body


# --- 2. the 公示 notice ------------------------------------------------------------


def test_notice_has_the_customary_form(recognition_tree: Callable[..., Path]) -> None:
    page = pages(site_on(recognition_tree(), date(2026, 11, 28)))["awards/gd-2026/notice/"]
    assert page.title == "关于2026年度优秀社区工作者拟表彰对象的公示"
    words = text(page)
    assert words.startswith("关于2026年度优秀社区工作者拟表彰对象的公示 经各地推荐、评审委员会评审，广东省民政厅拟对以下 2 名同志"
                            "授予“2026年度优秀社区工作者”称号。")
    assert "公示期：2026年11月23日至2026年12月11日（共 19 天，其中工作日 15 天）" in words
    assert words.index("广州市 （1 名）") < words.index("深圳市 （1 名）")
    assert "陈晓丽（女） 天河区华景社区，网格员 坚守网格一线。" in words
    assert "王建国（男） 南山区粤海社区，楼栋长 全楼入群，物资送到每户门口。" in words
    assert "受理单位 基层政权建设和社区治理处 电话 020-12345678" in words
    assert 'href="tel:02012345678"' in page.body
    assert "以个人名义反映的请署真实姓名并提供联系方式" in words
    assert words.endswith("广东省民政厅 2026年11月23日")
    assert '<a href="../../../workers/chen-xiaoli/">陈晓丽</a>' in page.body


def test_notice_in_english(recognition_tree: Callable[..., Path]) -> None:
    page = pages(site_on(recognition_tree(), date(2026, 11, 28)), "en")["awards/gd-2026/notice/"]
    assert page.title == "Public notice: candidates for 2026 Outstanding Community Workers"
    words = text(page)
    assert ("广东省民政厅 proposes to confer the title \"2026 Outstanding Community Workers\" on the 2 people below, "
            "who were nominated in their localities") in words
    assert "Public notice period: November 23, 2026 to December 11, 2026 (19 days, 15 working days)" in words
    assert words.index("Guangzhou (1)") < words.index("Shenzhen (1)")
    assert "Chen Xiaoli (Female) — 华景社区, Tianhe District, 网格员" in words
    assert words.endswith("广东省民政厅 November 23, 2026")


def test_notice_is_archived_after_the_period(recognition_tree: Callable[..., Path]) -> None:
    built = pages(site_on(recognition_tree(), date(2027, 3, 1)))
    notice = text(built["awards/gd-2026/notice/"])
    assert notice.startswith("关于2026年度优秀社区工作者拟表彰对象的公示 本公示已于 2026年12月11日 结束，以下为公示原文。")
    index = text(built["awards/"])
    assert "正在公示" not in index
    archive = index[index.index("公示存档"):]
    assert archive.index("关于2026年度优秀社区工作者拟表彰对象的公示") < archive.index("关于2022年度社区防控先进个人拟表彰对象的公示")
    assert 'href="../awards/gd-2026/notice/"' in built["awards/"].body


def test_notice_for_organisations(recognition_tree: Callable[..., Path]) -> None:
    page = pages(site_on(recognition_tree(), date(2026, 11, 28)))["awards/gd-org-2026/notice/"]
    assert page.title == "关于2026年度优秀村（居）民委员会拟表彰集体的公示"
    words = text(page)
    assert "拟对以下 1 个集体授予" in words
    assert "广州市 （1 个） 天河区华景社区居民委员会 天河区 公共卫生委员会全覆盖、常态化运行。" in words


# --- 3. honour rolls ---------------------------------------------------------------


def test_honour_rolls_by_year_award_and_city(recognition_tree: Callable[..., Path]) -> None:
    built = pages(site_on(recognition_tree(), date(2027, 1, 5)))
    index = text(built["honors/"])
    assert "按年度 2026 3 2022 1" in index
    assert "2026年度优秀社区工作者 2 2026年度优秀村（居）民委员会 1 2022年度社区防控先进个人 1" in index
    assert "城市 个人 集体 合计 广州市 2 1 3 深圳市 1 0 1" in index
    year = built["honors/2026/"].body
    assert year.index("2026年度优秀社区工作者") < year.index("陈晓丽") < year.index("王建国")
    assert '<a href="../../workers/chen-xiaoli/">陈晓丽</a>' in year
    city = text(built["honors/cities/guangzhou/"])
    assert city.startswith("广州市荣誉榜 2026 2")
    assert "天河区华景社区居民委员会 集体，广州市，天河区 2026年度优秀村（居）民委员会" in city
    assert "陈晓丽 网格员，广州市，华景社区 2026年度优秀社区工作者" in city
    assert "陈晓丽 华景社区网格员，广州市，华景社区（原棠下社区） 2022年度社区防控先进个人" in city
    assert "honors/cities/shanghai/" not in built and "honors/cities/dongguan/" not in built


def test_organisations_get_a_card_but_no_profile(recognition_tree: Callable[..., Path]) -> None:
    built = pages(site_on(recognition_tree(), date(2027, 1, 5)))
    body = built["awards/gd-org-2026/"].body
    card = body[body.index('<article class="cg-card cg-card--person cg-card--honour">'):]
    assert card.startswith('<article class="cg-card cg-card--person cg-card--honour"><span class="cg-portrait '
                           'cg-portrait--org" aria-hidden="true">天</span>')
    assert '<h3 class="cg-card__title">天河区华景社区居民委员会</h3>' in card
    assert not any("huajing" in url for url in built)


# --- 4. profiles -------------------------------------------------------------------


def test_profile_lists_every_award_with_post_and_community_as_of_the_award(
        recognition_tree: Callable[..., Path]) -> None:
    en = pages(site_on(recognition_tree(), date(2027, 1, 5)), "en")
    zh = pages(site_on(recognition_tree(), date(2027, 1, 5)))
    words = text(zh["workers/chen-xiaoli/"])
    assert ("所获荣誉 2026年度优秀社区工作者 省级 · 广东省民政厅 · 获奖时：网格员，华景社区 · "
            "广东省民政厅（粤民函〔2026〕150号，2026年12月12日） "
            "2022年度社区防控先进个人 省级 · 广东省民政厅 · 获奖时：华景社区网格员，华景社区（原棠下社区） · "
            "广东省民政厅（粤民函〔2022〕60号，2022年6月20日） 事迹介绍") in words
    assert "相关故事 凌晨三点的网格" in words
    assert "2026 Outstanding Community Workers" in text(en["workers/chen-xiaoli/"])


def test_profile_before_the_award_is_final_shows_no_honour(recognition_tree: Callable[..., Path]) -> None:
    words = text(pages(site_on(recognition_tree(), date(2026, 11, 28)))["workers/chen-xiaoli/"])
    assert "所获荣誉 2022年度社区防控先进个人" in words
    assert "2026年度优秀社区工作者" not in words


# --- 6. statistics -----------------------------------------------------------------


def test_statistics_page_draws_each_chart_once_with_a_table_and_a_total(recognition_tree: Callable[..., Path]) -> None:
    page = pages(site_on(recognition_tree(), date(2027, 1, 5)))["stats/"]
    drawn = page.body.count("<svg ")
    assert drawn == page.body.count('<table class="cg-sr-only"') and drawn <= 6
    assert "<script" not in page.body
    assert sorted(page.files) == sorted(["stories-by-city.csv", "workers-by-city.csv", "honours-by-city.csv",
                                         "stories-by-year.csv", "workers-by-year.csv", "honours-by-year.csv",
                                         "trainings-by-city.csv", "training-participants-by-city.csv"])
    words = text(page)
    assert ("各地市获表彰数 广州市 3 深圳市 1 城市 获表彰（人次、个） 广州市 3 深圳市 1 合计 4 合计：4。 "
            "其他 1 个城市暂无数据：东莞市。") in words
    assert "各年度故事数 2022 1 2026 0 年度 故事（篇） 2022 1 2026 0 合计 1" in words
    assert "各年度获表彰先进典型人数 2022 1 2026 2 年度 先进典型（人） 2022 1 2026 2 合计 3" in words
    assert "各年度获表彰数 2022 1 2026 3 年度 获表彰（人次、个） 2022 1 2026 3 合计 4" in words


# --- 5. internal fields never reach any output file -----------------------------------

SECRETS = {
    "id_number": "44010619850312002X",
    "phone": "13912345678",
    "reviewer_notes": "内部复核意见甲乙丙",
    "ranking": "内部排名第七位",
    "household_address": "某某小区九栋内部地址",
    "bank_card": "6222020202020202020",
}


def secret_block(prefix: str) -> str:
    return "internal:\n" + "".join(f"  {k}: '{prefix}{v}'\n" for k, v in SECRETS.items())


def output_bytes(site: Path) -> dict[str, bytes]:
    """Every file of the built site, gzip-compressed ones (sitemap, search fragments) decompressed."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return found


def test_no_internal_value_reaches_any_output_file(tree: Callable[..., Path]) -> None:
    org_nomination = ORG_NOMINATION + secret_block("org")
    files: dict[str, str | bytes | None] = {
        NOMINATION_PATH: NOMINATION.split("internal:")[0] + secret_block("a"),
        "content/workers/wang-jianguo/index.zh.md": WANG,
        "content/workers/wang-jianguo/portrait.jpg": jpeg(400, 500),
        "content/nominations/gd-2026/wang-jianguo.yml": WANG_NOMINATION + "status: withdrawn\n" + secret_block("w"),
        "content/awards/gd-org-2026.yml": ORG_AWARD,
        "content/nominations/gd-org-2026/huajing.yml": org_nomination,
        "content/awards/gd-2022.yml": OLD_AWARD,
        "content/nominations/gd-2022/chen-xiaoli.yml": OLD_NOMINATION + secret_block("old"),
        # still taking nominations: nothing of it is public yet
        "content/awards/gd-2027.yml": AWARD.replace("2026-11-23", "2027-11-23").replace("2026-12-11", "2027-12-11"),
        "content/nominations/gd-2027/chen-xiaoli.yml": NOMINATION.split("internal:")[0] + secret_block("next"),
        # refused: the internal block itself is malformed, and the message must not repeat it
        "content/nominations/gd-2022/wang-jianguo.yml": WANG_NOMINATION + "internal:\n  id_number: [refused13800138000]\n",
    }
    root = tree(files)
    result = build(settings_for(root))
    assert any(p.path == "content/nominations/gd-2022/wang-jianguo.yml" for p in result.problems)
    site = root / "site"
    assert (site / "awards/gd-2026/notice/index.html").is_file()
    assert (site / "en/awards/gd-org-2026/notice/index.html").is_file()
    assert (site / "honors/2022/index.html").is_file()
    assert "陈晓丽" in (site / "honors/2022/index.html").read_text(encoding="utf-8")
    needles = [f"{prefix}{v}" for prefix in ("a", "w", "org", "old", "next") for v in SECRETS.values()]
    needles += list(SECRETS.values()) + ["refused13800138000", "13800138000"]
    outputs = output_bytes(site)
    outputs["site-report.json"] = settings_for(root).report.read_bytes()
    assert "sitemap.xml" in outputs
    leaks = [(name, needle) for name, data in outputs.items() for needle in needles if needle.encode() in data]
    assert leaks == []
    report = json.loads(outputs["site-report.json"])
    refused = [p for p in report["problems"] if p["path"] == "content/nominations/gd-2022/wang-jianguo.yml"]
    assert [(p["field"], p["message"]) for p in refused] == [("internal.id_number", "应为文字，实际为“…”")]


# --- 7. guardians check ----------------------------------------------------------------


def check_lines(root: Path, capsys: pytest.CaptureFixture[str], lang: str = "zh",
                today: str = "2026-11-28") -> list[str]:
    main(["check", str(root), "--lang", lang, "--today", today])
    out = capsys.readouterr().out
    return [line for line in out.splitlines() if "警告" not in line and "warning:" not in line]


def test_check_finds_a_worker_nominated_twice(tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({"content/nominations/gd-2026/chen-xiaoli-2.yml": NOMINATION})
    assert check_lines(root, capsys) == [
        "content/nominations/gd-2026/chen-xiaoli-2.yml:1: worker: worker 应与文件名“chen-xiaoli-2”一致",
        "content/nominations/gd-2026/chen-xiaoli.yml:1: worker: chen-xiaoli 已在 "
        "content/nominations/gd-2026/chen-xiaoli-2.yml 中被提名参加同一奖项",
    ]


def test_check_finds_an_organisation_nominated_twice(tree: Callable[..., Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({"content/awards/gd-org-2026.yml": ORG_AWARD,
                 "content/nominations/gd-org-2026/huajing.yml": ORG_NOMINATION,
                 "content/nominations/gd-org-2026/huajing-again.yml": ORG_NOMINATION})
    assert check_lines(root, capsys, "en") == [
        "content/nominations/gd-org-2026/huajing.yml:1: worker: 天河区华景社区居民委员会 is already nominated for this "
        "award in content/nominations/gd-org-2026/huajing-again.yml",
    ]


def test_check_finds_a_nomination_for_an_unknown_worker_or_award(tree: Callable[..., Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({"content/nominations/gd-2026/chen-xiaoly.yml": NOMINATION.replace("chen-xiaoli", "chen-xiaoly"),
                 "content/nominations/gd-2062/chen-xiaoli.yml": NOMINATION})
    assert check_lines(root, capsys) == [
        "content/nominations/gd-2026/chen-xiaoly.yml:1: worker: 未知工作者“chen-xiaoly”（content/workers/ 下没有此文件夹），"
        "是否为“chen-xiaoli”？",
        "content/nominations/gd-2062/chen-xiaoli.yml:1: 未知奖项“gd-2062”（content/awards/ 下没有 gd-2062.yml），是否为“gd-2026”？",
    ]


def test_check_finds_a_withdrawn_nominee_listed_as_awarded(tree: Callable[..., Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({NOMINATION_PATH: NOMINATION.replace("status: nominated", "status: withdrawn"),
                 AWARD_PATH: AWARD + "winners:\n  - chen-xiaoli\n  - chen-xiaolin\n"})
    assert check_lines(root, capsys) == [
        f"{AWARD_PATH}:12: winners[0]: “chen-xiaoli”的提名状态为 withdrawn（{NOMINATION_PATH}），不能列入表彰名单（winners）",
        f"{AWARD_PATH}:13: winners[1]: 表彰名单（winners）中的“chen-xiaolin”不在 content/nominations/gd-2026/ 的提名中，"
        "是否为“chen-xiaoli”？",
        f"{NOMINATION_PATH}: 引用的条目“gd-2026”未通过检查",  # a refused award refuses its nominations
    ]
    assert check_lines(root, capsys, "en")[0] == (
        f"{AWARD_PATH}:12: winners[0]: the nomination of 'chen-xiaoli' is withdrawn ({NOMINATION_PATH}); "
        "it cannot be listed among the winners")


def test_check_finds_a_publicity_period_that_ends_before_it_starts(
        tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({AWARD_PATH: AWARD.replace("{start: 2026-11-23, end: 2026-12-11}",
                                           "{start: 2026-12-11, end: 2026-11-23}")})
    refused = f"{NOMINATION_PATH}: 引用的条目“gd-2026”未通过检查"
    assert check_lines(root, capsys) == [f"{AWARD_PATH}:5: publicity: 结束日期 2026-11-23 早于开始日期 2026-12-11",
                                         refused]
    assert check_lines(root, capsys, "en") == [
        f"{AWARD_PATH}:5: publicity: ends on 2026-11-23, before it starts on 2026-12-11",
        f"{NOMINATION_PATH}: the referenced entry 'gd-2026' was refused"]


def test_check_finds_a_publicity_period_before_nominations_close(
        tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({AWARD_PATH: AWARD.replace("publicity:", "nomination: {start: 2026-10-01, end: 2026-11-30}\npublicity:")})
    assert check_lines(root, capsys) == [
        f"{AWARD_PATH}:6: publicity.start: 公示期从 2026-11-23 开始，早于推荐期结束日 2026-11-30",
        f"{NOMINATION_PATH}: 引用的条目“gd-2026”未通过检查"]


def test_check_never_repeats_an_internal_value(tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({NOMINATION_PATH: NOMINATION.replace("phone: '13912345678'", "phone: ['13912345678']")})
    lines = check_lines(root, capsys)
    assert lines == [f"{NOMINATION_PATH}:8: internal.phone: 应为文字，实际为“…”"]


def test_the_nomination_template_passes_check(tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    template = Path(__file__).resolve().parents[2] / "docs" / "templates" / "nomination.yml"
    root = tree({NOMINATION_PATH: template.read_text(encoding="utf-8")})
    assert check_lines(root, capsys) == []
    site = site_on(root, date(2026, 11, 28))
    nominee = site.awards[0].on_notice()[0]
    assert (nominee.community("zh"), nominee.text("post", "en")) == (
        "棠下街道华景社区居委会", "Head of Grid No. 3, Huajing Community")
