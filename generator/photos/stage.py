"""The photo stage of the build: which photos the site needs, and their derivatives made in parallel.

Every job is first looked up in the cache in this process by the photo's
content hash (memoised by file size and times, so an unchanged photo is
not even read); only the misses are handed to the build's scheduler
(`Scheduler.map`: a process pool over every core, or a Dask cluster), one
unit of work per source, so that a photo wanted for two purposes is
decoded once. A warm build therefore starts no pool and decodes no image.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from generator.cache import Record
from generator.content.load import Kind
from generator.content.markup import image_references
from generator.content.validate import Validated
from generator.editions import Lang
from generator.messages import message
from generator.photos.derive import (
    MetadataWritten,
    PhotoError,
    PhotoKey,
    Processed,
    Purpose,
    Variant,
    Wanted,
    cache_key,
    content_hash,
    develop,
    inspect,
    lookup,
)
from generator.problems import Problem, problem
from generator.scheduler import SEQUENTIAL, Scheduler

MAX_PHOTO_BYTES = 50_000_000
"""The largest photo file read (phone JPEG and HEIC files are far smaller); more is refused."""
HASHES = "hashes.json"
"""The memo of content hashes in the cache folder: path → [size, mtime, ctime, inode, device], hash."""
DERIVATIVES = "derivatives.json"
"""The memo of each cache key's derivatives, as its `<key>.txt` lists them: key → [[file, width, height, mime]], for
the keys whose `<key>.txt` is in the cache, so a warm build reads one file, not one per photo."""
SETTLED_NS = 2_000_000_000
"""Only files unchanged for this long are memoised: a file rewritten within one tick of the clock keeps its times."""
PROGRESS_FROM = 24
"""Show a progress bar when at least this many photos need work (and stderr is a terminal)."""


@dataclass(frozen=True)
class Job:
    """One photo needed for one purpose."""

    path: str
    """The source, relative to the content root (`stories/2022/x/night.jpg`)."""
    source: Path
    purpose: Purpose
    focus: tuple[float, float] | None = None

    @property
    def key(self) -> PhotoKey:
        return (self.path, self.purpose)


@dataclass
class Developed:
    """What the stage produced: derivatives by photo, and how much image work it took."""

    processed: dict[PhotoKey, Processed] = field(default_factory=dict)
    """In the jobs' order (`photo_jobs`), whichever were found in the cache and whichever made: the pages' keys
    hash it as it is."""
    encoded: int = 0
    """Sets of derivatives made in this run, one per cache key (0 on a warm build)."""
    reused: int = 0
    """Jobs found complete in the cache."""


def photo_jobs(valid: Validated) -> list[Job]:
    """Every photo the site shows, for what: gallery, portrait or share image; held photos left out."""
    jobs: list[Job] = []
    for entry in valid.entries:
        record = entry.record

        def job(name: str, purpose: Purpose, focus: tuple[float, float] | None = None) -> Job:
            return Job(f"{entry.folder}/{name}", entry.assets[name], purpose, focus)

        if entry.kind is Kind.STORY:
            if not record.status.is_published():
                continue
            shown = [p.file for p in record.photos if p.file not in entry.held_photos and p.file in entry.assets]
            jobs += [job(name, Purpose.GALLERY) for name in shown]
            jobs += [job(name, Purpose.SHARE) for name in shown[:1]]
        elif entry.kind is Kind.WORKER and record.portrait in entry.assets:
            jobs.append(job(record.portrait, Purpose.PORTRAIT, record.portrait_focus))
            jobs.append(job(record.portrait, Purpose.SHARE, record.portrait_focus))
        for source in entry.texts.values():
            jobs += [job(ref, Purpose.GALLERY) for _, ref in image_references(source.body)
                     if ref in entry.assets and ref not in entry.held_photos]
    unique = {j.key: j for j in reversed(jobs)}
    return sorted(unique.values(), key=lambda j: (j.path, j.purpose.value))


def make_photos(valid: Validated, cache: Path, *, lang: Lang = "zh", scheduler: Scheduler = SEQUENTIAL,
                stream: TextIO | None = None) -> Developed:
    """Derivatives of every photo the site shows; a photo that cannot be published refuses its entry.

    Problems are added to `valid.problems` (path: the photo file); the
    caller settles which entries that refuses.
    """
    developed = Developed()
    jobs = photo_jobs(valid)
    hashes, refused = content_hashes(jobs, cache)
    for path, error in refused.items():
        valid.problems.append(problem(path, 0, "", error.key, **error.params))
    todo: dict[str, list[Job]] = {}
    present = frozenset(os.listdir(cache)) if cache.is_dir() else frozenset()
    memo = Record(cache / DERIVATIVES)
    known: dict[str, list[list[Any]]] = memo.read() or {}  # a damaged memo only costs reading each `<key>.txt`
    keys: dict[PhotoKey, str] = {}
    for job in jobs:
        if job.path in refused:
            continue
        key = keys[job.key] = cache_key(hashes[job.path], job.purpose, job.focus)
        found = _remembered(key, known.get(key), present) or lookup(cache, key, present)
        if found is not None:
            developed.processed[job.key] = found
            developed.reused += 1
        else:
            todo.setdefault(key, []).append(job)
    if todo:
        _develop_all(developed, todo, cache, refused, valid, lang, scheduler, stream)
    developed.processed = {job.key: developed.processed[job.key] for job in jobs if job.key in developed.processed}
    remembered = {key: variants for key, variants in known.items() if f"{key}.txt" in present} | {
        keys[at]: [[v.file, v.width, v.height, v.mime] for v in found.variants]
        for at, found in developed.processed.items()}  # a preview's few photos add to the build's
    if remembered != known:
        memo.write(remembered)
    return developed


def _remembered(key: str, variants: list[list[Any]] | None, present: frozenset[str]) -> Processed | None:
    """A key's derivatives as the memo (`DERIVATIVES`) lists them, while its `<key>.txt` and all of them are in the
    cache."""
    if f"{key}.txt" not in present or not isinstance(variants, list) or not variants or not all(
            isinstance(v, list) and [type(x) for x in v] == [str, int, int, str] and v[0] in present
            for v in variants):
        return None
    return Processed(tuple(Variant(*v) for v in variants))


def _develop_all(developed: Developed, todo: dict[str, list[Job]], cache: Path, refused: dict[str, PhotoError],
                 valid: Validated, lang: Lang, scheduler: Scheduler, stream: TextIO | None) -> None:
    """The derivatives of each key in `todo` made (for its jobs), a progress bar showing; a photo that cannot be
    published is `refused` and its problem added to `valid.problems`."""
    units: dict[Path, list[Wanted]] = {}  # each source's sets, made from one decode
    for key, jobs in todo.items():
        units.setdefault(jobs[0].source, []).append(Wanted(key, jobs[0].purpose, jobs[0].focus))
    # the longest work first (gallery sets of the largest files), so no worker is left with a long tail alone
    sources = sorted(units, key=lambda source: (any(want.purpose is Purpose.GALLERY for want in units[source]),
                                                source.stat().st_size), reverse=True)
    bar = Progress(len(sources), message("photo-progress", lang), stream or sys.stderr)
    for at, outcome in scheduler.map(partial(_develop, cache=cache), [(source, units[source]) for source in sources]):
        bar.step()
        wanted = units[sources[at]]
        if isinstance(outcome, PhotoError):  # every path with this content is refused, each named once
            for path in dict.fromkeys(job.path for want in wanted for job in todo[want.key]):
                if path not in refused:
                    refused[path] = outcome
                    valid.problems.append(problem(path, 0, "", outcome.key, **outcome.params))
            continue
        for want, made in zip(wanted, outcome, strict=True):
            developed.processed.update((job.key, made) for job in todo[want.key])
            developed.encoded += 1
    bar.close()


def check_photos(valid: Validated) -> list[Problem]:
    """What `guardians check` can tell about the photos without decoding them.

    File size, format, structure (truncated or damaged) and the size in
    pixels for each purpose the photo serves; one problem per photo at most.
    """
    found: dict[str, Problem] = {}
    for job in photo_jobs(valid):
        if job.path in found:
            continue
        size = job.source.stat().st_size
        try:
            if size > MAX_PHOTO_BYTES:
                raise PhotoError("file-too-large", size=size, limit=MAX_PHOTO_BYTES)
            inspect(job.source, job.purpose)
        except PhotoError as err:
            found[job.path] = problem(job.path, 0, "", err.key, **err.params)
    return list(found.values())


def content_hashes(jobs: list[Job], cache: Path) -> tuple[dict[str, str], dict[str, PhotoError]]:
    """The content hash of every source, and the sources refused for their size.

    A source whose size, times and inode are those recorded in the cache's
    memo (`HASHES`) keeps its recorded hash without being read again, so a
    warm build of a province's photos reads none of them.
    """
    record = Record(cache / HASHES)
    memo: dict[str, list[Any]] = record.read() or {}  # a damaged memo only costs reading the photos again
    hashes: dict[str, str] = {}
    refused: dict[str, PhotoError] = {}
    fresh: dict[str, list[Any]] = {}
    for job in jobs:
        if job.path in hashes or job.path in refused:
            continue
        info = job.source.stat()
        stamp = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
        if info.st_size > MAX_PHOTO_BYTES:
            refused[job.path] = PhotoError("file-too-large", size=info.st_size, limit=MAX_PHOTO_BYTES)
            continue
        known = memo.get(str(job.source))
        digest = known[1] if known and known[0] == stamp else content_hash(job.source.read_bytes())
        hashes[job.path] = digest
        if max(info.st_mtime_ns, info.st_ctime_ns) < time.time_ns() - SETTLED_NS:
            fresh[str(job.source)] = [stamp, digest]
    if fresh != memo:
        cache.mkdir(parents=True, exist_ok=True)
        record.write(fresh)
    return hashes, refused


def _develop(unit: tuple[Path, list[Wanted]], *, cache: Path) -> list[Processed] | PhotoError:
    """The unit of work sent to a worker (`Scheduler.map`): one source and the sets of derivatives it misses; a
    refused photo comes back as a value, not an exception.

    Whatever else goes wrong with one photo (an error inside a decoder or
    an encoder) is that photo's problem too, named with the error's type
    and text, and the other photos go on.
    """
    source, wanted = unit
    try:
        return develop(source.read_bytes(), cache, wanted)
    except PhotoError as err:
        return err
    except MetadataWritten:
        raise  # the tool's fault, not the photo's: the build stops rather than publish metadata
    except Exception as err:  # noqa: BLE001 — any failure of one photo is reported as that photo's problem
        return PhotoError("photo-failed", detail=f"{type(err).__name__}: {err}"[:200])


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not one or the work is small."""

    def __init__(self, total: int, label: str, stream: TextIO, *, width: int = 30):
        self.total = total
        self.done = 0
        self.label = label
        self.stream = stream
        self.width = width
        self.shown = total >= PROGRESS_FROM and stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.shown:
            filled = self.width * self.done // self.total
            bar = "█" * filled + "·" * (self.width - filled)
            self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
