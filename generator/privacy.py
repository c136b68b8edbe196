"""Personal data in submitted text: found, masked and reported.

The scanner looks at every string a reader could see — the body, the
captions and every front-matter value — for five kinds of personal data:

- mainland resident ID numbers: 18 digits whose last character is the
  ISO 7064 MOD 11-2 check character, or the old 15-digit form with a valid
  birth date;
- mobile numbers: `1[3-9]` and nine more digits, optionally after `+86` or
  `0086`, with spaces or dashes between the digits, full-width digits too;
- bank card numbers: 16 to 19 digits (spaces or dashes allowed) that start
  like a card (3, 4, 5 or 6) and pass the Luhn check;
- precise home addresses: a building (栋/幢/座/号楼) followed by a unit
  (单元) or a room (室/号房/房, or bare digits), or a unit followed by a room;
  in English "Building 3, Unit 2, Room 502" and "Room 502, Building 3";
- individual health results: a positive test or a diagnosis (核酸/抗原 …
  阳性, 确诊, 感染者; "tested positive", "diagnosed with") in the same
  sentence as a marker of one person (a surname with 某, an age, 男子/女士,
  他/她, Mr/Ms, he/she). A guide saying what to do "if the result is
  positive" names no one and passes.

Digits are compared after full-width forms are folded to ASCII, and digit
boundaries are lookarounds on digits, because `\\b` does not separate a
digit from a Chinese character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from enum import Enum
from typing import Any

from generator.load import Kind as EntryKind
from generator.load import RawEntry, Source
from generator.problems import Problem, problem


class DataKind(str, Enum):
    """The kinds of personal data the scanner recognises."""

    ID_NUMBER = "id-number"
    MOBILE = "mobile"
    BANK_CARD = "bank-card"
    ADDRESS = "address"
    HEALTH = "health"

    def label(self, lang: str) -> str:
        return _LABELS[self][0 if lang == "zh" else 1]


_LABELS = {
    DataKind.ID_NUMBER: ("身份证号", "resident ID number"),
    DataKind.MOBILE: ("手机号", "mobile number"),
    DataKind.BANK_CARD: ("银行卡号", "bank card number"),
    DataKind.ADDRESS: ("详细住址", "home address"),
    DataKind.HEALTH: ("个人健康信息", "individual health result"),
}

PUBLIC_FIELDS: dict[EntryKind, tuple[tuple[str, ...], ...]] = {
    EntryKind.AWARD: (("feedback",),),
}
"""Fields declared public: an award's feedback contact is meant to be published."""

NEVER_SCANNED: dict[EntryKind, tuple[tuple[str, ...], ...]] = {
    EntryKind.NOMINATION: (("internal",),),
}
"""Fields never published (checked in the output by publish.verify instead)."""


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data: where it starts in the text, what it is, masked."""

    start: int
    end: int
    kind: DataKind
    masked: str


_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "\uff0b": "+", "\uff0d": "-", "\u3000": " ", "\u00a0": " ",
                       "\uff38": "X", "\uff58": "x"})
"""Full-width digits, plus, dash, X and spaces → ASCII, one character for one (offsets are kept)."""

_SEP = r"[ \-]?"
_ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
                   r"(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9+])(?:(?:\+|00)86{_SEP}|\(\+?86\){_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}(?![0-9])")
_CARD = re.compile(rf"(?<![0-9])[3-6](?:{_SEP}\d){{15,18}}(?![0-9])")
_CN_NUM = "[0-9一二三四五六七八九十百零〇]"
_BUILDING = rf"(?:[0-9A-Za-z]{{1,4}}|{_CN_NUM}{{1,4}})(?:栋|幢|座|号楼|号楼栋)"
_UNIT = rf"{_CN_NUM}{{1,3}}单元"
_ROOM = r"\d{2,5}(?:室|号房|房)"
_ADDRESS = re.compile(
    rf"{_BUILDING}\s*(?:{_UNIT}\s*)?(?:{_ROOM}|\d{{3,5}}(?![0-9]))"
    rf"|{_BUILDING}\s*{_UNIT}"
    rf"|{_UNIT}\s*(?:{_ROOM}|\d{{3,5}}(?![0-9]))"
    r"|\b(?:Building|Block|Bldg\.?|Tower)\s+\w{1,4},?\s+(?:Unit\s+\w{1,3},?\s+)?(?:Room|Rm\.?|Flat|Apt\.?)\s+\d{2,5}\b"
    r"|\b(?:Room|Rm\.?|Flat|Apt\.?)\s+\d{2,5},?\s+(?:Unit\s+\w{1,3},?\s+)?(?:Building|Block|Bldg\.?|Tower)\s+\w{1,4}\b",
    re.I,
)
_HEALTH = re.compile(
    r"(?:核酸|抗原)(?:检测)?(?:结果)?(?:呈|为|显示|是)?(?:阳性|弱阳性)"
    r"|检测结果(?:呈|为|显示|是)?阳性"
    r"|确诊(?:为)?(?:新冠)?(?:肺炎)?(?:病例|患者)?"
    r"|(?:无症状)?感染者"
    r"|\btested\s+positive\b|\bpositive\s+(?:PCR|nucleic[- ]acid|antigen|COVID(?:-19)?)\s+test\b"
    r"|\bdiagnosed\s+with\b|\bconfirmed\s+case\b",
    re.I,
)
_PERSON = re.compile(
    r"[\u4e00-\u9fff]某某?|\d{1,3}\s*岁|[男女](?:子|士|性)|[他她](?!们)"
    r"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z]|\b(?:he|she|his|her)\b|\baged\s+\d{1,3}\b|\b\d{1,3}-year-old\b",
)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_NUMBER_CUE = re.compile(r"\d(?:[ \-]?\d){10}")
"""Eleven digits, a space or dash at most between two: every ID, mobile and card number holds such a run."""
_BUILT = "[0-9a-z一二三四五六七八九十百零〇]"
_ADDRESS_CUE = re.compile("|".join([*(f"{w}(?<={_BUILT}{w})" for w in ("栋", "幢", "座", "号楼")),
                                    f"单元(?<={_CN_NUM}单元)", *(rf"{w}\s+\d" for w in ("room", r"rm\.?", "flat", r"apt\.?"))]))
"""What every address holds (in caseless text): a numbered building or unit, or an English room number."""
_HEALTH_CUE = re.compile("核酸|抗原|检测结果|确诊|感染者|tested|positive|diagnosed|confirmed")
"""Words every health result holds (in caseless text)."""
_CASELESS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The letters a case-insensitive pattern takes for ASCII ones beyond their case (İ ı ſ K)."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2: the 18th character of a resident ID number checks the first 17."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a card number."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _keep_ends(value: str, head: int, tail: int) -> str:
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def scan(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, masked, in order; overlapping finds are reported once.

    A pattern runs only on text that holds its cue; most text holds none.
    """
    folded = text.translate(_FOLD)
    caseless = folded.translate(_CASELESS).lower()
    found: list[Finding] = []
    if _NUMBER_CUE.search(folded):
        found += _numbers(folded)
    if _ADDRESS_CUE.search(caseless):
        for m in _ADDRESS.finditer(folded):
            found.append(Finding(m.start(), m.end(), DataKind.ADDRESS, re.sub(rf"{_CN_NUM}", "*", m.group())))
    if _HEALTH_CUE.search(caseless) and _HEALTH.search(folded):
        for sentence in _SENTENCE.finditer(folded):
            health = _HEALTH.search(sentence.group())
            if health and _PERSON.search(sentence.group()):
                start = sentence.start() + health.start()
                found.append(Finding(start, start + len(health.group()), DataKind.HEALTH, health.group()))
    return _first_of_overlaps(found)


