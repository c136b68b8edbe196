"""Search, round 2, in headless Chromium on the built sample site through the header box, in all three editions:
every public page found by its own title and first among the pages its title matches; excerpts from the text,
never a facts list's labels; result types named as the navigation names them; nothing for words, names and
numbers that are on no page; document numbers in both forms.

The fixtures (the sample site over HTTP, a tab that fails on a request to another host) are test_search.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from test_search import Requests, serve  # noqa: F401 - the fixture

from generator.editions import edition
from generator.mkdocs.staging import search_strings

HANT = edition("zh-hant")
HOMES = {"zh": "", "en": "en/", "zh-hant": "zh-hant/"}


@pytest.fixture(scope="module")
def base(sample_site: Path, serve: Callable[[Path], str]) -> str:  # noqa: F811 - the fixture
    return serve(sample_site)


@pytest.fixture
def tab(browser: Browser, base: str) -> Iterator[tuple[Page, Requests]]:
    """A tab on the sample site that fails the test on a request to another host or a script error."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    requests = Requests(page, base)
    yield page, requests
    assert not requests.foreign(), requests.foreign()
    assert not requests.errors, requests.errors
    context.close()


def answered(page: Page, query: str, filters: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The addresses and titles the box lists for `query`, in its order."""
    return page.evaluate("([q, f]) => window.cgSearch.answered(q, f)", [query, filters or {}])


def typed(page: Page, query: str) -> list[dict[str, str]]:
    """What a reader sees after typing `query` into the header box: each result's link, title, facts line and
    excerpt (the first ten), or [] when the box says it found nothing."""
    field = page.locator(".md-search__input")
    field.focus()
    page.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = '…'; }")
    field.fill(query)
    strings = page.evaluate("() => JSON.parse(document.getElementById('cg-search-strings').textContent)")
    page.wait_for_function("""(none) => {
        const meta = document.querySelector('.md-search-result__meta').textContent;
        const items = document.querySelectorAll('.md-search-result__item').length;
        return meta !== '…' && (meta === none || items > 0);
    }""", arg=strings["search_no_results"])
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map((li) => ({
        href: li.querySelector('a').getAttribute('href'),
        title: li.querySelector('h1').textContent,
        facts: li.querySelector('.cg-search__facts').textContent,
        excerpt: li.querySelector('.cg-search__facts').nextElementSibling.textContent,
    }))""")


def path_of(base: str, href: str) -> str:
    """A result's address below the site root."""
    return re.sub(r"^https?://[^/]+/", "", href) if href.startswith("http") else href.lstrip("./")


# --- every public page, title matches first -----------------------------------


