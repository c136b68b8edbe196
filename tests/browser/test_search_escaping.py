"""The header search box shows what it finds as text: markup in a page's title, summary or text stays text."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from conftest import STORY, STORY_EN, base_tree, settings_for, write_tree
from playwright.sync_api import Browser, Page, Route, expect

from browser.browsing import VIEWPORTS, Handler, Tab, new_tab

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "onerror="]
"""Written as text in the story: the results must show each as these characters."""

STORY_EN_HOSTILE = (
    STORY_EN.replace("title: The grid at 3 a.m.", "title: Zebrawatch <img src=x onerror=alert(2)>")
    .replace("summary: A grid worker's night.", "summary: Zebrawatch <script>alert(3)</script> summary")
    .replace("That night the grid worker knocked on every door.",
             "That night: <script>alert(1)</script> then <img src=x onerror=alert(1)> and onerror= on quokkapatrol."))
STORY_HOSTILE = STORY.replace("那天夜里，网格员逐户敲门。",
                              "斑马巡逻那天夜里<script>alert(1)</script>，<img src=x onerror=alert(1)>，onerror=。")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose story holds markup as text in its title, summary and body, served on 127.0.0.1."""
    from generator.build import build

    root = write_tree(tmp_path_factory.mktemp("hostile-search") / "root", base_tree() | {
        "stories/2022/grid-night/index.zh.md": STORY_HOSTILE, "stories/2022/grid-night/index.en.md": STORY_EN_HOSTILE})
    build(settings_for(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile_tab(browser: Browser, site: str) -> Iterator[tuple[Tab, list[str]]]:
    """A tab on that site, with every dialog any script opened."""
    context = browser.new_context(**VIEWPORTS["desktop"], locale="zh-CN", service_workers="block")
    tab = new_tab(context, site)
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab, dialogs
    context.close()


def _search(page: Page, query: str) -> str:
    """Type `query` into the header box and return the text of the results once they are shown."""
    page.keyboard.press("/")
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__list").inner_text()


def _nothing_injected(tab: Tab, dialogs: list[str]) -> None:
    """No element came from a page's text, no script ran (no dialog), the tab saw no error."""
    page = tab.page
    results = page.locator(".md-search-result__list")
    assert results.locator("script, img, iframe, [onerror]").count() == 0
    assert page.locator("[onerror]").count() == 0
    assert page.evaluate("() => [...document.querySelectorAll('.md-search-result__list *')]"
                         ".every(el => ['LI', 'A', 'ARTICLE', 'H1', 'P', 'MARK'].includes(el.tagName))")
    page.wait_for_timeout(300)
    assert dialogs == []
    tab.check()


@pytest.mark.parametrize(("home", "query", "expected"), [
    ("en/", "quokkapatrol", HOSTILE), ("", "斑马巡逻", HOSTILE), ("en/", "onerror", ["<img src=x onerror=alert(2)>"])],
    ids=["pagefind-excerpt", "chinese-excerpt", "the-word-itself"])
def test_markup_in_a_page_is_text_in_the_results(hostile_tab: tuple[Tab, list[str]], home: str, query: str,
                                                 expected: list[str]) -> None:
    tab, dialogs = hostile_tab
    page = tab.open(home)
    shown = _search(page, query)
    for text in expected:
        assert text in shown, (text, shown)
    assert page.locator(".md-search-result__list mark").count() > 0
    _nothing_injected(tab, dialogs)


def test_titles_and_summaries_are_text_too(hostile_tab: tuple[Tab, list[str]]) -> None:
    """The title in every result, and the summary shown when only a filter is chosen."""
    tab, dialogs = hostile_tab
    page = tab.open("en/")
    assert "Zebrawatch <img src=x onerror=alert(2)>" in _search(page, "zebrawatch")
    page.locator(".md-search__input").fill("")
    page.locator(".cg-search__filters").evaluate("el => { el.open = true; }")
    page.locator('select[data-cg-filter="type"]').select_option("story")
    # the results of the search above may still be shown, or cleared, when the filter's come: wait for the summary
    expect(page.locator(".md-search-result__list")).to_contain_text("Zebrawatch <script>alert(3)</script> summary")
    _nothing_injected(tab, dialogs)


def test_the_box_does_not_rely_on_pagefind_escaping_its_excerpts(hostile_tab: tuple[Tab, list[str]]) -> None:
    """With a Pagefind that left `<` and `>` as they are in its excerpts, the results are still text."""
    tab, dialogs = hostile_tab
    escaping = '.replace(/</g,"&lt;").replace(/>/g,"&gt;")'
    changed: dict[str, bool] = {}

    def unescaping(route: Route) -> None:
        script = route.fetch().text()
        changed[route.request.url.rsplit("/", 1)[1]] = escaping in script
        route.fulfill(body=script.replace(escaping, ""), content_type="text/javascript")

    tab.page.route(re.compile(r"/pagefind/pagefind(-worker)?\.js$"), unescaping)
    page = tab.open("en/")
    shown = _search(page, "quokkapatrol")
    assert changed and all(changed.values()), changed
    for text in HOSTILE:
        assert text in shown, (text, shown)
    _nothing_injected(tab, dialogs)
