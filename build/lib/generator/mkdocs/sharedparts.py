"""The parts of a page that pages in one folder share, rendered once per folder: an mkdocs hook.

Material renders the navigation, the tabs, the search box and the app's
configuration for every page, yet for pages outside the navigation — every
story, worker, guide and notice — they come out the same within a folder:
they differ only by links relative to the page, which depend on the page's
folder, and by the active item, which only pages in the navigation have.
The theme wraps each such part in `{% call cg_shared("nav", page) %}…{% endcall %}`;
`Shared` renders the body once per part and folder and repeats it. At
scale 1 the navigation alone was a sixth of an edition's mkdocs time.

`build.language_config` lists this file among each edition's mkdocs hooks;
a theme without the hook cannot be rendered, by design.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Shared:
    """The parts rendered so far in one mkdocs build, by part and folder."""

    def __init__(self, nav_urls: frozenset[str]) -> None:
        self._nav_urls = nav_urls
        self._parts: dict[tuple[str, str], str] = {}

    def __call__(self, part: str, page: Any, caller: Callable[[], str]) -> str:
        place = self.place(page)
        if place is None:
            return caller()
        key = (part, place)
        if key not in self._parts:
            self._parts[key] = caller()
        return self._parts[key]

    def place(self, page: Any) -> str | None:
        """The folder holding the page's own folder, or None where a part must be rendered for the page alone.

        None for a page in the navigation (its item is marked active), for a
        page that is not a folder (404.html, or no page), for a page with a
        navigation link below its own folder (the link would depend on its name),
        and for a page at the top (`tags/`, `about/`: each is a section of its own, whose tab may differ).
        """
        url = getattr(page, "url", None)
        if not isinstance(url, str) or not url.endswith("/") or any(nav.startswith(url) for nav in self._nav_urls):
            return None
        return url[:url.rstrip("/").rfind("/") + 1] or None


_nav_urls: frozenset[str] = frozenset()


def on_nav(nav: Any, config: Any, files: Any) -> None:
    """Note every page in the navigation: those are rendered on their own."""
    global _nav_urls
    _nav_urls = frozenset(page.url for page in nav.pages)


def on_env(env: Any, config: Any, files: Any) -> None:
    """A fresh `cg_shared` for every build, so that nothing is carried from one build to the next."""
    env.globals["cg_shared"] = Shared(_nav_urls)
