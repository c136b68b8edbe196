"""generator/photos/derive.py: recognising, decoding, cleaning and resizing one photo."""

from __future__ import annotations

import io
import pickle
import struct
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image

from generator.photos import derive as photos
from generator.photos.derive import (
    MAX_EDGE,
    PhotoError,
    Purpose,
    ShareLayout,
    Wanted,
    crop_box,
    draft_size,
    fit,
    fit_width,
    process,
    reduction,
    refusal,
    share_layout,
    sizes_for,
    sniff,
    structure_problem,
)

SECRET = b"CG-SECRET"
"""Every metadata value planted in a test image starts with this; none may reach an output file."""
LATITUDE = struct.pack(">6I", 23, 1, 7, 1, 4567, 100)
"""The GPS latitude 23° 7' 45.67" as the EXIF rationals are stored."""


# --- test images -------------------------------------------------------------------


def encoded(image: Image.Image, fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def halves(size: tuple[int, int] = (600, 400), left: tuple[int, int, int] = (220, 20, 20),
           right: tuple[int, int, int] = (20, 20, 220)) -> Image.Image:
    """An image whose left half is `left` and right half `right`."""
    image = Image.new("RGB", size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def tiff_exif() -> bytes:
    """An EXIF block (APP1 payload) with Make, a GPS position and an embedded JPEG thumbnail in IFD1."""
    thumb = encoded(Image.new("RGB", (16, 16), (1, 2, 3)), "JPEG", comment=SECRET + b"-THUMB")
    make = SECRET + b"-MAKE\x00"

    def ifd(entries: list[tuple[int, int, int, bytes]], next_ifd: int) -> bytes:
        body = struct.pack(">H", len(entries))
        for tag, kind, count, value in entries:
            body += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
        return body + struct.pack(">I", next_ifd)

    # layout: header(8) | IFD0 @8 (3 entries: 2+36+4=42) | GPS IFD @50 (2 entries: 30) | IFD1 @80 (2 entries: 30)
    #         | make @110 | latitude @110+len(make) | thumbnail after it
    make_at = 110
    lat_at = make_at + len(make)
    thumb_at = lat_at + len(LATITUDE)
    ifd0 = ifd([(0x010F, 2, len(make), struct.pack(">I", make_at)), (0x0112, 3, 1, struct.pack(">HH", 1, 0)),
                (0x8825, 4, 1, struct.pack(">I", 50))], 80)
    gps = ifd([(0x0001, 2, 2, b"N\x00"), (0x0002, 5, 3, struct.pack(">I", lat_at))], 0)
    ifd1 = ifd([(0x0201, 4, 1, struct.pack(">I", thumb_at)), (0x0202, 4, 1, struct.pack(">I", len(thumb)))], 0)
    tiff = b"MM\x00*" + struct.pack(">I", 8) + ifd0 + gps + ifd1
    assert len(tiff) == make_at
    return b"Exif\x00\x00" + tiff + make + LATITUDE + thumb


def icc_profile(swap: bool = False, name: bytes = SECRET + b"-ICC") -> bytes:
    """A minimal RGB matrix/TRC ICC v2 profile with sRGB's primaries, red and green swapped if `swap`."""
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    if swap:
        red, green = green, red

    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ \x00\x00\x00\x00" + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    desc = b"desc\x00\x00\x00\x00" + struct.pack(">I", len(name) + 1) + name + b"\x00" + bytes(12) + bytes(67)
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, 563) + b"\x00\x00"
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)),
            (b"bXYZ", xyz(blue)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text\x00\x00\x00\x00" + SECRET + b"-COPYRIGHT\x00")]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body = body + b"\x00" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ " + bytes(12) + b"acsp"
              + bytes(28) + struct.pack(">iii", 63190, 65536, 54061) + bytes(48))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def with_app13(jpeg: bytes) -> bytes:
    """`jpeg` with an IPTC (Photoshop APP13) block after its SOI marker."""
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET) + 7) + SECRET + b"-IPTC"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>' + SECRET + b"-XMP</rdf:Description></rdf:RDF></x:xmpmeta>"


def phone_jpeg() -> bytes:
    """A JPEG carrying every kind of metadata a phone or an editor leaves in it, and bytes after the end."""
    jpeg = encoded(halves(), "JPEG", quality=90, exif=tiff_exif(), icc_profile=icc_profile(),
                   comment=SECRET + b"-COMMENT", xmp=XMP)
    return with_app13(jpeg) + SECRET + b"-TRAILING"


