"""Submitted Markdown → safe HTML.

Raw HTML is not interpreted (it shows as text), there is no attribute-list
syntax and no file inclusion; images may only be the bundle's own processed
photos; the result then passes an allow-list sanitiser as a second wall.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

ImageResolver = Callable[[str], "ImageHtml | None"]
"""Maps an image reference in the text to our processed image, or None."""

_IMAGE_REF = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "figure", "figcaption",
        "picture", "source", "del", "sup", "sub"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "type", "sizes"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class ImageHtml:
    """Our processed image, ready to be placed where the text refers to it."""

    html: str


def image_references(body: str) -> list[tuple[int, str]]:
    """Every inline image reference in a Markdown body, with its line (1-based in the body)."""
    return [(body[: m.start()].count("\n") + 1, m.group(1)) for m in _IMAGE_REF.finditer(body)]


class _Images(Treeprocessor):
    """Replace every image by our processed one; an unknown image becomes its alt text."""

    def __init__(self, md: markdown.Markdown, resolve: ImageResolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                found = self.resolve(child.get("src", ""))
                replacement = Element("span")
                if found is None:
                    replacement.text = child.get("alt", "")
                else:
                    replacement.text = self.md.htmlStash.store(found.html)
                replacement.tail = child.tail
                parent.remove(child)
                parent.insert(index, replacement)


class _Headings(Treeprocessor):
    """The page title is the only h1: when the text uses `#`, every heading moves down a level."""

    def run(self, root: Element) -> None:
        headings = [e for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
        if any(e.tag == "h1" for e in headings):
            for element in headings:
                element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


def render_markdown(body: str, resolve: ImageResolver) -> str:
    """Untrusted Markdown → sanitised HTML fragment."""
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Images(md, resolve), "cg_images", 0)
    md.treeprocessors.register(_Headings(md), "cg_headings", 1)
    produced = md.convert(body)
    return sanitise(produced)


def sanitise(fragment: str) -> str:
    """The allow-list wall: known tags and attributes, http(s)/mailto/relative links only."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def text(value: str) -> str:
    """Plain text for an HTML text node or attribute."""
    return html.escape(value, quote=True)