def _numbers(folded: str) -> list[Finding]:
    """ID, card and mobile numbers, in that order."""
    found: list[Finding] = []
    for m in _ID18.finditer(folded):
        if id_checksum_ok(m.group()):
            found.append(Finding(m.start(), m.end(), DataKind.ID_NUMBER, _keep_ends(m.group().upper(), 6, 4)))
    for m in _ID15.finditer(folded):
        found.append(Finding(m.start(), m.end(), DataKind.ID_NUMBER, _keep_ends(m.group(), 6, 3)))
    for m in _CARD.finditer(folded):
        digits = _digits(m.group())
        if luhn_ok(digits):
            found.append(Finding(m.start(), m.end(), DataKind.BANK_CARD, _keep_ends(digits, 4, 4)))
    for m in _MOBILE.finditer(folded):
        digits = _digits(m.group())[-11:]
        found.append(Finding(m.start(), m.end(), DataKind.MOBILE, _keep_ends(digits, 3, 4)))
    return found


def _first_of_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the earliest-listed kind where two finds overlap (an ID number is not also a card)."""
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept)


def scan_entry(entry: RawEntry) -> list[Problem]:
    """Personal data anywhere a reader could see it in one raw entry (its name too): each hit is an error."""
    problems = [_problem(entry.where, 0, "", f) for f in scan(entry.slug)]
    for source in entry.texts.values():
        if source.meta is not None:
            for path, value in _strings(source.meta.data, ()):
                if _under(path, PUBLIC_FIELDS.get(entry.kind, ())) or _under(path, NEVER_SCANNED.get(entry.kind, ())):
                    continue
                found = _scan_field(value)
                if found:
                    line = source.meta.line_of(path)
                    problems += [_problem(source.path, line, _field(path), f) for f in found]
        problems += _scan_body(source)
    return problems


@lru_cache(maxsize=1 << 14)
def _scan_field(value: str) -> tuple[Finding, ...]:
    """`scan` of a front-matter name or value: most recur from file to file (keys, cities, roles), scanned once."""
    return tuple(scan(value))


def _scan_body(source: Source) -> list[Problem]:
    found = []
    for finding in scan(source.body):
        line = source.body_line + source.body.count("\n", 0, finding.start)
        found.append(_problem(source.path, line, "", finding))
    return found


def _problem(path: str, line: int, field: str, finding: Finding) -> Problem:
    return problem(path, line, field, "personal-data", kind_zh=finding.kind.label("zh"),
                   kind_en=finding.kind.label("en"), masked=finding.masked)


def _strings(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in parsed YAML (keys included), with its field path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,), str(key)
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))
    elif isinstance(data, int) and not isinstance(data, bool):
        yield path, str(data)


def _under(path: tuple[str | int, ...], prefixes: tuple[tuple[str, ...], ...]) -> bool:
    return any(path[: len(p)] == p for p in prefixes)


def _field(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def mask(text: str) -> str:
    """`text` with every piece of personal data replaced by its masked form (for reports)."""
    out, last = [], 0
    for finding in scan(text):
        out += [text[last:finding.start], finding.masked]
        last = finding.end
    return "".join(out) + text[last:]
