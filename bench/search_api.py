"""Search index through Pagefind's Python API against the join: time, peak memory, bundle, bytes per query.

    PYTHONPATH=$PWD:/tmp/searchapi/venv/lib/python3.11/site-packages \\
        .venv/bin/python bench/search_api.py --site SITE --indexer api [--binary PATH] [--pages 5000]

(`/tmp/searchapi/venv`: a separate venv with `pip install "pagefind[extended]"`; the project's venv holds
only `pagefind-bin`.) SITE is a built sample site (tests/search/quality.py builds one, or `guardians build`).

`--indexer join` indexes as the build does (bench/search.py's `index_run`: indexed copies written as files,
Pagefind's command line on each shard of at most `SHARD_PAGES` pages, `join_bundles`). `--indexer api` gives
the same indexed copies (`indexed_copy`, made in memory, no file written) to one `PagefindIndex` over a pipe
(`add_html_file`), which writes the whole bundle at the end (`write_files`). Both index bench/search.py's
synthetic province (`make_province`: --pages stories per language, zh and en), then bench/search.py's
`measure_queries` asks its `PROVINCE_QUERIES`, each in a fresh browser. Peak memory is that of this process
and every process below it together, sampled every 0.2 s (bench/run.py's `TreeMemory`: proportional set
size), and the largest child's own peak (`RUSAGE_CHILDREN`: a Pagefind run). `--binary` is the Pagefind the API drives (default: the
project's `pagefind-bin`, the plain build the join runs; `pagefind_bin_extended`'s, or npm's 1.6
`pagefind_extended`, to compare). The `pagefind` package's reader pauses `POLL_WAIT` (0.1 s) before it
reads each answer of the service, which bounds it to ten pages a second; `--poll-wait 0` measures the
service without that pause. Results go to <out>/search-<run>.json and are printed.

    PYTHONPATH=... .venv/bin/python bench/search_api.py --site SITE --rebundle OUT [--binary PATH]

writes OUT: a copy of SITE (hard links) whose bundle the API made from the same copies in all three
editions (zh-Hant's copies are zh's, converted, as `converted_bundle` converts zh's bundle), for
`tests/search/quality.py --site OUT` to compare recall with the join's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))
sys.path.insert(0, str(PROJECT))

import search as bench  # noqa: E402 - bench/search.py: the province, the join's run, the queries
from run import TreeMemory  # noqa: E402 - bench/run.py's sampler of a process tree's memory

from generator.editions import EDITIONS  # noqa: E402
from generator.search.forgiving import link_aids  # noqa: E402
from generator.search.index import BUNDLE, GRAMS_MARK, indexed_copy  # noqa: E402

HANT = next(e for e in EDITIONS if e.converted)
OTHER_EDITIONS = tuple(e.folder.rstrip("/") for e in EDITIONS if e.folder)
"""The folders of the editions below the root: zh's pages are the others."""


@dataclass
class Run:
    indexer: str
    pagefind: str
    pages: int
    index_seconds: float
    peak_mb: float
    """This process and every process below it together (proportional set size), sampled."""
    peak_child_rss_mb: float
    """The largest single child's peak (a Pagefind run)."""
    bundle_bytes: int
    bundle_files: int


@dataclass(frozen=True)
class Edition:
    """Pages to index: the built pages in `pages` (minus `skip` folders), published below `/<folder>`."""

    pages: Path
    folder: str
    skip: tuple[str, ...] = ()
    traditional: Callable[[str], str] | None = None
    """Adds the gram words of the text in Traditional characters (`indexed_copy`)."""
    shown: Callable[[str], str] | None = None
    """Turns a copy into the edition's own (zh-Hant: zh's copy converted)."""

    def copies(self) -> Iterator[tuple[str, str]]:
        """Each indexed page's address and indexed copy, made in memory."""
        for path in sorted(self.pages.rglob("*.html")):
            rel = path.relative_to(self.pages)
            if rel.parts[0] in self.skip:
                continue
            copy = indexed_copy(path.read_text(encoding="utf-8"), self.traditional)
            if copy is not None:
                address = "/" + self.folder + rel.as_posix()
                yield address.removesuffix("index.html"), self.shown(copy) if self.shown else copy


# --- measuring -------------------------------------------------------------------------


def pagefind_version(binary: Path) -> str:
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def default_binary() -> Path:
    """The project's Pagefind (`pagefind-bin`, the plain build), as the join runs it."""
    from pagefind_bin import get_executable

    return Path(get_executable())


# --- the API ---------------------------------------------------------------------------


BATCH = 32
"""Pages sent to the Pagefind service before their answers are awaited."""


POLL_WAIT = 0.1
"""The pause of `pagefind`'s reader (`PagefindService._wait_for_responses`) before it reads each answer."""


def _poll_wait(seconds: float) -> None:
    """Make the reader pause `seconds` before each answer instead of its own `POLL_WAIT` (its one `sleep`)."""
    import types

    from pagefind import service  # type: ignore[import-not-found]

    real = asyncio.sleep
    shim = types.SimpleNamespace(**vars(asyncio))
    shim.sleep = lambda _: real(seconds)
    service.asyncio = shim


async def _api_bundle(editions: list[Edition], bundle: Path) -> int:
    from pagefind.index import PagefindIndex  # type: ignore[import-not-found]

    pages = 0
    index = PagefindIndex(config={"output_path": str(bundle)})
    await index._start()
    try:
        for edition in editions:
            batch = []
            for url, copy in edition.copies():
                batch.append(index.add_html_file(content=copy, url=url))
                if len(batch) == BATCH:
                    pages += len(await asyncio.gather(*batch))
                    batch = []
            pages += len(await asyncio.gather(*batch))
        await index.write_files()
    finally:
        await index._service.close()
    return pages


