"""Each entry's own problems (`validate.own_problems`), kept from one build to the next.

What is wrong in an entry's own texts depends on the entry alone: its
texts as read (path, front matter with its lines, body), the names of its
files and the bytes of its handouts, and the internal values looked for.
An entry read exactly as the last build read it has the same problems and
the same trial renders, so a build takes both from here and checks only
the entries that are new or changed: after one edit, one entry instead of
every entry of a province.

The record is `checked.pickle` in the work folder, under one key: the
generator's code, the versions of the tools the checks use and the internal
values looked for. A change to any of them, or a damaged record, checks
every entry again. It holds only the entries of the last build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import PickledRecord
from generator.content.internal import Secret
from generator.content.load import RawEntry
from generator.incremental import code_digest, versions
from generator.problems import Problem

CHECKED = "checked.pickle"
TOOLS = ("markdown", "pymdown-extensions", "nh3", "ahocorasick-rs", "opencc", "pypinyin")
"""The packages whose versions decide what the checks find (Markdown's trial render and its sanitiser, the search
for internal values, the reader's text)."""


@dataclass(frozen=True)
class Found:
    """One entry's own problems and the trial renders of its bodies (`markup.plain_of`)."""

    problems: list[Problem]
    plain: dict[str, str]


@dataclass
class Kept:
    """The entries a build found checked by the last one, by their digest (`entry_digest`)."""

    key: str
    found: dict[str, Found] = field(default_factory=dict)


class Checked:
    """The record of the last build's own problems, read at the start of validation and written at its end."""

    def __init__(self, work: Path | None, secrets: list[Secret]) -> None:
        self.record = PickledRecord(work / CHECKED, Kept) if work is not None else None
        self.key = _key(secrets)
        kept = self.record.read() if self.record is not None else None
        self.last: dict[str, Found] = kept.found if kept is not None and kept.key == self.key else {}
        self.now: dict[str, Found] = {}

    def known(self, digest: str) -> bool:
        """Whether the last build checked the entry of `digest` as it is now."""
        return digest in self.last

    def add(self, found: dict[str, Found]) -> None:
        """What this build found in entries the last one did not know."""
        self.now.update(found)

    def take(self, digest: str) -> Found:
        """What this build or the last found in the entry of `digest`, kept for the next build."""
        self.now[digest] = self.now.get(digest) or self.last[digest]
        return self.now[digest]

    def save(self) -> None:
        """Keep what this build found, and nothing of entries it no longer has (no write when nothing changed)."""
        if self.record is not None and (self.now.keys() != self.last.keys() or not self.record.path.is_file()):
            self.record.write(Kept(self.key, self.now))


def entry_digest(item: RawEntry) -> str:
    """Everything of `item` its own problems depend on, as one digest."""
    h = hashlib.blake2b(repr((item.kind.value, item.folder, item.group, item.slug, sorted(item.assets))).encode(),
                        digest_size=20)
    for lang, source in sorted(item.texts.items()):
        meta = (source.meta.data, source.meta.lines) if source.meta is not None else None
        h.update(repr((lang, source.path, source.body_line, meta)).encode())
        h.update(b"\0" + source.body.encode() + b"\0")
    for name, data in sorted(item.blobs.items()):
        h.update(name.encode() + b"\0" + hashlib.blake2b(data, digest_size=20).digest())
    return h.hexdigest()


def _key(secrets: Iterable[Secret]) -> str:
    """The code, the tools' versions and the internal values looked for (the same values give the same key)."""
    h = hashlib.blake2b(code_digest().encode(), digest_size=20)
    h.update(versions(*TOOLS).encode())
    h.update(repr([(s.path, s.line, s.field, s.value) for s in secrets]).encode())
    return h.hexdigest()
