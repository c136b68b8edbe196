"""The statistics page (generator/site/stats.py): no chart drawn twice, cities without data on one line,
totals, and every statistic as a CSV file beside the page, in every edition."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AWARD, WORKER, jpeg
from rendered import pages, site_of, words

from generator.site.stats import csv_text
from generator.site.tables import BOM

FILES = ["stories-by-city.csv", "workers-by-city.csv", "honours-by-city.csv", "stories-by-year.csv",
         "workers-by-year.csv", "honours-by-year.csv", "trainings-by-city.csv", "training-participants-by-city.csv"]
PAST_AWARD = AWARD.replace("publicity: {start: 2026-11-23, end: 2026-12-11}",
                           "publicity: {start: 2026-06-01, end: 2026-06-07}") + (
    "decision: {document: 粤民函〔2026〕88号, date: 2026-06-15, issuer: 广东省民政厅}\n")
"""The base tree's award with its publicity over and its decision recorded by the tests' today: chen-xiaoli is
honoured."""


def figures(body: str) -> list[str]:
    return re.findall(r'<figure class="cg-chart".*?</figure>', body, re.S)


def test_cities_without_data_are_folded_into_one_line_with_a_total(tree: Callable[..., Path]) -> None:
    zh = pages(site_of(tree()), "zh")["stats/"].body
    stories = words(figures(zh)[0])
    assert stories.startswith("各地市故事数 广州市 1 城市 故事（篇） 广州市 1 合计 1 合计：1。 其他 2 个城市暂无数据：深圳市、东莞市。")
    assert "<th scope=\"row\">深圳市</th>" not in figures(zh)[0]
    assert figures(zh)[0].count("<text ") == 2  # one bar: its label and its value
    en = words(figures(pages(site_of(tree()), "en")["stats/"].body)[0])
    assert "Total: 1. No data yet for 2 other cities: Shenzhen, Dongguan." in en


def test_a_statistic_without_any_figure_draws_nothing_and_says_so_once(tree: Callable[..., Path]) -> None:
    body = pages(site_of(tree()), "zh")["stats/"].body
    honours = next(f for f in figures(body) if "各地市获表彰数" in f)
    assert "<svg" not in honours and "<table" not in honours
    assert "合计：0。 全部 3 个城市暂无数据。" in words(honours)
    assert "下载“各地市获表彰数”数据（CSV）" in words(honours)


def test_a_statistic_with_the_same_figures_as_another_is_named_under_it_not_drawn_twice(
        tree: Callable[..., Path]) -> None:
    site = site_of(tree({"content/awards/gd-2026.yml": PAST_AWARD}))
    for lang in ("zh", "en", "zh-hant"):
        body = pages(site, lang)["stats/"].body
        tables = [re.search(r"<tbody>.*?</tbody>", f, re.S) for f in figures(body)]
        drawn = [(re.search(r"<thead>.*?</thead>", f, re.S).group(0), t.group(0))  # type: ignore[union-attr]
                 for f, t in zip(figures(body), tables, strict=True) if t]
        assert len(drawn) == len(set(drawn)), lang
    zh = pages(site, "zh")["stats/"].body
    assert len(figures(zh)) == 5  # stories, workers and honours by city agree; so do workers and honours by year;
    # the two of training follow
    workers = next(f for f in figures(zh) if "各年度获表彰先进典型人数</figcaption>" in f)
    assert "“各年度获表彰数”的数字与本图相同。 下载“各年度获表彰数”数据（CSV）" in words(workers)
    assert 'href="honours-by-year.csv" download' in workers


def test_different_figures_are_each_drawn(tree: Callable[..., Path]) -> None:
    second = WORKER.replace("陈晓丽", "王芳").replace("广州市", "深圳市").replace("天河区", "南山区")
    site = site_of(tree({"content/awards/gd-2026.yml": PAST_AWARD, "content/workers/wang-fang/index.zh.md": second,
                         "content/workers/wang-fang/portrait.jpg": jpeg(400, 500)}))
    assert len(figures(pages(site, "zh")["stats/"].body)) == 6  # stories = honours by city; the honours by year;
    # the two of training


@pytest.mark.parametrize(("lang", "header", "first", "total"), [
    ("zh", "城市,故事（篇）", "广州市,1", "合计,1"),
    ("en", "City,Stories", "Guangzhou,1", "Total,1"),
    ("zh-hant", "城市,故事（篇）", "廣州市,1", "合計,1"),
])
def test_every_statistic_is_a_csv_file_with_a_bom_and_a_translated_header(
        tree: Callable[..., Path], lang: str, header: str, first: str, total: str) -> None:
    page = pages(site_of(tree()), lang)["stats/"]
    assert sorted(page.files) == sorted(FILES)
    data = page.files["stories-by-city.csv"].encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:2] == [header, first]
    assert lines[-2:] == [total, ""]
    assert len(lines) == 1 + 3 + 1 + 1  # header, every city (the ones without data too), total, final CRLF
    for name in FILES:  # each linked from the page, at its stable address beside it
        assert f'href="{name}" download' in page.body


def test_csv_quotes_what_a_spreadsheet_would_read_as_a_formula_or_split() -> None:
    text = csv_text(("城市", "故事"), [("=HYPERLINK(\"x\")", 1), ("a,b", 2), ("-1", 0)], "合计")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [["城市", "故事"], ["'=HYPERLINK(\"x\")", "1"], ["a,b", "2"], ["'-1", "0"], ["合计", "3"]]


@pytest.mark.parametrize(("folder", "header"), [("", "城市,故事（篇）"), ("en/", "City,Stories"),
                                                ("zh-hant/", "城市,故事（篇）")])
def test_the_built_site_publishes_each_csv_beside_the_page_that_links_it(
        sample_site: Path, folder: str, header: str) -> None:
    stats = sample_site / folder / "stats"
    html = (stats / "index.html").read_text(encoding="utf-8")
    for name in FILES:
        data = (stats / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        assert f'href="{name}" download' in html
    lines = (stats / "stories-by-city.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == header and len(lines) == 1 + 21 + 1 + 1  # every city of the gazetteer, the total, CRLF
    assert html.count('class="cg-chart__svg"') < len(FILES)  # the sample's statistics that agree are drawn once
