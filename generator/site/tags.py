"""Story tags: the list of tags with their counts, and each tag's stories."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Tag
from generator.site.pages import Edition, Page, page
from generator.site.pieces import Link, story_cards


@dataclass(frozen=True)
class TagLink:
    link: Link
    count: int


def tags_index(edition: Edition) -> Page:
    here = edition.at("tags/")
    site = edition.site
    tags = [TagLink(Link(here.link(t.url), t.name(edition.lang)), len(site.stories_by_tag[t.slug])) for t in site.tags]
    return page(edition, here, "tags.html", edition.t("label_tags"), tags=tags)


def tag(edition: Edition, item: Tag) -> Page:
    here = edition.at(item.url)
    stories = story_cards(edition, here, edition.site.stories_by_tag[item.slug])
    return page(edition, here, "story_cards.html", edition.t("tag_title", name=item.name(edition.lang)),
                stories=stories)
