"""The record an import leaves in the bundle it wrote: each file's content hash.

`guardians import-docx` and `guardians import-notice` write `import-record.yml`
beside the files they made. Importing the corrected document again compares
the bundle with its record: when no file was changed, added or removed since,
the new import replaces the old one; otherwise it is refused unless
`--replace` is given. The record is an input file like any other: it is
never published (no page refers to it) and the ledger lists it as held back
("import-record").
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from generator.content import safeyaml
from generator.content.ledger import IMPORT_RECORD
from generator.content.safeyaml import YamlProblem
from generator.editions import Lang
from generator.messages import message

RECORD = IMPORT_RECORD


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record(files: dict[str, bytes], tool: str, lang: Lang) -> bytes:
    """The record of the files an import writes, by name, with a comment saying what it is."""
    data = {"tool": tool, "files": {name: digest(content) for name, content in sorted(files.items())}}
    comment = f"# {message('import-record-comment', lang, tool=tool)}\n"
    return (comment + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)).encode("utf-8")


def recorded(folder: Path) -> dict[str, str]:
    """The files an earlier import wrote into `folder`, with their hashes; empty when it left no record."""
    path = folder / RECORD
    if not path.is_file() or path.is_symlink():
        return {}
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8")).data
    except (YamlProblem, UnicodeDecodeError, OSError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(name): str(value) for name, value in files.items()}


def edited(folder: Path) -> list[str] | None:
    """The files of `folder` changed, added or removed since its import, sorted; None when it has no record
    (written by hand or by `guardians new`)."""
    files = recorded(folder)
    if not files:
        return None
    present = {p.name for p in folder.iterdir() if p.name != RECORD}
    changed = {name for name in present | set(files)
               if name not in files or name not in present or digest((folder / name).read_bytes()) != files[name]}
    return sorted(changed)
