"""Photos: pure size math, and one function that writes derivatives into the cache.

A published image is never the file as it came: it is decoded, oriented,
resized and re-encoded, so no metadata of the original survives. Derivative
names carry the source's content hash and the parameters, so rebuilds are
idempotent and a warm cache does no image work at all.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PIL import Image, ImageOps

Image.MAX_IMAGE_PIXELS = 40_000_000
MAX_PIXELS = 40_000_000


class Purpose(str, Enum):
    """What a derivative is for; each purpose has its own sizes and crop."""

    GALLERY = "gallery"
    PORTRAIT = "portrait"
    SHARE = "share"


WIDTHS = {Purpose.GALLERY: (480, 960, 1600), Purpose.PORTRAIT: (240, 480), Purpose.SHARE: (1200,)}
PORTRAIT_RATIO = (4, 5)
SHARE_SIZE = (1200, 630)
QUALITY = 82


@dataclass(frozen=True)
class Variant:
    """One derivative file."""

    file: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Processed:
    """All derivatives of one source for one purpose."""

    variants: tuple[Variant, ...]

    def largest(self, mime: str = "image/jpeg") -> Variant:
        return max((v for v in self.variants if v.mime == mime), key=lambda v: v.width)

    def smallest(self, mime: str = "image/jpeg") -> Variant:
        return min((v for v in self.variants if v.mime == mime), key=lambda v: v.width)

    def of(self, mime: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.mime == mime), key=lambda v: v.width)


class PhotoError(Exception):
    """An image that cannot be published, with the message key why."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


def fit_width(width: int, height: int, target: int) -> tuple[int, int]:
    """Scale (width, height) to `target` width, never upscaling."""
    if width <= target:
        return width, height
    return target, max(1, round(height * target / width))


def widths_for(width: int, purpose: Purpose) -> list[int]:
    """The derivative widths for a source `width` wide: no upscaling, no duplicates."""
    chosen = sorted({min(w, width) for w in WIDTHS[purpose]})
    return chosen


def crop_box(width: int, height: int, ratio: tuple[int, int], focus: tuple[float, float] | None) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside the image, centred on `focus` (default: the centre)."""
    fx, fy = focus or (0.5, 0.5)
    rw, rh = ratio
    if width * rh > height * rw:
        box_w, box_h = height * rw // rh, height
    else:
        box_w, box_h = width, width * rh // rw
    left = min(max(0, round(fx * width - box_w / 2)), width - box_w)
    top = min(max(0, round(fy * height - box_h / 2)), height - box_h)
    return left, top, left + box_w, top + box_h


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_key(data: bytes, purpose: Purpose, focus: tuple[float, float] | None) -> str:
    """Content hash + parameters + Pillow version: one key per distinct piece of work."""
    params = f"{purpose.value}|{WIDTHS[purpose]}|{focus}|{QUALITY}|{Image.__version__}"
    return hashlib.sha256(data + params.encode()).hexdigest()[:20]


def decode(data: bytes) -> Image.Image:
    """Decode fully, one frame, orientation applied, in RGB."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG", "WEBP", "MPO"):
                raise PhotoError("photo-format", found=probe.format or "?")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoError("photo-too-many-pixels", pixels=probe.width * probe.height, limit=MAX_PIXELS)
            probe.seek(0)
            probe.load()
            image = ImageOps.exif_transpose(probe)
            return image.convert("RGB")
    except Image.DecompressionBombError:
        raise PhotoError("photo-too-many-pixels", pixels="?", limit=MAX_PIXELS) from None
    except (OSError, SyntaxError, ValueError) as err:
        raise PhotoError("photo-unreadable", detail=str(err)) from None


def process(
    source: Path, cache: Path, purpose: Purpose, focus: tuple[float, float] | None = None
) -> Processed:
    """Write (or find in the cache) every derivative of `source` for `purpose`."""
    data = source.read_bytes()
    key = cache_key(data, purpose, focus)
    index = cache / f"{key}.txt"
    if index.exists():
        return _read_index(index)
    image = decode(data)
    if purpose is Purpose.PORTRAIT:
        image = image.crop(crop_box(image.width, image.height, PORTRAIT_RATIO, focus))
    elif purpose is Purpose.SHARE:
        image = image.crop(crop_box(image.width, image.height, SHARE_SIZE, focus))
    variants = []
    cache.mkdir(parents=True, exist_ok=True)
    for width in widths_for(image.width, purpose):
        w, h = fit_width(image.width, image.height, width)
        resized = image.resize((w, h), Image.Resampling.LANCZOS) if (w, h) != image.size else image
        for fmt, mime, ext in (("WEBP", "image/webp", "webp"), ("JPEG", "image/jpeg", "jpg")):
            if purpose is Purpose.SHARE and fmt == "WEBP":
                continue
            name = f"{key}-{purpose.value}-{w}.{ext}"
            _write_atomic(cache / name, _encode(resized, fmt))
            variants.append(Variant(name, w, h, mime))
    processed = Processed(tuple(variants))
    _write_atomic(index, "\n".join(f"{v.file} {v.width} {v.height} {v.mime}" for v in variants).encode())
    return processed


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "WEBP", quality=QUALITY - 4, method=4)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _read_index(index: Path) -> Processed:
    variants = []
    for line in index.read_text().splitlines():
        name, w, h, mime = line.split()
        variants.append(Variant(name, int(w), int(h), mime))
    return Processed(tuple(variants))
