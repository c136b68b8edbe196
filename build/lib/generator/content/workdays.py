"""Working days in China: weekdays, less the public holidays, plus the weekend days worked in exchange (调休).

The calendar is `holidays.yml` beside this module, one block per year from the State Council's notice; a year
not in it is not guessed at (`Calendar.missing`), since which days are worked is only known from its notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from generator.content import safeyaml

HOLIDAYS = Path(__file__).parent / "holidays.yml"


@dataclass(frozen=True)
class Calendar:
    """The days off and the adjusted working days of the years listed."""

    years: frozenset[int]
    off: frozenset[date]
    work: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        if day in self.work:
            return True
        return day.weekday() < 5 and day not in self.off

    def working_days(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        return sum(1 for n in range((last - first).days + 1) if self.is_working_day(first + timedelta(days=n)))

    def missing(self, first: date, last: date) -> list[int]:
        """The years from `first` to `last` that the calendar does not cover."""
        return [y for y in range(first.year, last.year + 1) if y not in self.years]


def _days(written: str) -> list[date]:
    """`2026-10-01` → that day; `2026-10-01/2026-10-07` → every day of the range."""
    first, _, last = str(written).partition("/")
    start, end = date.fromisoformat(first.strip()), date.fromisoformat((last or first).strip())
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def parse(text: str) -> Calendar:
    """A calendar from the text of a holidays file."""
    data = safeyaml.load(text).data
    off: set[date] = set()
    work: set[date] = set()
    for block in data.values():
        off.update(d for item in block.get("off", []) for d in _days(item))
        work.update(d for item in block.get("work", []) for d in _days(item))
    return Calendar(frozenset(int(y) for y in data), frozenset(off), frozenset(work))


@cache
def calendar() -> Calendar:
    """The calendar of `holidays.yml`."""
    return parse(HOLIDAYS.read_text(encoding="utf-8"))
