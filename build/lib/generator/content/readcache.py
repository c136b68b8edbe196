"""The texts the last build read, by file signature: a file whose signature is the same is not read and parsed again.

A file's signature is its size, modification and change times and inode.
An editor's save, a checkout or a copy changes the change time, which no
program can set back, so a file with the same signature holds the same
bytes — unless it changed twice within one tick of the file system's clock,
the second time after the last build read it. As git does with a "racily
clean" file, a file changed less than `SETTLED_NS` before the last build
started reading is read again.

The record is `read.pickle` in the work folder, under one key: the
generator's code, the YAML and front matter parsers' versions and the
content root. A changed key or a damaged record reads every file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import PickledRecord
from generator.incremental import code_digest, versions
from generator.problems import Problem

READ = "read.pickle"
SETTLED_NS = 2 * 10**9
"""How long before the last build began reading a file must have last changed to be taken from the record."""

Signature = tuple[int, int, int, int]


@dataclass
class Kept:
    """What one build read: each file's signature, what reading it gave and the problems found reading it."""

    key: str
    started: int
    """When reading began (`time.time_ns`)."""
    files: dict[str, tuple[Signature, Any, list[Problem]]] = field(default_factory=dict)


class ReadCache:
    """The record of the last build's reads, consulted and filled while the tree is loaded."""

    def __init__(self, work: Path | None, root: Path) -> None:
        self.record = PickledRecord(work / READ, Kept) if work is not None else None
        self.key = f"{code_digest()} {versions('pyyaml', 'python-frontmatter')} {root}"
        kept = self.record.read() if self.record is not None else None
        self.last = kept if kept is not None and kept.key == self.key else Kept(self.key, 0)
        self.now = Kept(self.key, time.time_ns())

    def read(self, path: Path, rel: str, problems: list[Problem], reader: Callable[[list[Problem]], Any]) -> Any:
        """What `reader` gives for the file at `path` (adding its problems to `problems`), or what it gave the last
        build if the file is as it was then."""
        st = os.lstat(path)
        sign = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        known = self.last.files.get(rel)
        if known is not None and known[0] == sign and st.st_ctime_ns < self.last.started - SETTLED_NS:
            value, found = known[1], known[2]
        else:
            found = []
            value = reader(found)
        problems += found
        self.now.files[rel] = (sign, value, found)
        return value

    def add(self, files: dict[str, tuple[Signature, Any, list[Problem]]]) -> None:
        """Reads made in a child (`now.files` there)."""
        self.now.files.update(files)

    def save(self) -> None:
        """Keep this build's reads for the next build (when it has a work folder)."""
        if self.record is not None:
            self.record.write(self.now)
