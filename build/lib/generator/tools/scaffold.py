"""`guardians new story|worker|guide|policy|nomination`: a correct new entry from flags, prompts or piped lines.

Answers come from flags first, then from `Prompts`: on a terminal each answer
is checked as it is given and asked again until it is valid; with piped input
each line answers one question and every problem is collected. People and
awards are given by name or by number from a list (`generator.tools.names`).

Before anything is written, the entry exactly as it would be written (its
front matter parsed back from the text, its body, its photos) is put into the
tree read from disk and the whole tree is validated as `guardians check`
validates it, so everything `check` would refuse is refused here, all at once,
and nothing is written. Problems are told in the user's own terms: the flag
they typed, the question they answered, the cell of their Word table, the
paragraph of their text (`Draft.where`).

Imports (`importdocx`, `importnotice`) write through the same `write`, with a
record of what they wrote (`imported`), so a corrected document replaces its
earlier import when that import was not edited since.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import IO, Any, get_args

import yaml
from pypinyin import lazy_pinyin

from generator.build import check
from generator.config import PROJECT, Settings
from generator.content import safeyaml, schema
from generator.content.load import BUNDLE_FOLDERS, Kind, RawEntry, RawTree, Source, load_tree
from generator.content.safeyaml import Located
from generator.content.validate import RECORDS, validate_tree
from generator.editions import Lang
from generator.messages import MessageError, catalogue, message
from generator.photos.stage import check_photos
from generator.problems import Problem, problem
from generator.tools import imported, names

MAX_TEXT = 1024 * 1024
"""Largest text file accepted (`--text`, a notice), in bytes."""


@dataclass(frozen=True)
class Question:
    """One field to fill in: its name in the schema, and how it is asked."""

    name: str
    many: bool = False
    """A list, answered as items separated by commas (，、 work too)."""
    optional: bool = False
    file: bool = False
    """A path to a file on this computer, copied into the bundle."""


@dataclass(frozen=True)
class Form:
    """What a kind of entry asks, in order, and the model it must satisfy."""

    kind: Kind
    questions: tuple[Question, ...]
    body: bool = True
    """Bundles have a Markdown body; nominations are bare YAML files."""

    @property
    def name(self) -> str:
        return next(name for name, form in FORMS.items() if form is self)


INTERNAL = tuple(schema.Internal.model_fields)
"""Nomination fields that go in its `internal` block, which is never published."""
_ASKED_FIRST = ("bureau", "worker")
"""The bureau is asked before the worker, so that the workers of its city can be listed."""


def _nomination_questions() -> tuple[Question, ...]:
    """The nomination's fields as its schema declares them: the award (its folder), the bureau and the worker
    first, then every other public field, then the internal ones; all optional but what the schema requires."""
    fields = schema.Nomination.model_fields
    public = [n for n in _ASKED_FIRST] + [n for n in fields if n not in (*_ASKED_FIRST, "organisation", "en",
                                                                        "internal")]
    asked = [Question(n, optional=not fields[n].is_required() and n != "worker") for n in public]
    return (Question("award"), *asked, *(Question(n, optional=True) for n in INTERNAL))


FORMS: dict[str, Form] = {
    "story": Form(Kind.STORY, (
        Question("title"), Question("slug"), Question("date"), Question("city"),
        Question("district", optional=True), Question("community"),
        Question("workers", many=True, optional=True), Question("tags", many=True, optional=True),
        Question("summary"), Question("author"), Question("unit"), Question("status"),
        Question("photos", many=True, optional=True, file=True))),
    "worker": Form(Kind.WORKER, (
        Question("name"), Question("slug"), Question("name_en", optional=True), Question("gender", optional=True),
        Question("role"), Question("city"), Question("district", optional=True), Question("community"),
        Question("portrait", file=True), Question("deeds"))),
    "guide": Form(Kind.GUIDE, (
        Question("title"), Question("slug"), Question("theme"), Question("audience", many=True),
        Question("summary"), Question("updated"), Question("source", optional=True))),
    "policy": Form(Kind.POLICY, (
        Question("title"), Question("slug"), Question("issuer"), Question("number"), Question("date"),
        Question("addressees", many=True))),
    "nomination": Form(Kind.NOMINATION, _nomination_questions(), body=False),
    "committees": Form(Kind.COMMITTEE, (
        Question("city"), Question("district", optional=True), Question("bureau"), Question("updated")), body=False),
    "training": Form(Kind.TRAINING, (
        Question("title"), Question("slug"), Question("date"), Question("city"), Question("district", optional=True),
        Question("organiser"), Question("audience", many=True), Question("hours"), Question("participants"),
        Question("summary"), Question("guides", many=True, optional=True))),
}
"""A training's handouts are added to its folder and its `materials` list afterwards, or in the CMS."""


