"""Pages of a content tree as `render_site` makes them, without mkdocs, for the tests of `generator/site`."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from conftest import TODAY

from generator.content.load import load_tree
from generator.content.model import Site, build_site
from generator.content.validate import validate_tree
from generator.editions import edition
from generator.photos.derive import PhotoKey, Processed, Variant
from generator.site.pages import Page
from generator.site.render import render_site


class AnyPhoto(dict[PhotoKey, Processed]):
    """Processed photos for every key: pages rendered without decoding a photo."""

    def __missing__(self, key: PhotoKey) -> Processed:
        return Processed((Variant("p-480.jpg", 480, 600, "image/jpeg"), Variant("p-480.webp", 480, 600, "image/webp")))


def site_of(root: Path) -> Site:
    valid = validate_tree(load_tree(root), today=TODAY)
    assert [str(p) for p in valid.problems if p.level.is_error()] == []
    return build_site(valid, today=TODAY)


def pages(site: Site, lang: str) -> dict[str, Page]:
    """Every page of the edition `lang` (zh, en or zh-hant), by address."""
    return {p.url: p for p in render_site(site, edition(lang), AnyPhoto())}


def words(html: str) -> str:
    """The text of some HTML, markup dropped, entities decoded, whitespace collapsed."""
    inline = re.sub(r"</?(a|strong|time|span)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", inline))).strip()
