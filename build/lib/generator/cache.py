"""Cache records: what a build keeps in its work folder for the next one, read and written in one way.

A record is one file. Reading one that is missing or damaged (cut short
by a killed build, written by another version) gives None: a record only
ever saves work, so the build does that work again. Writing goes to a
temporary file in the same folder, renamed over the record in one step,
so a reader sees the old record or the new one, never half of one; the
temporary name holds the process id, so two processes writing one record
(the photo workers, say) never write into each other's file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import stat
from pathlib import Path
from typing import Any


class Record:
    """One record kept as JSON (keys sorted, so equal values give equal bytes) whose value is a `kind`."""

    damaged: tuple[type[Exception], ...] = (ValueError,)
    """What decoding a damaged record raises (`json.JSONDecodeError` and `UnicodeDecodeError` are ValueErrors)."""

    def __init__(self, path: Path, kind: type = dict) -> None:
        self.path = path
        self.kind = kind

    def read(self) -> Any:
        """The value last written, or None when the record is missing or cannot be read back."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            value = self.decode(data)
        except self.damaged:
            return None  # cut short or of another version: the work it saved is done again
        return value if isinstance(value, self.kind) else None

    def write(self, value: Any) -> None:
        """Keep `value`, replacing the record in one step (its folder is made when missing: the first build)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self.encode(value))

    def forget(self) -> None:
        """Remove the record (it no longer describes what is on disk)."""
        self.path.unlink(missing_ok=True)

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, sort_keys=True).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))


class PickledRecord(Record):
    """A record of Python objects (the last build's result), pickled."""

    damaged = (ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError)
    """Cut short, or naming a class or module this version of the code no longer has."""

    def encode(self, value: Any) -> bytes:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def decode(self, data: bytes) -> Any:
        """Unpickled with the cycle collector paused: the objects made are alive, and a province's record makes
        millions, each of which would otherwise trigger collections that walk all of them again."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return pickle.loads(data)
        finally:
            if collecting:
                gc.enable()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` under a name private to this process in `path`'s folder, then rename it over `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def digest(data: bytes) -> str:
    """A short content digest of `data` (blake2b, 16 bytes): the name of bytes in the records."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    """`digest` of a regular file's bytes, read in pieces; anything else (a link, a pipe) by what it is, never
    read."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        return f"mode {st.st_mode} {os.readlink(path) if stat.S_ISLNK(st.st_mode) else ''}"
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
