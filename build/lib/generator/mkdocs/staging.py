"""Each edition's mkdocs build: its pages staged as a docs tree with its configuration, then built in a process of
its own.

The staging tree is written only where bytes changed (`incremental.stage`), so
that mkdocs rebuilds dirty, clean or not at all (`Plan`).
"""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2.utils import htmlsafe_json_dumps

from generator.config import Settings
from generator.content.model import Site
from generator.editions import EDITIONS, edition
from generator.incremental import Plan, Staged, stage
from generator.mkdocs import compiled, htmlfix, identity, ownpages, rawbody, sharedparts
from generator.mkdocs.ownpages import OwnPage
from generator.photos.derive import PhotoKey, Processed
from generator.scheduler import Program, Scheduler
from generator.site import crumbs, feeds
from generator.site.facets import ContentType
from generator.site.pages import Page, keep_compiled
from generator.site.render import render_site
from generator.site.strings import Strings


def language_config(lang: str, settings: Settings, docs: Path, site_dir: Path) -> dict[str, Any]:
    """The mkdocs configuration of one language: the base file plus what differs.

    The base file's Markdown extensions and hooks are kept; `rawbody` is added (page bodies are HTML
    already), and so are the hooks `sharedparts` (the theme renders shared parts once per folder),
    `htmlfix` (Material's fixed text repaired as each page is written) and `compiled` (the templates' compiled
    code kept for the next build).
    """
    t = edition(lang).strings()
    base = yaml.safe_load(settings.mkdocs_yml.read_text(encoding="utf-8")) or {}
    site_url = feeds.site_url(settings.mkdocs_yml)
    nav = [
        {t("nav_home"): "index.md"},
        {t("nav_guides"): "guides/index.md"},
        {t("nav_policies"): "policies/index.md"},
        {t("nav_stories"): "stories/index.md"},
        {t("nav_workers"): "workers/index.md"},
        {t("nav_cities"): "cities/index.md"},
        {t("nav_awards"): "awards/index.md"},
        {t("nav_honours"): "honors/index.md"},
        {t("nav_stats"): "stats/index.md"},
    ]
    return {
        "INHERIT": str(settings.mkdocs_yml.resolve()),
        "site_name": t("site_name"),
        "site_description": t("site_description"),
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "theme": {"name": "material", "custom_dir": str(settings.theme_dir.resolve()),
                  "language": edition(lang).theme_language},
        "nav": nav,
        "not_in_nav": "/**\n",
        "markdown_extensions": [*base.get("markdown_extensions", []), rawbody.NAME],
        "hooks": [*base.get("hooks", []),
                  *(str(Path(inspect.getfile(hook)).resolve()) for hook in (sharedparts, htmlfix, compiled))],
        "extra": {
            "lang": lang,
            "hreflang": edition(lang).hreflang,
            "og_locale": edition(lang).og_locale,
            "root_depth": edition(lang).depth,
            "strings": t.table,
            "search_strings": str(htmlsafe_json_dumps(search_strings(t), ensure_ascii=False)),
            "alternate": [
                {"name": other.strings().table["language_name"], "link": other.folder, "lang": other.hreflang}
                for other in EDITIONS
            ],
            "parent_sections": crumbs.PARENT_SECTION,
            "site_identity": identity.footer(settings.mkdocs_yml, edition(lang)).as_dict(),
            "site_root_url": site_url,
            "root_path": urlsplit(site_url or "/").path,
            "feed": bool(site_url),
        },
    } | ({"site_url": site_url + edition(lang).folder} if site_url else {})


def search_strings(t: Strings) -> dict[str, str]:
    """The strings of the search box: its own, the roles', and each result type's name, which is its navigation
    section's (`ContentType.nav`)."""
    own = {key: value for key, value in t.table.items() if key.startswith(("search_", "role_"))}
    return own | {f"search_type_{kind.value}": t(kind.nav) for kind in ContentType}


