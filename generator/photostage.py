"""The photo stage of the build: which photos the site needs, and their derivatives made in parallel.

Every job is first looked up in the cache in this process by the photo's
content hash (memoised by file size and times, so an unchanged photo is
not even read); only the misses are handed to an executor — a process
pool over every core by default, or any `concurrent.futures.Executor` the
caller brings (a Dask client's executor, say). A warm build therefore
starts no pool and decodes no image.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from generator.load import Kind
from generator.markup import image_references
from generator.messages import Lang, message
from generator.photos import (MetadataWritten, PhotoError, PhotoKey, Processed, Purpose, cache_key, content_hash,
                              develop, inspect, lookup)
from generator.problems import Problem, problem
from generator.validate import Validated

MAX_PHOTO_BYTES = 50_000_000
"""The largest photo file read (phone JPEG and HEIC files are far smaller); more is refused."""
HASHES = "hashes.json"
"""The memo of content hashes in the cache folder: path → [size, mtime, ctime, inode, device], hash."""
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
    encoded: int = 0
    """Sources decoded and re-encoded in this run (0 on a warm build)."""
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


def make_photos(valid: Validated, cache: Path, *, lang: Lang = "zh", executor: Executor | None = None,
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
    for job in jobs:
        if job.path in refused:
            continue
        key = cache_key(hashes[job.path], job.purpose, job.focus)
        found = lookup(cache, key, present)
        if found is not None:
            developed.processed[job.key] = found
            developed.reused += 1
        else:
            todo.setdefault(key, []).append(job)
    if not todo:
        return developed
    bar = Progress(len(todo), message("photo-progress", lang), stream or sys.stderr)
    for key, outcome in _run(todo, cache, executor):
        bar.step()
        for job in todo[key]:
            if not isinstance(outcome, PhotoError):
                developed.processed[job.key] = outcome
            elif job.path not in refused:
                refused[job.path] = outcome
                valid.problems.append(problem(job.path, 0, "", outcome.key, **outcome.params))
        developed.encoded += 1
    bar.close()
    return developed


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
    memo_file = cache / HASHES
    try:
        memo: dict[str, list[Any]] = json.loads(memo_file.read_text(encoding="utf-8")) if memo_file.exists() else {}
    except ValueError:
        memo = {}  # a damaged memo only costs reading the photos again
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
        tmp = cache / f".{HASHES}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(fresh, sort_keys=True), encoding="utf-8")
        tmp.replace(memo_file)
    return hashes, refused


def _run(todo: dict[str, list[Job]], cache: Path,
         executor: Executor | None) -> Iterable[tuple[str, Processed | PhotoError]]:
    """Develop every cache miss: inline for one, else on `executor` or a fresh process pool."""
    if executor is None and (len(todo) == 1 or cpu_count() == 1):
        for key, jobs in todo.items():
            yield key, _develop(jobs[0].source, cache, key, jobs[0].purpose, jobs[0].focus)
        return
    own = executor is None
    pool = executor or _pool(min(cpu_count(), len(todo)))
    try:
        # the longest work first (gallery sets of the largest files), so no worker is left with a long tail alone
        longest = sorted(todo.items(), key=lambda item: (item[1][0].purpose is Purpose.GALLERY,
                                                         item[1][0].source.stat().st_size), reverse=True)
        futures: dict[Future[Processed | PhotoError], str] = {
            pool.submit(_develop, jobs[0].source, cache, key, jobs[0].purpose, jobs[0].focus): key
            for key, jobs in longest
        }
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        if own:
            pool.shutdown(cancel_futures=True)


def _pool(workers: int) -> Executor:
    """A process pool: its workers forked if this process has no other thread, else started by a fork server.

    Forking starts workers at once; but forking a process that has threads
    may copy a lock held by one of them, and `guardians serve` builds beside
    its server threads. A fork server is safe there, at a slower start.
    """
    threads = threading.active_count() > 1 and "forkserver" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if threads else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _develop(source: Path, cache: Path, key: str, purpose: Purpose,
             focus: tuple[float, float] | None) -> Processed | PhotoError:
    """The unit of work sent to a worker; a refused photo comes back as a value, not an exception.

    Whatever else goes wrong with one photo (an error inside a decoder or
    an encoder) is that photo's problem too, named with the error's type
    and text, and the other photos go on.
    """
    try:
        return develop(source.read_bytes(), cache, key, purpose, focus)
    except PhotoError as err:
        return err
    except MetadataWritten:
        raise  # the tool's fault, not the photo's: the build stops rather than publish metadata
    except Exception as err:  # noqa: BLE001 — any failure of one photo is reported as that photo's problem
        return PhotoError("photo-failed", detail=f"{type(err).__name__}: {err}"[:200])


def cpu_count() -> int:
    """Cores of this machine: the size of the default pool."""
    return os.cpu_count() or 1


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
