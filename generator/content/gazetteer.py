"""Cities and districts of Guangdong: look-up by any name, with suggestions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from pypinyin import lazy_pinyin

from generator.content.schema import City, Division, Regions

_SUFFIXES = ("市", "区", "县", "自治县")


@cache
def _keys(zh: str, en: str, slug: str) -> frozenset[str]:
    """Every spelling a writer might use for a place (computed once per place: looked up for every entry)."""
    keys = {zh, en.lower(), slug}
    for suffix in _SUFFIXES:
        if zh.endswith(suffix) and len(zh) > len(suffix) + 1:
            keys.add(zh[: -len(suffix)])
    words = en.lower().split()
    if len(words) > 1 and words[-1] in ("district", "city", "county"):
        keys.add(" ".join(words[:-1]))
    return frozenset(keys)


def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text))


@dataclass(frozen=True)
class Gazetteer:
    """The regions file indexed for look-up by Chinese name, English name or slug."""

    regions: Regions

    def city(self, name: str) -> City | None:
        """The city a writer means by `name`, or None."""
        name = name.strip()
        for city in self.regions.cities:
            if name in _keys(city.zh, city.en, city.slug) or name.lower() in _keys(city.zh, city.en, city.slug):
                return city
        return None

    def division(self, city: City, name: str) -> Division | None:
        """The division of `city` a writer means by `name`, or None."""
        name = name.strip()
        for division in city.divisions:
            keys = _keys(division.zh, division.en, division.slug)
            if name in keys or name.lower() in keys:
                return division
        return None

    def division_anywhere(self, name: str) -> tuple[City, Division] | None:
        """Which city has a division called `name`, for a helpful message."""
        for city in self.regions.cities:
            division = self.division(city, name)
            if division:
                return city, division
        return None

    def suggest_city(self, name: str) -> str | None:
        return _suggest(name, [c.zh for c in self.regions.cities])

    def suggest_division(self, city: City, name: str) -> str | None:
        return _suggest(name, [d.zh for d in city.divisions])


def _suggest(name: str, candidates: list[str]) -> str | None:
    """The closest candidate: same pinyin first (广洲 → 广州市), then by spelling."""
    sound = _pinyin(name)
    for candidate in candidates:
        stem = candidate.rstrip("市区县")
        if sound and sound in (_pinyin(candidate), _pinyin(stem)):
            return candidate
    stems = {c.rstrip("市区县"): c for c in candidates}
    close = difflib.get_close_matches(name.rstrip("市区县"), list(stems), n=1, cutoff=0.5)
    return stems[close[0]] if close else None
