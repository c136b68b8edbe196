"""The whole build, readable in one function: gather and check everything, then write.

load → validate → photos → model (`gather`) → render → mkdocs per language → index → verify → publish

zh is rendered and staged here while en and zh-Hant are rendered and staged
beside it (`Scheduler.beside`); each edition's mkdocs process starts as soon
as the edition is staged. The site is assembled while they run: the photos
first, then each edition's site as its mkdocs ends. The assembled site is
verified in processes of its own while the search index is built; the bundle
is verified when it is added. Every child is the build's `Scheduler`'s.
"""

from __future__ import annotations

import gc
import inspect
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2.utils import htmlsafe_json_dumps

from generator import feeds, htmlfix, internal, rawbody, sharedparts
from generator.cache import Record, write_atomic
from generator.editions import EDITIONS, edition, with_converted
from generator.config import Settings
from generator.ledger import Ledger, account
from generator.incremental import (Plan, Staged, build_inputs, forget_build, last_build, link_file, link_tree,
                                   remember_build, remember_verified, stage, verified)
from generator.load import RawTree, load_tree
from generator.model import Site, build_site
from generator.photos import PhotoKey, Processed
from generator.photostage import check_photos, make_photos
from generator.problems import ContentError, Level, Problem, problem
from generator.publish import RULES, Verification, fresh_folder, publish
from generator.readertext import simplified
from generator.scheduler import SEQUENTIAL, Handle, Program, Scheduler
from generator.site import Page, render_site
from generator import search
from generator.searchbundle import converted_bundle, join_bundles
from generator.validate import Validated, settle, validate_tree

Progress = Callable[[str], None]
HANT = next(e for e in EDITIONS if e.converted)
"""The edition searched with its source's index, converted (zh-Hant: zh's)."""


@dataclass
class BuildResult:
    """What a build did: the ledger, the problems and the time each stage took."""

    ledger: Ledger
    problems: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None


def check(settings: Settings, *, scheduler: Scheduler = SEQUENTIAL) -> tuple[Validated, list[Problem]]:
    """Load, validate and look at each photo's header (no decoding): what `guardians check` reports."""
    raw = load_tree(settings.root, scheduler=scheduler)
    valid = validate_tree(raw, today=settings.today, scheduler=scheduler)
    valid.problems += check_photos(valid)
    return valid, _strict(valid.problems, settings.strict)


def _strict(problems: list[Problem], strict: bool) -> list[Problem]:
    if not strict:
        return problems
    return [Problem(p.path, p.line, p.field, p.key, p.params, Level.ERROR) for p in problems]


@dataclass
class Gathered:
    """What a build has read and checked before it writes anything; `guardians serve` keeps it for quick previews."""

    raw: RawTree
    valid: Validated
    photos: dict[PhotoKey, Processed]
    site: Site


def gather(settings: Settings, *, lap: Progress = lambda _: None, scheduler: Scheduler = SEQUENTIAL) -> Gathered:
    """load → validate → photos → model, calling `lap` after each stage.

    Problems with the tree itself (the gazetteer) raise `ContentError`: nothing can be built.
    """
    raw = load_tree(settings.root, scheduler=scheduler)
    lap("load")
    valid = validate_tree(raw, today=settings.today, scheduler=scheduler)
    valid.problems[:] = _strict(valid.problems, settings.strict)
    if valid.gazetteer is None or any(p.path.startswith("content/regions.yml") and p.level.is_error()
                                      for p in valid.problems):
        raise ContentError(valid.problems + [problem("content/regions.yml", 0, "", "regions-invalid")])
    if settings.strict:
        valid = settle(valid)
    lap("validate")
    photos = make_photos(valid, settings.cache_dir, lang=settings.lang, scheduler=scheduler).processed
    valid = settle(valid)
    lap("photos")
    site = build_site(valid, today=settings.today)
    valid.problems += site.problems
    lap("model")
    return Gathered(raw, valid, photos, site)