def tagged_png() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", (SECRET + b"-TEXT").decode())
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return encoded(halves(), "PNG", pnginfo=info, icc_profile=icc_profile(), exif=tiff_exif()[6:]) + SECRET + b"-TRAILING"


def tagged_webp() -> bytes:
    return encoded(halves(), "WEBP", quality=90, icc_profile=icc_profile(), exif=tiff_exif(), xmp=XMP)


def tagged_heic() -> bytes:
    return encoded(halves(), "HEIF", quality=90, exif=tiff_exif(), xmp=XMP, icc_profile=icc_profile())


def outputs(tmp_path: Path, data: bytes, purpose: Purpose = Purpose.GALLERY, name: str = "photo.jpg") -> list[bytes]:
    source = tmp_path / name
    source.write_bytes(data)
    cache = tmp_path / "cache"
    processed = process(source, cache, purpose, None)
    return [(cache / v.file).read_bytes() for v in processed.variants]


# --- recognising the format ---------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [
    (encoded(Image.new("RGB", (8, 8)), "JPEG"), "jpeg"),
    (encoded(Image.new("RGB", (8, 8)), "PNG"), "png"),
    (encoded(Image.new("RGB", (8, 8)), "WEBP"), "webp"),
    (encoded(Image.new("RGB", (64, 64)), "HEIF"), "heif"),
])
def test_sniff_accepts_by_content(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(("data", "found"), [
    (encoded(Image.new("P", (8, 8)), "GIF"), "a GIF image"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "an SVG drawing"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    (b"<!DOCTYPE html>\n<html><body><img src=x onerror=alert(1)></body></html>", "an HTML page"),
    (b"\xef\xbb\xbf<html lang=zh><head><title>x</title>", "an HTML page"),
    (encoded(Image.new("RGB", (8, 8)), "BMP"), "a BMP image"),
    (b"just some text", "unrecognised data"),
])
def test_sniff_refuses_everything_else_naming_what_it_is(data: bytes, found: str) -> None:
    with pytest.raises(PhotoError) as err:
        sniff(data)
    assert err.value.key == "photo-format"
    assert err.value.params["found_en"] == found


def test_empty_file_is_refused_as_empty() -> None:
    with pytest.raises(PhotoError) as err:
        sniff(b"")
    assert err.value.key == "photo-empty"


def test_html_renamed_jpg_is_refused_by_process(tmp_path: Path) -> None:
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, b"<html><body>not a photo</body></html>", name="night.jpg")
    assert (err.value.key, err.value.params["found_zh"]) == ("photo-format", "HTML 网页")


def test_file_name_does_not_matter(tmp_path: Path) -> None:
    png = encoded(halves(), "PNG")
    assert len(outputs(tmp_path, png, name="looks-like.jpg")) == 4  # 480 and 600 wide, WebP and JPEG


# --- safety --------------------------------------------------------------------------


def test_decompression_bomb_is_an_error(tmp_path: Path) -> None:
    bomb = encoded(Image.new("1", (9000, 8000)), "PNG")
    assert len(bomb) < 100_000
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, bomb)
    assert err.value.key == "photo-too-many-pixels"
    assert err.value.params["pixels"] == "9000×8000"


