"""The statistics page's CSV links download the published bytes in a real browser, in every edition."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browsing import Tab


@pytest.mark.parametrize("folder", ["", "en/", "zh-hant/"])
def test_each_csv_link_downloads_the_file(desktop: Tab, sample_site: Path, folder: str, tmp_path: Path) -> None:
    page = desktop.open(folder + "stats/")
    links = page.locator("a.cg-chart__csv")
    assert links.count() >= 3
    for i in range(links.count()):
        link = links.nth(i)
        name = link.get_attribute("href")
        assert name is not None and name.endswith(".csv")
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / f"{i}.csv"
        info.value.save_as(saved)
        assert info.value.suggested_filename == name
        assert saved.read_bytes() == (sample_site / folder / "stats" / name).read_bytes()
        assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    desktop.check()
