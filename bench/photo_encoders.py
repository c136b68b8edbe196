"""Benchmark of the photo encoder settings: CPU per source, bytes per story page, SSIM against today's derivatives.

    PYTHONPATH=$PWD .venv/bin/python bench/photo_encoders.py [--rounds 2] [--per-kind 3] [--only NAME,...]
    PYTHONPATH=$PWD .venv/bin/python bench/photo_encoders.py --stage [--sources 40] [--rounds 2] [--before DIR]

1. Sources, made once and kept under bench/.cache/photo-encoders/ (seeded:
   the same arguments give the same files): `--per-kind` each of a
   4032×3024 JPEG as a phone writes it (EXIF with GPS; one in three stored
   on its side with Orientation 6), a 4032×3024 HEIC (written by
   pillow-heif, EXIF with GPS) and a 1200×900 JPEG (such a photo shrunk,
   as a messenger app sends it on). Each is a bench/illustrations.py
   drawing with seeded per-pixel noise, so that it compresses like a
   photograph rather than like a flat drawing.
2. "today" is `generator.photos.derive.develop` as it was before issue 23
   (WebP method 4); every variant is one change to it, made by `Settings`
   below and run by `story_photo`, which repeats `develop` step by step (it
   is checked to give the checkout's derive.py bytes exactly). For each source,
   a story photo's work: its gallery set, and a share image for one photo
   in three (the first photo of a story).
3. Per variant, per kind of source: CPU seconds per source (this process's
   `time.process_time`, best of `--rounds`; the variants run interleaved,
   round after round, so that they see the same noise from other work),
   bytes of all its derivatives per source, the bytes a story page with 3
   photos carries on a 390-px phone at DPR 2 and 3 (the WebP the page's
   `<picture>` offers to phones, by the HTML rule), and the SSIM (luma, a
   7×7 uniform window, as scikit-image's default) of each derivative
   against today's derivative of the same purpose, format and width:
   mean and minimum. numpy is needed (`pip install '.[bench]'`).

The results go to stdout as a Markdown table and to
bench/results/photo-encoders-<time>.json.

`--stage` measures the photo stage itself instead (`make_photos` after load
and validate), cold, on a tree of `--sources` photos of each kind (every
file different, so every one is work; a HEIC one under a `.jpg` name, as
the build tells formats by content), each way in a fresh process:
in one process, on the build's default pool, and on a Dask LocalCluster of
two worker processes; with `--before DIR` (a folder holding older code,
e.g. `mkdir DIR && git archive main generator | tar -x -C DIR`) also one
process and the pool on that code. Reported: wall seconds, CPU seconds of
every process (the pool's workers once shut down, the Dask workers' own
process time) per source, and cores busy (CPU over wall); written to
bench/results/photo-stage-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pillow_heif
from PIL import Image, ImageChops, ImageOps

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # the project itself comes from PYTHONPATH: --stage runs older code that way
import illustrations  # noqa: E402
import photos as page_bench  # noqa: E402
from make_sample_photos import phone_exif  # noqa: E402

from generator.photos import derive  # noqa: E402
from generator.photos.derive import Purpose  # noqa: E402

CACHE = BENCH / ".cache" / "photo-encoders"
RESULTS = BENCH / "results"
KINDS = {"jpeg-4032": (4032, 3024), "heic-4032": (4032, 3024), "jpeg-1200": (1200, 900)}
SLOT = 390 - 32
"""The gallery's slot on a 390-px phone (stories.GALLERY_SIZES: calc(100vw - 32px))."""
PHONE_WIDTH = 960
"""site/pieces.PHONE_WIDTH: the widest WebP offered to a phone."""
SHARE_EVERY = 3
"""One photo in three is a story's first, which also gets a share image."""


# --- sources ---------------------------------------------------------------------------------


