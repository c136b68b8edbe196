"""A real browser on the built sample site: the site served on 127.0.0.1, Debian's chromium driven by Playwright.

Every page a test opens goes through `visit`, which fails the test on the
first request to any host other than the site itself, on any failed request
and on any script error.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, sync_playwright

from generator.config import PROJECT

MAIN = ".md-content__inner"
"""The page's own content (cards inside it are <article>s too)."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT / "test-artifacts" / "browser"
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
LANG_ROOTS = ("en/", "zh-hant/")
"""Language folders below the site root; each has its own 404 page."""


class _Handler(SimpleHTTPRequestHandler):
    """Static files, quietly; a missing page gets its language's 404 page, as the deployed server does."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        root = Path(self.directory)
        folder = next((f for f in LANG_ROOTS if self.path.lstrip("/").startswith(f)), "")
        body = (root / folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The built sample site served over HTTP on 127.0.0.1; its base address ends with `/`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(sample_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """One browser tab on the site, with everything that went wrong while it was open."""

    page: Page
    base: str
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, *, status: int = 200) -> Page:
        """Open `path` (below the site root) and check that it loaded cleanly."""
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
        self.check()
        return self.page

    def check(self) -> None:
        assert not self.foreign, f"request to another host: {self.foreign[0]}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"script errors: {self.errors}"

    def load_all_images(self) -> None:
        """Make lazy images load now, and wait until every image has been decoded."""
        self.page.evaluate("""async () => {
            const images = [...document.images];
            images.forEach(img => { img.loading = 'eager'; });
            await Promise.all(images.map(img => img.decode().catch(() => null)));
        }""")
        self.check()


def _tab(context: BrowserContext, base: str) -> Tab:
    page = context.new_page()
    tab = Tab(page, base)
    own = urlsplit(base).netloc

    def guard(route: Route, request: Request) -> None:
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own:
            tab.foreign.append(request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("requestfailed", lambda r: tab.failed.append(f"{r.url} ({r.failure})")
            if urlsplit(r.url).netloc == own and "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: tab.failed.append(f"{r.url} (HTTP {r.status})")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    page.on("pageerror", lambda err: tab.errors.append(str(err)))
    return tab


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Tab]:
    """A fresh tab, once at the phone viewport and once on the desktop."""
    context = browser.new_context(**VIEWPORTS[request.param], locale="zh-CN", service_workers="block")
    yield _tab(context, site_url)
    context.close()


@pytest.fixture
def desktop(browser: Browser, site_url: str) -> Iterator[Tab]:
    """A fresh tab on the desktop only, for checks the viewport does not change."""
    context = browser.new_context(**VIEWPORTS["desktop"], locale="zh-CN", service_workers="block")
    yield _tab(context, site_url)
    context.close()


def _first(site: Path, pattern: str, marker: str) -> str:
    """The address of the first page matching `pattern` whose HTML contains `marker`."""
    for path in sorted(site.glob(pattern)):
        if marker in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(site).as_posix() + "/"
    pytest.fail(f"the sample site has no page {pattern} containing {marker!r}")


@pytest.fixture(scope="session")
def pages(sample_site: Path) -> dict[str, str]:
    """One address per page type, found in the built sample site."""
    return {
        "home": "",
        "guide": _first(sample_site, "guides/*/index.html", "<picture"),
        "story": _first(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "profile": _first(sample_site, "workers/*/index.html", "cg-portrait--large"),
        "honours": _first(sample_site, "honors/*/index.html", 'class="cg-card'),
        "award": _first(sample_site, "awards/*/index.html", "cg-badge--awarded"),
        "publicity": _first(sample_site, "awards/*/index.html", "cg-badge--publicity") + "notice/",
        "untranslated": _first(sample_site, "en/**/index.html", "cg-untranslated"),
        "english": "en/" + _first(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "hant": "zh-hant/" + _first(sample_site, "stories/*/*/index.html", 'class="cg-gallery"'),
        "404": "no-such-page/",
    }


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"), full_page=True)