def test_bomb_beyond_pillows_own_limit_is_the_same_error(tmp_path: Path) -> None:
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, encoded(Image.new("1", (12000, 12000)), "PNG"))
    assert (err.value.key, err.value.params["pixels"]) == ("photo-too-many-pixels", "144,000,000")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_truncated_file_is_refused(tmp_path: Path, fmt: str) -> None:
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    data = encoded(noisy, fmt)
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, data[: len(data) * 2 // 3])
    assert err.value.key == "photo-truncated"


@pytest.mark.parametrize("make", [phone_jpeg, tagged_png, tagged_webp, tagged_heic],
                         ids=["jpeg", "png", "webp", "heic"])
@pytest.mark.parametrize("purpose", list(Purpose))
def test_no_metadata_survives(tmp_path: Path, make, purpose: Purpose) -> None:  # type: ignore[no-untyped-def]
    data = make()
    assert SECRET in data
    for out in outputs(tmp_path, data, purpose):
        for planted in (SECRET, LATITUDE, b"Exif", b"http://ns.adobe.com", b"xmpmeta", b"Photoshop", b"8BIM",
                        b"acsp", b"ICC_PROFILE", b"ICCP", b"XMP "):
            assert planted not in out, planted
        with Image.open(io.BytesIO(out)) as image:
            assert not image.getexif()
            assert not set(image.info) & {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"}
            assert getattr(image, "n_frames", 1) == 1


def test_derivatives_hold_no_metadata_block(tmp_path: Path) -> None:
    for out in outputs(tmp_path, phone_jpeg()):
        assert photos.metadata_blocks(out) == []


@pytest.mark.parametrize(("data", "found"), [
    (encoded(halves(), "JPEG", comment=b"x"), ["JPEG segment FFFE"]),
    (encoded(halves(), "JPEG", exif=tiff_exif()), ["JPEG segment FFE1"]),
    (encoded(halves(), "JPEG", icc_profile=icc_profile()), ["JPEG segment FFE2"]),
    (encoded(halves(), "JPEG") + b"tail", ["bytes after the JPEG's end"]),
    (encoded(halves(), "WEBP", exif=tiff_exif()), ["WebP chunk EXIF"]),
    (encoded(halves(), "WEBP", xmp=XMP), ["WebP chunk XMP"]),
    (encoded(halves(), "WEBP", icc_profile=icc_profile()), ["WebP chunk ICCP"]),
    (encoded(halves(), "WEBP") + b"tail", ["bytes after the WebP's end"]),
    (encoded(halves(), "PNG"), ["not a JPEG or WebP file"]),
])
def test_metadata_blocks_are_found(data: bytes, found: list[str]) -> None:
    assert photos.metadata_blocks(data) == found


def test_an_encoder_that_writes_metadata_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    save = Image.Image.save

    def leaky(self: Image.Image, fp: object, fmt: str, **kw: object) -> None:
        save(self, fp, fmt, quality=80, comment=b"leak") if fmt == "JPEG" else save(self, fp, fmt, **kw)

    monkeypatch.setattr(Image.Image, "save", leaky)
    with pytest.raises(RuntimeError, match="FFFE"):
        photos.encode(halves(), "JPEG")


def test_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show rotated 90° clockwise
    data = encoded(halves(), "JPEG", quality=95, exif=exif.tobytes())
    out = outputs(tmp_path, data)[-1]
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == (400, 600)
        top, bottom = image.getpixel((200, 50)), image.getpixel((200, 550))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_colour_profile_is_applied_then_dropped(tmp_path: Path) -> None:
    red_in_swapped_space = Image.new("RGB", (300, 200), (220, 20, 20))
    data = encoded(red_in_swapped_space, "PNG", icc_profile=icc_profile(swap=True))
    for out in outputs(tmp_path, data):
        with Image.open(io.BytesIO(out)) as image:
            assert "icc_profile" not in image.info
            r, g, b = image.convert("RGB").getpixel((150, 100))
        assert g > 150 and r < 80, (r, g, b)


def test_srgb_profile_keeps_colours(tmp_path: Path) -> None:
    data = encoded(Image.new("RGB", (300, 200), (220, 20, 20)), "PNG", icc_profile=icc_profile())
    with Image.open(io.BytesIO(outputs(tmp_path, data)[-1])) as image:
        r, g, b = image.convert("RGB").getpixel((150, 100))
    assert r > 200 and g < 45 and b < 45


def test_unusable_profile_is_ignored(tmp_path: Path) -> None:
    data = encoded(Image.new("RGB", (300, 200), (220, 20, 20)), "PNG", icc_profile=b"not a profile at all" * 8)
    assert len(outputs(tmp_path, data)) == 2


def test_only_the_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (300, 200), (230, 10, 10)), Image.new("RGB", (300, 200), (10, 10, 230))]
    data = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with Image.open(io.BytesIO(data)) as source:
        assert source.n_frames == 2
    for out in outputs(tmp_path, data):
        with Image.open(io.BytesIO(out)) as image:
            assert getattr(image, "n_frames", 1) == 1
            assert image.convert("RGB").getpixel((10, 10))[0] > 200


def test_transparency_is_flattened_onto_white(tmp_path: Path) -> None:
    data = encoded(Image.new("RGBA", (300, 200), (0, 0, 0, 0)), "PNG")
    with Image.open(io.BytesIO(outputs(tmp_path, data)[-1])) as image:
        assert image.mode == "RGB"
        assert min(image.getpixel((5, 5))) > 245


