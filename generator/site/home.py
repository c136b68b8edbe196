"""The home page: notices under publicity, the latest stories, featured workers, the guides' themes."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Phase
from generator.content.schema import Theme
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link, has_picture, notice_title, story_cards, theme_link, worker_cards

HOME_STORIES = 6
HOME_WORKERS = 8


@dataclass(frozen=True)
class Publicity:
    """A 公示 notice open for objections now."""

    notice: Link
    period: str


@dataclass(frozen=True)
class ThemeCard:
    theme: Link
    description: str
    guides: int


def home(ctx: Context) -> Page:
    t, site = ctx.t, ctx.site
    here = ctx.at("")
    publicity = [Publicity(Link(here.link(a.notice_url), notice_title(ctx, a)),
                           t("award_period_range", start=t.date(a.record.publicity.start),
                             end=t.date(a.record.publicity.end)))
                 for a in site.awards if a.phase is Phase.PUBLICITY]
    stories = story_cards(ctx, here, site.stories[:HOME_STORIES])
    featured = sorted(site.workers, key=lambda w: (-len(w.honours), -len(w.stories), w.slug))
    workers = worker_cards(ctx, here, featured[:HOME_WORKERS], eager=not has_picture(stories))
    themes = [ThemeCard(theme_link(ctx, here, theme.value), t("theme_" + theme.value + "_desc"),
                        sum(1 for g in site.guides if g.record.theme is theme)) for theme in Theme]
    return page(ctx, here, "home.html", t("home_title"), description=t("site_description"),
                publicity=publicity, stories=stories, workers=workers, themes=themes)
