"""generator/photos/stage.py: which photos a build needs, the cache across builds, the pool, consent."""

from __future__ import annotations

import functools
import io
import json
import random
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import STORY, TODAY, base_tree, jpeg, record_notices, settings_for, write_tree
from PIL import Image

from generator.build import BuildResult, build
from generator.cli import main
from generator.content.load import load_tree
from generator.content.validate import Validated, settle, validate_tree
from generator.photos import derive as photos
from generator.photos import stage as photostage
from generator.photos.derive import Purpose, content_hash
from generator.photos.stage import Progress, make_photos, photo_jobs
from generator.scheduler import Scheduler

FOLDER = "stories/2022/grid-night"

HELD_PHOTOS = """\
  - file: crowd.jpg
    caption: 居民排队登记（示意图）
    credit: 天河区民政局
    people: true
  - file: kids.jpg
    caption: 社区儿童（示意图）
    credit: 天河区民政局
    people: true
    consent: {by: 王芳, date: 2022-04-01, scope: 网站宣传, expires: 2023-04-01, minor: true, guardian: 王芳}
  - file: street.jpg
    caption: 街景（示意图）
    credit: 天河区民政局
---
那天夜里，网格员逐户敲门。

![排队](crowd.jpg)
"""


def story_with_held_photos() -> str:
    """The base story with two more photos held back (no consent; expired consent) and one shown."""
    return STORY.replace("---\n那天夜里，网格员逐户敲门。\n", HELD_PHOTOS)


