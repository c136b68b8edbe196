"""Guides: the index by theme, one page per theme, and each guide's own page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Item
from generator.content.schema import Theme
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import Document, Link, fact, prose, theme_link, time, untranslated


@dataclass(frozen=True)
class GuideRow:
    """A guide in a list: its title, linked, and its summary."""

    link: Link
    summary: str


@dataclass(frozen=True)
class ThemeSection:
    theme: Link
    guides: list[GuideRow]


def _rows(ctx: Context, here: Here, guides: list[Item]) -> list[GuideRow]:
    return [GuideRow(Link(here.link(g.url), g.text("title", ctx.lang)), g.text("summary", ctx.lang))
            for g in guides]


def _of(ctx: Context, theme: Theme) -> list[Item]:
    return [g for g in ctx.site.guides if g.record.theme is theme]


def guides_index(ctx: Context) -> Page:
    here = ctx.at("guides/")
    sections = [ThemeSection(theme_link(ctx, here, theme.value), _rows(ctx, here, _of(ctx, theme)))
                for theme in Theme]
    return page(ctx, here, "guides.html", ctx.t("guides_title"), sections=sections)


def theme_page(ctx: Context, theme: Theme) -> Page:
    here = ctx.at(f"themes/{theme.value}/")
    return page(ctx, here, "theme.html", ctx.t("theme_" + theme.value),
                intro=ctx.t("theme_" + theme.value + "_desc"), guides=_rows(ctx, here, _of(ctx, theme)))


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
