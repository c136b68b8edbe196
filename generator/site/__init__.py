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

from generator.facets import page_facets
from generator.load import Kind
from generator.model import Item, Lang, Site
from generator.photos import PhotoKey, Processed
from generator.schema import Theme
from generator.site import awards, cities, guides, home, policies, stats, stories, tags, workers
from generator.site.pages import Edition, Page

__all__ = ["OWN_PAGES", "Page", "item_pages", "render_site"]


def _edition(site: Site, lang: Lang, photos: Mapping[PhotoKey, Processed], folder_depth: int | None) -> Edition:
    return Edition(site, lang, photos, (0 if lang == "zh" else 1) if folder_depth is None else folder_depth)


def render_site(site: Site, lang: Lang, photos: Mapping[PhotoKey, Processed], *,
                folder_depth: int | None = None) -> list[Page]:
    """Every page of `lang`; `folder_depth` is how far its root lies below the site root (default: 0 for zh)."""
    edition = _edition(site, lang, photos, folder_depth)
    out = [home.home(edition), guides.guides_index(edition), policies.policies_index(edition),
           workers.workers_index(edition), cities.cities_index(edition), awards.awards_index(edition),
           tags.tags_index(edition)]
    out += [guides.theme_page(edition, theme) for theme in Theme]
    out += [own_page(edition, item) for item in [*site.guides, *site.policies, *site.stories, *site.workers]]
    out += [cities.city(edition, c) for c in site.cities]
    out += [awards.award(edition, a) for a in site.awards]
    out += [awards.notice(edition, a) for a in site.awards if a.phase.is_public()]
    out += awards.honour_pages(edition)
    out.append(stats.stats(edition))
    out += [tags.tag(edition, t) for t in site.tags]
    out += stories.story_pages(edition)
    facets = page_facets(site, lang)
    return [replace(page, search=facets.get(page.url)) for page in out]


OWN_PAGES: dict[Kind, Callable[[Edition, Any], Page]] = {
    Kind.GUIDE: guides.guide, Kind.POLICY: policies.policy, Kind.STORY: stories.story, Kind.WORKER: workers.worker,
}
"""The kinds whose entries each have a page of their own, and the function that renders it."""


def own_page(edition: Edition, item: Item) -> Page:
    """The page of one entry of a kind in `OWN_PAGES`."""
    return OWN_PAGES[item.entry.kind](edition, item)


def item_pages(site: Site, lang: Lang, photos: Mapping[PhotoKey, Processed], items: list[Item], *,
               folder_depth: int | None = None) -> list[Page]:
    """The own pages of `items` (kinds in `OWN_PAGES`), as `render_site` makes them."""
    edition = _edition(site, lang, photos, folder_depth)
    facets = page_facets(site, lang)
    return [replace(own_page(edition, item), search=facets.get(item.url)) for item in items]
