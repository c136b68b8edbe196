"""Flat-colour illustrations for the sample content and the benchmarks.

Every picture is drawn from geometric shapes only (sky, buildings, hills,
simple figures), so the sample site never contains a real photograph of a
real person.  Drawing is deterministic: the same arguments always give the
same pixels, and therefore the same encoded bytes with the same Pillow.

Public functions:

* :func:`draw_illustration` — a scene (street, night, village, indoor, drill)
* :func:`portrait` — an abstract avatar (round head and shoulders)
* :func:`chain_diagram` — numbered levels linked by arrows (organisation chain)
* :func:`hub_diagram` — a numbered hub linked to numbered partners
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "SCENES",
    "chain_diagram",
    "draw_illustration",
    "hub_diagram",
    "portrait",
]

RGB = tuple[int, int, int]

#: Scene names accepted by :func:`draw_illustration`.
SCENES: tuple[str, ...] = ("street", "night", "village", "indoor", "drill")

_SS = 2  # supersampling factor: draw large, then downscale for smooth edges

_SKIES_DAY: tuple[tuple[RGB, RGB], ...] = (
    ((126, 192, 238), (214, 236, 250)),
    ((150, 200, 230), (238, 244, 226)),
    ((104, 170, 220), (196, 226, 246)),
    ((246, 186, 140), (252, 232, 200)),
)
_SKIES_NIGHT: tuple[tuple[RGB, RGB], ...] = (
    ((16, 24, 58), (48, 62, 112)),
    ((22, 20, 48), (70, 56, 104)),
)
_BUILDINGS: tuple[RGB, ...] = (
    (236, 226, 210), (214, 206, 196), (190, 204, 214), (242, 214, 180),
    (200, 186, 170), (222, 232, 236), (178, 190, 196), (246, 236, 222),
)
_CLOTHES: tuple[RGB, ...] = (
    (52, 92, 160), (60, 140, 110), (120, 80, 140), (200, 120, 60),
    (80, 80, 90), (170, 60, 70), (90, 130, 170), (140, 110, 80),
)
_SKIN: tuple[RGB, ...] = (
    (246, 214, 186), (232, 190, 160), (214, 170, 138), (240, 204, 170),
)
_HAIR: tuple[RGB, ...] = ((34, 28, 26), (58, 44, 36), (20, 20, 24), (90, 84, 80))
_VEST: RGB = (230, 70, 40)
_MASK: RGB = (200, 228, 244)
_SUIT: RGB = (244, 246, 250)


def _rng(seed: int, salt: str = "") -> random.Random:
    """A private random generator fixed by ``seed`` and ``salt``."""
    return random.Random((seed * 1_000_003) ^ zlib.crc32(salt.encode("utf-8")))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend of two colours (t=0 → a, t=1 → b)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(c: RGB, f: float) -> RGB:
    """Darken (f<1) or lighten (f>1) a colour, clamped to 0..255."""
    return (min(255, round(c[0] * f)), min(255, round(c[1] * f)), min(255, round(c[2] * f)))


def _banded_gradient(d: ImageDraw.ImageDraw, box: tuple[int, int, int, int],
                     top: RGB, bottom: RGB, bands: int = 12) -> None:
    """Fill ``box`` with a vertical gradient drawn as flat horizontal bands."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    for i in range(bands):
        a = y0 + h * i // bands
        b = y0 + h * (i + 1) // bands
        d.rectangle((x0, a, x1, b), fill=_mix(top, bottom, i / max(1, bands - 1)))


