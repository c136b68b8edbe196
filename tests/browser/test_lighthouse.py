"""Lighthouse, mobile, on the home page, a story, a guide and a 公示 notice served with gzip: accessibility, best
practices and SEO at least 95; performance measured and written down, with the parts of it that do not depend on
the machine's load checked (text compressed, images sized, no layout shift).

The performance score is not asserted: Lighthouse slows the CPU four times over what it observes, so on a shared
machine (two cores, several builds at once) the same page scored 0.94 when the machine was half busy and 0.72 when
it was full (docs/performance.md). Every report is kept in test-artifacts/lighthouse/, the four categories of each
page in scores.json.

Lighthouse comes from npm (package.json, pinned by package-lock.json, installed by `make test` without install
scripts) and drives Debian's chromium through CHROME_PATH; it downloads nothing. Each run takes 15–50 s, so the
runs are marked `slow`; they still run in `make test`.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CHROMIUM

from browser.browsing import GzipHandler
from generator.config import PROJECT

LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = PROJECT / "test-artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 0.95
ASSERTED = ("accessibility", "best-practices", "seo")
KINDS = {"home": "home", "story": "story", "guide": "guide", "notice": "publicity"}
"""The pages measured, each as its key in the `pages` fixture."""


@pytest.fixture(scope="module")
def gzip_url(sample_site: Path) -> Iterator[str]:
    """The built sample site served on 127.0.0.1 with gzip, as a deployed server serves it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(sample_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_server_sends_text_gzipped(gzip_url: str) -> None:
    for path, compressed in (("", True), ("assets/cg.css", True), ("assets/favicon.svg", True)):
        request = urllib.request.Request(gzip_url + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert (response.headers.get("Content-Encoding") == "gzip") is compressed, path
    with urllib.request.urlopen(gzip_url) as response:  # a client that asks for no compression gets none
        assert response.headers.get("Content-Encoding") is None and b"<html" in response.read()


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_lighthouse_mobile_scores(gzip_url: str, pages: dict[str, str], kind: str) -> None:
    assert LIGHTHOUSE.is_file(), f"{LIGHTHOUSE} is missing: `make test` installs it (npm ci, package-lock.json)"
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{kind}.json"
    report.unlink(missing_ok=True)
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), gzip_url + pages[KINDS[kind]], "--quiet", "--output=json",
         f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}", "--no-enable-error-reporting",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0 and report.is_file(), result.stderr[-2000:]
    audits = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: audits["categories"][name]["score"] for name in CATEGORIES}
    failing = {name: audit.get("displayValue") or audit["title"] for name, audit in audits["audits"].items()
               if audit.get("score") is not None and audit["score"] < 0.9
               and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")}
    summary = REPORTS / "scores.json"
    known = json.loads(summary.read_text(encoding="utf-8")) if summary.is_file() else {}
    summary.write_text(json.dumps({**known, kind: scores}, indent=2, sort_keys=True), encoding="utf-8")
    assert all(scores[name] is not None and scores[name] >= MINIMUM for name in ASSERTED), (scores, failing)
    for audit in ("uses-text-compression", "unsized-images", "cumulative-layout-shift"):
        assert audits["audits"][audit]["score"] == 1, (audit, audits["audits"][audit].get("displayValue"))