TITLES = {
    "zh": [
        ("关于2023年度广东省城乡社区疫情防控先进典型拟表彰对象的公示", "awards/gd-model-workers-2023/notice/"),
        ("2023年度荣誉榜", "honors/2023/"),
        ("深圳市荣誉榜", "honors/cities/shenzhen/"),
        ("湛江市", "cities/zhanjiang/"),
        ("专业培训", "themes/training/"),
        ("关爱激励与典型宣传", "themes/care/"),
        ("社区志愿者上岗须知", "guides/zhiyuanzhe-shanggang-xuzhi/"),
        ("何燕萍", "workers/he-yanping/"),
    ],
    "en": [
        ("Public notice: candidates for 2023 Guangdong Exemplary Models", "en/awards/gd-model-workers-2023/notice/"),
        ("Honour roll 2023", "en/honors/2023/"),
        ("Honour roll: Shenzhen", "en/honors/cities/shenzhen/"),
        ("Zhanjiang", "en/cities/zhanjiang/"),
        ("Care for workers and exemplary models", "en/themes/care/"),
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en", "zh-hant"])
def test_every_public_page_is_found_by_its_title_first(tab: tuple[Page, Requests], base: str, lang: str) -> None:
    """Notices, honour rolls (all, by year, by city), award, city and theme pages: the page is the first result
    for its own title, typed into the header box."""
    page, _ = tab
    page.goto(base + HOMES[lang])
    cases = TITLES["en" if lang == "en" else "zh"]
    for query, url in cases:
        if lang == "zh-hant":
            query, url = HANT.convert(query), "zh-hant/" + url
        shown = typed(page, query)
        assert shown, query
        assert path_of(base, page.evaluate("h => new URL(h, document.baseURI).href", shown[0]["href"])) == url, (
            query, [s["href"] for s in shown])


@pytest.mark.parametrize("lang, query", [
    ("zh", "陈晓丽"), ("zh", "网格员"), ("zh", "荣誉榜"), ("zh", "深圳市"), ("zh", "公共卫生委员会"),
    ("zh", "2023年度广东省城乡社区疫情防控先进典型"), ("en", "Public health committees"),
    ("zh-hant", "陳曉麗"), ("zh-hant", "樓棟長"), ("zh-hant", "公示"),
    ("en", "Shenzhen"), ("en", "honour roll"), ("en", "volunteers"), ("en", "Chen Xiaoli"), ("en", "notice"),
])
def test_pages_whose_title_holds_the_query_come_first(tab: tuple[Page, Requests], base: str, lang: str,
                                                     query: str) -> None:
    page, _ = tab
    page.goto(base + HOMES[lang])
    titles = page.evaluate("q => window.cgSearch.titles(q)", query)
    words = [w.lower().rstrip("s") for w in query.split()]
    titled = [all(w in title.lower() for w in words) for title in titles]
    assert titled and titled[0], (query, titles)
    assert titled == sorted(titled, reverse=True), (query, titles)


@pytest.mark.parametrize("lang", ["zh", "en", "zh-hant"])
def test_result_types_are_named_as_in_the_navigation(tab: tuple[Page, Requests], base: str, lang: str,
                                                     sample_site: Path) -> None:
    page, _ = tab
    page.goto(base + HOMES[lang])
    t = edition(lang).strings()
    nav = {t(key) for key in ("nav_guides", "nav_policies", "nav_stories", "nav_workers", "nav_cities", "nav_awards",
                              "nav_honours")}
    shown = page.evaluate("() => [...document.querySelectorAll('nav a')].map((a) => a.textContent.trim())")
    assert nav <= set(shown), (nav, shown)  # the names the navigation shows
    names = search_strings(t)
    page.locator(".md-search__input").focus()
    page.wait_for_function("() => document.querySelector('select[data-cg-filter=type]').options.length > 1")
    options = page.locator('select[data-cg-filter="type"] option').all_inner_texts()[1:]
    assert set(options) <= nav, (options, nav)
    assert names["search_type_guide"] in options and names["search_type_honours"] in options
    query = {"zh": "楼栋长", "zh-hant": HANT.convert("楼栋长"), "en": "building heads"}[lang]
    facts = {r["facts"].split(" · ")[0] for r in typed(page, query)}
    assert t("nav_guides") in facts and facts <= set(options), facts


# --- excerpts from the text -------------------------------------------------------


@pytest.mark.parametrize("lang, query", [
    ("zh", "李明"), ("zh", "天河区民政局"), ("zh", "粤民函"), ("zh", "020-12345678"), ("zh", "网格员"),
    ("zh-hant", "李明"), ("zh-hant", "網格員"),
    ("en", "Tianhe"), ("en", "Yue Min Han"), ("en", "grid worker"),
])
def test_excerpts_come_from_the_text_never_a_facts_list(tab: tuple[Page, Requests], base: str, lang: str,
                                                       query: str) -> None:
    """李明 is a story's author and 粤民函 a document number: both are only in facts lists, whose values are searched;
    the excerpt then shows the page's text, not the list's labels."""
    page, _ = tab
    page.goto(base + HOMES[lang])
    t = edition(lang).strings()
    labels = [t(k) for k in ("label_date", "label_city", "label_author", "label_issuer", "label_number",
                             "label_addressees", "label_unit", "label_audience", "label_updated", "award_phone")]
    shown = typed(page, query)
    assert shown, query
    for result in shown:
        assert result["excerpt"].strip(), result
        found_labels = [label for label in labels if re.search(rf"(^|\s){re.escape(label)}(\s|$)", result["excerpt"])]
        assert not found_labels, (result, found_labels)


# --- nothing for what is not there ------------------------------------------------


def _text(sample_site: Path, url: str) -> str:
    return (sample_site / url / "index.html").read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("lang, query", [
    ("en", "crocodile"), ("en", "how to crocodile"), ("en", "submarine"), ("en", "Margaret Thornbury"),
    ("en", "Ipswich"), ("en", "grid crocodile"), ("en", "quokka volunteers"), ("en", "13912345678"),
    ("en", "1234567"), ("en", "2011"), ("en", "zzz"),
    ("zh", "13912345678"), ("zh", "电话13912345678"), ("zh", "1234567"), ("zh", "Margaret Thornbury"),
    ("zh", "crocodile"), ("zh", "鳄鱼"), ("zh", "44010619850312002X"),
    ("zh-hant", "13912345678"), ("zh-hant", "submarine"), ("zh-hant", "鱷魚"),
])
def test_absent_words_names_and_numbers_find_nothing(tab: tuple[Page, Requests], base: str, sample_site: Path,
                                                     lang: str, query: str) -> None:
    """Words on no page (after stemming), a name and a place that are nowhere published, an unpublished phone
    number and other digits that no page has: "nothing found", in the box as a reader sees it."""
    page, _ = tab
    page.goto(base + HOMES[lang])
    for word in re.findall(r"\w+", query.lower()):
        if word not in ("how", "to", "grid", "volunteers"):
            on = re.compile(rf"(?<![0-9a-z]){word}(?![0-9a-z])")
            assert not any(on.search(p.read_text(encoding="utf-8").lower()) for p in sample_site.rglob("*.html")
                           if "pagefind" not in p.parts), word
    assert typed(page, query) == [], query
    assert page.locator(".md-search-result__meta").inner_text() == search_strings(edition(lang).strings())[
        "search_no_results"]


@pytest.mark.parametrize("lang, query, expected", [
    ("zh", "020-12345678", "awards/gd-model-workers-2023/notice/"),
    ("zh", "12345678", "awards/gd-model-workers-2023/notice/"),
    ("en", "020-12345678", "en/awards/gd-model-workers-2023/notice/"),
    ("zh", "2023", "honors/2023/"),
    ("en", "2023", "en/honors/2023/"),
])
def test_numbers_find_the_pages_with_the_same_digits(tab: tuple[Page, Requests], base: str, sample_site: Path,
                                                     lang: str, query: str, expected: str) -> None:
    page, _ = tab
    page.goto(base + HOMES[lang])
    urls = answered(page, query)["urls"]
    assert expected in urls, urls
    for url in urls:
        assert query.split("-")[-1] in _text(sample_site, url), url


@pytest.mark.parametrize("query", ["grid volunteers", "building heads WeChat", "volunteers drills", "Chen Xiaoli"])
def test_several_english_words_find_pages_holding_all_of_them(tab: tuple[Page, Requests], base: str,
                                                              sample_site: Path, query: str) -> None:
    page, _ = tab
    page.goto(base + "en/")
    urls = answered(page, query)["urls"]
    assert urls, query
    stems = [w.lower().rstrip("s")[:6] for w in query.split()]
    for url in urls:
        text = _text(sample_site, url)
        assert all(stem in text for stem in stems), (url, stems)


# --- document numbers in both forms ----------------------------------------------------


@pytest.mark.parametrize("lang, query, expected", [
    ("en", "Yue Min Han [2022] No. 35", "en/policies/yuemin-han-2022-35/"),
    ("en", "yue min han 2022 35", "en/policies/yuemin-han-2022-35/"),
    ("en", "粤民函〔2022〕35号", "en/policies/yuemin-han-2022-35/"),
    ("en", "粤民函[2022]35号", "en/policies/yuemin-han-2022-35/"),
    ("en", "Yue Min Han [2026] No. 128", "en/policies/yuemin-han-2026-128/"),
    ("en", "粤民函〔2026〕128号", "en/policies/yuemin-han-2026-128/"),
    ("zh", "粤民函〔2022〕35号", "policies/yuemin-han-2022-35/"),
    ("zh", "粤民函〔2026〕128号", "policies/yuemin-han-2026-128/"),
    ("zh-hant", "粤民函〔2022〕35号", "zh-hant/policies/yuemin-han-2022-35/"),
    ("zh-hant", "粵民函〔2026〕128號", "zh-hant/policies/yuemin-han-2026-128/"),
])
def test_document_numbers_find_their_notice_in_either_form(tab: tuple[Page, Requests], base: str, lang: str,
                                                            query: str, expected: str) -> None:
    page, _ = tab
    page.goto(base + HOMES[lang])
    shown = [page.evaluate("h => new URL(h, document.baseURI).href", r["href"]) for r in typed(page, query)]
    assert any(url.endswith("/" + expected) for url in shown[:3]), (query, shown)  # an award may cite it too


def test_english_pages_show_document_numbers_in_english(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base + "en/policies/yuemin-han-2022-35/")
    facts = page.locator(".cg-facts").inner_text()
    assert "Yue Min Han [2022] No. 35" in facts and "粤民函" not in facts
    page.goto(base + "en/policies/")
    listed = page.locator("main").inner_text()
    assert "Yue Min Han [2026] No. 128" in listed and "〔" not in listed
    page.goto(base + "policies/yuemin-han-2022-35/")
    assert "粤民函〔2022〕35号" in page.locator(".cg-facts").inner_text()