def noisy_jpeg(seed: int, size: tuple[int, int] = (1000, 750)) -> bytes:
    """A deterministic, photo-like JPEG: a different picture for every seed."""
    small = Image.frombytes("RGB", (size[0] // 10, size[1] // 10), random.Random(seed).randbytes(size[0] * size[1] * 3 // 100))
    out = io.BytesIO()
    small.resize(size, Image.Resampling.BILINEAR).save(out, "JPEG", quality=85)
    return out.getvalue()


def held_files() -> dict[str, str | bytes]:
    return {
        f"{FOLDER}/index.zh.md": story_with_held_photos(),
        f"{FOLDER}/night.jpg": noisy_jpeg(1),
        f"{FOLDER}/crowd.jpg": noisy_jpeg(2),
        f"{FOLDER}/kids.jpg": noisy_jpeg(3),
        f"{FOLDER}/street.jpg": noisy_jpeg(4),
    }


@pytest.fixture
def held_tree(tree: Callable[..., Path]) -> Path:
    return tree(held_files())


@pytest.fixture(scope="module")
def held_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The base tree with the held photos, built once for this module: (content root, first build)."""
    root = record_notices(write_tree(tmp_path_factory.mktemp("held") / "root", {**base_tree(), **held_files()}))
    return root, build(settings_for(root))


def validated(root: Path) -> Validated:
    return validate_tree(load_tree(root), today=TODAY)


def mtimes(folder: Path) -> dict[str, int]:
    """Times of the derivatives and their indexes (not the memo of hashes)."""
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != photostage.HASHES}


# --- jobs -----------------------------------------------------------------------------


def test_jobs_of_the_base_tree(tree: Callable[..., Path]) -> None:
    jobs = photo_jobs(validated(tree()))
    assert [(j.path, j.purpose) for j in jobs] == [
        ("content/workers/chen-xiaoli/portrait.jpg", Purpose.PORTRAIT),
        ("content/workers/chen-xiaoli/portrait.jpg", Purpose.SHARE),
        (f"{FOLDER}/night.jpg", Purpose.GALLERY),
        (f"{FOLDER}/night.jpg", Purpose.SHARE),
    ]


def test_portrait_focus_reaches_the_job(tree: Callable[..., Path]) -> None:
    from conftest import WORKER

    root = tree({"content/workers/chen-xiaoli/index.zh.md": WORKER.replace("portrait: portrait.jpg",
                                                                          "portrait: portrait.jpg\nportrait_focus: [0.5, 0.3]")})
    focus = {j.purpose: j.focus for j in photo_jobs(validated(root)) if "chen-xiaoli" in j.path}
    assert focus == {Purpose.PORTRAIT: (0.5, 0.3), Purpose.SHARE: (0.5, 0.3)}


def test_held_photos_get_no_job_even_when_the_text_shows_them(held_tree: Path) -> None:
    valid = validated(held_tree)
    paths = {j.path for j in photo_jobs(valid)}
    assert f"{FOLDER}/street.jpg" in paths
    assert f"{FOLDER}/crowd.jpg" not in paths
    assert f"{FOLDER}/kids.jpg" not in paths


# --- the cache across builds ------------------------------------------------------------------


def test_second_run_encodes_nothing_and_a_changed_photo_only_itself(held_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = make_photos(validated(held_tree), cache)
    assert (first.encoded, first.reused) == (5, 0)  # night (gallery, share), street, portrait (portrait, share)
    before = mtimes(cache)

    second = make_photos(validated(held_tree), cache)
    assert (second.encoded, second.reused) == (0, 5)
    assert mtimes(cache) == before
    assert second.processed == first.processed

    (held_tree / FOLDER / "street.jpg").write_bytes(noisy_jpeg(5))
    third = make_photos(validated(held_tree), cache)
    assert (third.encoded, third.reused) == (1, 4)
    changed = {name for name in mtimes(cache) if before.get(name) != mtimes(cache)[name]} - {photostage.DERIVATIVES}
    digest = content_hash(noisy_jpeg(5))[:16]
    assert changed and all(name.startswith(digest) for name in changed)


def test_a_warm_run_reads_the_memo_not_each_photos_list(held_tree: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo of derivatives (`DERIVATIVES`) stands for each key's `<key>.txt` while the files it names are in the
    cache; a damaged memo, or one naming a file that is gone, only costs reading them again."""
    cache = tmp_path / "cache"
    first = make_photos(validated(held_tree), cache)
    memo = cache / photostage.DERIVATIVES
    assert len(json.loads(memo.read_text(encoding="utf-8"))) == 5
    looked_up: list[str] = []
    monkeypatch.setattr(photostage, "lookup", lambda c, key, present: looked_up.append(key) or photos.lookup(
        c, key, present))
    assert make_photos(validated(held_tree), cache).processed == first.processed and looked_up == []

    remembered = json.loads(memo.read_text(encoding="utf-8"))
    damaged = dict(zip(remembered, [[["x", "1", 2, "image/webp"]], "text", [], [[1, 2, 3, 4]], None], strict=True))
    memo.write_text(json.dumps(damaged), encoding="utf-8")
    assert make_photos(validated(held_tree), cache).processed == first.processed
    assert sorted(looked_up) == sorted(remembered)
    assert json.loads(memo.read_text(encoding="utf-8")) == remembered  # written anew
    looked_up.clear()
    memo.write_text("{not json", encoding="utf-8")
    assert make_photos(validated(held_tree), cache).processed == first.processed and len(looked_up) == 5
    looked_up.clear()
    gone = next(iter(remembered))
    (cache / f"{gone}.txt").unlink()
    assert make_photos(validated(held_tree), cache).processed == first.processed and looked_up == [gone]


def test_identical_files_are_developed_once(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree({f"{FOLDER}/night.jpg": jpeg(400, 500), "content/workers/chen-xiaoli/portrait.jpg": jpeg(400, 500)})
    developed = make_photos(validated(root), tmp_path / "cache")
    assert developed.encoded == 3  # gallery; one share image for both; portrait
    assert len(developed.processed) == 4


def test_the_pool_makes_what_one_process_makes(held_tree: Path, tmp_path: Path) -> None:
    inline = make_photos(validated(held_tree), tmp_path / "a")
    with Scheduler(workers=2) as scheduler:
        pooled = make_photos(validated(held_tree), tmp_path / "b", scheduler=scheduler)
    assert pooled.processed == inline.processed
    assert {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir() if p.name != photostage.HASHES} == {
        p.name: p.read_bytes() for p in (tmp_path / "b").iterdir() if p.name != photostage.HASHES}


class _Recording(Scheduler):
    """A scheduler that remembers what it was asked to map."""

    def __init__(self) -> None:
        super().__init__(workers=2)
        self.mapped: list[object] = []

    def map(self, call, items):  # type: ignore[no-untyped-def]
        self.mapped += items
        return super().map(call, items)


def test_only_the_misses_go_to_the_scheduler_one_unit_per_source_the_longest_first(held_tree: Path,
                                                                                   tmp_path: Path) -> None:
    """A photo wanted for two purposes (a story's first photo, a portrait) is one unit: it is decoded once."""
    with _Recording() as scheduler:
        developed = make_photos(validated(held_tree), tmp_path / "cache", scheduler=scheduler)
    assert developed.encoded == 5 and len(list((tmp_path / "cache").glob("*.txt"))) == 5
    units = {source.name: [want.purpose for want in wanted] for source, wanted in scheduler.mapped}  # type: ignore[attr-defined]
    assert units == {"night.jpg": [Purpose.GALLERY, Purpose.SHARE], "street.jpg": [Purpose.GALLERY],
                     "portrait.jpg": [Purpose.PORTRAIT, Purpose.SHARE]}
    galleries = [Purpose.GALLERY in wanted for _, wanted in scheduler.mapped]  # type: ignore[attr-defined]
    assert galleries == sorted(galleries, reverse=True)
    with _Recording() as scheduler:
        assert make_photos(validated(held_tree), tmp_path / "cache", scheduler=scheduler).encoded == 0
    assert scheduler.mapped == []


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "HEIF"])
def test_any_accepted_format_under_any_name(tree: Callable[..., Path], tmp_path: Path, fmt: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(out, fmt)
    valid = validated(tree({f"{FOLDER}/night.jpg": out.getvalue()}))
    developed = make_photos(valid, tmp_path / "cache")
    assert not [p for p in valid.problems if p.path.endswith("night.jpg")]
    assert developed.processed[(f"{FOLDER}/night.jpg", Purpose.GALLERY)].largest().width == 640


def test_unchanged_photos_are_not_even_read_again(held_tree: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photostage, "SETTLED_NS", 0)
    cache = tmp_path / "cache"
    make_photos(validated(held_tree), cache)
    assert (cache / photostage.HASHES).exists()

    def unread(data: bytes) -> str:
        raise AssertionError("an unchanged photo was read and hashed again")

    with monkeypatch.context() as patch:
        patch.setattr(photostage, "content_hash", unread)
        assert make_photos(validated(held_tree), cache).encoded == 0
    street = held_tree / FOLDER / "street.jpg"
    street.write_bytes(street.read_bytes())  # same bytes, new times: hashed again, nothing re-encoded
    assert make_photos(validated(held_tree), cache).encoded == 0


def test_freshly_written_files_are_not_memoised(held_tree: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photostage, "SETTLED_NS", 10**18)  # every file counts as just written
    make_photos(validated(held_tree), tmp_path / "cache")
    assert not (tmp_path / "cache" / photostage.HASHES).exists()


def test_oversized_file_is_refused_unread(tree: Callable[..., Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photostage, "MAX_PHOTO_BYTES", 1000)
    valid = validated(tree())
    make_photos(valid, tmp_path / "cache")
    found = {(p.path, p.key) for p in valid.problems}
    assert (f"{FOLDER}/night.jpg", "file-too-large") in found


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "key"), [
    (b"<html><body>not a photo</body></html>", "photo-format"),
    (b"", "photo-empty"),
    (jpeg(800, 600)[:700], "photo-truncated"),
])
def test_a_photo_that_cannot_be_published_refuses_its_story(tree: Callable[..., Path], tmp_path: Path,
                                                            data: bytes, key: str) -> None:
    valid = validated(tree({f"{FOLDER}/night.jpg": data}))
    make_photos(valid, tmp_path / "cache")
    found = [p for p in valid.problems if p.path == f"{FOLDER}/night.jpg"]
    assert [p.key for p in found] == [key]
    assert found[0].format("zh").startswith(f"{FOLDER}/night.jpg: ")
    settle(valid)
    assert FOLDER in {e.folder for e in valid.refused}


@pytest.mark.parametrize(("data", "key"), [
    (b"<!DOCTYPE html><html><body>not a photo</body></html>", "photo-format"),
    (b"", "photo-empty"),
    (b"GIF89a" + bytes(40), "photo-format"),
])
def test_check_finds_photos_that_cannot_be_published(tree: Callable[..., Path], data: bytes, key: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = tree({f"{FOLDER}/night.jpg": data})
    assert main(["check", str(root), "--today", TODAY.isoformat()]) == 1
    assert f"{FOLDER}/night.jpg: " in capsys.readouterr().out
    assert [p.key for p in photostage.check_photos(validated(root))] == [key]


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(("path", "data", "key"), [
    (f"{FOLDER}/night.jpg", jpeg(800, 600)[:-300], "photo-truncated"),
    (f"{FOLDER}/night.jpg", _png((300, 200))[:-30], "photo-truncated"),
    (f"{FOLDER}/night.jpg", _png((300, 200))[:60] + b"X" + _png((300, 200))[61:], "photo-corrupt"),
    (f"{FOLDER}/night.jpg", _png((10000, 1)), "photo-too-thin"),
    ("content/workers/chen-xiaoli/portrait.jpg", _png((1, 500)), "photo-too-thin"),
    ("content/workers/chen-xiaoli/portrait.jpg", _png((1200, 300)), "photo-portrait-shape"),
])
def test_check_finds_damaged_and_degenerate_photos_without_decoding(tree: Callable[..., Path], path: str, data: bytes,
                                                                   key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    valid = validated(tree({path: data}))
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("check decoded a photo"))
    assert [(p.path, p.key) for p in photostage.check_photos(valid)] == [(path, key)]


def test_a_long_screenshot_passes_check(tree: Callable[..., Path]) -> None:
    assert photostage.check_photos(validated(tree({f"{FOLDER}/night.jpg": _png((1080, 20000))}))) == []


def test_any_failure_of_one_photo_is_that_photos_problem(tree: Callable[..., Path], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, *args: object) -> None:
        raise ValueError("encoding error 5: Image size exceeds WebP limit of 16383 pixels")

    monkeypatch.setattr(photostage, "develop", broken)
    valid = validated(tree())
    make_photos(valid, tmp_path / "cache")
    found = sorted((p.path, p.key, p.format("en")) for p in valid.problems if p.key == "photo-failed")
    assert [(path, key) for path, key, _ in found] == [
        ("content/workers/chen-xiaoli/portrait.jpg", "photo-failed"), (f"{FOLDER}/night.jpg", "photo-failed")]
    assert "(ValueError: encoding error 5: Image size exceeds WebP limit of 16383 pixels)" in found[1][2]
    settle(valid)
    assert {e.folder for e in valid.refused} >= {FOLDER, "content/workers/chen-xiaoli"}


def test_an_encoder_writing_metadata_still_stops_the_build(tree: Callable[..., Path], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def leaky(data: bytes, *args: object) -> None:
        raise photos.MetadataWritten("the encoder wrote metadata (JPEG segment FFFE) into a derivative")

    monkeypatch.setattr(photostage, "develop", leaky)
    with pytest.raises(photos.MetadataWritten), Scheduler(workers=2) as scheduler:
        make_photos(validated(tree()), tmp_path / "cache", scheduler=scheduler)


def test_check_finds_a_bomb_without_decoding_it(tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    Image.new("1", (9000, 8000)).save(out, "PNG")
    monkeypatch.setattr(photos, "decode", lambda *args, **kw: pytest.fail("check decoded a photo"))
    found = photostage.check_photos(validated(tree({f"{FOLDER}/night.jpg": out.getvalue()})))
    assert [(p.path, p.key, dict(p.params)["pixels"]) for p in found] == [
        (f"{FOLDER}/night.jpg", "photo-too-many-pixels", "9000×8000")]


def test_check_is_silent_about_good_photos(tree: Callable[..., Path]) -> None:
    assert photostage.check_photos(validated(tree())) == []


# --- progress -------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_when_there_is_much_to_do() -> None:
    stream = Terminal()
    bar = Progress(photostage.PROGRESS_FROM, "处理照片", stream)
    for _ in range(photostage.PROGRESS_FROM):
        bar.step()
    bar.close()
    assert stream.getvalue().endswith(f"{photostage.PROGRESS_FROM}/{photostage.PROGRESS_FROM}\n")
    assert stream.getvalue().count("\r") == photostage.PROGRESS_FROM


@pytest.mark.parametrize(("stream", "total"), [(io.StringIO(), 100), (Terminal(), 3)])
def test_no_progress_bar_in_a_pipe_or_for_little_work(stream: io.StringIO, total: int) -> None:
    bar = Progress(total, "photos", stream)
    for _ in range(total):
        bar.step()
    bar.close()
    assert stream.getvalue() == ""


# --- consent, end to end ------------------------------------------------------------------


def test_check_explains_why_photos_are_held(held_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(held_tree), "--today", TODAY.isoformat(), "--lang", "en"])
    out = capsys.readouterr().out
    assert re.search(rf"{FOLDER}/index.zh.md:\d+: warning: photos\[1\]\.people: the photo shows identifiable people", out)
    assert re.search(rf"{FOLDER}/index.zh.md:\d+: warning: photos\[2\]\.consent\.expires: the consent expired on 2023-04-01",
                     out)


def test_build_holds_photos_lists_them_and_reuses_the_cache(held_site: tuple[Path, BuildResult]) -> None:
    root, result = held_site
    settings = settings_for(root)
    report = json.loads((settings.report).read_text(encoding="utf-8"))
    files = report["files"]
    assert files[f"{FOLDER}/crowd.jpg"]["status"] == "held"
    assert files[f"{FOLDER}/crowd.jpg"]["reason"] == "consent-required"
    assert files[f"{FOLDER}/kids.jpg"]["reason"] == "consent-expired"
    assert files[f"{FOLDER}/street.jpg"]["status"] == "published"
    summary = result.ledger.summary("en")
    assert f"{FOLDER}/crowd.jpg" in summary and f"{FOLDER}/kids.jpg" in summary

    media = {p.name for p in (settings.out / "media").iterdir()}
    for held in ("crowd.jpg", "kids.jpg"):
        digest = content_hash((root / FOLDER / held).read_bytes())[:16]
        assert not any(name.startswith(digest) for name in media)

    page = (settings.out / FOLDER / "index.html").read_text(encoding="utf-8")
    assert "crowd" not in page and "kids" not in page
    assert page.count('class="cg-lightbox"') == 2
    assert page.count('fetchpriority="high"') == 1 and page.count('loading="lazy"') >= 1
    assert re.search(r'<meta property="og:image" content="[^"]*media/[0-9a-f]{16}-[0-9a-f]{8}-share-1000\.jpg">', page)
    assert 'media="(max-width: 760px)"' in page and "assets/cg-lightbox.js" in page
    assert 'alt="夜间登记（示意图）"' in page and "摄影/供图：天河区民政局" in page  # full-width colon in Chinese

    cache = settings.cache_dir
    before = mtimes(cache)
    build(settings)
    assert mtimes(cache) == before


@pytest.fixture(scope="module")
def site_url(held_site: tuple[Path, BuildResult]) -> Iterator[str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(settings_for(held_site[0]).out))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium (make test installs it)")
def test_lightbox_on_a_phone(site_url: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    elsewhere: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(site_url) else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(site_url + FOLDER.removeprefix("stories/").join(["stories/", "/"]), wait_until="load")
    dialog = page.locator("dialog.cg-lightbox-dialog")
    count = dialog.locator(".cg-lightbox__count")

    page.locator("a.cg-lightbox").first.click()
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.className") == "cg-lightbox__close"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "关闭"
    assert count.inner_text() == "1 / 2"
    assert dialog.locator(".cg-lightbox__text").inner_text() == "夜间登记（示意图）"
    page.keyboard.press("ArrowRight")
    assert count.inner_text() == "2 / 2"
    assert dialog.locator(".cg-lightbox__text").inner_text() == "街景（示意图）"
    page.keyboard.press("ArrowRight")
    assert count.inner_text() == "1 / 2"
    page.keyboard.press("ArrowLeft")
    assert count.inner_text() == "2 / 2"
    page.wait_for_function("document.querySelector('.cg-lightbox__image').complete")
    assert page.evaluate("document.querySelector('.cg-lightbox__image').naturalWidth") > 0
    swipe = """([from, to]) => {
        const d = document.querySelector('dialog.cg-lightbox-dialog');
        const touch = x => new Touch({identifier: 1, target: d, clientX: x, clientY: 400});
        d.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [touch(from)], bubbles: true}));
        d.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(to)], bubbles: true}));
    }"""
    page.evaluate(swipe, [300, 100])  # finger moves left: the next photo
    assert count.inner_text() == "1 / 2"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('cg-lightbox')")
    page.locator("a.cg-lightbox").nth(1).click()
    assert count.inner_text() == "2 / 2"
    page.locator(".cg-lightbox__close").click()
    assert not dialog.evaluate("d => d.open")
    assert not elsewhere and not errors
    page.context.close()
