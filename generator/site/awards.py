"""Awards: the index of programmes and notices, each programme, its 公示 notice, and the honour rolls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from generator.content import workdays
from generator.content.honours import honour_roll
from generator.content.model import AwardItem, Honour, Nominee, Phase
from generator.content.schema import City
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import (
    Fact,
    Link,
    Picture,
    Time,
    decision_citation,
    eager_first,
    fact,
    has_picture,
    local_name,
    notice_title,
    organisations,
    portrait,
    post,
    time,
    untranslated,
)


@dataclass(frozen=True)
class HonourCard:
    """Portrait (or an organisation's initial), name, post and community as of the award, the award."""

    macro: ClassVar[str] = "honour_card"
    name: str
    href: str
    """The worker's profile; empty for an organisation."""
    meta: str
    picture: Picture | None
    initial: str
    award: Link | None
    decision: str = ""
    """The commendation decision cited beside the award, where the award is shown."""


@dataclass(frozen=True)
class AwardRow:
    link: Link
    phase: str
    phase_name: str
    details: str


@dataclass(frozen=True)
class NoticeRow:
    link: Link
    period: str


@dataclass(frozen=True)
class AwardPage:
    phase: str
    phase_name: str
    facts: list[Fact]
    description: str
    note: str
    """During nominations: when the notice will be published."""
    on_notice: str
    """During publicity: how many are on the notice (the notice is linked after it)."""
    notice: Link
    winners: list[HonourCard] | None
    """After publicity: the honour roll; None before."""
    untranslated: bool


@dataclass(frozen=True)
class NoticeEntry:
    """One line of the notice: name (gender), community, post; the deeds in one line below."""

    name: str
    href: str
    gender: str
    details: str
    reason: str


@dataclass(frozen=True)
class NoticeGroup:
    city: str
    count: str
    entries: list[NoticeEntry]


@dataclass(frozen=True)
class NoticePage:
    closed: str
    """After the period: that it has ended (the results are linked after it); empty before."""
    results: str
    """The award page with its honour roll, once decided; empty before."""
    intro: str
    start: Time
    end: Time
    days: str
    groups: list[NoticeGroup]
    feedback: list[Fact]
    issuer: str
    untranslated: bool
    corrections: list[Correction]
    """更正: each amendment of the list, oldest first."""
    original: str
    """Address of the list as first published, once corrected; empty otherwise."""


@dataclass(frozen=True)
class Correction:
    """One amendment (更正) of the list: its date, document number, reason and names changed."""

    date: Time
    document: str
    reason: str
    changes: list[str]


@dataclass(frozen=True)
class OriginalNotice:
    notice: Link
    """The notice as it now stands."""
    start: Time
    names: list[tuple[str, str, str]]
    """Each published name, the profile's address where the entry is unchanged, and the name in the edition's
    language where it differs."""
    issuer: str
    foreign: bool
    """The names are Chinese in another language's edition."""
    lang: str
    """The edition's own language tag, for the translated names."""


@dataclass(frozen=True)
class YearLink:
    href: str
    year: int
    count: int


@dataclass(frozen=True)
class CityCount:
    city: Link
    people: int
    organisations: int
    total: int


@dataclass(frozen=True)
class RollSection:
    """A heading (an award, linked, or a year) with its count, and its honours' cards."""

    heading: Link | str
    cards: list[HonourCard]
    decision: str = ""
    """Under an award's heading: its commendation decision."""


def _period(ctx: Context, start: date, end: date) -> str:
    t = ctx.t
    return t("award_period_range", start=t.date(start), end=t.date(end))


def awards_index(ctx: Context) -> Page:
    t, lang, site = ctx.t, ctx.lang, ctx.site
    here = ctx.at("awards/")

    def notice_row(a: AwardItem) -> NoticeRow:
        return NoticeRow(Link(here.link(a.notice_url), notice_title(ctx, a)),
                         _period(ctx, a.record.publicity.start, a.record.publicity.end))

    rows = [AwardRow(Link(here.link(a.url), a.text("name", lang)), a.phase.value, t("award_phase_" + a.phase.value),
                     f'{a.text("issuer", lang)} · {t("level_" + a.record.level.value)}') for a in site.awards]
    current = [notice_row(a) for a in site.awards if a.phase is Phase.PUBLICITY]
    past = sorted((a for a in site.awards if a.phase.is_public() and a.phase is not Phase.PUBLICITY),
                  key=lambda a: (-a.record.publicity.start.toordinal(), a.slug))
    return page(ctx, here, "awards.html", t("awards_title"), current=current, programmes=rows,
                past=[notice_row(a) for a in past])


def award(ctx: Context, item: AwardItem) -> Page:
    """An award programme: its facts, then its notice (during the period) or its honour roll (after)."""
    a = item.record
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.url)
    notice = Link(here.link(item.notice_url), notice_title(ctx, item))
    facts = [
        fact(t("label_issuer"), item.text("issuer", lang)),
        fact(t("label_level"), t("level_" + a.level.value)),
        fact(t("label_year"), str(a.year)),
        fact(t("award_nomination_period"), _period(ctx, a.nomination.start, a.nomination.end) if a.nomination else ""),
        fact(t("award_publicity_period"), _period(ctx, a.publicity.start, a.publicity.end)),
        fact(t("notice_label"), notice if item.phase.is_public() else ""),
        fact(t("award_decision"), decision_citation(ctx, item)),
    ]
    note = phase_note(ctx, item)
    on_notice = (t(organisations("award_on_notice", item), n=len(item.on_notice()))
                 if item.phase is Phase.PUBLICITY else "")
    winners = None
    if item.phase is Phase.AWARDED:
        winners = eager_first([honour_card(ctx, here, h, show_award=False)
                               for h in ctx.site.honours if h.award is item])
    description = item.text("description", lang) or ""
    context = AwardPage(item.phase.value, t("award_phase_" + item.phase.value), facts, description, note,
                        on_notice, notice, winners, untranslated(ctx, item))
    return page(ctx, here, "award.html", item.text("name", lang),
                description=" ".join(x for x in (description, note) if x), award=context)


