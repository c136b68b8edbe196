"""Where the photo stage runs besides this machine's process pool: `--executor dask://HOST:PORT`.

The photo stage takes any `concurrent.futures.Executor`. A Dask distributed
cluster provides one (`Client.get_executor()`): each cache miss becomes a
task on some worker, which reads the source and writes the derivatives into
the content-hash cache. Workers must therefore see the same paths as this
machine — the content tree and `.guardians/cache/photos` on a shared file
system — and have this package installed. The stage looks every photo up
in the cache before it submits anything, and submits each missing
derivative set once, so no worker repeats work another has done.

Dask is an optional extra: `pip install 'community-guardians[dask]'`.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from generator.messages import MessageError

SCHEMES = ("dask",)


class ExecutorError(MessageError):
    """The executor address cannot be used; carries a message key and its parameters."""


@contextmanager
def open_executor(address: str | None) -> Iterator[Executor | None]:
    """The executor at `address` (`dask://HOST:PORT`) for the length of a build; None for the local pool."""
    if not address:
        yield None
        return
    scheme, _, where = address.partition("://")
    if scheme not in SCHEMES or not where:
        raise ExecutorError("executor-address", found=address)
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("executor-missing-dask") from None
    try:
        client = Client(f"tcp://{where}", timeout="10s")
    except OSError as err:
        raise ExecutorError("executor-unreachable", found=address, detail=str(err)) from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
