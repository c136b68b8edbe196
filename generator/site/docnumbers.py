"""Document numbers (文号) in English (pure).

A Chinese official document is numbered by its issuer's abbreviation, the
year in 〔〕 and a serial number with 号: 粤民函〔2022〕35号. English pages show
it as English readers cite it, the abbreviation's characters in pinyin:
"Yue Min Han [2022] No. 35". Search finds a page by either form
(`search_forms`).
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

from generator.editions import Lang

NUMBER = re.compile(r"(\S+?)〔(\d{4})〕(\d+)号")
"""A document number as the schema normalises and checks it (`schema._document_number`)."""


def in_english(number: str) -> str:
    """`粤民函〔2022〕35号` → `Yue Min Han [2022] No. 35`; a text that is not such a number stays as it is."""
    match = NUMBER.fullmatch(number.strip())
    if not match:
        return number
    prefix, year, serial = match.groups()
    words = " ".join(syllable[:1].upper() + syllable[1:] for syllable in lazy_pinyin(prefix, style=Style.NORMAL,
                                                                                     v_to_u=True))
    return f"{words} [{year}] No. {int(serial)}"


def shown(number: str, lang: Lang) -> str:
    """A document number as the pages of `lang` show it."""
    return in_english(number) if lang == "en" else number


def search_forms(number: str, lang: Lang) -> list[str]:
    """The forms of a document number a page of `lang` is found by, besides the one it shows: on an English
    page, the Chinese form (for the reader who copies it from a Chinese document)."""
    return [number] if lang == "en" and shown(number, lang) != number else []
