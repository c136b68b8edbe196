"""Cities: the table of cities and each city's stories and model workers."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import CityItem
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link, has_picture, story_cards, worker_cards


@dataclass(frozen=True)
class CityRow:
    city: Link
    stories: int
    workers: int


def cities_index(ctx: Context) -> Page:
    here = ctx.at("cities/")
    rows = [CityRow(Link(here.link(c.url), c.name(ctx.lang)), len(c.stories), len(c.workers))
            for c in ctx.site.cities]
    return page(ctx, here, "cities.html", ctx.t("cities_title"), rows=rows)


def city(ctx: Context, item: CityItem) -> Page:
    here = ctx.at(item.url)
    stories = story_cards(ctx, here, item.stories)
    workers = worker_cards(ctx, here, item.workers, eager=not has_picture(stories))
    return page(ctx, here, "city.html", item.name(ctx.lang), stories=stories, workers=workers)
