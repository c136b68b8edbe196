"""Training sessions: the archive by year, each city's archive by year, and each session's page.

A session's handouts (PDF, PPTX) are published beside its page as they were
submitted, once their bytes were checked (`content.materials`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.content.model import TrainingItem
from generator.content.schema import City
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import Fact, Link, fact, place_link, prose, time, untranslated

ARCHIVE = "trainings/"


def city_url(city: City) -> str:
    """A city's training archive."""
    return f"{ARCHIVE}cities/{city.slug}/"


@dataclass(frozen=True)
class TrainingRow:
    """One session in an archive's table."""

    link: Link
    date: str
    day: str
    """The day as `YYYY-MM-DD`, for the `<time>` element."""
    city: Link
    hours: str
    participants: int


@dataclass(frozen=True)
class YearGroup:
    year: int
    rows: tuple[TrainingRow, ...]
    sessions: int
    participants: int


@dataclass(frozen=True)
class Totals:
    sessions: int
    hours: str
    participants: int


def hours_text(hours: float) -> str:
    """Hours as written: 3 rather than 3.0, 1.5 as it is."""
    return f"{hours:g}"


def totals(items: list[TrainingItem]) -> Totals:
    return Totals(len(items), hours_text(sum(i.record.hours for i in items)), sum(i.record.participants for i in items))


def _groups(ctx: Context, here: Here, items: list[TrainingItem]) -> list[YearGroup]:
    by_year: dict[int, list[TrainingItem]] = defaultdict(list)
    for item in items:
        by_year[item.year].append(item)
    groups = []
    for year in sorted(by_year, reverse=True):
        rows = tuple(TrainingRow(Link(here.link(i.url), i.text("title", ctx.lang)), ctx.t.date(i.record.date),
                                 i.record.date.isoformat(),
                                 Link(here.link(city_url(i.place.city)), ctx.name(i.place.city)),
                                 hours_text(i.record.hours), i.record.participants)
                     for i in by_year[year])
        groups.append(YearGroup(year, rows, len(rows), sum(r.participants for r in rows)))
    return groups


def cities_with_sessions(ctx: Context) -> list[tuple[City, list[TrainingItem]]]:
    """The cities that held a session, in the gazetteer's order, each with its sessions (newest first)."""
    by_city: dict[str, list[TrainingItem]] = defaultdict(list)
    for item in ctx.site.trainings:
        by_city[item.place.city.slug].append(item)
    return [(c, by_city[c.slug]) for c in ctx.site.gazetteer.regions.cities if c.slug in by_city]


def trainings_index(ctx: Context) -> Page:
    here = ctx.at(ARCHIVE)
    cities = [Link(here.link(city_url(c)), f"{ctx.name(c)}（{len(items)}）" if ctx.lang == "zh"
                   else f"{ctx.name(c)} ({len(items)})") for c, items in cities_with_sessions(ctx)]
    return page(ctx, here, "trainings.html", ctx.t("trainings_title"), intro=ctx.t("trainings_intro"),
                totals=totals(ctx.site.trainings), groups=_groups(ctx, here, ctx.site.trainings), cities=cities,
                archive="", data=here.link("data/"))


def city_archive(ctx: Context, city: City, items: list[TrainingItem]) -> Page:
    here = ctx.at(city_url(city))
    title = ctx.t("trainings_city_title", city=ctx.name(city))
    return page(ctx, here, "trainings.html", title, intro=ctx.t("trainings_city_intro", city=ctx.name(city)),
                totals=totals(items), groups=_groups(ctx, here, items), cities=[],
                archive=here.link(ARCHIVE), data=here.link("data/"))


def city_archives(ctx: Context) -> list[Page]:
    return [city_archive(ctx, city, items) for city, items in cities_with_sessions(ctx)]


@dataclass(frozen=True)
class MaterialLink:
    href: str
    title: str
    kind: str
    """PDF or PPTX."""
    size: str
    """The file's size in KB or MB."""


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


def training(ctx: Context, item: TrainingItem) -> Page:
    record, t, lang = item.record, ctx.t, ctx.lang
    here = ctx.at(item.url)
    roles = t("list_separator").join(t(f"role_{r.value}") for r in record.audience)
    facts: list[Fact] = [
        fact(t("label_date"), time(ctx, record.date)),
        fact(t("label_city"), *place_link(ctx, here, item.place)),
        fact(t("label_organiser"), item.text("organiser", lang)),
        fact(t("label_audience"), roles),
        fact(t("label_hours"), hours_text(record.hours)),
        fact(t("label_participants"), str(record.participants)),
    ]
    materials = [MaterialLink(m.file, item.material_title(i, lang), m.file.rsplit(".", 1)[-1].upper(),
                              _size(len(item.blob(m.file))))
                 for i, m in enumerate(record.materials)]
    files: dict[str, str | bytes] = {m.file: item.blob(m.file) for m in record.materials}
    guides = [Link(here.link(g.url), g.text("title", lang)) for g in item.guides]
    return page(ctx, here, "training.html", item.text("title", lang), description=item.text("summary", lang),
                facts=facts, materials=materials, guides=guides, prose=prose(ctx, here, item),
                untranslated=untranslated(ctx, item), archive=here.link(city_url(item.place.city)),
                files=files)
