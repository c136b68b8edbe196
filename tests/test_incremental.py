"""Incremental builds: unchanged staging files are not rewritten, unchanged languages are not rebuilt."""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import STORY, settings_for

from generator.build import build, link_photos
from generator.config import PROJECT
from generator.incremental import (
    Plan,
    build_inputs,
    entries_below,
    link_tree,
    mirror_links,
    mirror_tree,
    output_of,
    place_tree,
    remember_verified,
    stage,
    verified,
)
from generator.publish import verify as verifying
from generator.publish.verify import Verification, VerifyError, verify
from generator.scheduler import SEQUENTIAL, Scheduler

THEME = PROJECT / "theme"
BASE = PROJECT / "mkdocs.yml"


def derivatives(cache: Path) -> list[tuple[str, int]]:
    """The photo derivatives in the cache, with their modification times."""
    return sorted((p.name, p.stat().st_mtime_ns) for p in cache.rglob("*") if p.suffix in (".jpg", ".webp"))


def staged(folder: Path, files: dict[str, bytes], config: bytes = b"site_name: x\n"):
    return stage(folder, files, config, theme=THEME, base=BASE)


@pytest.mark.parametrize("rel, out", [
    ("index.md", "index.html"),
    ("stories/index.md", "stories/index.html"),
    ("stories/2022/x/index.md", "stories/2022/x/index.html"),
    ("about.md", "about/index.html"),
    ("img/a.png", "img/a.png"),
])
def test_output_of_follows_directory_urls(rel: str, out: str) -> None:
    assert output_of(rel) == out


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    first = staged(tmp_path, {"index.md": b"home", "a/index.md": b"a", "b/index.md": b"b"})
    assert first.changed == ("a/index.md", "b/index.md", "index.md") and first.removed == ()
    mtime = (tmp_path / "docs/a/index.md").stat().st_mtime_ns
    second = staged(tmp_path, {"index.md": b"home", "a/index.md": b"a", "c/index.md": b"c"})
    assert second.changed == ("c/index.md",) and second.removed == ("b/index.md",)
    assert (tmp_path / "docs/a/index.md").stat().st_mtime_ns == mtime
    assert not (tmp_path / "docs/b/index.md").exists()
    assert second.docs_digest != first.docs_digest and second.config_digest == first.config_digest


def test_plan_is_clean_then_skip_then_dirty_then_clean(tmp_path: Path) -> None:
    files = {"index.md": b"home", "a/index.md": b"a"}
    first = staged(tmp_path, files)
    assert first.plan() is Plan.CLEAN  # never built
    (tmp_path / "site").mkdir()
    first.record()
    assert staged(tmp_path, files).plan() is Plan.SKIP
    assert staged(tmp_path, files | {"a/index.md": b"A"}).plan() is Plan.DIRTY
    assert staged(tmp_path, files, b"site_name: y\n").plan() is Plan.CLEAN


def test_dirty_build_unlinks_what_mkdocs_rewrites(tmp_path: Path) -> None:
    files = {"index.md": b"home", "a/index.md": b"a", "b/index.md": b"b"}
    staged(tmp_path, files).record()
    site = tmp_path / "site"
    for rel in ("index.html", "a/index.html", "b/index.html", "404.html", "sitemap.xml", "assets/x.css"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("old")
    again = staged(tmp_path, files | {"a/index.md": b"A"})
    again.prepare(Plan.DIRTY)
    remaining = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert remaining == ["assets/x.css", "b/index.html"]
    assert again.plan() is Plan.CLEAN  # the record is gone until mkdocs succeeds again


def test_a_skipped_build_keeps_the_record(tmp_path: Path) -> None:
    files = {"index.md": b"home"}
    staged(tmp_path, files).record()
    (tmp_path / "site").mkdir()
    again = staged(tmp_path, files)
    again.prepare(Plan.SKIP)
    assert staged(tmp_path, files).plan() is Plan.SKIP


def test_a_build_with_the_same_inputs_does_nothing(tree: Callable[..., Path]) -> None:
    root = tree()
    settings = settings_for(root)
    first = build(settings)
    page = root / "site/stories/2022/grid-night/index.html"
    before = page.read_bytes()
    again = build(settings)
    assert list(again.timings) == ["unchanged"]
    assert again.problems == first.problems and again.ledger.summary("en") == first.ledger.summary("en")
    assert page.read_bytes() == before
    story = root / "stories/2022/grid-night/index.zh.md"
    os.utime(story, ns=(1, 1))  # saved again, or checked out anew: the same content
    assert list(build(settings).timings) == ["unchanged"]
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("逐户", "挨户", 1), encoding="utf-8")  # the same size, another content
    assert "load" in build(settings).timings
    later = build(replace(settings, today=settings.today + timedelta(days=1)))  # the date decides the 公示 pages
    assert "load" in later.timings


