"""Policies: the list, newest first, and each policy's own page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Item
from generator.site.pages import Edition, Page, page
from generator.site.pieces import Document, Link, fact, prose, time, untranslated


@dataclass(frozen=True)
class PolicyRow:
    link: Link
    number: str
    date: str



def policies_index(edition: Edition) -> Page:
    here = edition.at("policies/")
    rows = [PolicyRow(Link(here.link(p.url), p.text("title", edition.lang)), p.record.number,
                      edition.t.date(p.record.date)) for p in edition.site.policies]
    return page(edition, here, "policies.html", edition.t("policies_title"), rows=rows)


def policy(edition: Edition, item: Item) -> Page:
    p = item.record
    t, lang = edition.t, edition.lang
    here = edition.at(item.url)
    facts = [
        fact(t("label_issuer"), item.text("issuer", lang)),
        fact(t("label_number"), p.number),
        fact(t("label_date"), time(edition, p.date)),
        fact(t("label_addressees"), ("、" if lang == "zh" else "; ").join(item.text("addressees", lang))),
    ]
    context = Document(facts, prose(edition, here, item), untranslated(edition, item))
    return page(edition, here, "document.html", item.text("title", lang), document=context)
