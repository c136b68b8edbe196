"""Every page type opens cleanly at the phone viewport and on the desktop, with nothing from other hosts."""

from __future__ import annotations

import pytest

from browser.browsing import MAIN, PAGE_TYPES, Tab, shot


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_renders(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = tab.open(pages[kind], status=404 if kind == "404" else 200)
    tab.load_all_images()
    assert page.locator(f"{MAIN} h1").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{kind}: page is {width}px wide, wider than the screen"
    broken = page.evaluate("[...document.images].filter(i => i.getAttribute('src'))"
                           ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    shot(page, f"{page.viewport_size['width']}-{kind}")


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_image_has_alt_text(desktop: Tab, pages: dict[str, str], kind: str) -> None:
    page = desktop.open(pages[kind], status=404 if kind == "404" else 200)
    missing = page.evaluate("[...document.images].filter(i => i.getAttribute('src'))"
                            ".filter(i => !(i.getAttribute('alt') || '').trim())"
                            ".map(i => i.getAttribute('src'))")
    assert missing == []


def test_story_gallery_opens_each_photo(tab: Tab, pages: dict[str, str]) -> None:
    page = tab.open(pages["story"])
    figures = page.locator(".cg-gallery figure")
    assert figures.count() >= 1
    for index in range(figures.count()):
        figure = figures.nth(index)
        assert figure.locator("figcaption").inner_text().strip()
        href = figure.locator("a").get_attribute("href")
        assert href and tab.page.request.get(page.url.rsplit("/", 1)[0] + "/" + href).ok


def test_publicity_page_shows_period_and_feedback(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["publicity"])
    text = page.locator(MAIN).inner_text()
    assert "公示期" in text and "意见反馈" in text
    assert page.locator(f'{MAIN} a[href^="tel:"]').count() >= 1


def test_honour_roll_lists_winners(desktop: Tab, pages: dict[str, str]) -> None:
    assert desktop.open(pages["honours"]).locator(f"{MAIN} .cg-card").count() >= 1
    page = desktop.open(pages["award"])
    assert "表彰名单" in page.locator(MAIN).inner_text()
    assert page.locator(f"{MAIN} .cg-card").count() >= 1


def test_untranslated_page_says_so(tab: Tab, pages: dict[str, str]) -> None:
    page = tab.open(pages["untranslated"])
    notice = page.locator(".cg-untranslated")
    assert notice.is_visible()
    assert "Not yet translated" in notice.inner_text()
    assert page.locator(f'{MAIN} [lang="zh-Hans"]').count() == 1


@pytest.mark.parametrize(("start", "choice", "prefix"), [
    ("story", "English", "en/"),
    ("english", "简体中文", ""),
    ("story", "繁體中文", "zh-hant/"),
    ("hant", "简体中文", ""),
    ("untranslated", "简体中文", ""),
])
def test_language_switch_lands_on_the_same_page(tab: Tab, pages: dict[str, str], start: str, choice: str,
                                                prefix: str) -> None:
    page = tab.open(pages[start])
    path = pages[start].removeprefix("en/").removeprefix("zh-hant/")
    page.locator(".md-select > button").first.click()
    page.locator(".md-select__link", has_text=choice).click()
    page.wait_for_load_state("load")
    assert page.url == tab.base + prefix + path
    tab.check()


def test_not_found_page_leads_home(tab: Tab, pages: dict[str, str]) -> None:
    for prefix, home_text in (("", "首页"), ("en/", "Home")):
        page = tab.open(prefix + pages["404"], status=404)
        assert page.locator(f"{MAIN} h1").inner_text().strip()
        switch = {link.get_attribute("hreflang"): link.get_attribute("href")
                  for link in page.locator(".md-select__link").all()}
        assert switch == {"zh-Hans": "/", "en": "/en/", "zh-Hant": "/zh-hant/"}
        page.locator(f"{MAIN} a", has_text=home_text).first.click()
        page.wait_for_load_state("load")
        assert page.url == tab.base + prefix
        tab.check()


def test_a_request_to_another_host_is_caught_and_never_leaves(desktop: Tab) -> None:
    """The guard every page goes through: a page asking another host for anything fails its test, and Chromium
    resolves no other host's name, so the request fails at once on the machine."""
    desktop.open("")
    failed: list[str] = []
    desktop.page.on("requestfailed", lambda r: failed.append(r.failure or ""))
    with desktop.page.expect_event("requestfailed"):
        desktop.page.evaluate("""() => { const img = new Image(); img.src = 'https://cdn.example.com/x.png';
                                         document.body.append(img); }""")
    assert desktop.foreign == ["https://cdn.example.com/x.png"]
    assert failed == ["net::ERR_NAME_NOT_RESOLVED"]
    with pytest.raises(AssertionError, match="request to another host: https://cdn.example.com/x.png"):
        desktop.check()
    desktop.foreign.clear()
