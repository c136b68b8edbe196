"""The text a reader sees, as the checks for personal data and internal values compare it (pure).

A submitter can write a number so that a pattern over the raw bytes misses
it while a reader still reads it: digits split by zero-width characters,
by Markdown emphasis or by HTML entities, written in full-width or
mathematical forms. The checks therefore read text folded the way a reader
perceives it:

- `fold`: HTML entities decoded, Unicode NFKC (full-width and mathematical
  letters and digits become ASCII), invisible characters removed;
- `reader_line`: one line of submitted text as a reader reads it: the marks
  of emphasis, code and escapes removed, links and images flattened to
  their text and alt text, then folded;
- `markdown_lines`: a Markdown body line by line, each as `reader_line`
  reads it; `link_targets` gives the targets of its links and images apart,
  with their lines, since a target reaches the page too (as an address);
- `simplified`: Traditional characters as Simplified, so one comparison
  covers both Chinese scripts;
- `compact`: folded, Simplified, case-folded, and only letters and digits
  kept, for comparing a value with the text that may quote it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

import opencc

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
"""Unicode's format characters (category Cf: zero-width spaces and joiners, bidirectional controls, soft
hyphens, tags), variation selectors, the combining grapheme joiner, Hangul fillers and the blank Braille
pattern: none shows a glyph."""
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Full-width ASCII forms and the ideographic space as NFKC makes them: Chinese text holds them (，：；！？),
and text without any other character to normalise then skips NFKC, which is slow on Chinese."""
_MARKS = re.compile(r"[*_`~\\]")
"""Markdown's marks of emphasis, code and escapes: a reader never sees them between the characters they split."""
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINK = re.compile(r"\[([^\]\n]*)\](?:\(([^)\n]*)\)|\[[^\]\n]*\])")
"""Inline images, then inline and reference-style links (an image inside a link is flattened first)."""


def invisible(text: str) -> str:
    """The characters of `text` that show no glyph (see `_INVISIBLE`)."""
    return "".join(_INVISIBLE.findall(text))


def fold(text: str) -> str:
    """`text` as a reader perceives it: entities decoded, NFKC, invisible characters removed.

    A line stays one line: a line break written as an entity (`&#10;`) becomes a space.
    """
    if "&" in text:
        text = html.unescape(text)
    text = _normalised(text)
    return text.replace("\n", " ").replace("\r", " ") if "\n" in text or "\r" in text else text


def _normalised(text: str) -> str:
    """NFKC with invisible characters removed (before, and after: NFKC can make some); lines are kept."""
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text).translate(_WIDE)
    if unicodedata.is_normalized("NFKC", text):
        return text  # full-width forms translated: most text needs nothing more
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _flattened(text: str) -> str:
    """Markdown's inline marks removed, and links and images replaced by their text and alt text."""
    text = _MARKS.sub("", text)
    if "](" in text or "][" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    return text


def reader_line(text: str) -> str:
    """One line (or one front-matter value) of submitted text as a reader reads it: flattened, then folded."""
    return fold(_flattened(text))


def markdown_lines(body: str) -> list[str]:
    """A Markdown body's lines as a reader reads them (`reader_line`).

    Line `i` of the result is line `i` of the body, so a finding keeps its line.
    """
    flat = _flattened(body)
    if "&" in flat:
        return [fold(line) for line in flat.split("\n")]
    return _normalised(flat).split("\n")


def link_targets(body: str) -> list[tuple[int, str]]:
    """The target of every inline image and link of a Markdown body, folded, with its line (0-based)."""
    if "](" not in body:
        return []
    found = [(body.count("\n", 0, m.start()), m.group(2)) for m in _IMAGE.finditer(body)]
    rest = _IMAGE.sub(r"\1", body)
    found += [(rest.count("\n", 0, m.start()), m.group(2)) for m in _LINK.finditer(rest)]
    return sorted((line, fold(target)) for line, target in found if target)


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional Chinese characters as Simplified ones; anything else is left as it is."""
    return _to_simplified().convert(text) if text and not text.isascii() else text


_NOT_WORD = re.compile(r"[\W_]+")


def compact(text: str) -> str:
    """The letters and digits a reader sees, Simplified and case-folded: what a quoted value is compared in."""
    return _NOT_WORD.sub("", simplified(fold(_MARKS.sub("", text))).casefold())


def has_chinese(text: str) -> bool:
    """Whether `text` holds a CJK ideograph."""
    return any("\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f" for char in text)