def build(settings: Settings, *, progress: Progress = lambda _: None, scheduler: Scheduler | None = None,
          keep: Callable[[Gathered], None] = lambda _: None) -> BuildResult:
    """Build the site into a fresh folder, verify it and swap it into place.

    Entries with errors are refused and listed; the build goes on with the
    rest. Problems with the tree itself (the gazetteer) stop the build before
    anything is written. `keep` receives what was gathered once the site is
    published. Every child of the build is `scheduler`'s (without one, the
    build has a parallel one of its own).
    """
    if scheduler is None:
        with Scheduler() as own:
            return build(settings, progress=progress, scheduler=own, keep=keep)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock  # render comes once per edition, assemble twice
        clock = now
        progress(stage)

    inputs = build_inputs(settings.root, settings, theme=settings.theme_dir, base=settings.mkdocs_yml)
    last = last_build(settings.work_dir, settings.out)
    if last and isinstance(last.result, BuildResult) and last.same_inputs(inputs, settings.root):
        remember_build(settings.work_dir, settings.root, inputs, last.result, last)
        lap("unchanged")
        return replace(last.result, timings=timings)
    forget_build(settings.work_dir)
    with long_lived() as freeze:
        gathered = gather(settings, lap=lap, scheduler=scheduler)
        freeze()
        raw, valid, photos, site = gathered.raw, gathered.valid, gathered.photos, gathered.site

        # Everything is gathered and checked: start writing files now. zh is rendered here while en
        # and zh-Hant are rendered beside it; each edition's mkdocs starts as soon as it is staged.
        work = settings.work_dir
        out = fresh_folder(work)
        pages: dict[str, list[Page]] = {}
        staged: dict[str, Staged] = {}
        mkdocs = LanguageBuilds(scheduler)
        aside = {lang: scheduler.beside(partial(staged_edition, site, lang, photos, settings))
                 for lang in [e.code for e in EDITIONS[1:]]}
        for lang in [e.code for e in EDITIONS]:
            staged[lang], pages[lang] = (aside[lang].result() if lang in aside
                                         else staged_edition(site, lang, photos, settings))
            lap("render")  # and staged; for an edition made beside, the time waited for it
            mkdocs.start(lang, staged[lang])
        freeze()
        link_photos(out, photos, settings.cache_dir)  # the site is assembled while mkdocs runs
        lap("assemble")
        timings.update(mkdocs.finish(lambda lang, built: link_tree(built.site, out / edition(lang).folder)))
        lap("mkdocs")
        feeds.write_feeds(out, feeds.site_url(settings.mkdocs_yml), EDITIONS, pages,
                          site.stories)
        del pages  # written and fed: their memory is better spent on the index
        lap("assemble")
        forms = internal_values(valid)
        forbidden = {form: secret.label() for form, secret in forms.items()}
        rules = [RULES, *forbidden]
        verification = Verification(out, forbidden=forbidden, previous=verified(work, rules), scheduler=scheduler)
        bundles = index_editions(work, staged, scheduler=scheduler)  # the site verified meanwhile
        search.merge_bundles(bundles, out / search.BUNDLE)
        lap("index")
        ledger = account(raw, valid, site, valid.problems)
        missing = ledger.unaccounted(settings.root)
        if missing:
            raise RuntimeError(f"inputs not accounted for in the ledger: {missing}")
        report = internal.masked(ledger.as_json(settings.lang, valid.problems), forms)
        verification.check_text(settings.report.name, report)
        remember_verified(work, rules, verification.finish())
        lap("verify")
        publish(out, settings.out)
        write_report(settings.report, report)
        lap("publish")
        result = BuildResult(ledger, valid.problems, timings, settings.out)
        remember_build(work, settings.root, inputs, result, last)
        keep(gathered)
        return result


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """`freeze()` marks every object alive now as living to the end of the block, where all are let go.

    The build keeps its model and pages to the end; without this, Python's
    cycle collector walks them again on every collection of the objects
    made later (which slows the search index's join most).
    """
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def write_report(path: Path, text: str) -> None:
    """The ledger of the site just published, replaced in one step."""
    write_atomic(path, text.encode("utf-8"))


