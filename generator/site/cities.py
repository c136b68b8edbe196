"""Cities: the table of cities and each city's stories and model workers."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import CityItem
from generator.site.pages import Edition, Page, page
from generator.site.pieces import Link, has_picture, story_cards, worker_cards


@dataclass(frozen=True)
class CityRow:
    city: Link
    stories: int
    workers: int


def cities_index(edition: Edition) -> Page:
    here = edition.at("cities/")
    rows = [CityRow(Link(here.link(c.url), c.name(edition.lang)), len(c.stories), len(c.workers))
            for c in edition.site.cities]
    return page(edition, here, "cities.html", edition.t("cities_title"), rows=rows)


def city(edition: Edition, item: CityItem) -> Page:
    here = edition.at(item.url)
    stories = story_cards(edition, here, item.stories)
    workers = worker_cards(edition, here, item.workers, eager=not has_picture(stories))
    return page(edition, here, "city.html", item.name(edition.lang), stories=stories, workers=workers)
