"""The local backend of the editors' CMS: Decap's proxy protocol, answered in Python.

Decap CMS posts `{"action": ..., "params": ...}` to /api/v1 (the protocol of
its `decap-server` local_fs mode). Reading lists and returns files; saving
writes a bundle (or a nomination file), then checks it with the same
validation as `guardians check`: when the new entry has errors, the previous
files are put back and the editor is shown every problem, in the user's
language and in the field's label, in the CMS's error message and, field by
field, beside each field (the answer's `problems`, placed by the admin page).

Only bundle files under content/ and stories/ and nomination files can be
read or written: no path may leave the tree, pass through a hidden or linked
folder, or name anything but a file inside a bundle folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter

from generator.build import check
from generator.config import Settings
from generator.content import safeyaml, schema
from generator.editions import Lang
from generator.messages import message
from generator.problems import Problem
from generator.tools.cms import (
    AWARD_FIELD,
    COMMITTEES,
    FILE_FIELD,
    FOLDER_FIELD,
    NOMINATIONS,
    managed,
    model_of,
    short_label,
)
from generator.tools.scaffold import dump_yaml

_BUNDLE_FILE = re.compile(r"(stories/\d{4}|content/(guides|policies|workers))/[a-z0-9]+(-[a-z0-9]+)*/[^/]+\Z"
                          r"|content/nominations/[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*\.yml\Z"
                          r"|content/committees/[a-z0-9]+(-[a-z0-9]+)*\.yml\Z")
_READABLE_FOLDER = re.compile(r"(stories|stories/\d{4}|content/(guides|policies|workers|nominations|committees))"
                              r"(/[^/]+)?\Z")
MAX_UPLOAD = 30 * 1024 * 1024


class Refused(Exception):
    """A request the backend will not carry out; the message is shown to the editor, and each problem (field,
    message) beside its field."""

    def __init__(self, text: str, problems: list[dict[str, str]] | None = None):
        super().__init__(text)
        self.problems = problems or []


@dataclass
class Backend:
    """Answers the CMS for the content tree at `root`."""

    root: Path
    today: Callable[[], date] = date.today
    lang: Lang = "zh"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        """The HTTP answer to one request: (status, headers, JSON body)."""
        try:
            request = json.loads(body.decode("utf-8"))
            action, params = request["action"], request.get("params") or {}
            handler = getattr(self, f"_{action}", None) if re.fullmatch(r"[a-zA-Z]+", action) else None
            if handler is None:
                return _json(422, {"error": f"unknown action {action}"})
            with self.lock:
                return _json(200, handler(params))
        except Refused as err:
            return _json(422, {"error": str(err), "problems": err.problems})
        except (ValueError, KeyError, TypeError) as err:
            return _json(400, {"error": f"bad request: {err}"})

    # --- paths ---------------------------------------------------------------

    def _file(self, rel: str, *, write: bool = False) -> Path:
        """The file `rel` names, which must be a bundle file (or, for reading, in a bundle folder)."""
        rel = str(PurePosixPath(rel.strip("/")))
        parts = PurePosixPath(rel).parts
        if ".." in parts or any(p.startswith(".") for p in parts) or "\\" in rel or "\x00" in rel:
            raise Refused(message("reference-parent", self.lang, found=rel))
        if not _BUNDLE_FILE.match(rel):
            raise Refused(message("cms-path-refused", self.lang, path=rel))
        path = self.root / rel
        for parent in [path, *path.parents]:
            if parent == self.root:
                break
            if parent.is_symlink():
                raise Refused(message("symlink-refused", self.lang))
        if write and path.exists() and not path.is_file():
            raise Refused(message("cms-path-refused", self.lang, path=rel))
        return path

    def _listing(self, folder: str, extension: str, depth: int) -> list[str]:
        folder = folder.strip("/")
        if not _READABLE_FOLDER.match(folder):
            return []
        base = self.root / folder
        found = []
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = path.relative_to(self.root).as_posix()
            inside = path.relative_to(base).parts
            if (len(inside) <= depth and path.is_file() and not path.is_symlink() and rel.endswith(extension)
                    and not any(p.startswith(".") for p in inside) and _BUNDLE_FILE.match(rel)):
                found.append(rel)
        return found

    # --- reading -------------------------------------------------------------

    def _entry(self, rel: str) -> dict[str, Any]:
        path = self._file(rel)
        if not path.is_file():
            return {"data": None, "file": {"path": rel, "id": None}}
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        if path.name == "index.zh.md":
            text = _with_folder(text, path.parent.name)
        elif rel.startswith(NOMINATIONS + "/"):
            text = f"{AWARD_FIELD}: {path.parent.name}\n{text}"
        elif rel.startswith(COMMITTEES + "/"):
            text = f"{FILE_FIELD}: {path.stem}\n{text}"
        return {"data": text, "file": {"path": rel, "id": hashlib.sha256(raw).hexdigest()}}

    def _info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entriesByFolder(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802 — Decap's name
        files = self._listing(params["folder"], params.get("extension", ""), int(params.get("depth", 1)))
        return [self._entry(rel) for rel in files]

    def _entriesByFiles(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        return [self._entry(f["path"]) | {"file": {"path": f["path"], "label": f.get("label")}}
                for f in params["files"]]

    def _getEntry(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return self._entry(params["path"])

    def _media(self, rel: str) -> dict[str, Any]:
        path = self._file(rel)
        raw = path.read_bytes()
        return {"id": hashlib.sha256(raw).hexdigest(), "content": base64.b64encode(raw).decode(),
                "encoding": "base64", "path": rel, "name": path.name}

    def _getMedia(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        return [self._media(rel) for rel in self._listing(params["mediaFolder"], "", 1)
                if not rel.endswith(".md")]

    def _getMediaFile(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return self._media(params["path"])

    def _getDeployPreview(self, params: dict[str, Any]) -> None:  # noqa: N802
        return None

    # --- writing -------------------------------------------------------------

    def _persistEntry(self, params: dict[str, Any]) -> dict[str, str]:  # noqa: N802
        entry = params.get("entry") or {}
        data_files = params.get("dataFiles") or [entry]
        changes: dict[Path, bytes | None] = {}
        for item in data_files:
            path = self._file(item["path"], write=True)
            model = model_of(item["path"])
            english = item["path"].endswith(".en.md")
            allowed = set(schema.TWINS[model].model_fields) if english and model in schema.TWINS else None
            text: str | None
            if model is schema.Nomination:
                text = _nomination(item["raw"], kept=_unmanaged(path, model))
            elif model is schema.Committees:
                text = _committee_list(item["raw"], path)
            else:
                text = _normalised(item["raw"], english=english, kept=_unmanaged(path, model), allowed=allowed)
            changes[path] = text.encode("utf-8") if text is not None else None
        for asset in params.get("assets") or []:
            changes[self._file(asset["path"], write=True)] = _decoded(asset)
        folders = {path.parent for path in changes}
        if len(folders) != 1:
            raise Refused(message("cms-one-bundle", self.lang))
        self._commit(changes, folders.pop())
        return {"message": "entry persisted"}

    def _persistMedia(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        asset = params["asset"]
        path = self._file(asset["path"], write=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_decoded(asset))
        return self._media(asset["path"])

    def _deleteFile(self, params: dict[str, Any]) -> dict[str, str]:  # noqa: N802
        return self._deleteFiles({"paths": [params["path"]]})

    def _deleteFiles(self, params: dict[str, Any]) -> dict[str, str]:  # noqa: N802
        """Delete files; deleting an entry's Chinese text deletes its whole bundle (photos and twin too)."""
        paths = {self._file(rel, write=True) for rel in params["paths"]}
        for bundle in {p.parent for p in paths if p.name == "index.zh.md" and p.parent.is_dir()}:
            paths |= {self._file(f"{bundle.relative_to(self.root).as_posix()}/{child.name}", write=True)
                      for child in bundle.iterdir() if child.is_file() and not child.is_symlink()}
        for path in paths:
            path.unlink(missing_ok=True)
        for folder in {path.parent for path in paths}:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        return {"message": "deleted"}

    def _commit(self, changes: dict[Path, bytes | None], folder: Path) -> None:
        """Write the files, check the bundle, and put everything back if it has errors."""
        before = {path: path.read_bytes() if path.is_file() else None for path in changes}
        created = [f for f in [folder, *folder.parents] if f.is_relative_to(self.root) and not f.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in changes.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        rel = folder.relative_to(self.root).as_posix()
        if rel.startswith(NOMINATIONS + "/") or rel == COMMITTEES:  # one file, not the whole folder
            rel = next(path for path in changes).relative_to(self.root).as_posix()
        _, problems = check(Settings(root=self.root, out=self.root / "site", today=self.today(), lang=self.lang))
        errors = [p for p in problems if p.level.is_error() and (p.path == rel or p.path.startswith(rel + "/"))]
        if not errors:
            return
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        for made in created:  # deepest first
            if made.is_dir() and not any(made.iterdir()):
                made.rmdir()
        shown = [{"field": p.field, "message": _beside(p, self.lang)} for p in errors]
        raise Refused("\n".join([message("cms-refused", self.lang), *(item["message"] for item in shown)]), shown)


def _beside(found: Problem, lang: Lang) -> str:
    """The problem as the form shows it: `区县：缺少必填字段` (the field's label, then the message)."""
    if not found.field:
        return found.text(lang)
    leaf = [part for part in re.split(r"[.\[\]]+", found.field) if part and not part.isdigit()]
    name = leaf[-1] if leaf else found.field
    return message("cms-beside", lang, label=short_label(name, lang), message=found.text(lang))


def _json(status: int, value: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(value, ensure_ascii=False).encode()


def _decoded(asset: dict[str, Any]) -> bytes:
    content = asset["content"]
    data = base64.b64decode(content) if asset.get("encoding") == "base64" else str(content).encode("utf-8")
    if len(data) > MAX_UPLOAD:
        raise Refused(message("file-too-large", "zh", size=len(data), limit=MAX_UPLOAD))
    return data


def _split(raw: str) -> tuple[dict[str, Any], str]:
    """Front matter and body as Decap wrote them (plain YAML, read with our safe loader)."""
    if not raw.startswith("---"):
        return {}, raw
    meta_text, body = frontmatter.YAMLHandler().split(raw)
    data = safeyaml.load(meta_text).data if meta_text.strip() else {}
    return (data if isinstance(data, dict) else {}), body


def _pruned(value: Any) -> Any:
    """Without the empty values a form leaves (blank texts, empty lists, an untouched consent block).

    A block left with nothing but unticked boxes counts as empty.
    """
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if v not in (None, "", [], {})}
        return {} if all(v is False for v in kept.values()) else kept
    if isinstance(value, list):
        return [v for v in (_pruned(v) for v in value) if v not in (None, "", [], {})]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())  # written as a plain YAML date, not a quoted text
        except ValueError:
            return value.strip()
    return value.strip() if isinstance(value, str) else value