def test_the_inputs_list_every_file_and_link_but_follow_no_link(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "content/guides/a").mkdir(parents=True)
    (root / "content/guides/a/index.zh.md").write_text("x", encoding="utf-8")
    (root / "content/regions.yml").write_text("cities: []\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/secret.md").write_text("y", encoding="utf-8")
    (root / "content/guides/b").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(root / "content/guides/a/pipe")
    (root / "stories").symlink_to(tmp_path / "elsewhere")  # refused by the build: listed as the link itself
    files = build_inputs(root, "settings", theme=THEME, base=BASE).files
    assert sorted(files) == ["content/guides/a/index.zh.md", "content/guides/a/pipe", "content/guides/b",
                             "content/regions.yml", "stories"]
    assert files["content/guides/a/index.zh.md"] == (1, (root / "content/guides/a/index.zh.md").stat().st_mtime_ns)
    assert files["stories"][1] == os.lstat(root / "stories").st_mtime_ns


def test_unchanged_pages_skip_every_language(tree: Callable[..., Path]) -> None:
    root = tree()
    settings = settings_for(root)
    build(settings)
    page = root / "site/stories/2022/grid-night/index.html"
    before = page.read_bytes()
    story = root / "stories/2022/grid-night/index.zh.md"
    for note in ("# 一", "# 二"):  # a skipped build keeps the record of the last one that ran
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("---\n", f"---\n{note}\n", 1), encoding="utf-8")  # no page changes
        result = build(settings)
        mkdocs = {k: v for k, v in result.timings.items() if k.startswith("mkdocs-")}
        assert set(mkdocs) >= {"mkdocs-zh", "mkdocs-en"} and all(v == 0 for v in mkdocs.values())
        assert page.read_bytes() == before


def test_one_story_edited_rebuilds_only_the_languages_that_changed(tree: Callable[..., Path]) -> None:
    root = tree()
    settings = settings_for(root)
    build(settings)
    staging = settings.work_dir / "staging"
    guide = staging / "zh/site/guides/daily-monitoring/index.html"
    guide_inode = guide.stat().st_ino
    cache = derivatives(settings.cache_dir)
    (root / "stories/2022/grid-night/index.zh.md").write_text(
        STORY.replace("逐户敲门。", "逐户敲门，一直到天亮。"), encoding="utf-8")
    result = build(settings)
    assert result.timings["mkdocs-en"] == 0  # the English page and listings did not change
    assert result.timings["mkdocs-zh"] > 0
    assert "一直到天亮" in (root / "site/stories/2022/grid-night/index.html").read_text(encoding="utf-8")
    assert guide.stat().st_ino == guide_inode  # a dirty build: the unchanged page was not rendered again
    assert derivatives(settings.cache_dir) == cache  # no photo encoded again
    published = root / "site/stories/2022/grid-night/index.html"
    staged_page = staging / "zh/site/stories/2022/grid-night/index.html"
    assert os.path.samefile(published, staged_page)  # hard-linked, and written fresh rather than in place


def test_verify_reads_again_what_changed_and_everything_when_a_file_is_gone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="b.html">b</a>')
    (site / "b.html").write_text("<p>b</p>")
    (site / "c.html").write_text("<p>c</p>")
    seen = verify(site, forbidden={"SECRET-1": "secret"})
    remember_verified(tmp_path, ["SECRET-1"], seen)
    assert verified(tmp_path, ["SECRET-2"]) == {}  # other forbidden values: nothing is vouched for
    previous = verified(tmp_path, ["SECRET-1"])
    assert previous == seen
    (site / "c.html").unlink()
    (site / "c.html").write_text("<p>SECRET-1</p>")
    with pytest.raises(VerifyError, match="c.html: internal value"):
        verify(site, forbidden={"SECRET-1": "secret"}, previous=previous)
    (site / "c.html").unlink()
    (site / "b.html").unlink()
    with pytest.raises(VerifyError, match="index.html: broken link: b.html"):
        verify(site, forbidden={"SECRET-1": "secret"}, previous=previous)  # a page has gone: every page is read again