def phase_note(ctx: Context, item: AwardItem) -> str:
    """Where the award stands, from its dates and its decision: the page says it, the description need not."""
    t, a = ctx.t, item.record
    if item.phase is Phase.NOMINATING:
        return t("award_nominating_note", start=t.date(a.publicity.start))
    if item.phase is Phase.CLOSED:
        return t("award_closed_note", end=t.date(a.publicity.end))
    if item.phase is Phase.AWARDED:
        return t("award_decided_note", end=t.date(a.publicity.end), citation=decision_citation(ctx, item))
    return ""


def notice(ctx: Context, item: AwardItem) -> Page:
    """The 公示 notice in its customary form: intro, period, nominees by city, how to object, issuer and date."""
    a = item.record
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.notice_url)
    nominees = item.on_notice()
    closed = ""
    if item.phase is Phase.AWARDED:
        closed = t("notice_closed", end=t.date(a.publicity.end))
    elif item.phase is Phase.CLOSED:
        closed = t("award_closed_note", end=t.date(a.publicity.end))
    intro = t(organisations("notice_intro", item), issuer=item.text("issuer", lang), name=item.text("name", lang),
              n=len(nominees))
    groups = [NoticeGroup(ctx.name(city), t(organisations("notice_city_count", item), n=len(group)),
                          [_notice_entry(ctx, here, n) for n in group])
              for city, group in _by_city(ctx, nominees)]
    days = t("notice_days", n=(a.publicity.end - a.publicity.start).days + 1,
             working=workdays.calendar().working_days(a.publicity.start, a.publicity.end))
    context = NoticePage(closed, here.link(item.url) if item.phase is Phase.AWARDED else "", intro,
                         time(ctx, a.publicity.start), time(ctx, a.publicity.end), days, groups,
                         _feedback(ctx, item), item.text("issuer", lang), untranslated(ctx, item),
                         _corrections(ctx, item), here.link(original_url(item)) if a.amendments else "")
    return page(ctx, here, "notice.html", notice_title(ctx, item),
                description=t("notice_description", name=item.text("name", lang)), notice=context)


def original_url(item: AwardItem) -> str:
    """Where the list as first published stays once it has been corrected."""
    return f"{item.notice_url}original/"


def _corrections(ctx: Context, item: AwardItem) -> list[Correction]:
    """Each amendment, its names in the edition's language where the nominee is still known."""
    t = ctx.t
    known = {n.slug: n.name(ctx.lang) for n in item.nominees}

    def names(recorded: dict[str, str]) -> list[str]:
        return [known.get(slug, name) for slug, name in recorded.items()]

    out = []
    for amendment in item.record.amendments:
        changes = [(key, found) for key, found in (
            ("notice_correction_added", names({s: e.name for s, e in amendment.added.items()})),
            ("notice_correction_removed", names(dict(amendment.removed))),
            ("notice_correction_changed", names({s: e.name for s, e in amendment.changed.items()}))) if found]
        out.append(Correction(time(ctx, amendment.date), amendment.document, amendment.reason,
                              [t(key, names=t("label_list_separator").join(found)) for key, found in changes]))
    return out


def notice_original(ctx: Context, item: AwardItem) -> Page:
    """The 公示 list as first published, kept once it has been corrected: every name it showed."""
    a = item.record
    t, lang = ctx.t, ctx.lang
    here = ctx.at(original_url(item))
    names = [(name, here.link(n.worker.url) if n is not None and n.worker is not None else "",
              n.name(lang) if n is not None and lang != "zh" else "") for name, n in item.original()]
    context = OriginalNotice(Link(here.link(item.notice_url), notice_title(ctx, item)), time(ctx, a.publicity.start),
                             names, item.text("issuer", lang), lang != "zh", ctx.edition.hreflang)
    return page(ctx, here, "notice_original.html", t("notice_original_title", title=notice_title(ctx, item)),
                description=t("notice_description", name=item.text("name", lang)), original=context)


