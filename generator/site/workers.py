"""Model workers: the index and each worker's profile."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import WorkerItem
from generator.site.pages import Context, Page, page
from generator.site.pieces import (
    Fact,
    Link,
    Picture,
    StoryCard,
    decision_citation,
    fact,
    has_picture,
    place_link,
    portrait,
    post,
    prose,
    story_cards,
    untranslated,
    worker_cards,
)
from generator.site.safe import Block
from generator.site.stories import share_image


@dataclass(frozen=True)
class HonourRow:
    """An award the worker received, with its level, issuer and the post held then."""

    award: Link
    details: str


@dataclass(frozen=True)
class Profile:
    portrait: Picture | None
    facts: list[Fact]
    honours: list[HonourRow]
    prose: tuple[Block, ...]
    stories: list[StoryCard]
    untranslated: bool


def workers_index(ctx: Context) -> Page:
    here = ctx.at("workers/")
    return page(ctx, here, "workers.html", ctx.t("workers_title"),
                workers=worker_cards(ctx, here, ctx.site.workers))


def worker(ctx: Context, item: WorkerItem) -> Page:
    """A profile: portrait, post, community, deeds, every award received, stories.

    The portrait loads first; without one, the first story card's photo, else the body's first image."""
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.url)
    image = portrait(ctx, here, item, "240px", css="cg-portrait cg-portrait--large", eager=True)
    facts = [
        fact(t("label_role"), t("role_" + item.record.role.value)),
        fact(t("label_city"), *place_link(ctx, here, item.place)),
        fact(t("label_community"), item.text("community", lang)),
        fact(t("label_deeds"), item.text("deeds", lang)),
    ]
    honours = []
    for h in sorted(item.honours, key=lambda h: (-h.year, h.award.slug)):
        at = t("label_separator").join(x for x in (post(ctx, h.nominee), h.nominee.community(lang)) if x)
        details = " · ".join((t("level_" + h.award.record.level.value), h.award.text("issuer", lang),
                              t("honour_as_of", details=at), decision_citation(ctx, h.award)))
        honours.append(HonourRow(Link(here.link(h.award.url), h.award.text("name", lang)), details))
    stories = story_cards(ctx, here, item.stories, eager=image is None)
    body = prose(ctx, here, item, eager=image is None and not has_picture(stories))
    context = Profile(image, facts, honours, body, stories, untranslated(ctx, item))
    return page(ctx, here, "worker.html", item.name(lang), description=item.text("deeds", lang),
                image=share_image(ctx, item), worker=context)
