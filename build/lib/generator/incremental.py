"""Incremental builds: write only the staging files that changed, rebuild only the languages that changed.

Each language's staging folder keeps two small records beside its docs tree:

* `staged.json` — the content hash of every docs file as last written, so a
  file is rewritten only when its bytes change (and keeps its mtime
  otherwise, which is what `mkdocs build --dirty` goes by);
* `built.json` — the digests of the docs tree and of the configuration
  (the language's mkdocs.yml, the base mkdocs.yml, the theme folder, the
  versions of mkdocs and mkdocs-material and the generator's own code) that
  the site folder was last built from. It is removed before mkdocs starts and written only after
  mkdocs succeeded, so a failed or killed build never leaves a false claim.

From these, each language gets a plan: skip mkdocs (nothing changed), a dirty
build (pages changed, the configuration did not: mkdocs renders only the
changed pages) or a clean build. Before a dirty build the outputs of changed
and removed pages, and the files mkdocs rewrites on every build (404.html,
sitemap.xml), are unlinked, so mkdocs writes new files instead of
overwriting ones the published site shares by hard link.

The work folder also keeps `verified.json`: the signature (inode, mtime,
size) of every file the last successful verify read, so the next verify
reads only the files that are new or changed; and `last-build.pickle`: the
inputs of the last successful build (each content file's path, size, mtime
and content hash; one digest of the settings with the build date, the
configuration, theme, code and tool versions) with what that build
returned. A build whose inputs are exactly those, while the published site
is still in place, has nothing to do and returns the same result; a file
saved again without a change, or checked out anew, is known by its content.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from importlib.metadata import version
from pathlib import Path

from generator.cache import PickledRecord, Record, digest, file_digest

PACKAGE = Path(__file__).resolve().parent
"""The generator's own code."""
STAGED = "staged.json"
BUILT = "built.json"
VERIFIED = "verified.json"
LAST = "last-build.pickle"


class Plan(str, Enum):
    """What one language's mkdocs build has to do."""

    SKIP = "skip"
    DIRTY = "dirty"
    CLEAN = "clean"

    def runs(self) -> bool:
        return self is not Plan.SKIP


@dataclass(frozen=True)
class Staged:
    """One language's staging folder after writing: what changed and what it was built from last."""

    folder: Path
    docs_digest: str
    config_digest: str
    changed: tuple[str, ...]
    """Docs files written because they are new or their bytes changed."""
    removed: tuple[str, ...]
    """Docs files deleted because no page has them any more."""

    @property
    def config(self) -> Path:
        return self.folder / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def plan(self) -> Plan:
        """Skip when docs and configuration are as last built; dirty when only pages changed."""
        built = Record(self.folder / BUILT).read()
        if not built or not self.site.is_dir():
            return Plan.CLEAN
        if built.get("config") != self.config_digest:
            return Plan.CLEAN
        return Plan.SKIP if built.get("docs") == self.docs_digest else Plan.DIRTY

    def prepare(self, plan: Plan) -> None:
        """Before mkdocs runs: forget the last build's record, and for a dirty build unlink what it writes again."""
        if not plan.runs():
            return
        Record(self.folder / BUILT).forget()
        if plan is not Plan.DIRTY:
            return
        for rel in self.changed + self.removed:
            (self.site / output_of(rel)).unlink(missing_ok=True)
        for path in self.site.iterdir():
            if path.is_file():
                path.unlink()

    def record(self) -> None:
        """Mkdocs succeeded: the site folder now matches these digests."""
        Record(self.folder / BUILT).write({"docs": self.docs_digest, "config": self.config_digest})


def stage(folder: Path, files: dict[str, bytes], config: bytes, *, theme: Path, base: Path,
          staged: dict[str, str] | None = None) -> Staged:
    """Write `files` into `<folder>/docs` and `config` into `<folder>/mkdocs.yml`, touching only what changed;
    `staged` are files (with their hashes) known to be in the docs tree as the last stage wrote them."""
    docs = folder / "docs"
    record = Record(folder / STAGED)
    before: dict[str, str] = record.read() or {}
    if not before and docs.exists():
        shutil.rmtree(docs)  # no record of what is there: start from nothing
    docs.mkdir(parents=True, exist_ok=True)
    record.forget()
    now = {rel: digest(data) for rel, data in files.items()} | (staged or {})
    changed = []
    for rel, data in files.items():
        target = docs / rel
        if before.get(rel) == now[rel] and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(rel)
    removed = sorted(set(before) - set(now))
    for rel in removed:
        (docs / rel).unlink(missing_ok=True)
    record.write(now)
    settings = folder / "mkdocs.yml"
    if not settings.is_file() or settings.read_bytes() != config:
        settings.write_bytes(config)
    return Staged(folder, tree_digest(now), config_digest(config, theme=theme, base=base), tuple(sorted(changed)),
                  tuple(removed))


