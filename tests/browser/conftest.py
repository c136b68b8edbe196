"""A real browser on the built sample site: the site served on 127.0.0.1, Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser.browsing import VIEWPORTS, Handler, Tab, first_page, new_tab


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The built sample site served over HTTP on 127.0.0.1; its base address ends with `/`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(sample_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Tab]:
    """A fresh tab, once at the phone viewport and once on the desktop."""
    context = browser.new_context(**VIEWPORTS[request.param], locale="zh-CN", service_workers="block")
    yield new_tab(context, site_url)
    context.close()


@pytest.fixture
def desktop(browser: Browser, site_url: str) -> Iterator[Tab]:
    """A fresh tab on the desktop only, for checks the viewport does not change."""
    context = browser.new_context(**VIEWPORTS["desktop"], locale="zh-CN", service_workers="block")
    yield new_tab(context, site_url)
    context.close()


@pytest.fixture(scope="session")
def pages(sample_site: Path) -> dict[str, str]:
    """One address per page type, found in the built sample site."""
    return {
        "home": "",
        "guide": first_page(sample_site, "guides/*/index.html", "<picture"),
        "story": first_page(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "profile": first_page(sample_site, "workers/*/index.html", "cg-portrait--large"),
        "honours": first_page(sample_site, "honors/*/index.html", 'class="cg-card'),
        "award": first_page(sample_site, "awards/*/index.html", "cg-badge--awarded"),
        "publicity": first_page(sample_site, "awards/*/index.html", "cg-badge--publicity") + "notice/",
        "untranslated": first_page(sample_site, "en/**/index.html", "cg-untranslated"),
        "english": "en/" + first_page(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "hant": "zh-hant/" + first_page(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "404": "no-such-page/",
    }
