"""Photos: pure size math, and one function that writes derivatives into the cache.

A published image is never the file as it came: its format is recognised by
its first bytes (not its name), it is fully decoded (a truncated file is
refused), limited in pixels (a decompression bomb is refused), reduced to
its first frame, turned upright, converted to sRGB, resized and re-encoded
from a fresh image that holds pixels only — so no EXIF, GPS, XMP, IPTC, ICC
profile, comment, thumbnail or trailing byte of the original survives.

Derivative names carry the source's content hash and a hash of the
parameters (sizes, crop, quality, Pillow and pillow-heif versions), so
rebuilds are idempotent and a warm cache does no image work at all.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import warnings
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

import pillow_heif
from PIL import Image, ImageCms, ImageOps, ImageStat

pillow_heif.register_heif_opener()

MAX_PIXELS = 64_000_000
"""The largest image accepted (a 48- or 50-megapixel phone photo fits); more is refused as a bomb."""
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

from generator.messages import MessageError


class Purpose(str, Enum):
    """What a derivative is for; each purpose has its own sizes and crop."""

    GALLERY = "gallery"
    PORTRAIT = "portrait"
    SHARE = "share"


PhotoKey = tuple[str, Purpose]
"""(source path relative to the content root, purpose): how a processed photo is found."""

WIDTHS = {Purpose.GALLERY: (480, 960, 1600), Purpose.PORTRAIT: (240, 480), Purpose.SHARE: (1200,)}
PORTRAIT_RATIO = (4, 5)
SHARE_RATIO = (1200, 630)
JPEG_QUALITY = 82
WEBP_QUALITY = 78
PIPELINE = 4
"""Raise when the processing itself changes, so every cached derivative is made again."""

_PILLOW_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",), "webp": ("WEBP",), "heif": ("HEIF",)}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


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


class PhotoError(MessageError):
    """An image that cannot be published, with the message key why."""


# --- pure math -------------------------------------------------------------------


def fit_width(width: int, height: int, target: int) -> tuple[int, int]:
    """Scale (width, height) to `target` width, never upscaling."""
    if width <= target:
        return width, height
    return target, max(1, round(height * target / width))


def widths_for(width: int, purpose: Purpose) -> list[int]:
    """The derivative widths for a source `width` wide: no upscaling, no duplicates."""
    return sorted({min(w, width) for w in WIDTHS[purpose]})


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


def sniff(data: bytes) -> str:
    """The image format `data` holds, judged by its first bytes: jpeg, png, webp or heif.

    Anything else raises `PhotoError` naming what the file holds instead, so
    an HTML page or a PDF renamed `.jpg` is told apart from a damaged photo.
    """
    if not data:
        raise PhotoError("photo-empty")
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        brands = {data[8:12]} | {data[i:i + 4] for i in range(16, min(len(data), struct.unpack(">I", data[:4])[0]), 4)}
        if brands & _HEIF_BRANDS:
            return "heif"
        found = "AVIF" if brands & {b"avif", b"avis"} else "MP4/MOV"
        raise PhotoError("photo-format", found_zh=found, found_en=found)
    found = _what_else(data)
    raise PhotoError("photo-format", found_zh=found[0], found_en=found[1])


def _what_else(data: bytes) -> tuple[str, str]:
    """A name for content that is not an accepted image, in Chinese and English."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    named = [
        (data.startswith((b"GIF87a", b"GIF89a")), ("GIF 图片", "a GIF image")),
        (data.startswith(b"%PDF"), ("PDF 文档", "a PDF document")),
        (data.startswith((b"II*\x00", b"MM\x00*")), ("TIFF 图片", "a TIFF image")),
        (data.startswith(b"BM"), ("BMP 图片", "a BMP image")),
        (data.startswith(b"PK\x03\x04"), ("压缩包或 Word 文档", "a ZIP archive or Word document")),
        (b"<svg" in head, ("SVG 矢量图", "an SVG drawing")),
        (head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head,
         ("HTML 网页", "an HTML page")),
    ]
    return next((name for hit, name in named if hit), ("无法识别的内容", "unrecognised data"))


def inspect(source: Path) -> None:
    """The checks of a photo that need no decoding: format by content, and pixel count from the header.

    Raises `PhotoError`; what only a full decode finds (a truncated file)
    is left to `decode`.
    """
    with source.open("rb") as file:
        kind = sniff(file.read(4096))
    with _opened(source, kind):
        pass


