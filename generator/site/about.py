"""About this site (关于本站): what the site is, how it treats personal data, its accessibility statement."""

from __future__ import annotations

from generator.site.pages import Context, Page, page

URL = "about/"
"""The page's address in every edition; the footer of every page links to it (theme/partials/copyright.html)."""


def about(ctx: Context) -> Page:
    """The page, in the edition's words; the site's identity itself is in every page's footer."""
    return page(ctx, ctx.at(URL), "about.html", ctx.t("about_title"), description=ctx.t("about_intro"))
