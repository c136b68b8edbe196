"""适老化 to 工业和信息化部《互联网网站适老化通用设计规范》, measured in Chromium (docs/accessibility.md).

Text scaled to 150 % three ways (the browser's zoom, its text size setting, the easy-reading mode on a
phone), line spacing, contrast computed from the computed colours over the real backgrounds, the large
cursor, target sizes, the single column, the keyboard, no pop-ups, and read-aloud with a stubbed
`speechSynthesis` that records what it is handed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import MAIN, PAGE_TYPES, VIEWPORTS, Tab, new_tab, shot

PHONE = VIEWPORTS["phone"]["viewport"]["width"]
EDITIONS = {"zh": "story", "en": "english", "hant": "hant"}
"""One story page per edition: the page types whose text differs by language."""

FITS = """() => {
    const root = document.documentElement, vw = root.clientWidth, problems = [];
    if (root.scrollWidth > vw) problems.push(`page is ${root.scrollWidth}px wide in ${vw}px`);
    const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a); if (/(auto|scroll)/.test(s.overflowX) && a !== root && a !== document.body) return true; }
        return false; };
    for (const el of document.querySelectorAll('body *')) {
        const s = getComputedStyle(el), box = el.getBoundingClientRect();
        if (!box.width || !box.height || s.visibility !== 'visible' || box.width <= 1) continue;
        if (el.closest('[hidden], .md-sidebar--primary, .md-search, .cg-visually-hidden, .cg-sr-only, .md-tabs, dialog, .md-dialog')) continue;
        if (el.closest('[data-md-component=header-topic]')) continue;  // the page's title, shown in the header on scrolling only
        if (box.right > vw + 1 && !scrolls(el)) problems.push(`${el.tagName}.${el.className} ends at ${Math.round(box.right)}px`);
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (own && /(hidden|clip)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
            problems.push(`text of ${el.tagName}.${el.className} is cut: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
    if (name && name.scrollWidth > name.clientWidth + 1) problems.push(`site name cut: ${name.scrollWidth}px in ${name.clientWidth}px`);
    const parts = [...document.querySelectorAll('.md-header__inner > *, .md-header__option, .md-header__title')]
        .filter(el => { const b = el.getBoundingClientRect(); return b.width > 1 && b.height > 1 && getComputedStyle(el).visibility === 'visible'
            && !el.closest('.md-search'); });
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
        if (parts[i].contains(parts[j]) || parts[j].contains(parts[i])) continue;
        const a = parts[i].getBoundingClientRect(), b = parts[j].getBoundingClientRect();
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) problems.push(`header: ${parts[i].className} overlaps ${parts[j].className}`);
    }
    return problems;
}"""
"""Everything that scaling can break: horizontal scroll, content past the right edge, cut text, the header."""

CONTRAST = """(minimum) => {
    const rgba = c => { const m = /^rgba?\\(([^)]+)\\)$/.exec(c); if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
    const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
    const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const background = el => { const layers = []; let opacity = 1;
        for (let a = el; a; a = a.parentElement) { const s = getComputedStyle(a);
            if (s.backgroundImage !== 'none' && !/gradient/.test(s.backgroundImage)) return null;
            layers.push(rgba(s.backgroundColor)); opacity *= parseFloat(s.opacity); }
        return {colour: layers.reverse().reduce((under, top) => top ? over(top, under) : under, [255, 255, 255, 1]), opacity}; };
    const found = [], seen = new Set();
    const check = (el, colour, what) => {
        const bg = background(el); if (!bg) return;
        const fg = rgba(colour); if (!fg) { found.push(`${what}: colour ${colour} not understood`); return; }
        if (bg.opacity === 0) return;  // not shown (a closed menu, an unfocused skip link)
        fg[3] *= bg.opacity;
        const r = ratio(over(fg, bg.colour), bg.colour);
        const key = `${what} ${r.toFixed(2)}`;
        if (r < minimum && !seen.has(key)) { seen.add(key); found.push(`${what}: ${r.toFixed(2)}:1 (${colour} on rgb(${bg.colour.slice(0, 3).map(Math.round)}))`); }
    };
    for (const el of document.querySelectorAll('body *')) {
        if (!['SVG', 'svg'].includes(el.tagName) && el.closest('svg')) continue;
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const s = getComputedStyle(el), box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || s.visibility !== 'visible' || el.closest('[hidden], .md-search__output, dialog, template')) continue;
        if (box.bottom < 0 || box.right < 0) continue;  // moved off the screen until focused
        check(el, s.color, `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\\s+/)[0] || ''} “${el.textContent.trim().slice(0, 20)}”`);
    }
    for (const input of document.querySelectorAll('input[placeholder]')) {
        const box = input.getBoundingClientRect();
        if (box.width > 1 && box.height > 1 && (innerWidth >= 960 || document.getElementById('__search').checked)) check(input, getComputedStyle(input, '::placeholder').color, `placeholder of ${input.className}`);
    }
    return found;
}"""
"""Text (and placeholders) whose contrast with what is really behind it is below `minimum`."""

SMALL_TARGETS = """() => {
    const found = [];
    for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, label[for]')) {
        const box = el.getBoundingClientRect(), s = getComputedStyle(el);
        if (box.width < 1 || box.height < 1 || s.visibility !== 'visible' || el.closest('.md-search__output, dialog, .cg-visually-hidden')) continue;
        if (el.closest('.md-search__form') && !document.getElementById('__search').checked) continue;  // the closed search box's icons
        if (el.classList.contains('md-skip') && box.top < 0) continue;
        const block = el.closest('p, li, dd, td, figcaption');
        const inline = s.display === 'inline' && block && block.textContent.trim().length > el.textContent.trim().length;
        const height = inline ? parseFloat(getComputedStyle(block).lineHeight) : box.height;
        if (height < 43.5 || (!inline && box.width < 43.5))
            found.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 16)}” ${Math.round(box.width)}×${Math.round(height)}`);
    }
    return found;
}"""
"""Links, buttons and fields smaller than 44 × 44 CSS px (a link inside running text: its line's height)."""

LINE_SPACING = f"""() => [...document.querySelectorAll('{MAIN} p, {MAIN} li')]
    .filter(el => el.getBoundingClientRect().height > 0)
    .map(el => {{ const s = getComputedStyle(el); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }})"""


def _easy(page: Page) -> None:
    """Switch the easy-reading mode on with the keyboard, as a reader without a mouse would."""
    page.locator("[data-cg-elderly]").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('cg-elderly')")


def _open(tab: Tab, pages: dict[str, str], kind: str) -> Page:
    return tab.open(pages[kind], status=404 if kind == "404" else 200)


@pytest.fixture
def zoomed(browser: Browser, site_url: str) -> Iterator[Tab]:
    """A phone 390 px wide zoomed to 150 %: the page is laid out in 260 CSS px at 1.5 × the pixel ratio."""
    scale = 1.5
    phone = VIEWPORTS["phone"]
    context = browser.new_context(viewport={"width": round(PHONE / scale), "height": round(844 / scale)},
                                  device_scale_factor=phone["device_scale_factor"] * scale, is_mobile=True,
                                  has_touch=True, locale="zh-CN", service_workers="block")
    yield new_tab(context, site_url)
    context.close()


@pytest.fixture
def large_text(browser: Browser, site_url: str) -> Iterator[Tab]:
    """A phone 390 px wide whose reader set the browser's text size to 150 % (24 px instead of 16 px)."""
    context = browser.new_context(**VIEWPORTS["phone"], locale="zh-CN", service_workers="block")
    tab = new_tab(context, site_url)
    cdp = context.new_cdp_session(tab.page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    yield tab
    context.close()


# --- text scaling to at least 150 % without loss of content or function ---------------------------------------

@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_zoomed_to_150_percent_loses_nothing(zoomed: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(zoomed, pages, kind)
    assert page.evaluate("document.documentElement.clientWidth") == round(PHONE / 1.5)
    assert page.evaluate(FITS) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_text_size_150_percent_loses_nothing(large_text: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(large_text, pages, kind)
    size = page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{MAIN} h1, {MAIN} p')).fontSize)")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 1.5 * 20
    assert size > 0
    assert page.evaluate(FITS) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_easy_reading_mode_on_a_phone_loses_nothing(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(tab, pages, kind)
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    _easy(page)
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 1.3 * normal
    assert page.evaluate(FITS) == []
    if kind in ("home", "story", "english", "hant"):
        shot(page, f"{page.viewport_size['width']}-{kind}-easy-reading")


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_easy_reading_text_zoomed_to_150_percent_still_fits(zoomed: Tab, pages: dict[str, str], edition: str) -> None:
    """The hardest case: the easy-reading mode's own larger text in a phone zoomed to 150 %."""
    page = _open(zoomed, pages, EDITIONS[edition])
    _easy(page)
    assert page.evaluate(FITS) == []
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert name.is_visible() and name.inner_text().strip() == page.evaluate("document.title.split(' - ').pop()")
    shot(page, f"260-{edition}-easy-reading-zoomed")


def test_fit_check_reports_a_wide_page_and_a_cut_name(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["story"])
    assert page.evaluate(FITS) == []
    page.evaluate("""() => {
        document.querySelector('.md-typeset p').style.width = '3000px';
        const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
        name.style.display = 'block'; name.style.width = '10px'; name.style.overflow = 'hidden';
    }""")
    found = page.evaluate(FITS)
    assert any(p.startswith("page is") for p in found) and any(p.startswith("site name cut") for p in found), found


# --- line spacing and contrast ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["story", "guide", "english", "hant"])
def test_body_text_line_spacing_is_at_least_1_3(desktop: Tab, pages: dict[str, str], kind: str) -> None:
    page = desktop.open(pages[kind])
    for mode in ("normal", "easy reading"):
        spacing = page.evaluate(LINE_SPACING)
        assert spacing and min(spacing) >= 1.3, f"{mode}: line spacing {min(spacing):.2f}"
        if mode == "normal":
            _easy(page)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_all_text_has_contrast_4_5_to_1(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(tab, pages, kind)
    assert page.evaluate(CONTRAST, 4.5) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_all_text_has_contrast_7_to_1_in_easy_reading_mode(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(tab, pages, kind)
    _easy(page)
    assert page.evaluate(CONTRAST, 7) == []


def test_contrast_check_reports_pale_text(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["story"])
    page.evaluate("document.querySelector('.md-typeset p').style.color = '#999'")
    found = page.evaluate(CONTRAST, 4.5)
    assert len(found) == 1 and "2.85:1" in found[0], found


# --- the large cursor, targets, one column -------------------------------------------------------------------

def test_easy_reading_mode_has_a_large_cursor_from_the_site(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.open(pages["story"])
    assert "url(" not in page.evaluate(f"getComputedStyle(document.querySelector('{MAIN} p')).cursor")
    _easy(page)
    cursors = page.evaluate(f"""() => [document.querySelector('{MAIN} p'), document.querySelector('{MAIN} a[href]'),
        document.querySelector('[data-cg-elderly]')].map(el => getComputedStyle(el).cursor)""")
    urls = [re.search(r'url\("([^"]+)"\)', c) for c in cursors]
    assert all(urls), cursors
    for match in urls:
        assert match is not None and match[1].startswith(desktop.base)  # from the site itself
        response = page.request.get(match[1])
        assert response.ok and response.headers["content-type"].startswith("image/svg")
        size = re.search(rb'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', response.body())
        assert size and int(size[1]) >= 48 and int(size[2]) >= 48  # twice the usual 24 px or more
    assert urls[0] and urls[1] and urls[0][1] != urls[1][1]  # an arrow over text, a hand over links


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_easy_reading_targets_are_at_least_44_px(tab: Tab, pages: dict[str, str], kind: str) -> None:
    page = _open(tab, pages, kind)
    _easy(page)
    assert page.evaluate(SMALL_TARGETS) == []


@pytest.mark.parametrize("kind", ["home", "story", "guide", "honours"])
def test_easy_reading_is_a_single_column(desktop: Tab, pages: dict[str, str], kind: str) -> None:
    page = desktop.open(pages[kind])
    _easy(page)
    columns = page.evaluate(f"""() => {{
        const main = document.querySelector('{MAIN}').getBoundingClientRect();
        const beside = [...document.querySelectorAll('.md-sidebar')].filter(s => {{
            const b = s.getBoundingClientRect(); return b.width > 1 && b.height > 1 && getComputedStyle(s).display !== 'none'; }});
        const lefts = new Set([...document.querySelectorAll('{MAIN} .cg-cards > *, {MAIN} .cg-gallery > *')]
            .map(el => Math.round(el.getBoundingClientRect().left)));
        return {{beside: beside.length, lefts: lefts.size, share: main.width / document.documentElement.clientWidth}};
    }}""")
    assert columns["beside"] == 0 and columns["lefts"] <= 1, columns
    assert columns["share"] >= 0.6, columns


# --- keyboard, no pop-ups ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["story", "home"])
def test_easy_reading_mode_works_by_keyboard_with_no_trap(desktop: Tab, pages: dict[str, str], kind: str) -> None:
    page = desktop.open(pages[kind])
    popups: list[str] = []
    page.on("dialog", lambda d: popups.append(d.message))
    page.on("popup", lambda p: popups.append(p.url))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#cg-main"
    seen: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        here = page.evaluate("""() => { const el = document.activeElement;
            return el === document.body ? 'BODY' : el.tagName + (el.dataset.cgElderly !== undefined ? ':elderly' : '')
                + ':' + (el.getAttribute('href') || el.textContent.trim().slice(0, 20)); }""")
        if ":elderly:" in here and page.get_attribute("[data-cg-elderly]", "aria-pressed") == "false":
            page.keyboard.press("Enter")
            assert page.get_attribute("[data-cg-elderly]", "aria-pressed") == "true"
        if here == "BODY" or (seen and here == seen[0]):
            break
        seen.append(here)
    else:
        pytest.fail(f"Tab never left the page after {len(seen)} stops: a keyboard trap? {seen[-5:]}")
    assert page.evaluate("document.documentElement.classList.contains('cg-elderly')")
    assert len(seen) >= 10 and popups == []
    page = desktop.open(pages["guide"])
    assert page.get_attribute("[data-cg-elderly]", "aria-pressed") == "true"  # remembered on the next page
    assert popups == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_pop_ups(tab: Tab, pages: dict[str, str], kind: str) -> None:
    """No alert, no new window, no dialog or large fixed layer that opens by itself, nothing that plays or moves."""
    page = tab.page
    popups: list[str] = []
    page.on("dialog", lambda d: popups.append(f"{d.type}: {d.message}"))
    page.on("popup", lambda p: popups.append(p.url))
    for mode in ("normal", "easy reading"):
        page = _open(tab, pages, kind)
        if mode == "easy reading":
            _easy(page)
        page.wait_for_timeout(300)
        layers = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
            const s = getComputedStyle(el), b = el.getBoundingClientRect();
            return (el.matches('dialog[open], [role=dialog][aria-modal=true], [role=alertdialog]') ||
                    (s.position === 'fixed' && b.width * b.height > innerWidth * innerHeight / 4)) &&
                   b.width > 1 && b.height > 1 && s.visibility === 'visible' && s.display !== 'none' && s.opacity !== '0';
        }).map(el => el.tagName + '.' + el.className)""")
        assert layers == [] and popups == [], (mode, layers, popups)
        moving = page.evaluate("""() => [...document.querySelectorAll(
            'video[autoplay], audio[autoplay], marquee, blink, meta[http-equiv=refresh i], iframe, embed, object')]
            .map(el => el.tagName)""")
        assert moving == [], moving  # nothing that plays, moves, reloads or embeds another site by itself


# --- read-aloud ----------------------------------------------------------------------------------------------

SPEECH_STUB = """(voices) => {
    const spoken = []; window.__spoken = spoken; window.__synth = [];
    const listeners = [];
    let list = [];
    const synth = {
        speaking: false, paused: false,
        getVoices: () => list,
        speak: (u) => { spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang}); synth.speaking = true; },
        cancel: () => { window.__synth.push('cancel'); synth.speaking = false; },
        pause: () => { window.__synth.push('pause'); synth.paused = true; },
        resume: () => { window.__synth.push('resume'); synth.paused = false; },
        addEventListener: (type, fn) => { if (type === 'voiceschanged') listeners.push(fn); },
        removeEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
    window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
    window.__voices = (langs) => { list = (Array.isArray(langs) ? langs : []).map(lang => ({lang, name: lang, localService: true})); listeners.forEach(fn => fn(new Event('voiceschanged'))); };
    if (voices !== null) setTimeout(() => window.__voices(voices), 50);  // voices arrive late, as in Chrome
}"""
"""A `speechSynthesis` that records every utterance; `voices` (a list of languages) arrive after load, or never."""


def _speech(desktop: Tab, voices: list[str] | None) -> Page:
    page = desktop.page
    page.add_init_script(f"({SPEECH_STUB})({'null' if voices is None else voices!r})")
    return page


@pytest.mark.parametrize(("edition", "voices", "lang", "voice"), [
    ("zh", ["en-US", "zh-TW", "zh-CN"], "zh-CN", "zh-CN"),
    ("en", ["zh-CN", "en-GB"], "en-GB", "en-GB"),
    ("hant", ["zh-CN", "zh-TW", "zh-HK"], "zh-HK", "zh-HK"),
    ("hant", ["en-US", "zh_TW"], "zh-TW", "zh_TW"),
])
def test_read_aloud_speaks_the_title_and_text_in_the_pages_language(
        desktop: Tab, pages: dict[str, str], edition: str, voices: list[str], lang: str, voice: str) -> None:
    page = _speech(desktop, voices)
    desktop.open(pages[EDITIONS[edition]])
    button = page.locator("[data-cg-read]")
    button.wait_for(state="visible")
    assert page.evaluate(f"document.querySelector('{MAIN} h1').nextElementSibling.matches('.cg-readaloud')")
    expected = page.evaluate(f"""() => ({{title: document.querySelector('{MAIN} h1').innerText.trim(),
        first: [...document.querySelectorAll('{MAIN} p')].find(p => p.innerText.trim().length > 30).innerText.trim(),
        footer: (document.querySelector('.md-copyright') || document.querySelector('.md-footer')).innerText.trim()}})""")
    button.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    text = "".join(u["text"] for u in spoken)
    assert {u["lang"] for u in spoken} == {lang} and {u["voice"] for u in spoken} == {voice}
    assert spoken[0]["text"].startswith(expected["title"])
    assert re.sub(r"\s+", "", expected["first"][:30]) in re.sub(r"\s+", "", text)
    assert expected["footer"][:12] not in text and page.locator("[data-cg-read-stop]").is_visible()
    assert all(len(u["text"]) <= 200 for u in spoken)
    assert button.get_attribute("aria-pressed") == "true"

    page.keyboard.press("Enter")  # pause
    assert page.evaluate("window.__synth").count("pause") == 1 and button.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Enter")  # resume
    assert page.evaluate("window.__synth").count("resume") == 1
    page.locator("[data-cg-read-stop]").click()
    assert page.evaluate("window.__synth")[-1] == "cancel"
    assert not page.locator("[data-cg-read-stop]").is_visible()
    assert page.evaluate("document.activeElement.matches('[data-cg-read]')")
    shot(page, f"1280-{edition}-read-aloud")


@pytest.mark.parametrize(("edition", "voices"), [
    ("zh", []), ("zh", ["en-US"]), ("en", ["zh-CN", "zh-HK"]), ("hant", ["zh-CN", "en-US"]), ("zh", None),
])
def test_read_aloud_is_hidden_without_a_voice_for_the_language(
        desktop: Tab, pages: dict[str, str], edition: str, voices: list[str] | None) -> None:
    page = _speech(desktop, voices)
    desktop.open(pages[EDITIONS[edition]])
    page.wait_for_timeout(300)
    assert page.locator("[data-cg-read]").count() == 0


def test_read_aloud_is_hidden_without_speech_synthesis(desktop: Tab, pages: dict[str, str]) -> None:
    page = desktop.page
    page.add_init_script("delete window.speechSynthesis; delete Window.prototype.speechSynthesis;")
    desktop.open(pages["story"])
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.speechSynthesis") == "undefined"
    assert page.locator("[data-cg-read]").count() == 0


def test_read_aloud_control_is_large_and_clean_in_easy_reading_mode(tab: Tab, pages: dict[str, str]) -> None:
    page = tab.page
    page.add_init_script(f"({SPEECH_STUB})(['zh-CN'])")
    tab.open(pages["story"])
    page.locator("[data-cg-read]").wait_for(state="visible")
    _easy(page)
    assert page.evaluate(SMALL_TARGETS) == [] and page.evaluate(CONTRAST, 7) == [] and page.evaluate(FITS) == []
