"""Search benchmark: index time and size, bytes per query and time to first result.

    .venv/bin/python bench/search.py [--site SITE] [--pages 5000] [--material-pages 2000] [--out bench/results]

1. The sample site (built from content/ and stories/, or an already built
   one given with --site): the index stage is timed again on it.
2. A synthetic province-scale site: --pages story pages per language (zh and
   en, so 2 × pages in all), cut from the built sample site's own story page
   (same header, script and facets) with text from bench/make_province.py's
   vocabulary, indexed by the same stage.
3. mkdocs-material's built-in search on the same content, for comparison:
   the sample's zh staging tree and --material-pages synthetic Chinese pages
   built with the `search` plugin; the size of search_index.json is what
   every reader downloads before the first result.

Each query runs in a fresh browser (empty cache) on a page of its language;
bytes are the bodies of every /pagefind/ response, time is from typing to
the first result on screen. Results go to <out>/search.json and are printed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))
sys.path.insert(0, str(PROJECT))

import make_province as words  # noqa: E402 - the synthetic vocabulary

from generator.config import Settings  # noqa: E402
from generator.search.forgiving import link_aids  # noqa: E402
from generator.search.index import BUNDLE, GRAMS_MARK, index_edition, merge_bundles  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SAMPLE_QUERIES = {"zh": ["网格员", "老人", "陈晓丽", "不漏一户", "天河"], "en": ["volunteers", "Chen Xiaoli"]}
PROVINCE_QUERIES = {"zh": ["网格员", "老人", "独居老人", "不漏一户", "楼栋长 微信群", "台风天", "臺風天", "网阁园"],
                    "en": ["volunteers", "building head", "drills", "voulnteers", "Ｄｒｉｌｌｓ"]}
"""The last of each language's: forgiving input (a variant, a homophone query that finds nothing, a transposition,
full-width letters), which load the box's aid files."""
TEMPLATE = "stories/2022/lingchen-sandian-de-wangge/"
"""The sample story page the synthetic pages are cut from."""


@dataclass
class QueryRun:
    site: str
    lang: str
    query: str
    results: int
    bytes: int
    """Every /pagefind/ response body, from a cold cache: runtime, wasm, index chunks, fragments shown."""
    runtime_bytes: int
    """Of which the fixed part (pagefind.js, worker, wasm, entry, language meta)."""
    files: int
    first_result_ms: float


@dataclass
class IndexRun:
    site: str
    pages: int
    index_seconds: float
    bundle_bytes: int
    bundle_files: int


# --- serving and measuring ----------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def serve(folder: Path) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


_NOTHING = ("没有找到相关内容", "Nothing found")
"""What the box says when a query finds nothing (generator/site/strings: search_no_results)."""
_RUNTIME = re.compile(r"/pagefind/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]+|pagefind-entry\.json|[^/]+\.pf_meta)$")


