"""`guardians import-xlsx`: a county's public health committee list, kept in Excel on our template, becomes
`content/committees/<county>.yml`.

The workbook (docs/templates/committees.xlsx) has two sheets: 县区 (the county: city, district, the bureau
keeping the list, the day it was updated, as label and value in two columns) and 名单 (one row per village or
community under a row of column labels: town or street, village or community, its code, status, established
date, the chair's post, members by post, the three-person team's health institution and police station).
Columns are found by their labels, in Chinese or English, wherever they stand.

Every cell is read, then the list as it would be written is checked as `guardians check` checks it, against
the rest of the tree (a village listed in another county's file is a duplicate). Every problem is told with
its sheet, row, column and reason, and on any error nothing is written.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from generator.content import safeyaml
from generator.content.load import Kind, RawEntry, RawTree, Source, load_tree
from generator.content.schema import CommitteeStatus, Role
from generator.content.validate import validate_tree
from generator.editions import LANGS, Lang
from generator.messages import MessageError, message
from generator.tools import names
from generator.tools.importdocx import MAX_MEMBERS, MAX_RATIO, MAX_TOTAL
from generator.tools.scaffold import _write_file, dump_yaml

FOLDER = "content/committees"
COUNTY_SHEET = ("县区", "county")
LIST_SHEET = ("名单", "committees")
COUNTY_LABELS: dict[str, tuple[str, ...]] = {
    "city": ("城市", "地级市", "city"),
    "district": ("县（区）", "县区", "区县", "district", "county"),
    "bureau": ("填报单位", "单位", "bureau"),
    "updated": ("更新日期", "updated"),
}
"""The county sheet's labels (left column) for each field."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "town": ("镇（街道）", "镇街", "镇/街道", "town"),
    "village": ("村（社区）", "村居", "村/社区", "village"),
    "code": ("区划代码", "统计用区划代码", "代码", "code"),
    "status": ("状态", "status"),
    "established": ("成立日期", "established"),
    "chair": ("主任职务", "主任", "chair"),
    "members": ("成员", "成员（职务和人数）", "members"),
    "team.health": ("三人小组卫生机构", "卫生机构", "team health"),
    "team.police": ("三人小组派出所", "派出所", "team police"),
}
"""The list sheet's column labels for each field, in template order."""
REQUIRED = ("town", "village", "chair")
MAX_ROWS = 5000
"""More rows than any county has villages: a larger sheet is refused before it is read."""
_STATUS = {"已成立": "established", "筹建中": "preparing", "暂停": "suspended"}
_MEMBER = re.compile(r"(?P<role>.+?)\s*[×xX*:：]?\s*(?P<count>\d+)\s*人?\Z")
_SEPARATORS = re.compile(r"[；;、,，\n]+")


class XlsxError(MessageError):
    """The workbook cannot be read at all (not an .xlsx, a zip bomb, a sheet missing); nothing was written."""


@dataclass(frozen=True)
class Cell:
    """Where a value came from: sheet, row (from 1), column letter and the column's label."""

    sheet: str
    row: int
    column: str = ""
    label: str = ""

    def where(self, lang: Lang) -> str:
        if self.column:
            return message("xlsx-where-cell", lang, sheet=self.sheet, row=self.row, column=self.column,
                           label=self.label)
        return message("xlsx-where-row", lang, sheet=self.sheet, row=self.row)


@dataclass
class Found:
    """One problem of the workbook, at its cell."""

    cell: Cell
    text_zh: str
    text_en: str

    def format(self, lang: Lang) -> str:
        return f"{self.cell.where(lang)}: {self.text_zh if lang == 'zh' else self.text_en}"


@dataclass
class Workbook:
    """What was read: the list's data as it will be written, where each field came from, and what was wrong."""

    data: dict[str, Any]
    county_cells: dict[str, Cell] = field(default_factory=dict)
    row_cells: list[dict[str, Cell]] = field(default_factory=list)
    row_of: list[Cell] = field(default_factory=list)
    problems: list[Found] = field(default_factory=list)

    def report(self, cell: Cell, key: str, **params: object) -> None:
        self.problems.append(Found(cell, *(message(key, lang, **params) for lang in LANGS)))