def source(kind: str, seed: int) -> bytes:
    """One source of `kind`, made once and cached."""
    path = CACHE / f"{kind}-{seed}.{'heic' if kind.startswith('heic') else 'jpg'}"
    if path.exists():
        return path.read_bytes()
    size = KINDS["jpeg-4032"]
    scene = illustrations.SCENES[seed % len(illustrations.SCENES)]
    base = illustrations.draw_illustration(seed, *size, scene=scene)
    rng = random.Random(seed)
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lambda v: v // 10)
    photo = Image.merge("RGB", [ImageChops.add(channel, noise, 1.0, -12) for channel in base.split()])
    if KINDS[kind] != size:  # a phone photo shrunk, as a messenger app or an editor sends it on
        photo = photo.resize(KINDS[kind], Image.Resampling.LANCZOS)
    taken = dt.datetime(2024, 5, 1, 9) + dt.timedelta(minutes=seed)
    orientation = 6 if kind == "jpeg-4032" and seed % 3 == 0 else None
    if orientation == 6:
        photo = photo.transpose(Image.Transpose.ROTATE_90)  # stored on its side, as a phone held upright does
    exif = phone_exif(seed, taken, 23.13 + seed / 10000, 113.33 - seed / 10000, orientation)
    out = io.BytesIO()
    if kind.startswith("heic"):
        photo.save(out, "HEIF", quality=85, exif=exif.tobytes())
    else:
        photo.save(out, "JPEG", quality=90, exif=exif.tobytes())
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return out.getvalue()


# --- quality ---------------------------------------------------------------------------------


def luma(image: bytes | Image.Image, size: tuple[int, int] | None = None) -> np.ndarray:
    """The luma (BT.601) of an image or an encoded one, as floats; resized to `size` first if it differs (a
    share image one pixel shorter when made from another decode)."""
    if isinstance(image, bytes):
        with Image.open(io.BytesIO(image)) as opened:
            return luma(opened.convert("RGB"), size)
    if size is not None and image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    return np.asarray(image.convert("RGB"), dtype=np.float64) @ np.array([0.299, 0.587, 0.114])


