"""Benchmark of the photo pipeline: throughput cold and warm, and bytes of a story page on a phone.

    .venv/bin/python bench/photos.py [--stories 8] [--repeat 2] [--no-browser]

1. A synthetic tree: `--stories` stories with 3 phone-like photos each
   (4000×3000 JPEG with EXIF and GPS: bench/illustrations.py drawings with
   seeded per-pixel noise so that they compress like photographs, not like
   flat drawings) and one worker with an 800×1000 portrait. Photos are made
   once and kept under bench/.cache/photos/; the same arguments always give
   the same files.
2. Cold, one process: the photo stage into an empty cache, every job run
   inline. Cold, pool: the same into another empty cache with the default
   process pool over every core. Both are run `--repeat` times, interleaved,
   and the best of each counts (the cores are shared with other work).
   Reported as source images per second, with the CPU seconds used; and,
   before and after, how much faster two plain CPU-bound processes run
   than one at that moment — the most any pool could gain.
3. Warm: the stage again over the pool's cache — it must do no image work.
   Then one photo is replaced: only its jobs may be done again.
4. Bytes per page: the whole site is built (`guardians build`), and the
   first story page is weighed for a 390×844 phone viewport at DPR 2 and 3:
   (a) computed from the page — the candidate the browser picks from each
   `<picture>` (by the HTML rule: the smallest density ≥ DPR; and by
   Chromium's rule, which may stay one smaller) plus HTML, CSS, JS and icon,
   gzip-compressed as any static host serves them; and (b) measured in
   Chromium (Playwright, /usr/bin/chromium) against a local server that
   gzips text, after scrolling to the end so that every lazy image loads.

Targets (issue 3): warm = no image work; pool ≥ 1.6× one process; a story
page with 3 photos < 400 KB transferred at 390 px.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html.parser
import io
import math
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.append(str(PROJECT))  # after PYTHONPATH: photo_encoders.py --stage runs older code that way

import illustrations  # noqa: E402
from make_sample_photos import phone_exif  # noqa: E402

from generator.build import build  # noqa: E402
from generator.config import Settings  # noqa: E402
from generator.content.load import load_tree  # noqa: E402
from generator.content.validate import Validated, validate_tree  # noqa: E402
from generator.photos.stage import Developed, make_photos  # noqa: E402
from generator.scheduler import Scheduler  # noqa: E402

CACHE = BENCH / ".cache" / "photos"
TODAY = date(2026, 11, 28)
PHOTO_SIZE = (4000, 3000)
VIEWPORT = (390, 844)
BUDGET = 400 * 1024
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

STORY = """\
---
title: 基准测试故事 {n}
date: 2024-05-{day:02d}
city: 广州市
district: 天河区
community: 华景社区
workers: [bench-worker]
summary: 网格员和志愿者一起完成一次上门走访。
author: 李明
unit: 天河区民政局
status: published
photos:
{photos}---
{body}
"""

PHOTO = """\
  - file: photo-{i}.jpg
    caption: 网格员上门走访（示意图 {n}-{i}）
    credit: 天河区民政局
