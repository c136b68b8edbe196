"""Public health committee lists (generator/content/committees.py): every check rule, with its message and line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY, regions_with, settings_for

from generator.build import check
from generator.content.committees import County, Row, Share, shares
from generator.content.committees import check as check_lists
from generator.content.gazetteer import Localities, Unit, localities, unit_keys
from generator.content.schema import Committee, Role
from generator.problems import format_report

PATH = "content/committees/qujiang.yml"
REGIONS_WITH_QUJIANG = regions_with("shaoguan", "韶关市", "Shaoguan", ("qujiang", "曲江区", "Qujiang District"))
GOOD = """\
city: 韶关市
district: 曲江区
bureau: 韶关市曲江区民政局
updated: 2026-11-01
committees:
  - town: 马坝镇
    village: 马坝村
    code: 440205100202
    established: 2022-04-15
    chair: village-committee-director
    members: {committee-member: 4, community-doctor: 1}
    team: {health: 马坝镇卫生院, police: 马坝派出所}
  - town: 松山街道
    village: 东区社区
    established: 2022-05-01
    chair: health-committee-director
"""


def lines(root: Path, lang: str = "zh") -> list[str]:
    _, problems = check(settings_for(root, lang=lang))
    return [line for line in format_report(problems, lang, "text").splitlines()  # type: ignore[arg-type]
            if line.startswith("content/committees/")]


@pytest.fixture
def lists(tree: Callable[..., Path]) -> Callable[..., Path]:
    def make(text: str = GOOD, **more: str) -> Path:
        return tree({"content/regions.yml": REGIONS_WITH_QUJIANG, PATH: text, **more})
    return make


def test_a_good_list_is_clean(lists: Callable[..., Path]) -> None:
    assert lines(lists()) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("  - town: 松山街道", "  - town: 松山街", f"{PATH}:13: committees[1].town: “韶关市曲江区”没有镇（街道）“松山街”（应为国家统计局 2023 年区划代码中的名称）"),
        ("  - town: 松山街道", "  - town: 松删街道", f"{PATH}:13: committees[1].town: “韶关市曲江区”没有镇（街道）“松删街道”，是否为“松山街道”？（应为国家统计局 2023 年区划代码中的名称）"),
        ("    village: 东区社区", "    village: 栋区社区", f"{PATH}:14: committees[1].village: “松山街道”没有村（社区）“栋区社区”，是否为“东区社区居民委员会”？（应为国家统计局 2023 年区划代码中的名称）"),
        ("    village: 东区社区", "    village: 火星社区", f"{PATH}:14: committees[1].village: “松山街道”没有村（社区）“火星社区”（应为国家统计局 2023 年区划代码中的名称）"),
        ("    code: 440205100202", "    code: 440205100999", f"{PATH}:8: committees[0].code: “韶关市曲江区”没有代码为 440205100999 的村（社区）"),
        ("    code: 440205100202", "    code: 440106001001", f"{PATH}:8: committees[0].code: “韶关市曲江区”没有代码为 440106001001 的村（社区）"),
        ("    code: 440205100202", "    code: 4402051002", f"{PATH}:8: committees[0].code: 村（社区）代码应为 44 开头的 12 位统计用区划代码，例如 440205100202；实际为“4402051002”"),
        ("    code: 440205100202", "    code: 440205001001", f"{PATH}:6: committees[0].town: 代码 440205001001 的村（社区）属于“松山街道”，不属于所写的“马坝镇”"),
        ("    village: 马坝村\n", "    village: 大坑村\n", f"{PATH}:7: committees[0].village: 代码 440205100202 是“马坝村村民委员会”，与所写的“大坑村”不符"),
        ("established: 2022-05-01", "established: 2026-12-01", f"{PATH}:15: committees[1].established: 成立日期 2026-12-01 晚于今天（2026-11-28）：应为已经成立的日期"),
        ("    established: 2022-05-01\n", "", f"{PATH}:13: committees[1]: 已成立（established）的公共卫生委员会须填写成立日期 established（YYYY-MM-DD）"),
        ("chair: health-committee-director", "chair: health-director", f"{PATH}:16: committees[1].chair: 应为以下之一："),
        ("district: 曲江区", "district: 曲江县", f"{PATH}:2: district: “韶关市”没有“曲江县”，是否为“曲江区”？"),
        ("city: 韶关市", "city: 绍关市", f"{PATH}:1: city: 未知城市“绍关市”，是否为“韶关市”？"),
    ],
)
def test_each_rule_names_file_line_field_and_what_was_expected(
        lists: Callable[..., Path], old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = lines(lists(GOOD.replace(old, new)))
    assert any(line.startswith(expected) for line in found), found


def test_a_village_listed_twice_names_the_first(lists: Callable[..., Path]) -> None:
    twice = GOOD + "  - town: 马坝镇\n    village: 马坝村委会\n    established: 2022-04-15\n    chair: committee-member\n"
    assert lines(lists(twice)) == [f"{PATH}:18: committees[2].village: “马坝村村民委员会”重复：已在 {PATH}:6 中列出"]


def test_a_county_in_two_files_is_refused_in_the_second(lists: Callable[..., Path]) -> None:
    found = lines(lists(**{"content/committees/qujiang2.yml": GOOD}))
    assert f"content/committees/qujiang2.yml:2: district: “韶关市曲江区”已在 {PATH} 中列出：每个县（区）只用一个名单文件" in found
    assert "content/committees/qujiang2.yml:1: 文件名“qujiang2.yml”与所写的县（区）不符：应为“qujiang.yml”" in found


def test_messages_are_told_in_english_too(lists: Callable[..., Path]) -> None:
    found = lines(lists(GOOD.replace("village: 东区社区", "village: 栋区社区")), "en")
    assert f"{PATH}:14: committees[1].village: \"松山街道\" has no village or community \"栋区社区\"; did you mean '东区社区居民委员会'? (expected a name of the NBS 2023 division codes)" in found[0]


def test_one_bad_list_is_refused_and_the_rest_builds(lists: Callable[..., Path]) -> None:
    from generator.content.load import load_tree
    from generator.content.validate import validate_tree

    root = lists(GOOD.replace("马坝镇\n    village: 马坝村\n", "马坝镇\n    village: 火星村\n"),
                 **{"content/committees/tianhe.yml": "city: 广州市\ndistrict: 天河区\nbureau: 天河区民政局\nupdated: 2026-01-01\n"})
    valid = validate_tree(load_tree(root), today=TODAY)
    assert [e.slug for e in valid.refused if e.kind.value == "committee"] == ["qujiang"]
    assert [e.slug for e in valid.entries if e.kind.value == "committee"] == ["tianhe"]


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "马坝村<img src=x onerror=alert(1)>", "{found}",
                                  "马坝村\u202e", "马坝村\x1b[31m"])
def test_hostile_names_are_refused_as_text_never_interpreted(lists: Callable[..., Path], name: str) -> None:
    found = lines(lists(GOOD.replace("    village: 马坝村\n", f"    village: {name!r}\n".replace("'", '"'))))
    assert found and all(line.startswith(f"{PATH}:7: committees[0].village: ") for line in found), found


def test_village_keys_cover_the_spellings_bureaus_use() -> None:
    assert {"马坝村", "马坝村委会", "马坝村村民委员会", "马坝"} <= unit_keys("马坝村村民委员会")
    assert {"东区社区", "东区社区居委会", "东区"} <= unit_keys("东区社区居民委员会")


def test_the_gazetteer_knows_every_town_and_village_of_a_county() -> None:
    places = localities()
    assert len(places.units) == 28599
    town = places.town("440205", "马坝镇")
    assert town is not None and town.code == "440205100"
    assert places.village(town.code, "马坝村") == places.unit("440205100202")
    assert {u.kind for u in places.villages_of_county("440205")} <= {"village", "community", "other"}


def test_coverage_is_counted_by_kind_and_above_100_percent_is_reported() -> None:
    units = (Unit("440205100", "马坝镇", "town", "440205"),
             Unit("440205100201", "甲村民委员会", "village", "440205100"),
             Unit("440205100202", "乙村民委员会", "village", "440205100"),
             Unit("440205100001", "丙社区居民委员会", "community", "440205100"))
    places = Localities(units, {("韶关市", "曲江区"): "440205"})
    county = County(localities_city(), None, "440205")
    row = Committee(town="马坝镇", village="甲村", established=date(2022, 1, 1), chair=Role.COMMITTEE_MEMBER)
    rows = [Row(units[0], units[1], row, 1)]
    assert shares(rows, county, places) == {"village": Share(1, 2), "community": Share(0, 1)}
    assert shares(rows * 3, county, places)["village"] == Share(3, 2)  # what check() refuses


def localities_city():  # type: ignore[no-untyped-def]
    from generator.content.schema import City
    return City(slug="shaoguan", zh="韶关市", en="Shaoguan")


def test_check_reports_coverage_above_100_percent() -> None:
    """Coverage above 100 % can come only from a gazetteer that lost villages; the list is then refused."""
    from generator.content.gazetteer import Gazetteer
    from generator.content.load import Kind, Source
    from generator.content.safeyaml import load
    from generator.content.schema import Committees, Regions
    from generator.content.validate import Entry, Place

    units = (Unit("440205100", "马坝镇", "town", "440205"), Unit("440205100202", "马坝村村民委员会", "village", "440205100"),
             Unit("440205100203", "乙村村民委员会", "village", "440205100"))
    gazetteer = Gazetteer(Regions.model_validate({"cities": [{"slug": "shaoguan", "zh": "韶关市", "en": "Shaoguan",
                                                              "divisions": [{"slug": "qujiang", "zh": "曲江区", "en": "Qujiang"}]}]}))
    located = load(GOOD.replace("  - town: 松山街道\n    village: 东区社区", "  - town: 马坝镇\n    village: 乙村"))
    record = Committees.model_validate(located.data)
    entry = Entry(Kind.COMMITTEE, "qujiang", "", "content/committees", record, None, {"zh": Source(PATH, located)}, {})
    city = gazetteer.regions.cities[0]
    entry.place = Place(city, city.divisions[0])
    # a gazetteer that knows the two villages but counts only one
    shrunk = Localities(units, {("韶关市", "曲江区"): "440205"})
    object.__setattr__(shrunk, "villages_of_county", lambda code: list(units[1:2]))
    problems: list = []
    check_lists([entry], gazetteer, problems, today=TODAY, places=shrunk)
    assert [(p.path, p.line, p.key) for p in problems] == [(PATH, 5, "committee-coverage-over")]
