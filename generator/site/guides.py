"""Guides: the index by theme, one page per theme (with its stories, model workers and policies), and each guide's
own page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Item
from generator.content.schema import Theme
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import (
    Document,
    Link,
    fact,
    has_picture,
    prose,
    story_cards,
    theme_link,
    time,
    untranslated,
    worker_cards,
)
from generator.site.policies import policy_rows


@dataclass(frozen=True)
class GuideRow:
    """A guide in a list: its title, linked, and its summary."""

    link: Link
    summary: str


@dataclass(frozen=True)
class ThemeSection:
    theme: Link
    guides: list[GuideRow]


def guide_rows(ctx: Context, here: Here, guides: list[Item]) -> list[GuideRow]:
    """The guides as `guide_list` lists them: title, linked, and summary."""
    return [GuideRow(Link(here.link(g.url), g.text("title", ctx.lang)), g.text("summary", ctx.lang))
            for g in guides]


def _of(ctx: Context, theme: Theme) -> list[Item]:
    return [g for g in ctx.site.guides if g.record.theme is theme]


def guides_index(ctx: Context) -> Page:
    here = ctx.at("guides/")
    sections = [ThemeSection(theme_link(ctx, here, theme.value), guide_rows(ctx, here, _of(ctx, theme)))
                for theme in Theme]
    return page(ctx, here, "guides.html", ctx.t("guides_title"), sections=sections)


def theme_page(ctx: Context, theme: Theme) -> Page:
    """A theme: its guides, the stories whose tags belong to it (`tags.yml`), their model workers, and the
    policies that name it."""
    site = ctx.site
    here = ctx.at(f"themes/{theme.value}/")
    stories = [s for s in site.stories if any(tag.theme is theme for tag in s.tags)]
    named = {w.slug for s in stories for w in s.workers}
    story_list = story_cards(ctx, here, stories)
    workers = worker_cards(ctx, here, [w for w in site.workers if w.slug in named], eager=not has_picture(story_list))
    policies = policy_rows(ctx, here, [p for p in site.policies if theme in p.record.themes])
    return page(ctx, here, "theme.html", ctx.t("theme_" + theme.value),
                intro=ctx.t("theme_" + theme.value + "_desc"), guides=guide_rows(ctx, here, _of(ctx, theme)),
                stories=story_list, workers=workers, policies=policies,
                committees=here.link("committees/") if theme is Theme.HEALTH_COMMITTEE else "",
                theme_pages=[Link(here.link(url), ctx.t(key)) for url, key in THEME_PAGES.get(theme, ())])


THEME_PAGES: dict[Theme, tuple[tuple[str, str], ...]] = {
    Theme.MOBILISATION: (("themes/mobilisation/chain/", "chain_title"),),
    Theme.TRAINING: (("trainings/", "trainings_title"),),
}
"""The pages a theme's page links to beside its guides, by address and the string naming them."""


def guide(ctx: Context, item: Item) -> Page:
    g = item.record
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.url)
    audience = t("list_separator").join(t("audience_" + a.value) for a in g.audience)
    facts = [
        fact(t("nav_guides"), theme_link(ctx, here, g.theme.value)),
        fact(t("label_audience"), audience),
        fact(t("label_updated"), time(ctx, g.updated)),
        fact(t("label_source"), item.text("source", lang) or ""),
    ]
    context = Document(facts, prose(ctx, here, item), untranslated(ctx, item))
    return page(ctx, here, "document.html", item.text("title", lang), description=item.text("summary", lang),
                document=context)
