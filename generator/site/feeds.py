"""What other programs read: a sitemap with language alternates and an Atom feed of stories per edition.

Both need absolute addresses, so both are written only when the base
mkdocs.yml names the site's address (`site_url`); the sitemap replaces the
one mkdocs wrote at the site root, and each edition's feed is
`<edition root>/feed.xml`. Only rendered pages go in: internal fields never
reach a page, so they never reach these files either.
"""

from __future__ import annotations

import gzip
import mimetypes
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from generator.cache import PickledRecord, digest
from generator.content.model import StoryItem
from generator.editions import Edition
from generator.site.pages import Page

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
FEED_ENTRIES = 50
TIMEZONE = "+08:00"
"""Story dates are days in China Standard Time."""


def site_url(mkdocs_yml: Path) -> str:
    """The site's address from the base mkdocs configuration, ending with `/`; `` when it is not set."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8")) or {}
    url = str(config.get("site_url") or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def sitemap(base: str, editions: Sequence[Edition], pages: dict[str, list[Page]]) -> bytes:
    """Every page of every edition, each listing all its language versions (hreflang) and x-default (zh)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    present = {e.code: {p.url for p in pages[e.code]} for e in editions}
    for edition in editions:
        for page in pages[edition.code]:
            url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + edition.folder + page.url
            versions = [e for e in editions if page.url in present[e.code]]
            for other in versions:
                ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=other.hreflang,
                              href=base + other.folder + page.url)
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                          href=base + editions[0].folder + page.url)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def atom_feed(base: str, edition: Edition, pages: list[Page], stories: list[StoryItem]) -> bytes:
    """The newest stories of one edition, with the titles and summaries its pages show."""
    ET.register_namespace("", ATOM_NS)
    t = edition.strings()
    by_url = {p.url: p for p in pages}
    shown = [s for s in sorted(stories, key=lambda s: (s.record.date, s.url), reverse=True)
             if s.url in by_url][:FEED_ENTRIES]
    root = base + edition.folder
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": edition.hreflang})
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = root + FEED
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = f"{t('site_name')} · {t('feed_title')}"
    ET.SubElement(feed, f"{{{ATOM_NS}}}subtitle").text = t("site_description")
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=root + FEED)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", href=root + "stories/")
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = _stamp(shown[0].record.date if shown else date(2000, 1, 1))
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = t("site_name")
    for story in shown:
        page = by_url[story.url]
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = root + page.url
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = page.title
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=root + page.url)
        ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _stamp(story.record.date)
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _stamp(story.record.date)
        if page.description:
            ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = page.description
        if page.image:
            kind = mimetypes.guess_type(page.image)[0] or "image/jpeg"
            ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="enclosure", href=base + page.image, type=kind)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{TIMEZONE}"


def write_feeds(out: Path, base: str, editions: Sequence[Edition], pages: dict[str, list[Page]],
                stories: list[StoryItem], *, kept: Path) -> list[Path]:
    """The sitemap at the site root and a feed per edition, into the assembled site; nothing without `base`.
    The last build's sitemap, in the record `kept` (in the work folder), is taken when its addresses are the
    same."""
    if not base:
        return []
    data, packed = _sitemap_files(base, editions, pages, kept)
    files = {out / "sitemap.xml": data, out / "sitemap.xml.gz": packed}
    for edition in editions:
        files[out / edition.folder / FEED] = atom_feed(base, edition, pages[edition.code], stories)
    for path, content in files.items():
        path.unlink(missing_ok=True)  # the assembled site hard-links the staging tree: never write through a link
        path.write_bytes(content)
    return list(files)


def _sitemap_files(base: str, editions: Sequence[Edition], pages: dict[str, list[Page]],
                   kept: Path) -> tuple[bytes, bytes]:
    """The sitemap and its gzip: the record `kept`'s when it was made from the same addresses, else made (and
    kept). A sitemap holds nothing but addresses, so the same addresses give the same bytes."""
    key = digest("\n".join([base, *(f"{e.code} {e.folder} {e.hreflang} {page.url}"
                                    for e in editions for page in pages[e.code])]).encode("utf-8"))
    record = PickledRecord(kept, tuple)
    last = record.read()
    if last is not None and len(last) == 3 and last[0] == key:
        return last[1], last[2]
    data = sitemap(base, editions, pages)
    packed = gzip.compress(data, mtime=0)
    record.write((key, data, packed))
    return data, packed