def internal_values(valid: Validated) -> dict[str, internal.Secret]:
    """Every internal value looked for (`internal.gather`) as written, in Simplified and in Traditional
    characters, with its secret: none may reach any output file."""
    return {form: secret for secret in valid.secrets
            for form in with_converted([secret.value, simplified(secret.value)])}


def language_config(lang: str, settings: Settings, docs: Path, site_dir: Path) -> dict[str, Any]:
    """The mkdocs configuration of one language: the base file plus what differs.

    The base file's Markdown extensions and hooks are kept; `rawbody` is added (page bodies are HTML
    already), and so are the hooks `sharedparts` (the theme renders shared parts once per folder) and
    `htmlfix` (Material's fixed text repaired as each page is written).
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
                  *(str(Path(inspect.getfile(hook)).resolve()) for hook in (sharedparts, htmlfix))],
        "extra": {
            "lang": lang,
            "hreflang": edition(lang).hreflang,
            "og_locale": edition(lang).og_locale,
            "root_depth": edition(lang).depth,
            "strings": t.table,
            "search_strings": str(htmlsafe_json_dumps({key: value for key, value in t.table.items()
                                                       if key.startswith(("search_", "role_"))}, ensure_ascii=False)),
            "alternate": [
                {"name": other.strings().table["language_name"], "link": other.folder, "lang": other.hreflang}
                for other in EDITIONS
            ],
            "site_root_url": site_url,
            "root_path": urlsplit(site_url or "/").path,
            "feed": bool(site_url),
        },
    } | ({"site_url": site_url + edition(lang).folder} if site_url else {})


def write_staging(folder: Path, pages: list[Page], lang: str, settings: Settings) -> Staged:
    """The docs tree and mkdocs.yml of one language; only files whose bytes changed are written."""
    files: dict[str, bytes] = {}
    for page in pages:
        if page.path.startswith("/") or "\\" in page.path or ".." in page.path.split("/"):
            raise RuntimeError(f"a page address leaves the docs tree: {page.path}")
        text = page.markdown().encode("utf-8")
        if files.get(page.path, text) != text:
            raise RuntimeError(f"two different pages would be written to one address: {page.path}")
        files[page.path] = text
    config = language_config(lang, settings, folder / "docs", folder / "site")
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")
    return stage(folder, files, text, theme=settings.theme_dir, base=settings.mkdocs_yml)


def staged_edition(site: Site, lang: str, photos: dict[PhotoKey, Processed],
                   settings: Settings) -> tuple[Staged, list[Page]]:
    """One edition rendered and staged: what its mkdocs build needs, and its pages without their bodies
    (what the feeds need)."""
    pages = render_edition(site, lang, photos)
    staged = write_staging(settings.work_dir / "staging" / lang, pages, lang, settings)
    return staged, [replace(page, body="") for page in pages]


def render_edition(site: Site, lang: str, photos: dict[PhotoKey, Processed]) -> list[Page]:
    """One edition's pages: a language of the model, or zh-Hant converted from zh rendered a folder deeper."""
    return render_site(site, edition(lang), photos)


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


def link_photos(out: Path, photos: dict[PhotoKey, Processed], cache: Path) -> None:
    """Every photo derivative the site shows, once, in `out/media/`: the first part of the assembled site.

    Each edition's built site is then linked in (`link_tree`) as soon as its
    mkdocs ends: zh at the root, every other language in its folder.
    """
    media = out / "media"
    media.mkdir(parents=True)
    for name in {variant.file for processed in photos.values() for variant in processed.variants}:
        link_file(cache / name, media / name)


