"""The pieces several page families show: pictures, cards, facts, an entry's body.

Each is a typed value built here and drawn by a macro of `templates/macros.html`.
Only the first picture of a page loads at once; the families say which one
that is (`eager=`), in the order their pages have always chosen it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar, Protocol, TypeVar

from generator.content import markup
from generator.content.model import AwardItem, Item, Nominee, Phase, StoryItem, WorkerItem
from generator.content.schema import Recipients
from generator.content.validate import Place
from generator.photos.derive import Processed, Purpose, Variant
from generator.site.pages import Context, Here, render
from generator.site.safe import Block, sanitised

PHONE_MEDIA = "(max-width: 760px)"
PHONE_WIDTH = 960
"""The widest photo file offered to a phone: 960 px covers a 390-px screen at 2× and nearly at 3×."""
CARD_SIZES = "(max-width: 600px) 100vw, 320px"
PORTRAIT_SIZES = "120px"
PROSE_SIZES = "(max-width: 760px) 100vw, 720px"


@dataclass(frozen=True)
class Picture:
    """A responsive `<picture>`: WebP with a JPEG fallback, sized to avoid layout shift."""

    src: str
    """The JPEG fallback: the first at least `PHONE_WIDTH` wide, else the largest."""
    srcset: str
    webp: str
    """Every WebP width; empty when there is no WebP."""
    phone_webp: str
    """The WebP widths up to `PHONE_WIDTH`, offered to phones; empty when that is all of them (or none)."""
    sizes: str
    width: int
    height: int
    alt: str
    css: str = ""
    eager: bool = False
    """The page's first picture loads at once (`fetchpriority="high"`), the others lazily."""
    phone_media: str = PHONE_MEDIA


def srcset(here: Here, variants: list[Variant]) -> str:
    return ", ".join(f"{here.media(v.file)} {v.width}w" for v in variants)


def picture(here: Here, processed: Processed, alt: str, sizes: str, *, css: str = "", eager: bool = False) -> Picture:
    """The picture of `processed`: phones get files at most `PHONE_WIDTH` wide, wider screens every width."""
    jpeg = processed.of("image/jpeg")
    webp = processed.of("image/webp")
    big = jpeg[-1]
    phone = [v for v in webp if v.width <= PHONE_WIDTH]
    fallback = next((v for v in jpeg if v.width >= PHONE_WIDTH), big)
    return Picture(here.media(fallback.file), srcset(here, jpeg), srcset(here, webp),
                   srcset(here, phone) if phone and len(phone) < len(webp) else "",
                   sizes, big.width, big.height, alt, css, eager)


def portrait(ctx: Context, here: Here, worker: WorkerItem, sizes: str = PORTRAIT_SIZES, *,
             css: str = "cg-portrait", eager: bool = False) -> Picture | None:
    """A worker's portrait, when it is published."""
    processed = ctx.photos.get((f"{worker.entry.folder}/{worker.record.portrait}", Purpose.PORTRAIT))
    return picture(here, processed, worker.name(ctx.lang), sizes, css=css, eager=eager) if processed else None


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    css: str = ""
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class Time:
    day: date
    text: str
    kind: ClassVar[str] = "time"


@dataclass(frozen=True)
class Searched:
    """Text a page is found by but does not show (another form of what it shows, e.g. a document number)."""

    text: str
    kind: ClassVar[str] = "searched"


Inline = str | Link | Time | Searched
"""A run of a fact's value: plain text, a link, a date, or text only searched."""


@dataclass(frozen=True)
class Fact:
    """One row of a facts list; a row whose value is empty is left out."""

    label: str
    value: tuple[Inline, ...]


def fact(label: str, *value: Inline) -> Fact:
    return Fact(label, tuple(v for v in value if v))


def time(ctx: Context, day: date) -> Time:
    return Time(day, ctx.t.date(day))


def place_link(ctx: Context, here: Here, place: Place) -> tuple[Inline, ...]:
    """The city, linked to its page, and the district."""
    city = Link(here.link(f"cities/{place.city.slug}/"), ctx.name(place.city))
    local = local_name(ctx, place)
    return (city, f" · {local}") if local else (city,)


def local_name(ctx: Context, place: Place) -> str:
    """The county-level division, else the town written in the entry, else ``."""
    return ctx.name(place.division) if place.division else place.town or ""


def theme_link(ctx: Context, here: Here, theme_value: str) -> Link:
    return Link(here.link(f"themes/{theme_value}/"), ctx.t("theme_" + theme_value))


@dataclass(frozen=True)
class StoryCard:
    macro: ClassVar[str] = "story_card"
    href: str
    title: str
    day: Time
    city: str
    summary: str
    picture: Picture | None


@dataclass(frozen=True)
class WorkerCard:
    macro: ClassVar[str] = "worker_card"
    href: str
    name: str
    role: str
    city: str
    community: str
    deeds: str
    picture: Picture | None


