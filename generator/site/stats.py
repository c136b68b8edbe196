"""Statistics: stories, model workers and honours per city and per year, as bar charts with tables and CSV files.

Cities without a figure are folded into one line under their chart; a chart
whose figures are the same as an earlier one's (in the sample, every honour
went to a different model worker, so honours per year and model workers
honoured per year agree) is named under that chart instead of drawn twice.
Every statistic is published as a CSV file beside the page at a stable
address (`stats/<statistic>.csv`), whether it is drawn or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.honours import Series, statistics
from generator.site.charts import Chart, bar_chart
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link
from generator.site.tables import csv_table
from generator.site.trainings import cities_with_sessions, totals


@dataclass(frozen=True)
class Statistic:
    """One chart of the statistics page and what is said under it."""

    chart: Chart
    csv: Link
    folded: str
    """The line naming the cities without a figure, or empty."""
    same: tuple[Link, ...]
    """The CSV files of the statistics whose figures are this chart's, named by their titles."""


def file_name(series: Series) -> str:
    """The CSV file of a statistic: `stats_stories_by_city` → `stories-by-city.csv`."""
    return series.key.removeprefix("stats_").replace("_", "-") + ".csv"


def csv_text(headers: tuple[str, str], rows: list[tuple[str, int]], total_label: str) -> str:
    """A statistic as CSV (`tables.csv_table`): the header row, every row, then the total."""
    return csv_table(headers, [*rows, (total_label, sum(value for _, value in rows))])


def stats(ctx: Context) -> Page:
    t = ctx.t
    here = ctx.at("stats/")
    files: dict[str, str] = {}
    shown: list[tuple[Series, Chart, str, list[Link]]] = []
    for series in statistics(ctx.site, ctx.lang):
        by_city = series.key.endswith("_city")
        headers = (t("label_city") if by_city else t("label_year"), t(series.key + "_unit"))
        name = file_name(series)
        files[name] = csv_text(headers, series.rows, t("stats_total"))
        title = t(series.key)
        earlier = next((s for s in shown if s[0].key.endswith("_city") == by_city and s[0].rows == series.rows),
                       None)
        if earlier is not None:
            earlier[3].append(Link(name, title))
            continue
        rows = [(label, value) for label, value in series.rows if value] if by_city else series.rows
        chart = bar_chart(series.key.replace("_", "-"), title, rows, headers, total_label=t("stats_total"))
        shown.append((series, chart, _folded(ctx, series) if by_city else "", []))
    statistics_ = [Statistic(chart, Link(file_name(series), t("stats_download", title=chart.title)), folded,
                             tuple(same)) for series, chart, folded, same in shown]
    training, training_files = training_statistics(ctx)
    files |= training_files
    return page(ctx, here, "stats.html", t("stats_title"), stats=statistics_ + training, files=files,
                training_totals=totals(ctx.site.trainings), data=here.link("data/"))


TRAINING_KEYS = ("stats_trainings_by_city", "stats_training_participants_by_city")


def training_statistics(ctx: Context) -> tuple[list[Statistic], dict[str, str]]:
    """Training sessions and their participants per city (cities that held none are folded into one line), as
    charts and CSV files beside the page (`stats/trainings-by-city.csv`, `stats/training-participants-by-city.csv`)."""
    t = ctx.t
    held = dict((c.slug, items) for c, items in cities_with_sessions(ctx))
    cities = ctx.site.gazetteer.regions.cities
    out, files = [], {}
    for key, value in zip(TRAINING_KEYS, (len, lambda items: sum(i.record.participants for i in items)), strict=True):
        rows = [(ctx.name(c), value(held.get(c.slug, []))) for c in cities]
        headers = (t("label_city"), t(key + "_unit"))
        name = key.removeprefix("stats_").replace("_", "-") + ".csv"
        files[name] = csv_text(headers, rows, t("stats_total"))
        chart = bar_chart(key.replace("_", "-"), t(key), [r for r in rows if r[1]], headers,
                          total_label=t("stats_total"))
        empty = [label for label, n in rows if not n]
        folded = "" if not empty else ctx.t("stats_folded_all", n=len(empty)) if len(empty) == len(rows) else \
            ctx.t("stats_folded", n=len(empty), names=ctx.t("list_separator").join(empty))
        out.append(Statistic(chart, Link(name, t("stats_download", title=chart.title)), folded, ()))
    return out, files


def _folded(ctx: Context, series: Series) -> str:
    """The line naming the cities of `series` without a figure, or empty when every city has one."""
    empty = [label for label, value in series.rows if not value]
    if not empty:
        return ""
    if len(empty) == len(series.rows):
        return ctx.t("stats_folded_all", n=len(empty))
    return ctx.t("stats_folded", n=len(empty), names=ctx.t("list_separator").join(empty))
