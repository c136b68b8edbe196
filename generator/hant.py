"""The Traditional Chinese edition at /zh-hant/: the zh pages and strings, converted by OpenCC (pure).

Readers in Hong Kong and Macau read Traditional characters. The conversion
is character by character (OpenCC `s2hk`: Simplified → Traditional with Hong
Kong glyph variants); no regional vocabulary profile is used, so the terms
of the notices stay as written (社区 → 社區, never another word).
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cache
from typing import TypeVar

import opencc

from generator.site import Page
from generator.strings import Strings

LANG = "zh-hant"
"""The edition's name in the build: its folder below the site root and its strings table."""
HREFLANG = "zh-Hant"
OPENCC_CONFIG = "s2hk"

T = TypeVar("T")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


def convert(text: str) -> str:
    """Simplified Chinese text in Traditional characters; anything else is left as it is."""
    return _converter().convert(text) if text else text


def _deep(value: T) -> T:
    if isinstance(value, str):
        return convert(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_deep(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


def hant_page(page: Page) -> Page:
    """A zh page in Traditional characters: every text field converted (addresses are ASCII and stay)."""
    return replace(page, **{f.name: _deep(getattr(page, f.name)) for f in fields(page)})


def hant_pages(pages: list[Page]) -> list[Page]:
    """The zh pages (rendered for a language folder one level below the root) in Traditional characters."""
    return [hant_page(page) for page in pages]


def hant_strings(zh: Strings) -> Strings:
    """The zh interface strings in Traditional characters; the edition names itself `language_name_hant`."""
    table = {key: convert(value) for key, value in zh.table.items()}
    table["language_name"] = table["language_name_hant"]
    return Strings(LANG, table)


def with_traditional(values: list[str]) -> list[str]:
    """Values together with their Traditional forms (internal fields must not appear in either)."""
    return values + [c for c in (convert(v) for v in values) if c not in values]
