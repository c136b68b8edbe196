"""Personal data in what a reader will see: found, masked and reported.

The scanner reads every published string — body, title, summary, captions,
credits, alt text, names, tags, the award's feedback contact, every other
front-matter value and key, folder and file names — as a reader receives it
(`generator.content.readertext`: Markdown marks and link syntax flattened, entities
decoded, NFKC so that full-width and mathematical digits are ASCII,
invisible characters removed), and looks there for:

- resident ID numbers: 18 characters shaped like one (a province code, a
  birth date, a check character); with a valid ISO 7064 MOD 11-2 check
  character it is an ID number, with a wrong one it still "looks like an ID
  number" (a mistyped ID is still someone's); the old 15-digit form too;
- mobile numbers: `1[3-9]` and nine more digits, after `+86` or `0086` or
  not; written wholly in Chinese numerals (一三九…) it is a warning;
- bank card numbers: 16 to 19 digits starting with 3, 4, 5 or 6 that pass
  the Luhn check;
- home addresses: a building (栋/幢/座/号楼) with a unit (单元) or a room
  (室/号房/房, or bare digits), a unit with a room, `3-2-502室`, in digits or
  Chinese numerals, with separators between the parts; in English
  "Building 3, Unit 2, Room 502" and "Room 502, Block 7";
- an individual's health result: a positive test or a diagnosis in the same
  sentence as one person (张某, 王女士, an age, 他/她, Mr/Ms, he/she), or
  right after a name (张伟的核酸检测结果：阳性). A guide saying what to do
  "if the result is positive" names no one and passes.

Digits are read in runs: digit groups joined by any run of separators a
reader reads through (spaces of every width, dots, hyphens and dashes,
slashes, brackets, a line break inside a paragraph). A number is made of
whole groups of one run, so a date or a list number beside it does not hide
it, and groups written on their own are read before groups joined (and,
among joined ones, an ID number before a card before a mobile number), so
each finding names its kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from generator.content.load import Kind as EntryKind
from generator.content.load import RawEntry, Source
from generator.content.readertext import fold, link_targets, markdown_lines, reader_line
from generator.problems import Level, Problem, problem


class DataKind(str, Enum):
    """The kinds of personal data the scanner recognises."""

    ID_NUMBER = "id-number"
    ID_SHAPED = "id-shaped"
    MOBILE = "mobile"
    MOBILE_IN_WORDS = "mobile-in-words"
    BANK_CARD = "bank-card"
    ADDRESS = "address"
    HEALTH = "health"

    def label(self, lang: str) -> str:
        return _LABELS[self][0 if lang == "zh" else 1]

    def is_certain(self) -> bool:
        """An error; a mobile number in Chinese numerals is only a warning (the words may mean something else)."""
        return self is not DataKind.MOBILE_IN_WORDS


_LABELS = {
    DataKind.ID_NUMBER: ("身份证号", "resident ID number"),
    DataKind.ID_SHAPED: ("疑似身份证号，校验位不符", "what looks like a resident ID number, with a wrong check digit"),
    DataKind.MOBILE: ("手机号", "mobile number"),
    DataKind.MOBILE_IN_WORDS: ("用汉字写的手机号", "mobile number in Chinese numerals"),
    DataKind.BANK_CARD: ("银行卡号", "bank card number"),
    DataKind.ADDRESS: ("详细住址", "home address"),
    DataKind.HEALTH: ("个人健康信息", "individual health result"),
}

_PHONES = frozenset({DataKind.MOBILE, DataKind.MOBILE_IN_WORDS})
PUBLIC_CONTACTS: dict[EntryKind, dict[tuple[str, ...], frozenset[DataKind]]] = {
    EntryKind.AWARD: {
        ("feedback",): _PHONES,
        ("feedback", "address"): _PHONES | {DataKind.ADDRESS},
        ("en", "contact"): _PHONES,
    },
}
"""Fields declared public contacts, with what they may hold: an award's feedback office publishes its phone
(a mobile number there is the bureau's) and its postal address on purpose. An ID number, a card, a health
result, or an address outside `feedback.address`, is still an error there. The longest prefix decides."""

NEVER_SCANNED: dict[EntryKind, tuple[tuple[str, ...], ...]] = {
    EntryKind.NOMINATION: (("internal",),),
}
"""Fields never published (checked in the output by publish.verify instead)."""


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data: where it lies in the text scanned, what it is, masked."""

    start: int
    end: int
    kind: DataKind
    masked: str


# --- numbers -----------------------------------------------------------------

_HAN_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "幺": 1, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7,
              "捌": 8, "玖": 9}
