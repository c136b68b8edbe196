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
import re
import struct
import warnings
import zlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

import pillow_heif
from PIL import Image, ImageCms, ImageOps, ImageStat

from generator.cache import write_atomic
from generator.messages import MessageError

pillow_heif.register_heif_opener()

MAX_PIXELS = 64_000_000
"""The most pixels decoded from one source (a 48- or 50-megapixel phone photo fits); more is refused as a bomb."""
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MIN_EDGE = 32
"""The shortest side a photo may have: a thinner image (a line of pixels, a stray icon) shows nothing."""
MAX_PORTRAIT_ASPECT = 3
"""A portrait's long side may be at most this many times its short side; its 4:5 crop would show a sliver."""
MAX_EDGE = 16_383
"""The longest side of any derivative: WebP's own limit, so every derivative exists in both formats.

A longer source (a phone's long screenshot) is scaled down until it fits.
"""


class Purpose(str, Enum):
    """What a derivative is for; each purpose has its own sizes and crop."""

    GALLERY = "gallery"
    PORTRAIT = "portrait"
    SHARE = "share"


PhotoKey = tuple[str, Purpose]
"""(source path relative to the content root, purpose): how a processed photo is found."""
Need = tuple[int, tuple[int, int] | None]
"""(the widest derivative, the crop's ratio or None): what one purpose needs of a decoded image."""

WIDTHS = {Purpose.GALLERY: (480, 960, 1600), Purpose.PORTRAIT: (240, 480), Purpose.SHARE: (1200,)}
"""The widths of each purpose's derivatives; a derivative is never wider than its source."""
PORTRAIT_RATIO = (4, 5)
SHARE_RATIO = (1200, 630)
"""The share image's shape and its largest size: whatever the source's shape, it is never larger."""
RATIOS = {Purpose.PORTRAIT: PORTRAIT_RATIO, Purpose.SHARE: SHARE_RATIO}
"""The crop of each purpose that has one."""
JPEG_QUALITY = 82
WEBP_QUALITY = 76
WEBP_METHOD = 2
"""libwebp's effort, 0 (fastest) to 6. Method and quality were chosen together by CPU per source, bytes per
story page and SSIM against the derivatives of method 4 at 78 (docs/performance.md, "Photo encoder settings")."""
RESAMPLE = Image.Resampling.BICUBIC
"""The filter of every gallery and portrait width: the widest made from the decoded image, each other from the
next wider one (share images keep LANCZOS, `share_frame`); a width exactly half the one before is its 2×2 box
average instead (`Image.reduce(2)`, a sixth of the cost)."""
PIPELINE = 7
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
class Wanted:
    """One set of derivatives of a source: its cache key, purpose and focal point."""

    key: str
    purpose: Purpose
    focus: tuple[float, float] | None = None


@dataclass(frozen=True)
class Processed:
    """All derivatives of one source for one purpose."""

    variants: tuple[Variant, ...]

    def largest(self, mime: str = "image/jpeg") -> Variant:
        return max((v for v in self.variants if v.mime == mime), key=lambda v: v.width)

    def of(self, mime: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.mime == mime), key=lambda v: v.width)


class PhotoError(MessageError):
    """An image that cannot be published, with the message key why."""


class MetadataWritten(RuntimeError):
    """The encoder wrote a metadata block into a derivative: a fault of the tool, which stops the build."""


# --- pure math -------------------------------------------------------------------


def fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """(width, height) scaled down, keeping its shape, until it fits in `box`; never upscaled, never below 1."""
    scale = min(box[0] / width, box[1] / height, 1)
    if scale == 1:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def fit_width(width: int, height: int, target: int) -> tuple[int, int]:
    """Scale (width, height) to `target` width, never upscaling, and never taller than `MAX_EDGE`."""
    return fit(width, height, (target, MAX_EDGE))


