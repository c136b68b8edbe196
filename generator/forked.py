"""A call run beside this process in a forked copy of it, reading what this process holds without copying it over.

The build renders an edition while another is rendered: the model and the
photos are already in memory, and a forked child reads them as they are.
Only the call's result (or its exception) comes back, pickled through a pipe.

Forking a process that has other threads may copy a lock one of them holds
(`guardians serve` builds beside its server threads), so there the call runs
in this process when its result is asked for: the same result, later.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from functools import partial
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")
S = TypeVar("S")


def can_fork() -> bool:
    """True where a fork copies no lock held by another thread: this process runs one thread and may fork."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


class Forked(Generic[T]):
    """`call()` started in a forked child at once, or run here by `result()` where forking is not safe.

    Leaving the block before `result()` stops the child.
    """

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None
        if can_fork():
            context = multiprocessing.get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(call, sending), daemon=True)
            self._process.start()
            sending.close()
            self._pipe = receiving

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *error: object) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()

    @property
    def forked(self) -> bool:
        """Whether the call runs in a child of its own."""
        return self._process is not None

    def result(self) -> T:
        """The call's value; its exception is raised here, wherever it ran."""
        if self._process is None or self._pipe is None:
            return self._call()
        try:
            done, value = self._pipe.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the process running {self._call!r} ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        finally:
            self._pipe.close()
        self._process.join()
        if not done:
            raise value
        return value


def in_parts(call: Callable[[S], T], parts: Sequence[S]) -> list[T]:
    """`call` on each part side by side, the first in this process and each other in a forked one; the results
    in the order of the parts."""
    if not parts:
        return []
    with ExitStack() as stack:
        beside = [stack.enter_context(Forked(partial(call, part))) for part in parts[1:]]
        return [call(parts[0]), *(other.result() for other in beside)]


def halves(items: Sequence[S], at_least: int) -> list[Sequence[S]]:
    """`items` as two halves for `in_parts`; as one part when fewer than `at_least`, where forking costs more
    than it saves."""
    if len(items) < at_least:
        return [items]
    return [items[:len(items) // 2], items[len(items) // 2:]]


def _run(call: Callable[[], T], pipe: Connection) -> None:
    """In the child: the call's value, or its exception (with the child's traceback when it cannot be pickled)."""
    try:
        outcome: tuple[bool, object] = (True, call())
    except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        outcome = (False, err)
    try:
        pipe.send(outcome)
    except Exception:  # noqa: BLE001 - an exception or value that does not pickle: its traceback instead
        pipe.send((False, RuntimeError(traceback.format_exc())))
    pipe.close()
