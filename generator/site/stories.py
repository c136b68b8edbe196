"""Stories: each story's page (facts, body, photos, the workers in it), the listings by page and by year."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import StoryItem, WorkerItem
from generator.photos.derive import Purpose
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import (
    Fact,
    Link,
    Picture,
    StoryCard,
    WorkerCard,
    fact,
    has_picture,
    picture,
    place_link,
    prose,
    srcset,
    story_cards,
    time,
    untranslated,
    worker_cards,
)
from generator.site.safe import Block

PER_PAGE = 12
NEIGHBOURS = 2
"""A listing page links to this many pages on either side of it, besides the first and the last."""
GALLERY_SIZES = "(max-width: 760px) calc(100vw - 32px), 720px"


@dataclass(frozen=True)
class Figure:
    """A photo of the gallery with caption and credit; it opens in the lightbox (cg-lightbox.js)."""

    picture: Picture
    largest: str
    webp: str
    caption: str
    credit: str


@dataclass(frozen=True)
class StoryPage:
    facts: list[Fact]
    prose: tuple[Block, ...]
    gallery: list[Figure]
    workers: list[WorkerCard]
    untranslated: bool


@dataclass(frozen=True)
class PageLink:
    href: str
    number: int
    current: bool


@dataclass(frozen=True)
class Pagination:
    """Links to the other pages of a listing; empty when it has one page."""

    prev: str
    pages: list[PageLink | None]
    """The first page, the pages near this one and the last, in order; None where numbers are left out."""
    next: str


@dataclass(frozen=True)
class Listing:
    """One page of the story listing: links to the years, the cards, the other pages."""

    years: list[Link]
    cards: list[StoryCard]
    pagination: Pagination


def story(ctx: Context, item: StoryItem) -> Page:
    """The photos load first: the gallery's first, else the first worker's portrait, else the body's first image."""
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.url)
    author, unit = item.text("author", lang), item.text("unit", lang)
    facts = [
        fact(t("label_date"), time(ctx, item.record.date)),
        fact(t("label_city"), *place_link(ctx, here, item.place)),
        fact(t("label_community"), item.text("community", lang)),
        fact(t("label_author"), t("author_with_unit", author=author, unit=unit)),
        fact(t("label_tags"), *_spaced([Link(here.link(tag.url), tag.name(lang), "cg-tag") for tag in item.tags])),
    ]
    gallery = _gallery(ctx, here, item)
    workers = worker_cards(ctx, here, item.workers, eager=not gallery)
    body = prose(ctx, here, item, eager=not gallery and not has_picture(workers))
    context = StoryPage(facts, body, gallery, workers, untranslated(ctx, item))
    return page(ctx, here, "story.html", item.text("title", lang), description=item.text("summary", lang),
                image=share_image(ctx, item), story=context)


def _spaced(links: list[Link]) -> list[Link | str]:
    out: list[Link | str] = []
    for link in links:
        out += [" ", link] if out else [link]
    return out


def _gallery(ctx: Context, here: Here, item: StoryItem) -> list[Figure]:
    figures: list[Figure] = []
    for photo in item.photos():
        processed = ctx.photos[(f"{item.entry.folder}/{photo.file}", Purpose.GALLERY)]
        caption = item.caption(photo, ctx.lang)
        figures.append(Figure(picture(here, processed, caption, GALLERY_SIZES, eager=not figures),
                              here.media(processed.largest().file), srcset(here, processed.of("image/webp")),
                              caption, ctx.t("credit_line", credit=item.credit(photo, ctx.lang))))
    return figures


def share_image(ctx: Context, item: StoryItem | WorkerItem) -> str:
    """The og:image of a story (its first photo, else its first worker's portrait) or a profile."""
    if isinstance(item, StoryItem):
        sources = [f"{item.entry.folder}/{p.file}" for p in item.photos()[:1]]
        sources += [f"{w.entry.folder}/{w.record.portrait}" for w in item.workers]
    else:
        sources = [f"{item.entry.folder}/{item.record.portrait}"]
    found = [ctx.photos[(s, Purpose.SHARE)] for s in sources if (s, Purpose.SHARE) in ctx.photos]
    return f"media/{found[0].largest().file}" if found else ""


def _listing_url(number: int) -> str:
    return "stories/" if number == 1 else f"stories/page/{number}/"


def story_pages(ctx: Context) -> list[Page]:
    """Paginated story listings, newest first, and one listing per year."""
    t = ctx.t
    stories = ctx.site.stories
    count = max(1, -(-len(stories) // PER_PAGE))
    years = sorted({s.entry.group for s in stories}, reverse=True)
    out = []
    for number in range(1, count + 1):
        here = ctx.at(_listing_url(number))
        chunk = stories[(number - 1) * PER_PAGE: number * PER_PAGE]
        listing = Listing([Link(here.link(f"stories/{y}/"), str(y)) for y in years],
                          story_cards(ctx, here, chunk), pagination(here, number, count))
        title = t("stories_title") if number == 1 else t("stories_page_title", n=number)
        out.append(page(ctx, here, "stories.html", title, listing=listing))
    for year in sorted(years):
        here = ctx.at(f"stories/{year}/")
        cards = story_cards(ctx, here, [s for s in stories if s.entry.group == year])
        out.append(page(ctx, here, "story_cards.html", year_title(ctx, year), stories=cards))
    return out


def year_title(ctx: Context, year: str) -> str:
    """The title of a year's stories (`stories/<year>/`)."""
    return f"{ctx.t('stories_title')} · {year}"


def pagination(here: Here, number: int, count: int) -> Pagination:
    """Previous, the first page, the `NEIGHBOURS` on either side of this one, the last, next; nothing when there
    is one page. A province's listing has hundreds of pages: a phone shows a short row, not every number."""
    if count == 1:
        return Pagination("", [], "")
    return Pagination(here.link(_listing_url(number - 1)) if number > 1 else "",
                      [PageLink(here.link(_listing_url(n)), n, n == number) if n else None
                       for n in page_numbers(number, count)],
                      here.link(_listing_url(number + 1)) if number < count else "")


def page_numbers(number: int, count: int) -> list[int]:
    """The page numbers a listing's page `number` of `count` shows, with 0 for each run left out (a run of one
    number is shown instead)."""
    shown = sorted({1, count, *range(max(1, number - NEIGHBOURS), min(count, number + NEIGHBOURS) + 1)})
    out: list[int] = []
    for n in shown:
        if out and n - out[-1] == 2:
            out.append(n - 1)
        elif out and n - out[-1] > 2:
            out.append(0)
        out.append(n)
    return out
