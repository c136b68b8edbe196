"""The site's editions: every language build, as every other module asks about it (pure).

zh (Simplified Chinese) is the source language, at the site root; en is its
twin at /en/. Readers in Hong Kong and Macau read Traditional characters:
the zh-Hant edition at /zh-hant/ is zh converted character by character
(OpenCC `s2hk`: Simplified → Traditional with Hong Kong glyph variants). No
regional vocabulary profile is used, so the terms of the notices stay as
written (社区 → 社區, never another word).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import opencc

from generator.site.strings import Strings, read_strings

Lang = Literal["zh", "en"]
"""A content language: an entry's text is written in it (zh always, en for a twin)."""
LANGS: tuple[Lang, ...] = ("zh", "en")
"""The content languages, the source language first."""


@dataclass(frozen=True)
class Edition:
    """One language build of the site: where it lives, how it is tagged, what its pages are made from."""

    code: str
    """The build's name: its staging folder and `extra.lang` (`zh`, `en`, `zh-hant`)."""
    hreflang: str
    """BCP 47 tag, e.g. `zh-Hans`: the pages' `lang`, the sitemap's and the language switch's `hreflang`."""
    folder: str
    """Its root below the site root: `` for zh, `en/` for en."""
    source: Lang
    """The content language its pages are rendered from: its own, or the one it converts."""
    theme_language: str
    """mkdocs-material's `theme.language`: the language of the theme's own interface text."""
    og_locale: str
    """The pages' Open Graph locale (`og:locale`), e.g. `zh_CN`."""
    opencc: str = ""
    """The OpenCC configuration its text is converted with from `source`'s; `` for none."""

    @property
    def depth(self) -> int:
        """How many folders its root lies below the site root: 0 for zh, 1 for the others."""
        return self.folder.count("/")

    @property
    def converted(self) -> bool:
        """Whether its pages are another edition's, converted (`convert`)."""
        return bool(self.opencc)

    def convert(self, text: str) -> str:
        """Text of `source` as this edition writes it: unchanged, or converted (Simplified → Traditional)."""
        return _converter(self.opencc).convert(text) if text and self.opencc else text

    def strings(self) -> Strings:
        """The interface strings of this edition (a converted edition converts its source's)."""
        return _strings(self)


EDITIONS: tuple[Edition, ...] = (
    Edition("zh", "zh-Hans", "", "zh", "zh", "zh_CN"),
    Edition("en", "en", "en/", "en", "en", "en_US"),
    Edition("zh-hant", "zh-Hant", "zh-hant/", "zh", "zh-Hant", "zh_HK", opencc="s2hk"),
)
"""Every edition, zh first: it is `x-default` and the root of the site."""
_BY_CODE = {e.code: e for e in EDITIONS}


def edition(code: str) -> Edition:
    """The edition named `code` (a content language names its own edition)."""
    return _BY_CODE[code]


def with_converted(values: list[str]) -> list[str]:
    """Values together with their forms in every converted edition (internal values must appear in none)."""
    forms = [e.convert(v) for e in EDITIONS if e.converted for v in values]
    return values + [form for form in forms if form not in values]


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def _strings(edition: Edition) -> Strings:
    """A content language's table as written; a converted edition's converted, naming itself `language_name_hant`."""
    if not edition.converted:
        return read_strings(edition.code)
    table = {key: edition.convert(value) for key, value in _strings(_BY_CODE[edition.source]).table.items()}
    table["language_name"] = table["language_name_hant"]
    return Strings(edition.code, table)
