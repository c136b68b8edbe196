"""Quick previews for `guardians serve`: an edited entry's own pages long before a full build.

A full build of a province takes a while. While `guardians serve` runs it
keeps what the last build gathered (`build.Gathered`). When the only files
saved since are the texts of entries it already knows (a story's
index.zh.md, a guide's index.en.md …), each such entry is read and checked
again on its own, its photos looked up, the model made again around it, and
the entry's own page rendered for every edition and run through mkdocs in a
small tree of its own (`<work>/preview/<edition>/`) with that edition's
configuration. serve shows those pages in place of the published ones at
once; the full build follows as always and replaces them when it publishes
(lists, search and the other pages that mention the entry change then).

Anything else — a new or deleted file, a photo, the gazetteer, an award or
nomination, a problem in the edited text — is left to the full build: no
preview, and the problems panel says what the build found.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from generator.build import Gathered, gather
from generator.config import Settings
from generator.content.load import Kind, RawEntry, reload_entry
from generator.content.model import Item, build_site
from generator.content.validate import Entry, Validated, validate_entry
from generator.editions import EDITIONS, edition
from generator.incremental import output_of
from generator.photos.stage import make_photos
from generator.site.pages import Page
from generator.site.render import OWN_PAGES, item_pages


class QuickPreview:
    """The last build's gathered state and the preview trees made from it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.folder = settings.work_dir / "preview"
        self._gathered: Gathered | None = None
        self._lock = threading.Lock()
        self._previewing = threading.Lock()
        """Held while the preview trees are written and built: one preview at a time."""
        self._theme = _WarmTheme()

    def keep(self, gathered: Gathered) -> None:
        """What a build gathered, once its site is published (called from the building thread)."""
        with self._lock:
            self._gathered = gathered

    def warm(self) -> None:
        """Gather once when no build has handed its state over (the first build found nothing to do); then,
        once, preview one entry in every edition, so that the theme is compiled before the first edit."""
        with self._lock:
            gathered = self._gathered
        if gathered is None:
            try:
                gathered = gather(self.settings)
            except Exception:  # noqa: BLE001 — previews are an extra: without them each change waits for the full build
                return  # (a broken tree: the problems panel of the last build already says why)
            self.keep(gathered)
        with self._previewing:
            if self.ready:
                return
            items = [item for item in gathered.site.items() if item.entry.kind in OWN_PAGES][:1]
            for lang, pages in _render(gathered, items).items():
                self._mkdocs(lang, pages)

    @property
    def ready(self) -> bool:
        """Whether a preview (or `warm`) has compiled the theme: the next preview is quick."""
        return self._theme.compiled

    def pages(self, changed: Iterable[Path]) -> dict[str, Path] | None:
        """Site paths (`stories/2023/x/index.html`, `en/…`) → preview files, for entries whose texts alone
        changed; None when the change needs the full build."""
        with self._lock:
            gathered = self._gathered
        if gathered is None:
            return None
        edited = _edited(gathered, changed, self.settings.root.resolve())
        if not edited:
            return None
        again = _check_again(gathered, edited, self.settings)
        if again is None:
            return None
        items = [i for i in again.site.items() if i.entry.key in {e.key for e in edited}]
        if len(items) != len(edited):
            return None  # an entry refused before: only a full build can publish it
        shown: dict[str, Path] = {}
        with self._previewing:
            for lang, pages in _render(again, items).items():
                shown |= self._mkdocs(lang, pages)
        return shown

    def _mkdocs(self, lang: str, pages: list[Page]) -> dict[str, Path]:
        """The pages built by mkdocs with the edition's configuration, in the edition's preview tree."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        staging = self.settings.work_dir / "staging" / lang
        docs, site = self.folder / lang / "docs", self.folder / lang / "site"
        docs.mkdir(parents=True, exist_ok=True)
        config = load_config(config_file=str(staging / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site))
        for entry in config["nav"]:
            target = docs / next(iter(entry.values()))
            if not target.exists():  # the navigation's pages must exist; their own output is never shown
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("", encoding="utf-8")
        for page in pages:
            (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
            (docs / page.path).write_text(page.markdown(), encoding="utf-8")
        self._theme.attach(config)
        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # links to pages outside the preview tree are fine
        mkdocs_build(config, dirty=True)
        shown = {}
        for page in pages:
            shown[edition(lang).folder + output_of(page.path)] = site / output_of(page.path)
        return shown


def _edited(gathered: Gathered, changed: Iterable[Path], root: Path) -> list[RawEntry]:
    """The entries whose texts are the changed files; empty when any change is of another kind."""
    by_text = {source.path: raw for raw in gathered.raw.entries if raw.kind in OWN_PAGES
               for source in raw.texts.values()}
    known = {name for raw in gathered.raw.entries for name in raw.files()}
    edited: dict[tuple[Kind, str, str], RawEntry] = {}
    for path in changed:
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            return []
        if rel in by_text and path.is_file():
            edited[by_text[rel].key] = by_text[rel]
        elif path.exists() or rel in known:
            return []  # a new file, or one the build read that is gone
        # else: an editor's temporary file, written and removed again
    return list(edited.values())


def _check_again(gathered: Gathered, edited: list[RawEntry], settings: Settings) -> Gathered | None:
    """The gathered state with the edited entries read, checked and photographed again; None on any problem."""
    fresh = [reload_entry(settings.root.resolve(), raw) for raw in edited]
    problems = [p for _, found in fresh for p in found]
    raws = {raw.key: raw for raw, _ in fresh}
    raw_entries = [raws.get(raw.key, raw) for raw in gathered.raw.entries]
    entries: dict[tuple[Kind, str, str], Entry] = {}
    for raw, _ in fresh:
        entry, found = validate_entry(raw, raw_entries, gathered.valid, today=settings.today)
        problems += found
        if entry is None:
            return None
        entries[entry.key] = entry
    if any(p.level.is_error() or settings.strict for p in problems):
        return None
    valid = gathered.valid
    own = Validated(valid.gazetteer, valid.tags, list(entries.values()), [], [], {})
    photos = make_photos(own, settings.cache_dir, lang=settings.lang).processed
    if own.problems:
        return None  # a photo that cannot be shown as it is: the full build says why
    folders = {entry.folder for entry in entries.values()}
    photos = {key: value for key, value in gathered.photos.items()
              if not any(key[0].startswith(folder + "/") for folder in folders)} | photos
    valid = replace(valid, entries=[entries.get(e.key, e) for e in valid.entries], problems=list(valid.problems))
    site = build_site(valid, today=settings.today)
    return Gathered(gathered.raw, valid, photos, site)


def _render(gathered: Gathered, items: list[Item]) -> dict[str, list[Page]]:
    """The items' own pages in every edition."""
    site, photos = gathered.site, gathered.photos
    return {e.code: item_pages(site, e, photos, items) for e in EDITIONS}


class _WarmTheme(BytecodeCache):
    """The theme as the last preview left it: its templates compiled, its files listed.

    mkdocs makes a new Jinja environment for every build, which compiles
    Material's templates again and lists the theme's thousands of files (most
    of a small build's time); this keeps both for the next environment. The
    list is mkdocs' own (it is the only caller, always with the same filter).
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._listed: dict[tuple[str, ...], list[str]] = {}

    @property
    def compiled(self) -> bool:
        """Whether a preview has compiled the theme's templates already."""
        return bool(self._code)

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def attach(self, config: Any) -> None:
        """Make the environments of `config`'s theme use what is kept here."""
        theme = config.theme
        make_env, dirs = theme.get_env, tuple(theme.dirs)

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = self
            list_templates = env.list_templates

            def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
                if dirs not in self._listed:
                    self._listed[dirs] = list_templates(extensions, filter_func)
                return self._listed[dirs]

            env.list_templates = listed
            return env

        theme.get_env = get_env