"""

WORKER = """\
---
name: 陈晓丽
gender: female
role: grid-worker
city: 广州市
district: 天河区
community: 华景社区
portrait: portrait.jpg
deeds: 坚守网格一线。
---
陈晓丽是华景社区的网格员。
"""

PARAGRAPH = ("那天夜里，网格员和楼栋长一起逐户敲门，核对住户信息，把需要帮助的老人和孩子一一记在本子上。"
             "公共卫生委员会的成员在楼下设立了临时服务点，为居民解答疑问，发放防护物资。")


# --- the synthetic tree ------------------------------------------------------------------


def phone_photo(seed: int) -> bytes:
    """A 4000×3000 JPEG like a phone writes it, with per-pixel noise so that it compresses like a photograph."""
    path = CACHE / f"phone-{seed}.jpg"
    if path.exists():
        return path.read_bytes()
    scene = illustrations.SCENES[seed % len(illustrations.SCENES)]
    base = _drawing(scene)
    rng = random.Random(seed)
    noise = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(PHOTO_SIZE[0] * PHOTO_SIZE[1])).point(lambda v: v // 10)
    shifted = Image.merge("RGB", [ImageChops.add(channel, noise, 1.0, -12) for channel in base.split()])
    if seed % 2:
        shifted = shifted.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    taken = dt.datetime(2024, 5, 1, 9) + dt.timedelta(minutes=seed)
    exif = phone_exif(seed, taken, 23.13 + seed / 10000, 113.33 - seed / 10000, None)
    out = io.BytesIO()
    shifted.save(out, "JPEG", quality=90, exif=exif.tobytes())
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def _drawing(scene: str) -> Image.Image:
    path = CACHE / f"drawing-{scene}.png"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        illustrations.draw_illustration(7, *PHOTO_SIZE, scene=scene).save(path)
    with Image.open(path) as image:
        return image.convert("RGB")


def portrait_photo() -> bytes:
    out = io.BytesIO()
    illustrations.portrait(11).save(out, "JPEG", quality=90)
    return out.getvalue()


def make_tree(root: Path, stories: int) -> None:
    """`stories` stories of 3 photos each, and the worker they name."""
    for name in ("regions.yml", "tags.yml"):
        (root / "content").mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "content" / name, root / "content" / name)
    worker = root / "content" / "workers" / "bench-worker"
    worker.mkdir(parents=True)
    (worker / "index.zh.md").write_text(WORKER, encoding="utf-8")
    (worker / "portrait.jpg").write_bytes(portrait_photo())
    for n in range(1, stories + 1):
        folder = root / "stories" / "2024" / f"bench-{n:02d}"
        folder.mkdir(parents=True)
        photos = "".join(PHOTO.format(i=i, n=n) for i in (1, 2, 3))
        body = "\n\n".join([PARAGRAPH] * 5)
        (folder / "index.zh.md").write_text(STORY.format(n=n, day=n % 28 + 1, photos=photos, body=body),
                                            encoding="utf-8")
        for i in (1, 2, 3):
            (folder / f"photo-{i}.jpg").write_bytes(phone_photo(n * 10 + i))


def validated(root: Path) -> Validated:
    return validate_tree(load_tree(root), today=TODAY)


def timed(root: Path, cache: Path, *, sequential: bool = False) -> tuple[Developed, float, float]:
    """The photo stage alone (after load and validate): what it did, wall seconds, CPU seconds (workers included);
    `sequential`: every job in this process, the single-process baseline."""
    valid = validated(root)
    before = _cpu()
    start = time.perf_counter()
    with Scheduler(sequential=sequential) as scheduler:
        developed = make_photos(valid, cache, scheduler=scheduler)
    return developed, time.perf_counter() - start, _cpu() - before


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers, once it is shut down)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def free_cores(n: int = 6_000_000) -> float:
    """How much faster two CPU-bound processes finish two equal tasks than one process does, right now.

    On an idle 2-core machine about ×2; when other work holds the cores,
    less — and no pool can do better than that.
    """
    start = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        pool.submit(_spin, 1).result()  # workers started before the clock
        start = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        parallel = time.perf_counter() - start
    return serial / parallel


# --- bytes of a page --------------------------------------------------------------------


class PageParts(html.parser.HTMLParser):
    """The resources a page loads: stylesheets, scripts, icons, and each <picture>'s sources and <img>."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.icons: list[str] = []
        self.pictures: list[list[dict[str, str]]] = []
        self._open: list[dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        elif tag == "link" and a.get("rel") == "icon":
            self.icons.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "picture":
            self._open = []
        elif tag in ("source", "img") and self._open is not None:
            self._open.append({"tag": tag, **a})
            if tag == "img":
                self.pictures.append(self._open)
                self._open = None


def media_matches(media: str, width: int) -> bool:
    if not media:
        return True
    found = re.fullmatch(r"\(max-width:\s*(\d+)px\)", media.strip())
    if not found:
        raise ValueError(f"media query not understood: {media}")
    return width <= int(found.group(1))


def slot_width(sizes: str, viewport: int) -> float:
    """Evaluate a `sizes` attribute of the forms this site writes."""
    for part in [p.strip() for p in sizes.split(",")]:
        found = re.fullmatch(r"(\([^)]*\))?\s*(.+)", part)
        assert found
        condition, length = found.group(1) or "", found.group(2)
        if media_matches(condition, viewport):
            if calc := re.fullmatch(r"calc\(100vw\s*-\s*(\d+)px\)", length):
                return viewport - int(calc.group(1))
            if vw := re.fullmatch(r"(\d+)vw", length):
                return viewport * int(vw.group(1)) / 100
            if px := re.fullmatch(r"(\d+)px", length):
                return float(px.group(1))
            raise ValueError(f"sizes not understood: {sizes}")
    raise ValueError(f"no size applies: {sizes}")


def pick(srcset: str, slot: float, dpr: float, rule: str) -> str:
    """The candidate a browser fetches: by the HTML rule, or by Chromium's geometric-mean rule."""
    candidates = sorted(((int(w[:-1]) / slot, url) for url, w in (c.strip().rsplit(" ", 1) for c in srcset.split(","))))
    for index, (density, url) in enumerate(candidates):
        if density >= dpr:
            if rule == "chromium" and index > 0:
                lower = candidates[index - 1]
                if dpr < math.sqrt(lower[0] * density):
                    return lower[1]
            return url
    return candidates[-1][1]


def computed_bytes(site: Path, page: Path, dpr: float, rule: str) -> dict[str, int]:
    """Bytes of `page` at the phone viewport: images by the chosen rule, text gzip-compressed."""
    parts = PageParts()
    parts.feed(page.read_text(encoding="utf-8"))

    def file(url: str) -> Path:
        return (page.parent / url.split("?")[0]).resolve()

    text = sum(len(gzip.compress(f.read_bytes(), 6)) for f in
               [page] + [file(u) for u in parts.styles + parts.scripts + parts.icons] if f.is_file())
    images = 0
    for picture in parts.pictures:
        for element in picture:
            if element["tag"] == "source" and not media_matches(element.get("media", ""), VIEWPORT[0]):
                continue
            if element["tag"] == "source" and element.get("type") not in ("image/webp", None, ""):
                continue
            chosen = pick(element["srcset"], slot_width(element["sizes"], VIEWPORT[0]), dpr, rule)
            images += file(chosen).stat().st_size
            break
    return {"text": text, "images": images, "total": text + images, "pictures": len(parts.pictures)}


class GzipHandler(BaseHTTPRequestHandler):
    """Serves the site folder; text is gzip-compressed when the browser accepts it, as static hosts do."""

    root: Path = Path(".")
    TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
             ".svg": "image/svg+xml", ".json": "application/json", ".jpg": "image/jpeg", ".webp": "image/webp",
             ".png": "image/png", ".xml": "application/xml", ".woff2": "font/woff2"}

    def do_GET(self) -> None:  # noqa: N802 (the http.server interface)
        path = (self.root / self.path.split("?")[0].lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or self.root not in path.parents:
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = self.TYPES.get(path.suffix, "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if not kind.startswith(("image/jpeg", "image/webp", "image/png", "font/")) and \
                "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def browser_bytes(site: Path, url_path: str, dprs: list[float]) -> dict[float, dict[str, int]]:
    """Bytes Chromium transfers for the page at 390×844, before and after scrolling to the end."""
    from playwright.sync_api import sync_playwright

    handler = type("Handler", (GzipHandler,), {"root": site.resolve()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[float, dict[str, int]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for dpr in dprs:
                context = browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]},
                                              device_scale_factor=dpr, is_mobile=True, has_touch=True)
                page = context.new_page()
                seen: list[Any] = []
                page.on("requestfinished", lambda request: seen.append(request))
                page.goto(origin + url_path, wait_until="networkidle")
                first = _transferred(seen)
                for _ in range(30):
                    page.mouse.wheel(0, VIEWPORT[1])
                    page.wait_for_timeout(100)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                total = _transferred(seen)
                elsewhere = sum(1 for r in seen if not r.url.startswith(origin) and not r.url.startswith("data:"))
                images = sum(r.sizes()["responseBodySize"] for r in seen if r.resource_type == "image")
                results[dpr] = {"initial": first, "scrolled": total, "images": images, "requests": len(seen),
                                "other_hosts": elsewhere}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def _transferred(requests: list[Any]) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


# --- the run ---------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=8, help="stories of 3 photos each (default 8)")
    parser.add_argument("--repeat", type=int, default=2, help="cold runs of each kind; the best counts (default 2)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    args = parser.parse_args(argv)

    failures = []
    with tempfile.TemporaryDirectory(prefix="cg-bench-photos-") as tmp:
        root = Path(tmp) / "root"
        started = time.perf_counter()
        make_tree(root, args.stories)
        sources = 3 * args.stories + 1
        print(f"tree: {args.stories} stories × 3 photos of {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} + 1 portrait "
              f"({sources} source images) made in {time.perf_counter() - started:.1f} s")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

        room = [free_cores()]
        singles: list[tuple[float, float]] = []
        pools: list[tuple[float, float]] = []
        for run in range(args.repeat):  # interleaved, best of each: other processes come and go on a shared machine
            single, wall, cpu = timed(root, Path(tmp) / f"single-{run}", sequential=True)
            singles.append((wall, cpu))
            settings = Settings(root=root, out=Path(tmp) / "site", today=TODAY, work=Path(tmp) / f"work-{run}")
            pool, wall, cpu = timed(root, settings.cache_dir)
            pools.append((wall, cpu))
            assert single.processed == pool.processed, "the pool and one process made different derivatives"
        room.append(free_cores())
        (t_single, c_single), (t_pool, c_pool) = min(singles), min(pools)

        def runs(times: list[tuple[float, float]]) -> str:
            return ", ".join(f"{wall:.1f}" for wall, _ in times)

        print(f"free cores: two CPU-bound processes run ×{room[0]:.2f} / ×{room[1]:.2f} as fast as one "
              f"(before / after the cold runs; an idle 2-core machine gives ×2)")
        print(f"cold, one process : {single.encoded} jobs in {t_single:6.1f} s = {sources / t_single:5.2f} images/s"
              f"  (runs: {runs(singles)} s; {c_single:.1f} CPU-s, {c_single / t_single:.2f} cores busy)")
        print(f"cold, pool of {os.cpu_count()}   : {pool.encoded} jobs in {t_pool:6.1f} s = {sources / t_pool:5.2f} images/s"
              f"  (×{t_single / t_pool:.2f}; runs: {runs(pools)} s; {c_pool:.1f} CPU-s, {c_pool / t_pool:.2f} cores busy)")
        warm, t_warm, _ = timed(root, settings.cache_dir)
        print(f"warm              : {warm.encoded} jobs re-encoded, {warm.reused} from the cache, {t_warm * 1000:.0f} ms"
              f" = {sources / t_warm:,.0f} images/s")
        (root / "stories/2024/bench-01/photo-2.jpg").write_bytes(phone_photo(999))
        changed, t_changed, _ = timed(root, settings.cache_dir)
        print(f"one photo changed : {changed.encoded} job re-encoded, {changed.reused} from the cache, "
              f"{t_changed:.2f} s")
        if warm.encoded:
            failures.append("warm build did image work")
        if changed.encoded != 1:
            failures.append("a changed photo re-encoded more than itself")
        if t_single / t_pool < 1.6:
            failures.append(f"pool speed-up ×{t_single / t_pool:.2f} < ×1.6 (other processes share these cores: "
                            f"load average {os.getloadavg()[0]:.1f}; free cores ×{max(room):.2f})")

        started = time.perf_counter()
        build(settings)
        print(f"site built in {time.perf_counter() - started:.1f} s")
        site = settings.out
        page = site / "stories" / "2024" / "bench-01" / "index.html"
        for dpr in (2.0, 3.0):
            for rule in ("html", "chromium"):
                b = computed_bytes(site, page, dpr, rule)
                print(f"story page, 390 px, DPR {dpr:g}, {rule:8} rule: {b['pictures']} pictures {kb(b['images'])}"
                      f" + HTML/CSS/JS/icon (gzip) {kb(b['text'])} = {kb(b['total'])}")
                if b["total"] >= BUDGET:
                    failures.append(f"story page {kb(b['total'])} at DPR {dpr:g} ({rule} rule) ≥ 400 KB")
        if not args.no_browser:
            measured = browser_bytes(site, "/stories/2024/bench-01/", [2.0, 3.0])
            for dpr, m in measured.items():
                print(f"Chromium 390×844 DPR {dpr:g}: {kb(m['initial'])} on load, {kb(m['scrolled'])} after scrolling "
                      f"to the end ({kb(m['images'])} images, {m['requests']} requests, "
                      f"{m['other_hosts']} to other hosts)")
                if m["scrolled"] >= BUDGET:
                    failures.append(f"Chromium measured {kb(m['scrolled'])} at DPR {dpr:g} ≥ 400 KB")
                if m["other_hosts"]:
                    failures.append("requests to other hosts")
    print("targets met" if not failures else "targets missed:\n  " + "\n  ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
