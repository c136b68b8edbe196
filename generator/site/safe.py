"""The one place where HTML is marked safe: an entry's body, rendered from Markdown and sanitised.

Every other value reaches the page through a template and is escaped there.
The body's headings are handed back as Markdown lines so that mkdocs makes
the page's table of contents from them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.content import markup

_HEADING = re.compile(r"<(h[2-6])>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


@dataclass(frozen=True)
class Block:
    """A piece of a body: sanitised HTML between headings, or one heading as a Markdown line."""

    text: Markup
    """The sanitised HTML; for a heading, its text escaped for a Markdown line."""
    level: int = 0
    """The heading's level (2–6); 0 for HTML."""


def sanitised(body: str, resolve: markup.ImageResolver) -> tuple[Block, ...]:
    """Untrusted Markdown → sanitised HTML, split at its headings; `resolve` gives each image's picture."""
    if "![" not in body:
        return _without_images(body)
    return _blocks(markup.render_markdown(body, resolve))


def _without_images(body: str) -> tuple[Block, ...]:
    """The blocks of a body that shows no image (no `![`): rendered once, by the trial render or the first edition
    showing it (`markup.render_plain`)."""
    return _blocks(markup.render_plain(body))


def _blocks(fragment: str) -> tuple[Block, ...]:
    out = []
    last = 0
    for match in _HEADING.finditer(fragment):
        chunk = fragment[last:match.start()].strip()
        if chunk:
            out.append(Block(Markup(chunk)))
        plain = html.unescape(_TAG.sub("", match.group(2))).replace("\n", " ").strip()
        out.append(Block(Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(plain, quote=False))), int(match.group(1)[1])))
        last = match.end()
    tail = fragment[last:].strip()
    if tail:
        out.append(Block(Markup(tail)))
    return tuple(out)