def sizes_for(width: int, height: int, purpose: Purpose) -> list[tuple[int, int]]:
    """The derivative sizes of an image (width, height) for `purpose`: no upscaling, no duplicates, narrowest first."""
    return sorted({fit_width(width, height, w) for w in WIDTHS[purpose]})


def refusal(width: int, height: int, purpose: Purpose | None) -> PhotoError | None:
    """Why an image of this size cannot be published for `purpose` (any purpose when None), or None.

    Told from the header alone, before any pixel is decoded.
    """
    if width * height > MAX_PIXELS:
        return PhotoError("photo-too-many-pixels", pixels=f"{width}×{height}", limit=f"{MAX_PIXELS:,}")
    if min(width, height) < MIN_EDGE:
        return PhotoError("photo-too-thin", size=f"{width}×{height}", limit=MIN_EDGE)
    if purpose is Purpose.PORTRAIT and max(width, height) > MAX_PORTRAIT_ASPECT * min(width, height):
        return PhotoError("photo-portrait-shape", size=f"{width}×{height}", limit=MAX_PORTRAIT_ASPECT)
    return None


def crop_box(width: int, height: int, ratio: tuple[int, int],
             focus: tuple[float, float] | None) -> tuple[int, int, int, int]:
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
    zh, en = _what_else(data)
    raise PhotoError("photo-format", found_zh=zh, found_en=en)


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


def inspect(source: Path, purpose: Purpose | None = None) -> None:
    """The checks of a photo that need no decoding: format by content, structure, and size from the header.

    Raises `PhotoError`. The structure (`structure_problem`) finds a
    truncated or damaged file without decoding its pixels.
    """
    data = source.read_bytes()
    kind = sniff(data)
    damage = structure_problem(data, kind)
    if damage is not None:
        raise damage
    with _opened(io.BytesIO(data), kind, [purpose] if purpose else []):
        pass


def structure_problem(data: bytes, kind: str) -> PhotoError | None:
    """A truncated or damaged file, told from its container alone (no pixel decoded), or None.

    JPEG: its segments up to the image data, then an end marker after it.
    PNG: every chunk whole, the critical ones (IHDR, PLTE, IDAT, IEND)
    with a correct checksum, ending in IEND. WebP: the RIFF and each chunk
    whole. HEIF: every top-level box whole. Bytes after the end are allowed
    (phones append some); they are never published.
    """
    ends = {"jpeg": _jpeg_ends, "png": _png_ends, "webp": _webp_ends, "heif": _heif_ends}[kind]
    return ends(data)


def _jpeg_ends(data: bytes) -> PhotoError | None:
    at = 2
    while True:
        if at + 4 > len(data):
            return PhotoError("photo-truncated")
        if data[at] != 0xFF:
            return PhotoError("photo-corrupt", part="JPEG")
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes before a marker
            at += 1
            continue
        if marker == 0xD9:
            return PhotoError("photo-corrupt", part="JPEG")  # the end before any image data
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker == 0xDA:
            return None if data.find(b"\xff\xd9", at) >= 0 else PhotoError("photo-truncated")


def _png_ends(data: bytes) -> PhotoError | None:
    at, first = 8, True
    while True:
        if at + 12 > len(data):
            return PhotoError("photo-truncated")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if length > 0x7FFFFFFF or first and kind != b"IHDR":
            return PhotoError("photo-corrupt", part="PNG")
        if end > len(data):
            return PhotoError("photo-truncated")
        critical = kind in (b"IHDR", b"PLTE", b"IDAT", b"IEND")
        if critical and zlib.crc32(data[at + 4:end - 4]) != struct.unpack(">I", data[end - 4:end])[0]:
            return PhotoError("photo-corrupt", part=f"PNG {kind.decode('latin-1')}")
        if kind == b"IEND":
            return None
        at, first = end, False


def _webp_ends(data: bytes) -> PhotoError | None:
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end > len(data):
        return PhotoError("photo-truncated")
    at = 12
    while at < end:
        if at + 8 > end:
            return PhotoError("photo-corrupt", part="WebP")
        at += 8 + (size := struct.unpack("<I", data[at + 4:at + 8])[0]) + size % 2
    return None if at <= end + 1 else PhotoError("photo-truncated")