_HAN_DIGITS = "".join(_HAN_VALUE)
_HAN_VALUES = str.maketrans({char: str(value) for char, value in _HAN_VALUE.items()})
"""Chinese numerals as digits (幺 is 1 as read out in phone numbers; 壹… are the financial forms)."""
_DIGIT = f"[0-9{_HAN_DIGITS}]"
_SEPARATORS = r"\s.\-/()\[\]{}【】〔〕·•・‧∙⋅‐‑‒–—―−⁄∕\\"
"""What a reader reads through between digits: spaces (NFKC made every width one), dots, hyphens and dashes,
slashes and brackets."""
_GROUP = re.compile(rf"{_DIGIT}+(?:[Xx](?![A-Za-z]))?")
_RUN = re.compile(rf"{_GROUP.pattern}(?:[{_SEPARATORS}]+{_GROUP.pattern})*")
_NUMBER_CUE = re.compile(rf"{_DIGIT}(?:[{_SEPARATORS}]*{_DIGIT}){{10}}")
"""Eleven digits joined by separators: every ID, mobile and card number holds such a run."""
_LONGEST = 19

_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                       "61 62 63 64 65 71 81 82 83 91".split())
"""The first two digits of a resident ID number (and of the permits for Hong Kong, Macao, Taiwan and foreign
residents)."""
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID18 = re.compile(rf"\d{{6}}(?:18|19|20)\d{{2}}{_MONTH_DAY}\d{{3}}[\dX]")
_ID15 = re.compile(rf"\d{{8}}{_MONTH_DAY}\d{{3}}")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
_CARD = re.compile(r"[3-6]\d{15,18}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2: the 18th character of a resident ID number checks the first 17."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
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


def _keep_ends(value: str, head: int, tail: int) -> str:
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


Reading = tuple[DataKind, str] | None
"""What a number is, and its masked form; None when it is none of the kind tested."""


def _valid_id(written: str, digits: str) -> Reading:
    if _ID18.fullmatch(digits) and digits[:2] in _PROVINCES and id_checksum_ok(digits):
        return DataKind.ID_NUMBER, _keep_ends(written.upper(), 6, 4)
    return None


def _shaped_id(written: str, digits: str) -> Reading:
    if _ID18.fullmatch(digits) and digits[:2] in _PROVINCES:
        return DataKind.ID_SHAPED, _keep_ends(written.upper(), 6, 4)
    return None


def _old_id(written: str, digits: str) -> Reading:
    if _ID15.fullmatch(digits) and digits[:2] in _PROVINCES:
        return DataKind.ID_NUMBER, _keep_ends(written, 6, 3)
    return None


def _card(written: str, digits: str) -> Reading:
    if _CARD.fullmatch(digits) and luhn_ok(digits):
        return DataKind.BANK_CARD, _keep_ends(written, 4, 4)
    return None


def _mobile(written: str, digits: str) -> Reading:
    match = _MOBILE.fullmatch(digits)
    if match is None:
        return None
    number = written[match.start(1):]
    kind = DataKind.MOBILE_IN_WORDS if all(c in _HAN_DIGITS for c in number) else DataKind.MOBILE
    return kind, _keep_ends(number, 3, 4)


_READINGS: tuple[Callable[[str, str], Reading], ...] = (_valid_id, _card, _shaped_id, _old_id, _mobile)
"""In order of precedence where two readings of one run overlap."""


def _numbers(text: str) -> list[Finding]:
    """ID, card and mobile numbers, each made of whole digit groups of one run."""
    found: list[Finding] = []
    for run in _RUN.finditer(text):
        groups = [(run.start() + m.start(), m.group()) for m in _GROUP.finditer(run.group())]
        spans = []
        for i in range(len(groups)):
            length = 0
            for j in range(i, len(groups)):
                length += len(groups[j][1])
                if length > _LONGEST:
                    break
                if length >= 11:
                    spans.append((j > i, i, j))
        taken: set[int] = set()
        for joined in (False, True):
            for reading in _READINGS:
                for is_joined, i, j in spans:
                    if is_joined is not joined or not taken.isdisjoint(range(i, j + 1)):
                        continue
                    written = "".join(g for _, g in groups[i:j + 1])
                    result = reading(written, written.translate(_HAN_VALUES).upper())
                    if result is not None:
                        taken.update(range(i, j + 1))
                        start, last = groups[i][0], groups[j]
                        found.append(Finding(start, last[0] + len(last[1]), *result))
    return found


# --- addresses ---------------------------------------------------------------

_NUMERAL = "[0-9〇零一二三四五六七八九十百]"
_SEP = f"[{_SEPARATORS}]"
_NUM = rf"{_NUMERAL}(?:{_SEP}{{0,2}}{_NUMERAL}){{0,5}}"
_GAP = rf"[{_SEPARATORS},，、]{{0,4}}"
_BUILDING = rf"(?:[A-Za-z]{{1,2}}{_SEP}{{0,2}}(?:{_NUM})?|{_NUM}[A-Za-z]?){_SEP}{{0,2}}(?:栋|幢|座|号楼)"
_UNIT = rf"{_NUM}{_SEP}{{0,2}}单元"
_ROOM = rf"{_NUM}{_SEP}{{0,2}}(?:室|号房|房(?![屋子间产东租价]))"
_BARE_ROOM = (rf"(?:[0-9](?:{_SEP}{{0,2}}[0-9]){{2,4}}|[〇零一二三四五六七八九]{{3,4}})"
              rf"(?![0-9〇零一二三四五六七八九十百]|{_SEP}{{0,2}}"
              r"(?:户|人|名|个|位|家|余|多|万|元|平|米|岁|年|月|日|次|份|件|间|套|层|辆|台|栋|幢|座|号|单元|[A-Za-z]))")
_DASH = "[-‐‑‒–—―−/]"
_ZH_ADDRESS = re.compile(
    rf"{_BUILDING}{_GAP}{_UNIT}(?:{_GAP}(?:{_ROOM}|{_BARE_ROOM}))?"
    rf"|{_BUILDING}{_GAP}(?:{_ROOM}|{_BARE_ROOM})"
    rf"|{_UNIT}{_GAP}(?:{_ROOM}|{_BARE_ROOM})"
    rf"|(?<![0-9])[0-9]{{1,3}}{_DASH}[0-9]{{1,2}}{_DASH}[0-9]{{3,4}}(?:室|房)"
)
_ZH_ADDRESS_CUE = re.compile("[栋幢座元室房]")
"""The last character of a building, a unit or a room: every Chinese address holds one."""
_REACH = (40, 40)
"""How far an address reaches before and after one of its cue characters."""
_EN_BUILDING = r"(?:Building|Block|Bldg\.?|Tower)\s*#?\s*\w{1,4}"
_EN_ROOM = r"(?:Room|Rm\.?|Flat|Apt\.?)\s*#?\s*\d{2,5}"
_EN_GAP = r"[\s,;\-–—/]*"
_EN_ADDRESS = re.compile(
    rf"\b{_EN_BUILDING}{_EN_GAP}(?:Unit\s*\w{{1,3}}{_EN_GAP})?{_EN_ROOM}\b"
    rf"|\b{_EN_ROOM}{_EN_GAP}(?:Unit\s*\w{{1,3}}{_EN_GAP})?{_EN_BUILDING}\b",
    re.I,
)
_EN_ADDRESS_CUE = ("room", "rm", "flat", "apt")
"""Words every English address holds (looked for in lower case)."""
_MASKED_NUMERAL = re.compile(_NUMERAL)


def _addresses(text: str, lower: str) -> list[Finding]:
    """Chinese addresses around their cue characters (a whole text is not searched), then English ones."""
    matches: list[re.Match[str]] = []
    for start, end in _windows(text, _ZH_ADDRESS_CUE, _REACH):
        matches += _ZH_ADDRESS.finditer(text, start, end)
    if any(word in lower for word in _EN_ADDRESS_CUE):
        matches += _EN_ADDRESS.finditer(text)
    return [Finding(m.start(), m.end(), DataKind.ADDRESS, _MASKED_NUMERAL.sub("*", m.group())) for m in matches]


def _windows(text: str, cue: re.Pattern[str], reach: tuple[int, int]) -> list[tuple[int, int]]:
    """The stretches of `text` within `reach` (before, after) of a match of `cue`, overlapping ones joined."""
    windows: list[tuple[int, int]] = []
    for match in cue.finditer(text):
        start, end = max(0, match.start() - reach[0]), match.end() + reach[1]
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


# --- health ------------------------------------------------------------------

_POSITIVE = r"[：:\s]*(?:呈|为|显示|是)?[：:\s]*弱?阳性"
_HEALTH_ZH = (rf"(?:核酸|抗原)(?:自测|检测|筛查|复检|初筛|采样)?(?:结果)?{_POSITIVE}|(?:检测)?结果{_POSITIVE}|复阳"
              r"|被确诊(?:为)?(?:新冠)?(?:肺炎)?(?:病例|患者)?|确诊(?:为|了)(?:新冠)?(?:肺炎)?(?:病例|患者)?"
              r"|确诊(?!病例|患者|人数|数|的|者)|(?:是|为|成为)(?:一名|一位)?(?:无症状)?感染者"
              r"|感染了?(?:新冠|新型冠状)(?:病毒|肺炎)?")
"""A result said of someone: 确诊病例 and 感染者 alone are nouns a worker's story uses of the people served."""
_HEALTH_EN = (r"\btested\s+positive\b|\bpositive\s+(?:PCR|nucleic[- ]acid|antigen|COVID(?:-19)?)\s+test\b"
              r"|\b(?:test|PCR|antigen)\s+(?:result\s+)?(?:was|came\s+back)\s+positive\b"
              r"|\bdiagnosed\s+with\b|\bconfirmed\s+case\b")
_HEALTH = re.compile(f"{_HEALTH_ZH}|{_HEALTH_EN}", re.I)
_HEALTH_CUE_ZH = re.compile("阳性|复阳|确诊|感染")
_HEALTH_CUE_EN = re.compile("positive|diagnosed|confirmed", re.I)
_HEALTH_CUE_WORDS = ("positive", "diagnosed", "confirmed")
"""Words every health result holds (the English ones looked for in lower case first)."""
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
             "向汤欧麦温冼柯甘邝植区容岑关伍")
