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
        fact(t("label_index_number"), p.index_number or ""),
        fact(t("label_category"), p.category or ""),
        fact(t("label_issuer"), item.text("issuer", lang)),
        fact(t("label_written"), time(ctx, p.date)),
        fact(t("label_number"), shown(p.number, lang), *(Searched(f) for f in search_forms(p.number, lang))),
        fact(t("label_published"), time(ctx, p.published) if p.published else ""),
        fact(t("label_addressees"), t("addressees_separator").join(item.text("addressees", lang))),
    ]
    context = Document(facts, prose(ctx, here, item), untranslated(ctx, item))
    return page(ctx, here, "policy.html", item.text("title", lang), document=context,
                linked_data=notice_metadata(ctx, item))


def notice_metadata(ctx: Context, item: Item) -> dict[str, object]:
    """The notice's metadata (索引号, 主题分类, 发文机关, 成文日期, 发文字号, 发布日期) as schema.org `Legislation` in
    JSON-LD, for machines that read the page."""
    p = item.record
    data: dict[str, object] = {
        "@context": "https://schema.org", "@type": "Legislation", "name": item.text("title", ctx.lang),
        "inLanguage": ctx.edition.hreflang, "legislationIdentifier": p.number,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": item.text("issuer", ctx.lang)},
        "legislationDate": p.date.isoformat(),
    }
    if p.index_number:
        data["identifier"] = p.index_number
    if p.category:
        data["about"] = p.category
    if p.published:
        data["datePublished"] = p.published.isoformat()
    return data