def _unmanaged(path: Path, model: type[schema.Record] | None) -> dict[str, Any]:
    """Fields of the file on disk that the form does not edit (English captions, portrait focus): kept."""
    if model is None or not path.is_file():
        return {}
    data, _ = _split(path.read_text(encoding="utf-8", errors="replace"))
    editable = managed(model)
    return {k: v for k, v in data.items() if k not in editable}


def _normalised(raw: str, *, english: bool, kept: dict[str, Any], allowed: set[str] | None) -> str | None:
    """Our layout: no folder field, no empty fields, fields the form does not edit kept from the file,
    in an English twin only the translatable fields (`allowed`); a twin with nothing in it is not written."""
    data, body = _split(raw.replace("\r\n", "\n"))
    data = {k: v for k, v in _pruned(data).items() if k != FOLDER_FIELD and (allowed is None or k in allowed)}
    data |= {k: v for k, v in kept.items() if k not in data}
    if english and not data and not body.strip():
        return None
    meta = dump_yaml(data) if data else ""
    return f"---\n{meta}---\n{body.strip()}\n"


def _nomination(raw: str, *, kept: dict[str, Any], form_only: str = AWARD_FIELD) -> str:
    """A nomination (or a committee list) as Decap wrote it, in our layout: plain YAML, no award field (the folder
    says it; a list's file name field), no empty fields, fields the form does not edit (an organisation) kept
    from the file."""
    loaded = safeyaml.load(raw.replace("\r\n", "\n")).data if raw.strip() else {}
    data = {k: v for k, v in _pruned(loaded if isinstance(loaded, dict) else {}).items() if k != form_only}
    data |= {k: v for k, v in kept.items() if k not in data}
    return dump_yaml(data)


def _committee_list(raw: str, path: Path) -> str:
    """A county's committee list as Decap wrote it, in our layout (as `_nomination`, without the file name field);
    each row's members by post, which the form does not edit, kept from the file's row of the same village."""
    loaded = safeyaml.load(raw.replace("\r\n", "\n")).data if raw.strip() else {}
    data = {k: v for k, v in _pruned(loaded if isinstance(loaded, dict) else {}).items() if k != FILE_FIELD}
    old = safeyaml.load(path.read_text(encoding="utf-8", errors="replace")).data if path.is_file() else {}
    old = old if isinstance(old, dict) else {}
    members = {(r.get("town"), r.get("village")): r["members"] for r in old.get("committees") or []
               if isinstance(r, dict) and r.get("members")}
    for row in data.get("committees") or []:
        if isinstance(row, dict) and "members" not in row and (row.get("town"), row.get("village")) in members:
            row["members"] = members[row.get("town"), row.get("village")]
    return dump_yaml(data)


def _with_folder(text: str, folder: str) -> str:
    """The Chinese text with its folder name added as a field, so the form shows (and requires) it."""
    if not text.startswith("---\n"):
        return text
    return f"---\n{FOLDER_FIELD}: {folder}\n" + text[4:]
