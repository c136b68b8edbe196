"""The built site swapped into place atomically.

The new site is built in a fresh folder (`fresh_folder`). Only when it has
been verified is it exchanged with the published one in a single
`renameat2(RENAME_EXCHANGE)` call, so a failed or killed build leaves the
previous site byte-for-byte as it was. The folders that killed builds leave
behind are removed at the start of the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import time
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

_OUT = re.compile(r"out-(\d+)-\d+\Z")


def fresh_folder(work: Path) -> Path:
    """A new, not yet existing output folder in `work`, after removing those left behind.

    Output folders are named `out-<pid>-<ns>`. One whose process no longer
    runs belongs to a killed or crashed build (or holds the old site that a
    publish swapped out just before the process died); one of this process
    is left from an earlier build that failed. Both are deleted; those of
    another running build are kept. One build at a time per work folder:
    they share the staging tree.
    """
    work.mkdir(parents=True, exist_ok=True)
    for folder in sorted(work.iterdir()):
        match = _OUT.match(folder.name)
        if match and not folder.is_symlink() and not _other_build_running(int(match.group(1))):
            shutil.rmtree(folder)
    return work / f"out-{os.getpid()}-{time.time_ns()}"


def _other_build_running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except OSError as err:
        return err.errno == errno.EPERM
    return True


def publish(built: Path, target: Path) -> None:
    """Put `built` in the place of `target` in one step and remove the old site."""
    target = target.absolute()
    if not target.exists():
        os.rename(built, target)
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    result = libc.renameat2(_AT_FDCWD, os.fsencode(built), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"cannot exchange {built} and {target}: {os.strerror(errno)}")
    shutil.rmtree(built)
