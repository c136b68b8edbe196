"""WCAG 2.1 AA in a real browser: axe-core on every page type, a skip link, visible focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser.browsing import AXE, MAIN, PAGE_TYPES, Tab

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the open page, one line per rule and element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
            for v in result["violations"] if v["impact"] in BLOCKING for node in v["nodes"]]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_nothing_serious(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = tab.open(pages[kind], status=404 if kind == "404" else 200)
    assert axe_violations(page) == []


@pytest.mark.parametrize("kind", ["home", "story", "publicity"])
def test_axe_finds_nothing_serious_in_easy_reading_mode(desktop: Tab, pages: dict[str, str], kind: str) -> None:
    page = desktop.open(pages[kind])
    page.locator("[data-cg-elderly]").click()
    assert axe_violations(page) == []


def _focused(page: Page) -> dict[str, str]:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
        return {tag: el.tagName, cls: String(el.className), href: el.getAttribute('href') || '',
                outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow,
                visible: String(box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight)};
    }""")


@pytest.mark.parametrize("kind", ["home", "story", "english", "404"])
def test_first_tab_reaches_a_visible_skip_link_to_the_content(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = tab.open(pages[kind], status=404 if kind == "404" else 200)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["href"] == "#cg-main" and focused["visible"] == "true", focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('{MAIN}').contains(document.activeElement)")


def test_keyboard_focus_is_always_visible(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["story"])
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "BODY":
            break
        shows = (focused["outline"] not in ("none", "") and focused["width"] not in ("0px", "")) or \
            focused["shadow"] not in ("none", "")
        assert shows, f"focus is not visible on {focused}"
        seen += 1
    assert seen >= 10