class ScaffoldError(Exception):
    """The answers cannot make a valid entry; carries every problem found (nothing was written)."""

    def __init__(self, problems: list[Problem], draft: Draft | None = None):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        self.draft = draft


def label(form: Form, name: str, lang: Lang) -> str:
    """What a field is called in prompts and in the comment above it: the form's own wording when the field
    means something else there (a nomination's status), else the field's."""
    for key in (f"ask-{form.name}-{name}", f"ask-{name}"):
        if key in catalogue(lang):
            text = message(key, lang)
            break
    else:
        info = RECORDS[form.kind].model_fields.get(name)
        text = (info.description or name) if info is not None else name
    options = choices(form, name)
    if options and not all(o in text for o in options):
        text += f" {{{' | '.join(options)}}}"
    return text


def question(name: str, lang: Lang) -> str:
    """A field's question without its explanation: `文号（如 粤民函〔2022〕35号）` → `文号`."""
    text = message(f"ask-{name}", lang) if f"ask-{name}" in catalogue(lang) else name
    return re.sub(r"\s*[（(][^（）()]*[）)]$", "", text)


def flag(name: str) -> str:
    """The command-line flag that gives a field: `id_number` → `--id-number`."""
    return "--" + name.replace("_", "-")


def choices(form: Form, name: str) -> list[str]:
    """The allowed values of a field whose type is an enumeration."""
    info = RECORDS[form.kind].model_fields.get(name)
    if info is None:
        return []
    annotation = info.annotation
    for candidate in (annotation, *get_args(annotation), *[a for arg in get_args(annotation) for a in get_args(arg)]):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [member.value for member in candidate]
    return []


# --- where answers come from ---------------------------------------------------


