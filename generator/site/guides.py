"""Guides: the index by theme, one page per theme, and each guide's own page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Item
from generator.schema import Theme
from generator.site.pages import Edition, Here, Page, page
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


def _rows(edition: Edition, here: Here, guides: list[Item]) -> list[GuideRow]:
    return [GuideRow(Link(here.link(g.url), g.text("title", edition.lang)), g.text("summary", edition.lang))
            for g in guides]


def _of(edition: Edition, theme: Theme) -> list[Item]:
    return [g for g in edition.site.guides if g.record.theme is theme]


def guides_index(edition: Edition) -> Page:
    here = edition.at("guides/")
    sections = [ThemeSection(theme_link(edition, here, theme.value), _rows(edition, here, _of(edition, theme)))
                for theme in Theme]
    return page(edition, here, "guides.html", edition.t("guides_title"), sections=sections)


def theme_page(edition: Edition, theme: Theme) -> Page:
    here = edition.at(f"themes/{theme.value}/")
    return page(edition, here, "theme.html", edition.t("theme_" + theme.value),
                intro=edition.t("theme_" + theme.value + "_desc"), guides=_rows(edition, here, _of(edition, theme)))


def guide(edition: Edition, item: Item) -> Page:
    g = item.record
    t, lang = edition.t, edition.lang
    here = edition.at(item.url)
    audience = ("、" if lang == "zh" else ", ").join(t("audience_" + a.value) for a in g.audience)
    facts = [
        fact(t("nav_guides"), theme_link(edition, here, g.theme.value)),
        fact(t("label_audience"), audience),
        fact(t("label_updated"), time(edition, g.updated)),
        fact(t("label_source"), item.text("source", lang) or ""),
    ]
    context = Document(facts, prose(edition, here, item), untranslated(edition, item))
    return page(edition, here, "document.html", item.text("title", lang), description=item.text("summary", lang),
                document=context)
