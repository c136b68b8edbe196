"""How to contribute: who may send a story or nominate a model worker, what to send and how (one page)."""

from __future__ import annotations

from generator.site.pages import Context, Page, page

STEPS = 4
"""The numbered steps of `contribute_step_<n>` in the strings."""


def contribute(ctx: Context) -> Page:
    here = ctx.at("contribute/")
    t = ctx.t
    return page(ctx, here, "contribute.html", t("contribute_title"),
                steps=[t(f"contribute_step_{n}") for n in range(1, STEPS + 1)],
                guides=here.link("guides/"), cities=here.link("cities/"))
