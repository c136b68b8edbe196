"""Submitted Markdown → safe HTML.

Raw HTML is not interpreted (it shows as text), there is no attribute-list
syntax and no file inclusion; images may only be the bundle's own processed
photos; the result then passes an allow-list sanitiser as a second wall.

Every body is also checked before anything is built (`body_problems`): not
too dense in markup nor nested too deep to parse in bounded time and stack,
rendered once on trial (any failure is that text's problem), links only to
http(s), mailto or an anchor of the page, images only by the plain name of
a file in the entry's own folder.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from generator.content.load import Source
from generator.problems import Problem, problem

ImageResolver = Callable[[str, str], "ImageHtml | None"]
"""Maps an image reference in the text and its alt text to our processed image, or None."""

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

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.resolve: ImageResolver = lambda ref, alt: None

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                found = self.resolve(child.get("src", ""), child.get("alt", ""))
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


def _parser() -> markdown.Markdown:
    """Python-Markdown with raw HTML switched off and no extension that reads files or sets attributes."""
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_INLINE_MARKS = ("`", "\\", "[", "<", "&", "*", "_", "  \n", "\t", "\r")
"""What every inline pattern needs (a tab or a carriage return may become a line break's two spaces)."""


@cache
def _renderer(plain: bool) -> tuple[markdown.Markdown, _Images]:
    """The parser that renders bodies, built once; its image step is told each body's resolver.

    A plain body holds nothing any inline pattern could match: its parser skips them.
    """
    md = _parser()
    if plain:
        md.treeprocessors.deregister("inline")
    images = _Images(md)
    md.treeprocessors.register(images, "cg_images", 0)
    md.treeprocessors.register(_Headings(md), "cg_headings", 1)
    return md, images


def render_markdown(body: str, resolve: ImageResolver) -> str:
    """Untrusted Markdown → sanitised HTML fragment."""
    md, images = _renderer(not any(mark in body for mark in _INLINE_MARKS))
    images.resolve = resolve
    return sanitise(md.reset().convert(body))


def _no_image(ref: str, alt: str) -> None:
    """Every image shown as its alt text."""
    return None


PLAIN_KEPT = 1 << 15
"""How many bodies rendered with no image a process keeps (the oldest are let go first)."""
_plain: dict[str, str] = {}


def render_plain(body: str) -> str:
    """`body` rendered with no image: the trial render of every text and the page of each edition showing a body
    without an image (`![`), so that a process renders such a body once."""
    found = _plain.get(body)
    if found is None:
        found = render_markdown(body, _no_image)
        keep_plain({body: found})
    return found


def plain_of(bodies: Iterable[str]) -> dict[str, str]:
    """What this process holds of `bodies` rendered by `render_plain`: a child's renders, sent to its parent."""
    return {body: _plain[body] for body in bodies if body in _plain}


def keep_plain(rendered: Mapping[str, str]) -> None:
    """Bodies rendered by `render_plain` here or in a child, kept so that this process does not render them again."""
    for body, text in rendered.items():
        if body not in _plain and len(_plain) >= PLAIN_KEPT:
            del _plain[next(iter(_plain))]
        _plain[body] = text


_OWN_MEDIA = re.compile(r"(?:\.\./)*media/[A-Za-z0-9._-]+(?: \d+w)?\Z")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Images only from our own /media/ folder; no link to another host without a scheme (`//host`)."""
    if attribute in ("src", "srcset"):
        parts = [part.strip() for part in value.split(",")] if attribute == "srcset" else [value.strip()]
        return value if all(_OWN_MEDIA.match(part) for part in parts) else None
    if attribute == "href" and (value.lstrip().startswith("//") or "\\" in value):
        return None
    return value


def sanitise(fragment: str) -> str:
    """The allow-list wall: known tags and attributes, http(s)/mailto/relative links, our own images."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@dataclass(frozen=True)
class Reference:
    """A link or image target written in a body, with its line (1-based in the body)."""

    line: int
    kind: Literal["link", "image"]
    target: str


class _Collect(Treeprocessor):
    """Record every link and image target exactly as the renderer will see it."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.found: list[tuple[str, str]] = []

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a" and element.get("href") is not None:
                self.found.append(("link", element.get("href", "")))
            elif element.tag == "img":
                self.found.append(("image", element.get("src", "")))


@cache
def _collector() -> tuple[markdown.Markdown, _Collect]:
    """The one parser that reads bodies for their references, built once."""
    md = _parser()
    collect = _Collect(md)
    md.treeprocessors.register(collect, "cg_collect", 0)
    return md, collect


def references(body: str) -> list[Reference]:
    """Every link and image of a Markdown body (inline, reference-style and autolinks).

    Every link and image is written with `[` or `<`: a body with neither has none and is not parsed.
    """
    if "[" not in body and "<" not in body:
        return []
    md, collect = _collector()
    collect.found = []
    md.reset().convert(body)
    out = []
    for kind, target in collect.found:
        target = html.unescape(target.replace(AMP_SUBSTITUTE, "&"))
        written = re.search("".join(r"\\?" + re.escape(char) for char in target), body) if target else None
        line = body.count("\n", 0, written.start()) + 1 if written else 1
        out.append(Reference(line, kind, target))  # type: ignore[arg-type]
    return out


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
_LINK_SCHEMES = ("http", "https", "mailto")


def reference_problem(ref: Reference, assets: Collection[str]) -> str | None:
    """Why a link or image is refused (a message key), or None when it is fine.

    Checked on the percent-decoded target with control characters and spaces
    removed, the way a browser reads `java\tscript:` or `%2e%2e/`.
    """
    decoded = unquote(ref.target)
    if "\\" in decoded or "\x00" in decoded:
        return "reference-bad-char"
    compact = re.sub(r"[\x00-\x20\x7f]", "", decoded)
    scheme = _SCHEME.match(compact)
    if ref.kind == "image":
        if scheme or compact.startswith("/"):
            return "image-not-own"
        if ".." in compact.split("/"):
            return "reference-parent"
        return None if compact in assets else "missing-photo"
    if scheme:
        return None if scheme.group(1).lower() in _LINK_SCHEMES else "link-scheme"
    if compact.startswith("/"):
        return "reference-absolute"
    if ".." in compact.split("/"):
        return "reference-parent"
    return None if compact.startswith("#") or not compact else "link-to-file"


MAX_BRACKETS_PER_BLOCK = 100
MAX_MARKUP_PER_BLOCK = 1_000
MAX_MARKUP_PER_BODY = 5_000
MAX_NESTING = 16
"""The deepest a line may be nested: Python-Markdown parses each level of lists and quotes by recursion.

Each four columns of indentation, each `>` and each list marker before a
line's text is one level; ordinary writing uses three or four.
"""
_MARKUP = re.compile(r"[\[*_`<>\\]")
_BLOCK = re.compile(r"[^\n](?:[^\n]|\n(?![ \t]*\n))*")
_NESTED = re.compile(r"^(?:[ \t]|>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))+", re.M)
_MARKER = re.compile(r"(?:>|[*+-]|\d{1,9}[.)])[ \t]?")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ ]*\1){2,}[ ]*$")


def nesting(prefix: str) -> int:
    """The levels of nesting a line's leading blanks, `>` and list markers make (see `MAX_NESTING`)."""
    markers = _MARKER.findall(prefix)
    blanks = _MARKER.sub("", prefix).expandtabs(4)
    return len(blanks) // 4 + len(markers)


def nesting_problem(source: Source) -> Problem | None:
    """The first line nested deeper than `MAX_NESTING`, or None; a horizontal rule (`- - -`) nests nothing."""
    body = source.body
    for found in _NESTED.finditer(body):
        depth = nesting(found.group())
        if depth > MAX_NESTING:
            end = body.find("\n", found.start())
            end = len(body) if end < 0 else end
            if found.end() == end and not found.group().strip() or _RULE.match(body, found.start(), end):
                continue  # a blank line, or a rule
            line = source.body_line + body.count("\n", 0, found.start())
            return problem(source.path, line, "", "markup-too-deep", found=depth, limit=MAX_NESTING)
    return None


def complexity_problem(source: Source) -> Problem | None:
    """Markdown too dense in markup to parse in bounded time, or None.

    Python-Markdown's inline patterns take time that grows faster than the
    text with unclosed brackets and emphasis, so a body of under a megabyte
    could otherwise keep a build busy without end. Ordinary prose stays far
    below these limits, and text at the limits still parses in bounded time.
    """
    total = 0
    for block in _BLOCK.finditer(source.body):
        text = block.group()
        brackets, marks = text.count("["), len(_MARKUP.findall(text))
        total += marks
        line = source.body_line + source.body.count("\n", 0, block.start())
        if brackets > MAX_BRACKETS_PER_BLOCK:
            return problem(source.path, line, "", "markup-too-complex", found=brackets, limit=MAX_BRACKETS_PER_BLOCK,
                           what="[")
        if marks > MAX_MARKUP_PER_BLOCK:
            return problem(source.path, line, "", "markup-too-complex", found=marks, limit=MAX_MARKUP_PER_BLOCK,
                           what="[ * _ ` < > \\")
        if total > MAX_MARKUP_PER_BODY:
            return problem(source.path, line, "", "markup-too-complex", found=total, limit=MAX_MARKUP_PER_BODY,
                           what="[ * _ ` < > \\")
    return None


def body_problems(source: Source, assets: Collection[str]) -> list[Problem]:
    """Why one text file's body cannot be published: too dense or too deep (refused unparsed), a failure
    rendering it, or each refused link or image, at its line."""
    dense = complexity_problem(source) or nesting_problem(source)
    if dense is not None:
        return [dense]
    try:
        render_plain(source.body)
        refs = references(source.body)
    except Exception as err:  # noqa: BLE001 — any failure of one text is reported as that text's problem
        return [problem(source.path, source.body_line, "", "markup-failed", detail=type(err).__name__)]
    found = []
    for ref in refs:
        key = reference_problem(ref, assets)
        if key is not None:
            found.append(problem(source.path, source.body_line + ref.line - 1, "", key, found=ref.target))
    return found
