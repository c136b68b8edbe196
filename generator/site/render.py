"""Site → pages, one Markdown file per page and language (pure).

Each page family has its module, which builds a typed context and fills one
template of `templates/` (Jinja, autoescape on). The body of an entry is the
only HTML that is not escaped: `safe.sanitised` renders and sanitises it.
mkdocs then renders the pages; the body's headings are Markdown so that it
makes the table of contents from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from generator.content.load import Kind
from generator.content.model import Item, Site
from generator.content.schema import Theme
from generator.editions import Edition, Lang
from generator.photos.derive import PhotoKey, Processed
from generator.site import (
    about,
    awards,
    chain,
    cities,
    contribute,
    guides,
    home,
    opendata,
    policies,
    stats,
    stories,
    tags,
    trainings,
    workers,
)
from generator.site.committees import committee_pages
from generator.site.crumbs import trail
from generator.site.facets import Facets, item_facets, page_facets
from generator.site.pages import Context, Page, converted

__all__ = ["OWN_PAGES", "Page", "item_pages", "render_site"]


def render_site(site: Site, edition: Edition, photos: Mapping[PhotoKey, Processed],
                kept: Mapping[str, Page] | None = None, order: list[str] | None = None) -> list[Page]:
    """Every page of `edition`; the pages in `kept` (by address, finished as this edition shows them) are taken as
    they are instead of rendered. They are own pages, or, with `order` (the addresses of all the pages in the
    order the last build made them), every page but the own pages to render."""
    kept = kept or {}
    ctx = Context(site, edition, photos)
    items = own_items(site)
    unkept = [item for item in items if item.url not in kept]
    made = [own_page(ctx, item) for item in unkept]
    shown = {url: page.title for url, page in kept.items()}
    if order is not None:  # only own pages are made: only theirs are faceted
        rendered = {page.url: page for page in _finished(ctx, made, facets=_own_facets(unkept, ctx.lang), shown=shown)}
        return [kept[url] if url in kept else rendered[url] for url in order]
    head = [home.home(ctx), guides.guides_index(ctx), policies.policies_index(ctx), workers.workers_index(ctx),
            cities.cities_index(ctx), awards.awards_index(ctx), tags.tags_index(ctx)]
    head += [guides.theme_page(ctx, theme) for theme in Theme]
    out = head + made
    out += [cities.city(ctx, c) for c in site.cities]
    out += [awards.award(ctx, a) for a in site.awards]
    out += [awards.notice(ctx, a) for a in site.awards if a.phase.is_public()]
    out += [awards.notice_original(ctx, a) for a in site.awards if a.phase.is_public() and a.record.amendments]
    out += awards.honour_pages(ctx)
    out.append(stats.stats(ctx))
    out.append(contribute.contribute(ctx))
    out += [tags.tag(ctx, t) for t in site.tags]
    out += stories.story_pages(ctx)
    out.append(about.about(ctx))
    out += committee_pages(ctx)
    out += [trainings.trainings_index(ctx), *trainings.city_archives(ctx)]
    out += [trainings.training(ctx, item) for item in site.trainings]
    out += [chain.chain_page(ctx), opendata.opendata(ctx)]
    done = _finished(ctx, out, shown=shown)
    fresh = iter(done[len(head):len(head) + len(made)])
    own = [kept[item.url] if item.url in kept else next(fresh) for item in items]
    return done[:len(head)] + own + done[len(head) + len(made):]


def own_items(site: Site) -> list[Item]:
    """The entries that have a page of their own among the site's pages, in the order `render_site` makes them
    (a training's page is made with the trainings' archive)."""
    return [*site.guides, *site.policies, *site.stories, *site.workers]


def _finished(ctx: Context, pages: list[Page], above: Mapping[str, str] | None = None,
              facets: Mapping[str, Facets] | None = None, shown: Mapping[str, str] | None = None) -> list[Page]:
    """The pages with their search facets (`facets`, else the whole site's) and breadcrumbs, as the edition shows
    them (a converted edition's converted); `above` gives the titles of the folders above pages not among
    `pages`, `shown` the titles of finished pages not among them, as the edition shows them."""
    facets = page_facets(ctx.site, ctx.lang) if facets is None else facets
    pages = [replace(page, search=facets.get(page.url)) for page in pages]
    pages = [converted(page, ctx.edition) for page in pages] if ctx.edition.converted else pages
    titles = {**(shown or {}), **{page.url: page.title for page in pages}}
    if above:
        titles |= {url: ctx.edition.convert(title) if ctx.edition.converted else title
                   for url, title in above.items() if url not in titles}
    t = ctx.edition.strings()
    return [replace(page, crumbs=trail(page.url, titles, t)) for page in pages]


OWN_PAGES: dict[Kind, Callable[[Context, Any], Page]] = {
    Kind.GUIDE: guides.guide, Kind.POLICY: policies.policy, Kind.STORY: stories.story, Kind.WORKER: workers.worker,
    Kind.TRAINING: trainings.training,
}
"""The kinds whose entries each have a page of their own, and the function that renders it."""


def own_page(ctx: Context, item: Item) -> Page:
    """The page of one entry of a kind in `OWN_PAGES`."""
    return OWN_PAGES[item.entry.kind](ctx, item)


def item_pages(site: Site, edition: Edition, photos: Mapping[PhotoKey, Processed], items: list[Item]) -> list[Page]:
    """The own pages of `items` (kinds in `OWN_PAGES`), as `render_site` makes them."""
    ctx = Context(site, edition, photos)
    above = {f"stories/{item.entry.group}/": stories.year_title(ctx, item.entry.group) for item in items
             if item.entry.kind is Kind.STORY}
    if any(item.entry.kind is Kind.TRAINING for item in items):
        above[trainings.ARCHIVE] = ctx.t("trainings_title")
    return _finished(ctx, [own_page(ctx, item) for item in items], above, _own_facets(items, ctx.lang))


def _own_facets(items: list[Item], lang: Lang) -> dict[str, Facets]:
    """The search facets of the own pages of `items`, by address (what `page_facets` gives them)."""
    return {item.url: found for item in items if (found := item_facets(item, lang)) is not None}
