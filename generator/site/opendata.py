"""Open data: the site's lists as CSV and JSON at stable addresses, and the page that lists and documents them.

Every dataset is one entry of `DATASETS`: its name (its files are
`data/<name>.csv` and `data/<name>.json`), its fields (each with its type and
a description in the interface strings, `data_<name>_<field>`) and the
function that makes its rows from the site. The page `data/` lists them all
with their fields, so a new dataset is one more entry here. Rows are made
from the model's public values only (a nomination's internal block is never
read); the CSV is UTF-8 after a byte-order mark, as the statistics' are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.content.model import Nominee
from generator.site.committees import county_row
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link, local_name, post
from generator.site.tables import csv_table, json_document

URL = "data/"

Value = str | int | float
Row = dict[str, Value]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    """`string`, `date` (YYYY-MM-DD), `integer`, `number` or `url` (an address below the site's root)."""


@dataclass(frozen=True)
class Dataset:
    name: str
    fields: tuple[Field, ...]
    rows: Callable[[Context], list[Row]]


def _nominee_row(ctx: Context, nominee: Nominee) -> Row:
    place = nominee.place
    return {"name": nominee.name(ctx.lang), "city": ctx.name(place.city), "district": local_name(ctx, place),
            "community": nominee.community(ctx.lang), "post": post(ctx, nominee)}


def _edition_url(ctx: Context, url: str) -> str:
    """The address of a page below the site's root, in this edition."""
    return "/" + ctx.edition.folder + url if ctx.edition.folder else "/" + url


def honour_rows(ctx: Context) -> list[Row]:
    rows = []
    for honour in ctx.site.honours:
        award = honour.award
        decision = award.record.decision
        rows.append({"year": honour.year, "award": award.text("name", ctx.lang), "level": award.record.level.value,
                     "issuer": award.text("issuer", ctx.lang), **_nominee_row(ctx, honour.nominee),
                     "decision": decision.document if decision else "",
                     "decision_date": decision.date.isoformat() if decision else "",
                     "url": _edition_url(ctx, award.url)})
    return rows


def notice_rows(ctx: Context) -> list[Row]:
    rows = []
    for award in ctx.site.awards:
        for nominee in award.on_notice():
            publicity = award.record.publicity
            rows.append({"award": award.text("name", ctx.lang), "publicity_start": publicity.start.isoformat(),
                         "publicity_end": publicity.end.isoformat(), **_nominee_row(ctx, nominee),
                         "reason": nominee.text("reason", ctx.lang), "url": _edition_url(ctx, award.notice_url)})
    return rows


def _number(value: float) -> int | float:
    """3.0 as 3, 1.5 as it is."""
    return int(value) if value == int(value) else value


def training_rows(ctx: Context) -> list[Row]:
    rows = []
    for item in ctx.site.trainings:
        record = item.record
        rows.append({"date": record.date.isoformat(), "title": item.text("title", ctx.lang),
                     "city": ctx.name(item.place.city), "district": local_name(ctx, item.place),
                     "organiser": item.text("organiser", ctx.lang),
                     "audience": ";".join(r.value for r in record.audience), "hours": _number(record.hours),
                     "participants": record.participants, "materials": len(record.materials),
                     "guides": ";".join(record.guides), "url": _edition_url(ctx, item.url)})
    return rows


def committee_rows(ctx: Context) -> list[Row]:
    """Public health committee coverage, a row per county (the columns of `committees/coverage.csv`)."""
    found = ctx.site.coverage
    if found is None:
        return []
    return [county_row(ctx, county) for county in found.counties()]


_PLACE = (Field("name", "string"), Field("city", "string"), Field("district", "string"),
          Field("community", "string"), Field("post", "string"))

DATASETS: tuple[Dataset, ...] = (
    Dataset("honours", (Field("year", "integer"), Field("award", "string"), Field("level", "string"),
                        Field("issuer", "string"), *_PLACE, Field("decision", "string"),
                        Field("decision_date", "date"), Field("url", "url")), honour_rows),
    Dataset("notices", (Field("award", "string"), Field("publicity_start", "date"), Field("publicity_end", "date"),
                        *_PLACE, Field("reason", "string"), Field("url", "url")), notice_rows),
    Dataset("trainings", (Field("date", "date"), Field("title", "string"), Field("city", "string"),
                          Field("district", "string"), Field("organiser", "string"), Field("audience", "string"),
                          Field("hours", "number"), Field("participants", "integer"), Field("materials", "integer"),
                          Field("guides", "string"), Field("url", "url")), training_rows),
    Dataset("committees", (Field("code", "string"), Field("city", "string"), Field("county", "string"),
                           Field("villages", "integer"), Field("villages_covered", "integer"),
                           Field("communities", "integer"), Field("communities_covered", "integer"),
                           Field("listed", "string"), Field("updated", "date")), committee_rows),
)
"""Every dataset the open-data page lists, in its order."""


def csv_text(dataset: Dataset, rows: list[Row]) -> str:
    """The rows as CSV (`tables.csv_table`), the field names as the header."""
    return csv_table([f.name for f in dataset.fields], [[row[f.name] for f in dataset.fields] for row in rows])


def json_text(ctx: Context, dataset: Dataset, rows: list[Row]) -> str:
    """The rows as JSON: the dataset's name, its language, its fields, then the rows as objects."""
    document = {"dataset": dataset.name, "language": ctx.edition.hreflang, "fields": [
        {"name": f.name, "type": f.type, "description": ctx.t(f"data_{dataset.name}_{f.name}")}
        for f in dataset.fields], "rows": rows}
    return json_document(document)


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class DatasetSection:
    name: str
    title: str
    description: str
    csv: Link
    json: Link
    count: int
    fields: tuple[FieldRow, ...]


def opendata(ctx: Context) -> Page:
    here = ctx.at(URL)
    t = ctx.t
    files: dict[str, str | bytes] = {}
    sections = []
    for dataset in DATASETS:
        rows = dataset.rows(ctx)
        files[f"{dataset.name}.csv"] = csv_text(dataset, rows)
        files[f"{dataset.name}.json"] = json_text(ctx, dataset, rows)
        sections.append(DatasetSection(
            dataset.name, t(f"data_{dataset.name}"), t(f"data_{dataset.name}_desc"),
            Link(f"{dataset.name}.csv", f"{dataset.name}.csv"), Link(f"{dataset.name}.json", f"{dataset.name}.json"),
            len(rows), tuple(FieldRow(f.name, t(f"data_type_{f.type}"), t(f"data_{dataset.name}_{f.name}"))
                             for f in dataset.fields)))
    return page(ctx, here, "opendata.html", t("data_title"), intro=t("data_intro"), datasets=sections, files=files)