def _heif_ends(data: bytes) -> PhotoError | None:
    at = 0
    while at < len(data):
        if at + 8 > len(data):
            return PhotoError("photo-truncated")
        size = struct.unpack(">I", data[at:at + 4])[0]
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0] if at + 16 <= len(data) else len(data) + 1
        elif size == 0:
            size = len(data) - at
        if size < 8:
            return PhotoError("photo-corrupt", part="HEIF")
        if at + size > len(data):
            return PhotoError("photo-truncated")
        at += size
    return None


@contextmanager
def _opened(source: Path | BinaryIO, kind: str, purposes: Collection[Purpose]) -> Iterator[Image.Image]:
    """The image as Pillow opens it (header read, pixels not yet), its size checked (`refusal`) for each purpose
    (for any, when none is named).

    Pillow's errors, while opening and inside the `with` block, become `PhotoError`s.
    """
    try:
        with warnings.catch_warnings():  # the pixel limit is checked just below, as an error
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(source, formats=_PILLOW_FORMATS[kind])
        with opened as probe:
            asked: list[Purpose | None] = [*purposes] or [None]
            refused = next(filter(None, (refusal(*probe.size, purpose) for purpose in asked)), None)
            if refused is not None:
                raise refused
            yield probe
    except Image.DecompressionBombError as err:
        found = re.search(r"\((\d+) pixels\)", str(err))
        pixels = f"{int(found.group(1)):,}" if found else "?"
        raise PhotoError("photo-too-many-pixels", pixels=pixels, limit=f"{MAX_PIXELS:,}") from None
    except Image.UnidentifiedImageError:
        # Pillow's own text names the stream, not the file
        raise PhotoError("photo-unreadable", detail="no decoder recognises it") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as err:
        raise PhotoError("photo-unreadable", detail=str(err) or type(err).__name__) from None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parameters(purpose: Purpose, focus: tuple[float, float] | None) -> str:
    """Everything besides the source bytes that decides a derivative's pixels and bytes."""
    return (f"{PIPELINE}|{purpose.value}|{WIDTHS[purpose]}|{PORTRAIT_RATIO}|{SHARE_RATIO}|{focus}|"
            f"{JPEG_QUALITY}|{WEBP_QUALITY}|{WEBP_METHOD}|{RESAMPLE.name}|"
            f"pillow {Image.__version__}|pillow-heif {pillow_heif.__version__}")


def cache_key(digest: str, purpose: Purpose, focus: tuple[float, float] | None) -> str:
    """Content hash + parameters + library versions: one key per distinct piece of work.

    The key starts with the content hash and ends with a hash of the
    parameters, so a derivative's name tells which source it came from.
    """
    return f"{digest[:16]}-{hashlib.sha256(parameters(purpose, focus).encode()).hexdigest()[:8]}"


# --- decoding ------------------------------------------------------------------


def decode(data: bytes, purposes: Collection[Purpose] = ()) -> Image.Image:
    """Decode fully, first frame only, upright, in sRGB, with nothing but the pixels.

    The file's structure and size are checked first (`structure_problem`,
    `refusal` for each purpose), as `guardians check` does. The image is
    decoded just large enough for the widest derivative of every purpose
    (across its crop, if it has one): a JPEG at the smallest DCT scale
    (1/2, 1/4, 1/8) that still covers them, which is much faster than
    decoding a phone photo at full size and resizing all of it. The whole
    stream is decoded all the same, so a truncated file is still refused.
    With no purpose, the image is decoded whole.
    """
    kind = sniff(data)
    damage = structure_problem(data, kind)
    if damage is not None:
        raise damage
    needs: list[Need] = [(max(WIDTHS[purpose]), RATIOS.get(purpose)) for purpose in purposes]
    with _opened(io.BytesIO(data), kind, purposes) as probe:
        probe.seek(0)
        if needs and probe.format in ("JPEG", "MPO"):
            probe.draft(probe.mode, draft_for(probe.size, probe.getexif().get(0x0112, 1), needs))
        probe.load()
        icc = probe.info.get("icc_profile")
        ImageOps.exif_transpose(probe, in_place=True)
        image = _to_srgb(_reduced(probe, needs), icc)
        if image is not probe:
            probe.close()  # its pixels are let go here: at most two full-size copies are held at once
        return _pixels_only(image)


