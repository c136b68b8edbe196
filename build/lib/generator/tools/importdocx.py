"""`guardians import-docx`: a story written in Word, on our template, becomes a story bundle.

The document starts with a small table of metadata (title, date, city,
district, community, workers, author, unit…; see docs/templates/story.docx).
What follows the table is the story: headings, lists, bold and italic become
Markdown; embedded photos are extracted with the caption written under each
one. The bundle is then written by the same code as `guardians new story`,
which checks every field first, so a document with a mistake writes nothing.

The file is checked before it is opened: it must be a ZIP holding
word/document.xml, and its declared sizes and compression ratios must be
those of a document, not of a zip bomb (Python's zipfile never inflates a
member past its declared size, so checking those bounds the memory used).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.editions import Lang
from generator.messages import MessageError, message
from generator.problems import Problem, problem
from generator.tools.scaffold import Draft, ScaffoldError, fill, refused, write, written_report

MAX_TOTAL = 80 * 1024 * 1024
"""Largest total uncompressed size accepted (photos included)."""
MAX_MEMBERS = 2000
MAX_RATIO = 100
"""Largest compression ratio of a member over 1 MiB; text compresses ~10×, a zip bomb ~1000×."""
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
"""Images of documents converted from the old .doc format."""
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "title"),
    "date": ("日期", "date"),
    "city": ("城市", "city"),
    "district": ("区县", "区", "县", "district"),
    "community": ("社区", "村", "社区或村", "community"),
    "workers": ("人物", "工作者", "先进人物", "workers"),
    "tags": ("标签", "tags"),
    "summary": ("摘要", "summary"),
    "author": ("作者", "author"),
    "unit": ("单位", "作者单位", "unit"),
    "slug": ("文件夹名", "slug"),
}
"""The metadata table's labels, in Chinese or English, for each field."""
_CAPTION_PREFIX = re.compile(r"^\s*(图|圖|照片|Photo|Figure|Fig\.?)\s*\d*\s*[：:.、\s]\s*", re.IGNORECASE)


class DocxError(MessageError):
    """The document cannot be read at all (not a .docx, a zip bomb, no metadata table); nothing was written."""


@dataclass
class Story:
    """What was read from the document, and where in it each part was written."""

    meta: dict[str, str]
    body: str
    photos: list[tuple[bytes, str, str]] = field(default_factory=list)
    """(image bytes, file suffix, caption) in document order."""
    cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Field → (row of the table from 1, the label as written in its left cell)."""
    paragraphs: list[int] = field(default_factory=list)
    """Line of the body (from 0) → the paragraph of the document's text it came from (from 1)."""
    problems: list[Problem] = field(default_factory=list)
    """What is wrong in the text or photos (a photo without a caption…), found while reading the rest."""

    def origin(self, lang: Lang) -> dict[str, str]:
        """Each field as the user knows it: the table's cell, or the row the table lacks."""
        found = {name: message("where-docx-cell", lang, row=row, label=text)
                 for name, (row, text) in self.cells.items()}
        for name, labels in LABELS.items():
            if name not in found and name != "slug":
                found[name] = message("where-docx-no-row", lang, label=labels[0] if lang == "zh" else labels[-1])
        if "slug" not in found:
            found["slug"] = message("where-docx-slug", lang)
        return found

    def paragraph(self, line: int, lang: Lang) -> str:
        """Line `line` (from 1) of the body → `正文第 3 段`."""
        number = self.paragraphs[min(line, len(self.paragraphs)) - 1] if self.paragraphs else 1
        return message("where-docx-paragraph", lang, number=number)