def _person(d: ImageDraw.ImageDraw, r: random.Random, x: float, feet: float, h: float,
            *, vest: bool = False, mask: bool = True, suit: bool = False) -> None:
    """A simple standing figure: legs, body, arms, round head (optional mask, vest, suit)."""
    body = _SUIT if suit else r.choice(_CLOTHES)
    skin = r.choice(_SKIN)
    hair = r.choice(_HAIR)
    legs = _shade(body, 0.7) if suit else r.choice(((44, 48, 60), (70, 70, 80), (40, 60, 90)))
    head_r = h * 0.11
    neck_y = feet - h * 0.78
    hip_y = feet - h * 0.42
    half = h * 0.14
    # legs
    lw = h * 0.07
    d.rectangle((x - half * 0.8, hip_y, x - half * 0.8 + lw, feet), fill=legs)
    d.rectangle((x + half * 0.8 - lw, hip_y, x + half * 0.8, feet), fill=legs)
    # arms
    aw = h * 0.055
    d.rounded_rectangle((x - half - aw, neck_y + h * 0.03, x - half + aw * 0.2, hip_y + h * 0.06),
                        radius=aw / 2, fill=_shade(body, 0.85))
    d.rounded_rectangle((x + half - aw * 0.2, neck_y + h * 0.03, x + half + aw, hip_y + h * 0.06),
                        radius=aw / 2, fill=_shade(body, 0.85))
    # body
    d.rounded_rectangle((x - half, neck_y, x + half, hip_y + h * 0.04), radius=h * 0.05, fill=body)
    if vest:
        d.rectangle((x - half * 0.75, neck_y + h * 0.02, x + half * 0.75, hip_y), fill=_VEST)
        d.rectangle((x - half * 0.75, neck_y + h * 0.17, x + half * 0.75, neck_y + h * 0.2),
                    fill=(250, 230, 90))
    # head
    hy = neck_y - head_r * 0.9
    if suit:
        d.ellipse((x - head_r * 1.2, hy - head_r * 1.2, x + head_r * 1.2, hy + head_r * 1.1), fill=_SUIT)
        d.ellipse((x - head_r * 0.8, hy - head_r * 0.7, x + head_r * 0.8, hy + head_r * 0.8), fill=skin)
        d.rounded_rectangle((x - head_r * 0.85, hy - head_r * 0.55, x + head_r * 0.85, hy - head_r * 0.1),
                            radius=head_r * 0.2, fill=(150, 200, 230))
    else:
        d.ellipse((x - head_r, hy - head_r, x + head_r, hy + head_r), fill=skin)
        d.chord((x - head_r * 1.05, hy - head_r * 1.1, x + head_r * 1.05, hy + head_r * 0.6),
                start=180, end=360, fill=hair)
    if mask:
        d.rounded_rectangle((x - head_r * 0.7, hy + head_r * 0.1, x + head_r * 0.7, hy + head_r * 0.75),
                            radius=head_r * 0.2, fill=_MASK)


