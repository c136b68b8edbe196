"""Policies: the list, newest first, and each policy's own page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Item
from generator.site.docnumbers import search_forms, shown
from generator.site.pages import Context, Here, Page, page
from generator.site.pieces import Document, Link, Searched, fact, prose, time, untranslated


@dataclass(frozen=True)
class PolicyRow:
    link: Link
    number: str
    date: str


def policy_rows(ctx: Context, here: Here, policies: list[Item]) -> list[PolicyRow]:
    """The policies as `policy_list.html` lists them: title, number and date."""
    return [PolicyRow(Link(here.link(p.url), p.text("title", ctx.lang)), shown(p.record.number, ctx.lang),
                      ctx.t.date(p.record.date))
            for p in policies]


def policies_index(ctx: Context) -> Page:
    here = ctx.at("policies/")
    return page(ctx, here, "policies.html", ctx.t("policies_title"), rows=policy_rows(ctx, here, ctx.site.policies))


def policy(ctx: Context, item: Item) -> Page:
    p = item.record
    t, lang = ctx.t, ctx.lang
    here = ctx.at(item.url)
    facts = [
        fact(t("label_issuer"), item.text("issuer", lang)),
        fact(t("label_number"), shown(p.number, lang), *(Searched(f) for f in search_forms(p.number, lang))),
        fact(t("label_date"), time(ctx, p.date)),
        fact(t("label_addressees"), t("addressees_separator").join(item.text("addressees", lang))),
    ]
    context = Document(facts, prose(ctx, here, item), untranslated(ctx, item))
    return page(ctx, here, "document.html", item.text("title", lang), document=context)
