"""Cities: the table of cities and each city's stories, model workers and honours.

A city with no story yet shows the province's newest guides instead, and
every city page says how to contribute (`contribute/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.honours import CityRoll
from generator.content.model import CityItem
from generator.site.awards import HonourCard, honour_card
from generator.site.guides import GuideRow, guide_rows
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link, has_picture, story_cards, worker_cards

CITY_GUIDES = 6
"""How many of the province's newest guides a city page without stories lists."""


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
    site = ctx.site
    here = ctx.at(item.url)
    stories = story_cards(ctx, here, item.stories)
    workers = worker_cards(ctx, here, item.workers, eager=not has_picture(stories))
    honours = [h for h in site.honours if h.nominee.place.city.slug == item.city.slug]
    honour_cards: list[HonourCard] = [honour_card(ctx, here, h) for h in honours]
    guides: list[GuideRow] = []
    if not item.stories:
        newest = sorted(site.guides, key=lambda g: (-g.record.updated.toordinal(), g.slug))[:CITY_GUIDES]
        guides = guide_rows(ctx, here, newest)
    return page(ctx, here, "city.html", item.name(ctx.lang), stories=stories, workers=workers,
                honours=honour_cards, honour_roll=here.link(CityRoll(item.city, honours).url) if honours else "",
                guides=guides, all_guides=here.link("guides/"), contribute=here.link("contribute/"),
                committees=here.link(f"committees/{item.city.slug}/"))
