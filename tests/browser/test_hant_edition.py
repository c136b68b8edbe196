"""The Traditional Chinese edition at /zh-hant/: converted characters, its own language tag, every page."""

from __future__ import annotations

from pathlib import Path

from browser.browsing import MAIN, Tab
from generator.editions import edition


def test_edition_has_every_zh_page(sample_site: Path) -> None:
    zh = {p.relative_to(sample_site) for p in sample_site.rglob("index.html")
          if p.relative_to(sample_site).parts[0] not in ("en", "zh-hant", "pagefind")}
    hant = {p.relative_to(sample_site / "zh-hant") for p in (sample_site / "zh-hant").rglob("index.html")}
    assert zh == hant


def test_pages_are_in_traditional_characters(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["hant"])
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    text = page.locator("body").inner_text()
    assert "社區" in text and "社区" not in text
    assert page.title().endswith("社區守護者")
    hant = page.locator(f"{MAIN} h1").inner_text()
    zh = desktop.open(pages["story"]).locator(f"{MAIN} h1").inner_text()
    assert hant == edition("zh-hant").convert(zh) != zh


def test_edition_is_searchable_in_traditional_characters(desktop: Tab, pages: dict[str, str]) -> None:
    title = desktop.open(pages["hant"]).locator(f"{MAIN} h1").inner_text().strip()
    page = desktop.open("zh-hant/")
    page.fill(".md-search__input", title[:4])
    hit = page.locator(".cg-search a", has_text=title).first
    hit.wait_for(timeout=10_000)
    assert "/zh-hant/" in (hit.get_attribute("href") or "")
    desktop.check()
