"""Open data: every dataset of the registry as CSV and JSON beside `data/`, parsed back and compared with the
model; no internal value in any file; the page documents every field; policies carry their notice metadata."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AWARD, NOMINATION
from rendered import pages, site_of, words

from generator.site.opendata import DATASETS
from generator.site.tables import BOM

PAST_AWARD = AWARD.replace("publicity: {start: 2026-11-23, end: 2026-12-11}",
                           "publicity: {start: 2026-06-01, end: 2026-06-07}\n"
                           "decision: {document: 粤民发〔2026〕150号, date: 2026-06-20, issuer: 广东省民政厅}")
TRAINING = """\
---
title: =天河区网格员培训
date: 2022-04-12
city: 广州市
district: 天河区
organiser: 天河区民政局
audience: [grid-worker, building-head]
hours: 1.5
participants: 126
summary: 摘要。
guides: [daily-monitoring]
---
正文。
"""
SECRETS = ("44010619850312002X", "13912345678", "内部复核意见甲乙丙")


def data_files(root: Path, lang: str) -> dict[str, str]:
    return {k: str(v) for k, v in pages(site_of(root), lang)["data/"].files.items()}


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


@pytest.fixture
def awarded(tree: Callable[..., Path]) -> Path:
    return tree({"content/awards/gd-2026.yml": PAST_AWARD,
                 "content/trainings/tianhe-grid-2022/index.zh.md": TRAINING})


def test_every_dataset_is_published_as_csv_and_json(awarded: Path) -> None:
    files = data_files(awarded, "zh")
    assert sorted(files) == sorted(f"{d.name}.{ext}" for d in DATASETS for ext in ("csv", "json"))
    for dataset in DATASETS:
        rows = read_csv(files[f"{dataset.name}.csv"])
        document = json.loads(files[f"{dataset.name}.json"])
        assert document["dataset"] == dataset.name and document["language"] == "zh-Hans"
        assert [f["name"] for f in document["fields"]] == [f.name for f in dataset.fields]
        assert all(f["description"] for f in document["fields"])
        assert [{k: str(v) for k, v in row.items()} for row in document["rows"]] == \
            [{k: v.removeprefix("'") for k, v in row.items()} for row in rows]


def test_the_honour_roll_and_the_notice_hold_what_the_pages_show(awarded: Path) -> None:
    files = data_files(awarded, "zh")
    [honour] = json.loads(files["honours.json"])["rows"]
    assert honour == {"year": 2026, "award": "2026年度优秀社区工作者", "level": "provincial", "issuer": "广东省民政厅",
                      "name": "陈晓丽", "city": "广州市", "district": "天河区", "community": honour["community"],
                      "post": "网格员", "decision": "粤民发〔2026〕150号", "decision_date": "2026-06-20",
                      "url": "/awards/gd-2026/"}
    [listed] = read_csv(files["notices.csv"])
    assert listed["name"] == "陈晓丽" and listed["publicity_start"] == "2026-06-01"
    assert listed["reason"] == "坚守网格一线。" and listed["url"] == "/awards/gd-2026/notice/"
    en = json.loads(data_files(awarded, "en")["honours.json"])
    assert en["language"] == "en" and en["rows"][0]["award"] == "2026 Outstanding Community Workers"
    assert en["rows"][0]["url"] == "/en/awards/gd-2026/"


def test_training_rows_and_a_formula_is_quoted_in_csv_only(awarded: Path) -> None:
    files = data_files(awarded, "zh")
    [row] = read_csv(files["trainings.csv"])
    assert row["title"] == "'=天河区网格员培训"  # a spreadsheet would run it as a formula
    [item] = json.loads(files["trainings.json"])["rows"]
    assert item == {"date": "2022-04-12", "title": "=天河区网格员培训", "city": "广州市", "district": "天河区",
                    "organiser": "天河区民政局", "audience": "grid-worker;building-head", "hours": 1.5,
                    "participants": 126, "materials": 0, "guides": "daily-monitoring",
                    "url": "/trainings/tianhe-grid-2022/"}
    hant = data_files(awarded, "zh-hant")
    assert "廣州市" in hant["trainings.csv"] and json.loads(hant["trainings.json"])["language"] == "zh-Hant"


def test_no_internal_value_reaches_any_data_file(awarded: Path) -> None:
    assert all(secret in NOMINATION for secret in SECRETS)
    for lang in ("zh", "en", "zh-hant"):
        page = pages(site_of(awarded), lang)["data/"]
        for name, text in page.files.items():
            for secret in SECRETS:
                assert secret not in str(text), (lang, name)
            for field in ("id_number", "reviewer_notes", "internal", "ranking"):
                assert field not in str(text), (lang, name)
        assert not any(secret in page.body for secret in SECRETS)


def test_during_the_notice_the_notice_list_has_rows_and_the_roll_none(tree: Callable[..., Path]) -> None:
    files = data_files(tree(), "zh")
    assert json.loads(files["honours.json"])["rows"] == []
    assert read_csv(files["honours.csv"]) == []
    assert [r["name"] for r in read_csv(files["notices.csv"])] == ["陈晓丽"]


def test_the_page_lists_every_dataset_and_documents_every_field(awarded: Path) -> None:
    for lang in ("zh", "en"):
        page = pages(site_of(awarded), lang)["data/"]
        for dataset in DATASETS:
            assert f'<h2 id="{dataset.name}">' in page.body
            assert f'href="{dataset.name}.csv" download' in page.body
            assert f'href="{dataset.name}.json" download' in page.body
            table = page.body.split(f'<h2 id="{dataset.name}">')[1].split("</table>")[0]
            assert re.findall(r"<code>(\w+)</code>", table) == [f.name for f in dataset.fields]
    assert pages(site_of(awarded), "zh")["data/"].title == "开放数据"
    assert pages(site_of(awarded), "en")["data/"].title == "Open data"


POLICY = """\
---
title: 关于做好社区防控工作的通知
issuer: 广东省民政厅
number: 粤民函〔2022〕35号
date: 2022-03-18
index_number: 006939748/2022-00035
category: 民政、社区建设
published: 2022-03-21
addressees: [各地级以上市民政局]
---
正文。
"""


def test_a_policy_shows_and_carries_its_notice_metadata(tree: Callable[..., Path]) -> None:
    site = site_of(tree({"content/policies/notice/index.zh.md": POLICY}))
    zh = pages(site, "zh")["policies/notice/"].body
    text = words(zh)
    for fact in ("索引号 006939748/2022-00035", "主题分类 民政、社区建设", "发文机关 广东省民政厅", "成文日期 2022年3月18日",
                 "文号 粤民函〔2022〕35号", "发布日期 2022年3月21日"):
        assert fact in text, fact
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', zh, re.S)
    assert found is not None
    assert json.loads(found.group(1)) == {
        "@context": "https://schema.org", "@type": "Legislation", "name": "关于做好社区防控工作的通知",
        "inLanguage": "zh-Hans", "legislationIdentifier": "粤民函〔2022〕35号",
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": "广东省民政厅"},
        "legislationDate": "2022-03-18", "identifier": "006939748/2022-00035", "about": "民政、社区建设",
        "datePublished": "2022-03-21"}
    hant = pages(site, "zh-hant")["policies/notice/"].body
    assert '"about": "民政、社區建設"' in hant


def test_metadata_that_would_close_the_script_is_escaped(tree: Callable[..., Path]) -> None:
    hostile = POLICY.replace("category: 民政、社区建设", "category: </script><script>alert(1)</script>")
    body = pages(site_of(tree({"content/policies/notice/index.zh.md": hostile})), "zh")["policies/notice/"].body
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert script is not None and json.loads(script.group(1))["about"] == "</script><script>alert(1)</script>"
    assert "<script>alert" not in body


def test_a_policy_without_the_optional_metadata(tree: Callable[..., Path]) -> None:
    plain = "\n".join(line for line in POLICY.splitlines() if not line.startswith(("index_number", "category",
                                                                                   "published"))) + "\n"
    body = pages(site_of(tree({"content/policies/notice/index.zh.md": plain})), "zh")["policies/notice/"].body
    assert "索引号" not in body and "发布日期" not in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))  # type: ignore[union-attr]
    assert "identifier" not in data and "datePublished" not in data


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docs_describe_every_dataset_and_field(lang: str) -> None:
    from generator.config import PROJECT
    from generator.site.strings import read_strings

    text = (PROJECT / "docs" / f"open-data.{lang}.md").read_text(encoding="utf-8")
    t = read_strings(lang)
    for dataset in DATASETS:
        section = text.split(f": `{dataset.name}`")[1].split("\n## ")[0]
        assert f"`/data/{dataset.name}.csv`" in section and f"`/data/{dataset.name}.json`" in section
        rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", section, re.M)
        assert rows == [(f.name, t(f"data_{dataset.name}_{f.name}")) for f in dataset.fields]
