"""The Python-Markdown extension that takes a staged page's body as the HTML it already is.

The site package writes every page's body as finished HTML, but for its headings,
which are Markdown lines between blank lines so that mkdocs makes the page's
table of contents from them (`site.safe.sanitised` and the `prose` macro). Without this,
Python-Markdown parses all that HTML again to find where each block ends,
only to pass every block through unchanged: a third of mkdocs' time per
page. This extension stores the HTML between the headings as raw blocks
before that parse; `build.language_config` adds it to every edition's
mkdocs configuration.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

NAME = "generator.mkdocs.rawbody"
"""The name mkdocs' `markdown_extensions` loads this extension by."""


_HEADING = re.compile(r"(?:^|\n\n)(#{1,6} [^\n]*)(?=\n\n|\n?$)")
"""A Markdown heading line with a blank line (or the page's edge) before and after it."""


class _WholeBody(Preprocessor):
    """The page's HTML between its Markdown headings as stored raw blocks, the headings left to Markdown
    (after Python-Markdown's own whitespace clean-up). A heading-like line inside a `<pre>` is HTML."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        parts: list[str] = []
        last = 0
        for match in _HEADING.finditer(text):
            if text.count("<pre", 0, match.start()) > text.count("</pre>", 0, match.start()):
                continue
            parts += [self._stored(text[last:match.start()]), match.group(1)]
            last = match.end()
        parts.append(self._stored(text[last:]))
        return "\n\n".join(part for part in parts if part).split("\n")

    def _stored(self, html: str) -> str:
        html = html.strip("\n")
        return self.md.htmlStash.store(html) if html else ""


class RawBody(Extension):
    """Registers `_WholeBody` between Python-Markdown's whitespace clean-up and its HTML-block parse."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_WholeBody(md), "cg_raw_body", 25)  # normalize_whitespace is 30, html_block 20


def makeExtension(**kwargs: object) -> RawBody:  # noqa: N802 - the name Python-Markdown looks for
    return RawBody(**kwargs)
