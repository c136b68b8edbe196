"""Sitemap with language alternates and Atom feeds: written from the rendered pages when site_url is set."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from conftest import settings_for

from generator.build import build
from generator.config import PROJECT
from generator.editions import EDITIONS
from generator.site.feeds import ATOM_NS, SITEMAP_NS, XHTML_NS, sitemap, write_feeds
from generator.site.pages import Page

BASE = "https://guardians.example.org/"


def test_sitemap_lists_every_language_version_of_each_page() -> None:
    pages = {e.code: [Page("", "t", "b"), Page("guides/a/", "t", "b")] for e in EDITIONS}
    root = ET.fromstring(sitemap(BASE, EDITIONS, pages))
    urls = root.findall(f"{{{SITEMAP_NS}}}url")
    assert [u.findtext(f"{{{SITEMAP_NS}}}loc") for u in urls] == [
        BASE, BASE + "guides/a/", BASE + "en/", BASE + "en/guides/a/", BASE + "zh-hant/", BASE + "zh-hant/guides/a/"]
    alternates = {(link.get("hreflang"), link.get("href")) for link in urls[3].findall(f"{{{XHTML_NS}}}link")}
    assert alternates == {("zh-Hans", BASE + "guides/a/"), ("en", BASE + "en/guides/a/"),
                          ("zh-Hant", BASE + "zh-hant/guides/a/"), ("x-default", BASE + "guides/a/")}


def test_build_writes_sitemap_feeds_and_absolute_share_images(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {PROJECT / 'mkdocs.yml'}\nsite_url: {BASE}\n", encoding="utf-8")
    site = build(settings_for(root, mkdocs_yml=config)).out
    assert site is not None

    urls = ET.parse(site / "sitemap.xml").getroot().findall(f"{{{SITEMAP_NS}}}url")
    story = next(u for u in urls if u.findtext(f"{{{SITEMAP_NS}}}loc") == BASE + "en/stories/2022/grid-night/")
    assert {link.get("hreflang") for link in story.findall(f"{{{XHTML_NS}}}link")} == {
        "zh-Hans", "en", "zh-Hant", "x-default"}

    titles = {}
    for folder in ("", "en/", "zh-hant/"):
        feed = ET.parse(site / folder / "feed.xml").getroot()
        assert feed.findtext(f"{{{ATOM_NS}}}id") == BASE + folder + "feed.xml"
        entry = feed.find(f"{{{ATOM_NS}}}entry")
        assert entry is not None
        assert entry.findtext(f"{{{ATOM_NS}}}id") == BASE + folder + "stories/2022/grid-night/"
        assert entry.findtext(f"{{{ATOM_NS}}}updated") == "2022-04-12T00:00:00+08:00"
        titles[folder] = entry.findtext(f"{{{ATOM_NS}}}title")
    assert titles == {"": "凌晨三点的网格", "en/": "The grid at 3 a.m.", "zh-hant/": "凌晨三點的網格"}

    page = (site / "en/stories/2022/grid-night/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{BASE}en/stories/2022/grid-night/">' in page
    assert f'<meta property="og:image" content="{BASE}media/' in page
    assert 'type="application/atom+xml" href="../../../feed.xml"' in page
    for written in ("sitemap.xml", "feed.xml", "en/feed.xml", "zh-hant/feed.xml"):
        text = (site / written).read_text(encoding="utf-8")
        assert "13912345678" not in text and "内部复核" not in text and "內部複核" not in text


def test_without_site_url_there_is_no_feed(tree: Callable[..., Path], tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {PROJECT / 'mkdocs.yml'}\nsite_url: ''\n", encoding="utf-8")
    site = build(settings_for(tree(), mkdocs_yml=config)).out
    assert site is not None
    assert not (site / "feed.xml").exists()
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_sample_site_has_its_feeds(sample_site: Path) -> None:
    for folder in ("", "en/", "zh-hant/"):
        assert (sample_site / folder / "feed.xml").is_file()
    assert "hreflang=\"en\"" in (sample_site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_kept_sitemap_is_taken_only_for_the_same_addresses(tmp_path: Path) -> None:
    kept, out = tmp_path / "work" / "sitemap.pickle", tmp_path / "site"
    pages = {e.code: [Page("", "t", "b"), Page("guides/a/", "t", "b")] for e in EDITIONS}
    for e in EDITIONS:
        (out / e.folder).mkdir(parents=True, exist_ok=True)

    def written(**changed: list[Page]) -> bytes:
        write_feeds(out, BASE, EDITIONS, pages | changed, [], kept=kept)
        data = (out / "sitemap.xml").read_bytes()
        assert gzip.decompress((out / "sitemap.xml.gz").read_bytes()) == data
        assert data == sitemap(BASE, EDITIONS, pages | changed)  # what a build without the record writes
        return data

    first = written()
    assert kept.is_file() and written() == first
    retitled = [Page("", "another title", "another body"), Page("guides/a/", "t", "b")]
    assert written(zh=retitled) == first  # a sitemap holds addresses only
    assert b"guides/b/" in written(en=[*pages["en"], Page("guides/b/", "t", "b")])
    assert b"guides/b/" not in written()
    kept.write_bytes(kept.read_bytes()[:100])  # cut short: made again
    assert written() == first
    write_feeds(out, BASE.replace("example.org", "example.net"), EDITIONS, pages, [], kept=kept)
    assert b"example.net" in (out / "sitemap.xml").read_bytes()