@dataclass
class Prompts:
    """Where answers not given as flags come from.

    On a terminal (`again`) a wrong answer is explained and asked again; with
    piped input each line answers the next question, a wrong one is collected
    with the others, and the end of the input leaves the rest unanswered.
    """

    read: Callable[[str], str | None]
    """Shows a prompt and returns the answer, or None at the end of the input."""
    again: bool
    say: Callable[[str], None] = print

    @classmethod
    def terminal(cls, say: Callable[[str], None] = print) -> Prompts:
        def read(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:
                return None

        return cls(read, True, say)

    @classmethod
    def lines(cls, stream: IO[str], say: Callable[[str], None] = print) -> Prompts:
        """Answers read line by line from `stream` (piped standard input); each prompt is shown with its answer."""

        def read(prompt: str) -> str | None:
            line = stream.readline()
            if not line:
                return None
            answer = line.rstrip("\r\n")
            say(prompt + answer)
            return answer

        return cls(read, False, say)

    @classmethod
    def of_stdin(cls) -> Prompts:
        return cls.terminal() if sys.stdin.isatty() else cls.lines(sys.stdin)


# --- the entry being made ------------------------------------------------------


@dataclass
class Draft:
    """The answers given so far, where the entry will be written, and how the user named each part of it."""

    form: Form
    root: Path
    today: date
    lang: Lang
    base: RawTree
    answers: dict[str, str] = field(default_factory=dict)
    photos: list[tuple[Path, str]] = field(default_factory=list)
    """Photo files to copy, with their captions."""
    body: str | None = None
    """The Markdown body to write; None writes a line saying where the text goes."""
    origin: dict[str, str] = field(default_factory=dict)
    """Field → how the user knows it: `--city`, a prompt's question, `表格第 3 行「城市」`."""
    body_where: Callable[[int], str] | None = None
    """Line of the body (from 1) → where the user wrote it: `正文第 2 段`."""
    found: list[Problem] = field(default_factory=list)
    """Problems of the answers themselves (names not found, files missing), beside what validation finds."""
    tool: str = ""
    """The import that makes this entry (`import-docx`), which leaves a record; empty for `guardians new`."""
    replace: bool = False
    """Replace the bundle there even if it was edited since it was imported (`--replace`)."""

    # --- where it goes -------------------------------------------------------

    @property
    def slug(self) -> str:
        if self.form.kind is Kind.NOMINATION:
            return self.answers.get("worker", "")
        if self.form.kind is Kind.COMMITTEE:
            return names.county_slug(self.base, self.answers.get("city", ""), self.answers.get("district", ""))
        return self.answers.get("slug", "")

    @property
    def group(self) -> str:
        if self.form.kind is Kind.STORY:
            return self.answers.get("date", "")[:4]
        return self.answers.get("award", "") if self.form.kind is Kind.NOMINATION else ""

    @property
    def folder(self) -> str:
        kind = self.form.kind
        if kind is Kind.STORY:
            return f"stories/{self.group}/{self.slug}"
        if kind is Kind.NOMINATION:
            return f"content/nominations/{self.group}"
        if kind is Kind.COMMITTEE:
            return "content/committees"
        return next(folder for folder, k in BUNDLE_FOLDERS.items() if k is kind) + f"/{self.slug}"

    @property
    def text_path(self) -> str:
        if self.form.kind in (Kind.NOMINATION, Kind.COMMITTEE):
            return f"{self.folder}/{self.slug}.yml"
        return f"{self.folder}/index.zh.md"

    @property
    def key(self) -> tuple[Kind, str, str]:
        return (self.form.kind, self.group, self.slug)

    # --- what it says --------------------------------------------------------

    def value(self, question: Question) -> Any:
        """The answer as the front matter holds it: a list, a date, a text, or None."""
        text = self.answers.get(question.name, "").strip()
        if question.name == "photos":
            credit = self.answers.get("unit", "").strip() or self.answers.get("author", "").strip()
            return [{"file": copy_name(path, i), "caption": caption, "credit": credit}
                    for i, (path, caption) in enumerate(self.photos)] or None
        if question.name == "portrait" and text:
            return "portrait" + Path(text).suffix.lower()
        if not text:
            return None
        if question.many:
            return split(text)
        if question.name in ("hours", "participants") and re.fullmatch(r"\d+(?:\.\d+)?", text):
            return float(text) if "." in text else int(text)
        if question.name in ("date", "updated") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text
        return text

    def data(self) -> dict[str, Any]:
        """The front matter, in the order of the questions."""
        values: dict[str, Any] = {}
        internal: dict[str, Any] = {}
        for question in self.form.questions:
            if question.name == "slug" or (self.form.kind is Kind.NOMINATION and question.name == "award"):
                continue
            value = self.value(question)
            if value is None:
                continue
            (internal if question.name in INTERNAL else values)[question.name] = value
        if internal:
            values["internal"] = internal
        return values

    def assets(self) -> dict[str, Path]:
        """Files copied into the bundle, by their name there."""
        found = {copy_name(path, i): path for i, (path, _) in enumerate(self.photos)}
        portrait = self.answers.get("portrait", "").strip()
        if portrait:
            found["portrait" + Path(portrait).suffix.lower()] = Path(portrait)
        return found

    def meta(self) -> str:
        """The YAML of the entry, each field under a comment saying what it is."""
        lines: list[str] = []
        for name, value in self.data().items():
            what = message("ask-internal", self.lang) if name == "internal" else label(self.form, name, self.lang)
            lines.append(f"# {what}")
            lines.append(dump_yaml({name: value}).rstrip("\n"))
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The text file as it will be written."""
        if not self.form.body:
            return self.meta()
        body = self.body if self.body is not None else message("new-body", self.lang) + "\n"
        return f"---\n{self.meta()}---\n{body}"

    @property
    def body_line(self) -> int:
        """The line of the text file where the body starts."""
        return self.meta().count("\n") + 3

    def as_written(self) -> RawEntry:
        """The entry as `write` puts it on disk: the front matter parsed back from the text, the body at its lines,
        and the files of a bundle it replaces that it keeps."""
        entry = RawEntry(self.form.kind, self.slug, self.folder, group=self.group)
        kept = self._kept()
        if kept is not None:
            entry.texts.update({lang: s for lang, s in kept.texts.items() if lang != "zh"})
            entry.assets.update({n: p for n, p in kept.assets.items() if n not in self._replaced()})
        entry.assets.update(self.assets())
        if self.form.body:
            meta = self.meta()
            body = self.body if self.body is not None else message("new-body", self.lang) + "\n"
            entry.texts["zh"] = Source(self.text_path, safeyaml.load(meta, first_line=2), body, self.body_line)
        else:
            entry.texts["zh"] = Source(self.text_path, safeyaml.load(self.meta()))
        return entry

    def _kept(self) -> RawEntry | None:
        """The bundle already at this place, when this import replaces it."""
        if not self.tool or not self.form.body or not (self.root / self.text_path).exists() or self._existing("slug"):
            return None
        return next((e for e in self.base.entries if e.key == self.key), None)

    def _replaced(self) -> set[str]:
        """Files of the bundle there that go: those the earlier import wrote (`imported.record`)."""
        return set(imported.recorded(self.root / self.folder)) | {imported.RECORD}

    # --- checking ------------------------------------------------------------

    def problems(self, names: set[str]) -> list[Problem]:
        """What `guardians check` would say about the fields in `names`, with this entry in the tree (as a prompt
        checks one answer: the entries it may refer to, and this one)."""
        place = self._place_problems()
        if place and names & {"slug", "worker", "date", "award"}:
            return place
        entry = RawEntry(self.form.kind, self.slug, self.folder, group=self.group, assets=self.assets())
        entry.texts["zh"] = Source(self.text_path, Located(self.data()))
        raw = RawTree(self.base.root, [e for e in self.base.entries if _referable(e, entry)] + [entry],
                      self.base.regions, self.base.tags, [], {})
        valid = validate_tree(raw, today=self.today)
        wanted = {"internal" if n in INTERNAL else n for n in names}
        if "award" in names:
            wanted.add("")
        return [p for p in valid.problems if p.path in (self.text_path, self.folder)
                and p.key not in _NOT_OURS and re.split(r"[.\[]", p.field)[0] in wanted]

    def check(self) -> list[Problem]:
        """Everything `guardians check` would say about the entry as written, with the rest of the tree as it is,
        and the problems of the answers themselves: all of them, errors and warnings."""
        entry = self.as_written()
        raw = RawTree(self.base.root, [e for e in self.base.entries if e.key != entry.key] + [entry],
                      self.base.regions, self.base.tags, [], {})
        valid = validate_tree(raw, today=self.today)
        found = valid.problems + check_photos(valid)
        own = set(entry.files()) | {self.folder if self.form.body else self.text_path}
        place = self._place_problems()
        told = {p.field for p in self.found + place if p.field}
        return _unique(self.found + place + [
            p for p in found if p.path in own and p.key not in _NOT_OURS and not _under(p.field, told)
            and not ({"award", "worker"} & told and p.key in ("unknown-award", "nominee-one", "worker-file-name"))])

    def _place_problems(self) -> list[Problem]:
        """The folder the entry goes in: named, free (or an earlier import of the same document), of a known award."""
        found = []
        if self.form.kind is Kind.NOMINATION and not self.group:
            found.append(problem(self.text_path, 0, "award", "missing"))
        name = {Kind.NOMINATION: "worker", Kind.COMMITTEE: "district"}.get(self.form.kind, "slug")
        if self.form.kind is Kind.COMMITTEE and not self.slug:
            found.append(problem(self.text_path, 0, name, "xlsx-unknown-county", city=self.answers.get("city", ""),
                                 district=self.answers.get("district", "")))
        elif not self.slug:
            found.append(problem(self.text_path, 0, name, "missing"))
        elif not schema.SLUG.match(self.slug):
            found.append(problem(self.text_path, 0, name, "slug-invalid", found=self.slug))
        elif (self.root / self.text_path).exists():
            found += self._existing(name)
        return found

    def _existing(self, name: str) -> list[Problem]:
        """Whether the entry there may be replaced: an unedited earlier import may, an edited one with `--replace`."""
        if not self.tool:
            return [problem(self.text_path, 0, name, "bundle-exists", file=self.text_path)]
        edited = imported.edited(self.root / self.folder)
        if self.replace or edited == []:
            return []
        if edited is None:
            return [problem(self.text_path, 0, name, "import-exists", folder=self.folder)]
        return [problem(self.text_path, 0, name, "import-edited", folder=self.folder, files="、".join(edited))]

    # --- in the user's terms -------------------------------------------------

    def where(self, item: Problem) -> str:
        """Where a problem is, as the user knows it: the flag, question or table cell of its field, the photo,
        the paragraph of the text; the file and line only for what the user wrote there themselves."""
        photo = _photo_number(item, self)
        root = re.split(r"[.\[]", item.field)[0]
        if item.field.startswith("internal."):
            root = item.field.split(".")[1]
        if photo is not None:
            what = message("where-photo", self.lang, number=photo + 1)
            return what + (message("where-caption", self.lang) if item.field.endswith(".caption") else "")
        if item.field and root in self.origin:
            return self.origin[root]
        if item.field and any(q.name == root for q in self.form.questions):
            return self.unasked(root)
        if (not item.field and item.line and self.body_where is not None and item.path == self.text_path
                and item.line >= self.body_line):
            return self.body_where(item.line - self.body_line + 1)
        if item.key in ("unknown-award",) and "award" in self.origin:
            return self.origin["award"]
        return f"{item.path}:{item.line}" if item.line else item.path

    def order(self, item: Problem) -> int:
        """Where a problem's field comes among the questions, to tell problems in the order the user gave them."""
        root = item.field.split(".")[1] if item.field.startswith("internal.") else re.split(r"[.\[]", item.field)[0]
        names = [q.name for q in self.form.questions]
        return names.index(root) if root in names else len(names)

    def unasked(self, name: str) -> str:
        """A field the user gave no answer to: its question, and the flag that gives it."""
        return message("where-unasked", self.lang, question=question(name, self.lang), flag=flag(name))


_NOT_OURS = ("missing-twin", "refused-reference", "folder-slug")
"""Problems that are not about what the user gave: a twin to translate later, a folder name we chose."""


def _under(name: str, told: set[str]) -> bool:
    """Whether a field is one of `told` or inside one (`photos[0].caption` inside `photos[0]`): a problem of the
    answer itself is told instead of what validation makes of it."""
    return any(name == t or name.startswith((t + ".", t + "[")) for t in told)


def _unique(found: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(found))


def _photo_number(item: Problem, draft: Draft) -> int | None:
    """Which photo (from 0) a problem is about: by its field `photos[2]…` or by the file it names."""
    match = re.match(r"photos\[(\d+)\]", item.field)
    if match:
        return int(match[1])
    names = [copy_name(path, i) for i, (path, _) in enumerate(draft.photos)]
    name = item.path.removeprefix(draft.folder + "/")
    return names.index(name) if name in names else None


def _referable(other: RawEntry, entry: RawEntry) -> bool:
    """Whether `other` is needed to check `entry`: what it may refer to, or be nominated twice beside."""
    if other.key == entry.key:
        return False
    return other.kind in (Kind.WORKER, Kind.AWARD) or (other.kind is entry.kind is Kind.NOMINATION
                                                       and other.group == entry.group)


def split(text: str) -> list[str]:
    """`甲，乙、丙; 丁` → the items."""
    return [item for item in re.split(r"\s*[,，、;；]\s*", text.strip()) if item]


def copy_name(path: Path, index: int) -> str:
    """The file name a photo gets in the bundle: its own when ASCII and plain, else photo-N."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not stem or not path.stem.isascii():
        stem = f"photo-{index + 1}"
    return stem + path.suffix.lower()


def suggested_slug(text: str) -> str:
    """A slug from Chinese text: its pinyin, at most six syllables (凌晨三点的网格 → lingchen-sandian-de-wangge)."""
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(text)]
    return "-".join(w for w in words if w)[:60].strip("-") or "entry"


_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                      "令狐", "夏侯", "端木", "独孤", "南宫", "西门")


def name_slug(name: str) -> str:
    """A person's folder name as the sample content writes it: family name, then given name (陈晓丽 → chen-xiaoli)."""
    name = name.strip()
    cut = 2 if name.startswith(_COMPOUND_SURNAMES) else 1
    family, given = ("".join(lazy_pinyin(part)).lower() for part in (name[:cut], name[cut:]))
    slug = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in (family, given) if re.sub(r"[^a-z0-9]", "", w))
    return slug or suggested_slug(name)


