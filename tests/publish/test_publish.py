"""Atomic publish, the ledger and deterministic output, proven on real builds.

A build that fails, or that is killed with SIGKILL while it writes, must
leave the published site byte-for-byte as it was; the folders killed builds
leave behind are removed by the next build; two builds of the same input
are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import STORY, base_tree, record_notices, settings_for, write_tree

from generator.build import build
from generator.content import internal
from generator.content.ledger import input_files
from generator.publish.swap import fresh_folder, leftovers, publish, remove_leftovers
from generator.publish.verify import Verification, VerifyError, verify
from generator.scheduler import SEQUENTIAL

TESTS = Path(__file__).parents[1]
NO_PHOTOS = STORY[:STORY.index("photos:")] + STORY[STORY.index("---\n", 4):]


def fingerprint(site: Path) -> dict[str, str]:
    """Every file of a site (and every link, by its target) with the hash of its bytes."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def published(tree: Callable[..., Path]) -> tuple[Path, dict[str, str]]:
    """A content root whose site has been built once, and that site's fingerprint."""
    root = tree()
    build(settings_for(root))
    return root, fingerprint(root / "site")


def test_publish_swaps_in_one_step_and_the_next_build_removes_the_old_site(tmp_path: Path) -> None:
    target, work = tmp_path / "site", tmp_path / "work"
    first, second = fresh_folder(work), fresh_folder(work)
    for folder, text in ((first, "one"), (second, "two")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    publish(first, target)
    assert (target / "index.html").read_text() == "one" and not first.exists()
    assert leftovers(work) == [second]  # not yet published: to the next build, left by a failed one
    publish(second, target)
    assert (target / "index.html").read_text() == "two" and not second.exists()
    old = leftovers(work)
    assert [(folder / "index.html").read_text() for folder in old] == ["one"]
    remove_leftovers(old)
    assert list(work.iterdir()) == []


def test_a_build_that_fails_in_mkdocs_leaves_the_site_untouched(
        published: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, before = published
    theme = tmp_path / "broken-theme"
    theme.mkdir()
    (theme / "main.html").write_text('{% extends "base.html" %}{% block content %}{% if %}{% endblock %}')
    (root / "stories/2022/grid-night/index.zh.md").write_text(STORY.replace("凌晨三点的网格", "新标题"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="mkdocs failed"):
        build(settings_for(root, theme_dir=theme))
    assert fingerprint(root / "site") == before


def test_a_build_that_fails_verification_leaves_the_site_untouched(published: tuple[Path, dict[str, str]],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A value that got past validation (here: its check switched off) stops the build at the last wall,
    which names the file and the value's field, masked, never the value."""
    root, before = published
    monkeypatch.setattr(internal, "quoted", lambda item, quotes: [])
    leaked = STORY.replace("那天夜里，网格员逐户敲门。", "复核：内部复核意见甲乙丙")
    (root / "stories/2022/grid-night/index.zh.md").write_text(leaked, encoding="utf-8")
    with pytest.raises(VerifyError) as raised:
        build(settings_for(root))
    label = "internal.reviewer_notes (内*******丙) of content/nominations/gd-2026/chen-xiaoli.yml"
    assert f"stories/2022/grid-night/index.html: internal value {label} found in output" in raised.value.findings
    assert "pagefind/fragment/" in str(raised.value) and "内部复核意见甲乙丙" not in str(raised.value)
    assert fingerprint(root / "site") == before


SECRETS = {"内部复核意见甲乙丙": "internal.reviewer_notes (masked)", "R&D<2023>": "internal.code (masked)",
           "內部覆核": "internal.note (masked)"}


@pytest.mark.parametrize("rel, data", [
    ("pagefind/fragment/zh_1a2b.pf_fragment",
     gzip.compress(b"pagefind_dcd" + json.dumps({"content": "复核：内部复核意见甲乙丙"}, ensure_ascii=False).encode(),
                   mtime=0)),
    ("pagefind/index/zh_1a2b.pf_index", gzip.compress(b"pagefind_dcd" + "内部复核意见甲乙丙".encode(), mtime=0)),
    ("sitemap.xml.gz", gzip.compress("<loc>内部复核意见甲乙丙</loc>".encode(), mtime=0)),
    ("stories/a/index.html", "<p>编号 R&amp;D&lt;2023&gt;</p>".encode()),
    ("stories/b/index.html", b"<p>&#20869;&#37096;&#22797;&#26680;&#24847;&#35265;&#x7532;&#x4e59;&#x4e19;</p>"),
    ("search.json", json.dumps({"t": "R&D<2023>"}).encode()),
    ("feed.xml", "<title>內部覆核</title>".encode()),
])
def test_the_wall_reads_search_data_gzip_entities_and_json_escapes(tmp_path: Path, rel: str, data: bytes) -> None:
    site = tmp_path / "site"
    (site / rel).parent.mkdir(parents=True)
    (site / rel).write_bytes(data)
    with pytest.raises(VerifyError) as raised:
        verify(site, forbidden=SECRETS)
    assert len(raised.value.findings) == 1 and raised.value.findings[0].startswith(f"{rel}: internal value internal.")
    assert not any(value in raised.value.findings[0] for value in SECRETS)


def test_the_wall_reads_the_report_before_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    verification = Verification(tmp_path / "site", forbidden=SECRETS, scheduler=SEQUENTIAL)
    verification.check_text("site-report.json", json.dumps({"message": "见 R&D<2023>"}))
    with pytest.raises(VerifyError, match=r"^site-report.json: internal value internal.code \(masked\) found$"):
        verification.finish()


def test_a_clean_site_passes_the_wall(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/zh_1.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{}"))
    (site / "index.html").write_text("<p>内部 R&amp;D 2023 覆核</p>", encoding="utf-8")
    assert set(verify(site, forbidden=SECRETS)) == {"pagefind/fragment/zh_1.pf_fragment", "index.html"}


def _build_in_child(root: Path) -> subprocess.Popen[bytes]:
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);\n"
            "from conftest import settings_for\nfrom generator.build import build\n"
            "if __name__ == '__main__':\n    build(settings_for(Path(sys.argv[2])))\n")
    return subprocess.Popen([sys.executable, "-c", code, str(TESTS), str(root)], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("moment", ["mkdocs", "assemble"])
def test_a_build_killed_while_writing_leaves_the_site_untouched(
        published: tuple[Path, dict[str, str]], moment: str) -> None:
    """SIGKILL to the build and every process it started, while mkdocs writes or the output is assembled."""
    root, before = published
    (root / "stories/2022/grid-night/index.zh.md").write_text(STORY.replace("凌晨三点的网格", "新标题"), encoding="utf-8")
    work = root / ".guardians"
    mkdocs_site = work / "staging" / "zh" / "site"
    shutil.rmtree(mkdocs_site, ignore_errors=True)
    child = _build_in_child(root)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if moment == "mkdocs" and (mkdocs_site / "index.html").exists():
            break
        if moment == "assemble" and any(p.name.startswith("out-") for p in work.iterdir()):
            break
        time.sleep(0.001)
    assert child.poll() is None, "the build ended before it could be killed"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert fingerprint(root / "site") == before

    build(settings_for(root))
    assert [p.name for p in work.iterdir() if p.name.startswith("out-")] == []
    assert "新标题" in (root / "site/stories/2022/grid-night/index.html").read_text(encoding="utf-8")


def test_folders_of_dead_and_failed_builds_are_removed_and_a_running_build_is_kept(tmp_path: Path) -> None:
    dead, failed_here = tmp_path / "out-99999999-1", tmp_path / f"out-{os.getpid()}-1"
    running = tmp_path / f"out-{os.getppid()}-1"
    for folder in (dead, failed_here, running):
        (folder / "assets").mkdir(parents=True)
    unrelated = tmp_path / "staging"
    unrelated.mkdir()
    remove_leftovers(leftovers(tmp_path))
    assert not dead.exists() and not failed_here.exists()
    assert running.exists() and unrelated.exists()
    fresh = fresh_folder(tmp_path)
    assert not fresh.exists() and fresh.name.startswith(f"out-{os.getpid()}-")


def test_an_input_missing_from_the_ledger_fails_the_build(
        published: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = published
    from generator import build as build_module

    real = build_module.account

    def forgetful(*args, **kwargs):  # type: ignore[no-untyped-def]
        ledger = real(*args, **kwargs)
        del ledger.rows["stories/2022/grid-night/night.jpg"]
        return ledger

    monkeypatch.setattr(build_module, "account", forgetful)
    story = root / "stories/2022/grid-night/index.zh.md"  # inputs as they were would skip the build altogether
    story.write_text(story.read_text(encoding="utf-8").replace("---\n", "---\n# 改\n", 1), encoding="utf-8")
    with pytest.raises(RuntimeError, match="not accounted for.*night.jpg"):
        build(settings_for(root))
    assert fingerprint(root / "site") == before


def test_the_report_accounts_for_every_input_and_the_counts_add_up(tree: Callable[..., Path]) -> None:
    root = tree({"stories/2022/grid-night/.notes.txt": "草稿\n",
                 "stories/2022/draft-one/index.zh.md": NO_PHOTOS.replace("status: published", "status: draft"),
                 "stories/2022/bad-one/index.zh.md": NO_PHOTOS.replace("city: 广州市", "city: 广洲市")})
    build(settings_for(root))
    report = json.loads((root / "site-report.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    assert counts["published"] + counts["held"] + counts["refused"] == counts["total"] == len(report["files"])
    assert sorted(report["files"]) == sorted(input_files(root))
    assert report["files"]["stories/2022/grid-night/.notes.txt"]["status"] == "held"
    assert report["files"]["stories/2022/draft-one/index.zh.md"]["status"] == "held"
    assert report["files"]["stories/2022/bad-one/index.zh.md"]["status"] == "refused"
    assert counts == {"published": 11, "held": 2, "refused": 1, "total": 14}


def test_the_report_never_repeats_personal_data(tree: Callable[..., Path]) -> None:
    root = tree({"stories/2022/bad-one/index.zh.md": NO_PHOTOS.replace("city: 广州市", "city: '13912345678'")})
    build(settings_for(root))
    report = (root / "site-report.json").read_text(encoding="utf-8")
    assert "13912345678" not in report
    assert "139****5678" in report


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The base tree built twice, in two different folders, with SOURCE_DATE_EPOCH set."""
    top = tmp_path_factory.mktemp("twice")
    first = record_notices(write_tree(top / "root", base_tree()))
    second = top / "elsewhere" / "root"
    shutil.copytree(first, second, symlinks=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        build(settings_for(first))
        build(settings_for(second))
    return top, fingerprint(first / "site"), fingerprint(second / "site")


def _split(files: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    search = {k: v for k, v in files.items() if k.startswith("pagefind/")}
    return {k: v for k, v in files.items() if k not in search}, search


def test_two_builds_of_the_same_input_are_byte_identical(two_builds: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    top, one, two = two_builds
    pages_one, _ = _split(one)
    pages_two, _ = _split(two)
    assert len(pages_one) > 50
    assert pages_one == pages_two
    for path in (top / "root" / "site").rglob("*"):
        if path.is_file():
            assert str(top).encode() not in path.read_bytes(), f"an absolute path leaks into {path}"


def test_two_builds_have_byte_identical_search_bundles(two_builds: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    _, one, two = two_builds
    assert _split(one)[1] == _split(two)[1]