def api_bundle(editions: list[Edition], bundle: Path, binary: Path, poll_wait: float = POLL_WAIT) -> int:
    """The bundle of `editions` at `bundle`, made by one `PagefindIndex` run on `binary`; the pages indexed.
    The box's aid files are added as the build adds them."""
    os.environ["PAGEFIND_BINARY_PATH"] = str(binary)
    if poll_wait != POLL_WAIT:
        _poll_wait(poll_wait)
    if bundle.exists():
        shutil.rmtree(bundle)
    pages = asyncio.run(_api_bundle(editions, bundle))
    for unused in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (bundle / unused).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="cg-bench-aids-") as scratch, _fragments_of_any_version():
        link_aids(bundle, Path(scratch) / "aids", GRAMS_MARK)
    return pages


@contextmanager
def _fragments_of_any_version() -> Iterator[None]:
    """`forgiving._fragments` reading Pagefind 1.6's metadata too (a page there has a third field), so the box's
    aids can be made for a 1.6 bundle; the build reads 1.5's only."""
    from generator.search import forgiving
    from generator.search.bundle import read_blob

    def fragments(bundle: Path, info: dict[str, object]) -> Iterator[tuple[str, str]]:
        for name, *_ in read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")[1]:
            yield name, str(bundle / "fragment" / f"{name}.pf_fragment")

    kept = forgiving._fragments
    forgiving._fragments = fragments
    try:
        yield
    finally:
        forgiving._fragments = kept


def sample_editions(site: Path) -> list[Edition]:
    """The sample site's three editions as the build indexes them (zh-Hant from zh's copies, converted)."""
    hant_lang = re.compile(r'(<html lang=")[^"]*')

    def hant(copy: str) -> str:
        return hant_lang.sub(rf"\g<1>{HANT.hreflang}", HANT.convert(copy), count=1)

    return [Edition(site, "", OTHER_EDITIONS, HANT.convert), Edition(site / "en", "en/"),
            Edition(site, HANT.folder, OTHER_EDITIONS, HANT.convert, hant)]


# --- main ------------------------------------------------------------------------------


def index_province(province: Path, indexer: str, binary: Path, poll_wait: float) -> Run:
    """The province indexed by `indexer` into province/pagefind, timed, its memory sampled."""
    name = "join" if indexer == "join" else f"api-{pagefind_version(binary).split()[-1]}-poll-{poll_wait:g}"
    memory = TreeMemory(os.getpid())
    memory.start()
    try:
        start = time.perf_counter()
        if indexer == "join":
            pages = bench.index_run(province, "join").pages
        else:
            pages = api_bundle([Edition(province, "", ("en",)), Edition(province / "en", "en/")],
                               province / BUNDLE, binary, poll_wait)
        seconds = time.perf_counter() - start
    finally:
        memory.stop()
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    files = [p for p in (province / BUNDLE).rglob("*") if p.is_file()]
    return Run(name, pagefind_version(binary), pages, round(seconds, 1), round(memory.peak / 1024, 1), round(child, 1),
               sum(p.stat().st_size for p in files), len(files))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built sample site")
    parser.add_argument("--indexer", choices=("join", "api"), default="api")
    parser.add_argument("--binary", type=Path, help="the Pagefind the API drives (default: pagefind-bin's)")
    parser.add_argument("--pages", type=int, default=5000, help="synthetic stories per language")
    parser.add_argument("--poll-wait", type=float, default=POLL_WAIT,
                        help="the API reader's pause before each answer (default: the package's own)")
    parser.add_argument("--rebundle", type=Path, help="write a copy of SITE with the API's bundle here, and stop")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "results")
    args = parser.parse_args(argv)
    binary = args.binary or default_binary()

    if args.rebundle:
        shutil.copytree(args.site, args.rebundle, copy_function=os.link)
        shutil.rmtree(args.rebundle / BUNDLE)
        start = time.perf_counter()
        pages = api_bundle(sample_editions(args.rebundle), args.rebundle / BUNDLE, binary, args.poll_wait)
        print(f"{args.rebundle}: {pages} pages indexed by {pagefind_version(binary)} through the API in "
              f"{time.perf_counter() - start:.1f} s")
        return 0

    report: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="cg-bench-search-api-") as scratch:
        province = bench.make_province(args.site, Path(scratch) / "province", args.pages)
        run = index_province(province, args.indexer, binary, args.poll_wait)
        queries = bench.measure_queries(province, run.indexer, bench.PROVINCE_QUERIES,
                                        f"stories/{bench.words.YEARS[0]}/s00000/")
    sizes = [q.bytes for q in queries]
    report |= {"run": asdict(run), "queries": [asdict(q) for q in queries],
               "query_bytes": {"max": max(sizes), "median": statistics.median(sizes)}}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"search-{run.indexer}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                                         encoding="utf-8")
    print(f"{run.indexer} ({run.pagefind}): {run.pages} pages in {run.index_seconds} s, peak {run.peak_mb} MB "
          f"(largest child {run.peak_child_rss_mb} MB), bundle {run.bundle_bytes / 1e6:.2f} MB in "
          f"{run.bundle_files} files")
    for q in queries:
        print(f"{q.lang} {q.query!r:>14}: {q.results:>5} results, {q.bytes / 1024:7.1f} KB in {q.files} files, "
              f"first result {q.first_result_ms:.0f} ms")
    print(f"cold query: median {statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