_COMPOUND_SURNAMES = "欧阳|司马|诸葛|上官|司徒|东方|慕容|令狐|皇甫|尉迟|公孙|长孙|夏侯|轩辕"
_ROLES = ("居民", "村民", "住户", "患者", "病人", "市民", "业主", "租户", "老人", "网格员", "志愿者", "工作人员",
          "邻居", "丈夫", "妻子", "儿子", "女儿", "母亲", "父亲")
_NOT_GIVEN = "的员区市省县镇村街们家体面舱式法案天次日月年后前中内外时间部队组点所院站"
"""Characters that follow a surname-like character in words, never in a given name of this kind of text."""
_BEFORE_NAME = "|".join([r"^", r"(?<![\u4e00-\u9fff])", *(f"(?<={role})" for role in _ROLES)])
_NAMED = re.compile(
    rf"(?:{_BEFORE_NAME})(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])(?:(?![{_NOT_GIVEN}])[\u4e00-\u9fff]){{1,2}}?的?"
    rf"(?:{_HEALTH_ZH})"
    r"|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+(?:'s)?\s+(?:tested\s+positive|was\s+diagnosed"
    r"|(?:test|PCR|antigen)\s+(?:result\s+)?(?:was|came\s+back)\s+positive)"
)
"""A name right before a health result: 张伟的核酸检测结果：阳性, 居民李华确诊, Zhang Wei tested positive."""
_PERSON = re.compile(
    r"[\u4e00-\u9fff]某某?|[\u4e00-\u9fff](?:女士|先生|小姐|阿姨|大爷|大妈|奶奶|爷爷|师傅)|\d{1,3}\s*岁|[男女](?:子|士|性)"
    r"|[他她](?!们)|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z]|\b(?i:he|she|his|her)\b|\baged\s+\d{1,3}\b|\b\d{1,3}-year-old\b",
)
"""A marker of one person anywhere in the sentence."""
_SENTENCE_ENDS = "。！？；!?;\n"


