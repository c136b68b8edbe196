"""Public health committees: coverage of the province, of each city and of each county, with charts, tables,
lists and downloads.

`committees/` shows the province: its share of villages and of communities covered, a chart of each city's
coverage with its table, and the coverage of every county as CSV and JSON at stable addresses
(`committees/coverage.csv`, `committees/coverage.json`; columns in docs/content-model.*). `committees/<city>/`
shows the city's counties; `committees/<city>/<county>/` a county's towns, its committees and the villages and
communities without one yet, with the county's list as CSV (`committees.csv`). 东莞市 and 中山市, which have no
counties, show their towns on the city's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.content.committees import KINDS, CityCoverage, CountyCoverage, Coverage, Row, Share
from generator.content.gazetteer import Unit, localities
from generator.site.charts import Chart, bar_chart
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import Link, Time, time
from generator.site.tables import csv_table, json_document

COVERAGE_FIELDS = ("code", "city", "county", "villages", "villages_covered", "communities", "communities_covered",
                   "listed", "updated")
"""The columns of `committees/coverage.csv` (one row per county), in order."""
LIST_FIELDS = ("town_code", "town", "code", "village", "kind", "status", "established", "chair", "members",
               "team_health", "team_police")
"""The columns of a county's `committees.csv` (one row per committee), in order."""


@dataclass(frozen=True)
class AreaRow:
    """One line of a coverage table: a city, a county or a town, with its shares by kind."""

    area: Link
    shares: tuple[str, ...]
    """Each kind's share as shown, e.g. `12/30（40.0%）`, in `KINDS` order."""
    note: str = ""


@dataclass(frozen=True)
class CommitteeRow:
    """One committee as the county page lists it."""

    village: str
    town: str
    kind: str
    status: str
    established: Time | None
    chair: str
    members: str
    team: str


@dataclass(frozen=True)
class Uncovered:
    """The villages and communities of one town without an established committee."""

    town: str
    names: str
    count: int


def committee_pages(ctx: Context) -> list[Page]:
    """Every coverage page of the edition: the province, each city, each county of a city with counties."""
    found = ctx.site.coverage
    if found is None:
        return []
    pages = [province(ctx, found)]
    for city in found.cities:
        pages.append(city_page(ctx, city))
        if city.city.divisions:
            pages += [county_page(ctx, city, county) for county in city.counties]
    return pages


def province(ctx: Context, found: Coverage) -> Page:
    t = ctx.t
    here = ctx.at("committees/")
    rows = [AreaRow(Link(here.link(_city_url(c)), ctx.name(c.city)), _shown(ctx, c.shares),
                    "" if any(county.listed for county in c.counties) else t("committees_not_listed"))
            for c in found.cities]
    chart = _chart(ctx, "committees-cities", [(ctx.name(c.city), c.shares) for c in found.cities],
                   t("committees_col_city"))
    files = {"coverage.csv": coverage_csv(ctx, found), "coverage.json": coverage_json(ctx, found)}
    return page(ctx, here, "committees.html", t("committees_title"), intro=t("committees_intro"),
                totals=_shown(ctx, found.shares), chart=chart, area_label=t("committees_col_city"), rows=rows,
                downloads=[Link("coverage.csv", t("committees_download_csv")),
                           Link("coverage.json", t("committees_download_json"))],
                committees=[], uncovered=[], updated="", files=files)


def city_page(ctx: Context, city: CityCoverage) -> Page:
    t = ctx.t
    here = ctx.at(_city_url(city))
    title = t("committees_city_title", name=ctx.name(city.city))
    if not city.city.divisions:  # 东莞市, 中山市: the city is its own county
        return _county_body(ctx, here, title, city.counties[0])
    rows = [AreaRow(Link(here.link(_county_url(c)), ctx.name(c.county.division) if c.county.division else ""),
                    _shown(ctx, c.shares), "" if c.listed else t("committees_not_listed")) for c in city.counties]
    chart = _chart(ctx, "committees-counties",
                   [(ctx.name(c.county.division), c.shares) for c in city.counties if c.county.division],
                   t("committees_col_county"))
    return page(ctx, here, "committees.html", title, intro=t("committees_intro"), totals=_shown(ctx, city.shares),
                chart=chart, area_label=t("committees_col_county"), rows=rows, downloads=[], committees=[],
                uncovered=[], updated="")


def county_page(ctx: Context, city: CityCoverage, county: CountyCoverage) -> Page:
    here = ctx.at(_county_url(county))
    name = ctx.name(city.city) + " · " + (ctx.name(county.county.division) if county.county.division else "")
    return _county_body(ctx, here, ctx.t("committees_city_title", name=name), county)