def index_editions(work: Path, staged: dict[str, Staged], *, scheduler: Scheduler) -> list[Path]:
    """Each edition's search bundle, made again only where the edition's pages or the indexer changed.

    A bundle is kept under its edition's docs and configuration digests (the
    latter cover this package's code, the indexer among it) and the tools'
    versions; within an edition, only the shards whose pages changed are
    indexed again (`search.refresh_copies`). Pagefind runs on two shards at a
    time, since its memory grows with the pages; meanwhile the next edition's
    copies are written and the last edition's shards joined, each beside the
    build. zh-Hant is not indexed: its bundle is zh's, converted
    (`searchbundle.converted_bundle`) after zh's join.
    """
    folders = {lang: work / "search" / lang for lang in staged}
    tools = f"pagefind {version('pagefind-bin')} opencc {version('opencc')}"
    indexer = {lang: f"{s.config_digest} {tools}" for lang, s in staged.items()}
    keys = {lang: f"{staged[lang].docs_digest} {indexer[lang]}" for lang in staged}
    if HANT.code in staged:
        keys[HANT.code] = f"{keys[HANT.source]} {staged[HANT.code].docs_digest}"
        _same_pages(staged[HANT.source].site, staged[HANT.code].site)
    stale = [lang for lang, folder in folders.items()
             if not (folder / "bundle").is_dir() or _bundle_record(folder).read() != {"key": keys[lang]}]
    indexed = sorted((lang for lang in stale if lang != HANT.code), key=lambda lang: lang != HANT.source)

    converted = ((folders[HANT.code], folders[HANT.source] / "bundle", indexer[HANT.source], keys[HANT.code])
                 if HANT.code in stale else None)

    def copies(lang: str) -> Handle[search.Copies]:
        return scheduler.beside(partial(search.refresh_copies, staged[lang].site, edition(lang).folder,
                                        folders[lang] / "copies", indexer[lang],
                                        HANT.convert if lang == HANT.source and HANT.code in staged else None))

    done = []
    copying = copies(indexed[0]) if indexed else None
    for at, lang in enumerate(indexed):
        made = copying.result()  # type: ignore[union-attr]
        copying = copies(indexed[at + 1]) if at + 1 < len(indexed) else None
        _bundle_record(folders[lang]).forget()
        parts = search.index_shards(made, folders[lang] / "parts", scheduler=scheduler)
        done.append(scheduler.beside(partial(_join_edition, parts, folders[lang], keys[lang],
                                             converted if lang == HANT.source else None)))
    if converted and HANT.source not in indexed:
        done.append(scheduler.beside(partial(_convert_edition, *converted)))
    for joined in done:
        joined.result()
    return [folder / "bundle" for folder in folders.values()]


def _bundle_record(folder: Path) -> Record:
    """What an edition's search bundle was made from: `{"key": …}`."""
    return Record(folder / "bundle.json")


def _join_edition(parts: list[Path], folder: Path, key: str,
                  converted: tuple[Path, Path, str, str] | None) -> None:
    """One edition's shard bundles joined into `folder/bundle` and recorded under `key`; then, for zh,
    zh-Hant's bundle `converted` from it (`_convert_edition`). Run beside the build, while the copies are made."""
    join_bundles(parts, folder / "bundle")
    _bundle_record(folder).write({"key": key})
    if converted is not None:
        _convert_edition(*converted)


def _convert_edition(folder: Path, zh_bundle: Path, indexer: str, key: str) -> None:
    """zh-Hant's bundle in `folder/bundle`, converted from zh's (`searchbundle.converted_bundle`), under `key`."""
    _bundle_record(folder).forget()
    for old in ("copies", "parts"):  # what earlier builds indexed of the edition's own pages
        shutil.rmtree(folder / old, ignore_errors=True)
    Record(folder / "copies.json").forget()
    converted_bundle(zh_bundle, folder / "bundle", HANT.hreflang.lower(), HANT.folder, HANT.convert, indexer)
    _bundle_record(folder).write({"key": key})


def _same_pages(zh: Path, converted: Path) -> None:
    """The converted edition has the pages zh has, or its search results would lead nowhere."""
    def pages(site: Path) -> set[str]:
        return {os.path.relpath(os.path.join(folder, name), site) for folder, _, names in os.walk(site)
                for name in names if name.endswith(".html")}
    differ = pages(zh) ^ pages(converted)
    if differ:
        raise RuntimeError(f"{converted} and {zh} differ in their pages: the converted edition cannot search "
                           f"zh's index: {sorted(differ)[:10]}")