def default(draft: Draft, question: Question) -> str:
    """What an empty answer means, when it means something: today, the schema's default, a folder name."""
    name = question.name
    if name in ("date", "updated") and draft.form.kind in (Kind.STORY, Kind.GUIDE, Kind.TRAINING):
        return draft.today.isoformat()
    if name == "status" and draft.form.kind is Kind.STORY:
        return schema.StoryStatus.DRAFT.value
    info = RECORDS[draft.form.kind].model_fields.get(name)
    if info is not None and isinstance(info.default, Enum):
        return str(info.default.value)
    if name == "slug" and draft.answers.get("name"):
        return name_slug(draft.answers["name"])
    if name == "slug":
        return suggested_slug(draft.answers["title"]) if draft.answers.get("title") else ""
    return ""


def prompt_text(question: Question, draft: Draft, listed: bool) -> str:
    """`城市（地级以上市，如 广州市） [广州市]: `"""
    text = label(draft.form, question.name, draft.lang)
    if listed:
        text += message("names-pick", draft.lang)
    if question.optional:
        text += message("ask-optional", draft.lang)
    fallback = default(draft, question)
    return text + (f" [{fallback}]" if fallback else "") + ": "


# --- people and awards -----------------------------------------------------------


def listing(draft: Draft, question: Question) -> list[tuple[str, str]]:
    """The numbered list a prompt offers, as (folder, description): awards open for nomination; the workers of
    the bureau's city (a nomination) or of the story's city; every worker when no city is known."""
    if question.name == "award":
        return [(a.slug, a.describe(draft.lang)) for a in names.awards(draft.base, draft.today) if a.open]
    if question.name not in ("worker", "workers"):
        return []
    place = draft.answers.get("bureau" if draft.form.kind is Kind.NOMINATION else "city", "")
    city = names.city_in(place, draft.base)
    return [(p.slug, p.describe(draft.lang)) for p in names.people(draft.base) if not city or p.city == city]


