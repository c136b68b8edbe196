"""The whole build, readable in one function: gather and check everything, then write.

load → validate → photos → model (`gather`: `content/`, `photos/`) → render (`site/`) → mkdocs per
language (`mkdocs/`) → index (`search/`) → verify → publish (`publish/`)

zh is rendered and staged here while en and zh-Hant are rendered and staged
beside it (`Scheduler.beside`); each edition's mkdocs process starts as soon
as the edition is staged. The site is assembled while they run: the photos
first, then each edition's site as its mkdocs ends. The assembled site is
verified in processes of its own while the search index is built; the bundle
is verified when it is added. Every child is the build's `Scheduler`'s.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator.cache import write_atomic
from generator.config import Settings
from generator.content import internal
from generator.content.ledger import Ledger, account
from generator.content.load import RawTree, load_tree
from generator.content.model import Site, build_site
from generator.content.readertext import simplified
from generator.content.validate import Validated, settle, validate_tree
from generator.editions import EDITIONS, edition, with_converted
from generator.incremental import (
    Staged,
    build_inputs,
    forget_build,
    last_build,
    mirror_links,
    place_tree,
    remember_build,
    remember_verified,
    verified,
)
from generator.mkdocs import identity, ownpages
from generator.mkdocs.staging import LanguageBuilds, staged_edition
from generator.photos.derive import PhotoKey, Processed
from generator.photos.stage import check_photos, make_photos
from generator.problems import ContentError, Level, Problem, problem
from generator.publish.swap import fresh_folder, leftovers, publish, recyclable, remove_leftovers
from generator.publish.verify import RULES, Verification
from generator.scheduler import SEQUENTIAL, Scheduler
from generator.search import index as search
from generator.search.forgiving import link_aids
from generator.search.stage import index_editions
from generator.site import feeds
from generator.site.pages import Page

Progress = Callable[[str], None]


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
    if settings.strict:
        valid.problems += identity.problems(settings.mkdocs_yml, settings.theme_dir)
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
    raw = load_tree(settings.root, scheduler=scheduler, work=settings.work_dir)
    lap("load")
    valid = validate_tree(raw, today=settings.today, scheduler=scheduler, work=settings.work_dir)
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
    if settings.production:
        unidentified = identity.problems(settings.mkdocs_yml, settings.theme_dir)
        if unidentified:  # before anything is read or written: the published site stays as it is
            raise ContentError(unidentified)
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
    gone = leftovers(settings.work_dir)
    recycled = recyclable(gone)  # the last site swapped out: its unchanged files serve again
    removing = scheduler.beside(partial(remove_leftovers, [folder for folder in gone if folder != recycled]))
    with long_lived() as freeze:
        def lap_kept(stage: str) -> None:
            """What each stage of gathering made is kept to the end of the build: frozen as it ends."""
            lap(stage)
            freeze()

        gathered = gather(settings, lap=lap_kept, scheduler=scheduler)
        removing.result()
        raw, valid, photos, site = gathered.raw, gathered.valid, gathered.photos, gathered.site

        # Everything is gathered and checked: start writing files now. zh is rendered here while en
        # and zh-Hant are rendered beside it; each edition's mkdocs starts as soon as it is staged.
        work = settings.work_dir
        out = fresh_folder(work)
        pages: dict[str, list[Page]] = {}
        staged: dict[str, Staged] = {}
        mkdocs = LanguageBuilds(scheduler)
        keys = ownpages.page_keys(site, photos)  # a page is rendered again only when its key changed
        aside = {lang: scheduler.beside(partial(staged_edition, site, lang, photos, settings, keys))
                 for lang in [e.code for e in EDITIONS[1:]]}
        for lang in [e.code for e in EDITIONS]:
            staged[lang], pages[lang] = (aside[lang].result() if lang in aside
                                         else staged_edition(site, lang, photos, settings, keys))
            lap("render")  # and staged; for an edition made beside, the time waited for it
            mkdocs.start(lang, staged[lang])
        freeze()
        link_photos(out, photos, settings.cache_dir, recycled)  # the site is assembled while mkdocs runs
        lap("assemble")
        timings.update(mkdocs.finish(lambda lang, built: place_tree(
            built.site, out / edition(lang).folder, recycled / edition(lang).folder if recycled else None)))
        lap("mkdocs")
        feeds.write_feeds(out, feeds.site_url(settings.mkdocs_yml), EDITIONS, pages,
                          site.stories, kept=work / "feeds" / "sitemap.pickle")
        del pages  # written and fed: their memory is better spent on the index
        lap("assemble")
        forms = internal_values(valid)
        forbidden = {form: secret.label() for form, secret in forms.items()}
        rules = [RULES, *forbidden]
        verification = Verification(out, forbidden=forbidden, previous=verified(work, rules), scheduler=scheduler)
        bundles = index_editions(work, staged, scheduler=scheduler)  # the site verified meanwhile
        search.merge_bundles(bundles, out / search.BUNDLE, recycled / search.BUNDLE if recycled else None)
        link_aids(out / search.BUNDLE, work / "search" / "aids", search.GRAMS_MARK)
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

    The build keeps what it gathers (the tree, its checks, the model) to the
    end; without this, Python's cycle collector walks them again on every
    collection of the objects made later: 2.7 s of one edit's build at
    province scale, 1.6 s with each stage of gathering frozen as it ends.
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


def link_photos(out: Path, photos: dict[PhotoKey, Processed], cache: Path, recycled: Path | None) -> None:
    """Every photo derivative the site shows, once, in `out/media/`: the first part of the assembled site, taken
    from the `recycled` site's where there is one (`mirror_links`).

    Each edition's built site is then placed in (`place_tree`) as soon as its
    mkdocs ends: zh at the root, every other language in its folder.
    """
    names = {variant.file for processed in photos.values() for variant in processed.variants}
    derivatives = {}
    if names:  # no photo, perhaps no cache folder yet
        with os.scandir(cache) as listing:
            derivatives = {entry.name: entry for entry in listing if entry.name in names}
    if derivatives.keys() != names:
        raise RuntimeError(f"photo derivatives missing from {cache}: {sorted(names - derivatives.keys())[:10]}")
    mirror_links(derivatives, out / "media", recycled / "media" if recycled else None)


