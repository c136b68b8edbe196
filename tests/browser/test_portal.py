"""The portal readers know from gov.cn sites, measured in Chromium at 390×844 and 1280×800: breadcrumbs, the
current section's tab, the site's identity in every footer, the title, the look, and what a printout carries."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from browser.browsing import MAIN, Tab, first_page, shot
from generator.config import PROJECT
from generator.editions import EDITIONS, edition

STRINGS = {e.code: e.strings().table for e in EDITIONS}
SECTION_OF = {"guide": "guides", "policy": "policies", "story": "stories", "year": "stories", "profile": "workers",
              "city": "cities", "award": "awards", "notice": "awards", "honours": "honors", "theme": "guides",
              "tag": "stories"}
"""Each detail page type and the section whose tab is highlighted on it."""
NAV_KEY = {"guides": "nav_guides", "policies": "nav_policies", "stories": "nav_stories", "workers": "nav_workers",
           "cities": "nav_cities", "awards": "nav_awards", "honors": "nav_honours", "stats": "nav_stats"}


@pytest.fixture(scope="module")
def portal(sample_site: Path) -> dict[str, str]:
    """One address of every page type below the home page (the zh edition's; the others' are the same)."""
    return {
        "guide": first_page(sample_site, "guides/*/index.html", "<h1"),
        "policy": first_page(sample_site, "policies/*/index.html", "<h1"),
        "story": first_page(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "year": first_page(sample_site, "stories/[0-9]*/index.html", "<h1"),
        "stories": "stories/",
        "profile": first_page(sample_site, "workers/*/index.html", "cg-portrait--large"),
        "workers": "workers/",
        "city": first_page(sample_site, "cities/*/index.html", "<h1"),
        "award": first_page(sample_site, "awards/*/index.html", "cg-badge--awarded"),
        "notice": first_page(sample_site, "awards/*/notice/index.html", "<h1"),
        "honours": first_page(sample_site, "honors/*/index.html", 'class="cg-card'),
        "theme": first_page(sample_site, "themes/*/index.html", "<h1"),
        "tag": first_page(sample_site, "tags/*/index.html", "<h1"),
        "tags": "tags/",
        "stats": "stats/",
        "about": "about/",
    }


def _identity() -> dict[str, object]:
    return yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["identity"]


@pytest.mark.parametrize("code", [e.code for e in EDITIONS])
def test_every_page_below_home_has_its_trail_and_the_home_page_none(desktop: Tab, portal: dict[str, str],
                                                                     code: str) -> None:
    t, folder = STRINGS[code], edition(code).folder
    home = desktop.open(folder)
    assert home.locator(".cg-crumbs").count() == 0
    for kind, url in portal.items():
        page = desktop.open(folder + url)
        crumbs = page.locator(f"{MAIN} nav.cg-crumbs")
        assert crumbs.count() == 1, f"{kind}: no breadcrumbs"
        assert crumbs.get_attribute("aria-label") == t["breadcrumb_label"]
        items = crumbs.locator("li")
        texts = [text.strip() for text in items.all_inner_texts()]
        assert texts[0] == t["nav_home"], (kind, texts)
        assert texts[-1] == page.locator(f"{MAIN} h1").inner_text().strip(), (kind, texts)
        last = items.nth(items.count() - 1)
        assert last.get_attribute("aria-current") == "page" and last.locator("a").count() == 0
        links = crumbs.locator("a")
        assert links.count() == items.count() - 1 >= 1
        hrefs = [page.evaluate("a => a.href", links.nth(i).element_handle()) for i in range(links.count())]
        assert hrefs[0] == desktop.base + folder
        section = SECTION_OF.get(kind) if kind != "tag" else None  # a tag's trail passes the tags' page
        if section:
            assert texts[1] == t[NAV_KEY[section]], (kind, texts)
            assert hrefs[1] == desktop.base + folder + section + "/"
        for href in hrefs:
            assert page.request.get(href).ok, href
    story = desktop.open(folder + portal["story"])
    texts = [text.strip() for text in story.locator(".cg-crumbs li").all_inner_texts()]
    assert len(texts) == 4 and portal["story"].split("/")[1] in texts[2], texts  # home › stories › year › story
    tag = desktop.open(folder + portal["tag"])
    texts = [text.strip() for text in tag.locator(".cg-crumbs li").all_inner_texts()]
    assert len(texts) == 3 and texts[1] == desktop.open(folder + "tags/").locator(f"{MAIN} h1").inner_text().strip()


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_current_sections_tab_is_highlighted_on_its_detail_pages(desktop: Tab, portal: dict[str, str],
                                                                      code: str) -> None:
    t, folder = STRINGS[code], edition(code).folder
    for kind, section in SECTION_OF.items():
        page = desktop.open(folder + portal[kind])
        active = page.locator(".md-tabs__item--active")
        assert active.count() == 1, kind
        link = active.locator("a")
        assert link.inner_text().strip() == t[NAV_KEY[section]], kind
        assert link.get_attribute("aria-current") == "true"
        styles = page.evaluate("""() => [...document.querySelectorAll('.md-tabs__link')].map(a =>
            getComputedStyle(a).textDecorationLine)""")
        assert sum("underline" in s for s in styles) == 1, (kind, styles)
    index = desktop.open(folder + "stories/")
    assert index.locator(".md-tabs__item--active a").get_attribute("aria-current") == "page"


@pytest.mark.parametrize("code", [e.code for e in EDITIONS])
def test_every_footer_names_the_site_in_the_editions_words(tab: Tab, portal: dict[str, str], code: str) -> None:
    t, folder = STRINGS[code], edition(code).folder
    identity = _identity()
    source = edition(code).source
    for url in ("", portal["story"], portal["honours"], "about/", "no-such-page/"):
        page = tab.open(folder + url, status=404 if url == "no-such-page/" else 200)
        footer = page.locator(".md-footer .cg-identity")
        assert footer.count() == 1, url
        text = footer.inner_text()
        for key in ("sponsor", "organiser", "contact"):
            value = identity[key]
            wanted = value.get(source) or value["zh"] if isinstance(value, dict) else value
            assert f"{t['identity_' + key]}{t['identity_separator']}{edition(code).convert(wanted)}" in text, key
        assert edition(code).convert(str(identity["site_code"])) in text and t["identity_site_code"] in text
        icp = footer.locator(".cg-identity__icp a")
        assert icp.inner_text().strip() == edition(code).convert(str(identity["icp"]))
        assert icp.get_attribute("href") == "https://beian.miit.gov.cn/"
        assert edition(code).convert(str(identity["public_security"])) in text
        badge = footer.locator("img.cg-identity__badge")
        badge.scroll_into_view_if_needed()
        tab.load_all_images()
        assert badge.get_attribute("alt") == t["identity_badge_alt"]
        assert badge.evaluate("i => i.complete && i.naturalWidth > 0 && new URL(i.src).host === location.host")
        assert footer.locator(".cg-identity__about a").inner_text().strip() == t["about_link"]
        assert page.locator(".md-footer__link--prev, .md-footer__link--next").count() == 0
    about = tab.open(folder + "about/")
    assert about.locator(f"{MAIN} h1").inner_text().strip() == t["about_title"]
    assert about.locator(f"{MAIN} h2#accessibility").inner_text().strip() == t["about_accessibility_title"]
    assert about.locator(f"{MAIN} .cg-accessibility p").count() == 4


def test_titles_are_not_doubled_and_no_column_is_empty(tab: Tab, portal: dict[str, str]) -> None:
    for code in ("zh", "en"):
        t, folder = STRINGS[code], edition(code).folder
        page = tab.open(folder)
        assert page.title() == t["site_name"]
        page = tab.open(folder + portal["story"])
        assert page.title() == f"{page.locator(f'{MAIN} h1').inner_text().strip()} - {t['site_name']}"
    for url in ("", portal["guide"], "stories/", portal["story"], "stats/"):
        page = tab.open(url)
        assert page.locator(".md-footer__inner").count() == 0  # no previous / next
        sidebar = page.locator(".md-sidebar--primary")
        if page.viewport_size["width"] >= 1220:
            assert not sidebar.is_visible()
            content = page.locator(".md-content").bounding_box()
            grid = page.locator(".md-main__inner").bounding_box()
            assert content and grid and content["x"] - grid["x"] < 40, url  # the content starts at the left
        else:
            assert page.locator(".md-header label[for=__drawer]").is_visible()  # the drawer still holds the sections


def test_the_title_is_bold_and_dark_in_a_system_cjk_font(tab: Tab, portal: dict[str, str]) -> None:
    for url in ("", portal["story"], portal["guide"], "zh-hant/" + portal["guide"], "en/"):
        page = tab.open(url)
        style = page.locator(f"{MAIN} h1").evaluate("""h => { const s = getComputedStyle(h);
            return {weight: +s.fontWeight, color: s.color, family: getComputedStyle(document.body).fontFamily}; }""")
        assert style["weight"] >= 700, url
        red, green, blue = (int(c) for c in re.findall(r"\d+", style["color"])[:3])
        assert max(red, green, blue) <= 0x80 and (red + green + blue) / 3 <= 0x40, style  # near black (or dark red)
        family = style["family"]
        assert "PingFang" in family and ("Microsoft YaHei" in family or "Microsoft JhengHei" in family), family
        fonts = page.evaluate("[...document.fonts].map(f => f.family)")
        assert fonts == [] or all("Material" not in f for f in fonts)


def test_the_home_banner_is_the_sites_own_illustration(tab: Tab) -> None:
    for folder in ("", "en/", "zh-hant/"):
        page = tab.open(folder)
        tab.load_all_images()
        banner = page.locator(f"{MAIN} .cg-banner img.cg-banner__image")
        assert banner.count() == 1
        assert banner.evaluate("i => i.complete && i.naturalWidth > 0 && new URL(i.src).host === location.host "
                               "&& new URL(i.src).pathname.endsWith('/assets/cg-banner.svg')")
        box = banner.bounding_box()
        assert box and box["width"] >= page.viewport_size["width"] * 0.7 and box["height"] >= 80
        assert box["y"] < page.viewport_size["height"] / 2  # at the top of the page
        assert page.locator(f"{MAIN} .cg-banner h1").count() == 1
    shot(page, f"{page.viewport_size['width']}-portal-home")


def test_portraits_are_at_least_96_px_wide_4_by_5_and_aligned(tab: Tab, portal: dict[str, str]) -> None:
    for url in ("", "workers/", portal["honours"], portal["story"], "en/workers/"):
        page = tab.open(url)
        tab.load_all_images()
        boxes = page.evaluate(f"""() => [...document.querySelectorAll('{MAIN} .cg-card--person')].map(card => {{
            const p = card.querySelector('.cg-portrait').getBoundingClientRect();
            const t = card.querySelector('.cg-card__title').getBoundingClientRect();
            const c = card.getBoundingClientRect();
            return {{w: p.width, h: p.height, name: t.left - c.left}}; }})""")
        assert boxes, url
        for box in boxes:
            assert box["w"] >= 96, (url, box)
            assert abs(box["w"] / box["h"] - 0.8) < 0.02, (url, box)
        assert len({round(box["w"]) for box in boxes}) == 1, (url, boxes)
        assert max(box["name"] for box in boxes) - min(box["name"] for box in boxes) <= 1, (url, boxes)
    page = tab.open(portal["profile"])
    large = page.locator(f"{MAIN} img.cg-portrait--large").bounding_box()
    assert large and large["width"] >= 160 and abs(large["width"] / large["height"] - 0.8) < 0.02


def test_a_storys_facts_keep_each_label_by_its_value_and_the_text_starts_on_the_first_screen(
        tab: Tab, portal: dict[str, str]) -> None:
    for folder in ("", "en/", "zh-hant/"):
        page = tab.open(folder + portal["story"])
        rows = page.evaluate(f"""() => [...document.querySelectorAll('{MAIN} .cg-facts .cg-facts__row')].map(r => {{
            const dt = r.querySelector('dt').getBoundingClientRect(), dd = r.querySelector('dd').getBoundingClientRect();
            return {{dt: dt.top, dd: dd.top, right: dt.right, ddLeft: dd.left}}; }})""")
        assert len(rows) == 5
        for row in rows:
            assert abs(row["dt"] - row["dd"]) <= 2 and row["ddLeft"] >= row["right"], rows
        text = page.locator(f"{MAIN} .cg-prose p").first.bounding_box()
        assert text is not None
        if page.viewport_size["width"] < 600:
            assert text["y"] + 24 < page.viewport_size["height"], f"{folder}: the text starts at {text['y']}px"
            height = page.locator(f"{MAIN} .cg-facts").bounding_box()
            assert height and height["height"] <= 5 * 30
    shot(page, f"{page.viewport_size['width']}-portal-story-hant")


def test_captions_are_upright_and_credits_in_the_readers_words(desktop: Tab, portal: dict[str, str]) -> None:
    page = desktop.open(portal["story"])
    captions = page.locator(f"{MAIN} .cg-photo figcaption")
    assert captions.count() >= 1
    for i in range(captions.count()):
        caption = captions.nth(i)
        assert caption.evaluate("c => getComputedStyle(c).fontStyle") == "normal"
        credit = caption.locator(".cg-credit").inner_text().strip()
        assert credit.startswith("摄影/供图：") and ":" not in credit
    page = desktop.open("en/" + portal["story"])
    credits = page.locator(f"{MAIN} .cg-photo .cg-credit").all_inner_texts()
    assert credits and all(c.startswith("Photo credit: ") for c in credits), credits
    assert not any(re.search(r"[\u4e00-\u9fff]", c) for c in credits), credits  # from the English fields
    assert page.locator(f"{MAIN} .cg-photo a").first.get_attribute("data-credit") == credits[0]


@pytest.mark.parametrize("folder", ["en/", "", "zh-hant/"])
def test_the_site_name_is_never_cut_in_the_header(tab: Tab, portal: dict[str, str], folder: str) -> None:
    """In the normal and the easy-reading mode: the whole name inside the header's title box and the screen."""
    for url in ("", portal["story"]):
        page = tab.open(folder + url)
        for mode in ("normal", "easy reading"):
            if mode == "easy reading":
                page.locator("[data-cg-elderly]").first.click()
                assert page.evaluate("document.documentElement.classList.contains('cg-elderly')")
            name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
            measured = name.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e);
                const text = r.getBoundingClientRect(), box = e.getBoundingClientRect(),
                      title = e.closest('.md-header__title').getBoundingClientRect();
                return {scroll: e.scrollWidth, client: e.clientWidth, textRight: text.right, textLeft: text.left,
                        boxRight: title.right, boxLeft: title.left, screen: document.documentElement.clientWidth,
                        text: e.textContent.trim()}; }""")
            assert measured["text"] == STRINGS[edition(folder.strip("/") or "zh").code]["site_name"]
            assert measured["scroll"] <= measured["client"] + 1, (mode, measured)
            assert measured["textRight"] <= min(measured["boxRight"], measured["screen"]) + 1, (mode, measured)
            assert measured["textLeft"] >= max(measured["boxLeft"], 0) - 1, (mode, measured)
            shot(page, f"{page.viewport_size['width']}-portal-header-{folder.strip('/') or 'zh'}-{mode.split()[0]}")
        page.locator("[data-cg-elderly]").first.click()  # back to the normal mode for the next page
        assert not page.evaluate("document.documentElement.classList.contains('cg-elderly')")


def test_lists_print_whole_and_every_printed_page_names_site_title_address_and_day(desktop: Tab,
                                                                                    portal: dict[str, str]) -> None:
    for url, site in ((portal["guide"], "社区守护者"), ("en/" + portal["guide"], "Community Guardians")):
        page = desktop.open(url)
        page.emulate_media(media="print")
        lists = page.evaluate(f"""() => {{
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
            document.body.appendChild(probe);
            const out = [...document.querySelectorAll('{MAIN} .cg-prose li')].map(li => {{
                const marker = getComputedStyle(li, '::marker');
                const style = getComputedStyle(li);
                let text = marker.content && marker.content !== 'normal' ? marker.content : style.listStyleType;
                text = text.replace(/counter\\(list-item\\)/, String(li.parentElement.children.length))
                           .replace(/["\\\\]/g, '').replace(/2610/, '\\u2610').replace(/00a0/g, '\\u00a0');
                probe.style.font = style.font;
                probe.textContent = text;
                return {{left: li.getBoundingClientRect().left, marker: probe.getBoundingClientRect().width,
                         text, page: document.querySelector('{MAIN}').getBoundingClientRect().left}};
            }});
            probe.remove();
            return out; }}""")
        assert lists, url
        for item in lists:
            assert "☐" in item["text"], item
            assert item["left"] - item["marker"] >= max(item["page"], 0) - 0.5, item  # the box is on the paper
        margins = page.evaluate("""() => {
            const sheet = document.getElementById('cg-print-margins').sheet;
            const rule = [...sheet.cssRules].find(r => r instanceof CSSPageRule);
            return Object.fromEntries([...rule.cssRules].map(m => [m.name, m.style.content])); }""")
        title = page.locator(f"{MAIN} h1").inner_text().strip()
        t = STRINGS["en" if url.startswith("en/") else "zh"]
        assert site in margins["top-left"] and title in margins["top-left"], margins
        assert t["print_address"] in margins["bottom-left"] and page.url in margins["bottom-left"], margins
        assert t["print_date"] in margins["top-right"] and date.today().isoformat() in margins["top-right"], margins
        assert "counter(page)" in margins["bottom-right"]
        assert not page.locator(".md-footer").is_visible() and not page.locator(".cg-crumbs").is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
        shot(page, f"print-portal-{'en' if url.startswith('en/') else 'zh'}")