def test_heic_from_a_phone_is_accepted(tmp_path: Path) -> None:
    data = encoded(halves((1200, 900)), "HEIF", quality=80)
    assert data[4:12] == b"ftypheic"
    sizes = {Image.open(io.BytesIO(out)).size for out in outputs(tmp_path, data)}
    assert sizes == {(480, 360), (960, 720), (1200, 900)}


def test_grey_and_cmyk_become_rgb(tmp_path: Path) -> None:
    for image in (Image.new("L", (300, 200), 128), Image.new("CMYK", (300, 200), (0, 255, 255, 0))):
        with Image.open(io.BytesIO(outputs(tmp_path, encoded(image, "JPEG"), name=f"{image.mode}.jpg")[-1])) as out:
            assert out.mode == "RGB"


# --- sizes and names ------------------------------------------------------------------


@pytest.mark.parametrize(("size", "target", "expected"), [
    ((4000, 3000), 960, (960, 720)),
    ((4000, 3000), 4000, (4000, 3000)),
    ((300, 200), 480, (300, 200)),
    ((1000, 3), 480, (480, 1)),
    ((1080, 20000), 1600, (885, MAX_EDGE)),
    ((1080, 20000), 480, (480, 8889)),
    ((1000, 64000), 1600, (256, MAX_EDGE)),
    ((64000, 1000), 1600, (1600, 25)),
])
def test_fit_width_never_upscales_nor_exceeds_the_edge(size: tuple[int, int], target: int,
                                                       expected: tuple[int, int]) -> None:
    assert fit_width(*size, target) == expected


@pytest.mark.parametrize(("size", "box", "expected"), [
    ((4000, 3000), (1200, 630), (840, 630)),
    ((100, 50), (1200, 630), (100, 50)),
    ((1080, 20000), (1200, 630), (34, 630)),
    ((20000, 10), (1200, 630), (1200, 1)),
])
def test_fit_keeps_the_shape_inside_the_box(size: tuple[int, int], box: tuple[int, int],
                                            expected: tuple[int, int]) -> None:
    assert fit(*size, box) == expected


@pytest.mark.parametrize(("size", "purpose", "expected"), [
    ((4000, 3000), Purpose.GALLERY, [(480, 360), (960, 720), (1600, 1200)]),
    ((1200, 900), Purpose.GALLERY, [(480, 360), (960, 720), (1200, 900)]),
    ((300, 200), Purpose.GALLERY, [(300, 200)]),
    ((1080, 20000), Purpose.GALLERY, [(480, 8889), (885, MAX_EDGE)]),
    ((500, 40000), Purpose.GALLERY, [(205, MAX_EDGE)]),
    ((800, 1000), Purpose.PORTRAIT, [(240, 300), (480, 600)]),
    ((200, 250), Purpose.PORTRAIT, [(200, 250)]),
    ((800, 420), Purpose.SHARE, [(800, 420)]),
])
def test_sizes(size: tuple[int, int], purpose: Purpose, expected: list[tuple[int, int]]) -> None:
    assert sizes_for(*size, purpose) == expected


@pytest.mark.parametrize(("size", "purpose", "key"), [
    ((4000, 3000), None, None),
    ((1080, 20000), Purpose.GALLERY, None),
    ((1080, 20000), Purpose.SHARE, None),
    ((1080, 20000), Purpose.PORTRAIT, "photo-portrait-shape"),
    ((3000, 1000), Purpose.PORTRAIT, None),
    ((3001, 1000), Purpose.PORTRAIT, "photo-portrait-shape"),
    ((1, 500), Purpose.PORTRAIT, "photo-too-thin"),
    ((1, 500), Purpose.GALLERY, "photo-too-thin"),
    ((10000, 1), Purpose.PORTRAIT, "photo-too-thin"),
    ((10000, 1), Purpose.SHARE, "photo-too-thin"),
    ((31, 4000), None, "photo-too-thin"),
    ((32, 32), Purpose.PORTRAIT, None),
    ((8000, 8000), None, None),
    ((8001, 8000), None, "photo-too-many-pixels"),
    ((40000, 40000), Purpose.PORTRAIT, "photo-too-many-pixels"),
])
def test_refusal_by_size_alone(size: tuple[int, int], purpose: Purpose | None, key: str | None) -> None:
    refused = refusal(*size, purpose)
    assert (refused.key if refused else None) == key


