"""The built site swapped into place atomically.

The new site is built in a fresh folder (`fresh_folder`). Only when it has
been verified is it exchanged with the published one in a single
`renameat2(RENAME_EXCHANGE)` call, so a failed or killed build leaves the
previous site byte-for-byte as it was. The site swapped out is moved aside
(`old-<pid>-<ns>`): the next build takes its folders into its own fresh
folder and makes them the same as its editions' (`recyclable`), files that
did not change left linked as they are; what it does not take, and the
folders that killed builds leave behind, it removes (`remove_leftovers`),
beside its first stages.
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
_OLD = re.compile(r"old-\d+-\d+\Z")


def leftovers(work: Path) -> list[Path]:
    """The folders in `work` that no build needs: old sites swapped out, and output folders left behind.

    Output folders are named `out-<pid>-<ns>`. One whose process no longer
    runs belongs to a killed or crashed build (or holds the old site that a
    publish swapped out just before the process died); one of this process
    is left from an earlier build that failed. Those of another running
    build are kept. One build at a time per work folder: they share the
    staging tree.
    """
    if not work.is_dir():
        return []
    return [folder for folder in sorted(work.iterdir()) if not folder.is_symlink() and folder.is_dir()
            and (_OLD.match(folder.name) or ((match := _OUT.match(folder.name))
                                            and not _other_build_running(int(match.group(1)))))]


def recyclable(folders: list[Path]) -> Path | None:
    """The site swapped out last (the newest `old-<pid>-<ns>` of a work folder's `leftovers`): the next build takes
    its folders instead of linking every file again (`incremental.place_tree`), and removes what it leaves."""
    old = [folder for folder in folders if _OLD.match(folder.name)]
    return max(old, key=lambda folder: int(folder.name.rsplit("-", 1)[1]), default=None)


def remove_leftovers(folders: list[Path]) -> None:
    """Remove `leftovers` (run beside the build: another process may be removing some of them already)."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_folder(work: Path) -> Path:
    """A new, not yet existing output folder in `work`."""
    work.mkdir(parents=True, exist_ok=True)
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
    """Put `built` in the place of `target` in one step and move the old site aside, beside `built`, for the next
    build to remove (`leftovers`)."""
    target = target.absolute()
    if not target.exists():
        os.rename(built, target)
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    result = libc.renameat2(_AT_FDCWD, os.fsencode(built), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"cannot exchange {built} and {target}: {os.strerror(errno)}")
    os.rename(built, built.with_name(f"old-{os.getpid()}-{time.time_ns()}"))
