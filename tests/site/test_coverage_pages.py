"""Public health committee coverage pages (generator/site/committees.py): province, city and county, in every
edition, with their downloads and the links from the theme and city pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rendered import pages, site_of, words

from generator.site.committees import COVERAGE_FIELDS, LIST_FIELDS

REGIONS = """\
cities:
  - slug: guangzhou
    zh: 广州市
    en: Guangzhou
    divisions:
      - {slug: tianhe, zh: 天河区, en: Tianhe District}
  - slug: shantou
    zh: 汕头市
    en: Shantou
    divisions:
      - {slug: nanao, zh: 南澳县, en: Nanao County}
  - slug: dongguan
    zh: 东莞市
    en: Dongguan
    divisions: []
"""
NANAO = """\
city: 汕头市
district: 南澳县
bureau: 汕头市南澳县民政局
updated: 2026-11-20
committees:
  - town: 后宅镇
    village: 城南社区
    established: 2022-04-01
    chair: committee-director
    members: {health-committee-member: 3, community-doctor: 1}
    team: {health: 后宅镇卫生院, police: 后宅派出所}
  - town: 后宅镇
    village: 北面村
    established: 2022-04-08
    chair: village-committee-director
  - town: 后宅镇
    village: 新乡村
    status: preparing
    chair: village-committee-director
    team: {health: "=HYPERLINK(\\"http://x\\")<script>alert(1)</script>"}
"""
EDITIONS = ("zh", "en", "zh-hant")


@pytest.fixture
def site(tree: Callable[..., Path]):  # type: ignore[no-untyped-def]
    return site_of(tree({"content/regions.yml": REGIONS, "content/committees/nanao.yml": NANAO}))


def test_every_area_has_its_page_in_every_edition(site) -> None:  # type: ignore[no-untyped-def]
    for lang in EDITIONS:
        urls = sorted(u for u in pages(site, lang) if u.startswith("committees/"))
        assert urls == ["committees/", "committees/dongguan/", "committees/guangzhou/", "committees/guangzhou/tianhe/",
                        "committees/shantou/", "committees/shantou/nanao/"]


def test_the_county_page_gives_shares_by_kind_its_committees_and_what_is_missing(site) -> None:  # type: ignore[no-untyped-def]
    body = words(pages(site, "zh")["committees/shantou/nanao/"].body)
    assert "村 1/25（4.0%） 社区 1/5（20.0%）" in body  # 北面村 established, 新乡村 only preparing
    assert "名单更新于 2026年11月20日，报送单位：汕头市南澳县民政局。" in body
    assert "城南居委会 社区 后宅镇 已成立 2022年4月1日 居委会主任 公共卫生委员会委员 3、社区医生 1 后宅镇卫生院、后宅派出所" in body
    assert "新乡村委会 村 后宅镇 筹建中" in body
    assert "后宅镇 11 城北居委会、城东居委会、新乡村委会" in body  # 13 in the town, 2 covered
    en = words(pages(site, "en")["committees/shantou/nanao/"].body)
    assert "Villages 1/25 (4.0 %) Communities 1/5 (20.0 %)" in en and "being set up" in en


def test_submitted_text_is_escaped_on_the_page_and_quoted_in_the_csv(site) -> None:  # type: ignore[no-untyped-def]
    page = pages(site, "zh")["committees/shantou/nanao/"]
    assert "<script>" not in page.body and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.body
    rows = list(csv.reader(io.StringIO(page.files["committees.csv"].removeprefix("\ufeff"))))
    assert tuple(rows[0]) == LIST_FIELDS
    assert rows[3][9].startswith("'=HYPERLINK")
    assert rows[1][:8] == ["440523100", "后宅镇", "440523100001", "城南居委会", "community", "established", "2022-04-01",
                           "committee-director"]


def test_the_province_publishes_coverage_as_csv_and_json(site) -> None:  # type: ignore[no-untyped-def]
    page = pages(site, "en")["committees/"]
    rows = list(csv.DictReader(io.StringIO(page.files["coverage.csv"].removeprefix("\ufeff"))))
    assert tuple(rows[0]) == COVERAGE_FIELDS
    nanao = next(r for r in rows if r["code"] == "440523")
    assert nanao == {"code": "440523", "city": "Shantou", "county": "Nanao County", "villages": "25",
                     "villages_covered": "1", "communities": "5", "communities_covered": "1", "listed": "yes",
                     "updated": "2026-11-20"}
    assert [r["code"] for r in rows] == ["440106", "440523", "441900"]
    data = json.loads(page.files["coverage.json"])
    assert data["province"]["villages_covered"] == 1 and data["province"]["communities"] == 230 + 5 + 245
    assert data["cities"][1]["counties"][0] == {**nanao, "villages": 25, "villages_covered": 1, "communities": 5,
                                                "communities_covered": 1}
    assert 'href="coverage.csv" download' in page.body and 'href="coverage.json" download' in page.body


def test_the_chart_has_its_table_and_cities_without_a_list_say_so(site) -> None:  # type: ignore[no-untyped-def]
    body = pages(site, "zh")["committees/"].body
    assert '<figure class="cg-chart" id="committees-cities"' in body and '<table class="cg-sr-only"' in body
    assert "广州市</a> <small>尚未报送名单</small>" in body
    assert "汕头市</a></th><td>1/25（4.0%）</td><td>1/5（20.0%）</td>" in body


def test_a_city_without_counties_shows_its_towns(site) -> None:  # type: ignore[no-untyped-def]
    body = words(pages(site, "zh")["committees/dongguan/"].body)
    assert "东城街道" in body and "尚未报送名单" in body


def test_the_theme_and_city_pages_link_to_coverage(site) -> None:  # type: ignore[no-untyped-def]
    for lang in EDITIONS:
        all_pages = pages(site, lang)
        assert 'href="../../committees/"' in all_pages["themes/health-committee/"].body
        assert 'href="../../committees/shantou/"' in all_pages["cities/shantou/"].body
        assert "committees" not in all_pages["themes/mobilisation/"].body
        # the link names the public health committees on every city page: not searched as the city's own text
        assert ('<p class="cg-committees__link" data-pagefind-ignore><a href="../../committees/shantou/">'
                in all_pages["cities/shantou/"].body)


def test_the_traditional_edition_is_converted(site) -> None:  # type: ignore[no-untyped-def]
    page = pages(site, "zh-hant")["committees/shantou/nanao/"]
    assert "覆蓋" in page.title and "後宅鎮" in page.files["committees.csv"]


def test_open_data_lists_coverage_as_the_committee_pages_publish_it(site) -> None:  # type: ignore[no-untyped-def]
    for lang in EDITIONS:
        own = pages(site, lang)["committees/"].files["coverage.csv"]
        listed = pages(site, lang)["data/"].files["committees.csv"]
        assert isinstance(listed, str) and listed == own
        rows = json.loads(str(pages(site, lang)["data/"].files["committees.json"]))["rows"]
        assert [r["code"] for r in rows] == ["440106", "440523", "441900"]
        assert next(r for r in rows if r["code"] == "440523")["villages_covered"] == 1