def _building(d: ImageDraw.ImageDraw, r: random.Random, x0: float, x1: float, top: float,
              ground: float, *, night: bool) -> None:
    """A block of flats with a window grid; at night some windows are lit."""
    wall = r.choice(_BUILDINGS)
    if night:
        wall = _shade(wall, 0.32)
    d.rectangle((x0, top, x1, ground), fill=wall)
    d.rectangle((x0, top, x1, top + (ground - top) * 0.02), fill=_shade(wall, 0.8))
    w = x1 - x0
    cols = max(2, int(w // 60))
    rows = max(3, int((ground - top) // 70))
    cw = w / cols
    rh = (ground - top) / rows
    for ci in range(cols):
        for ri in range(rows - 1):
            wx = x0 + ci * cw + cw * 0.25
            wy = top + ri * rh + rh * 0.3
            if night:
                fill = (250, 214, 120) if r.random() < 0.45 else _shade(wall, 0.7)
            else:
                fill = (150, 190, 214) if r.random() < 0.8 else (236, 240, 244)
            d.rectangle((wx, wy, wx + cw * 0.5, wy + rh * 0.42), fill=fill)
    # door
    d.rectangle((x0 + w * 0.42, ground - rh * 0.7, x0 + w * 0.58, ground), fill=_shade(wall, 0.6))


def _tree(d: ImageDraw.ImageDraw, r: random.Random, x: float, ground: float, h: float,
          *, night: bool = False) -> None:
    """A round-crowned tree (banyan-ish)."""
    leaf = r.choice(((74, 150, 80), (60, 130, 70), (96, 166, 90)))
    trunk = (110, 80, 56)
    if night:
        leaf, trunk = _shade(leaf, 0.35), _shade(trunk, 0.4)
    d.rectangle((x - h * 0.05, ground - h * 0.5, x + h * 0.05, ground), fill=trunk)
    d.ellipse((x - h * 0.35, ground - h, x + h * 0.35, ground - h * 0.4), fill=leaf)


def _scene_street(d: ImageDraw.ImageDraw, r: random.Random, W: int, H: int, night: bool) -> None:
    top, bottom = r.choice(_SKIES_NIGHT if night else _SKIES_DAY)
    ground = H * r.uniform(0.72, 0.8)
    _banded_gradient(d, (0, 0, W, int(ground)), top, bottom)
    if night:
        for _ in range(40):
            sx, sy = r.uniform(0, W), r.uniform(0, ground * 0.45)
            s = r.uniform(1.5, 3.5) * _SS
            d.ellipse((sx - s, sy - s, sx + s, sy + s), fill=(230, 230, 250))
        mx, my = W * r.uniform(0.65, 0.9), H * 0.12
        d.ellipse((mx - W * 0.04, my - W * 0.04, mx + W * 0.04, my + W * 0.04), fill=(248, 240, 200))
    else:
        sx, sy = W * r.uniform(0.1, 0.9), H * r.uniform(0.08, 0.18)
        d.ellipse((sx - W * 0.05, sy - W * 0.05, sx + W * 0.05, sy + W * 0.05), fill=(255, 236, 160))
        for _ in range(r.randint(2, 4)):
            cx, cy = r.uniform(0, W), r.uniform(H * 0.05, H * 0.3)
            cw = W * r.uniform(0.08, 0.16)
            for k in range(3):
                d.ellipse((cx + k * cw * 0.5, cy - cw * 0.2 * (k % 2), cx + k * cw * 0.5 + cw,
                           cy + cw * 0.45), fill=(250, 250, 252))
    # back row of towers, then front row of blocks
    x = -W * 0.05
    while x < W:
        bw = W * r.uniform(0.1, 0.18)
        _building(d, r, x, x + bw, ground * r.uniform(0.12, 0.4), ground, night=night)
        x += bw + W * r.uniform(0.0, 0.03)
    road = (70, 72, 80) if not night else (30, 32, 40)
    d.rectangle((0, ground, W, H), fill=(196, 190, 180) if not night else (50, 50, 58))
    d.rectangle((0, ground + (H - ground) * 0.55, W, H), fill=road)
    for k in range(8):
        lx = W * (k / 8) + W * 0.02
        d.rectangle((lx, ground + (H - ground) * 0.76, lx + W * 0.06, ground + (H - ground) * 0.8),
                    fill=(240, 240, 236) if not night else (150, 150, 140))
    for _ in range(r.randint(2, 4)):
        _tree(d, r, r.uniform(0, W), ground + 4 * _SS, H * r.uniform(0.16, 0.24), night=night)
    if night:  # a street lamp pool of light
        lx = W * r.uniform(0.2, 0.8)
        d.rectangle((lx - 4 * _SS, ground - H * 0.3, lx + 4 * _SS, ground + H * 0.05), fill=(90, 90, 100))
        d.ellipse((lx - W * 0.1, ground - H * 0.02, lx + W * 0.1, ground + H * 0.1), fill=(120, 110, 80))
        d.ellipse((lx - 14 * _SS, ground - H * 0.32, lx + 14 * _SS, ground - H * 0.28), fill=(255, 230, 150))
    n = r.randint(2, 5)
    for i in range(n):
        px = W * (0.15 + 0.7 * (i + r.uniform(0.1, 0.9)) / n)
        _person(d, r, px, ground + (H - ground) * r.uniform(0.3, 0.5), H * r.uniform(0.26, 0.34),
                vest=r.random() < 0.5)


def _scene_village(d: ImageDraw.ImageDraw, r: random.Random, W: int, H: int) -> None:
    top, bottom = r.choice(_SKIES_DAY)
    horizon = H * r.uniform(0.45, 0.55)
    _banded_gradient(d, (0, 0, W, H), top, bottom)
    for k, col in enumerate(((120, 170, 120), (96, 150, 100), (80, 136, 86))):
        pts = [(0, H)]
        steps = 8
        for i in range(steps + 1):
            pts.append((W * i / steps, horizon - H * (0.18 - k * 0.06) * r.uniform(0.3, 1.0)))
        pts.append((W, H))
        d.polygon(pts, fill=col)
    fields = H * 0.68
    d.rectangle((0, fields, W, H), fill=(168, 196, 110))
    for i in range(6):
        y = fields + (H - fields) * i / 6
        d.line((0, y, W, y), fill=(150, 180, 96), width=3 * _SS)
    for i in range(r.randint(3, 5)):
        hx = W * (0.08 + i * 0.2 + r.uniform(0, 0.06))
        hw, hh = W * 0.12, H * 0.14
        wall = r.choice(((236, 226, 206), (226, 214, 196), (214, 200, 182)))
        d.rectangle((hx, fields - hh, hx + hw, fields), fill=wall)
        d.polygon([(hx - hw * 0.08, fields - hh), (hx + hw / 2, fields - hh * 1.55),
                   (hx + hw * 1.08, fields - hh)], fill=(150, 80, 60))
        d.rectangle((hx + hw * 0.4, fields - hh * 0.55, hx + hw * 0.6, fields), fill=(120, 90, 70))
    # loudspeaker pole
    px = W * r.uniform(0.7, 0.9)
    d.rectangle((px - 5 * _SS, fields - H * 0.42, px + 5 * _SS, fields), fill=(120, 120, 126))
    d.polygon([(px, fields - H * 0.4), (px + W * 0.05, fields - H * 0.44),
               (px + W * 0.05, fields - H * 0.34)], fill=(200, 200, 206))
    for _ in range(r.randint(2, 4)):
        _person(d, r, W * r.uniform(0.15, 0.85), fields + (H - fields) * r.uniform(0.4, 0.8),
                H * r.uniform(0.22, 0.3), vest=r.random() < 0.4, mask=r.random() < 0.7)
    for _ in range(3):
        _tree(d, r, r.uniform(0, W), fields, H * r.uniform(0.18, 0.26))


def _scene_indoor(d: ImageDraw.ImageDraw, r: random.Random, W: int, H: int) -> None:
    wall = r.choice(((238, 232, 220), (226, 234, 238), (240, 228, 214)))
    floor_y = H * 0.7
    d.rectangle((0, 0, W, floor_y), fill=wall)
    d.rectangle((0, floor_y, W, H), fill=(190, 160, 126))
    for i in range(10):
        x = W * i / 10
        d.line((x, floor_y, x - W * 0.05, H), fill=(176, 146, 114), width=2 * _SS)
    # board with bar chart and a list of blocks (no text)
    bx0, by0, bx1, by1 = W * 0.2, H * 0.1, W * 0.8, H * 0.45
    d.rectangle((bx0 - 8 * _SS, by0 - 8 * _SS, bx1 + 8 * _SS, by1 + 8 * _SS), fill=(120, 110, 100))
    d.rectangle((bx0, by0, bx1, by1), fill=(250, 250, 246))
    bars = r.randint(4, 7)
    for i in range(bars):
        hgt = (by1 - by0) * r.uniform(0.2, 0.8)
        x = bx0 + (bx1 - bx0) * (0.05 + 0.45 * i / bars)
        d.rectangle((x, by1 - hgt - 10 * _SS, x + (bx1 - bx0) * 0.04, by1 - 10 * _SS),
                    fill=r.choice(((60, 130, 200), (230, 120, 60), (80, 170, 110))))
    for i in range(5):
        y = by0 + (by1 - by0) * (0.15 + i * 0.16)
        d.rectangle((bx0 + (bx1 - bx0) * 0.58, y, bx0 + (bx1 - bx0) * r.uniform(0.75, 0.95),
                     y + (by1 - by0) * 0.06), fill=(170, 176, 186))
    # people standing behind a table; the table is drawn last and hides their legs
    ty = H * 0.64
    n = r.randint(3, 6)
    for i in range(n):
        _person(d, r, W * (0.18 + 0.64 * i / max(1, n - 1)), ty + H * 0.2, H * 0.42,
                vest=r.random() < 0.3)
    d.rounded_rectangle((W * 0.1, ty, W * 0.9, ty + H * 0.05), radius=10 * _SS, fill=(150, 110, 76))
    d.rectangle((W * 0.12, ty + H * 0.05, W * 0.88, ty + H * 0.2), fill=(132, 96, 66))
    for i in range(n):
        x = W * (0.2 + 0.6 * i / max(1, n - 1))
        d.rectangle((x - W * 0.03, ty + H * 0.012, x + W * 0.03, ty + H * 0.024), fill=(248, 248, 248))


def _scene_drill(d: ImageDraw.ImageDraw, r: random.Random, W: int, H: int) -> None:
    _scene_street(d, r, W, H, night=False)
    ground = H * 0.74
    # a blue service tent with a table, cones and figures in protective suits
    tx0, tx1 = W * r.uniform(0.1, 0.3), W * r.uniform(0.55, 0.7)
    d.rectangle((tx0, ground - H * 0.28, tx1, ground - H * 0.24), fill=(40, 110, 190))
    d.rectangle((tx0, ground - H * 0.24, tx0 + 6 * _SS, ground + H * 0.08), fill=(160, 160, 170))
    d.rectangle((tx1 - 6 * _SS, ground - H * 0.24, tx1, ground + H * 0.08), fill=(160, 160, 170))
    d.rectangle((tx0 + W * 0.03, ground - H * 0.02, tx1 - W * 0.03, ground + H * 0.02), fill=(236, 236, 240))
    for k in range(5):
        cx = W * (0.1 + 0.18 * k)
        cy = H * 0.96
        d.polygon([(cx - W * 0.02, cy), (cx, cy - H * 0.07), (cx + W * 0.02, cy)], fill=(240, 120, 40))
        d.rectangle((cx - W * 0.012, cy - H * 0.04, cx + W * 0.012, cy - H * 0.03), fill=(250, 250, 250))
    for i in range(r.randint(2, 3)):
        _person(d, r, W * (0.72 + 0.09 * i), H * 0.9, H * 0.32, suit=True)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """Pillow's built-in font at ``size`` px (falls back to the tiny bitmap font)."""
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError, OSError):  # Pillow without FreeType
        return ImageFont.load_default()


def _label(img: Image.Image, text: str) -> None:
    """Stamp a short ASCII label in the lower-left corner (Pillow's built-in font only)."""
    ascii_text = "".join(ch for ch in text if 32 <= ord(ch) < 127).strip()
    if not ascii_text:
        return
    d = ImageDraw.Draw(img)
    font = _font(max(12, img.height // 60))
    x0, y0, x1, y1 = d.textbbox((0, 0), ascii_text, font=font)
    pad = 6
    y = img.height - (y1 - y0) - 3 * pad
    d.rectangle((pad, y - pad, pad + (x1 - x0) + 2 * pad, y + (y1 - y0) + pad), fill=(255, 255, 255))
    d.text((2 * pad, y - y0), ascii_text, fill=(60, 60, 60), font=font)


def draw_illustration(seed: int, width: int, height: int, label: str = "",
                      scene: str = "street") -> Image.Image:
    """Draw a flat-colour scene (``scene`` in :data:`SCENES`) as an RGB image.

    ``label`` is stamped in a corner when it has ASCII characters (non-ASCII
    characters are dropped: no font is needed); it also varies the drawing.
    """
    if scene not in SCENES:
        raise ValueError(f"unknown scene {scene!r}; expected one of {SCENES}")
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    r = _rng(seed, f"{scene}:{label}")
    W, H = width * _SS, height * _SS
    img = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    if scene == "street":
        _scene_street(d, r, W, H, night=False)
    elif scene == "night":
        _scene_street(d, r, W, H, night=True)
    elif scene == "village":
        _scene_village(d, r, W, H)
    elif scene == "indoor":
        _scene_indoor(d, r, W, H)
    else:
        _scene_drill(d, r, W, H)
    out = img.resize((width, height), Image.Resampling.LANCZOS)
    _label(out, label)
    return out


def portrait(seed: int, size: tuple[int, int] = (800, 1000)) -> Image.Image:
    """An abstract avatar: flat background, shoulders and a round head (no face details)."""
    r = _rng(seed, "portrait")
    w, h = size
    W, H = w * _SS, h * _SS
    bg = r.choice(((214, 230, 240), (236, 224, 210), (220, 236, 220), (234, 220, 232), (240, 236, 214)))
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)
    d.ellipse((-W * 0.2, H * 0.1, W * 1.2, H * 1.3), fill=_shade(bg, 0.94))
    cloth = r.choice(_CLOTHES)
    skin = r.choice(_SKIN)
    hair = r.choice(_HAIR)
    cx = W / 2
    # shoulders
    d.ellipse((cx - W * 0.42, H * 0.68, cx + W * 0.42, H * 1.25), fill=cloth)
    if r.random() < 0.5:  # volunteer vest
        d.polygon([(cx - W * 0.3, H * 0.76), (cx - W * 0.08, H * 0.72), (cx - W * 0.12, H),
                   (cx - W * 0.34, H)], fill=_VEST)
        d.polygon([(cx + W * 0.3, H * 0.76), (cx + W * 0.08, H * 0.72), (cx + W * 0.12, H),
                   (cx + W * 0.34, H)], fill=_VEST)
    # collar and neck
    d.rectangle((cx - W * 0.07, H * 0.56, cx + W * 0.07, H * 0.72), fill=_shade(skin, 0.92))
    d.polygon([(cx - W * 0.12, H * 0.7), (cx, H * 0.8), (cx + W * 0.12, H * 0.7)], fill=(248, 248, 248))
    # head and hair
    hr = W * 0.2
    hy = H * 0.42
    long_hair = r.random() < 0.5
    if long_hair:
        d.rounded_rectangle((cx - hr * 1.12, hy - hr * 1.05, cx + hr * 1.12, hy + hr * 1.35),
                            radius=hr * 0.6, fill=hair)
    d.ellipse((cx - hr, hy - hr * 1.1, cx + hr, hy + hr * 1.1), fill=skin)
    d.chord((cx - hr * 1.06, hy - hr * 1.22, cx + hr * 1.06, hy + hr * 0.3), start=180, end=360, fill=hair)
    if r.random() < 0.5:  # side parting
        d.ellipse((cx - hr * 1.02, hy - hr * 0.9, cx - hr * 0.55, hy + hr * 0.05), fill=hair)
    return img.resize((w, h), Image.Resampling.LANCZOS)


def _number(d: ImageDraw.ImageDraw, xy: tuple[float, float], n: int, fill: RGB,
            size: int = 34) -> None:
    """Draw a level number centred on ``xy`` with the default font."""
    font = _font(size)
    text = str(n)
    x0, y0, x1, y1 = d.textbbox((0, 0), text, font=font)
    d.text((xy[0] - (x1 - x0) / 2 - x0, xy[1] - (y1 - y0) / 2 - y0), text, fill=fill, font=font)


def _arrow(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], col: RGB,
           width: int = 6) -> None:
    """A straight arrow from ``a`` to ``b`` with a triangular head."""
    import math

    d.line((a, b), fill=col, width=width)
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    s = width * 3.5
    p1 = (b[0] - s * math.cos(ang - 0.45), b[1] - s * math.sin(ang - 0.45))
    p2 = (b[0] - s * math.cos(ang + 0.45), b[1] - s * math.sin(ang + 0.45))
    d.polygon([b, p1, p2], fill=col)


def _people_icons(d: ImageDraw.ImageDraw, cx: float, cy: float, n: int, size: float, col: RGB) -> None:
    """``n`` small head-and-shoulder icons in a row centred at (cx, cy)."""
    gap = size * 1.3
    x = cx - gap * (n - 1) / 2
    for _ in range(n):
        d.ellipse((x - size * 0.28, cy - size * 0.62, x + size * 0.28, cy - size * 0.06), fill=col)
        d.pieslice((x - size * 0.5, cy, x + size * 0.5, cy + size), start=180, end=360, fill=col)
        x += gap


def chain_diagram(levels: Sequence[int], width: int = 1200, height: int = 720,
                  seed: int = 0) -> Image.Image:
    """Numbered boxes in a row joined by arrows; ``levels[i]`` people icons in box i.

    Used for the chain committee → grid → building head → household.
    """
    r = _rng(seed, "chain")
    img = Image.new("RGB", (width, height), (250, 250, 247))
    d = ImageDraw.Draw(img)
    n = len(levels)
    palette = [(44, 110, 170), (56, 150, 120), (230, 140, 50), (200, 80, 90), (120, 90, 160)]
    r.shuffle(palette)
    margin = width * 0.05
    gap = width * 0.05
    bw = (width - 2 * margin - gap * (n - 1)) / n
    top, bottom = height * 0.2, height * 0.8
    for i, count in enumerate(levels):
        x0 = margin + i * (bw + gap)
        col = palette[i % len(palette)]
        d.rounded_rectangle((x0, top, x0 + bw, bottom), radius=24, fill=_mix(col, (255, 255, 255), 0.82),
                            outline=col, width=5)
        d.ellipse((x0 + bw / 2 - 28, top - 28, x0 + bw / 2 + 28, top + 28), fill=col)
        _number(d, (x0 + bw / 2, top), i + 1, (255, 255, 255))
        rows = max(1, min(3, (count + 3) // 4))
        per = (count + rows - 1) // rows
        left = count
        for k in range(rows):
            m = min(per, left)
            left -= m
            _people_icons(d, x0 + bw / 2, top + (bottom - top) * (0.5 + 0.25 * (k - (rows - 1) / 2)), m,
                          min(bw / (per * 1.5), 60), col)
        if i < n - 1:
            _arrow(d, (x0 + bw + 6, height / 2), (x0 + bw + gap - 6, height / 2), (90, 90, 90))
    return img


def hub_diagram(spokes: int, width: int = 1200, height: int = 900, seed: int = 0) -> Image.Image:
    """A numbered hub (1) linked by two-way arrows to ``spokes`` numbered partners (2…)."""
    import math

    r = _rng(seed, "hub")
    img = Image.new("RGB", (width, height), (250, 250, 247))
    d = ImageDraw.Draw(img)
    cx, cy = width / 2, height / 2
    hub_r = min(width, height) * 0.16
    ring = min(width, height) * 0.36
    start = r.uniform(-0.3, 0.3) - math.pi / 2
    cols = [(56, 150, 120), (230, 140, 50), (200, 80, 90), (120, 90, 160), (44, 110, 170)]
    for i in range(spokes):
        ang = start + 2 * math.pi * i / spokes
        px, py = cx + ring * math.cos(ang) * 1.25, cy + ring * math.sin(ang)
        col = cols[i % len(cols)]
        pr = hub_r * 0.62
        ax, ay = cx + (hub_r + 8) * math.cos(ang), cy + (hub_r + 8) * math.sin(ang)
        dist = math.hypot(px - cx, py - cy)
        bx, by = cx + (dist - pr - 8) * (px - cx) / dist, cy + (dist - pr - 8) * (py - cy) / dist
        _arrow(d, (ax, ay), (bx, by), (110, 110, 110))
        _arrow(d, (bx, by), (ax, ay), (110, 110, 110))
        d.ellipse((px - pr, py - pr, px + pr, py + pr), fill=_mix(col, (255, 255, 255), 0.8), outline=col, width=5)
        _people_icons(d, px, py - pr * 0.05, min(3, 1 + i % 3), pr * 0.45, col)
        d.ellipse((px - 22, py - pr - 22, px + 22, py - pr + 22), fill=col)
        _number(d, (px, py - pr), i + 2, (255, 255, 255))
    d.ellipse((cx - hub_r, cy - hub_r, cx + hub_r, cy + hub_r), fill=(226, 238, 248), outline=(44, 110, 170), width=6)
    _people_icons(d, cx, cy, 4, hub_r * 0.38, (44, 110, 170))
    d.ellipse((cx - 26, cy - hub_r - 26, cx + 26, cy - hub_r + 26), fill=(44, 110, 170))
    _number(d, (cx, cy - hub_r), 1, (255, 255, 255))
    return img