def check_archive(path: Path) -> None:
    """Refuse what is not a .docx, and zip bombs, before anything is inflated."""
    if path.suffix.lower() == ".doc":
        raise DocxError("docx-old-format", name=path.name)
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise DocxError("docx-not-docx", name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise DocxError("docx-not-docx", name=path.name) from err
    names = {m.filename for m in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise DocxError("docx-not-docx", name=path.name)
    if len(members) > MAX_MEMBERS:
        raise DocxError("docx-bomb-members", count=len(members), limit=MAX_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL:
        raise DocxError("docx-bomb-size", size=total, limit=MAX_TOTAL)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise DocxError("docx-bomb-ratio", member=member.filename, ratio=int(ratio), limit=MAX_RATIO)


def read_story(path: Path) -> Story:
    """The metadata table, the body as Markdown and the photos of a checked .docx.

    Raises DocxError only when nothing can be read; every problem of the text and photos is in `Story.problems`.
    """
    check_archive(path)
    try:
        document = docx.Document(str(path))
    except Exception as err:  # noqa: BLE001 — python-docx raises many kinds for a damaged file
        raise DocxError("docx-unreadable", name=path.name, detail=f"{type(err).__name__}: {err}") from err
    blocks = list(document.iter_inner_content())
    found = next(((i, b) for i, b in enumerate(blocks) if isinstance(b, Table) and _metadata(b)), None)
    if found is None:
        raise DocxError("docx-no-table")
    at, table = found
    writer = _Markdown(document)
    for block in blocks[at + 1:]:
        writer.block(block)
    body, paragraphs = writer.text()
    body_element = document.element.body
    images = sum(1 for _ in body_element.iter(qn("a:blip"))) + sum(1 for _ in body_element.iter(_VML_IMAGE))
    seen = len(writer.photos) + writer.refused
    if images > seen:
        writer.problems.append(problem(path.name, 0, "", "docx-image-elsewhere", count=images - seen))
    return Story(_metadata(table), body, writer.photos, _cells(table), paragraphs, writer.problems)


def _label(text: str) -> str | None:
    """The field a label cell names: `标题 Title`, `城市：`, `作者单位（Unit）` all work."""
    words = [w for w in re.split(r"[\s/／（）()：:]+", text.strip().lower()) if w]
    for name, labels in LABELS.items():
        if words and (words[0] in labels or " ".join(words) in labels):
            return name
    return None


def _metadata(table: Table) -> dict[str, str]:
    """Label → value from a two-column table; empty when it is not our metadata table."""
    found: dict[str, str] = {}
    for row in table.rows:
        cells = row.cells
        if len(cells) < 2:
            continue
        name = _label(cells[0].text)
        value = "\n".join(p.text for p in cells[-1].paragraphs).strip()
        if name and value:
            found[name] = value
    return found if "title" in found or len(found) >= 3 else {}


def _cells(table: Table) -> dict[str, tuple[int, str]]:
    """Field → its row (from 1) and its label as written, for every row of the table that names a field."""
    found: dict[str, tuple[int, str]] = {}
    for number, row in enumerate(table.rows, 1):
        name = _label(row.cells[0].text) if len(row.cells) >= 2 else None
        if name and name not in found:
            found[name] = (number, " ".join(row.cells[0].text.split()).rstrip("：:"))
    return found


class _Markdown:
    """Word paragraphs → Markdown lines, collecting photos and their captions."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines: list[str] = []
        self.at: list[int] = []
        """The paragraph of the document each line comes from."""
        self.paragraph = 0
        self.photos: list[tuple[bytes, str, str]] = []
        self.waiting: list[tuple[bytes, str]] = []
        """Photos seen whose caption has not come yet."""
        self.refused = 0
        """Images not taken (not a photo format)."""
        self.problems: list[Problem] = []

    def text(self) -> tuple[str, list[int]]:
        """The Markdown body, and the paragraph each of its lines comes from."""
        self._uncaptioned()
        lines: list[str] = []
        at: list[int] = []
        for line, number in zip(self.lines, self.at, strict=True):
            if line.strip() or (lines and lines[-1]):
                lines.append(line if line.strip() else "")
                at.append(number)
        while lines and not lines[-1]:
            lines.pop()
            at.pop()
        return "\n".join(lines) + "\n", at

    def _add(self, *lines: str) -> None:
        self.lines += lines
        self.at += [self.paragraph] * len(lines)

    def _uncaptioned(self) -> None:
        """The photos waiting for a caption get none: each is a problem, and keeps its number."""
        for data, suffix in self.waiting:
            self.problems.append(problem("", 0, f"photos[{len(self.photos)}]", "docx-no-caption",
                                         number=len(self.photos) + 1))
            self.photos.append((data, suffix, ""))
        self.waiting = []

    def block(self, block: Paragraph | Table) -> None:
        if isinstance(block, Table):
            self.paragraph += 1
            self._table(block)
            return
        style = (block.style.name if block.style is not None else "").lower()
        images = self._images(block)
        inline = self._inline(block).strip()
        if inline:
            self.paragraph += 1
        if self.waiting and not images:
            if not inline:
                return
            if re.search(r"caption|题注", style) or _CAPTION_PREFIX.match(block.text):
                caption = _CAPTION_PREFIX.sub("", inline).strip("*_ ")
                self.photos += [(data, suffix, caption) for data, suffix in self.waiting]
                self.waiting = []
                return
            self._uncaptioned()
        if images:
            self._uncaptioned()
            self.waiting = images
        if not inline:
            return
        heading = re.match(r"(?:heading|标题)\s*(\d)", style)
        if heading:
            self._blank()
            self._add("#" * min(int(heading[1]) + 1, 4) + " " + inline.strip("*"), "")
        elif re.search(r"list bullet|列表项目符号", style) or self._numbered(block) == "bullet":
            self._add("- " + inline)
        elif re.search(r"list number|列表编号", style) or self._numbered(block) == "decimal":
            previous = re.match(r"(\d+)\. ", self.lines[-1]) if self.lines else None
            self._add(f"{int(previous[1]) + 1 if previous else 1}. " + inline)
        elif re.search(r"^title$|^subtitle$", style):
            return
        else:
            self._blank()
            self._add(inline, "")

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self._add("")

    def _numbered(self, paragraph: Paragraph) -> str | None:
        """'bullet' or 'decimal' for a paragraph numbered directly (not by a list style)."""
        num = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is None:
            return None
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return "bullet"
        num_id = num.get(qn("w:val"))
        for item in numbering.findall(qn("w:num")):
            if item.get(qn("w:numId")) == num_id:
                abstract = item.find(qn("w:abstractNumId")).get(qn("w:val"))
                for definition in numbering.findall(qn("w:abstractNum")):
                    if definition.get(qn("w:abstractNumId")) == abstract:
                        fmt = definition.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
                        return "bullet" if fmt is None or fmt.get(qn("w:val")) == "bullet" else "decimal"
        return "bullet"

    def _inline(self, paragraph: Paragraph) -> str:
        """The runs of a paragraph with bold, italic and links as Markdown; alike runs are merged first."""
        out = ""
        pending: list[tuple[bool, bool, str]] = []
        for item in paragraph.iter_inner_content():
            if isinstance(item, Run):
                style = (bool(item.bold), bool(item.italic))
                if pending and pending[-1][:2] == style:
                    pending[-1] = (*style, pending[-1][2] + item.text)
                else:
                    pending.append((*style, item.text))
                continue
            out += "".join(_emphasis(*p) for p in pending)
            pending = []
            # not a run: a hyperlink
            text = _escape(item.text)
            url = item.url or ""
            out += f"[{text}]({url})" if text and url.startswith(("https://", "http://")) else text
        return out + "".join(_emphasis(*p) for p in pending)

    def _images(self, paragraph: Paragraph) -> list[tuple[bytes, str]]:
        found: list[tuple[bytes, str]] = []
        for blip in paragraph._p.iter(qn("a:blip"), _VML_IMAGE):
            rid = blip.get(qn("r:embed")) or blip.get(qn("r:id"))
            part = self.document.part.related_parts.get(rid) if rid else None
            if part is None:
                continue
            suffix = PHOTO_TYPES.get(part.content_type)
            if suffix is None:
                number = len(self.photos) + len(self.waiting) + len(found) + self.refused + 1
                self.problems.append(problem("", 0, "", "docx-image-format", number=number, found=part.content_type))
                self.refused += 1
                continue
            found.append((part.blob, suffix))
        return found

    def _table(self, table: Table) -> None:
        rows = [[_escape(c.text.strip()).replace("|", "\\|").replace("\n", " ") for c in r.cells]
                for r in table.rows]
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self._blank()
        self._add("| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width,
                  *["| " + " | ".join(r) + " |" for r in rows[1:]], "")


def _emphasis(bold: bool, italic: bool, text: str) -> str:
    """`**text**`, `*text*` or `***text***`, with the spaces around kept outside the marks."""
    text = _escape(text)
    if not text.strip() or not (bold or italic):
        return text
    lead, core, trail = re.match(r"(\s*)(.*?)(\s*)\Z", text, re.S).groups()  # type: ignore[union-attr]
    marks = "***" if bold and italic else "**" if bold else "*"
    return f"{lead}{marks}{core}{marks}{trail}"


def _escape(text: str) -> str:
    """Characters that would be read as Markdown or HTML are kept as text."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    return re.sub(r"^(\s*)([#+\-]|\d+\.)(\s)", r"\1\\\2\3", text, flags=re.M)


def answers(story: Story) -> dict[str, str]:
    """The table's values as answers to `guardians new story`: dates as written in Chinese made ISO, workers by
    name or folder name (resolved with the other answers), the status `review`."""
    given = dict(story.meta)
    if "date" in given:
        given["date"] = _iso_date(given["date"])
    if "workers" in given:
        given["workers"] = "、".join(w for w in re.split(r"\s*[,，、;；\n]\s*", given["workers"]) if w)
    given.setdefault("status", "review")
    return {k: v for k, v in given.items() if v}


def _iso_date(text: str) -> str:
    """`2022年4月12日`, `2022.4.12`, `2022/04/12` → `2022-04-12`; anything else is left for the check."""
    match = re.fullmatch(r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*", text)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text.strip()


def import_docx(path: Path, root: Path, *, today: date, lang: Lang, replace: bool = False
                ) -> tuple[Draft, list[Path]]:
    """Read, check, and write the bundle; raises DocxError or ScaffoldError (with every problem) having written
    nothing. An earlier import of the same story is replaced when it was not edited since, or with `replace`."""
    story = read_story(path)
    with tempfile.TemporaryDirectory() as scratch:
        photos = []
        for i, (data, suffix, caption) in enumerate(story.photos):
            file = Path(scratch) / f"photo-{i + 1}{suffix}"
            file.write_bytes(data)
            photos.append((file, caption))
        draft = fill("story", root, answers(story), today=today, lang=lang, prompts=None, photos=photos,
                     origin=story.origin(lang))
        draft.found += story.problems
        draft.body = story.body
        draft.body_where = lambda line: story.paragraph(line, lang)
        draft.tool, draft.replace = "import-docx", replace
        return draft, write(draft)


def run(path: Path, root: Path, *, today: date, lang: Lang, replace: bool = False) -> int:
    """`guardians import-docx`: import, then print the check report; nothing is written on any error."""
    try:
        draft, written = import_docx(path, root, today=today, lang=lang, replace=replace)
    except (DocxError, ScaffoldError) as err:
        return refused(err, lang)
    return written_report(draft, written, lang=lang)
