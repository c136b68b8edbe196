"""(Re)create every photo and diagram referenced by the sample content.

Run from anywhere::

    .venv/bin/python bench/make_sample_photos.py [--root PATH] [--check]

It reads the content tree (story front matter ``photos``, worker
``portrait``, image links in guide bodies) and writes each referenced file
beside its text, so the photos always match the content. Output is
deterministic: the same content gives byte-identical files.

Story photos are drawn illustrations (no real people), saved as JPEG and
dressed up like phone photos so that the site's metadata stripping has
something to strip: EXIF Make/Model/DateTime, DateTimeOriginal, a GPS IFD
near the story's city, an EXIF Orientation of 6 on one photo (pixels stored
rotated accordingly) and a JPEG comment on another. Portraits are 800×1000
JPEG avatars without metadata; guide diagrams are PNG.

``--check`` regenerates into memory and reports files that are missing or
differ, without writing (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import ExifTags, Image, TiffImagePlugin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import illustrations  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
JPEG_QUALITY = 85
STORY_SIZE = (1600, 1200)
PORTRAIT_SIZE = (800, 1000)


@dataclass(frozen=True)
class PhotoSpec:
    """How to draw and dress one story photo."""

    scene: str = "street"
    tall: bool = False  # displayed as 1200×1600 instead of 1600×1200
    orientation: int | None = None  # EXIF Orientation; 6 = stored rotated 90° CCW
    comment: str | None = None  # JPEG COM segment


# Per-photo drawing choices, keyed by "<year>/<slug>/<file>"; anything not
# listed is a landscape street scene.
PHOTO_SPECS: dict[str, PhotoSpec] = {
    "2022/lingchen-sandian-de-wangge/grid-night.jpg": PhotoSpec("night"),
    "2022/lingchen-sandian-de-wangge/team.jpg": PhotoSpec("street"),
    "2022/yi-ge-loudong-qun/doorstep.jpg": PhotoSpec("street", tall=True, orientation=6),
    "2022/yi-ge-loudong-qun/lobby.jpg": PhotoSpec("street"),
    "2022/zhousan-xiawu-de-lihui/meeting.jpg": PhotoSpec("indoor"),
    "2023/louxia-de-lin-yisheng/home-visit.jpg": PhotoSpec("street"),
    "2023/nanting-cun-de-dalaba/loudspeaker.jpg": PhotoSpec("village"),
    "2023/nanting-cun-de-dalaba/villagers.jpg": PhotoSpec("village"),
    "2023/yi-tang-zhiyuanzhe-shicao-ke/class.jpg": PhotoSpec(
        "indoor", comment="Kuihu volunteer class; shot by He Yanping, tel 13800138099; not for release"),
    "2023/yi-tang-zhiyuanzhe-shicao-ke/practice.jpg": PhotoSpec("drill"),
    "2024/nuanxin-yizhan/station.jpg": PhotoSpec("street"),
    "2024/jingwang-shuangren-dadang/patrol.jpg": PhotoSpec("night"),
    "2025/yi-bu-shouji-guan-liubai-hu/village-office.jpg": PhotoSpec("indoor"),
    "2025/yi-bu-shouji-guan-liubai-hu/fields.jpg": PhotoSpec("village"),
    "2026/bu-da-zhaohu-de-yanlian/drill.jpg": PhotoSpec("drill"),
    "2026/bu-da-zhaohu-de-yanlian/drill-tent.jpg": PhotoSpec("drill", tall=True),
    "2026/bu-da-zhaohu-de-yanlian/debrief.jpg": PhotoSpec("indoor"),
    "2026/sinian-hou-zai-zou-wangge/revisit.jpg": PhotoSpec("street"),
    "2026/loudongzhang-jiaojieban/handover.jpg": PhotoSpec("street", tall=True),
}

# Approximate centres (latitude, longitude) for the GPS tags: district first, then city.
COORDS: dict[str, tuple[float, float]] = {
    "广州市": (23.1291, 113.2644), "天河区": (23.1247, 113.3612),
    "深圳市": (22.5431, 114.0579), "龙华区": (22.6966, 114.0446),
    "佛山市": (23.0215, 113.1214), "南海区": (23.0288, 113.1433),
    "汕头市": (23.3541, 116.6820), "潮阳区": (23.2648, 116.6016),
    "湛江市": (21.2707, 110.3594), "雷州市": (20.9143, 110.0967),
    "江门市": (22.5787, 113.0819), "新会区": (22.4588, 113.0322),
    "中山市": (22.5176, 113.3926),
    "梅州市": (24.2886, 116.1226), "梅江区": (24.3101, 116.1165),
    "清远市": (23.6820, 113.0560), "清新区": (23.7347, 113.0170),
    "珠海市": (22.2710, 113.5767), "香洲区": (22.2665, 113.5433),
}

PHONES: tuple[tuple[str, str, str], ...] = (
    ("HUAWEI", "ELS-AN00", "ELS-AN00 4.0.0.120(C00E110R2P1)"),
    ("Xiaomi", "2211133C", "MIUI 14.0"),
    ("OPPO", "PGT110", "ColorOS 13"),
    ("vivo", "V2243A", "OriginOS 3"),
    ("Apple", "iPhone 13", "16.3.1"),
)


def seed_for(key: str) -> int:
    """A stable seed for a content-relative path."""
    return zlib.crc32(key.encode("utf-8"))


def front_matter(path: Path) -> tuple[dict, str]:
    """Split a Markdown file into (front matter dict, body)."""
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\A---\r?\n(.*?)\r?\n---\r?\n?(.*)\Z", text, re.S)
    if not m:
        return {}, text
    return yaml.safe_load(m.group(1)) or {}, m.group(2)


def _dms(value: float) -> tuple[TiffImagePlugin.IFDRational, ...]:
    """Decimal degrees → (deg, min, sec) rationals as phones write them."""
    value = abs(value)
    deg = int(value)
    minutes_full = (value - deg) * 60
    minutes = int(minutes_full)
    sec = round((minutes_full - minutes) * 60 * 10000)
    R = TiffImagePlugin.IFDRational
    return (R(deg, 1), R(minutes, 1), R(sec, 10000))


def phone_exif(seed: int, taken: dt.datetime, lat: float, lon: float,
               orientation: int | None) -> Image.Exif:
    """EXIF like a phone writes: make/model, times, GPS, optional orientation."""
    make, model, software = PHONES[seed % len(PHONES)]
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Software] = software
    exif[ExifTags.Base.DateTime] = stamp
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = stamp
    sub[ExifTags.Base.DateTimeDigitized] = stamp
    sub[ExifTags.Base.OffsetTimeOriginal] = "+08:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSVersionID] = b"\x02\x02\x00\x00"
    gps[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
    gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
    gps[ExifTags.GPS.GPSLongitude] = _dms(lon)
    gps[ExifTags.GPS.GPSAltitudeRef] = 0
    gps[ExifTags.GPS.GPSAltitude] = TiffImagePlugin.IFDRational(12 + seed % 40, 1)
    gps[ExifTags.GPS.GPSDateStamp] = (taken - dt.timedelta(hours=8)).strftime("%Y:%m:%d")
    return exif


def story_photo(key: str, meta: dict, spec: PhotoSpec) -> bytes:
    """Draw one story photo and encode it as a phone-like JPEG."""
    seed = seed_for(key)
    w, h = STORY_SIZE
    if spec.tall:
        w, h = h, w
    img = illustrations.draw_illustration(seed, w, h, label="illustration", scene=spec.scene)
    if spec.orientation == 6:
        # Orientation 6 means "rotate 90° clockwise to display": store it turned back.
        img = img.transpose(Image.Transpose.ROTATE_90)
    elif spec.orientation not in (None, 1):
        raise ValueError(f"{key}: only orientation 6 is drawn here")
    date = meta["date"]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    taken = dt.datetime.combine(date, dt.time(0, 0)) - dt.timedelta(days=1 + seed % 3)
    taken += dt.timedelta(hours=8 + seed % 11, minutes=seed % 60, seconds=(seed >> 8) % 60)
    base = COORDS.get(meta.get("district", ""), COORDS.get(meta.get("city", ""), (23.13, 113.26)))
    lat = base[0] + ((seed >> 4) % 200 - 100) / 20000
    lon = base[1] + ((seed >> 12) % 200 - 100) / 20000
    exif = phone_exif(seed, taken, lat, lon, spec.orientation)
    buf = io.BytesIO()
    kwargs: dict = {"quality": JPEG_QUALITY, "optimize": True, "exif": exif.tobytes()}
    if spec.comment:
        kwargs["comment"] = spec.comment.encode("utf-8")
    img.save(buf, "JPEG", **kwargs)
    return buf.getvalue()


def portrait_photo(key: str) -> bytes:
    """An 800×1000 avatar JPEG without metadata."""
    buf = io.BytesIO()
    illustrations.portrait(seed_for(key), PORTRAIT_SIZE).save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue()


def guide_diagram(slug: str, name: str) -> bytes:
    """A PNG diagram for a guide: a hub for committee guides, a chain otherwise."""
    seed = seed_for(f"{slug}/{name}")
    if "gongwei" in slug or "committee" in slug:
        img = illustrations.hub_diagram(4, seed=seed)
    else:
        img = illustrations.chain_diagram([1, 3, 4, 8], seed=seed)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def planned(root: Path) -> dict[Path, bytes]:
    """Every file the sample content references, mapped to its bytes."""
    out: dict[Path, bytes] = {}
    for md in sorted((root / "stories").glob("*/*/index.zh.md")):
        meta, _ = front_matter(md)
        year, slug = md.parent.parent.name, md.parent.name
        for photo in meta.get("photos") or []:
            key = f"{year}/{slug}/{photo['file']}"
            out[md.parent / photo["file"]] = story_photo(key, meta, PHOTO_SPECS.get(key, PhotoSpec()))
    for md in sorted((root / "content" / "workers").glob("*/index.zh.md")):
        meta, _ = front_matter(md)
        if meta.get("portrait"):
            out[md.parent / meta["portrait"]] = portrait_photo(f"workers/{md.parent.name}")
    for md in sorted((root / "content" / "guides").glob("*/index.*.md")):
        _, body = front_matter(md)
        for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", body):
            if "/" in target or ":" in target:
                continue
            out.setdefault(md.parent / target, guide_diagram(md.parent.name, target))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    ap.add_argument("--check", action="store_true", help="only report missing or different files")
    args = ap.parse_args(argv)
    files = planned(args.root)
    bad = 0
    total = 0
    for path, data in sorted(files.items()):
        total += len(data)
        rel = path.relative_to(args.root)
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {rel}")
                bad += 1
            continue
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {rel} ({len(data):,} bytes)")
    print(f"{len(files)} files, {total:,} bytes in all")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
