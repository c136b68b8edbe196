"""A screenshot of every page type at 390×844 and 1280×800, in test-artifacts/browser/pages/, for a reader's eye.

The page types of `PAGE_TYPES` are shot by `test_pages.py::test_page_type_renders` (test-artifacts/browser/);
this file shoots the others that docs/architecture.md lists (indexes, a policy, a city, a theme, a tag, the
statistics, the about and contribute pages) and checks that every shot was written at the viewport's width.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from browser.browsing import ARTIFACTS, MAIN, VIEWPORTS, Tab, first_page

FOLDER = ARTIFACTS / "pages"


@pytest.fixture(scope="module")
def other_pages(sample_site: Path) -> dict[str, str]:
    """One address of every page type that `PAGE_TYPES` does not name."""
    return {
        "guides": "guides/",
        "theme": first_page(sample_site, "themes/*/index.html", "<h1"),
        "policies": "policies/",
        "policy": first_page(sample_site, "policies/*/index.html", "<h1"),
        "stories": "stories/",
        "year": first_page(sample_site, "stories/[0-9]*/index.html", "<h1"),
        "workers": "workers/",
        "cities": "cities/",
        "city": first_page(sample_site, "cities/*/index.html", "<h1"),
        "awards": "awards/",
        "honors": "honors/",
        "stats": "stats/",
        "contribute": "contribute/",
        "about": "about/",
        "tags": "tags/",
        "tag": first_page(sample_site, "tags/*/index.html", "<h1"),
    }


def _png_width(path: Path) -> int:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int(struct.unpack(">I", data[16:20])[0])


def test_every_page_type_is_shot_at_both_sizes(tab: Tab, other_pages: dict[str, str]) -> None:
    written = []
    for kind, url in other_pages.items():
        page = tab.open(url)
        assert page.locator(f"{MAIN} h1").count() == 1, kind
        tab.load_all_images()
        width, scale = page.evaluate("[innerWidth, devicePixelRatio]")
        assert width in (v["viewport"]["width"] for v in VIEWPORTS.values())  # type: ignore[index]
        FOLDER.mkdir(parents=True, exist_ok=True)
        path = FOLDER / f"{width}-{kind}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path), full_page=True)
        written.append((path, round(width * scale)))
    assert len(written) == len(other_pages)
    for path, pixels in written:
        assert _png_width(path) == pixels, path
