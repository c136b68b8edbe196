"""Cache records: read back as written, a damaged one read as missing, written in one step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cache import PickledRecord, Record, digest, file_digest, write_atomic
from generator.incremental import LastBuild


def test_a_record_reads_back_what_was_written(tmp_path: Path) -> None:
    record = Record(tmp_path / "bundle.json")
    assert record.read() is None  # missing
    record.write({"key": "abc", "files": {"页面.html": [1, 2, 3]}})
    assert record.read() == {"key": "abc", "files": {"页面.html": [1, 2, 3]}}
    record.forget()
    assert record.read() is None and not record.path.exists()
    record.forget()  # forgetting a missing record is nothing


@pytest.mark.parametrize("data", [b"", b'{"key": "ab', b"\xff\xfe not text", b"[1, 2]", b"null"])
def test_a_damaged_or_misshapen_record_is_read_as_missing(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "copies.json").write_bytes(data)
    assert Record(tmp_path / "copies.json").read() is None


def test_a_record_of_another_kind_is_read_as_that_kind(tmp_path: Path) -> None:
    Record(tmp_path / "list.json", list).write([1, 2])
    assert Record(tmp_path / "list.json", list).read() == [1, 2]
    assert Record(tmp_path / "list.json").read() is None  # a dict was expected


@pytest.mark.parametrize("data", [b"", b"\x80\x05garbage", b"not a pickle", None])
def test_a_damaged_pickled_record_is_read_as_missing(tmp_path: Path, data: bytes | None) -> None:
    record = PickledRecord(tmp_path / "last-build.pickle", LastBuild)
    if data is None:
        PickledRecord(record.path, object).write({"not": "a LastBuild"})  # of another class: missing too
    else:
        record.path.write_bytes(data)
    assert record.read() is None
    record.write(LastBuild("key", {"a.md": (1, 2, "h")}, None))
    assert record.read() == LastBuild("key", {"a.md": (1, 2, "h")}, None)


def test_writing_replaces_in_one_step_and_leaves_no_temporary_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    record = Record(tmp_path / "verified.json")
    record.write({"n": 1})
    inode = record.path.stat().st_ino
    record.write({"n": 2})
    assert record.path.stat().st_ino != inode  # a new file renamed over the old one, never written in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verified.json"]

    def fails(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fails)
    with pytest.raises(OSError, match="disk full"):
        record.write({"n": 3})
    assert record.read() == {"n": 2}  # the old record stands
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verified.json"]


def test_atomic_write_names_its_temporary_file_after_the_process(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: seen.append(Path(src).name) or real(src, dst))
    write_atomic(tmp_path / "x.jpg", b"data")
    assert seen == [f".x.jpg.{os.getpid()}.tmp"] and (tmp_path / "x.jpg").read_bytes() == b"data"


def test_digests_name_bytes_and_files_by_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"text")
    assert file_digest(tmp_path / "a.md") == digest(b"text") and len(digest(b"text")) == 32
    (tmp_path / "link").symlink_to("a.md")
    assert file_digest(tmp_path / "link").startswith("mode ") and "a.md" in file_digest(tmp_path / "link")