def resolve(draft: Draft, question: Question, answer: str, listed: list[tuple[str, str]]) -> tuple[str, list[Problem]]:
    """People and awards given by name or number → their folder names; the problems of those not found."""
    if question.name not in ("award", "worker", "workers"):
        return answer, []
    items = split(answer) if question.many else [answer.strip()]
    slugs, found = [], []
    everyone = names.people(draft.base)
    awards = names.awards(draft.base, draft.today)
    for i, item in enumerate(items):
        where = (draft.text_path, 0, f"{question.name}[{i}]" if question.many else question.name)
        if item.isdigit() and 1 <= int(item) <= len(listed):
            slugs.append(listed[int(item) - 1][0])
        elif question.name == "award":
            slug, close_ones = names.find_award(item, awards)
            slugs.append(slug or item)
            if slug is None:
                found.append(names.award_problem(item, close_ones, awards, where))
        else:
            person = names.find_person(item, everyone)
            if person.slug is not None:
                slugs.append(person.slug)
            else:
                found.append(names.person_problem(item, person, where))
    return ", ".join(slugs), found


# --- filling in ------------------------------------------------------------------


def fill(kind: str, root: Path, given: dict[str, str], *, today: date, lang: Lang, prompts: Prompts | None,
         photos: list[tuple[Path, str]] | None = None, origin: dict[str, str] | None = None,
         base: RawTree | None = None) -> Draft:
    """Collect answers: from `given` (flags, a Word table) first, then from `prompts` for what is missing.

    Never raises: the problems of the answers are in `Draft.found`, and `write` checks the whole entry.
    """
    form = FORMS[kind]
    draft = Draft(form, root, today, lang, base or load_tree(root), photos=list(photos or []))
    flags = {name: flag(name) for name in given}
    draft.origin = flags | (origin or {})
    for question in form.questions:
        answer = given.get(question.name)
        if answer is None and prompts is not None and question.name == "photos":
            _ask_photos(draft, prompts)
            continue
        if answer is None and prompts is not None:
            _ask(draft, question, prompts)
            continue
        if answer is None:
            answer = default(draft, question)
        if not answer:
            continue
        value, found = resolve(draft, question, answer, [])
        draft.answers[question.name] = value
        draft.found += found
        if question.file and not Path(answer).is_file():
            draft.found.append(problem(draft.text_path, 0, question.name, "no-such-file", path=answer))
    for i, (path, _) in enumerate(draft.photos):
        if not path.is_file():
            draft.found.append(problem(draft.text_path, 0, f"photos[{i}]", "no-such-file", path=str(path)))
    return draft