@pytest.mark.parametrize(("size", "focus", "layout"), [
    ((4000, 3000), None, ShareLayout((0, 450, 4000, 2550), (1200, 630), (1200, 630), (0, 0))),
    ((800, 600), None, ShareLayout((0, 90, 800, 510), (800, 420), (800, 420), (0, 0))),
    ((400, 500), None, ShareLayout((0, 0, 400, 500), (400, 500), (953, 500), (276, 0))),
    ((1080, 20000), None, ShareLayout((0, 0, 1080, 20000), (34, 630), (1200, 630), (583, 0))),
    ((1000, 1001), None, ShareLayout((0, 0, 1000, 1001), (629, 630), (1200, 630), (285, 0))),
    ((20000, 1080), (0.0, 0.5), ShareLayout((0, 0, 2057, 1080), (1200, 630), (1200, 630), (0, 0))),
])
def test_share_layout_is_never_larger_than_1200_by_630(size: tuple[int, int], focus: tuple[float, float] | None,
                                                       layout: ShareLayout) -> None:
    found = share_layout(*size, focus)
    assert found == layout
    assert found.frame[0] <= 1200 and found.frame[1] <= 630


@pytest.mark.parametrize(("size", "target", "ratio", "factor"), [
    ((8000, 6000), 1600, None, 5),
    ((8000, 6000), 480, (4, 5), 10),
    ((1080, 20000), 1600, None, 1),
    ((3000, 2000), 1200, (1200, 630), 2),
])
def test_reduction_keeps_the_widest_derivative(size: tuple[int, int], target: int, ratio: tuple[int, int] | None,
                                               factor: int) -> None:
    assert reduction(size, target, ratio) == factor


@pytest.mark.parametrize(("size", "ratio", "focus", "box"), [
    ((800, 1000), (4, 5), None, (0, 0, 800, 1000)),
    ((1000, 1000), (4, 5), None, (100, 0, 900, 1000)),
    ((1000, 1000), (4, 5), (0.0, 0.5), (0, 0, 800, 1000)),
    ((1000, 1000), (4, 5), (1.0, 0.5), (200, 0, 1000, 1000)),
    ((800, 2000), (4, 5), (0.5, 0.2), (0, 0, 800, 1000)),
    ((800, 2000), (4, 5), (0.5, 0.6), (0, 700, 800, 1700)),
    ((800, 1000), (1200, 630), None, (0, 290, 800, 710)),
])
def test_crop_box(size: tuple[int, int], ratio: tuple[int, int], focus: tuple[float, float] | None,
                  box: tuple[int, int, int, int]) -> None:
    assert crop_box(*size, ratio, focus) == box


@pytest.mark.parametrize(("stored", "orientation", "target", "ratio", "size"), [
    ((4000, 3000), 1, 1600, None, (1600, 1)),
    ((3000, 4000), 6, 1600, None, (1, 1600)),
    ((4000, 3000), 1, 480, (4, 5), (800, 1)),
    ((4000, 3000), 1, 1200, (1200, 630), (1200, 1)),
])
def test_draft_size_covers_the_widest_derivative(stored: tuple[int, int], orientation: int, target: int,
                                                 ratio: tuple[int, int] | None, size: tuple[int, int]) -> None:
    assert draft_size(stored, orientation, target, ratio) == size


