"""Sharing (Open Graph with the page's share image) and printing guides as checklists."""

from __future__ import annotations

from urllib.parse import urljoin

from browser.browsing import MAIN, Tab, shot
from generator.config import PROJECT
from generator.site.feeds import site_url


def _meta(tab: Tab, prop: str) -> str | None:
    return tab.page.locator(f'meta[property="{prop}"]').get_attribute("content")


def site_url_of_sample() -> str:
    """The public address the sample site is built for (mkdocs.yml); the test serves it locally."""
    return site_url(PROJECT / "mkdocs.yml")


def test_story_shares_its_title_summary_and_photo(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["story"])
    assert _meta(desktop, "og:title") == page.locator(f"{MAIN} h1").inner_text().strip()
    assert _meta(desktop, "og:description") == page.locator('meta[name="description"]').get_attribute("content")
    assert _meta(desktop, "og:type") == "article"
    assert _meta(desktop, "og:locale") == "zh_CN"
    shared = _meta(desktop, "og:image") or ""
    assert shared.startswith(site_url_of_sample())
    image = page.request.get(urljoin(page.url, "/" + shared.removeprefix(site_url_of_sample())))
    assert image.ok and image.headers["content-type"].startswith("image/")


def test_hant_and_english_pages_name_their_locale(desktop: Tab, pages: dict[str, str]) -> None:
    desktop.open(pages["hant"])
    assert _meta(desktop, "og:locale") == "zh_HK"
    desktop.open(pages["english"])
    assert _meta(desktop, "og:locale") == "en_US"


def test_guide_prints_as_a_checklist(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["guide"])
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(f"{MAIN} h1").is_visible()
    markers = page.evaluate(f"""[...document.querySelectorAll('{MAIN} .cg-prose ul > li')]
        .map(li => getComputedStyle(li).listStyleType)""")
    assert markers and all("☐" in m for m in markers), markers
    shot(page, "print-guide")