def _ask(draft: Draft, question: Question, prompts: Prompts) -> None:
    """Ask for one field; on a terminal until the answer is valid (or empty for an optional field)."""
    listed = listing(draft, question)
    draft.origin[question.name] = label(draft.form, question.name, draft.lang)
    if listed:
        prompts.say(message("names-list-award" if question.name == "award" else "names-list-worker", draft.lang))
        for i, (_, shown) in enumerate(listed, 1):
            prompts.say(f"  {i}. {shown}")
    elif question.name == "award":
        prompts.say(message("names-none-open", draft.lang))
    while True:
        read = prompts.read(prompt_text(question, draft, bool(listed)))
        if read is None:
            draft.origin[question.name] = draft.unasked(question.name)
        answer = (read or "").strip() or default(draft, question)
        draft.answers.pop(question.name, None)
        if not answer:
            if not question.optional and read is not None and prompts.again:
                prompts.say(f"  ✗ {message('missing', draft.lang)}")
                continue
            return
        value, found = resolve(draft, question, answer, listed)
        draft.answers[question.name] = value
        if question.file and not Path(answer).expanduser().is_file():
            found.append(problem(draft.text_path, 0, question.name, "no-such-file", path=answer))
        elif question.file:
            draft.answers[question.name] = str(Path(answer).expanduser())
        if not prompts.again:
            draft.found += found
            return
        found = found or draft.problems({question.name})
        if not found:
            return
        for item in found:
            prompts.say(f"  ✗ {item.text(draft.lang)}")


