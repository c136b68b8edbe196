"""Story tags: the list of tags with their counts, and each tag's stories."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Tag
from generator.site.pages import Context, Page, page
from generator.site.pieces import Link, story_cards


@dataclass(frozen=True)
class TagLink:
    link: Link
    count: int


def tags_index(ctx: Context) -> Page:
    here = ctx.at("tags/")
    site = ctx.site
    tags = [TagLink(Link(here.link(t.url), t.name(ctx.lang)), len(site.stories_by_tag[t.slug])) for t in site.tags]
    return page(ctx, here, "tags.html", ctx.t("label_tags"), tags=tags)


def tag(ctx: Context, item: Tag) -> Page:
    here = ctx.at(item.url)
    stories = story_cards(ctx, here, ctx.site.stories_by_tag[item.slug])
    return page(ctx, here, "story_cards.html", ctx.t("tag_title", name=item.name(ctx.lang)),
                stories=stories)