def measure_queries(site: Path, name: str, queries: dict[str, list[str]], path: str) -> list[QueryRun]:
    """Each query in a fresh browser on `path` (below the language root)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    runs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lang, texts in queries.items():
                for text in texts:
                    context = browser.new_context(service_workers="block")
                    page = context.new_page()
                    sizes: dict[str, int] = {}
                    page.on("response", lambda r, s=sizes: s.__setitem__(r.url, len(r.body()))
                            if "/pagefind/" in r.url else None)
                    page.goto(base + (path if lang == "zh" else f"en/{path}"))
                    field = page.locator(".md-search__input")
                    field.focus()
                    start = time.perf_counter()
                    field.fill(text)
                    page.wait_for_function(f"() => document.querySelector('.md-search-result__item') || "
                                           f"{list(_NOTHING)}.includes(document.querySelector('.md-search-result__meta')"
                                           ".textContent)", timeout=60_000)
                    elapsed = (time.perf_counter() - start) * 1000
                    page.wait_for_load_state("networkidle")
                    meta = page.locator(".md-search-result__meta").inner_text()
                    count = int(re.sub(r"\D", "", meta) or 0)
                    runtime = sum(v for k, v in sizes.items() if _RUNTIME.search(k))
                    runs.append(QueryRun(name, lang, text, count, sum(sizes.values()), runtime, len(sizes),
                                         round(elapsed, 1)))
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return runs


def index_run(site: Path, name: str) -> IndexRun:
    """Index a built site one edition at a time (zh at the root, English in en/), as a build does."""
    start = time.perf_counter()
    pages = 0
    with tempfile.TemporaryDirectory(prefix="cg-bench-index-") as scratch:
        parts = []
        for folder in ("", "en/"):
            edition = Path(scratch) / (folder or "zh")
            pages_dir = site / folder if folder else _without(site, Path(scratch) / "zh-pages", ("en", "zh-hant"))
            pages += index_edition(pages_dir, folder, edition).pages
            parts.append(edition / "bundle")
        if (site / BUNDLE).exists():
            shutil.rmtree(site / BUNDLE)
        merge_bundles(parts, site / BUNDLE)
        link_aids(site / BUNDLE, Path(scratch) / "aids", GRAMS_MARK)
    files = [p for p in (site / BUNDLE).rglob("*") if p.is_file()]
    return IndexRun(name, pages, round(time.perf_counter() - start, 2), sum(p.stat().st_size for p in files),
                    len(files))


def _without(site: Path, target: Path, folders: tuple[str, ...]) -> Path:
    """The site's pages outside the other editions' folders, as hard links in `target`."""
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0] not in folders:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target / rel)
    return target


# --- the sites ---------------------------------------------------------------------


def build_sample(work: Path) -> Path:
    from generator.build import build

    root = work / "sample"
    root.mkdir()
    for name in ("content", "stories"):
        shutil.copytree(PROJECT / name, root / name)
    build(Settings(root=root, out=root / "site", today=date(2026, 11, 28)))
    return root / "site"


_BODY = re.compile(r'<div data-pagefind-body>.*?</article>', re.S)
_FACETS = re.compile(r"<div hidden>.*?</div>", re.S)


def make_province(sample: Path, out: Path, pages: int, seed: int = 1) -> Path:
    """`pages` synthetic stories per language, cut from the sample's story page, with the sample's assets."""
    r = random.Random(seed)
    out.mkdir(parents=True)
    for folder in ("assets", "en/assets"):
        shutil.copytree(sample / folder, out / folder)
    templates = {lang: (sample / prefix / TEMPLATE / "index.html").read_text(encoding="utf-8")
                 for lang, prefix in (("zh", ""), ("en", "en"))}
    regions = yaml.safe_load((PROJECT / "content" / "regions.yml").read_text(encoding="utf-8"))["cities"]
    for i in range(pages):
        year = words.YEARS[i % len(words.YEARS)]
        region = regions[i % len(regions)]
        division = r.choice(region.get("divisions") or [{"zh": "", "en": ""}])
        community_zh, community_en = words.community(r)
        name = words.zh_name(r)
        role = r.choice(words.ROLES)
        for lang, template in templates.items():
            if lang == "zh":
                title = f"{r.choice(words.TIMES)}的{r.choice(words.PLACES_IN)}：{name}"
                place = f"<p>{region['zh']} · {division['zh']} · {community_zh}</p>"
                body = place + "".join(f"<p>{words.zh_paragraph(r, r.randint(3, 5))}</p>"
                                       for _ in range(r.randint(4, 8)))
                city = region["zh"]
            else:
                title = f"{r.choice(words.EN_HEADINGS)}: {r.choice(words.EN_PEOPLE)} {r.randint(1, 999)}"
                place = f"<p>{region['en']} · {division['en']} · {community_en}</p>"
                body = place + "".join(f"<p>{' '.join(words.en_sentence(r) for _ in range(4))}</p>" for _ in range(6))
                city = region["en"]
            facets = (f'<div hidden><span data-pagefind-filter="type">story</span>'
                      f'<span data-pagefind-filter="city">{city}</span>'
                      f'<span data-pagefind-filter="year">{year}</span>'
                      f'<span data-pagefind-filter="role">{role}</span>'
                      f'<span data-pagefind-sort="date">{year}-06-{1 + i % 28:02d}</span>'
                      f'<span data-pagefind-meta="date">{year}-06-{1 + i % 28:02d}</span></div>')
            html = _FACETS.sub(lambda _: facets, template, count=1)
            html = _BODY.sub(lambda _: f'<div data-pagefind-body><h1>{title}</h1>{body}</div></article>', html, count=1)
            target = out / ("" if lang == "zh" else "en") / f"stories/{year}/s{i:05d}/index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
    return out


def material_index(docs: Path, lang: str, work: Path) -> int:
    """Size of mkdocs-material's search_index.json for a docs folder (search plugin, no jieba)."""
    config = {"site_name": "bench", "docs_dir": str(docs), "site_dir": str(work / "site"),
              "theme": {"name": "material", "language": lang}, "plugins": [{"search": {"lang": lang}}],
              "nav": [], "not_in_nav": "/**\n"}
    cfg = work / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], check=True,
                   capture_output=True, text=True)
    return (work / "site" / "search" / "search_index.json").stat().st_size


