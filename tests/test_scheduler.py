"""The build's scheduler: calls beside the build, the pool and programs give what running them here gives."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from generator.config import PROJECT
from generator.content import load, validate
from generator.scheduler import SEQUENTIAL, Scheduler, halves


def _in_a_fresh_process(code: str) -> str:
    """Run `code` in a new interpreter with no other thread (pytest's may have some) and return what it prints."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=PROJECT, check=True)
    return done.stdout.strip()


def test_a_call_beside_runs_in_a_forked_child_that_reads_this_process_memory() -> None:
    out = _in_a_fresh_process("""
        import os
        from generator.scheduler import Scheduler
        held = list(range(100_000))  # not passed to the call: the child reads its copy of this memory
        with Scheduler() as scheduler:
            print(scheduler.forks)
            pid, total = scheduler.beside(lambda: (os.getpid(), sum(held))).result()
            print(pid != os.getpid(), total)
    """)
    assert out.splitlines() == ["True", f"True {sum(range(100_000))}"]


def test_values_and_exceptions_come_back_with_their_type_and_a_dead_child_is_named() -> None:
    out = _in_a_fresh_process("""
        import os
        from generator.scheduler import ChildDied, Scheduler
        from generator.publish.verify import VerifyError
        from generator.problems import ContentError, problem
        def fails():
            raise ValueError("stories/2024/x/index.zh.md: bad")
        def refuses():
            raise VerifyError(["index.html: broken link: a.html", "b.html: internal value x found"])
        def stops():
            raise ContentError([problem("content/regions.yml", 3, "cities", "regions-invalid")])
        def dies():
            os._exit(3)
        with Scheduler() as scheduler:
            print(scheduler.beside(lambda: {"pages": [1, 2, 3]}).result())
            try:
                scheduler.beside(fails).result()
            except ValueError as err:
                print("raised", err)
            try:
                scheduler.beside(refuses).result()
            except VerifyError as err:
                print("verify", err.findings)
            try:
                scheduler.beside(stops).result()
            except ContentError as err:
                print("content", err.problems[0].path, err.problems[0].line)
            try:
                scheduler.beside(lambda: (lambda: 1)).result()  # a value that does not pickle
            except RuntimeError as err:
                print("unpicklable", "Traceback" in str(err))
            try:
                scheduler.beside(dies).result()
            except ChildDied as err:
                print("died", "dies" in str(err), "exit code 3" in str(err))
    """)
    assert out.splitlines() == ["{'pages': [1, 2, 3]}", "raised stories/2024/x/index.zh.md: bad",
                                "verify ['index.html: broken link: a.html', 'b.html: internal value x found']",
                                "content content/regions.yml 3", "unpicklable True", "died True True"]


def _fails_with(kind: type[Exception], text: str) -> None:
    raise kind(text)


@pytest.mark.parametrize("sequential", [True, False])
def test_sequential_mode_gives_the_same_results_and_raises_the_same_errors(sequential: bool) -> None:
    with Scheduler(sequential=sequential, workers=2) as scheduler:
        assert scheduler.beside(lambda: [1, 2]).result() == [1, 2]
        assert sorted(scheduler.map(abs, [-3, 1, -2])) == [(0, 3), (1, 1), (2, 2)]
        assert scheduler.in_parts(lambda part: [n * 2 for n in part], [[1, 2], [3], []]) == [[2, 4], [6], []]
        failing = scheduler.beside(partial(_fails_with, KeyError, "missing"))
        with pytest.raises(KeyError, match="missing"):
            failing.result()
        with pytest.raises(ZeroDivisionError):
            list(scheduler.map(partial(divmod, 1), [1, 0]))


def test_sequential_mode_runs_every_call_here_in_the_order_made(tmp_path: Path) -> None:
    order: list[str] = []
    with Scheduler(sequential=True) as scheduler:
        first = scheduler.beside(lambda: order.append("first") or os.getpid())
        order.append("between")
        program = scheduler.run_process([sys.executable, "-c", "print('said')"], tmp_path / "log")
        assert program.output().strip() == "said"  # it has ended already
        assert list(scheduler.map(str, [1, 2])) == [(0, "1"), (1, "2")]
        assert first.result() == os.getpid()
    assert order == ["first", "between"]


def test_with_another_thread_running_calls_run_here_and_forks_is_false() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        with Scheduler(workers=2) as scheduler:
            assert not scheduler.forks
            assert scheduler.beside(os.getpid).result() == os.getpid()
            assert {pid for _, pid in scheduler.map(partial(_pid), [1, 2, 3])} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def _pid(_: object) -> int:
    return os.getpid()


def test_the_pool_runs_in_forked_workers() -> None:
    out = _in_a_fresh_process("""
        import os
        from generator.scheduler import Scheduler
        def pid(n):
            return os.getpid()
        with Scheduler(workers=2) as scheduler:
            pids = {p for _, p in scheduler.map(pid, range(20))}
        print(os.getpid() not in pids, 1 <= len(pids) <= 2)
    """)
    assert out == "True True"


def test_programs_still_running_are_killed_when_the_block_is_left(tmp_path: Path) -> None:
    marker = tmp_path / "late"
    sleeper = [sys.executable, "-c", f"import time, pathlib; time.sleep(5); pathlib.Path({str(marker)!r}).touch()"]
    with pytest.raises(RuntimeError, match="the build failed"), Scheduler() as scheduler:
        program = scheduler.run_process(sleeper, tmp_path / "log")
        raise RuntimeError("the build failed")
    assert program.wait() != 0  # killed
    time.sleep(0.2)
    assert not marker.exists()


def test_a_failed_program_is_told_with_its_output(tmp_path: Path) -> None:
    with Scheduler() as scheduler:
        program = scheduler.run_process([sys.executable, "-c", "import sys; print('no pages'); sys.exit(2)"],
                                        tmp_path / "log")
        with pytest.raises(RuntimeError, match=r"(?s)pagefind failed \(exit code 2\):.*no pages"):
            program.check("pagefind")


def test_a_child_still_running_is_stopped_with_the_programs_it_started(tmp_path: Path) -> None:
    """A build run apart (serve's) that is stopped kills its own mkdocs and Pagefind too."""
    out = _in_a_fresh_process(f"""
        import os, sys, time
        from pathlib import Path
        from generator.scheduler import Scheduler
        def build_like():
            with Scheduler() as inner:
                inner.run_process([sys.executable, "-c", "import time; time.sleep(60)"], Path({str(tmp_path / "log")!r}))
                Path({str(tmp_path / "started")!r}).touch()
                time.sleep(60)
        with Scheduler() as scheduler:
            child = scheduler.beside(build_like)
            while not Path({str(tmp_path / "started")!r}).exists():
                time.sleep(0.05)
        print("left")
    """)
    assert out == "left"
    pids = subprocess.run(["pgrep", "-f", "time.sleep\\(60\\)"], capture_output=True, text=True).stdout.split()
    assert not pids


def test_a_call_apart_runs_in_a_fresh_process_even_beside_threads() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        with Scheduler() as scheduler:
            pid, threads = scheduler.apart(partial(_pid_and_threads)).result()
        assert pid != os.getpid() and threads == 1
        assert SEQUENTIAL.apart(_pid_and_threads).result() == (os.getpid(), threading.active_count())
    finally:
        stop.set()
        other.join()


def _pid_and_threads() -> tuple[int, int]:
    return os.getpid(), threading.active_count()


def test_halves_split_only_long_lists() -> None:
    assert halves([1, 2, 3], 4) == [[1, 2, 3]]
    assert halves([1, 2, 3, 4, 5], 4) == [[1, 2], [3, 4, 5]]
    assert SEQUENTIAL.in_parts(len, []) == []


def test_loading_and_checking_in_two_halves_finds_what_one_pass_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    def read(scheduler: Scheduler) -> tuple[list[tuple[object, ...]], list[object], dict[str, str]]:
        raw = load.load_tree(PROJECT, scheduler=scheduler)
        valid = validate.validate_tree(raw, today=date(2026, 11, 28), scheduler=scheduler)
        entries = [(e.kind, e.group, e.slug, e.folder, e.texts, e.assets) for e in raw.entries]
        return entries, sorted(set(valid.problems)), raw.strays

    whole = read(SEQUENTIAL)
    monkeypatch.setattr(load, "BESIDE_FROM", 2)
    monkeypatch.setattr(validate, "BESIDE_FROM", 2)
    with Scheduler() as scheduler:
        assert read(scheduler) == whole
    assert whole[1], "the sample content has problems to find (warnings)"


def test_the_bodies_a_child_rendered_are_not_rendered_again_here() -> None:
    """The trial render of the later half happens in a child; its results come back, so that no edition's
    render stage converts those bodies' Markdown a second time."""
    out = _in_a_fresh_process("""
        from datetime import date
        from generator.config import PROJECT
        from generator.content import load, markup, validate
        from generator.scheduler import Scheduler
        validate.BESIDE_FROM = 2
        with Scheduler() as scheduler:
            raw = load.load_tree(PROJECT)
            validate.validate_tree(raw, today=date(2026, 11, 28), scheduler=scheduler)
        bodies = [s.body for e in raw.entries for s in e.texts.values()]
        def again(*args):
            raise AssertionError("rendered again")
        markup.render_markdown = again
        print(scheduler.forks, len(bodies), len([markup.render_plain(body) for body in bodies]))
    """)
    forks, bodies, held = out.split()
    assert forks == "True" and int(bodies) > 50 and held == bodies


def test_halves_are_read_beside_each_other_in_a_fresh_process(tmp_path: Path) -> None:
    """Where no other thread runs (the command line, a build run apart), the later half really is read by a
    child."""
    out = _in_a_fresh_process(f"""
        import os
        from pathlib import Path
        from generator import scheduler as scheduling
        from generator.content import load
        from generator.config import PROJECT
        real = scheduling._run
        def run(call, pipe):  # in the child
            Path({str(tmp_path / "child")!r}).write_text(str(os.getpid()))
            real(call, pipe)
        scheduling._run = run
        load.BESIDE_FROM = 2
        with scheduling.Scheduler() as scheduler:
            raw = load.load_tree(PROJECT, scheduler=scheduler)
        print(len(raw.entries), os.getpid())
    """)
    entries, parent = out.split()
    assert int(entries) == len(load.load_tree(PROJECT).entries)
    assert (tmp_path / "child").read_text() not in ("", parent)