def test_reduced_jpeg_decoding_still_refuses_a_truncated_file(tmp_path: Path) -> None:
    big = encoded(Image.effect_noise((3400, 1200), 40).convert("RGB"), "JPEG", quality=80)
    assert {Image.open(io.BytesIO(o)).size for o in outputs(tmp_path, big)} == {(480, 169), (960, 339), (1600, 565)}
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, big[: len(big) // 2], name="half.jpg")
    assert err.value.key == "photo-truncated"


def phone_sized(fmt: str) -> bytes:
    """A 4032×3024 photo as a phone stores it, shot upside down (Orientation 3), with GPS, a maker and a colour
    profile that swaps red and green; red on the left as stored, so on the right (and green) when shown."""
    exif = Image.Exif()
    exif[0x010F] = (SECRET + b"-MAKE").decode()
    exif[0x0112] = 3
    exif.get_ifd(0x8825).update({1: "N", 2: (23.0, 7.0, 45.67), 3: "E", 4: (113.0, 19.0, 58.1)})
    return encoded(halves((4032, 3024)), fmt, quality=90, exif=exif.tobytes(), icc_profile=icc_profile(swap=True))


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF"], ids=["jpeg-drafted", "heic-reduced"])
def test_a_phone_photo_is_resized_from_a_smaller_intermediate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              fmt: str) -> None:
    """A JPEG is decoded at half size (its DCT scale), a HEIC reduced by 2 after decoding; every derivative is
    then made from that intermediate, largest first, a width half the one before by box averaging, and is still
    the right size, upright, sRGB and clean."""
    resized: list[tuple[str, tuple[int, int]]] = []
    resize, reduce = Image.Image.resize, Image.Image.reduce

    def spy_resize(self: Image.Image, size: tuple[int, int], *args: object, **kw: object) -> Image.Image:
        resized.append(("resize", self.size))
        return resize(self, size, *args, **kw)  # type: ignore[arg-type]

    def spy_reduce(self: Image.Image, factor: int, *args: object) -> Image.Image:
        if self.size != (4032, 3024):  # a HEIC's reduction by 2 right after decoding is the intermediate
            resized.append((f"reduce {factor}", self.size))
        return reduce(self, factor, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "resize", spy_resize)
    monkeypatch.setattr(Image.Image, "reduce", spy_reduce)
    data = phone_sized(fmt)
    assert SECRET in data
    out = outputs(tmp_path, data)
    # the intermediate, then each from the one before
    assert resized == [("resize", (2016, 1512)), ("resize", (1600, 1200)), ("reduce 2", (960, 720))]
    sizes = []
    for derivative in out:
        assert SECRET not in derivative and photos.metadata_blocks(derivative) == []
        with Image.open(io.BytesIO(derivative)) as image:
            assert not image.getexif() and "icc_profile" not in image.info
            sizes.append(image.size)
            rgb = image.convert("RGB")
            left, right = rgb.getpixel((image.width // 10, image.height // 2)), \
                rgb.getpixel((image.width * 9 // 10, image.height // 2))
        assert left[2] > 150 > left[1] and right[1] > 150 > right[0], (left, right)  # turned; red shown as green
    assert sorted(set(sizes)) == [(480, 360), (960, 720), (1600, 1200)]


@pytest.mark.parametrize(("size", "to", "way"), [
    ((960, 720), (480, 360), "reduce"),
    ((961, 720), (480, 360), "resize"),  # not exactly half: resized
    ((960, 721), (480, 360), "resize"),
    ((1200, 900), (960, 720), "resize"),
    ((480, 600), (240, 300), "reduce"),
    ((300, 200), (300, 200), "itself"),
])
def test_each_smaller_width_is_resized_or_halved(size: tuple[int, int], to: tuple[int, int], way: str) -> None:
    image = halves(size)
    made = photos.smaller(image, to)
    assert made.size == to
    if way == "itself":
        assert made is image
    elif way == "reduce":
        assert made.tobytes() == image.reduce(2).tobytes()
    else:
        assert made.tobytes() == image.resize(to, photos.RESAMPLE).tobytes()


def test_only_the_photo_a_reader_opens_is_a_progressive_jpeg(tmp_path: Path) -> None:
    """A gallery photo's widest JPEG is behind its link and opened by itself: progressive; every other JPEG (the
    narrower fallbacks, portraits, share images) baseline."""
    source = tmp_path / "p.jpg"
    source.write_bytes(encoded(halves((2000, 1500)), "JPEG"))
    cache = tmp_path / "cache"
    frames = {}
    for purpose in Purpose:
        for v in process(source, cache, purpose).of("image/jpeg"):
            data = (cache / v.file).read_bytes()
            frames[(purpose, v.width)] = "progressive" if b"\xff\xc2" in data[:data.index(b"\xff\xda")] else "baseline"
    assert frames == {(Purpose.GALLERY, 480): "baseline", (Purpose.GALLERY, 960): "baseline",
                      (Purpose.GALLERY, 1600): "progressive", (Purpose.PORTRAIT, 240): "baseline",
                      (Purpose.PORTRAIT, 480): "baseline", (Purpose.SHARE, 1200): "baseline"}


def test_portrait_crop_follows_the_focal_point(tmp_path: Path) -> None:
    source = tmp_path / "p.png"
    source.write_bytes(encoded(halves((1000, 500)), "PNG"))
    left = process(source, tmp_path / "cache", Purpose.PORTRAIT, (0.0, 0.5))
    right = process(source, tmp_path / "cache", Purpose.PORTRAIT, (1.0, 0.5))
    assert left.largest().file != right.largest().file
    assert (left.largest().width, left.largest().height) == (400, 500)
    with Image.open(tmp_path / "cache" / left.largest().file) as a, Image.open(tmp_path / "cache" / right.largest().file) as b:
        assert a.getpixel((200, 250))[0] > 150 and b.getpixel((200, 250))[2] > 150


def test_share_image_is_1200_by_630(tmp_path: Path) -> None:
    source = tmp_path / "s.jpg"
    source.write_bytes(encoded(halves((4000, 3000)), "JPEG"))
    share = process(source, tmp_path / "cache", Purpose.SHARE)
    assert [(v.width, v.height, v.mime) for v in share.variants] == [(1200, 630, "image/jpeg")]


def test_share_image_of_a_portrait_shows_it_whole(tmp_path: Path) -> None:
    portrait = Image.new("RGB", (400, 500), (200, 220, 240))
    portrait.paste((20, 20, 20), (150, 0, 250, 40))  # the hair, at the very top
    source = tmp_path / "portrait.png"
    source.write_bytes(encoded(portrait, "PNG"))
    share = process(source, tmp_path / "cache", Purpose.SHARE, (0.5, 0.5))
    [variant] = share.variants
    assert (variant.width, variant.height) == (953, 500)
    with Image.open(tmp_path / "cache" / variant.file) as image:
        assert max(image.getpixel((476, 10))) < 60  # the hair is there
        assert all(abs(a - b) < 8 for a, b in zip(image.getpixel((20, 250)), (200, 220, 240), strict=True))  # the band matches


def test_names_carry_content_hash_and_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = encoded(halves(), "PNG")
    digest = photos.content_hash(data)
    key = photos.cache_key(digest, Purpose.GALLERY, None)
    assert key.startswith(digest[:16])
    assert key == photos.cache_key(digest, Purpose.GALLERY, None)
    assert key != photos.cache_key(digest, Purpose.PORTRAIT, None)
    assert key != photos.cache_key(digest, Purpose.GALLERY, (0.5, 0.3))
    monkeypatch.setattr(Image, "__version__", "0.0.0-other")
    assert key != photos.cache_key(digest, Purpose.GALLERY, None)
    monkeypatch.undo()
    monkeypatch.setattr(pillow_heif, "__version__", "0.0.0-other")
    assert key != photos.cache_key(digest, Purpose.GALLERY, None)
    monkeypatch.undo()
    monkeypatch.setattr(photos, "WEBP_METHOD", photos.WEBP_METHOD + 1)
    assert key != photos.cache_key(digest, Purpose.GALLERY, None)


def test_output_is_deterministic(tmp_path: Path) -> None:
    data = phone_jpeg()
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
    assert outputs(tmp_path / "a", data) == outputs(tmp_path / "b", data)
    assert sorted(p.name for p in (tmp_path / "a" / "cache").iterdir()) == sorted(
        p.name for p in (tmp_path / "b" / "cache").iterdir())


def test_cache_hit_does_no_image_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs(tmp_path, phone_jpeg())

    def forbidden(data: bytes) -> Image.Image:
        raise AssertionError("decoded on a warm cache")

    monkeypatch.setattr(photos, "decode", forbidden)
    assert len(outputs(tmp_path, phone_jpeg())) == 4


def test_missing_derivative_is_made_again(tmp_path: Path) -> None:
    outputs(tmp_path, phone_jpeg())
    victim = next((tmp_path / "cache").glob("*-480.webp"))
    victim.unlink()
    outputs(tmp_path, phone_jpeg())
    assert victim.exists()


def test_photo_error_survives_a_process_boundary() -> None:
    err = pickle.loads(pickle.dumps(PhotoError("photo-format", found_zh="GIF 图片", found_en="a GIF image")))
    assert (err.key, err.params) == ("photo-format", {"found_zh": "GIF 图片", "found_en": "a GIF image"})



# --- any shape, any damage: bounded, refused with a reason -----------------------------------------


def _noise(fmt: str, size: tuple[int, int] = (200, 150)) -> bytes:
    return encoded(Image.effect_noise(size, 50).convert("RGB"), fmt)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


@pytest.mark.parametrize(("kind", "data", "key"), [
    ("jpeg", _noise("JPEG"), None),
    ("jpeg", phone_jpeg(), None),
    ("jpeg", _noise("JPEG")[:-400], "photo-truncated"),
    ("jpeg", _noise("JPEG")[:300], "photo-truncated"),
    ("png", _noise("PNG"), None),
    ("png", tagged_png(), None),
    ("png", _noise("PNG")[:-20], "photo-truncated"),
    ("png", _flip(_noise("PNG"), 200), "photo-corrupt"),
    ("png", b"\x89PNG\r\n\x1a\n" + _noise("JPEG"), "photo-corrupt"),
    ("webp", tagged_webp(), None),
    ("webp", _noise("WEBP")[:-100], "photo-truncated"),
    ("heif", tagged_heic(), None),
    ("heif", tagged_heic()[:-100], "photo-truncated"),
])
def test_structure_tells_truncated_and_damaged_files_without_decoding(kind: str, data: bytes, key: str | None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    found = structure_problem(data, kind)
    assert (found.key if found else None) == key


def _long_screenshot() -> bytes:
    shot = Image.new("1", (1080, 20000), 1)
    shot.paste(0, (40, 19000, 1040, 19100))  # a band near the bottom, which must survive the scaling
    return encoded(shot, "PNG", optimize=True)


def test_a_long_screenshot_publishes_scaled_to_webps_limit(tmp_path: Path) -> None:
    source = tmp_path / "shot.png"
    source.write_bytes(_long_screenshot())
    gallery = process(source, tmp_path / "cache", Purpose.GALLERY)
    assert [(v.width, v.height, v.mime) for v in gallery.variants] == [
        (480, 8889, "image/jpeg"), (480, 8889, "image/webp"), (885, MAX_EDGE, "image/jpeg"), (885, MAX_EDGE, "image/webp")]
    with Image.open(tmp_path / "cache" / gallery.largest("image/webp").file) as image:
        assert image.size == (885, MAX_EDGE) and image.convert("L").getpixel((442, round(19050 * MAX_EDGE / 20000))) < 80
    share = process(source, tmp_path / "cache", Purpose.SHARE)
    assert [(v.width, v.height) for v in share.variants] == [(1200, 630)]


@pytest.mark.parametrize(("size", "purpose", "key"), [
    ((1, 500), Purpose.PORTRAIT, "photo-too-thin"),
    ((10000, 1), Purpose.PORTRAIT, "photo-too-thin"),
    ((10000, 1), Purpose.GALLERY, "photo-too-thin"),
    ((1200, 300), Purpose.PORTRAIT, "photo-portrait-shape"),
])
def test_degenerate_images_are_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       size: tuple[int, int], purpose: Purpose, key: str) -> None:
    data = encoded(Image.new("1", size, 1), "PNG")
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, data, purpose)
    assert err.value.key == key


def test_one_decode_serves_every_purpose_as_separate_decodes_would(tmp_path: Path) -> None:
    """A story's first photo (gallery and share image) and a portrait (portrait and share image) are each decoded
    once; what is written is what decoding for each purpose alone writes, byte for byte."""
    for size, purposes in (((2000, 1500), (Purpose.GALLERY, Purpose.SHARE)),
                           ((900, 1200), (Purpose.PORTRAIT, Purpose.SHARE))):
        data = encoded(Image.effect_noise(size, 30).convert("RGB"), "JPEG", quality=90)
        decodes = []
        decode = photos.decode

        def counted(data: bytes, purposes: tuple[Purpose, ...]) -> Image.Image:
            decodes.append(purposes)
            return decode(data, purposes)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(photos, "decode", counted)
            together = photos.develop(data, tmp_path / "together", [Wanted(f"k{p.value}", p) for p in purposes])
        assert decodes == [list(purposes)]
        apart = [photos.develop(data, tmp_path / "apart", [Wanted(f"k{p.value}", p)])[0] for p in purposes]
        assert together == apart
        for made in together:
            for v in made.variants:
                assert (tmp_path / "together" / v.file).read_bytes() == (tmp_path / "apart" / v.file).read_bytes()


def test_a_photo_refused_for_one_purpose_is_refused_for_all_before_decoding(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = encoded(Image.new("RGB", (1200, 300)), "PNG")
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(PhotoError) as err:
        photos.develop(data, tmp_path, [Wanted("a", Purpose.PORTRAIT), Wanted("b", Purpose.SHARE)])
    assert err.value.key == "photo-portrait-shape"


def test_pillows_text_naming_the_stream_is_not_repeated(tmp_path: Path) -> None:
    box = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00\x00\x00\x10mdat" + bytes(8)
    with pytest.raises(PhotoError) as err:
        outputs(tmp_path, box)
    assert err.value.params == {"detail": "no decoder recognises it"}