_REDUCIBLE = {"L", "LA", "RGB", "RGBA", "CMYK"}
"""The modes `Image.reduce` takes; others (a palette, 1 bit) are small to hold and converted first anyway."""


def reduction(size: tuple[int, int], target: int, ratio: tuple[int, int] | None) -> int:
    """The largest whole factor an upright image may be shrunk by so that `target` pixels remain across the crop."""
    need = draft_size(size, 1, target, ratio)[0]
    return max(1, size[0] // need)


def _reduced(image: Image.Image, needs: Sequence[Need]) -> Image.Image:
    """`image` shrunk by the `reduction` every need allows (box averaging, before any other work), or itself; a
    JPEG is drafted instead."""
    factor = min((reduction(image.size, target, ratio) for target, ratio in needs),
                 default=1) if image.mode in _REDUCIBLE else 1
    return image.reduce(factor) if factor > 1 else image


def draft_for(stored: tuple[int, int], orientation: int, needs: Sequence[Need]) -> tuple[int, int]:
    """The smallest stored size a JPEG may be decoded at that covers every need (`draft_size` of each)."""
    drafts = [draft_size(stored, orientation, target, ratio) for target, ratio in needs]
    return max(w for w, _ in drafts), max(h for _, h in drafts)


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
    return image if image.mode == "RGB" else image.convert("RGB")


def _apply_profile(image: Image.Image, icc: bytes) -> Image.Image:
    """`image` converted from its embedded profile `icc` to sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, _SRGB,
                                              outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError):
        return image  # an unusable profile: the pixels are taken as sRGB (see _to_srgb)
    return converted if converted is not None else image  # None only when converting in place, which this does not


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
    return lookup(cache, key) or develop(data, cache, [Wanted(key, purpose, focus)])[0]


def develop(data: bytes, cache: Path, wanted: Sequence[Wanted]) -> list[Processed]:
    """Decode `data` once and write each set of derivatives wanted of it: the only function doing image work.

    A story's first photo is wanted for its gallery and its share image, a
    worker's portrait as a portrait and a share image: one decode serves
    both (for a HEIC photo, whose decoding cannot be reduced, that is most
    of its cost).
    """
    decoded = decode(data, [want.purpose for want in wanted])
    cache.mkdir(parents=True, exist_ok=True)
    return [_derivatives(decoded, cache, want) for want in wanted]


def _derivatives(decoded: Image.Image, cache: Path, want: Wanted) -> Processed:
    """The derivatives of one purpose written from the decoded image (which is left as it is)."""
    key, purpose, focus = want.key, want.purpose, want.focus
    image = decoded
    if purpose is Purpose.PORTRAIT:
        image = image.crop(crop_box(image.width, image.height, PORTRAIT_RATIO, focus))
    elif purpose is Purpose.SHARE:
        image = share_frame(image, focus)
    variants = []
    sizes = sizes_for(image.width, image.height, purpose)
    for w, h in reversed(sizes):  # largest first; each smaller from the last
        image = smaller(image, (w, h))
        opened = purpose is Purpose.GALLERY and (w, h) == sizes[-1]  # the JPEG behind a gallery photo's link
        formats = (("JPEG", "image/jpeg", "jpg"),) if purpose is Purpose.SHARE else (
            ("WEBP", "image/webp", "webp"), ("JPEG", "image/jpeg", "jpg"))
        for fmt, mime, ext in formats:
            name = f"{key}-{purpose.value}-{w}.{ext}"
            write_atomic(cache / name, encode(image, fmt, progressive=opened))
            variants.append(Variant(name, w, h, mime))
    variants.sort(key=lambda v: (v.width, v.mime))
    write_atomic(cache / f"{key}.txt",
                  "\n".join(f"{v.file} {v.width} {v.height} {v.mime}" for v in variants).encode("ascii"))
    return Processed(tuple(variants))


def smaller(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` at `size`: itself, its 2×2 box average when `size` is exactly half, else resized with `RESAMPLE`."""
    if size == image.size:
        return image
    if (size[0] * 2, size[1] * 2) == image.size:
        return image.reduce(2)
    return image.resize(size, RESAMPLE)


@dataclass(frozen=True)
class ShareLayout:
    """Where a source goes in its share image: the part taken, its size there, the frame and its place in it."""

    crop: tuple[int, int, int, int]
    size: tuple[int, int]
    frame: tuple[int, int]
    at: tuple[int, int]


def share_layout(width: int, height: int, focus: tuple[float, float] | None) -> ShareLayout:
    """The share image of a source (width, height): in the 1200:630 frame, never larger than `SHARE_RATIO`.

    A landscape photo is cropped to the frame around `focus`; an upright
    one (a portrait, a long screenshot) would lose the head that way, so it
    is shown whole, scaled to the frame's height, on a band beside it.
    Nothing is ever upscaled.
    """
    if width >= height:
        crop = crop_box(width, height, SHARE_RATIO, focus)
        size = fit(crop[2] - crop[0], crop[3] - crop[1], SHARE_RATIO)
        return ShareLayout(crop, size, size, (0, 0))
    size = fit(width, height, (SHARE_RATIO[0], SHARE_RATIO[1]))
    frame = (min(SHARE_RATIO[0], -(-size[1] * SHARE_RATIO[0] // SHARE_RATIO[1])), size[1])
    return ShareLayout((0, 0, width, height), size, frame, ((frame[0] - size[0]) // 2, 0))


def share_frame(image: Image.Image, focus: tuple[float, float] | None) -> Image.Image:
    """`image` as its share image (`share_layout`); an upright one on a band of the colour of its side edges."""
    layout = share_layout(image.width, image.height, focus)
    placed = image.crop(layout.crop) if layout.crop != (0, 0, image.width, image.height) else image
    placed = placed.resize(layout.size, Image.Resampling.LANCZOS) if placed.size != layout.size else placed
    if layout.frame == layout.size:
        return placed
    edge = max(1, placed.width // 50)
    sides = [placed.crop((0, 0, edge, placed.height)),
             placed.crop((placed.width - edge, 0, placed.width, placed.height))]
    means = [ImageStat.Stat(side).mean for side in sides]
    colour = tuple(round((a + b) / 2) for a, b in zip(*means, strict=True))
    frame = Image.new("RGB", layout.frame, colour)
    frame.paste(placed, layout.at)
    return frame


def encode(image: Image.Image, fmt: str, *, progressive: bool = False) -> bytes:
    """JPEG or WebP bytes of `image`, with no metadata block of any kind.

    `progressive`: a JPEG a reader opens by itself (a gallery photo's widest,
    behind its link), which then shows whole at once and sharpens as it
    loads; any other JPEG is only a fallback for a browser without WebP, or a
    share image fetched by a crawler, and is written baseline, at under half
    the CPU.
    """
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=progressive, exif=b"",
                   icc_profile=None)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, exif=b"", icc_profile=None, xmp=b"")
    data = out.getvalue()
    found = metadata_blocks(data)
    if found:  # a change in Pillow, say, must stop the build rather than publish metadata
        raise MetadataWritten(f"the encoder wrote metadata ({', '.join(found)}) into a derivative")
    return data


_JPEG_PLAIN = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xE0}
"""JPEG segments a derivative may hold before its scan: frame, Huffman and quantisation tables, restart interval,
JFIF."""
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
