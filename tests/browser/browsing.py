"""What the browser tests share: Chromium's settings, the served site's handler, a checked tab, screenshots.

Every page a test opens goes through `Tab.open`, which fails the test on the
first request to any host other than the site itself, on any failed request
and on any script error.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request

from generator.config import PROJECT

MAIN = ".md-content__inner"
"""The page's own content (cards inside it are <article>s too)."""
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


PAGE_TYPES = ["home", "guide", "story", "profile", "honours", "award", "publicity", "untranslated", "english", "hant",
              "404"]
"""The page types every check runs on (addresses found by the `pages` fixture)."""


class Handler(SimpleHTTPRequestHandler):
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


class GzipHandler(Handler):
    """As `Handler`, with text (HTML, CSS, scripts, SVG, JSON, XML) sent gzip-compressed to a browser that accepts
    it, as a deployed server sends it; everything else as it is."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() \
                or not kind.startswith(self.COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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


def new_tab(context: BrowserContext, base: str) -> Tab:
    page = context.new_page()
    tab = Tab(page, base)
    own = urlsplit(base).netloc

    def watch(request: Request) -> None:
        """Note a request to another host (Chromium cannot reach one: `CHROMIUM_ARGS` resolve no other name).

        Watched, not intercepted: a route would hold up every request of every page for a round trip here."""
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own:
            tab.foreign.append(request.url)

    page.on("request", watch)
    page.on("requestfailed", lambda r: tab.failed.append(f"{r.url} ({r.failure})")
            if urlsplit(r.url).netloc == own and "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: tab.failed.append(f"{r.url} (HTTP {r.status})")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    page.on("pageerror", lambda err: tab.errors.append(str(err)))
    return tab


def first_page(site: Path, pattern: str, marker: str) -> str:
    """The address of the first page matching `pattern` whose HTML contains `marker`."""
    for path in sorted(site.glob(pattern)):
        if marker in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(site).as_posix() + "/"
    pytest.fail(f"the sample site has no page {pattern} containing {marker!r}")


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"), full_page=True)
