"""`guardians import-notice`: the plain text of an official notice becomes a policy bundle.

Text copied from government portals arrives in many states: in Traditional
characters, with each converted character's pinyin appended in parentheses
(`地級(jí)以上市民政局`), with half-width punctuation. `clean` restores clean
Simplified Chinese with full-width punctuation and keeps real parenthesised
text (`村(社區)` → `村（社区）`). `parse` then finds the title, the document
number (粤民函〔2022〕35号), the addressee line, the numbered sections
(一、二、… become `##` headings, （一）（二）… `###`), the issuer and the date
in the closing lines, and the titles quoted in 《》. The title is the line (or
the two lines of a wrapped title) that reads as one: ending in 通知, 意见,
办法… or, failing that, standing just before the document number.

The bundle is written by the same code as `guardians new`, which checks the
entry as written first. What the text does not carry is asked for on a
terminal; otherwise every missing field is reported at once, with the flag
that gives it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from opencc import OpenCC
from pypinyin import Style, pinyin

from generator.editions import Lang
from generator.messages import MessageError, message
from generator.tools.scaffold import (
    Draft,
    Prompts,
    ScaffoldError,
    TextError,
    fill,
    question,
    read_text,
    refused,
    suggested_slug,
    write,
    written_report,
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=([{_HAN}]))[(（]\s*([a-zA-Zü{_TONED}]{{1,7}}[1-5]?)\s*[)）]")
_NUMERALS = "〇零一二三四五六七八九"
_SECTION = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_SUBSECTION = re.compile(r"^（([一二三四五六七八九十]{1,3})）\s*(.*)$")
_NUMBER = re.compile(rf"[{_HAN}]{{1,8}}〔\d{{4}}〕\d+号")
_LEADING = re.compile(r"^(?:.*?(?:参照|根据|按照|依据|落实|执行|贯彻|印发|转发|详见|见|和|及|与))+")
"""Words that run into a cited document number in the text: 参照粤卫函〔2021〕12号."""
_DATE = re.compile(rf"^\s*(\d{{4}}|[{_NUMERALS}]{{4}})年(\d{{1,2}}|[{_NUMERALS}十]{{1,3}})月"
                   rf"(\d{{1,2}}|[{_NUMERALS}十]{{1,3}})日\s*$")
_TITLE_END = re.compile(r"(?:通知|通报|意见|办法|方案|决定|规定|细则|公告|通告|批复|复函|函|报告|纲要|规划|要点|指引"
                        r"|指南|措施|计划|公示|条例|规则|章程|答复)(?:（[^（）]*）)?$")
"""How the title of a notice ends: 通知, 实施意见, 工作方案, 通知（试行）…"""
_NOT_TITLE = re.compile(r"[。；：，！？]$|^.{81,}$|文件$|[>›]|当前位置")
"""Lines that are not (part of) a title: a sentence, a header like 广东省民政厅文件, a breadcrumb."""
_JUNK = re.compile(r"^(发布时间|发布日期|来源|字号|字体|打印|关闭|分享|【打印】|【关闭】|浏览次数|索引号|信息来源)")
"""Lines a portal adds around the notice, dropped."""


class NoticeError(MessageError):
    """The file cannot be read as a notice; nothing was written."""


# --- cleaning ----------------------------------------------------------------


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def _readings(char: str) -> set[str]:
    """Every pinyin reading of one character, with tone marks, tone numbers and without tones."""
    found: set[str] = set()
    for style in (Style.TONE, Style.TONE3, Style.NORMAL):
        found.update(r.lower() for r in pinyin(char, heteronym=True, style=style)[0])
    return found | {r.replace("ü", "v") for r in found}


def _drop_pinyin(match: re.Match[str]) -> str:
    """Remove `(jí)` after 級 when it is a reading of the character, or written with tone marks."""
    char, syllable = match[1], match[2].lower()
    if syllable in _readings(char) or any(c in _TONED for c in syllable):
        return ""
    return match[0]


def _full_width_brackets(match: re.Match[str]) -> str:
    inner = match[1]
    return f"（{inner}）" if re.search(f"[{_HAN}]", inner) else match[0]


def clean(text: str) -> str:
    """Simplified Chinese, without appended pinyin, with full-width Chinese punctuation."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _PINYIN.sub(_drop_pinyin, text)
    text = _converter().convert(text)
    text = re.sub(r"[(（]([^()（）\n]*)[)）]", _full_width_brackets, text)
    han = f"[{_HAN}“”（）《》]"
    pairs = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
    for half, full in pairs.items():
        text = re.sub(rf"(?<={han})[ \t]*{re.escape(half)}[ \t]*|[ \t]*{re.escape(half)}[ \t]*(?={han})", full, text)
    text = re.sub(rf"(?<={han})\.(?=\s|$|{han})", "。", text, flags=re.M)
    text = re.sub(r'"([^"\n]*)"', lambda m: f"“{m[1]}”" if re.search(f"[{_HAN}]", m[1]) else m[0], text)
    text = re.sub(r"'([^'\n]*)'", lambda m: f"‘{m[1]}’" if re.search(f"[{_HAN}]", m[1]) else m[0], text)
    text = re.sub(r"[\[【]\s*(\d{4})\s*[\]】]|[（(]\s*(\d{4})\s*[)）](?=\s*\d+\s*号)",
                  lambda m: f"〔{m[1] or m[2]}〕", text)
    return text