def material_synthetic_docs(out: Path, pages: int, seed: int = 1) -> Path:
    r = random.Random(seed)
    out.mkdir(parents=True)
    (out / "index.md").write_text("# 首页\n", encoding="utf-8")
    for i in range(pages):
        (out / f"s{i:05d}.md").write_text(f"# {r.choice(words.TIMES)}：{words.zh_name(r)}\n\n"
                                          + words.zh_body(r, r.randint(4, 8)), encoding="utf-8")
    return out


# --- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built sample site (default: build one)")
    parser.add_argument("--pages", type=int, default=5000, help="synthetic stories per language")
    parser.add_argument("--material-pages", type=int, default=2000, help="synthetic pages for Material's index")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "results")
    args = parser.parse_args(argv)

    report: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="cg-bench-search-") as scratch:
        work = Path(scratch)
        sample = args.site or build_sample(work)
        indexes = [index_run(sample, "sample")]
        queries = measure_queries(sample, "sample", SAMPLE_QUERIES, TEMPLATE)
        staging = (args.site.parent if args.site else sample.parent) / ".guardians" / "staging" / "zh" / "docs"
        material = {}
        if staging.exists():
            (work / "m-sample").mkdir()
            material["sample_zh"] = material_index(staging, "zh", work / "m-sample")
        province = make_province(sample, work / "province", args.pages)
        indexes.append(index_run(province, f"province-{2 * args.pages}"))
        queries += measure_queries(province, f"province-{2 * args.pages}", PROVINCE_QUERIES,
                                  f"stories/{words.YEARS[0]}/s00000/")
        if args.material_pages:
            (work / "m-province").mkdir()
            docs = material_synthetic_docs(work / "m-docs", args.material_pages)
            material[f"synthetic_zh_{args.material_pages}"] = material_index(docs, "zh", work / "m-province")
    report["index"] = [asdict(i) for i in indexes]
    report["queries"] = [asdict(q) for q in queries]
    report["material_search_index_bytes"] = material
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    for i in indexes:
        print(f"{i.site:>16}: {i.pages} pages indexed in {i.index_seconds} s, bundle {i.bundle_bytes / 1e6:.2f} MB "
              f"in {i.bundle_files} files")
    for q in queries:
        print(f"{q.site:>16} {q.lang} {q.query!r:>14}: {q.results:>5} results, {q.bytes / 1024:7.1f} KB "
              f"({q.runtime_bytes / 1024:.1f} KB runtime) in {q.files} files, first result {q.first_result_ms:.0f} ms")
    for key, size in material.items():
        print(f"Material search_index.json ({key}): {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
