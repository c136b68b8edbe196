"""Verify the built site, then swap it into place atomically.

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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class VerifyError(Exception):
    """The built site is not fit to publish; carries every finding."""

    def __init__(self, findings: list[str]):
        super().__init__("\n".join(findings))
        self.findings = findings


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        """(tag, address) pairs; an `a` is followed by the reader, anything else is requested."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "poster", "data"):
                self.links.append((tag, value))
            elif name == "srcset":
                self.links += [(tag, part.strip().split(" ")[0]) for part in value.split(",") if part.strip()]


def verify(site: Path, *, forbidden: list[str]) -> None:
    """Internal links resolve, nothing points to another host, no forbidden value appears."""
    findings: list[str] = []
    needles = [v.encode() for v in forbidden if len(v) >= 4]
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        for needle in needles:
            if needle in data:
                findings.append(f"{rel}: internal value found in output")
        if path.suffix == ".html":
            findings += _check_links(site, path, rel, data.decode("utf-8", "replace"))
    if findings:
        raise VerifyError(findings)


def _check_links(site: Path, path: Path, rel: str, text: str) -> list[str]:
    parser = _Links()
    parser.feed(text)
    found = []
    root = site.resolve()
    for tag, link in parser.links:
        target, _ = urldefrag(link)
        if not target or target.startswith(("mailto:", "tel:", "data:")):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
            if tag not in ("a",):
                found.append(f"{rel}: <{tag}> requests another host: {link}")
            continue
        if target.startswith("/") and path.name != "404.html":
            found.append(f"{rel}: absolute address breaks when the site is not at the host root: {link}")
            continue
        base = site if target.startswith("/") else path.parent
        resolved = (base / unquote(target.split("?")[0]).lstrip("/")).resolve()
        if not resolved.is_relative_to(root):
            found.append(f"{rel}: link leaves the site: {link}")
            continue
        if resolved.is_dir():
            resolved = resolved / "index.html"
        if not resolved.exists():
            found.append(f"{rel}: broken link: {link}")
    return found


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