def write_staging(folder: Path, pages: list[Page], lang: str, settings: Settings,
                  kept: Mapping[str, OwnPage] | None = None) -> Staged:
    """The docs tree and mkdocs.yml of one language; only files whose bytes changed are written. The pages in
    `kept` (by address) are staged as the last build staged them."""
    kept = kept or {}
    files: dict[str, bytes] = {}
    staged: dict[str, str] = {}
    for page in pages:
        if page.path.startswith("/") or "\\" in page.path or ".." in page.path.split("/"):
            raise RuntimeError(f"a page address leaves the docs tree: {page.path}")
        if page.url in kept:
            staged |= kept[page.url].files
            continue
        text = page.markdown().encode("utf-8")
        if files.get(page.path, text) != text:
            raise RuntimeError(f"two different pages would be written to one address: {page.path}")
        files[page.path] = text
        for name, content in page.files.items():
            if "/" in name or "\\" in name or name in ("", ".", "..") or name.endswith(".md"):
                raise RuntimeError(f"a page's file is not a plain name beside it: {page.url}{name}")
            files[page.url + name] = content.encode("utf-8") if isinstance(content, str) else content
    both = sorted(staged.keys() & files.keys())
    if both:
        raise RuntimeError(f"two different pages would be written to one address: {both[0]}")
    config = language_config(lang, settings, folder / "docs", folder / "site")
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")
    return stage(folder, files, text, theme=settings.theme_dir, base=settings.mkdocs_yml, staged=staged)


def staged_edition(site: Site, lang: str, photos: dict[PhotoKey, Processed], settings: Settings,
                   keys: ownpages.PageKeys | None = None) -> tuple[Staged, list[Page]]:
    """One edition rendered and staged: what its mkdocs build needs, and its pages without their bodies
    (what the feeds need). With the pages' `keys` (`ownpages.page_keys`), the pages the last build staged from
    the same inputs are taken as they are."""
    folder = settings.work_dir / "staging" / lang
    keys = keys.edition(lang) if keys is not None else None
    kept = ownpages.kept_pages(folder, keys)
    keep_compiled(compiled.kept_beside(folder))
    pages = render_site(site, edition(lang), photos, {url: own.page for url, own in kept.pages.items()}, kept.order)
    staged = write_staging(folder, pages, lang, settings, kept.pages)
    ownpages.keep_pages(folder, keys, pages)
    return staged, [replace(page, body="") for page in pages]


class LanguageBuilds:
    """The editions' mkdocs builds, each in its own process, started one by one and running side by side.

    Each build writes what it says to `mkdocs.log` in its staging folder. The
    scheduler stops the builds still running when the build fails.
    """

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler
        self._started: list[tuple[str, Staged, Program | None]] = []
        self._seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def start(self, lang: str, staged: Staged) -> None:
        """Start mkdocs for an edition whose staging tree is written, unless nothing in it changed."""
        plan = staged.plan()
        staged.prepare(plan)
        self._seconds[f"mkdocs-{lang}"] = 0.0
        proc = None
        if plan.runs():
            mode = "--dirty" if plan is Plan.DIRTY else "--clean"
            proc = self._scheduler.run_process([sys.executable, "-m", "mkdocs", "build", mode, "-q", "-f",
                                                str(staged.config)], staged.folder / "mkdocs.log")
        self._started.append((lang, staged, proc))

    def finish(self, then: Callable[[str, Staged], None]) -> dict[str, float]:
        """Wait for each build in the order started and record what its site was built from.

        `then` receives each edition as soon as its site is built (or kept,
        when nothing in it changed), while the builds after it still run.
        Returns when each edition's build ended, in seconds from the first start (0 for one skipped).
        """
        failures = []
        for lang, staged, proc in self._started:
            if proc is not None:
                code = proc.wait()
                self._seconds[f"mkdocs-{lang}"] = time.perf_counter() - self._start
                if code != 0:
                    failures.append(f"mkdocs failed for {staged.config}:\n{proc.output()}")
                    continue
                staged.record()
            if not failures:
                then(lang, staged)
        if failures:
            raise RuntimeError("\n".join(failures))
        return self._seconds
