"""Interface strings: one table per content language, read from `generator/strings/<lang>.yml`.

Every module asks an edition for its table (`editions.Edition.strings`): a
converted edition has no file of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content import safeyaml

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class Strings:
    """The interface strings of one language."""

    lang: str
    table: dict[str, str]

    def __call__(self, key: str, **params: object) -> str:
        """The string for `key`, with `{name}` parameters filled in."""
        text = self.table[key]
        return text.format(**params) if params else text

    def date(self, day: date) -> str:
        """A date as readers of this language write it."""
        return self.table["date_format"].format(y=day.year, m=day.month, d=day.day,
                                                month_name=_MONTHS[day.month - 1])


def read_strings(lang: str) -> Strings:
    """The table of `generator/strings/<lang>.yml`; every language has the same keys (a test checks it)."""
    path = Path(__file__).parent / "strings" / f"{lang}.yml"
    data = safeyaml.load(path.read_text(encoding="utf-8")).data
    return Strings(lang, {str(k): str(v) for k, v in data.items()})
