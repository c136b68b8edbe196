"""Search facets of the pages that search covers (pure).

A page with facets is indexed; its facets become Pagefind filters (type,
city, year, role, award) and a sort key (date), so lists such as the honour
roll or the stories of one city can be shown by filter alone. Every public
page a reader looks for is covered: entries, award pages and their 公示
notices, honour rolls (by year and by city), city and theme pages. Type and
role are stored as keys; a type is shown by the name of its navigation
section (`ContentType.nav`, the `nav_*` strings), a role through `role_*`;
city and award names are stored in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from generator.content.honours import honour_roll
from generator.content.load import Kind
from generator.content.model import (
    AwardItem,
    CityItem,
    Honour,
    Item,
    Site,
    StoryItem,
    WorkerItem,
    in_lang,
)
from generator.content.schema import Theme
from generator.editions import Lang

Facets = dict[str, list[str]]
"""Filter name → values; the key `date` holds the sort key (one ISO date)."""
UNDATED = "0001-01-01"
"""Sort key of a page with no date of its own: every page needs one, or sorted lists leave it out."""


class ContentType(str, Enum):
    """What a search result is, by the navigation section it belongs to; the `type` filter."""

    GUIDE = "guide"
    STORY = "story"
    WORKER = "worker"
    POLICY = "policy"
    CITY = "city"
    AWARD = "award"
    HONOURS = "honours"

    @property
    def nav(self) -> str:
        """The interface string naming this type: its navigation section's (one name for both)."""
        return _NAV[self]


_NAV = {ContentType.GUIDE: "nav_guides", ContentType.STORY: "nav_stories", ContentType.WORKER: "nav_workers",
        ContentType.POLICY: "nav_policies", ContentType.CITY: "nav_cities", ContentType.AWARD: "nav_awards",
        ContentType.HONOURS: "nav_honours"}


def _city(item: Item, lang: Lang) -> list[str]:
    place = getattr(item.entry, "place", None)
    if place is None:
        return []
    return [in_lang(lang, place.city.zh, place.city.en)]


def _facets(kind: ContentType, *, city: Sequence[str] = (), year: Sequence[int] = (), role: Sequence[str] = (),
            award: Sequence[str] = (), date: str = "") -> Facets:
    facets: Facets = {"type": [kind.value]}
    for name, values in (("city", city), ("year", [str(y) for y in sorted(set(year))]), ("role", role),
                         ("award", award)):
        if values:
            facets[name] = list(dict.fromkeys(values))
    if date:
        facets["date"] = [date]
    return facets


def item_facets(item: Item, lang: Lang) -> Facets | None:
    """The facets of an entry's own page; None for a kind whose pages search does not sort."""
    if item.entry.kind is Kind.GUIDE:
        return _facets(ContentType.GUIDE, date=item.record.updated.isoformat())
    if item.entry.kind is Kind.POLICY:
        return _facets(ContentType.POLICY, year=[item.record.date.year], date=item.record.date.isoformat())
    if isinstance(item, StoryItem):
        return _story(item, lang)
    if isinstance(item, WorkerItem):
        return _worker(item, lang)
    return None


def page_facets(site: Site, lang: Lang) -> dict[str, Facets]:
    """Page address → facets, for every page that search covers."""
    out = {item.url: found for item in [*site.guides, *site.policies, *site.stories, *site.workers]
           if (found := item_facets(item, lang)) is not None}
    for award in site.awards:
        out[award.url] = _award(award, lang)
        if award.phase.is_public():
            out[award.notice_url] = _facets(ContentType.AWARD, year=[int(award.record.year)],
                                            award=[award.text("name", lang)],
                                            date=award.record.publicity.start.isoformat())
    for city in site.cities:
        out[city.url] = _city_page(city, lang)
    for theme in Theme:
        guides = [g for g in site.guides if g.record.theme is theme]
        out[f"themes/{theme.value}/"] = _facets(
            ContentType.GUIDE, date=max((g.record.updated.isoformat() for g in guides), default=UNDATED))
    out |= _honours(site, lang)
    return out


def _city_page(city: CityItem, lang: Lang) -> Facets:
    dates = [s.record.date.isoformat() for s in city.stories]
    return _facets(ContentType.CITY, city=[city.name(lang)], date=max(dates, default=UNDATED))


def _honours(site: Site, lang: Lang) -> dict[str, Facets]:
    """The honour rolls: all honours, each year's, each city's (the pages `site/awards.honour_pages` makes)."""
    roll = honour_roll(site)
    years = roll.years()

    def awards(honours: Sequence[Honour]) -> list[str]:
        return [a.text("name", lang) for a in roll.awards if any(h.award is a for h in honours)]

    out = {"honors/": _facets(ContentType.HONOURS, year=years, award=awards(roll.honours),
                              date=f"{years[0]:04d}-12-31" if years else UNDATED)}
    for year in years:
        out[f"honors/{year}/"] = _facets(ContentType.HONOURS, year=[year], award=awards(roll.of_year(year)),
                                         date=f"{year:04d}-12-31")
    for city in roll.cities:
        newest = max(h.year for h in city.honours)
        out[city.url] = _facets(ContentType.HONOURS, city=[in_lang(lang, city.city.zh, city.city.en)],
                                year=[h.year for h in city.honours], award=awards(city.honours),
                                date=f"{newest:04d}-12-31")
    return out


def _story(story: StoryItem, lang: Lang) -> Facets:
    return _facets(ContentType.STORY, city=_city(story, lang), year=[story.record.date.year],
                   role=[w.record.role.value for w in story.workers], date=story.record.date.isoformat())


def _worker(worker: WorkerItem, lang: Lang) -> Facets:
    """A worker sorts by the newest of their honours and stories (Pagefind leaves out pages without the key)."""
    dates = [f"{h.year:04d}-12-31" for h in worker.honours] + [s.record.date.isoformat() for s in worker.stories]
    return _facets(ContentType.WORKER, city=_city(worker, lang), year=[h.year for h in worker.honours],
                   role=[worker.record.role.value], award=[h.award.text("name", lang) for h in worker.honours],
                   date=max(dates, default=UNDATED))


def _award(award: AwardItem, lang: Lang) -> Facets:
    return _facets(ContentType.AWARD, year=[int(award.record.year)], award=[award.text("name", lang)],
                   date=f"{int(award.record.year):04d}-12-31")