def _folded(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _match(text: Any, labels: dict[str, tuple[str, ...]]) -> str | None:
    if not isinstance(text, str):
        return None
    folded = _folded(text)
    return next((name for name, words in labels.items() if folded in {_folded(w) for w in words}), None)


def check_archive(path: Path) -> None:
    """Refuse what is not an .xlsx, and zip bombs, before anything is inflated."""
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise XlsxError("xlsx-not-xlsx", name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise XlsxError("xlsx-not-xlsx", name=path.name) from err
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise XlsxError("xlsx-not-xlsx", name=path.name)
    if len(members) > MAX_MEMBERS:
        raise XlsxError("docx-bomb-members", count=len(members), limit=MAX_MEMBERS)
    if sum(m.file_size for m in members) > MAX_TOTAL:
        raise XlsxError("docx-bomb-size", size=sum(m.file_size for m in members), limit=MAX_TOTAL)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise XlsxError("docx-bomb-ratio", member=member.filename, ratio=int(ratio), limit=MAX_RATIO)


def read_workbook(path: Path) -> Workbook:
    """The committee list of a workbook on our template, with every cell's problem."""
    check_archive(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a damaged file: each is told, none is swallowed
        raise XlsxError("xlsx-unreadable", name=path.name, detail=str(err)) from err
    sheets = {_folded(name): name for name in book.sheetnames}
    county_name = next((sheets[_folded(n)] for n in COUNTY_SHEET if _folded(n) in sheets), None)
    list_name = next((sheets[_folded(n)] for n in LIST_SHEET if _folded(n) in sheets), None)
    if county_name is None or list_name is None:
        raise XlsxError("xlsx-no-sheet", sheets="、".join(COUNTY_SHEET[:1] + LIST_SHEET[:1]))
    if (book[list_name].max_row or 0) > MAX_ROWS:
        raise XlsxError("xlsx-too-many-rows", sheet=list_name, limit=MAX_ROWS)
    found = Workbook({})
    _read_county(book[county_name], county_name, found)
    _read_list(book[list_name], list_name, found)
    book.close()
    return found


def _read_county(sheet: Any, name: str, found: Workbook) -> None:
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), 1):
        key = _match(row[0] if row else None, COUNTY_LABELS)
        if key is None:
            continue
        cell = Cell(name, number, "B", str(row[0]).strip())
        found.county_cells[key] = cell
        value = row[1] if len(row) > 1 else None
        if value is None or str(value).strip() == "":
            continue
        if key == "updated":
            day = _day(value)
            if day is None:
                found.report(cell, "date-format", found=value)
                continue
            found.data[key] = day
        else:
            found.data[key] = str(value).strip()
    for key in ("city", "bureau", "updated"):
        if key not in found.data and key not in found.county_cells:
            found.report(Cell(name, 1), "xlsx-no-label", label=COUNTY_LABELS[key][0])
        elif key not in found.data and not any(p.cell == found.county_cells[key] for p in found.problems):
            found.report(found.county_cells[key], "missing")


def _read_list(sheet: Any, name: str, found: Workbook) -> None:
    columns: dict[int, str] = {}
    header = 0
    rows = list(sheet.iter_rows(values_only=True))
    for number, row in enumerate(rows[:5], 1):
        matched = {i: key for i, text in enumerate(row) if (key := _match(text, COLUMNS))}
        if len(matched) >= 2:
            columns, header = matched, number
            break
    labels = {key: str(rows[header - 1][i]).strip() for i, key in columns.items()} if header else {}
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns.values()]
    if missing:
        found.report(Cell(name, header or 1), "xlsx-no-column", labels="、".join(missing))
        return
    committees = []
    for number, row in enumerate(rows[header:], header + 1):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cells = {key: Cell(name, number, openpyxl.utils.get_column_letter(i + 1), labels[key])
                 for i, key in columns.items()}
        values = {key: row[i] for i, key in columns.items() if i < len(row)}
        committees.append(_row(values, cells, found))
        found.row_cells.append(cells)
        found.row_of.append(Cell(name, number))
    found.data["committees"] = committees


def _row(values: dict[str, Any], cells: dict[str, Cell], found: Workbook) -> dict[str, Any]:
    """One committee as it will be written; a cell that cannot be read is reported and left out."""
    row: dict[str, Any] = {}
    for key in REQUIRED:
        if values.get(key) is None or str(values[key]).strip() == "":
            found.report(cells[key], "missing")
    for key in ("town", "village"):
        if values.get(key) is not None and str(values[key]).strip():
            row[key] = str(values[key]).strip()
    code = values.get("code")
    if code is not None and str(code).strip():
        whole = isinstance(code, (int, float)) and float(code).is_integer()
        row["code"] = str(int(code)) if whole else str(code).strip()
    status = values.get("status")
    if status is not None and str(status).strip():
        text = str(status).strip()
        chosen = _STATUS.get(text, text if text in {s.value for s in CommitteeStatus} else None)
        if chosen is None:
            found.report(cells["status"], "xlsx-choice", found=text, choices="、".join(_STATUS))
        elif chosen != CommitteeStatus.ESTABLISHED.value:
            row["status"] = chosen
    established = values.get("established")
    if established is not None and str(established).strip():
        day = _day(established)
        if day is None:
            found.report(cells["established"], "date-format", found=established)
        else:
            row["established"] = day
    chair = values.get("chair")
    if chair is not None and str(chair).strip():
        role = _role(str(chair))
        if role is None:
            found.report(cells["chair"], "xlsx-role", found=str(chair).strip(), choices=_role_names())
        else:
            row["chair"] = role
    members = values.get("members")
    if members is not None and str(members).strip():
        parsed = _members(str(members))
        if isinstance(parsed, str):
            found.report(cells["members"], "xlsx-members", found=parsed, choices=_role_names())
        else:
            row["members"] = parsed
    team = {part: str(values[f"team.{part}"]).strip() for part in ("health", "police")
            if values.get(f"team.{part}") is not None and str(values[f"team.{part}"]).strip()}
    if team:
        row["team"] = team
    return row


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(value))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _role(text: str) -> str | None:
    """A post by its slug or its label in either language (村委会主任, Villagers' committee director)."""
    folded = _folded(text)
    for role in Role:
        if folded in {_folded(role.value), *(_folded(message(f"choice-{role.value}", lang)) for lang in LANGS)}:
            return role.value
    return None