def output_of(rel: str) -> str:
    """The file mkdocs writes for docs file `rel` (directory addresses: `a/b.md` → `a/b/index.html`)."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def tree_digest(hashes: dict[str, str]) -> str:
    """One digest for a whole tree from its files' hashes."""
    h = hashlib.blake2b(digest_size=20)
    for rel in sorted(hashes):
        h.update(rel.encode() + b"\0" + hashes[rel].encode() + b"\n")
    return h.hexdigest()


def config_digest(config: bytes, *, theme: Path, base: Path) -> str:
    """Everything besides the docs that decides the output of a language build.

    The configuration, the base configuration, the theme, the mkdocs and
    Material versions, and this package's own code (mkdocs runs its hooks and
    Markdown extension): a changed generator rebuilds every edition.
    """
    h = hashlib.blake2b(config, digest_size=20)
    h.update(base.read_bytes())
    h.update(versions("mkdocs", "mkdocs-material").encode())
    h.update(folder_digest(theme).encode() + code_digest().encode())
    return h.hexdigest()


def versions(*names: str) -> str:
    """The installed versions of the packages `names`, one line each (for a record's key)."""
    return "".join(f"{name} {version(name)}\n" for name in names)


def code_digest() -> str:
    """The generator's own code (and the data files beside it), as one digest."""
    return folder_digest(PACKAGE)


def folder_digest(folder: Path) -> str:
    """Every file below `folder` (but Python's caches), names and bytes, as one digest."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def entries_below(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file and folder below `folder`, each with its name relative to it (`a/b.html`); a link to a folder
    is given, not followed."""
    todo = [("", str(folder))]
    while todo:
        above, path = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                rel = f"{above}/{entry.name}" if above else entry.name
                if entry.is_dir(follow_symlinks=False):
                    todo.append((rel, entry.path))
                yield rel, entry


def link_file(source: str | Path, target: str | Path) -> None:
    """`target` as a hard link to `source`, in place of whatever file is there; a copy where links are impossible
    (another file system). The file that was there is replaced, never written through: it may be linked from a
    site still published."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        try:
            os.link(source, target)
        except OSError:
            _copy_afresh(source, target)
    except OSError:
        _copy_afresh(source, target)


def link_tree(source: Path, target: Path) -> None:
    """`source`'s files added to `target` (made where missing) as hard links (copies where links are impossible).

    Files shared this way must never be written in place: mkdocs builds into
    a cleaned folder, and `Staged.prepare` unlinks what a dirty build rewrites.
    """
    target.mkdir(parents=True, exist_ok=True)
    for rel, entry in entries_below(source):  # a folder comes before what it holds
        if entry.is_dir(follow_symlinks=False):
            (target / rel).mkdir(exist_ok=True)  # no copied times or modes: four calls fewer per folder
            continue
        link_file(entry.path, target / rel)


def place_tree(source: Path, target: Path, recycled: Path | None) -> None:
    """`source`'s files added to `target`, as `link_tree` adds them; but a folder at `source`'s top that `target`
    lacks and `recycled` (a site published before, no longer in place) holds is moved from there and made the same
    as `source`'s (`mirror_tree`): after one edit, a few files linked again instead of a whole edition's."""
    target.mkdir(parents=True, exist_ok=True)
    with os.scandir(source) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = target / entry.name
        if not entry.is_dir(follow_symlinks=False):
            link_file(entry.path, path)
        elif recycled is not None and _real_folder(recycled / entry.name) and not os.path.lexists(path):
            os.rename(recycled / entry.name, path)
            mirror_tree(Path(entry.path), path)
        else:
            link_tree(Path(entry.path), path)


def mirror_tree(source: Path, target: Path) -> None:
    """`target`, a folder, made to hold exactly `source`'s files as hard links (copies where links are impossible):
    a file already linked to the same one is left as it is, anything else that `source` lacks is removed, nothing
    is written through (the files of `target` may be linked from a site still published)."""
    todo = [(str(source), str(target))]
    while todo:
        here, there = todo.pop()
        with os.scandir(there) as listing:
            was = {entry.name: entry for entry in listing}
        with os.scandir(here) as listing:
            for entry in listing:
                old = was.pop(entry.name, None)
                path = os.path.join(there, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    if old is not None and not old.is_dir(follow_symlinks=False):
                        os.unlink(path)
                        old = None
                    if old is None:
                        os.mkdir(path)
                    todo.append((entry.path, path))
                    continue
                if old is not None:
                    if old.is_file(follow_symlinks=False) and old.inode() == entry.inode():
                        continue
                    _remove(old)
                link_file(entry.path, path)
        for gone in was.values():
            _remove(gone)


def mirror_links(sources: Mapping[str, os.DirEntry[str]], target: Path, recycled: Path | None) -> None:
    """`target` made to hold exactly the files `sources` names (a name relative to it → the file to link there),
    starting from `recycled` (the same folder of a site published before, moved here) where there is one; the rule
    of `mirror_tree`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if recycled is not None and _real_folder(recycled) and not os.path.lexists(target):
        os.rename(recycled, target)
    target.mkdir(exist_ok=True)
    folders = {rel[:at] for rel in sources for at, char in enumerate(rel) if char == "/"}
    kept: set[str] = set()
    todo = [""]
    while todo:
        here = todo.pop()
        with os.scandir(target / here) as listing:
            for entry in listing:
                rel = f"{here}/{entry.name}" if here else entry.name
                if entry.is_dir(follow_symlinks=False) and rel in folders:
                    todo.append(rel)
                elif (entry.is_file(follow_symlinks=False) and rel in sources
                      and sources[rel].inode() == entry.inode()):
                    kept.add(rel)
                else:
                    _remove(entry)
    for rel in sorted(folders):  # a folder before those it holds
        (target / rel).mkdir(exist_ok=True)
    for rel, source in sources.items():
        if rel not in kept:
            link_file(source.path, target / rel)


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _remove(entry: os.DirEntry[str]) -> None:
    """A file, link or folder removed (a link to a folder is removed, never followed)."""
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _copy_afresh(source: str | Path, target: str | Path) -> None:
    """A copy that replaces whatever is at `target` instead of writing through it (it may be a link)."""
    if os.path.lexists(target):
        os.unlink(target)
    shutil.copy2(source, target)


