"""Calls run beside the build in forked copies of it: values and failures come back as if run here."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest

from generator import load, validate
from generator.config import PROJECT
from generator.forked import Forked, can_fork, halves, in_parts


def _in_a_fresh_process(code: str) -> str:
    """Run `code` in a new interpreter with no other thread (pytest's may have some) and return what it prints."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=PROJECT, check=True)
    return done.stdout.strip()


def test_a_call_runs_in_a_forked_child_that_reads_this_process_memory() -> None:
    out = _in_a_fresh_process("""
        import os
        from generator.forked import Forked
        held = list(range(100_000))  # not passed to the call: the child reads its copy of this memory
        with Forked(lambda: (os.getpid(), sum(held))) as call:
            pid, total = call.result()
            print(call.forked, pid != os.getpid(), total)
    """)
    assert out == f"True True {sum(range(100_000))}"


def test_the_child_s_value_and_exception_come_back() -> None:
    out = _in_a_fresh_process("""
        from generator.forked import Forked
        print(Forked(lambda: {"pages": [1, 2, 3]}).result())
        def fails():
            raise ValueError("stories/2024/x/index.zh.md: bad")
        try:
            Forked(fails).result()
        except ValueError as err:
            print("raised", err)
        try:
            Forked(lambda: (lambda: 1)).result()  # a value that does not pickle
        except RuntimeError as err:
            print("unpicklable", "Traceback" in str(err))
        import os
        try:
            Forked(lambda: os._exit(3)).result()
        except RuntimeError as err:
            print("died", "exit code 3" in str(err))
    """)
    assert out.splitlines() == ["{'pages': [1, 2, 3]}", "raised stories/2024/x/index.zh.md: bad",
                                "unpicklable True", "died True"]


def test_with_another_thread_running_the_call_runs_here_when_asked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert not can_fork()
        calls = []
        call = Forked(lambda: calls.append(os.getpid()) or "done")
        assert not call.forked and calls == []
        assert call.result() == "done" and calls == [os.getpid()]
    finally:
        stop.set()
        other.join()


def test_parts_come_back_in_order_and_halves_split_only_long_lists() -> None:
    assert in_parts(lambda part: [n * 2 for n in part], [[1, 2], [3], []]) == [[2, 4], [6], []]
    assert in_parts(len, []) == []
    assert halves([1, 2, 3], 4) == [[1, 2, 3]]
    assert halves([1, 2, 3, 4, 5], 4) == [[1, 2], [3, 4, 5]]


def test_loading_and_checking_in_two_halves_finds_what_one_pass_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    def read() -> tuple[list[tuple[object, ...]], list[object], dict[str, str]]:
        raw = load.load_tree(PROJECT)
        valid = validate.validate_tree(raw, today=date(2026, 11, 28))
        entries = [(e.kind, e.group, e.slug, e.folder, e.texts, e.assets) for e in raw.entries]
        return entries, sorted(set(valid.problems)), raw.strays

    whole = read()
    monkeypatch.setattr(load, "BESIDE_FROM", 2)
    monkeypatch.setattr(validate, "BESIDE_FROM", 2)
    assert read() == whole
    assert whole[1], "the sample content has problems to find (warnings)"


def test_halves_are_read_beside_each_other_in_a_fresh_process(tmp_path: Path) -> None:
    """Where no other thread runs (the command line), the later half really is read by a child."""
    out = _in_a_fresh_process(f"""
        import os
        from pathlib import Path
        from generator import forked, load
        from generator.config import PROJECT
        real = forked._run
        def run(call, pipe):  # in the child
            Path({str(tmp_path / "child")!r}).write_text(str(os.getpid()))
            real(call, pipe)
        forked._run = run
        load.BESIDE_FROM = 2
        raw = load.load_tree(PROJECT)
        print(len(raw.entries), os.getpid())
    """)
    entries, parent = out.split()
    assert int(entries) == len(load.load_tree(PROJECT).entries)
    assert (tmp_path / "child").read_text() not in ("", parent)
