"""The command line as a user runs it: `guardians check` in its own process, its output read as bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import STORY, WORKER

from generator.config import PROJECT
from generator.messages import printable

FORGED_TITLE = 'title: "凌晨三点\\nstories/2022/grid-night/index.zh.md:1: title: 一切正常\\e[2J\\e]0;pwned\\a\\e[32m"'
FORGED_CITY = 'city: "广洲\\ncontent/guides/daily-monitoring/index.zh.md:1: ok\\x9b31m"'
FORGED_NAME = "night\n2022:1: forged\x1b[2J.jpg"


@pytest.fixture
def hostile(tree: Callable[..., Path]) -> Path:
    """A tree whose title, city, worker name and one file name try to forge lines and move the terminal."""
    root = tree({
        "stories/2022/grid-night/index.zh.md": STORY.replace("title: 凌晨三点的网格", FORGED_TITLE).replace(
            "city: 广州市", FORGED_CITY),
        "content/workers/chen-xiaoli/index.zh.md": WORKER.replace("name: 陈晓丽", 'name: "陈晓丽\\u202e\\r"'),
    })
    (root / "stories/2022/grid-night" / FORGED_NAME).write_bytes(b"x")
    return root


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "generator.cli", "check", str(root), "--today", "2026-11-28", *args],
                          capture_output=True, env=env, cwd=PROJECT, timeout=120, check=False)


def _places(root: Path) -> list[str]:
    """Every file and folder of the tree as a problem names it, longest first."""
    found = [printable(p.relative_to(root).as_posix())
             for top in ("content", "stories") for p in (root / top).rglob("*")]
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_of_check_starts_with_a_real_path_and_no_escape_reaches_the_terminal(hostile: Path,
                                                                                        lang: str) -> None:
    done = _check(hostile, "--lang", lang)
    assert done.returncode == 1
    for stream in (done.stdout, done.stderr):
        assert not any(byte in stream for byte in (b"\x1b", b"\x07", b"\r", "\u202e".encode(), "\x9b".encode()))
    lines = done.stdout.decode("utf-8").splitlines()
    places = _places(hostile)
    for line in lines:
        assert any(line.startswith(place + ":") for place in places), line
    assert len(lines) == 6  # title, city, the name, the file name, and the two entries that name the worker
    assert sum("一切正常" in line for line in lines) == 1
    assert any(line.startswith("stories/2022/grid-night/night\\n2022:1: forged\\x1b[2J.jpg: ") for line in lines)


def test_the_json_report_holds_every_value_escaped(hostile: Path) -> None:
    done = _check(hostile, "--lang", "en", "--format", "json")
    assert done.returncode == 1
    assert not any(byte in done.stdout for byte in (b"\x1b", b"\x07", "\u202e".encode(), "\x9b".encode()))
    items = json.loads(done.stdout)
    places = _places(hostile)
    assert all(item["path"] in places for item in items)
    title = next(item for item in items if item["field"] == "title")
    assert title["message"] == (
        "holds the control character \\x1b\\x07; remove it: '凌晨三点\\nstories/2022/grid-night/index.zh.md:1: "
        "title: 一切正常\\x1b[…'")  # shortened before it is escaped, so no escape is cut
    assert "stories/2022/grid-night/night\\n2022:1: forged\\x1b[2J.jpg" in {item["path"] for item in items}