def _health(text: str, lower: str) -> list[Finding]:
    """Health results in the sentences that hold a cue word, where the sentence also names one person."""
    cues = [m.start() for m in _HEALTH_CUE_ZH.finditer(text)]
    if any(word in lower for word in _HEALTH_CUE_WORDS):
        cues += [m.start() for m in _HEALTH_CUE_EN.finditer(text)]
    found = []
    seen: set[int] = set()
    for cue in cues:
        start = max(text.rfind(char, 0, cue) for char in _SENTENCE_ENDS) + 1
        if start in seen:
            continue
        seen.add(start)
        end = min((at for at in (text.find(char, cue) for char in _SENTENCE_ENDS) if at >= 0), default=len(text))
        health = _HEALTH.search(text, start, end)
        if health and (_PERSON.search(text, start, end) or _NAMED.search(text, start, end)):
            found.append(Finding(health.start(), health.end(), DataKind.HEALTH, health.group()))
    return found


# --- scanning ----------------------------------------------------------------


def scan(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, a text as a reader reads it, masked, in order.

    Where two finds overlap the first kind found is kept (numbers, then addresses, then health results).
    A pattern runs only on text that holds its cue, and only near it; most text holds none.
    """
    lower = text.lower()
    found = _numbers(text) if _NUMBER_CUE.search(text) else []
    return _first_of_overlaps(found + _addresses(text, lower) + _health(text, lower))


@lru_cache(maxsize=1 << 14)
def scan_value(value: str) -> tuple[Finding, ...]:
    """`scan` of one front-matter value (a title, a caption, a name) as a reader reads it.

    Most values recur from file to file (keys, cities, roles): each is scanned once.
    """
    return tuple(scan(reader_line(value)))


def scan_name(name: str) -> list[Finding]:
    """`scan` of a folder or file name: folded only (it is shown and addressed as it is)."""
    return scan(fold(name))


def scan_body(body: str) -> list[tuple[int, Finding]]:
    """Personal data in a Markdown body as a reader reads it, with the line (0-based) of each finding.

    The text of links and images is read in its place; their targets are read apart, on their line.
    """
    text = "\n".join(markdown_lines(body))
    found = [(text.count("\n", 0, f.start), f) for f in scan(text)]
    for line, target in link_targets(body):
        found += [(line, f) for f in scan(target)]
    return found


def _first_of_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the earliest-listed kind where two finds overlap (an ID number is not also a card)."""
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept)