def _county_body(ctx: Context, here: Here, title: str, county: CountyCoverage) -> Page:
    t = ctx.t
    places = localities()
    by_town: dict[str, list[Row]] = {}
    for row in county.rows:
        by_town.setdefault(row.town.code, []).append(row)
    towns = places.towns(county.county.code)
    town_shares = []
    uncovered = []
    for town in towns:
        units = [u for u in places.villages(town.code) if u.kind in KINDS]
        covered = {r.unit.code for r in by_town.get(town.code, []) if r.record.status.is_covering()}
        shares = {kind: Share(sum(1 for u in units if u.kind == kind and u.code in covered),
                              sum(1 for u in units if u.kind == kind)) for kind in KINDS}
        town_shares.append((town, shares))
        missing = [u.name for u in units if u.code not in covered]
        if missing:
            uncovered.append(Uncovered(town.name, t("list_separator").join(missing), len(missing)))
    rows = [AreaRow(Link("", town.name), _shown(ctx, shares)) for town, shares in town_shares]
    chart = _chart(ctx, "committees-towns", [(town.name, shares) for town, shares in town_shares],
                   t("committees_col_town"))
    committees = [_committee_row(ctx, row) for row in county.rows]
    updated = t("committees_updated", date=t.date(county.updated), bureau=county.bureau) if county.updated else ""
    return page(ctx, here, "committees.html", title, intro=t("committees_intro"), totals=_shown(ctx, county.shares),
                chart=chart, area_label=t("committees_col_town"), rows=rows,
                downloads=[Link("committees.csv", t("committees_download_list"))] if county.listed else [],
                committees=committees, uncovered=uncovered,
                updated=updated if county.listed else t("committees_not_listed"),
                files={"committees.csv": list_csv(ctx, county)} if county.listed else {})


def _committee_row(ctx: Context, row: Row) -> CommitteeRow:
    t = ctx.t
    record = row.record
    members = t("list_separator").join(f"{t('role_' + role.value)} {count}" for role, count in record.members.items())
    team = t("list_separator").join(x for x in (record.team.health, record.team.police or "") if x) \
        if record.team else ""
    return CommitteeRow(row.unit.name, row.town.name, t("committees_kind_" + row.unit.kind),
                        t("committees_status_" + record.status.value),
                        time(ctx, record.established) if record.established else None,
                        t("role_" + record.chair.value), members, team)


def _shown(ctx: Context, shares: dict[str, Share]) -> tuple[str, ...]:
    return tuple(ctx.t("committees_share", covered=shares[k].covered, total=shares[k].total,
                       percent=f"{shares[k].percent:.1f}") if shares[k].total else "—" for k in KINDS)


def _chart(ctx: Context, chart_id: str, areas: list[tuple[str, dict[str, Share]]], area_label: str) -> Chart:
    """Each area's coverage of villages and communities together, in whole percent (the table gives the counts)."""
    rows = []
    for name, shares in areas:
        whole = shares["village"] + shares["community"]
        rows.append((name, int(whole.percent) if whole.total else 0))
    return bar_chart(chart_id, ctx.t("committees_chart"), rows, (area_label, ctx.t("committees_percent")))


def _city_url(city: CityCoverage) -> str:
    return f"committees/{city.city.slug}/"


def _county_url(county: CountyCoverage) -> str:
    slug = county.county.slug
    return f"committees/{county.county.city.slug}/" + (f"{slug}/" if county.county.division else "")


# --- downloads ------------------------------------------------------------------------------------------------


def county_values(ctx: Context, county: CountyCoverage) -> tuple[Any, ...]:
    """One county's line of the coverage table (`COVERAGE_FIELDS`), as the CSV, the JSON and open data give it."""
    village, community = county.shares["village"], county.shares["community"]
    return (county.county.code, ctx.name(county.county.city),
            ctx.name(county.county.division) if county.county.division else "",
            village.total, village.covered, community.total, community.covered,
            "yes" if county.listed else "no", county.updated.isoformat() if county.updated else "")


def county_row(ctx: Context, county: CountyCoverage) -> dict[str, Any]:
    """`county_values` by column name, as the JSON files give a county."""
    return dict(zip(COVERAGE_FIELDS, county_values(ctx, county), strict=True))


def coverage_csv(ctx: Context, found: Coverage) -> str:
    """`committees/coverage.csv`: one row per county (`COVERAGE_FIELDS`)."""
    return csv_table(COVERAGE_FIELDS, [county_values(ctx, c) for c in found.counties()])


def coverage_json(ctx: Context, found: Coverage) -> str:
    """`committees/coverage.json`: the province's and every city's totals, and every county as in the CSV."""
    def totals(shares: dict[str, Share]) -> dict[str, int]:
        return {"villages": shares["village"].total, "villages_covered": shares["village"].covered,
                "communities": shares["community"].total, "communities_covered": shares["community"].covered}

    data = {"province": totals(found.shares),
            "cities": [{"slug": c.city.slug, "name": ctx.name(c.city), **totals(c.shares),
                        "counties": [county_row(ctx, county) for county in c.counties]} for c in found.cities]}
    return json_document(data)


def list_csv(ctx: Context, county: CountyCoverage) -> str:
    """A county's `committees.csv`: one row per committee (`LIST_FIELDS`), as the bureau's list holds it."""
    return csv_table(LIST_FIELDS, [_list_values(row.town, row.unit, row) for row in county.rows])


def _list_values(town: Unit, unit: Unit, row: Row) -> tuple[Any, ...]:
    record = row.record
    members = ";".join(f"{role.value}:{count}" for role, count in record.members.items())
    return (town.code, town.name, unit.code, unit.name, unit.kind, record.status.value,
            record.established.isoformat() if record.established else "", record.chair.value, members,
            record.team.health if record.team else "", (record.team.police or "") if record.team else "")
