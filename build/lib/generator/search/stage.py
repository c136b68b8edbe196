"""The search stage of a build: each edition's bundle made again only where its pages or the indexer changed."""

from __future__ import annotations

import shutil
from functools import partial
from importlib.metadata import version
from pathlib import Path

from generator.cache import Record
from generator.editions import EDITIONS, edition
from generator.incremental import Staged
from generator.scheduler import Handle, Scheduler
from generator.search import index as search
from generator.search.bundle import converted_bundle, join_bundles

HANT = next(e for e in EDITIONS if e.converted)
"""The edition searched with its source's index, converted (zh-Hant: zh's)."""


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
    """One edition's shard bundles joined into `folder/bundle` (from the last join's where only some shards
    changed: `folder/join-cache`) and recorded under `key`; then, for zh, zh-Hant's bundle `converted` from it
    (`_convert_edition`). Run beside the build, while the copies are made."""
    join_bundles(parts, folder / "bundle", folder / "join-cache")
    _bundle_record(folder).write({"key": key})
    if converted is not None:
        _convert_edition(*converted)


def _convert_edition(folder: Path, zh_bundle: Path, indexer: str, key: str) -> None:
    """zh-Hant's bundle in `folder/bundle`, converted from zh's (`searchbundle.converted_bundle`), under `key`."""
    _bundle_record(folder).forget()
    for old in ("copies", "parts", "join-cache"):  # what earlier builds indexed of the edition's own pages
        shutil.rmtree(folder / old, ignore_errors=True)
    Record(folder / "copies.json").forget()
    converted_bundle(zh_bundle, folder / "bundle", HANT.hreflang.lower(), HANT.folder, HANT.convert, indexer)
    _bundle_record(folder).write({"key": key})


def _same_pages(zh: Path, converted: Path) -> None:
    """The converted edition has the pages zh has, or its search results would lead nowhere."""
    def pages(site: Path) -> set[str]:
        return {name for name, _ in search.files_below(site, ".html")}
    differ = pages(zh) ^ pages(converted)
    if differ:
        raise RuntimeError(f"{converted} and {zh} differ in their pages: the converted edition cannot search "
                           f"zh's index: {sorted(differ)[:10]}")