def _ask_photos(draft: Draft, prompts: Prompts) -> None:
    """Photos one by one: a file, then its caption; an empty file name (or the end of the input) ends the list."""
    while True:
        answer = (prompts.read(message("ask-photo-file", draft.lang) + ": ") or "").strip()
        if not answer:
            return
        path = Path(answer).expanduser()
        if not path.is_file() and prompts.again:
            prompts.say(f"  ✗ {message('no-such-file', draft.lang, path=answer)}")
            continue
        caption = ""
        while not caption:
            read = prompts.read(message("ask-photo-caption", draft.lang) + ": ")
            caption = (read or "").strip()
            if read is None or not prompts.again:
                break
        draft.photos.append((path, caption))
        if prompts.again:
            for item in draft.problems({"photos"}):
                prompts.say(f"  ✗ {item.text(draft.lang)}")


# --- writing -----------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML as people write it: short lists inline (`tags: [甲, 乙]`), nested lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def represent_list(self, data: Iterable[Any]) -> yaml.SequenceNode:
        items = list(data)
        flow = all(not isinstance(v, (dict, list)) for v in items)
        return self.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


def dump_yaml(data: dict[str, Any]) -> str:
    """Front matter text for `data`, in the order given."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def write(draft: Draft) -> list[Path]:
    """Write the entry and copy its files, having checked the entry as written; refuses (writing nothing) when
    anything is an error. An import leaves its record and replaces the files of its earlier import."""
    problems = draft.check()
    if any(p.level.is_error() for p in problems):
        raise ScaffoldError(problems, draft)
    text = draft.text().encode("utf-8")
    target = draft.root / draft.text_path
    if not draft.form.body:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_file(target, text)
        return [target]
    target.parent.parent.mkdir(parents=True, exist_ok=True)
    files = {target.name: text} | {name: source.read_bytes() for name, source in draft.assets().items()}
    if draft.tool:
        files[imported.RECORD] = imported.record(files, draft.tool, draft.lang)
    return [target.parent / name for name in _write_bundle(target.parent, files, draft) if name != imported.RECORD]


def _write_file(target: Path, data: bytes) -> None:
    """One file, whole or not at all: written beside, then renamed into place."""
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(scratch, 0o644)  # as a file written in the ordinary way, not mkstemp's 0600
    os.replace(scratch, target)


def _write_bundle(folder: Path, files: dict[str, bytes], draft: Draft) -> list[str]:
    """The files of a bundle: a new folder is written beside and renamed into place; in a folder replaced, the
    files of the earlier import that the new one does not write are removed."""
    if not folder.exists():
        scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
        scratch.chmod(0o755)  # as a folder made in the ordinary way, not mkdtemp's 0700
        for name, data in files.items():
            (scratch / name).write_bytes(data)
        os.rename(scratch, folder)
        return list(files)
    gone = draft._replaced() - set(files)
    for name, data in files.items():
        _write_file(folder / name, data)
    for name in gone:
        (folder / name).unlink(missing_ok=True)
    return list(files)


# --- reading text, reporting ---------------------------------------------------------


class TextError(MessageError):
    """A text file cannot be read; nothing was written."""


def read_text(path: Path) -> str:
    """A text file as a bureau saves one: UTF-8 (with or without BOM), else GB18030; `-` is standard input."""
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        raise TextError("no-such-file", path=str(path))
    size = path.stat().st_size
    if size > MAX_TEXT:
        raise TextError("file-too-large", size=size, limit=MAX_TEXT)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise TextError("text-not-text", name=path.name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise TextError("text-not-text", name=path.name)


def refused(err: ScaffoldError | MessageError, lang: Lang) -> int:
    """Tell why nothing was written, one line per problem, each named in the user's terms; returns 1."""
    if isinstance(err, ScaffoldError):
        order = err.draft.order if err.draft is not None else (lambda _: 0)
        ranked = sorted(err.problems, key=lambda p: (not p.level.is_error(), not p.field, order(p), p.field, p.line))
        for item in ranked:
            where = err.draft.where(item) if err.draft is not None else item.format(lang)
            warn = f"{message('warning-label', lang)} " if not item.level.is_error() else ""
            print(f"{where}: {warn}{item.text(lang)}", file=sys.stderr)
    else:
        print(message(err.key, lang, **err.params), file=sys.stderr)
    print(message("import-nothing-written", lang), file=sys.stderr)
    return 1