def _window_means(plane: np.ndarray, w: int) -> np.ndarray:
    """The mean over every w×w window that fits inside `plane` (an integral image)."""
    total = np.pad(plane, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return (total[w:, w:] - total[:-w, w:] - total[w:, :-w] + total[:-w, :-w]) / (w * w)


def ssim(x: np.ndarray, y: np.ndarray, window: int = 7) -> float:
    """The mean structural similarity of two lumas (`luma`) of one size: a uniform `window`, the sample
    covariance and the constants of Wang et al. (2004), as scikit-image's `structural_similarity` by default."""
    if x.shape != y.shape:
        raise ValueError(f"sizes differ: {x.shape} and {y.shape}")
    n = window * window
    mx, my = _window_means(x, window), _window_means(y, window)
    cov = n / (n - 1)
    vx = cov * (_window_means(x * x, window) - mx * mx)
    vy = cov * (_window_means(y * y, window) - my * my)
    vxy = cov * (_window_means(x * y, window) - mx * my)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    s = ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


# --- the variants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """One way of making a story photo's derivatives; the defaults are derive.py's today."""

    webp_method: int = 4
    webp_quality: int = 78
    jpeg_quality: int = 82
    jpeg_optimize: bool = True
    jpeg_progressive: bool = True
    gallery_widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_widths: tuple[int, ...] | None = None
    """The gallery widths that also get a JPEG beside the WebP (None: all)."""
    draft: bool = True
    """A JPEG decoded at the smallest DCT scale that covers the widest derivative."""
    reduce: bool = True
    """Any other source (HEIC, PNG) shrunk by `Image.reduce` by the largest whole factor first."""
    heif_threads: int = 4
    """pillow-heif's DECODE_THREADS (its default: 4)."""
    resample: str = "LANCZOS"
    reducing_gap: float | None = None
    """`Image.resize(reducing_gap=)`: a box reduction by a whole factor, then `resample`."""
    chain: bool = True
    """Largest width first, each smaller one made from the last (today); else each from the decoded image."""
    one_decode: bool = False
    """The gallery set and the share image of one photo from one decode (today: a job each)."""
    halve: bool = False
    """A width exactly half the one before made by `Image.reduce(2)` (a 2×2 box average), not `resample`."""
    progressive_opened_only: bool = False
    """Only the gallery's widest JPEG (the photo a reader opens) progressive, every other JPEG baseline."""


Outputs = dict[tuple[str, str, int], bytes]
"""(purpose, format, width) → encoded bytes."""


def decode_with(data: bytes, settings: Settings, needs: list[derive.Need]) -> Image.Image:
    """`derive.decode`, step by step, with the variant's draft, reduction and HEIF threads."""
    pillow_heif.options.DECODE_THREADS = settings.heif_threads
    kind = derive.sniff(data)
    damage = derive.structure_problem(data, kind)
    if damage is not None:
        raise damage
    with derive._opened(io.BytesIO(data), kind, ()) as probe:
        probe.seek(0)
        if settings.draft and probe.format in ("JPEG", "MPO"):
            probe.draft(probe.mode, derive.draft_for(probe.size, probe.getexif().get(0x0112, 1), needs))
        probe.load()
        icc = probe.info.get("icc_profile")
        ImageOps.exif_transpose(probe, in_place=True)
        image = derive._reduced(probe, needs) if settings.reduce else probe
        return derive._pixels_only(derive._to_srgb(image, icc))


def encode_with(image: Image.Image, fmt: str, settings: Settings, *, opened: bool = False) -> bytes:
    """`derive.encode` with the variant's settings; `opened`: the gallery's widest JPEG."""
    out = io.BytesIO()
    if fmt == "JPEG":
        progressive = settings.jpeg_progressive and (opened or not settings.progressive_opened_only)
        image.save(out, "JPEG", quality=settings.jpeg_quality, optimize=settings.jpeg_optimize,
                   progressive=progressive, exif=b"", icc_profile=None)
    else:
        image.save(out, "WEBP", quality=settings.webp_quality, method=settings.webp_method, exif=b"",
                   icc_profile=None, xmp=b"")
    assert not derive.metadata_blocks(out.getvalue())
    return out.getvalue()


def gallery_with(image: Image.Image, settings: Settings) -> Outputs:
    outputs: Outputs = {}
    sizes = sorted({derive.fit_width(image.width, image.height, w) for w in settings.gallery_widths})
    decoded = image
    for w, h in reversed(sizes):
        start = image if settings.chain else decoded
        if (w, h) == start.size:
            image = start
        elif settings.halve and (2 * w, 2 * h) == start.size:
            image = start.reduce(2)
        else:
            image = start.resize((w, h), getattr(Image.Resampling, settings.resample),
                                 reducing_gap=settings.reducing_gap)
        outputs[("gallery", "WEBP", w)] = encode_with(image, "WEBP", settings)
        if settings.jpeg_widths is None or w in settings.jpeg_widths:
            outputs[("gallery", "JPEG", w)] = encode_with(image, "JPEG", settings, opened=(w, h) == sizes[-1])
    return outputs


def story_photo(data: bytes, settings: Settings, *, first: bool) -> Outputs:
    """A story photo's derivatives: its gallery set, and its share image when it is the story's first."""
    gallery: derive.Need = (max(settings.gallery_widths), None)
    share: derive.Need = (max(derive.WIDTHS[Purpose.SHARE]), derive.SHARE_RATIO)
    image = decode_with(data, settings, [gallery, share] if first and settings.one_decode else [gallery])
    outputs = gallery_with(image, settings)
    if first:
        if not settings.one_decode:
            image = decode_with(data, settings, [share])
        share = derive.share_frame(image, None)
        outputs[("share", "JPEG", share.width)] = encode_with(share, "JPEG", settings)
    return outputs


TODAY = Settings()
"""derive.py before issue 23 (WebP method 4): every variant is measured against it."""
VARIANTS: dict[str, Settings] = {
    "today": TODAY,
    **{f"webp-m{m}-q{q}": replace(TODAY, webp_method=m, webp_quality=q)
       for m, q in ((0, 78), (1, 76), (1, 78), (2, 74), (2, 76), (2, 78), (3, 78))},
    "webp-m5-q78": replace(TODAY, webp_method=5),
    "webp-m6-q78": replace(TODAY, webp_method=6),
    "jpeg-optimized-baseline": replace(TODAY, jpeg_progressive=False),
    "jpeg-plain": replace(TODAY, jpeg_progressive=False, jpeg_optimize=False),
    "jpeg-only-at-960": replace(TODAY, jpeg_widths=(960,)),
    "widths-960-1600": replace(TODAY, gallery_widths=(960, 1600)),
    "no-draft": replace(TODAY, draft=False),
    "no-draft-no-reduce": replace(TODAY, draft=False, reduce=False),
    "heif-threads-1": replace(TODAY, heif_threads=1),
    "bicubic": replace(TODAY, resample="BICUBIC"),
    "unchained": replace(TODAY, chain=False),
    "unchained-lanczos-gap2": replace(TODAY, chain=False, reducing_gap=2.0),
    "one-decode": replace(TODAY, one_decode=True),
    "m2-q76-bicubic": replace(TODAY, webp_method=2, webp_quality=76, resample="BICUBIC"),
    "m1-q72-bicubic": replace(TODAY, webp_method=1, webp_quality=72, resample="BICUBIC"),
    "m1-q74-bicubic": replace(TODAY, webp_method=1, webp_quality=74, resample="BICUBIC"),
    "m2-q76-bicubic-one-decode": replace(TODAY, webp_method=2, webp_quality=76, resample="BICUBIC",
                                         one_decode=True),
    "m1-q76-bicubic-one-decode": replace(TODAY, webp_method=1, webp_quality=76, resample="BICUBIC",
                                         one_decode=True),
    "m2-q76-bicubic-halve": replace(TODAY, webp_method=2, webp_quality=76, resample="BICUBIC", halve=True),
    "m2-q76-bicubic-baseline-fallbacks": replace(TODAY, webp_method=2, webp_quality=76, resample="BICUBIC",
                                                 progressive_opened_only=True),
    "m2-q76-bicubic-halve-baseline-fallbacks-one-decode": replace(
        TODAY, webp_method=2, webp_quality=76, resample="BICUBIC", halve=True, progressive_opened_only=True,
        one_decode=True),
}


def checkout() -> Settings:
    """derive.py as it is in the checkout, which `story_photo` must repeat byte for byte."""
    return replace(TODAY, webp_method=derive.WEBP_METHOD, webp_quality=derive.WEBP_QUALITY,
                   jpeg_quality=derive.JPEG_QUALITY, gallery_widths=derive.WIDTHS[Purpose.GALLERY],
                   resample=derive.RESAMPLE.name, halve=True, progressive_opened_only=True, one_decode=True)


# --- measuring -------------------------------------------------------------------------------


def phone_pick(outputs: Outputs, dpr: float) -> int:
    """Bytes of the WebP a 390-px phone at `dpr` fetches from the gallery's `<picture>` (the HTML rule): the
    narrowest of the WebP widths offered to phones (those up to PHONE_WIDTH, or all when none is wider) that
    covers the slot at `dpr`, else the widest of them."""
    widths = sorted(w for p, f, w in outputs if p == "gallery" and f == "WEBP")
    offered = [w for w in widths if w <= PHONE_WIDTH] or widths
    chosen = next((w for w in offered if w / SLOT >= dpr), offered[-1])
    return len(outputs[("gallery", "WEBP", chosen)])


def references(data: bytes, first: bool) -> dict[tuple[str, int], Image.Image]:
    """The luma of each derivative size made without loss: the source decoded whole (no draft, no reduction),
    resized once with LANCZOS, not encoded."""
    whole = derive.decode(data)
    refs = {}
    for w in TODAY.gallery_widths:
        size = derive.fit_width(whole.width, whole.height, w)
        refs[("gallery", size[0])] = whole.resize(size, Image.Resampling.LANCZOS)
    if first:
        share = derive.share_frame(whole, None)
        refs[("share", share.width)] = share
    return refs


@dataclass
class Measured:
    """One variant on one kind of source."""

    cpu: list[float] = field(default_factory=list)
    """CPU seconds per source, one figure per round."""
    bytes_per_source: float = 0
    page_dpr2: float = 0
    page_dpr3: float = 0
    ssim_today: list[float] = field(default_factory=list)
    """Each derivative against today's of the same purpose, format and width."""
    ssim_today_webp: list[float] = field(default_factory=list)
    """The same, of the WebP files alone (those a phone fetches)."""
    ssim_lossless: list[float] = field(default_factory=list)
    """Each derivative against the same size made without loss (`references`)."""

    def summary(self) -> dict[str, Any]:
        def stats(values: list[float]) -> dict[str, float] | None:
            return {"mean": round(sum(values) / len(values), 4), "min": round(min(values), 4)} if values else None
        return {"cpu_per_source": round(min(self.cpu), 4), "cpu_rounds": [round(c, 4) for c in self.cpu],
                "bytes_per_source": round(self.bytes_per_source), "page_bytes_dpr2": round(self.page_dpr2),
                "page_bytes_dpr3": round(self.page_dpr3), "ssim_vs_today": stats(self.ssim_today),
                "ssim_webp_vs_today": stats(self.ssim_today_webp),
                "ssim_vs_lossless": stats(self.ssim_lossless)}


def run(kinds: list[str], per_kind: int, rounds: int, names: list[str],
        say: Callable[[str], None]) -> dict[str, dict[str, Measured]]:
    sources = {kind: [source(kind, 1 + 10 * list(KINDS).index(kind) + i) for i in range(per_kind)]
               for kind in kinds}
    say(f"sources ready: {', '.join(f'{per_kind} × {kind}' for kind in kinds)}")
    check = sources[kinds[0]][0]
    with tempfile.TemporaryDirectory() as tmp:
        made = derive.develop(check, Path(tmp), [derive.Wanted("check", Purpose.GALLERY),
                                                 derive.Wanted("share", Purpose.SHARE)])
        today = story_photo(check, checkout(), first=True)
        for v in made[0].variants + made[1].variants:
            fmt = "WEBP" if v.mime == "image/webp" else "JPEG"
            purpose = "share" if v.file.startswith("share") else "gallery"
            assert (Path(tmp) / v.file).read_bytes() == today[(purpose, fmt, v.width)], "the bench is not derive.py"
    todays = {kind: [story_photo(d, TODAY, first=i % SHARE_EVERY == 0) for i, d in enumerate(datas)]
              for kind, datas in sources.items()}
    refs = {kind: [references(d, i % SHARE_EVERY == 0) for i, d in enumerate(datas)]
            for kind, datas in sources.items()}
    lumas: dict[tuple[int, tuple[int, int]], np.ndarray] = {}

    def cached_luma(image: bytes | Image.Image, size: tuple[int, int]) -> np.ndarray:
        """Today's derivatives and the references are compared with every variant: their lumas are kept."""
        key = (id(image), size)
        if key not in lumas:
            lumas[key] = luma(image, size)
        return lumas[key]

    results = {name: {kind: Measured() for kind in kinds} for name in names}
    for round_ in range(rounds):
        order = names[round_ % len(names):] + names[:round_ % len(names)]  # a different variant first each round
        for name in order:
            settings = VARIANTS[name]
            for kind, datas in sources.items():
                start = time.process_time()
                made_now = [story_photo(d, settings, first=i % SHARE_EVERY == 0) for i, d in enumerate(datas)]
                measured = results[name][kind]
                measured.cpu.append((time.process_time() - start) / len(datas))
                if round_:
                    continue
                measured.bytes_per_source = sum(len(b) for o in made_now for b in o.values()) / len(datas)
                measured.page_dpr2 = 3 * sum(phone_pick(o, 2) for o in made_now) / len(datas)
                measured.page_dpr3 = 3 * sum(phone_pick(o, 3) for o in made_now) / len(datas)
                for outputs, theirs, ref in zip(made_now, todays[kind], refs[kind], strict=True):
                    for (purpose, fmt, width), data in outputs.items():
                        with Image.open(io.BytesIO(data)) as opened:
                            size = opened.size
                        mine = luma(data)
                        if (purpose, fmt, width) in theirs:
                            measured.ssim_today.append(ssim(mine, cached_luma(theirs[(purpose, fmt, width)], size)))
                            if fmt == "WEBP":
                                measured.ssim_today_webp.append(measured.ssim_today[-1])
                        if (purpose, width) in ref:
                            measured.ssim_lossless.append(ssim(mine, cached_luma(ref[(purpose, width)], size)))
            say(f"round {round_ + 1}: {name} " + ", ".join(
                f"{kind} {results[name][kind].cpu[-1]:.3f} s" for kind in kinds))
    return results


def table(results: dict[str, dict[str, Measured]], kinds: list[str]) -> str:
    """A Markdown table: per variant and kind, CPU per source (and against today), bytes, SSIM."""
    lines = ["| variant | source | CPU/source (s) | × today | bytes/source | page DPR 2 / 3 (KB) | "
             "SSIM vs today mean / min | SSIM vs lossless mean / min |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name, by_kind in results.items():
        for kind in kinds:
            m = by_kind[kind].summary()
            base = min(results["today"][kind].cpu) if "today" in results else float("nan")
            vs = m["ssim_vs_today"] or {"mean": float("nan"), "min": float("nan")}
            vl = m["ssim_vs_lossless"]
            lines.append(f"| {name} | {kind} | {m['cpu_per_source']:.3f} | {base / m['cpu_per_source']:.2f} | "
                         f"{m['bytes_per_source'] / 1024:,.0f} KB | {m['page_bytes_dpr2'] / 1024:,.0f} / "
                         f"{m['page_bytes_dpr3'] / 1024:,.0f} | {vs['mean']:.4f} / {vs['min']:.4f} | "
                         f"{vl['mean']:.4f} / {vl['min']:.4f} |")
    return "\n".join(lines)


# --- the photo stage: cores busy, the pool against one process and a Dask cluster -----------------

STAGE_WAYS = ("one-process", "pool", "dask-2")
"""How the stage's misses are done: in this process; the build's default pool of forked workers (one per
core); a Dask LocalCluster of two single-threaded worker processes (`--executor dask://…`), started and
its workers' imports done before the clock starts, as a standing cluster would have them."""
STORY = page_bench.STORY.replace("workers: [bench-worker]\n", "")
"""bench/photos.py's story, naming no worker: a stage tree holds the story photos alone."""
BODY = "那天夜里，网格员和楼栋长一起逐户敲门，核对住户信息。"


def stage_photo(kind: str, n: int) -> bytes:
    """Source `n` of a stage tree: one of the kind's sources with a seeded mark of its own (so that every file,
    and every content hash, differs), its EXIF kept."""
    path = CACHE / f"stage-{kind}-{n}.{'heic' if kind.startswith('heic') else 'jpg'}"
    if path.exists():
        return path.read_bytes()
    with Image.open(io.BytesIO(source(kind, 1 + 10 * list(KINDS).index(kind) + n % 3))) as opened:
        image, exif = opened.convert("RGB"), opened.info.get("exif", b"")
    rng = random.Random(n)
    x, y = rng.randrange(image.width - 100), rng.randrange(image.height - 100)
    image.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + 100, y + 60))
    out = io.BytesIO()
    image.save(out, "HEIF" if kind.startswith("heic") else "JPEG", quality=85 if kind.startswith("heic") else 90,
               exif=exif)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def stage_tree(root: Path, kind: str, sources: int) -> None:
    """Stories of three photos each, `sources` photos of `kind` in all."""
    (root / "content").mkdir(parents=True)
    for name in ("regions.yml", "tags.yml"):
        (root / "content" / name).write_bytes((BENCH.parent / "content" / name).read_bytes())
    for n in range(-(-sources // 3)):
        folder = root / "stories" / "2024" / f"stage-{n:03d}"
        folder.mkdir(parents=True)
        shown = range(1, min(3, sources - 3 * n) + 1)
        (folder / "index.zh.md").write_text(STORY.format(n=n, day=n % 28 + 1, body=BODY, photos="".join(
            page_bench.PHOTO.format(i=i, n=n) for i in shown)), encoding="utf-8")
        for i in shown:
            (folder / f"photo-{i}.jpg").write_bytes(stage_photo(kind, 3 * n + i - 1))


def stage_run(way: str, root: Path, cache: Path) -> dict[str, Any]:
    """The photo stage alone, cold, one `way`, in this process: wall and CPU seconds (every process's)."""
    import resource

    from generator.content.load import load_tree
    from generator.content.validate import validate_tree
    from generator.photos.stage import make_photos
    from generator.scheduler import Scheduler

    valid = validate_tree(load_tree(root), today=dt.date(2026, 11, 28))
    assert not [p for p in valid.problems if p.key != "missing-twin"], valid.problems  # no English twin: fine
    executor, watcher, cluster = None, None, None
    if way == "dask-2":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                               dashboard_address=":0")
        executor = cluster.scheduler_address.replace("tcp://", "dask://")
        watcher = Client(cluster)
        watcher.run(__import__, "generator.photos.stage")  # a standing cluster's workers have the code loaded

    def cpu() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = sum(watcher.run(time.process_time).values()) if watcher else 0
        return time.process_time() + children.ru_utime + children.ru_stime + workers

    before, start = cpu(), time.perf_counter()
    with Scheduler(sequential=way == "one-process", executor=executor) as scheduler:
        developed = make_photos(valid, cache, scheduler=scheduler)
    wall = time.perf_counter() - start
    used = cpu() - before
    if watcher is not None and cluster is not None:
        watcher.close()
        cluster.close()
    return {"way": way, "wall": round(wall, 3), "cpu": round(used, 3), "jobs": developed.encoded,
            "sources": len({path for path, _ in developed.processed})}


def stage(kinds: list[str], sources: int, rounds: int, before: Path | None,
          say: Callable[[str], None]) -> dict[str, Any]:
    """Each way of running the stage (and, with `before`, the pool and one process on that older code), cold,
    each in a fresh process, interleaved round after round."""
    import subprocess

    ways = [(way, BENCH.parent) for way in STAGE_WAYS] + (
        [(f"before-{way}", before) for way in STAGE_WAYS[:2]] if before else [])
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cg-photo-stage-") as tmp:
        for kind in kinds:
            root = Path(tmp) / kind
            stage_tree(root, kind, sources)
            say(f"stage tree: {sources} sources of {kind}")
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in ways}
            for round_ in range(rounds):
                for name, code in ways[round_ % len(ways):] + ways[:round_ % len(ways)]:
                    cache = Path(tmp) / f"cache-{kind}-{name}-{round_}"
                    env = {**os.environ, "PYTHONPATH": str(code)}
                    done = subprocess.run(
                        [sys.executable, __file__, "--stage-run", name.removeprefix("before-"), str(root), str(cache)],
                        env=env, capture_output=True, text=True)
                    if done.returncode:
                        raise RuntimeError(f"{name} failed:\n{done.stderr}")
                    measured = json.loads(done.stdout.strip().splitlines()[-1])
                    runs[name].append(measured)
                    say(f"{kind} round {round_ + 1} {name}: {measured['wall']:.1f} s wall, {measured['cpu']:.1f} s "
                        f"CPU, {measured['cpu'] / measured['wall']:.2f} cores busy, {measured['jobs']} jobs")
            found[kind] = runs
    return found


