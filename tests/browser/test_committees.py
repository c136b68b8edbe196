"""A county's public health committee coverage in a real browser, in Chinese and English: the figures, the chart
with its table, the list, the way there from the theme and city pages, and its CSV downloaded byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browsing import Tab


@pytest.mark.parametrize(("folder", "villages", "listed"), [
    ("", "村", "公共卫生委员会名单"), ("en/", "Villages", "Public health committees")])
def test_a_county_coverage_page(desktop: Tab, sample_site: Path, tmp_path: Path, folder: str, villages: str,
                                listed: str) -> None:
    page = desktop.open(folder + "committees/shantou/nanao/")
    totals = page.locator("table.cg-committees__totals")
    assert totals.locator("tbody tr").first.inner_text().split("\t") == [villages, "25/25（100.0%）"
                                                                          if not folder else "25/25 (100.0 %)"]
    assert page.locator("#committees-towns svg rect").count() == 3
    assert page.locator("#committees-towns table.cg-sr-only tbody tr").count() == 3
    assert page.get_by_role("heading", name=listed, exact=True).is_visible()
    assert page.locator("table.cg-committees__list tbody tr").count() == 30
    link = page.locator(".cg-committees__downloads a")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "committees.csv"
    info.value.save_as(saved)
    assert saved.read_bytes() == (sample_site / folder / "committees" / "shantou" / "nanao" / "committees.csv"
                                  ).read_bytes()
    desktop.check()


@pytest.mark.parametrize("folder", ["", "en/"])
def test_the_theme_and_city_pages_lead_to_coverage(desktop: Tab, folder: str) -> None:
    page = desktop.open(folder + "themes/health-committee/")
    page.locator(".cg-committees__link a").click()
    page.wait_for_url("**/committees/")
    assert page.locator("table.cg-committees__areas tbody tr").count() == 21
    page = desktop.open(folder + "cities/shaoguan/")
    page.locator(".cg-committees__link a").click()
    page.wait_for_url("**/committees/shaoguan/")
    page.get_by_role("link", name="曲江区" if not folder else "Qujiang District").click()
    page.wait_for_url("**/committees/shaoguan/qujiang/")
    assert page.locator("table.cg-committees__uncovered tbody tr").count() > 0
    desktop.check()