def story_cards(ctx: Context, here: Here, stories: list[StoryItem], *, eager: bool = True) -> list[StoryCard]:
    """The stories' cards; with `eager`, the first card with a photo loads it at once."""
    return eager_first([story_card(ctx, here, s) for s in stories], eager)


def story_card(ctx: Context, here: Here, story: StoryItem) -> StoryCard:
    key = ("story", story.url, here.levels)
    if key not in ctx.made:
        ctx.made[key] = _story_card(ctx, here, story)
    return ctx.made[key]


def _story_card(ctx: Context, here: Here, story: StoryItem) -> StoryCard:
    photos = story.photos()
    thumb = None
    if photos:
        processed = ctx.photos[(f"{story.entry.folder}/{photos[0].file}", Purpose.GALLERY)]
        thumb = picture(here, processed, story.caption(photos[0], ctx.lang), CARD_SIZES, css="cg-card__image")
    return StoryCard(here.link(story.url), story.text("title", ctx.lang), time(ctx, story.record.date),
                     ctx.name(story.place.city), story.text("summary", ctx.lang), thumb)


def worker_cards(ctx: Context, here: Here, workers: list[WorkerItem], *, eager: bool = True) -> list[WorkerCard]:
    """The workers' cards; with `eager`, the first card with a portrait loads it at once."""
    return eager_first([worker_card(ctx, here, w) for w in workers], eager)


def worker_card(ctx: Context, here: Here, worker: WorkerItem) -> WorkerCard:
    key = ("worker", worker.url, here.levels)
    if key not in ctx.made:
        ctx.made[key] = _worker_card(ctx, here, worker)
    return ctx.made[key]


def _worker_card(ctx: Context, here: Here, worker: WorkerItem) -> WorkerCard:
    lang = ctx.lang
    return WorkerCard(here.link(worker.url), worker.name(lang), ctx.t("role_" + worker.record.role.value),
                      ctx.name(worker.place.city), worker.text("community", lang),
                      worker.text("deeds", lang), portrait(ctx, here, worker))


class Pictured(Protocol):
    """A card that may show a picture."""

    @property
    def picture(self) -> Picture | None: ...


PicturedCard = TypeVar("PicturedCard", bound=Pictured)


def eager_first(cards: list[PicturedCard], eager: bool = True) -> list[PicturedCard]:
    """The cards, the first that has a picture loading it at once when `eager`."""
    first = next((i for i, card in enumerate(cards) if card.picture), None)
    if not eager or first is None:
        return cards
    card = cards[first]
    assert card.picture is not None
    eager_card = replace(card, picture=replace(card.picture, eager=True))  # type: ignore[type-var]
    return cards[:first] + [eager_card] + cards[first + 1:]


def has_picture(cards: Sequence[Pictured]) -> bool:
    return any(card.picture for card in cards)


def prose(ctx: Context, here: Here, item: Item, *, eager: bool = True) -> tuple[Block, ...]:
    """An entry's body in this language; with `eager`, its first image loads at once."""
    body, _ = item.body(ctx.lang)
    folder = item.entry.folder
    shown: list[str] = []

    def resolve(ref: str, alt: str) -> markup.ImageHtml | None:
        processed = ctx.photos.get((f"{folder}/{ref}", Purpose.GALLERY))
        if processed is None:
            return None
        image = picture(here, processed, alt, PROSE_SIZES, eager=eager and not shown)
        shown.append(ref)
        return markup.ImageHtml(render("picture.html", ctx, here, image=image))

    return sanitised(body, resolve)


def untranslated(ctx: Context, item: Item | AwardItem) -> bool:
    """Whether the page is shown in Chinese on the English site (with a notice saying so)."""
    return not item.translated(ctx.lang)


def organisations(key: str, award: AwardItem) -> str:
    """`key`, or its `_organisations` variant when the award honours organisations."""
    return f"{key}_organisations" if award.record.recipients is Recipients.ORGANISATIONS else key


def decision_citation(ctx: Context, item: AwardItem) -> str:
    """The commendation decision as cited: issuer, document number and date; empty until it is in force."""
    d = item.record.decision
    if d is None or item.phase is not Phase.AWARDED:
        return ""
    issuer = d.issuer if ctx.lang == "zh" or d.issuer != item.record.issuer else item.text("issuer", ctx.lang)
    return ctx.t("award_decision_citation", issuer=issuer, document=d.document, date=ctx.t.date(d.date))


def notice_title(ctx: Context, award: AwardItem) -> str:
    return ctx.t(organisations("notice_title", award), name=award.text("name", ctx.lang))


def post(ctx: Context, nominee: Nominee) -> str:
    """The nominee's post as of the award: the nomination's, else the worker's role."""
    given = nominee.text("post", ctx.lang)
    if given:
        return str(given)
    return ctx.t("role_" + nominee.worker.record.role.value) if nominee.worker is not None else ""


@dataclass(frozen=True)
class Document:
    """A guide's or a policy's page: its facts, then its body (`templates/document.html`)."""

    facts: list[Fact]
    prose: tuple[Block, ...]
    untranslated: bool