def stage_table(found: dict[str, Any]) -> str:
    lines = ["| sources | way | wall (s), best of runs | CPU per source (s) | cores busy | wall vs one process |",
             "|---|---|---:|---:|---:|---:|"]
    for kind, runs in found.items():
        best = {name: min(r, key=lambda m: m["wall"]) for name, r in runs.items()}
        for name, m in best.items():
            alone = best["before-one-process" if name.startswith("before-") else "one-process"]["wall"]
            lines.append(f"| {kind} | {name} | {m['wall']:.1f} | {m['cpu'] / m['sources']:.3f} | "
                         f"{m['cpu'] / m['wall']:.2f} | ×{alone / m['wall']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds, interleaved; the best counts (default 2)")
    parser.add_argument("--per-kind", type=int, default=3, help="sources of each kind (default 3)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"kinds of source (default {','.join(KINDS)})")
    parser.add_argument("--only", default="", help="variants to run, comma-separated (default: all); today is always run")
    parser.add_argument("--out", type=Path, help="the JSON file (default bench/results/photo-encoders-<time>.json)")
    parser.add_argument("--stage", action="store_true", help="measure the photo stage instead (see the docstring)")
    parser.add_argument("--sources", type=int, default=40, help="--stage: sources of each kind (default 40)")
    parser.add_argument("--before", type=Path, help="--stage: a folder holding older code (its generator/) to compare")
    parser.add_argument("--stage-run", nargs=3, metavar=("WAY", "ROOT", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_run:
        way, root, cache = args.stage_run
        print(json.dumps(stage_run(way, Path(root), Path(cache))))
        return 0
    kinds = args.kinds.split(",")
    started = dt.datetime.now(dt.UTC)
    if args.stage:
        found = stage(kinds, args.sources, args.rounds, args.before, lambda line: print(line, flush=True))
        print(stage_table(found))
        out = args.out or RESULTS / f"photo-stage-{started:%Y-%m-%dT%H%M}.json"
        out.write_text(json.dumps({"started": started.isoformat(timespec="seconds"), "cores": os.cpu_count(),
                                   "load_average": os.getloadavg(), "sources": args.sources,
                                   "before": str(args.before) if args.before else None, "runs": found},
                                  indent=1) + "\n", encoding="utf-8")
        print(f"written to {out}")
        return 0
    names = ["today"] + [n for n in (args.only.split(",") if args.only else VARIANTS) if n != "today"]
    results = run(kinds, args.per_kind, args.rounds, names, lambda line: print(line, flush=True))
    print(table(results, kinds))
    out = args.out or RESULTS / f"photo-encoders-{started:%Y-%m-%dT%H%M}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "started": started.isoformat(timespec="seconds"), "machine": {"cores": os.cpu_count(),
                                                                      "load_average": os.getloadavg()},
        "pillow": Image.__version__, "pillow_heif": pillow_heif.__version__, "rounds": args.rounds,
        "per_kind": args.per_kind, "kinds": {k: KINDS[k] for k in kinds},
        "variants": {name: {"settings": asdict(VARIANTS[name]),
                            "by_kind": {kind: results[name][kind].summary() for kind in kinds}} for name in names},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