def _role_names() -> str:
    return "、".join(message(f"choice-{role.value}", "zh") for role in Role)


def _members(text: str) -> dict[str, int] | str:
    """`公共卫生委员会委员 4；社区医生 1` → {health-committee-member: 4, community-doctor: 1}; the part that cannot
    be read otherwise."""
    members: dict[str, int] = {}
    for part in _SEPARATORS.split(text.strip()):
        match = _MEMBER.fullmatch(part.strip())
        role = _role(match["role"]) if match else None
        if match is None or role is None or role in members:
            return part.strip()
        members[role] = int(match["count"])
    return members


# --- the template ----------------------------------------------------------------------------------------------

EXAMPLE_COUNTY = (("城市", "韶关市"), ("县（区）", "曲江区"), ("填报单位", "韶关市曲江区民政局"),
                  ("更新日期", "2026-11-20"))
EXAMPLE_ROWS = (
    ("马坝镇", "马坝村", "440205100202", "已成立", "2022-04-15", "村委会主任",
     "公共卫生委员会委员 4；社区医生 1", "马坝镇卫生院", "马坝派出所"),
)


def write_template(path: Path, *, county: tuple[tuple[str, str], ...] = EXAMPLE_COUNTY,
                   rows: tuple[tuple[Any, ...], ...] = EXAMPLE_ROWS) -> None:
    """The workbook bureaus fill in (docs/templates/committees.xlsx): the two sheets, labelled, with an example."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = COUNTY_SHEET[0]
    for label, value in county:
        info.append([label, value])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 14, 30
    sheet = book.create_sheet(LIST_SHEET[0])
    sheet.append([words[0] for words in COLUMNS.values()])
    for row in rows:
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGHI", (14, 18, 16, 10, 12, 18, 36, 18, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


# --- checked against the tree, then written -------------------------------------------------------------------


def import_xlsx(path: Path, root: Path, *, today: date) -> tuple[Path | None, Workbook]:
    """Read the workbook, check the list as it would be written; write it only when nothing is an error."""
    book = read_workbook(path)
    if book.problems:
        return None, book
    raw = load_tree(root)
    slug = names.county_slug(raw, book.data.get("city", ""), book.data.get("district", ""))
    if not slug:
        book.report(book.county_cells.get("district") or book.county_cells["city"], "xlsx-unknown-county",
                    city=book.data.get("city", ""), district=book.data.get("district", ""))
        return None, book
    text = dump_yaml(book.data)
    rel = f"{FOLDER}/{slug}.yml"
    entry = RawEntry(Kind.COMMITTEE, slug, FOLDER, texts={"zh": Source(rel, safeyaml.load(text))})
    tree = RawTree(raw.root, [e for e in raw.entries if e.key != entry.key] + [entry], raw.regions, raw.tags, [], {})
    for item in validate_tree(tree, today=today).problems:
        if item.path == rel and item.level.is_error():
            book.problems.append(Found(_cell_of(item.field, book), item.text("zh"), item.text("en")))
    if book.problems:
        return None, book
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_file(target, text.encode("utf-8"))
    return target, book


def _cell_of(name: str, book: Workbook) -> Cell:
    """The cell a field of the written list came from: `committees[3].team.health` → 名单, its row, its column."""
    match = re.match(r"committees\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?", name)
    if match and int(match[1]) < len(book.row_of):
        index, key = int(match[1]), match[2] or ""
        key = f"team.{match[3]}" if key == "team" and match[3] else key
        return book.row_cells[index].get(key) or book.row_of[index]
    top = name.split(".")[0].split("[")[0]
    return book.county_cells.get(top) or Cell(COUNTY_SHEET[0], 1)


def run(path: Path, root: Path, *, today: date, lang: Lang) -> int:
    """`guardians import-xlsx`: import, then say what was written; nothing is written on any error."""
    try:
        target, book = import_xlsx(path, root, today=today)
    except XlsxError as err:
        print(err.text(lang), file=sys.stderr)
        print(message("import-nothing-written", lang), file=sys.stderr)
        return 1
    if target is None:
        for found in sorted(book.problems, key=lambda f: (f.cell.sheet != COUNTY_SHEET[0], f.cell.row, f.cell.column)):
            print(f"{path.name}: {found.format(lang)}", file=sys.stderr)
        print(message("import-nothing-written", lang), file=sys.stderr)
        return 1
    rows = len(book.data.get("committees", []))
    print(message("xlsx-written", lang, path=target.relative_to(root).as_posix(), rows=rows))
    return 0
