"""The one owner of a build's parallelism: calls beside the build, a pool for CPU work, and subprocesses.

Every stage receives the build's `Scheduler` and asks it for children;
none starts its own. Three kinds:

* `beside(call)`: one call run beside this process (an edition rendered
  while zh is, half of the tree loaded, a search join, a part of verify);
* `map(call, items)`: many small units spread over the cores (photos), on a
  pool that lives for the one call, or on a Dask cluster's executor
  (`--executor dask://HOST:PORT`);
* `run_process(argv, log)`: a program (mkdocs, Pagefind), its output in a
  log file; still running when the block is left, it is killed.

How children start is chosen here, once: they are forked. A forked child
starts at once, has every module imported already and reads the model and
the photos where they lie in this process's memory, instead of receiving
them pickled. Forking is safe only from a process with no other thread (a
copied lock another thread held stays locked in the child), so the build's
process starts no thread: its parallel work is all in processes, and the
photo pool is closed before anything else forks. `guardians serve`, whose
server and watcher are threads, runs each build in a fresh process of its
own (`apart`, started by a fork server), where the build runs exactly as on
the command line. Where another thread runs all the same (a Dask client's,
a test runner's), a child cannot be forked and the call runs in this
process, as in sequential mode.

In sequential mode (`Scheduler(sequential=True)`) every call runs in this
process, in the order made, with the same results; the test suite builds
the site both ways and compares the output.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

from generator.messages import MessageError

T = TypeVar("T")
S = TypeVar("S")

EXECUTORS = ("dask",)
"""Schemes of `--executor` addresses."""
PRELOADED = ["generator.build"]
"""Imported once by the fork server that starts `apart` processes, so each starts with the build's code loaded."""


class ExecutorError(MessageError):
    """The executor address cannot be used; carries a message key and its parameters."""


class ChildDied(RuntimeError):
    """A child process ended without sending its call's result (killed, out of memory, `os._exit`)."""


class Handle(ABC, Generic[T]):
    """A call's outcome, to be asked for with `result()`: its value, or its exception raised again here."""

    @abstractmethod
    def result(self) -> T:
        """The call's value, or its exception raised again here."""

    def stop(self) -> None:
        """Stop the call if it still runs (a child's block was left early)."""


class _Done(Handle[T]):
    """A call already run in this process."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        try:
            self._value = call()
        except Exception as err:  # noqa: BLE001 - kept and raised by `result`, where a child's would be
            self._error = err

    def result(self) -> T:
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class _Child(Handle[T]):
    """A call running in a child process; its result comes back pickled through a pipe."""

    def __init__(self, call: Callable[[], T],
                 context: multiprocessing.context.ForkContext | multiprocessing.context.ForkServerContext) -> None:
        self._call = call
        receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(call, sending))  # not a daemon: it may have children
        self._process.start()
        sending.close()
        self._pipe: Connection = receiving
        self._outcome: tuple[bool, Any] | None = None

    def result(self) -> T:
        if self._outcome is None:
            try:
                self._outcome = self._pipe.recv()
            except EOFError:
                self._process.join()
                raise ChildDied(f"the process running {_name(self._call)} ended without a result "
                                f"(exit code {self._process.exitcode})") from None
            finally:
                self._pipe.close()
            self._process.join()
        done, value = self._outcome
        if not done:
            raise value
        return value

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()  # the child leaves its own blocks: its programs are killed too
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()


class Program:
    """A program started by `Scheduler.run_process`."""

    def __init__(self, argv: Sequence[str], log: Path) -> None:
        self.argv = list(argv)
        self.log = log
        with log.open("wb") as out:  # a file, not a pipe: nobody reads a pipe while the build goes on
            self._process = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT)

    def wait(self) -> int:
        """The program's exit code, once it has ended."""
        return self._process.wait()

    def output(self) -> str:
        """What the program wrote (its log)."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def check(self, what: str) -> None:
        """Wait; raise with the program's output if it failed."""
        if self.wait() != 0:
            raise RuntimeError(f"{what} failed (exit code {self._process.returncode}):\n{self.output()}")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()


