"""Handouts and slides of training sessions: what a file is by its bytes, and what it would publish (pure).

A training session's folder holds PDF files and PowerPoint decks (PPTX) that
are published as they are, so they are judged by their bytes, never by their
names: a `.pdf` that is not a PDF, a deck that is not a zip of slides, is
refused. A file is refused too when it carries what must not be published:
active content (scripts, launch actions, macros, embedded files), links that
would fetch from another host, an author or editor named in its properties,
speaker notes or comments (where reviewers write), personal data
(`privacy.scan`) or a nomination's internal value (`internal.Quotes`) in its
text. The text is what a reader can extract: a PDF's strings, compressed
streams inflated up to a limit; a deck's slides, as XML text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from generator.content import privacy
from generator.content.internal import Quotes, Secret
from generator.content.load import RawEntry
from generator.content.readertext import compact
from generator.problems import Problem, problem

MAX_INFLATED = 50 * 1024 * 1024
"""Most bytes a file's compressed parts may inflate to (all together) before it is refused as a bomb."""


class FileType(str, Enum):
    """The kinds of file a session may attach, named by their suffix."""

    PDF = "pdf"
    PPTX = "pptx"

    @classmethod
    def of_name(cls, name: str) -> FileType | None:
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return next((t for t in cls if t.value == suffix), None)


def type_of_bytes(data: bytes) -> FileType | None:
    """What `data` is by its bytes: a PDF (`%PDF-` header), a PPTX (a zip with `ppt/presentation.xml`), or None."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as deck:
                names = set(deck.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "ppt/presentation.xml" in names and "[Content_Types].xml" in names:
            return FileType.PPTX
    return None


@dataclass(frozen=True)
class Finding:
    """Why a file cannot be published: a message key and its parameters."""

    key: str
    detail: str = ""


_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|SubmitForm|ImportData|URI|GoToR|Encrypt)\b")
_PDF_PERSON = re.compile(rb"/(Author|Creator)\s*(\((?:\\.|[^\\)])+\)|<[0-9A-Fa-f\s]+>)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)")


def _inflated(data: bytes, budget: list[int]) -> bytes | None:
    """A stream inflated within what is left of the budget; None when it is not deflated; raises on a bomb."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, budget[0] + 1)
    except zlib.error:
        return None
    if len(out) > budget[0] or inflater.unconsumed_tail:
        raise OverflowError
    budget[0] -= len(out)
    return out


def _pdf_string(raw: bytes) -> str:
    inner = raw[1:-1]
    inner = re.sub(rb"\\([()\\])", rb"\1", inner)
    if inner.startswith(b"\xfe\xff"):
        return inner[2:].decode("utf-16-be", "replace")
    return inner.decode("utf-8", "replace")


def pdf_findings(data: bytes) -> tuple[list[Finding], str]:
    """What a PDF holds that may not be published, and its text as far as it can be extracted."""
    findings: list[Finding] = []
    parts = [data]
    budget = [MAX_INFLATED]
    for stream in _PDF_STREAM.finditer(data):
        try:
            inflated = _inflated(stream.group(1), budget)
        except OverflowError:
            return [Finding("material-bomb")], ""
        if inflated is not None:
            parts.append(inflated)
    for part in parts:
        for found in _PDF_ACTIVE.finditer(part):
            name = found.group(1).decode()
            findings.append(Finding("material-external" if name in ("URI", "GoToR") else "material-active", name))
        for found in _PDF_PERSON.finditer(part):
            if found.group(2) not in (b"()", b"<>", b"<FEFF>", b"<feff>"):
                findings.append(Finding("material-author", found.group(1).decode()))
    text = "\n".join(_pdf_string(s.group()) for part in parts for s in _PDF_STRING.finditer(part))
    return list(dict.fromkeys(findings)), text


_XML_TEXT = re.compile(r"<a:t>([^<]*)</a:t>")
_PERSON_PROPS = re.compile(r"<(dc:creator|cp:lastModifiedBy)>\s*([^<\s][^<]*)</\1>")
_EXTERNAL = re.compile(r'TargetMode="External"')


def pptx_findings(data: bytes) -> tuple[list[Finding], str]:
    """What a PPTX holds that may not be published, and the text of its slides."""
    findings: list[Finding] = []
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        infos = deck.infolist()
        if sum(i.file_size for i in infos) > MAX_INFLATED:
            return [Finding("material-bomb")], ""
        for info in infos:
            name = info.filename
            lower = name.lower()
            if lower.endswith(".bin") and ("vba" in lower or "activex" in lower) or "/embeddings/" in lower:
                findings.append(Finding("material-active", name))
            if lower.startswith(("ppt/notesslides/", "ppt/comments/", "ppt/commentauthors")) and lower.endswith(
                    ".xml"):
                findings.append(Finding("material-notes", name))
            if not lower.endswith((".xml", ".rels")):
                continue
            xml = deck.read(info).decode("utf-8", "replace")
            if lower.endswith(".rels") and _EXTERNAL.search(xml):
                findings.append(Finding("material-external", name))
            if lower == "docprops/core.xml":
                findings += [Finding("material-author", m.group(1)) for m in _PERSON_PROPS.finditer(xml)]
            if lower.startswith("ppt/slides/") and lower.endswith(".xml"):
                texts += _XML_TEXT.findall(xml)
    return list(dict.fromkeys(findings)), "\n".join(texts)


def _findings(kind: FileType, data: bytes) -> tuple[list[Finding], str]:
    return pdf_findings(data) if kind is FileType.PDF else pptx_findings(data)


def scan_entry(item: RawEntry, quotes: Quotes) -> list[Problem]:
    """Every attached file of a training session judged by its bytes: its type, what it would publish."""
    problems: list[Problem] = []
    for name, data in sorted(item.blobs.items()):
        path = f"{item.folder}/{name}"
        named = FileType.of_name(name)
        found = type_of_bytes(data)
        if named is None:
            problems.append(problem(path, 0, "", "material-type", found=name))
            continue
        if found is not named:
            problems.append(problem(path, 0, "", "material-bytes", found=name, expected=named.value.upper()))
            continue
        findings, text = _findings(found, data)
        problems += [problem(path, 0, "", f.key, found=f.detail) for f in findings]
        problems += [privacy_problem(path, f) for f in privacy.scan(text) if f.kind.is_certain()]
        problems += [problem(path, 0, "", "internal-quoted", internal=s.field, masked=s.masked, source=s.path)
                     for s in _secrets(quotes, text)]
    return problems


def privacy_problem(path: str, finding: privacy.Finding) -> Problem:
    """Personal data found in an attached file."""
    return problem(path, 0, "", "personal-data", kind_zh=finding.kind.label("zh"), kind_en=finding.kind.label("en"),
                   masked=finding.masked)


def _secrets(quotes: Quotes, text: str) -> Iterator[Secret]:
    seen = set()
    for _, secret in quotes.find(compact(text)):
        if secret not in seen:
            seen.add(secret)
            yield secret