@contextmanager
def _opened(source: Path | BinaryIO, kind: str) -> Iterator[Image.Image]:
    """The image as Pillow opens it (header read, pixels not yet), its pixel count checked.

    Pillow's errors, while opening and inside the `with` block, become `PhotoError`s.
    """
    try:
        with warnings.catch_warnings():  # the pixel limit is checked just below, as an error
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(source, formats=_PILLOW_FORMATS[kind])
        with opened as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PhotoError("photo-too-many-pixels", pixels=f"{width}×{height}", limit=f"{MAX_PIXELS:,}")
            yield probe
    except Image.DecompressionBombError as err:
        found = re.search(r"\((\d+) pixels\)", str(err))
        pixels = f"{int(found.group(1)):,}" if found else "?"
        raise PhotoError("photo-too-many-pixels", pixels=pixels, limit=f"{MAX_PIXELS:,}") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as err:
        raise PhotoError("photo-unreadable", detail=str(err) or type(err).__name__) from None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parameters(purpose: Purpose, focus: tuple[float, float] | None) -> str:
    """Everything besides the source bytes that decides a derivative's pixels and bytes."""
    return (f"{PIPELINE}|{purpose.value}|{WIDTHS[purpose]}|{PORTRAIT_RATIO}|{SHARE_RATIO}|{focus}|"
            f"{JPEG_QUALITY}|{WEBP_QUALITY}|pillow {Image.__version__}|pillow-heif {pillow_heif.__version__}")


def cache_key(digest: str, purpose: Purpose, focus: tuple[float, float] | None) -> str:
    """Content hash + parameters + library versions: one key per distinct piece of work.

    The key starts with the content hash and ends with a hash of the
    parameters, so a derivative's name tells which source it came from.
    """
    return f"{digest[:16]}-{hashlib.sha256(parameters(purpose, focus).encode()).hexdigest()[:8]}"


# --- decoding ------------------------------------------------------------------


def decode(data: bytes, *, target: int | None = None, ratio: tuple[int, int] | None = None) -> Image.Image:
    """Decode fully, first frame only, upright, in sRGB, with nothing but the pixels.

    `target` is the widest derivative needed (of the crop to `ratio`, if
    one is made): a JPEG is then decoded at the smallest DCT scale (1/2,
    1/4, 1/8) that still covers it, which is much faster than decoding a
    phone photo at full size and resizing all of it. The whole stream is
    decoded all the same, so a truncated file is still refused.
    """
    with _opened(io.BytesIO(data), sniff(data)) as probe:
        probe.seek(0)
        if target is not None and probe.format in ("JPEG", "MPO"):
            probe.draft(probe.mode, draft_size(probe.size, probe.getexif().get(0x0112, 1), target, ratio))
        probe.load()
        icc = probe.info.get("icc_profile")
        upright = ImageOps.exif_transpose(probe)
        return _pixels_only(_to_srgb(upright, icc))


def draft_size(stored: tuple[int, int], orientation: int, target: int,
               ratio: tuple[int, int] | None) -> tuple[int, int]:
    """The smallest stored size a JPEG may be decoded at so that `target` pixels remain across the crop."""
    turned = orientation in (5, 6, 7, 8)
    width, height = (stored[1], stored[0]) if turned else stored
    box = crop_box(width, height, ratio, None) if ratio else (0, 0, width, height)
    need = -(-target * width // (box[2] - box[0]))
    return (1, need) if turned else (need, 1)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: the embedded profile applied if there is one, transparency flattened onto white.

    A profile that LittleCMS cannot use (damaged, or for another colour
    space than the pixels) is ignored and the pixels are taken as sRGB,
    which is what browsers do with such a file.
    """
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGBA" if alpha else "RGB")
    if icc:
        image = _apply_profile(image, icc)
    if image.mode == "RGBA":
        flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat.alpha_composite(image)
        image = flat
    return image.convert("RGB")


def _apply_profile(image: Image.Image, icc: bytes) -> Image.Image:
    """`image` converted from its embedded profile `icc` to sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError):
        return image  # an unusable profile: the pixels are taken as sRGB (see _to_srgb)


def _pixels_only(image: Image.Image) -> Image.Image:
    """A fresh image holding the pixels and nothing else (no info, no EXIF, no comment)."""
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


# --- writing derivatives ---------------------------------------------------------------


def lookup(cache: Path, key: str, present: Collection[str] | None = None) -> Processed | None:
    """The derivatives of `key` if all of them are in the cache already.

    `present`: the names of the cache's files, listed once for many look-ups
    (a file written since is then looked for in vain, and made again).
    """
    def cached(name: str) -> bool:
        return name in present if present is not None else (cache / name).exists()

    if not cached(f"{key}.txt"):
        return None
    variants = []
    for line in (cache / f"{key}.txt").read_text(encoding="ascii").splitlines():
        name, w, h, mime = line.split()
        variants.append(Variant(name, int(w), int(h), mime))
    if not all(cached(v.file) for v in variants):
        return None
    return Processed(tuple(variants))


