"""Breadcrumbs (当前位置): home › section › … › the page, on every page below the home page (pure).

A page's trail is made from its address once every page of the edition is
known: each folder above it that is a page is a step, the section's step
named as its tab is. The theme draws the trail above the page's content
(theme/main.html); the page itself ends it, not as a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.site.pages import Here
from generator.site.strings import Strings

SECTIONS = {
    "guides": "nav_guides", "policies": "nav_policies", "stories": "nav_stories", "workers": "nav_workers",
    "cities": "nav_cities", "awards": "nav_awards", "honors": "nav_honours", "stats": "nav_stats",
}
"""The first folder of an address → the string naming its section's tab."""
PARENT_SECTION = {"themes": "guides", "tags": "stories"}
"""Folders without a tab of their own → the section they belong to (its tab is highlighted on them)."""


@dataclass(frozen=True)
class Crumb:
    """One step of the trail: its text and its link relative to the page."""

    text: str
    href: str


def trail(url: str, titles: Mapping[str, str], t: Strings) -> tuple[Crumb, ...]:
    """The steps before the page at `url` (nothing for the home page); `titles` holds every page by address."""
    parts = [part for part in url.split("/") if part]
    if not parts:
        return ()
    here = Here(url, 0)
    steps = [Crumb(t("nav_home"), here.link(""))]
    parent = PARENT_SECTION.get(parts[0])
    if parent is not None and parts[0] + "/" not in titles:
        steps.append(Crumb(t(SECTIONS[parent]), here.link(parent + "/")))
    for n in range(1, len(parts)):
        folder = "/".join(parts[:n]) + "/"
        text = t(SECTIONS[parts[0]]) if n == 1 and parts[0] in SECTIONS else titles.get(folder)
        if text:
            steps.append(Crumb(text, here.link(folder)))
    return tuple(steps)