@dataclass(frozen=True)
class Inputs:
    """Every input of a build: one digest of what is not a content file, and each content file's signature."""

    key: str
    """The settings (the build date among them), the base configuration, the theme, the generator's code and
    the tools' versions."""
    files: dict[str, tuple[int, int]]
    """Each file under content/ and stories/: (size, mtime in ns)."""


def build_inputs(root: Path, settings: object, *, theme: Path, base: Path) -> Inputs:
    """The inputs of a build of `root` with `settings` (symbolic links are listed, never followed)."""
    h = hashlib.blake2b(repr(settings).encode(), digest_size=20)
    h.update(config_digest(b"", theme=theme, base=base).encode())
    h.update(versions("pagefind-bin", "pillow").encode())
    files = {}
    for top in ("content", "stories"):
        if os.path.islink(root / top):  # refused by the build, which reads nothing through it
            st = os.lstat(root / top)
            files[top] = (st.st_size, st.st_mtime_ns)
            continue
        if not os.path.isdir(root / top):
            continue
        for rel, entry in entries_below(root / top):
            if not entry.is_dir(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
                files[f"{top}/{rel}"] = (st.st_size, st.st_mtime_ns)
    return Inputs(h.hexdigest(), files)


@dataclass(frozen=True)
class LastBuild:
    """What the last successful build read and returned."""

    key: str
    files: dict[str, tuple[int, int, str]]
    """Each content file: (size, mtime in ns, content hash)."""
    result: object

    def same_inputs(self, inputs: Inputs, root: Path) -> bool:
        """Whether `inputs` are these: a file whose mtime alone changed (saved again, checked out) is compared
        by its content."""
        if inputs.key != self.key or inputs.files.keys() != self.files.keys():
            return False
        return all(self.files[rel][:2] == sig or (self.files[rel][0] == sig[0]
                                                  and self.files[rel][2] == file_digest(root / rel))
                   for rel, sig in inputs.files.items())


def last_build(work: Path, site: Path) -> LastBuild | None:
    """The record of the last successful build, while the site it published is still in place."""
    kept = PickledRecord(work / LAST, LastBuild).read()
    return kept if site.is_dir() else None


def remember_build(work: Path, root: Path, inputs: Inputs, result: object, last: LastBuild | None) -> None:
    """Keep what this build read and returned, for the next build; hashes only files `last` did not know as they are."""
    known = last.files if last else {}
    files = {rel: known[rel] if known.get(rel, ())[:2] == sig else (*sig, file_digest(root / rel))
             for rel, sig in inputs.files.items()}
    PickledRecord(work / LAST, LastBuild).write(LastBuild(inputs.key, files, result))


def forget_build(work: Path) -> None:
    """A build has started: the last one's result no longer describes the site once this one publishes."""
    PickledRecord(work / LAST, LastBuild).forget()


def verified(work: Path, forbidden: list[str]) -> dict[str, tuple[int, int, int]]:
    """What the last successful verify vouched for, if it looked for the same forbidden values."""
    record = Record(work / VERIFIED).read()
    if not record or record.get("forbidden") != digest("\0".join(sorted(forbidden)).encode()):
        return {}
    return {rel: tuple(sig) for rel, sig in record["files"].items()}


def remember_verified(work: Path, forbidden: list[str], files: dict[str, tuple[int, int, int]]) -> None:
    """Keep what verify vouched for (file signatures), for the next build's verify."""
    Record(work / VERIFIED).write({"forbidden": digest("\0".join(sorted(forbidden)).encode()), "files": files})