def test_a_file_added_while_the_site_is_verified_is_read_only_if_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search bundle is added while the site is verified: its files as the last verify read them are not read
    again, a file new or changed since is."""
    kept, site = tmp_path / "kept", tmp_path / "site"
    kept.mkdir()
    (kept / "a.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{}"))
    (kept / "b.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{}"))
    site.mkdir()
    (site / "index.html").write_text("<p>a</p>")
    shutil.copytree(kept, site / "pagefind", copy_function=os.link)
    previous = verify(site, forbidden={"SECRET-1": "secret"})
    shutil.rmtree(site / "pagefind")
    read: list[str] = []
    reader = verifying._read

    def counted(site: Path, rels: list[str], **kw: object) -> list[str]:
        read.extend(rels)
        return reader(site, rels, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(verifying, "_read", counted)
    verification = Verification(site, forbidden={"SECRET-1": "secret"}, previous=previous, scheduler=SEQUENTIAL)
    shutil.copytree(kept, site / "pagefind", copy_function=os.link)  # the same files, linked again
    (site / "pagefind/b.pf_fragment").unlink()
    (site / "pagefind/b.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{SECRET-1}"))
    with pytest.raises(VerifyError, match="b.pf_fragment: internal value secret"):
        verification.finish()
    assert read == ["pagefind/b.pf_fragment"]


@pytest.mark.parametrize("processes", [False, True])
def test_verification_begun_before_the_last_files_checks_them_when_it_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: bool) -> None:
    """The build verifies the site while its search bundle is made: a link to a file added meanwhile is
    good, and a file added meanwhile is read too."""
    monkeypatch.setattr(verifying, "PARALLEL_FROM", 1 if processes else 10**6)
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    for n in range(4):
        (site / f"p{n}.html").write_text('<a href="pagefind/later.json">x</a>')
    with Scheduler(workers=2) as scheduler:
        verification = Verification(site, forbidden={"SECRET-1": "secret"}, scheduler=scheduler)
        (site / "pagefind/later.json").write_text("{}")
        assert "pagefind/later.json" in verification.finish()
        verification = Verification(site, forbidden={"SECRET-1": "secret"}, scheduler=scheduler)
        (site / "pagefind/pagefind.js").write_text("// SECRET-1")
        with pytest.raises(VerifyError, match="pagefind/pagefind.js: internal value"):
            verification.finish()
        (site / "pagefind/later.json").unlink()
        (site / "pagefind/pagefind.js").unlink()
        verification = Verification(site, forbidden={"SECRET-1": "secret"}, scheduler=scheduler)
        with pytest.raises(VerifyError, match="p0.html: broken link: pagefind/later.json"):
            verification.finish()


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below `root`."""
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def test_link_tree_links_every_file_and_makes_every_folder(tmp_path: Path) -> None:
    source, target = tmp_path / "built", tmp_path / "site" / "en"
    for rel in ("index.html", "a/index.html", "a/b/c/index.html", "a/b/photo.webp"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(rel, encoding="utf-8")
    (source / "empty").mkdir()
    (target / "a").mkdir(parents=True)
    (target / "a" / "other.txt").write_text("already there", encoding="utf-8")
    link_tree(source, target)
    assert _tree(target) == _tree(source) | {"a/other.txt": b"already there"}
    assert (target / "a/b/c/index.html").stat().st_ino == (source / "a/b/c/index.html").stat().st_ino


def test_link_tree_copies_where_links_are_impossible_and_never_writes_through(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target, elsewhere = tmp_path / "built", tmp_path / "site", tmp_path / "kept.html"
    (source / "a").mkdir(parents=True)
    (source / "a" / "index.html").write_text("new", encoding="utf-8")
    elsewhere.write_text("kept", encoding="utf-8")
    (target / "a").mkdir(parents=True)
    os.link(elsewhere, target / "a" / "index.html")  # the target's file is another file's link

    def refused(*_: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refused)
    link_tree(source, target)
    assert (target / "a" / "index.html").read_text(encoding="utf-8") == "new"
    assert elsewhere.read_text(encoding="utf-8") == "kept"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_mirror_tree_leaves_what_is_linked_replaces_the_rest_and_writes_through_nothing(tmp_path: Path) -> None:
    source, target, published, outside = (tmp_path / name for name in ("built", "old", "published", "outside"))
    _write(source, {"same.html": "same", "d/changed.html": "new", "d/e/deep.html": "deep", "f": "a file now"})
    _write(published, {"changed.html": "published, never to be touched"})
    _write(outside, {"keep.txt": "outside"})
    _write(target, {"d/stale.html": "gone", "e": "a file where a folder goes", "z/old.html": "gone",
                    "f/in-a-folder.html": "a folder where a file goes"})
    os.link(source / "same.html", target / "same.html")
    os.link(published / "changed.html", target / "d/changed.html")  # still linked from the site in place
    (target / "d/e").write_text("a file where a folder goes", encoding="utf-8")
    (target / "d/link").symlink_to(outside, target_is_directory=True)
    same = (target / "same.html").stat().st_ino
    mirror_tree(source, target)
    assert _tree(target) == _tree(source)
    assert all((target / rel).stat().st_ino == (source / rel).stat().st_ino
               for rel, data in _tree(source).items() if data is not None)
    assert (target / "same.html").stat().st_ino == same
    assert (published / "changed.html").read_text(encoding="utf-8") == "published, never to be touched"
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "outside"  # a link removed, not followed


def test_place_tree_takes_the_recycled_folders_its_target_lacks(tmp_path: Path) -> None:
    source, target, recycled = tmp_path / "built", tmp_path / "out", tmp_path / "old"
    _write(source, {"index.html": "home", "stories/a.html": "a", "media/x.jpg": "zh's own"})
    _write(recycled, {"stories/a.html": "old a", "stories/gone.html": "gone", "index.html": "old home",
                      "media/y.jpg": "old photo", "en/index.html": "another edition's"})
    _write(target, {"media/p.jpg": "a photo placed first"})
    folder = (recycled / "stories").stat().st_ino
    place_tree(source, target, recycled)
    assert _tree(target) == {"index.html": b"home", "stories": None, "stories/a.html": b"a", "media": None,
                             "media/p.jpg": b"a photo placed first", "media/x.jpg": b"zh's own"}
    assert (target / "stories").stat().st_ino == folder  # moved, not made again
    assert _tree(recycled) == {"index.html": b"old home", "media": None, "media/y.jpg": b"old photo", "en": None,
                               "en/index.html": b"another edition's"}


def test_mirror_links_keeps_what_is_still_linked_and_removes_the_rest(tmp_path: Path) -> None:
    cache, target, recycled = tmp_path / "cache", tmp_path / "out" / "pagefind", tmp_path / "old" / "pagefind"
    _write(cache, {"a.webp": "a", "b.webp": "b", "index/c.pf": "c", "x.txt": "not wanted"})
    _write(recycled, {"b.webp": "an older b", "gone.webp": "gone", "index/old.pf": "gone", "fragment/f": "gone"})
    os.link(cache / "a.webp", recycled / "a.webp")
    (recycled / "index" / "c.pf").mkdir()  # a folder where a file goes
    same = (recycled / "a.webp").stat().st_ino
    sources = {rel: entry for rel, entry in entries_below(cache) if rel != "x.txt" and entry.is_file()}
    mirror_links(sources, target, recycled)
    assert _tree(target) == {"a.webp": b"a", "b.webp": b"b", "index": None, "index/c.pf": b"c"}
    assert all((target / rel).stat().st_ino == (cache / rel).stat().st_ino for rel in sources)
    assert (target / "a.webp").stat().st_ino == same and not recycled.exists()
    mirror_links({"b.webp": sources["b.webp"]}, tmp_path / "fresh", None)
    assert _tree(tmp_path / "fresh") == {"b.webp": b"b"}


def test_a_site_without_photos_needs_no_photo_cache(tmp_path: Path) -> None:
    link_photos(tmp_path / "out", {}, tmp_path / "no-cache-yet", None)
    assert _tree(tmp_path / "out") == {"media": None}


def test_a_build_takes_the_folders_of_the_site_swapped_out_before(tree: Callable[..., Path]) -> None:
    root = tree()
    settings = settings_for(root)
    build(settings)
    story = root / "stories/2022/grid-night/index.zh.md"
    first = {name: (root / "site" / name).stat().st_ino for name in ("stories", "en/stories", "media", "pagefind")}
    for sentence in ("第一次修改。", "第二次修改。"):
        story.write_text(story.read_text(encoding="utf-8") + sentence + "\n", encoding="utf-8")
        build(settings)
    assert {name: (root / "site" / name).stat().st_ino for name in first} == first  # the first site's, again
    assert "第二次修改" in (root / "site/stories/2022/grid-night/index.html").read_text(encoding="utf-8")
    old = sorted((f for f in (root / ".guardians").iterdir() if f.name.startswith("old-")),
                 key=lambda f: int(f.name.rsplit("-", 1)[1]))
    assert len(old) == 2 and not {"stories", "media", "pagefind"} & {f.name for f in old[0].iterdir()}  # not taken
    build(settings_for(root, lang="en"))
    assert not old[0].exists()  # and removed by the next build
