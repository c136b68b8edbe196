"""The training archive, a session with its handouts, the mobilisation chain and the open-data page in a real
browser, in zh and en: no outside request, nothing serious for axe, downloads that are the published bytes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from browser.browsing import Tab
from browser.test_accessibility import axe_violations


@pytest.mark.parametrize(("folder", "heading", "totals"), [
    ("", "培训记录", "共 6 场培训"),
    ("en/", "Training records", "6 sessions"),
])
def test_the_training_archive_leads_to_a_session_and_its_handout(desktop: Tab, sample_site: Path, folder: str,
                                                                  heading: str, totals: str, tmp_path: Path) -> None:
    page = desktop.open(folder + "trainings/")
    assert page.locator("h1").inner_text() == heading
    assert totals in page.locator(".cg-totals").inner_text()
    assert page.locator("table.cg-table tbody tr").count() == 6
    assert (found := axe_violations(page)) == [], "\n".join(found)
    page.locator("table.cg-table a[href*='tianhe-wangge']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(folder + "trainings/tianhe-wangge-yuan-shiwu-peixun-2022/")
    link = page.locator("a[href='handout.pdf']")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "handout.pdf"
    info.value.save_as(saved)
    published = sample_site / folder / "trainings/tianhe-wangge-yuan-shiwu-peixun-2022/handout.pdf"
    assert saved.read_bytes() == published.read_bytes() and saved.read_bytes().startswith(b"%PDF-")
    assert (found := axe_violations(page)) == [], "\n".join(found)
    desktop.check()


@pytest.mark.parametrize(("folder", "heading"), [("", "开放数据"), ("en/", "Open data")])
def test_the_open_data_page_downloads_each_dataset(desktop: Tab, sample_site: Path, folder: str, heading: str,
                                                   tmp_path: Path) -> None:
    page = desktop.open(folder + "data/")
    assert page.locator("h1").inner_text() == heading
    assert (found := axe_violations(page)) == [], "\n".join(found)
    links = page.locator("a[download]")
    names = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"honours.csv", "honours.json", "notices.csv", "notices.json", "trainings.csv", "trainings.json"} <= set(names)
    for i, name in enumerate(names):
        assert name is not None
        with page.expect_download() as info:
            links.nth(i).click()
        saved = tmp_path / name
        info.value.save_as(saved)
        assert saved.read_bytes() == (sample_site / folder / "data" / name).read_bytes()
        if name.endswith(".json"):
            assert isinstance(json.loads(saved.read_text(encoding="utf-8"))["rows"], list)
        else:
            rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
            assert rows[0] and all(len(r) == len(rows[0]) for r in rows)
    trainings = list(csv.DictReader(io.StringIO((sample_site / folder / "data/trainings.csv").read_text("utf-8-sig"))))
    assert len(trainings) == 6
    desktop.check()


@pytest.mark.parametrize("folder", ["", "en/"])
def test_the_chain_is_reached_from_the_mobilisation_theme(desktop: Tab, folder: str) -> None:
    page = desktop.open(folder + "themes/mobilisation/")
    page.locator(".cg-theme-pages a[href*='chain']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(folder + "themes/mobilisation/chain/")
    assert page.locator("h2[id]").count() == 4
    assert page.locator(".cg-card", has_text="周建华" if not folder else "Zhou Jianhua").count() == 1
    assert (found := axe_violations(page)) == [], "\n".join(found)
    desktop.check()


def test_a_policy_page_with_its_metadata_passes_axe(desktop: Tab) -> None:
    page = desktop.open("policies/yuemin-han-2022-35/")
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    assert data["identifier"] == "006939748/2022-00035" and data["datePublished"] == "2022-03-21"
    assert "索引号" in page.locator(".cg-facts").inner_text()
    assert (found := axe_violations(page)) == [], "\n".join(found)
    desktop.check()
