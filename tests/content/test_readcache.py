"""Texts kept from the last build by file signature: a tree loaded with the record is the tree loaded from nothing,
whatever changed; only changed files are read again, and a file changed just before the last build read it is
never taken on trust."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import STORY, base_tree, write_tree

from generator.content import load, readcache
from generator.content.load import load_tree

STORY_ZH = "stories/2022/grid-night/index.zh.md"
SENTENCE = "那天夜里，网格员逐户敲门。"

CHANGES: dict[str, dict[str, str | None]] = {
    "a sentence changed, the file the same size": {STORY_ZH: STORY.replace("逐户", "挨家")},
    "a line added": {STORY_ZH: STORY.replace(SENTENCE, SENTENCE + "\n天亮了。")},
    "front matter that cannot be read": {STORY_ZH: STORY.replace("title: 凌晨三点的网格", "title: [凌晨")},
    "front matter that can be read again": {},
    "a text removed": {"stories/2022/grid-night/index.en.md": None},
    "a text added": {"stories/2022/grid-night/index.en.md": "---\ntitle: Night\n---\nA night.\n"},
    "a nomination changed": {"content/nominations/gd-2026/chen-xiaoli.yml": "worker: chen-xiaoli\nbureau: [\n"},
    "a story added": {"stories/2023/new-day/index.zh.md": STORY.replace("2022-04-12", "2023-01-02")},
}


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test count as settled at once (a build is never this close to the edits it reads)."""
    monkeypatch.setattr(readcache, "SETTLED_NS", -10**12)


def change(root: Path, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        if text is None:
            (root / rel).unlink()
        else:
            write_tree(root, {rel: text})


def test_a_tree_loaded_with_the_record_is_the_tree_loaded_from_nothing(tmp_path: Path, settled: None) -> None:
    root, work = write_tree(tmp_path / "root", base_tree()), tmp_path / "work"
    load_tree(root, work=work)
    for name, files in CHANGES.items():
        if name == "front matter that can be read again":
            files = {STORY_ZH: STORY}
        change(root, files)
        assert load_tree(root, work=work) == load_tree(root), name


def test_only_files_that_changed_are_read_again(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root, work = write_tree(tmp_path / "root", base_tree()), tmp_path / "work"
    load_tree(root, work=work)
    read: list[str] = []
    reader = load._read_text

    def counted(root: Path, path: Path, problems: list[object]) -> object:
        read.append(path.relative_to(root).as_posix())
        return reader(root, path, problems)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_read_text", counted)
    load_tree(root, work=work)
    assert read == []
    text = (root / STORY_ZH).read_bytes()
    written = (root / STORY_ZH).stat().st_mtime_ns
    (root / STORY_ZH).write_bytes(text.replace("逐户".encode(), "挨家".encode()))
    os.utime(root / STORY_ZH, ns=(written, written))  # the same size and time; its change time tells
    assert load_tree(root, work=work).entries == load_tree(root).entries
    assert read[0] == STORY_ZH and read.count(STORY_ZH) == 2  # once with the record, once without


def test_a_file_changed_just_before_the_last_build_read_it_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, work = write_tree(tmp_path / "root", base_tree()), tmp_path / "work"
    load_tree(root, work=work)  # every file was written a moment ago
    read: list[str] = []
    reader = load._read_text
    monkeypatch.setattr(load, "_read_text", lambda root, path, problems: read.append(path.name)
                        or reader(root, path, problems))
    load_tree(root, work=work)
    assert "index.zh.md" in read


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x80\x05\x95\x00"])
def test_a_damaged_record_reads_every_file(tmp_path: Path, settled: None, damage: bytes) -> None:
    root, work = write_tree(tmp_path / "root", base_tree()), tmp_path / "work"
    load_tree(root, work=work)
    (work / readcache.READ).write_bytes(damage)
    assert load_tree(root, work=work) == load_tree(root)