class Scheduler:
    """Every child of one build; leaving the block stops those still running.

    `workers`: processes of the pool (default: one per core). `executor`: an
    address `dask://HOST:PORT` whose cluster does the work of `map` instead.
    """

    def __init__(self, *, sequential: bool = False, workers: int | None = None, executor: str | None = None) -> None:
        self.sequential = sequential
        self.workers = workers or os.cpu_count() or 1
        self._address = executor
        self._executor: Executor | None = None
        self._client: Any = None
        self._children: list[Handle[Any] | Program] = []

    def __enter__(self) -> Scheduler:
        if self._address:
            self._client, self._executor = _dask(self._address)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for child in reversed(self._children):
            child.stop()
        self._children.clear()
        if self._client is not None:
            self._client.close()
            self._client = self._executor = None

    @property
    def forks(self) -> bool:
        """Whether a call made now runs in a child: not in sequential mode, nor while another thread runs."""
        return (not self.sequential and threading.active_count() == 1
                and "fork" in multiprocessing.get_all_start_methods())

    def beside(self, call: Callable[[], T]) -> Handle[T]:
        """`call()` started in a forked child at once (or run here, when `forks` is false); its outcome."""
        if not self.forks:
            return _Done(call)
        child: _Child[T] = _Child(call, multiprocessing.get_context("fork"))
        self._children.append(child)
        return child

    def in_parts(self, call: Callable[[S], T], parts: Sequence[S]) -> list[T]:
        """`call` on each part side by side, the first here and each other `beside`; results in the parts' order."""
        if not parts:
            return []
        others = [self.beside(partial(call, part)) for part in parts[1:]]
        return [call(parts[0]), *(other.result() for other in others)]

    def map(self, call: Callable[[S], T], items: Sequence[S]) -> Iterator[tuple[int, T]]:
        """`call` on every item, on the Dask executor or a pool of forked workers: (index, result) pairs in the
        order they are done. Items go in the order given (the longest first is best). An exception in a call
        is raised here; the pool is closed when the iteration ends."""
        if self._executor is not None and not self.sequential:
            yield from _completed(self._executor, call, items)
            return
        workers = min(self.workers, len(items))
        if workers <= 1 or not self.forks:
            for at, item in enumerate(items):
                yield at, call(item)
            return
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        try:
            yield from _completed(pool, call, items)
        finally:
            pool.shutdown(cancel_futures=True)  # its threads end here, before anything else forks

    def run_process(self, argv: Sequence[str], log: Path) -> Program:
        """Start a program writing what it says to `log`; in sequential mode it has ended when this returns."""
        program = Program(argv, log)
        if self.sequential:
            program.wait()
        else:
            self._children.append(program)
        return program

    def apart(self, call: Callable[[], T]) -> Handle[T]:
        """`call()` in a fresh process started by a fork server: one with no thread, whatever this one runs
        (`guardians serve` builds there). The call and its result travel pickled."""
        if self.sequential:
            return _Done(call)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED)
        child: _Child[T] = _Child(call, context)
        self._children.append(child)
        return child


SEQUENTIAL = Scheduler(sequential=True)
"""The scheduler of a stage called on its own (a test, `guardians check` on a small tree, a quick preview):
it starts no child, so it needs no block."""


def halves(items: Sequence[S], at_least: int) -> list[Sequence[S]]:
    """`items` as two halves for `Scheduler.in_parts`; as one part when fewer than `at_least`, where a child
    costs more than it saves."""
    if len(items) < at_least:
        return [items]
    return [items[:len(items) // 2], items[len(items) // 2:]]


def _completed(executor: Executor, call: Callable[[S], T], items: Sequence[S]) -> Iterator[tuple[int, T]]:
    futures: dict[Future[T], int] = {executor.submit(call, item): at for at, item in enumerate(items)}
    for future in as_completed(futures):
        yield futures[future], future.result()


def _dask(address: str) -> tuple[Any, Executor]:
    """A Dask client connected to `address` (`dask://HOST:PORT`) and its executor.

    Each unit of `map` becomes a task on some worker; workers must see the
    same paths as this machine (the content tree and the cache on a shared
    file system) and have this package installed. Dask is an optional
    extra: `pip install 'community-guardians[dask]'`.
    """
    scheme, _, where = address.partition("://")
    if scheme not in EXECUTORS or not where:
        raise ExecutorError("executor-address", found=address)
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("executor-missing-dask") from None
    try:
        client = Client(f"tcp://{where}", timeout="10s")
    except OSError as err:
        raise ExecutorError("executor-unreachable", found=address, detail=str(err)) from None
    return client, client.get_executor(pure=False)


def _name(call: Callable[..., object]) -> str:
    """What a call is, for an error message: the function's name, not its (large) arguments."""
    while isinstance(call, partial):
        call = call.func
    return getattr(call, "__qualname__", repr(call))


def _run(call: Callable[[], T], pipe: Connection) -> None:
    """In the child: the call's value, or its exception (with the child's traceback when it cannot be pickled).

    A child asked to stop (SIGTERM) leaves its blocks as on an error, so the
    programs its own scheduler started are killed too.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        outcome: tuple[bool, object] = (True, call())
    except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        outcome = (False, err)
    try:
        pipe.send(outcome)
    except Exception:  # noqa: BLE001 - an exception or value that does not pickle: its traceback instead
        pipe.send((False, RuntimeError(traceback.format_exc())))
    pipe.close()
