"""Public health committees: each county's list checked against the division codes, and the coverage it gives.

A county's list (`content/committees/<county>.yml`, schema `Committees`) names
each village or community by its town and name, and optionally its code. Every
row must name a real village or community of that county (an unknown town or
village is reported with a close spelling where there is one), once across all
lists, with a date that is not in the future; a county is listed in one file.
Coverage is the share of a county's villages and of its communities whose
committee is established; it can never exceed 100 %, and a figure that would
is reported rather than published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.content import internal
from generator.content.gazetteer import Gazetteer, Localities, Unit, localities, unit_keys
from generator.content.load import Kind
from generator.content.safeyaml import Located
from generator.content.schema import City, Committee, Division
from generator.content.spelling import closest
from generator.messages import message
from generator.problems import Problem, problem

KINDS = ("village", "community")
"""The kinds of village-level division coverage is counted for; `other` (living areas, farms) is listed only."""

Report = Callable[..., None]


@dataclass(frozen=True)
class Row:
    """One committee, with the town and the village or community it was resolved to."""

    town: Unit
    unit: Unit
    record: Committee
    line: int


@dataclass(frozen=True)
class County:
    """A county-level division of the gazetteer with its code."""

    city: City
    division: Division | None
    code: str

    @property
    def slug(self) -> str:
        return self.division.slug if self.division else self.city.slug


@dataclass(frozen=True)
class Share:
    """How many of a kind of division have an established committee."""

    covered: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 0.0

    def __add__(self, other: Share) -> Share:
        return Share(self.covered + other.covered, self.total + other.total)


@dataclass
class CountyCoverage:
    """One county's committees and what share of its villages and communities they cover."""

    county: County
    rows: list[Row] = field(default_factory=list)
    shares: dict[str, Share] = field(default_factory=dict)
    """By kind (`KINDS`)."""
    listed: bool = False
    """Whether the county has a list (an empty list says none has been set up yet)."""
    updated: date | None = None
    bureau: str = ""


@dataclass
class CityCoverage:
    city: City
    counties: list[CountyCoverage]

    @property
    def shares(self) -> dict[str, Share]:
        return _summed(c.shares for c in self.counties)


@dataclass
class Coverage:
    """The province's coverage: every city, every county, in the gazetteer's order."""

    cities: list[CityCoverage]

    @property
    def shares(self) -> dict[str, Share]:
        return _summed(c.shares for c in self.cities)

    def counties(self) -> list[CountyCoverage]:
        return [county for city in self.cities for county in city.counties]


def _summed(shares: Iterable[dict[str, Share]]) -> dict[str, Share]:
    total = {kind: Share(0, 0) for kind in KINDS}
    for one in shares:
        for kind in KINDS:
            total[kind] = total[kind] + one.get(kind, Share(0, 0))
    return total


# --- checks ---------------------------------------------------------------------------------------------------


def check(entries: list[Any], gazetteer: Gazetteer | None, problems: list[Problem], *, today: date,
          places: Localities | None = None) -> None:
    """Check every committee list (validated `Entry` of kind committee) and add what is wrong to `problems`."""
    if gazetteer is None:
        return
    places = places or localities()
    seen_county: dict[str, str] = {}
    seen_unit: dict[str, tuple[str, int]] = {}
    for entry in sorted((e for e in entries if e.kind is Kind.COMMITTEE), key=lambda e: e.texts["zh"].path):
        source = entry.texts["zh"]
        report = _reporter(problems, source.path, source.meta)
        county = resolve_county(entry.place, places)
        if county is None:
            continue
        if county.slug != entry.slug:
            report((), "committee-file-name", found=entry.slug, expected=county.slug)
        if county.code in seen_county:
            report(("district",), "committee-county-twice", county=_county_name(county), other=seen_county[county.code])
            continue
        seen_county[county.code] = source.path
        rows = []
        for index, committee in enumerate(getattr(entry.record, "committees", [])):
            row = _check_row(index, committee, county, places, source.meta, report, today=today)
            if row is None:
                continue
            first = seen_unit.get(row.unit.code)
            if first is not None:
                report(("committees", index, "village"), "committee-duplicate", found=row.unit.name,
                       other=f"{first[0]}:{first[1]}")
                continue
            seen_unit[row.unit.code] = (source.path, row.line)
            rows.append(row)
        for kind, share in shares(rows, county, places).items():
            if share.covered > share.total:
                report(("committees",), "committee-coverage-over", kind_zh=_KIND_NAMES[kind][0],
                       kind_en=_KIND_NAMES[kind][1], covered=share.covered, total=share.total)


_KIND_NAMES = {"village": ("村", "villages"), "community": ("社区", "communities")}


def resolve_county(place: Any, places: Localities) -> County | None:
    """The county a list is for, from its place as validation resolved it (`validate.Place`)."""
    if place is None:
        return None
    code = places.county_code(place.city, place.division)
    return County(place.city, place.division, code) if code else None