def written_report(draft: Draft, written: list[Path], *, lang: Lang) -> int:
    """Print what was written and what `guardians check` says about it (warnings only: errors were refused)."""
    for path in written:
        print(message("new-written", lang, path=path.relative_to(draft.root).as_posix()))
    _, problems = check(Settings(root=draft.root, out=draft.root / "site", today=draft.today, lang=lang))
    own = [p for p in problems if p.path == draft.text_path or p.path.startswith(draft.folder + "/")
           or (draft.form.body and p.path == draft.folder)]
    for item in own:
        print(item.format(lang))
    return 1 if any(p.level.is_error() for p in own) else 0


def run(kind: str, root: Path, given: dict[str, str], photos: list[Path], captions: list[str], *, today: date,
        lang: Lang, prompts: Prompts | None, text: Path | None = None) -> int:
    """`guardians new`: fill, write (nothing when anything is wrong), then show what `guardians check` says."""
    try:
        body = read_text(text) if text is not None else None
    except TextError as err:
        return refused(err, lang)
    paired = [(path, captions[i] if i < len(captions) else "") for i, path in enumerate(photos)]
    draft = fill(kind, root, given, today=today, lang=lang, prompts=prompts, photos=paired)
    draft.found += [problem(draft.text_path, 0, f"photos[{i}]", "new-no-caption")
                    for i, (_, caption) in enumerate(paired) if not caption.strip()]
    if len(captions) > len(photos):
        draft.origin["caption"] = "--caption"
        draft.found.append(problem(draft.text_path, 0, "caption", "new-extra-caption",
                                   count=len(captions) - len(photos)))
    if body is not None:
        draft.body = body if body.endswith("\n") else body + "\n"
        draft.body_where = (lambda line: message("where-stdin-line", lang, line=line)) if str(text) == "-" else (
            lambda line: message("where-text-line", lang, file=str(text), line=line))
    try:
        written = write(draft)
    except ScaffoldError as err:
        return refused(err, lang)
    template = PROJECT / "docs" / "templates" / f"{kind}.{'yml' if kind == 'nomination' else 'md'}"
    if template.is_file():
        print(message("new-see-template", lang, path=template.relative_to(PROJECT).as_posix()))
    return written_report(draft, written, lang=lang)
