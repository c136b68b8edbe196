"""Statistics: stories, model workers and honours per city and per year, as bar charts with tables."""

from __future__ import annotations

from generator.content.honours import statistics
from generator.site.charts import bar_chart
from generator.site.pages import Context, Page, page


def stats(ctx: Context) -> Page:
    t = ctx.t
    charts = []
    for series in statistics(ctx.site, ctx.lang):
        headers = (t("label_year") if series.key.endswith("_year") else t("label_city"), t(series.key + "_unit"))
        charts.append(bar_chart(series.key.replace("_", "-"), t(series.key), series.rows, headers))
    return page(ctx, ctx.at("stats/"), "stats.html", t("stats_title"), charts=charts)