def _by_city(ctx: Context, nominees: list[Nominee]) -> list[tuple[City, list[Nominee]]]:
    """Nominees grouped by city, cities in the gazetteer's order."""
    return [(c, group) for c in ctx.site.gazetteer.regions.cities
            if (group := [n for n in nominees if n.place.city.slug == c.slug])]


def _notice_entry(ctx: Context, here: Here, nominee: Nominee) -> NoticeEntry:
    t, lang = ctx.t, ctx.lang
    gender = nominee.worker.record.gender if nominee.worker is not None else None
    local = local_name(ctx, nominee.place)
    if nominee.worker is None:
        where = [local]
    elif lang == "zh":
        where = [local + nominee.community(lang), post(ctx, nominee)]
    else:
        where = [nominee.community(lang), local, post(ctx, nominee)]
    return NoticeEntry(nominee.name(lang), here.link(nominee.worker.url) if nominee.worker is not None else "",
                       t("notice_gender", gender=t("gender_" + gender.value)) if gender else "",
                       t("label_separator").join(w for w in where if w), nominee.text("reason", lang))


def _feedback(ctx: Context, item: AwardItem) -> list[Fact]:
    """Whom to tell an objection to, and how."""
    t = ctx.t
    f = item.record.feedback
    return [
        fact(t("award_contact"), item.text("contact", ctx.lang)),
        fact(t("award_phone"), Link(f"tel:{re.sub(r'[^0-9+]', '', f.phone)}", f.phone)),
        fact(t("award_email"), Link(f"mailto:{f.email}", f.email) if f.email else ""),
        fact(t("award_address"), t("award_address_postcode", address=f.address, postcode=f.postcode)
             if f.address else ""),
    ]


def honour_card(ctx: Context, here: Here, honour: Honour, *, show_award: bool = True) -> HonourCard:
    t, lang = ctx.t, ctx.lang
    nominee = honour.nominee
    award = Link(here.link(honour.award.url), honour.award.text("name", lang)) if show_award else None
    cited = decision_citation(ctx, honour.award) if show_award else ""
    city = ctx.name(nominee.place.city)
    if nominee.worker is None:
        meta = t("label_separator").join(x for x in (t("label_organisation"), city, local_name(ctx, nominee.place))
                                         if x)
        return HonourCard(nominee.name(lang), "", meta, None, nominee.name("zh")[:1], award, cited)
    worker = nominee.worker
    meta = t("label_separator").join(x for x in (post(ctx, nominee), city, nominee.community(lang)) if x)
    return HonourCard(nominee.name(lang), here.link(worker.url), meta, portrait(ctx, here, worker), "", award, cited)


def honour_pages(ctx: Context) -> list[Page]:
    """honors/ (by year, award and city, with counts), honors/<year>/ and honors/cities/<city>/."""
    t, lang = ctx.t, ctx.lang
    roll = honour_roll(ctx.site)
    here = ctx.at("honors/")
    years = [YearLink(here.link(f"honors/{y}/"), y, len(roll.of_year(y))) for y in roll.years()]
    awards = [(Link(here.link(a.url), a.text("name", lang)), len(roll.of_award(a))) for a in roll.awards]
    cities = [CityCount(Link(here.link(c.url), ctx.name(c.city)),
                        sum(1 for h in c.honours if h.nominee.worker is not None),
                        sum(1 for h in c.honours if h.nominee.worker is None), len(c.honours)) for c in roll.cities]
    out = [page(ctx, here, "honours.html", t("honours_title"), listed=bool(roll.honours), years=years,
                awards=awards, cities=cities)]
    for year in roll.years():
        here = ctx.at(f"honors/{year}/")
        groups = [(award, [h for h in roll.of_award(award) if h.year == year]) for award in roll.awards]
        sections = _sections(ctx, here, [(Link(here.link(award.url), award.text("name", lang)), honours)
                                         for award, honours in groups if honours], show_award=False,
                             decisions=[decision_citation(ctx, award) for award, honours in groups if honours])
        out.append(page(ctx, here, "honour_roll.html", t("honours_year_title", year=year), sections=sections))
    for city in roll.cities:
        here = ctx.at(city.url)
        years_of = sorted({h.year for h in city.honours}, reverse=True)
        sections = _sections(ctx, here, [(str(y), [h for h in city.honours if h.year == y]) for y in years_of],
                             show_award=True)
        out.append(page(ctx, here, "honour_roll.html", t("honours_city_title", city=ctx.name(city.city)),
                        sections=sections))
    return out


def _sections(ctx: Context, here: Here, groups: list[tuple[Link | str, list[Honour]]], *,
              show_award: bool, decisions: list[str] | None = None) -> list[RollSection]:
    """The sections of an honour roll; the first picture of the page loads at once."""
    sections: list[RollSection] = []
    for i, (heading, honours) in enumerate(groups):
        cards = [honour_card(ctx, here, h, show_award=show_award) for h in honours]
        eager = not any(has_picture(s.cards) for s in sections)
        sections.append(RollSection(heading, eager_first(cards, eager), decisions[i] if decisions else ""))
    return sections