# --- structure ---------------------------------------------------------------


@dataclass
class Notice:
    """What was recognised in a notice."""

    title: str = ""
    number: str = ""
    addressees: list[str] = field(default_factory=list)
    issuer: str = ""
    date: str = ""
    body: str = ""
    cited: list[str] = field(default_factory=list)
    """Titles quoted in 《》 and document numbers cited in the text, in order of appearance."""


def _chinese_number(text: str) -> int:
    """`十八` → 18, `二〇二二` → 2022, `3` → 3."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate(_NUMERALS.replace("零", ""))} | {"零": 0}
    if "十" in text:
        tens, _, units = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)
    return int("".join(str(digits[c]) for c in text))


def _iso(line: str) -> str:
    match = _DATE.match(line)
    if not match:
        return ""
    year, month, day = (_chinese_number(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _heading(line: str) -> str:
    """`一、强化社区组织动员` → `## 一、强化社区组织动员`; a heading run into its paragraph is split."""
    for pattern, marks in ((_SECTION, "##"), (_SUBSECTION, "###")):
        match = pattern.match(line)
        if not match:
            continue
        label = f"{match[1]}、" if marks == "##" else f"（{match[1]}）"
        head, sep, rest = match[2].partition("。")
        if sep and rest.strip() and len(head) <= 30:
            return f"{marks} {label}{head}\n\n{rest.strip()}"
        if len(match[2]) <= 40 and not match[2].endswith(("。", "；")):
            return f"{marks} {label}{match[2]}"
    return line


def parse(text: str) -> Notice:
    """Find the parts of a cleaned notice."""
    lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    lines = [line for line in lines if line and not _JUNK.match(line)]
    notice = Notice()
    addressee_at = next((i for i, line in enumerate(lines[:8])
                         if line.endswith("：") and len(line) <= 80 and not _SECTION.match(line)), None)
    head = lines[:addressee_at] if addressee_at is not None else lines[:6]
    numbers = [i for i, line in enumerate(head)
               if (found := _NUMBER.search(line)) and len(line) <= len(found[0]) + 4]
    if numbers:
        notice.number = _NUMBER.search(head[numbers[0]])[0]  # type: ignore[index]
    notice.title = _title(head, numbers[0] if numbers else None)
    start = addressee_at if addressee_at is not None else _body_start(head, notice)
    if addressee_at is not None:
        notice.addressees = [a for a in re.split(r"[，、；]", lines[addressee_at].rstrip("：")) if a]
    body = lines[start:]
    date_at = next((i for i in range(len(body) - 1, max(len(body) - 6, -1), -1) if _iso(body[i])), None)
    if date_at is not None:
        notice.date = _iso(body[date_at])
        issuers: list[str] = []
        for line in reversed(body[:date_at]):
            if len(line) > 30 or line.endswith(("。", "；", "：", "，")) or _SECTION.match(line):
                break
            issuers.insert(0, line)
        notice.issuer = "、".join(issuers)
    if not notice.number:
        number = _NUMBER.search("\n".join(lines[:start] + body[-3:]))
        notice.number = number[0] if number else ""
    paragraphs = [_heading(line) for line in body]
    notice.body = "\n\n".join(_escape(p) for p in paragraphs) + "\n"
    cited = [c if c.startswith("《") else _LEADING.sub("", c)
             for c in re.findall(r"《[^《》\n]+》|" + _NUMBER.pattern, "\n".join(body))]
    notice.cited = list(dict.fromkeys(c for c in cited if c and c != notice.number))
    return notice


def _title_shaped(line: str) -> bool:
    return bool(line) and not _NOT_TITLE.search(line) and not _NUMBER.search(line) and not _iso(line)


def _title(head: list[str], number_at: int | None) -> str:
    """The title among the lines before the addressees: the first line ending as a title ends, with the line
    before it when the title wraps; else the line just before the document number; else nothing."""
    bare = [line.strip("《》 ") for line in head]
    end = next((i for i, line in enumerate(bare) if _title_shaped(line) and _TITLE_END.search(line)), None)
    if end is not None:
        start = end - 1 if end > 0 and _title_shaped(bare[end - 1]) and not _TITLE_END.search(bare[end - 1]) else end
        if start < end and not bare[end].startswith("关于") and len(bare[start]) > 2:
            return bare[start] + bare[end]
        return bare[end]
    if number_at is not None and number_at > 0 and _title_shaped(bare[number_at - 1]):
        return bare[number_at - 1]
    return ""


def _body_start(head: list[str], notice: Notice) -> int:
    """Without an addressee line, the body starts after the title and the number."""
    taken = [i for i, line in enumerate(head) if line.strip("《》 ") and (
        line.strip("《》 ") in notice.title or (notice.number and notice.number in line))]
    return max(taken) + 1 if taken else 0


def _escape(paragraph: str) -> str:
    """Keep the text as text: HTML and Markdown marks are escaped, headings we made are kept."""
    lines = []
    for line in paragraph.split("\n"):
        marks, _, rest = line.partition(" ") if line.startswith("#") else ("", "", line)
        rest = re.sub(r"([\\`*_\[\]<>])", r"\\\1", rest)
        rest = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", rest)
        lines.append(f"{marks} {rest}" if marks else re.sub(r"^([#+\-])", r"\\\1", rest))
    return "\n".join(lines)


# --- reading and writing -----------------------------------------------------


def import_notice(path: Path, root: Path, overrides: dict[str, str], *, today: date, lang: Lang,
                  prompts: Prompts | None = None, replace: bool = False) -> tuple[Notice, Draft, list[Path]]:
    """Read, clean, recognise, ask for what is missing (with `prompts`), check and write; raises having written
    nothing when anything is wrong."""
    notice = parse(clean(read_text(path)))
    if not notice.body.strip():
        raise NoticeError("notice-empty", name=path.name)
    found = {"title": notice.title, "number": notice.number, "issuer": notice.issuer, "date": notice.date,
             "addressees": "、".join(notice.addressees)}
    found = {k: v for k, v in found.items() if v}
    given = found | overrides
    if "slug" not in given and (given.get("number") or given.get("title")):
        given["slug"] = slug_for(given.get("number", ""), given.get("title", ""))
    origin = {name: message("where-notice-found", lang, field=question(name, lang))
              for name in found if name not in overrides}
    draft = fill("policy", root, given, today=today, lang=lang, prompts=prompts, origin=origin)
    draft.body = notice.body
    draft.body_where = lambda line: message("where-notice-paragraph", lang,
                                            number=sum(1 for x in notice.body.split("\n")[:line] if x.strip()))
    draft.tool, draft.replace = "import-notice", replace
    return notice, draft, write(draft)


def slug_for(number: str, title: str) -> str:
    """`粤民函〔2022〕35号` → `yue-min-han-2022-35`; the title's pinyin when there is no number."""
    match = re.fullmatch(r"(.*?)〔(\d{4})〕(\d+)号", number)
    if match:
        return f"{suggested_slug(match[1])}-{match[2]}-{match[3]}".strip("-")
    return suggested_slug(title)


def run(path: Path, root: Path, overrides: dict[str, str], *, today: date, lang: Lang,
        prompts: Prompts | None = None, replace: bool = False) -> int:
    """`guardians import-notice`: import and print what was recognised and the check report."""
    try:
        notice, draft, written = import_notice(path, root, overrides, today=today, lang=lang, prompts=prompts,
                                               replace=replace)
    except (NoticeError, TextError, ScaffoldError) as err:
        return refused(err, lang)
    if notice.cited:
        print(message("notice-cited", lang, cited="、".join(notice.cited)))
    return written_report(draft, written, lang=lang)
