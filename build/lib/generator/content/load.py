"""Read the content tree: the only stage that opens content files.

Every file under `content/` and `stories/` becomes part of exactly one entry
(as its text, its twin or one of its assets) or is reported as a stray;
nothing is skipped without a word. Paths that leave the tree, symbolic links,
pipes and devices, and oversized files are refused before their contents are
read; text files are opened without following links (`O_NOFOLLOW`), so a file
swapped for a link after it was listed is not read either. Two entries whose
names differ only in case (or that share one name) are reported, because
their addresses would collide. A name that holds a control character or a
bidirectional control, that Windows reserves for a device (`CON`, `nul.md`)
or that ends in a dot or a space is refused too: it could not be shown as
it is, or not be opened on the bureaus' Windows machines.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

import frontmatter

from generator.content import safeyaml
from generator.content.readcache import ReadCache
from generator.content.schema import BIDI_CONTROLS
from generator.editions import LANGS
from generator.problems import Level, Problem, problem
from generator.scheduler import SEQUENTIAL, Scheduler, halves

BESIDE_FROM = 1000
"""Bundle folders from which the later half is read beside the first (`Scheduler.in_parts`)."""
MAX_FRONT_MATTER = 64 * 1024
MAX_BODY = 1024 * 1024
MAX_DATA_FILE = 2 * 1024 * 1024
MAX_MATERIAL = 20 * 1024 * 1024
"""Largest file attached to a training session (a PDF or a slide deck), in bytes."""
_TEXT_NAME = re.compile(r"index\.(?P<lang>[a-z]{2}(?:-[a-z]+)?)\.md\Z")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f]")
_WINDOWS_DEVICE = re.compile(r"(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³]) *(?:\..*)?", re.I | re.S)
"""Names Windows opens as a device, whatever follows the first dot (`nul.md`, `com1.tar.gz`)."""


class Kind(str, Enum):
    """The kinds of entry the content tree holds."""

    GUIDE = "guide"
    POLICY = "policy"
    WORKER = "worker"
    STORY = "story"
    AWARD = "award"
    NOMINATION = "nomination"
    COMMITTEE = "committee"
    TRAINING = "training"

    def is_bundle(self) -> bool:
        """Bundles are folders of text and photos; the others are single YAML files."""
        return self in (Kind.GUIDE, Kind.POLICY, Kind.WORKER, Kind.STORY, Kind.TRAINING)


BUNDLE_FOLDERS = {
    "content/guides": Kind.GUIDE,
    "content/policies": Kind.POLICY,
    "content/workers": Kind.WORKER,
    "content/trainings": Kind.TRAINING,
}



def entry_at(path: str) -> tuple[Kind, str, str] | None:
    """The entry (kind, group, slug) a file or folder of the tree belongs to, read from its path alone
    (`stories/2022/x/team.jpg` → story x of 2022); None for a path outside every entry."""
    parts = path.split("/")
    folder = "/".join(parts[:2])
    if parts[0] == "stories" and len(parts) >= 3:
        return Kind.STORY, parts[1], parts[2]
    if folder in BUNDLE_FOLDERS and len(parts) >= 3:
        return BUNDLE_FOLDERS[folder], "", parts[2]
    if folder == "content/awards" and len(parts) == 3:
        return Kind.AWARD, "", Path(parts[2]).stem
    if folder == "content/nominations" and len(parts) == 4:
        return Kind.NOMINATION, parts[2], Path(parts[3]).stem
    if folder == "content/committees" and len(parts) == 3:
        return Kind.COMMITTEE, "", Path(parts[2]).stem
    return None

@dataclass
class Source:
    """One text file as read: front matter with line numbers, and the body."""

    path: str
    meta: safeyaml.Located | None
    body: str = ""
    body_line: int = 1


@dataclass
class RawEntry:
    """One entry as found on disk, before validation."""

    kind: Kind
    slug: str
    folder: str
    texts: dict[str, Source] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    group: str = ""
    """The year of a story or the award of a nomination, from the folder."""
    blobs: dict[str, bytes] = field(default_factory=dict)
    """The bytes of the assets that are published as they are (a training session's handouts), by file name."""

    @property
    def key(self) -> tuple[Kind, str, str]:
        return (self.kind, self.group, self.slug)

    def files(self) -> list[str]:
        """Every input file this entry is made of, relative to the root."""
        own = [s.path for s in self.texts.values()]
        return own + [f"{self.folder}/{name}" for name in self.assets]

    @property
    def where(self) -> str:
        """Where problems of the entry as a whole are reported: its folder, or its file."""
        if self.kind.is_bundle() or "zh" not in self.texts:
            return self.folder
        return self.texts["zh"].path


@dataclass
class RawTree:
    """Everything read from one content root."""

    root: Path
    entries: list[RawEntry]
    regions: safeyaml.Located | None
    tags: safeyaml.Located | None
    problems: list[Problem]
    strays: dict[str, str]
    """Files that belong to no entry, with the reason, for the ledger."""


def load_tree(root: Path, *, scheduler: Scheduler = SEQUENTIAL, work: Path | None = None) -> RawTree:
    """Read every file of the content tree rooted at `root`; with a `work` folder, parse again only the texts
    that changed since the last build there read them (`readcache`)."""
    root = root.resolve()
    cache = ReadCache(work, root)
    problems: list[Problem] = []
    strays: dict[str, str] = {}
    entries: list[RawEntry] = []
    for top in ("content", "stories"):
        if (root / top).is_symlink():
            problems.append(problem(top, 0, "", "symlink-refused"))
            strays[top] = "symlink-refused"
    bundles = [(bundle, kind, "") for folder, kind in BUNDLE_FOLDERS.items()
               for bundle in _children(root, root / folder, problems, strays, dirs=True)]
    for year_dir in _children(root, root / "stories", problems, strays, dirs=True):
        if not re.fullmatch(r"(19|20)\d\d", year_dir.name):
            problems.append(problem(year_dir.rel, 0, "", "bad-year-folder", name=year_dir.name))
            _mark_all_stray(root, year_dir.path, strays, "bad-year-folder")
            continue
        bundles += [(bundle, Kind.STORY, year_dir.name)
                    for bundle in _children(root, year_dir, problems, strays, dirs=True)]
    parts = halves(bundles, BESIDE_FROM) if not cache.last.files else [bundles]  # with a record, little is parsed
    for more_entries, more_problems, more_strays, read in scheduler.in_parts(partial(_load_bundles, root, cache),
                                                                            parts):
        entries += more_entries
        problems += more_problems
        strays |= more_strays
        cache.add(read)
    for path in _children(root, root / "content" / "awards", problems, strays, dirs=False):
        entries.append(_load_yaml_entry(root, cache, path, Kind.AWARD, "", problems))
    for award_dir in _children(root, root / "content" / "nominations", problems, strays, dirs=True):
        for path in _children(root, award_dir, problems, strays, dirs=False):
            entries.append(_load_yaml_entry(root, cache, path, Kind.NOMINATION, award_dir.name, problems))
    for path in _children(root, root / "content" / "committees", problems, strays, dirs=False):
        entries.append(_load_yaml_entry(root, cache, path, Kind.COMMITTEE, "", problems))
    regions = _load_data_file(root, root / "content" / "regions.yml", problems, required=True)
    tags = _load_data_file(root, root / "content" / "tags.yml", problems, required=False)
    known = {"guides", "policies", "workers", "awards", "nominations", "regions.yml", "tags.yml", "committees",
             "trainings"}
    for item in _children(root, root / "content", problems, strays, dirs=None):
        if item.name not in known:
            problems.append(problem(item.rel, 0, "", "unknown-content-item", name=item.name))
            _mark_all_stray(root, item.path, strays, "unknown-content-item")
    problems += _same_address(entries)
    cache.save()
    return RawTree(root, entries, regions, tags, problems, strays)


def reload_entry(root: Path, entry: RawEntry) -> tuple[RawEntry, list[Problem]]:
    """The entry with its texts read again (its other files as they were), for a quick preview."""
    problems: list[Problem] = []
    texts = {lang: _read_text(root, root / source.path, problems) for lang, source in entry.texts.items()}
    return replace(entry, texts=texts), problems


def inside(root: Path, path: Path) -> bool:
    """True when `path` resolves to the resolved `root` or below it; `/site/root-old` is not inside `/site/root`."""
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(os.path.join(root, ""))


def relative(root: Path, path: Path) -> str:
    """`path` relative to the root, as text that can always be printed and written (bad bytes as `\\xff`)."""
    return name_text(path.relative_to(root).as_posix())


def name_text(name: str) -> str:
    """A file's name or relative path as text that can always be printed and written (bad bytes as `\\xff`)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def folded(name: str) -> str:
    """`name` as an address is compared: Unicode-normalised (NFKC: full-width letters become ASCII) and case-folded."""
    return unicodedata.normalize("NFKC", name).casefold()


def _same_address(entries: list[RawEntry]) -> list[Problem]:
    """Entries of one kind whose names are equal once `folded`: each is reported, naming the other."""
    groups: dict[tuple[Kind, str, str], list[RawEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.kind, folded(entry.group), folded(entry.slug)), []).append(entry)
    found = []
    for group in groups.values():
        for entry in group:
            for other in group:
                if other is entry:
                    continue
                path, other_path = entry.where, other.where
                if entry.slug == other.slug and entry.group == other.group:
                    found.append(problem(path, 0, "", "url-collision", url=entry.slug, other=other_path))
                elif path.lower() == other_path.lower():
                    found.append(problem(path, 0, "", "duplicate-slug-case", name=path, other=other_path))
                else:
                    found.append(problem(path, 0, "", "address-collision", name=path, other=other_path))
    return found


@dataclass(frozen=True)
class Child:
    """A file or folder `_children` found fit to read: visible, inside the root, not a link, its name printable."""

    path: Path
    rel: str
    """Relative to the root, as `relative` gives it."""
    name: str
    is_dir: bool


def _children(
    root: Path, folder: Path | Child, problems: list[Problem], strays: dict[str, str], *, dirs: bool | None
) -> list[Child]:
    """The visible children of a folder; links, hidden files and wrong kinds are reported.

    A folder that `_children` found is known to be inside the root; it is
    only checked again for having become a link since."""
    if isinstance(folder, Child):
        path, above, within = folder.path, folder.rel, True
        if os.path.islink(path):
            return []
    elif not folder.is_dir() or folder.is_symlink():
        return []
    else:
        path, above, within = folder, relative(root, folder), inside(root, folder)  # and so is every child not a link
    found = []
    with os.scandir(path) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name, printable = entry.name, name_text(entry.name)
        rel = f"{above}/{printable}"
        is_dir = entry.is_dir(follow_symlinks=False)
        if printable != name:
            problems.append(problem(rel, 0, "", "bad-file-name"))
            _mark_all_stray(root, path / name, strays, "bad-file-name")
        elif unsafe := _unsafe_name(name):
            problems.append(problem(rel, 0, "", unsafe))
            _mark_all_stray(root, path / name, strays, unsafe)
        elif entry.is_symlink():
            problems.append(problem(rel, 0, "", "symlink-refused"))
            strays[rel] = "symlink-refused"
        elif not (is_dir or entry.is_file(follow_symlinks=False)):
            problems.append(problem(rel, 0, "", "not-regular-file"))
            strays[rel] = "not-regular-file"
        elif not within:
            problems.append(problem(rel, 0, "", "outside-root"))
            _mark_all_stray(root, path / name, strays, "outside-root")
        elif name.startswith("."):
            problems.append(problem(rel, 0, "", "hidden-file", level=Level.WARNING))
            _mark_all_stray(root, path / name, strays, "hidden-file")
        elif dirs and not is_dir:
            problems.append(problem(rel, 0, "", "expected-folder"))
            strays[rel] = "expected-folder"
        elif dirs is False and (is_dir or os.path.splitext(name)[1] not in (".yml", ".yaml")):
            problems.append(problem(rel, 0, "", "expected-yaml-file"))
            _mark_all_stray(root, path / name, strays, "expected-yaml-file")
        else:
            found.append(Child(path / name, rel, name, is_dir))
    return found


def _unsafe_name(name: str) -> str | None:
    """Why a file or folder name is refused, as a message key; None when it is fine."""
    if _CONTROL_IN_NAME.search(name):
        return "name-control"
    if BIDI_CONTROLS.search(name):
        return "name-bidi"
    if _WINDOWS_DEVICE.fullmatch(name):
        return "name-windows"
    if name.endswith((".", " ")):
        return "name-trailing"
    return None


def _mark_all_stray(root: Path, path: Path, strays: dict[str, str], reason: str) -> None:
    """Record a file, or every file below a folder, as belonging to no entry."""
    if path.is_dir() and not path.is_symlink():
        for dirpath, dirs, files in os.walk(path):
            for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
                strays[relative(root, Path(dirpath) / name)] = reason
    else:
        strays[relative(root, path)] = reason


def _load_bundles(root: Path, cache: ReadCache, bundles: Sequence[tuple[Child, Kind, str]]
                  ) -> tuple[list[RawEntry], list[Problem], dict[str, str], dict[str, Any]]:
    """The entries of some bundle folders (each with its kind and group), the problems and strays in them, and
    what was read (for `cache`, when this runs in a child)."""
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    strays: dict[str, str] = {}
    for bundle, kind, group in bundles:
        entry = RawEntry(kind, bundle.name, bundle.rel, group=group)
        for child in _children(root, bundle, problems, strays, dirs=None):
            rel = child.rel
            match = _TEXT_NAME.match(child.name)
            if child.is_dir:
                problems.append(problem(rel, 0, "", "nested-folder"))
                _mark_all_stray(root, child.path, strays, "nested-folder")
            elif match and match["lang"] in LANGS:
                entry.texts[match["lang"]] = cache.read(child.path, rel, problems,
                                                        partial(_read_text, root, child.path))
            elif match or child.name.endswith(".md"):
                problems.append(problem(rel, 0, "", "unknown-text-file", name=child.name))
                strays[rel] = "unknown-text-file"
            else:
                entry.assets[child.name] = child.path
                if kind is Kind.TRAINING:
                    blob = _read_bytes(root, child.path, MAX_MATERIAL, problems)
                    if blob is not None:
                        entry.blobs[child.name] = blob
        if "zh" not in entry.texts:
            problems.append(problem(entry.folder, 0, "", "missing-zh-text"))
        entries.append(entry)
    return entries, problems, strays, cache.now.files


def _read_bytes(root: Path, path: Path, limit: int, problems: list[Problem]) -> bytes | None:
    """Read a regular file of at most `limit` bytes inside the root, never through a link."""
    rel = relative(root, path)
    if not inside(root, path):
        problems.append(problem(rel, 0, "", "outside-root"))
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        problems.append(problem(rel, 0, "", "symlink-refused" if path.is_symlink() else "not-regular-file"))
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            problems.append(problem(rel, 0, "", "not-regular-file"))
            return None
        if info.st_size > limit:
            problems.append(problem(rel, 0, "", "file-too-large", size=info.st_size, limit=limit))
            return None
        data = handle.read(limit + 1)
    if len(data) > limit:
        problems.append(problem(rel, 0, "", "file-too-large", size=len(data), limit=limit))
        return None
    return data


def _decode(root: Path, path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(problem(relative(root, path), line, "", "not-utf8"))
        return None
    if "\x00" in text:
        problems.append(problem(relative(root, path), text[: text.index("\x00")].count("\n") + 1, "", "nul-byte"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_text(root: Path, path: Path, problems: list[Problem]) -> Source:
    """Split a Markdown file into front matter (with lines) and body."""
    rel = relative(root, path)
    raw = _read_bytes(root, path, MAX_FRONT_MATTER + MAX_BODY, problems)
    text = _decode(root, path, raw, problems) if raw is not None else None
    if text is None:
        return Source(rel, None)
    if not text.startswith("---\n"):
        problems.append(problem(rel, 1, "", "missing-front-matter"))
        return Source(rel, None, text)
    try:
        meta_text, body = frontmatter.YAMLHandler().split(text)
    except ValueError:
        problems.append(problem(rel, 1, "", "unclosed-front-matter"))
        return Source(rel, None)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    if len(meta_text.encode()) > MAX_FRONT_MATTER:
        problems.append(problem(rel, 1, "", "front-matter-too-large", limit=MAX_FRONT_MATTER))
        return Source(rel, None)
    if len(body.encode()) > MAX_BODY:
        problems.append(problem(rel, body_line, "", "body-too-large", limit=MAX_BODY))
        return Source(rel, None)
    meta = _parse_yaml(rel, meta_text, 1, problems)  # the split keeps the newline of the opening ---
    if meta is not None and meta.data is not None and not isinstance(meta.data, dict):
        problems.append(problem(rel, 2, "", "front-matter-not-mapping"))
        meta = None
    elif meta is not None and meta.data is None:
        meta.data = {}
    return Source(rel, meta, body, body_line)


def _parse_yaml(rel: str, text: str, first_line: int, problems: list[Problem]) -> safeyaml.Located | None:
    try:
        return safeyaml.load(text, first_line=first_line)
    except safeyaml.YamlProblem as err:
        problems.append(problem(rel, err.line, "", err.key, **err.params))
        return None


def _load_yaml_entry(root: Path, cache: ReadCache, file: Child, kind: Kind, group: str,
                     problems: list[Problem]) -> RawEntry:
    entry = RawEntry(kind, file.path.stem, relative(root, file.path.parent), group=group)
    entry.texts["zh"] = cache.read(file.path, file.rel, problems, partial(_read_data, root, file.path))
    return entry


def _read_data(root: Path, path: Path, problems: list[Problem]) -> Source:
    rel = relative(root, path)
    large = path.name == "regions.yml" or path.parent.name == "committees"  # a county has up to ~600 villages
    raw = _read_bytes(root, path, MAX_DATA_FILE if large else MAX_FRONT_MATTER, problems)
    text = _decode(root, path, raw, problems) if raw is not None else None
    meta = _parse_yaml(rel, text, 1, problems) if text is not None else None
    if meta is not None and not isinstance(meta.data, dict):
        problems.append(problem(rel, 1, "", "data-not-mapping"))
        meta = None
    return Source(rel, meta)


def _load_data_file(
    root: Path, path: Path, problems: list[Problem], *, required: bool
) -> safeyaml.Located | None:
    if path.is_symlink():
        problems.append(problem(relative(root, path), 0, "", "symlink-refused"))
        return None
    if path.parent.is_symlink():
        return None
    if not path.is_file():
        if required:
            problems.append(problem(relative(root, path), 0, "", "missing-file"))
        return None
    return _read_data(root, path, problems).meta