def _check_row(index: int, committee: Committee, county: County, places: Localities, lines: Located | None,
               report: Report, *, today: date) -> Row | None:
    """The row resolved to its town and village, or None with what is wrong reported."""
    at = ("committees", index)
    line = lines.line_of(at) if lines else 0
    if committee.established is not None and committee.established > today:
        report((*at, "established"), "committee-future", found=committee.established.isoformat(),
               today=today.isoformat())
    town = places.town(county.code, committee.town)
    if town is None:
        towns = places.towns(county.code)
        report((*at, "town"), "committee-unknown-town", found=committee.town, county=_county_name(county),
               **_hint(_close(committee.town, [t.name for t in towns])))
        return None
    unit = places.village(town.code, committee.village)
    if committee.code is not None:
        coded = places.unit(committee.code)
        if coded is None or not coded.is_village_level() or places.unit(coded.parent) is None \
                or places.unit(coded.parent).parent != county.code:  # type: ignore[union-attr]
            report((*at, "code"), "committee-unknown-code", found=committee.code, county=_county_name(county))
            return None
        if coded.parent != town.code:
            report((*at, "town"), "committee-code-town", found=committee.town, code=committee.code,
                   expected=places.unit(coded.parent).name)  # type: ignore[union-attr]
            return None
        if committee.village.strip() not in unit_keys(coded.name):
            report((*at, "village"), "committee-code-name", found=committee.village, code=committee.code,
                   expected=coded.name)
            return None
        unit = coded
    if unit is None:
        names = [v.name for v in places.villages(town.code)]
        report((*at, "village"), "committee-unknown-village", found=committee.village, town=town.name,
               **_hint(_close(committee.village, names)))
        return None
    return Row(town, unit, committee, line)


def _close(typed: str, names: list[str]) -> str | None:
    """The known name `typed` is likely a slip for: the same name read alike (`spelling.closest`), its short
    forms (马坝村 for 马坝村村民委员会) included."""
    for name in names:
        if closest(typed, unit_keys(name) | {name.removesuffix("街道").rstrip("镇乡")}):
            return name
    return None


def _hint(suggestion: str | None) -> dict[str, str]:
    if not suggestion:
        return {"hint_zh": "", "hint_en": ""}
    return {"hint_zh": message("did-you-mean", "zh", suggestion=suggestion),
            "hint_en": message("did-you-mean", "en", suggestion=suggestion)}


def _county_name(county: County) -> str:
    return county.city.zh + (county.division.zh if county.division else "")


def _reporter(problems: list[Problem], path: str, lines: Located | None) -> Report:
    def report(loc: tuple[Any, ...], key: str, **params: Any) -> None:
        line = lines.line_of(loc) if lines else 0
        problems.append(problem(path, line, internal.field_name(loc), key, **params))

    return report


# --- coverage -------------------------------------------------------------------------------------------------


def shares(rows: list[Row], county: County, places: Localities) -> dict[str, Share]:
    """The share of the county's villages and of its communities whose committee is established."""
    totals = {kind: 0 for kind in KINDS}
    for unit in places.villages_of_county(county.code):
        if unit.kind in totals:
            totals[unit.kind] += 1
    covered = {kind: 0 for kind in KINDS}
    for row in rows:
        if row.unit.kind in covered and row.record.status.is_covering():
            covered[row.unit.kind] += 1
    return {kind: Share(covered[kind], totals[kind]) for kind in KINDS}


def coverage(entries: list[Any], gazetteer: Gazetteer, *, places: Localities | None = None) -> Coverage:
    """Every county's coverage from the accepted committee lists (counties without a list show 0 of all)."""
    places = places or localities()
    lists: dict[str, Any] = {}
    ignore: Report = lambda *args, **kwargs: None  # noqa: E731  # the lists were checked: nothing to report
    for entry in entries:
        if entry.kind is Kind.COMMITTEE:
            county = resolve_county(entry.place, places)
            if county is not None:
                lists[county.code] = entry
    cities = []
    for city in gazetteer.regions.cities:
        counties = []
        divisions: list[Division | None] = list(city.divisions) or [None]
        for division in divisions:
            code = places.county_code(city, division)
            if code is None:
                continue
            county = County(city, division, code)
            found = CountyCoverage(county)
            entry = lists.get(code)
            if entry is not None:
                source = entry.texts["zh"]
                rows = [_check_row(i, c, county, places, source.meta, ignore, today=date.max)
                        for i, c in enumerate(entry.record.committees)]
                found.rows = sorted((r for r in rows if r is not None), key=lambda r: r.unit.code)
                found.listed, found.updated, found.bureau = True, entry.record.updated, entry.record.bureau
            found.shares = shares(found.rows, county, places)
            counties.append(found)
        cities.append(CityCoverage(city, counties))
    return Coverage(cities)
