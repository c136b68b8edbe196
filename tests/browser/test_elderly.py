"""适老化: the easy-reading switch makes text larger and darker, and holds across pages."""

from __future__ import annotations

import pytest

from browser.browsing import MAIN, PAGE_TYPES, Tab, shot


def _text_size(tab: Tab) -> float:
    return tab.page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{MAIN} p')).fontSize)")


def test_easy_reading_mode_is_remembered_across_pages(tab: Tab, pages: dict[str, str]) -> None:
    page = tab.open(pages["story"])
    switch = page.locator("[data-cg-elderly]")
    assert switch.is_visible() and switch.inner_text().strip() == "长者模式"
    assert switch.get_attribute("aria-pressed") == "false"
    normal = _text_size(tab)
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert _text_size(tab) >= normal * 1.25
    assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-default-fg-color').trim()") == "#000"
    shot(page, f"{page.viewport_size['width']}-story-easy-reading")

    page = tab.open(pages["guide"])
    assert page.evaluate("document.documentElement.classList.contains('cg-elderly')")
    assert page.locator("[data-cg-elderly]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.locator("[data-cg-elderly]").click()
    page = tab.open(pages["home"])
    assert not page.evaluate("document.documentElement.classList.contains('cg-elderly')")
    assert page.locator("[data-cg-elderly]").get_attribute("aria-pressed") == "false"


def test_switch_is_labelled_in_each_language(desktop: Tab, pages: dict[str, str]) -> None:
    for kind, label in (("english", "Easy reading"), ("hant", "長者模式")):
        assert desktop.open(pages[kind]).locator("[data-cg-elderly]").inner_text().strip() == label


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_larger_text_still_fits_the_screen(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = tab.open(pages[kind], status=404 if kind == "404" else 200)
    page.locator("[data-cg-elderly]").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{kind}: {width}px wide in easy-reading mode"