def scan_entry(entry: RawEntry) -> list[Problem]:
    """Personal data anywhere a reader could see it in one raw entry, its folder and file names too."""
    problems = [_problem(entry.where, 0, "", f) for name in (entry.group, entry.slug) for f in scan_name(name)]
    for name in entry.assets:
        problems += [_problem(f"{entry.folder}/{name}", 0, "", f) for f in scan_name(name)]
    contacts = PUBLIC_CONTACTS.get(entry.kind, {})
    for source in entry.texts.values():
        problems += scan_source(source, contacts, NEVER_SCANNED.get(entry.kind, ()))
    return problems


def scan_source(source: Source, contacts: dict[tuple[str, ...], frozenset[DataKind]] | None = None,
                never: tuple[tuple[str, ...], ...] = ()) -> list[Problem]:
    """Personal data in one text file's front matter (values and keys) and body, at their lines."""
    problems = []
    if source.meta is not None:
        for path, value in _strings(source.meta.data, ()):
            if _under(path, never):
                continue
            found = scan_value(value)
            if found:
                allowed = _allowed(path, contacts or {})
                line = source.meta.line_of(path)
                problems += [_problem(source.path, line, _field(path), f) for f in found if f.kind not in allowed]
    for line, finding in scan_body(source.body):
        problems.append(_problem(source.path, source.body_line + line, "", finding))
    return problems


def _allowed(path: tuple[str | int, ...], contacts: dict[tuple[str, ...], frozenset[DataKind]]) -> frozenset[DataKind]:
    """What a public contact field may hold (nothing elsewhere): the longest declared prefix of `path` decides."""
    best: tuple[str, ...] = ()
    for prefix in contacts:
        if len(prefix) > len(best) and path[: len(prefix)] == prefix:
            best = prefix
    return contacts[best] if best else frozenset()


def _problem(path: str, line: int, field: str, finding: Finding) -> Problem:
    if finding.kind.is_certain():
        return problem(path, line, field, "personal-data", kind_zh=finding.kind.label("zh"),
                       kind_en=finding.kind.label("en"), masked=finding.masked)
    return problem(path, line, field, "personal-data-maybe", level=Level.WARNING, kind_zh=finding.kind.label("zh"),
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


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def mask(text: str) -> str:
    """`text` with every personal number, address or health result replaced by its masked form (for reports).

    Digits of other scripts are read as ASCII ones, one character for one, so that findings keep their place.
    """
    if not text.isascii():
        text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    out, last = [], 0
    for finding in scan(text):
        out += [text[last:finding.start], finding.masked]
        last = finding.end
    return "".join(out) + text[last:]
