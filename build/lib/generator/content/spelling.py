"""Close spellings: when a typed name is likely a slip for a known one, and so worth a "did you mean".

One rule for every place that suggests a person, a tag, an award or a folder:
Chinese of the same length read with the same pinyin (陈晓莉, 陳曉麗 → 陈晓丽), or
Latin letters of at least `MIN_CLOSE` one edit away, a swap of two
neighbours counting as one (chen-xiaoi → chen-xiaoli). An unrelated name is
never offered: `zhang-san` is not close to `huang-meifang`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from generator.content.load import folded as address_folded

MIN_CLOSE = 5
"""ASCII spellings shorter than this are never "corrected": one letter off a short name is another name."""


def folded(text: str) -> str:
    """Case, width and spacing folded: `Chen  Xiaoli`, `ＣＨＥＮ　xiaoli` and `chen xiaoli` are one spelling."""
    return re.sub(r"\s+", " ", address_folded(text)).strip()


def ascii_key(text: str) -> str:
    """`Chen Xiaoli`, `chen-xiaoli` and `chenxiaoli` → `chenxiaoli`."""
    return re.sub(r"[^a-z0-9]", "", folded(text))


def han(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return bool(re.search(r"[\u3400-\u9fff]", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a swap of two neighbouring letters counting as one edit."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def close(typed: str, known: str) -> bool:
    """Whether `typed` is likely a misspelling of `known` (the rule above); a spelling is not close to itself."""
    typed, known = folded(typed), folded(known)
    if not typed or typed == known:
        return False
    if han(typed) or han(known):
        return len(typed) == len(known) and lazy_pinyin(typed) == lazy_pinyin(known)
    a, b = ascii_key(typed), ascii_key(known)
    return a != b and min(len(a), len(b)) >= MIN_CLOSE and edit_distance(a, b) <= 1


def closest(typed: str, known: Iterable[str]) -> list[str]:
    """The known spellings `typed` is close to, in order."""
    return sorted(k for k in set(known) if close(typed, k))
