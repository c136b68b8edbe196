"""Honour rolls and site statistics: listings drawn from the Site (pure).

The Site already knows every award received (`Site.honours`); this module
groups them the ways the honour pages show them — by year, by award, by
city — and counts stories, model workers and honours per city and per year
for the statistics page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.content.model import AwardItem, Honour, Site, in_lang
from generator.content.schema import City
from generator.editions import Lang


@dataclass(frozen=True)
class CityRoll:
    """The honours of one city, newest first."""

    city: City
    honours: list[Honour]

    @property
    def url(self) -> str:
        return f"honors/cities/{self.city.slug}/"


@dataclass(frozen=True)
class Roll:
    """Every honour of the site, grouped for the honour pages."""

    honours: list[Honour]
    """Newest award first, then by city in gazetteer order, then by name of the nomination file."""
    awards: list[AwardItem]
    """Awards with at least one honour, newest first."""
    cities: list[CityRoll]
    """Cities with at least one honour, in gazetteer order."""

    def years(self) -> list[int]:
        """Years with at least one honour, newest first."""
        return sorted({h.year for h in self.honours}, reverse=True)

    def of_year(self, year: int) -> list[Honour]:
        return [h for h in self.honours if h.year == year]

    def of_award(self, award: AwardItem) -> list[Honour]:
        return [h for h in self.honours if h.award is award]


def honour_roll(site: Site) -> Roll:
    """The honour roll of `site`."""
    cities = site.gazetteer.regions.cities
    order = {c.slug: i for i, c in enumerate(cities)}
    honours = sorted(site.honours, key=lambda h: (-h.year, h.award.slug, order[h.nominee.place.city.slug],
                                                  h.nominee.slug))
    awards = [a for a in site.awards if any(h.award is a for h in honours)]
    by_city = [CityRoll(c, [h for h in honours if h.nominee.place.city.slug == c.slug]) for c in cities]
    return Roll(honours, awards, [c for c in by_city if c.honours])


@dataclass(frozen=True)
class Series:
    """One statistic: a label and a count per row, in display order."""

    key: str
    """Interface-string key of the chart's title, e.g. `stats_stories_by_city`."""
    rows: list[tuple[str, int]]


def statistics(site: Site, lang: Lang) -> list[Series]:
    """Stories, model workers and honours per city; stories, model workers honoured and honours per year."""
    cities = site.gazetteer.regions.cities

    def name(city: City) -> str:
        return in_lang(lang, city.zh, city.en)

    stories = Counter(s.place.city.slug for s in site.stories)
    workers = Counter(w.place.city.slug for w in site.workers)
    honours = Counter(h.nominee.place.city.slug for h in site.honours)
    story_years = Counter(s.record.date.year for s in site.stories)
    honour_years = Counter(h.year for h in site.honours)
    worker_years = Counter(year for year, _ in {(h.year, h.nominee.slug) for h in site.honours if h.nominee.worker})
    years = sorted(set(story_years) | set(honour_years))
    return [
        Series("stats_stories_by_city", [(name(c), stories[c.slug]) for c in cities]),
        Series("stats_workers_by_city", [(name(c), workers[c.slug]) for c in cities]),
        Series("stats_honours_by_city", [(name(c), honours[c.slug]) for c in cities]),
        Series("stats_stories_by_year", [(str(y), story_years[y]) for y in years]),
        Series("stats_workers_by_year", [(str(y), worker_years[y]) for y in years]),
        Series("stats_honours_by_year", [(str(y), honour_years[y]) for y in years]),
    ]