def process(source: Path, cache: Path, purpose: Purpose, focus: tuple[float, float] | None = None) -> Processed:
    """Write (or find in the cache) every derivative of `source` for `purpose`."""
    data = source.read_bytes()
    key = cache_key(content_hash(data), purpose, focus)
    return lookup(cache, key) or develop(data, cache, key, purpose, focus)


def develop(data: bytes, cache: Path, key: str, purpose: Purpose, focus: tuple[float, float] | None) -> Processed:
    """Decode `data` and write its derivatives for `purpose`: the only function doing image work."""
    ratio = {Purpose.PORTRAIT: PORTRAIT_RATIO, Purpose.SHARE: SHARE_RATIO}.get(purpose)
    image = decode(data, target=max(WIDTHS[purpose]), ratio=ratio)
    if purpose is Purpose.PORTRAIT:
        image = image.crop(crop_box(image.width, image.height, PORTRAIT_RATIO, focus))
    elif purpose is Purpose.SHARE:
        image = share_frame(image, focus)
    cache.mkdir(parents=True, exist_ok=True)
    variants = []
    full = image.size
    for width in reversed(widths_for(image.width, purpose)):  # largest first; each smaller one from the last
        w, h = fit_width(*full, width)
        image = image.resize((w, h), Image.Resampling.LANCZOS) if (w, h) != image.size else image
        formats = (("JPEG", "image/jpeg", "jpg"),) if purpose is Purpose.SHARE else (
            ("WEBP", "image/webp", "webp"), ("JPEG", "image/jpeg", "jpg"))
        for fmt, mime, ext in formats:
            name = f"{key}-{purpose.value}-{w}.{ext}"
            _write_atomic(cache / name, encode(image, fmt))
            variants.append(Variant(name, w, h, mime))
    variants.sort(key=lambda v: (v.width, v.mime))
    _write_atomic(cache / f"{key}.txt",
                  "\n".join(f"{v.file} {v.width} {v.height} {v.mime}" for v in variants).encode("ascii"))
    return Processed(tuple(variants))


def share_frame(image: Image.Image, focus: tuple[float, float] | None) -> Image.Image:
    """`image` in the 1200:630 frame of a share image.

    A landscape photo is cropped to it around `focus`; an upright one (a
    portrait) would lose the head that way, so it is shown whole, centred on
    a band of the colour of its side edges.
    """
    if image.width >= image.height:
        return image.crop(crop_box(image.width, image.height, SHARE_RATIO, focus))
    edge = max(1, image.width // 50)
    sides = [image.crop((0, 0, edge, image.height)), image.crop((image.width - edge, 0, image.width, image.height))]
    means = [ImageStat.Stat(side).mean for side in sides]
    colour = tuple(round((a + b) / 2) for a, b in zip(*means))
    frame = Image.new("RGB", (-(-image.height * SHARE_RATIO[0] // SHARE_RATIO[1]), image.height), colour)
    frame.paste(image, ((frame.width - image.width) // 2, 0))
    return frame


def encode(image: Image.Image, fmt: str) -> bytes:
    """JPEG (progressive) or WebP bytes of `image`, with no metadata block of any kind."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, exif=b"", icc_profile=None)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, exif=b"", icc_profile=None, xmp=b"")
    data = out.getvalue()
    found = metadata_blocks(data)
    if found:  # a change in Pillow, say, must stop the build rather than publish metadata
        raise RuntimeError(f"the encoder wrote metadata ({', '.join(found)}) into a derivative")
    return data


_JPEG_PLAIN = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xE0}
"""JPEG segments a derivative may hold before its scan: frame, Huffman and quantisation tables, restart interval, JFIF."""
_WEBP_PLAIN = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def metadata_blocks(data: bytes) -> list[str]:
    """Blocks in an encoded JPEG or WebP that may carry metadata (APPn, COM, EXIF, XMP, ICC), or bytes after its end."""
    found = []
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at + 4 <= len(data) and data[at] == 0xFF:
            marker = data[at + 1]
            if marker == 0xDA:
                break
            length = struct.unpack(">H", data[at + 2:at + 4])[0]
            if marker not in _JPEG_PLAIN or marker == 0xE0 and length != 16:  # a longer JFIF block holds a thumbnail
                found.append(f"JPEG segment FF{marker:02X}")
            at += 2 + length
        if not data.endswith(b"\xff\xd9"):
            found.append("bytes after the JPEG's end")
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        at = 12
        while at + 8 <= len(data):
            kind, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
            if kind not in _WEBP_PLAIN:
                found.append(f"WebP chunk {kind.decode('latin-1').strip()}")
            at += 8 + size + size % 2
        if struct.unpack("<I", data[4:8])[0] + 8 != len(data):
            found.append("bytes after the WebP's end")
    else:
        found.append("not a JPEG or WebP file")
    return found


def _write_atomic(path: Path, data: bytes) -> None:
    """Write under a name private to this process, then rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
