"""`guardians new story|worker|guide|nomination`: a correct new entry from flags or prompts.

Each answer is checked as it is given by the same validation `guardians
check` runs: the entry being written is added, in memory, to the tree read
from disk and the whole tree is validated, so cities, districts, workers,
tags and awards are resolved exactly as in a build. Nothing is written until
every answer is valid and the entry as it would be written (the body an
import made included) holds no personal data; then the bundle is written
with a comment above each field (in the chosen language) and photos are
copied into it.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import yaml
from pypinyin import lazy_pinyin

from generator.build import check
from generator.config import PROJECT, Settings
from generator.content import privacy, safeyaml, schema
from generator.content.load import BUNDLE_FOLDERS, Kind, RawEntry, RawTree, Source, load_tree
from generator.content.safeyaml import Located
from generator.content.validate import RECORDS, validate_tree
from generator.editions import Lang
from generator.messages import MessageError, message
from generator.problems import Problem, problem

Ask = Callable[[str], str]
"""Reads one answer to a prompt (`input` on a terminal)."""


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
    "nomination": Form(Kind.NOMINATION, (
        Question("award"), Question("worker"), Question("bureau"), Question("post", optional=True),
        Question("community", optional=True), Question("reason"), Question("status"),
        Question("id_number", optional=True), Question("phone", optional=True),
        Question("reviewer_notes", optional=True)), body=False),
}
INTERNAL = ("id_number", "phone", "reviewer_notes")
"""Nomination fields that go in its `internal` block, which is never published."""


class ScaffoldError(Exception):
    """The answers cannot make a valid entry; carries every problem found (nothing was written)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Draft:
    """The answers given so far, and where the entry will be written."""

    form: Form
    root: Path
    today: date
    answers: dict[str, str] = field(default_factory=dict)
    photos: list[tuple[Path, str]] = field(default_factory=list)
    """Photo files to copy, with their captions."""

    # --- where it goes -------------------------------------------------------

    @property
    def slug(self) -> str:
        if self.form.kind is Kind.NOMINATION:
            return self.answers.get("worker", "")
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
        return next(folder for folder, k in BUNDLE_FOLDERS.items() if k is kind) + f"/{self.slug}"

    @property
    def text_path(self) -> str:
        if self.form.kind is Kind.NOMINATION:
            return f"{self.folder}/{self.slug}.yml"
        return f"{self.folder}/index.zh.md"

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
            return [item for item in re.split(r"\s*[,，、;；]\s*", text) if item]
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

    # --- checking ------------------------------------------------------------

    def problems(self, base: RawTree, names: set[str]) -> list[Problem]:
        """What `guardians check` would say about the fields in `names`, with this entry in the tree."""
        found: list[Problem] = []
        if "slug" in names or "worker" in names or "date" in names or "award" in names:
            found += self._place_problems()
        if found:
            return found
        kind = self.form.kind
        entry = RawEntry(kind, self.slug, self.folder, group=self.group, assets=self.assets())
        entry.texts["zh"] = Source(self.text_path, Located(self.data()))
        raw = RawTree(base.root, [e for e in base.entries if _referable(e, entry)] + [entry], base.regions,
                      base.tags, [], {})
        valid = validate_tree(raw, today=self.today)
        wanted = {"internal" if n in INTERNAL else n for n in names}
        if "award" in names:
            wanted.add("")
        return [p for p in valid.problems if p.path in (self.text_path, self.folder)
                and p.key not in ("missing-twin", "refused-reference", "folder-slug")
                and re.split(r"[.\[]", p.field)[0] in wanted]

    def _place_problems(self) -> list[Problem]:
        """The slug names a folder that must be free; the date decides the year folder of a story."""
        found = []
        name = "worker" if self.form.kind is Kind.NOMINATION else "slug"
        if self.slug and not schema.SLUG.match(self.slug):
            found.append(problem(self.text_path, 0, name, "slug-invalid", found=self.slug))
        elif self.slug and (self.root / self.text_path).exists():
            found.append(problem(self.text_path, 0, name, "bundle-exists", file=self.text_path))
        return found


def _referable(other: RawEntry, entry: RawEntry) -> bool:
    """Whether `other` is needed to check `entry`: what it may refer to, or be nominated twice beside."""
    if other.key == entry.key:
        return False
    return other.kind in (Kind.WORKER, Kind.AWARD) or (other.kind is entry.kind is Kind.NOMINATION
                                                       and other.group == entry.group)


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
    """What an empty answer means, when it means something."""
    name = question.name
    if name in ("date", "updated") and draft.form.kind in (Kind.STORY, Kind.GUIDE):
        return draft.today.isoformat()
    if name == "status":
        return "nominated" if draft.form.kind is Kind.NOMINATION else "draft"
    if name == "slug" and draft.answers.get("name"):
        return name_slug(draft.answers["name"])
    if name == "slug":
        return suggested_slug(draft.answers["title"]) if draft.answers.get("title") else ""
    return ""


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


def prompt_text(form: Form, question: Question, draft: Draft, lang: Lang) -> str:
    """`城市（地级以上市，如 广州市） [广州市]: `"""
    text = message(f"ask-{question.name}", lang)
    options = choices(form, question.name)
    if options and options[0] not in text:
        text += f" {{{' | '.join(options)}}}"
    if question.optional:
        text += message("ask-optional", lang)
    fallback = default(draft, question)
    return text + (f" [{fallback}]" if fallback else "") + ": "


def fill(kind: str, root: Path, given: dict[str, str], *, today: date, lang: Lang,
         ask: Ask | None, say: Callable[[str], None] = print,
         photos: list[tuple[Path, str]] | None = None) -> Draft:
    """Collect valid answers: from `given` (flags) first, then by asking for what is missing.

    Without `ask` (not on a terminal), every problem with the given answers is
    raised at once, missing required fields included.
    """
    form = FORMS[kind]
    draft = Draft(form, root, today, photos=list(photos or []))
    base = load_tree(root)
    problems: list[Problem] = []
    for question in form.questions:
        answer = given.get(question.name)
        if answer is None and ask is None:
            answer = default(draft, question) or None
        if answer is None and ask is not None and question.name != "photos":
            answer = _ask(draft, question, base, lang, ask, say)
        elif answer is None and ask is not None:
            _ask_photos(draft, base, lang, ask, say)
            continue
        if answer is None:
            if not question.optional:
                problems.append(problem(draft.text_path, 0, question.name, "missing"))
            continue
        draft.answers[question.name] = answer
        found = draft.problems(base, {question.name})
        if question.file and not Path(answer).is_file():
            found = [problem(draft.text_path, 0, question.name, "no-such-file", path=answer)]
        if found and ask is not None:
            for item in found:
                say(f"  ✗ {item.text(lang)}")
            draft.answers[question.name] = _ask(draft, question, base, lang, ask, say) or ""
        else:
            problems += found
    if draft.photos and ask is None:
        problems += draft.problems(base, {"photos"})
    if problems:
        raise ScaffoldError(problems)
    return draft


def _ask(draft: Draft, question: Question, base: RawTree, lang: Lang, ask: Ask, say: Callable[[str], None]) -> str:
    """Ask until the answer is valid (or empty for an optional field)."""
    while True:
        answer = ask(prompt_text(draft.form, question, draft, lang)).strip() or default(draft, question)
        if not answer and question.optional:
            draft.answers.pop(question.name, None)
            return ""
        draft.answers[question.name] = answer
        if not answer:
            say(f"  ✗ {message('missing', lang)}")
            continue
        if question.file and not Path(answer).is_file():
            say(f"  ✗ {message('no-such-file', lang, path=answer)}")
            continue
        found = draft.problems(base, {question.name})
        if not found:
            return answer
        for item in found:
            say(f"  ✗ {item.text(lang)}")


def _ask_photos(draft: Draft, base: RawTree, lang: Lang, ask: Ask, say: Callable[[str], None]) -> None:
    """Photos one by one: a file, then its caption; an empty file name ends the list."""
    while True:
        answer = ask(message("ask-photo-file", lang) + ": ").strip()
        if not answer:
            return
        path = Path(answer).expanduser()
        if not path.is_file():
            say(f"  ✗ {message('no-such-file', lang, path=answer)}")
            continue
        caption = ""
        while not caption:
            caption = ask(message("ask-photo-caption", lang) + ": ").strip()
        draft.photos.append((path, caption))
        for item in draft.problems(base, {"photos"}):
            say(f"  ✗ {item.text(lang)}")


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


def front_matter(draft: Draft, lang: Lang) -> str:
    """The YAML of the entry, each field under a comment saying what it is."""
    lines: list[str] = []
    for name, value in draft.data().items():
        label = "ask-internal" if name == "internal" else f"ask-{name}"
        lines.append(f"# {message(label, lang)}")
        lines.append(dump_yaml({name: value}).rstrip("\n"))
    return "\n".join(lines) + "\n"


def write(draft: Draft, lang: Lang, body: str | None = None) -> list[Path]:
    """Write the entry (with `body`, or a line saying where the text goes) and copy its files.

    Refuses to overwrite anything.
    """
    target = draft.root / draft.text_path
    if target.exists():
        raise ScaffoldError([problem(draft.text_path, 0, "", "bundle-exists", file=draft.text_path)])
    meta = front_matter(draft, lang)
    text = (body if body is not None else message("new-body", lang) + "\n") if draft.form.body else None
    personal = [p for p in privacy.scan_entry(_as_written(draft, meta, text)) if p.level.is_error()]
    if personal:
        raise ScaffoldError(personal)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(meta if text is None else f"---\n{meta}---\n{text}", encoding="utf-8")
    written = [target]
    for name, source in draft.assets().items():
        shutil.copyfile(source, target.parent / name)
        written.append(target.parent / name)
    return written


def _as_written(draft: Draft, meta: str, body: str | None) -> RawEntry:
    """The entry as `write` would put it on disk (front matter lines and body line as in the file), for the
    personal-data check of everything written: fields, the body an import made, folder and file names."""
    entry = RawEntry(draft.form.kind, draft.slug, draft.folder, group=draft.group, assets=draft.assets())
    if body is None:
        entry.texts["zh"] = Source(draft.text_path, safeyaml.load(meta))
    else:
        entry.texts["zh"] = Source(draft.text_path, safeyaml.load(meta, first_line=2), body, meta.count("\n") + 3)
    return entry


def refused(problems: list[Problem], lang: Lang) -> None:
    """Print why nothing was written, one line per problem, named by the flag that gives the field."""
    for item in problems:
        print(f"--{item.field.replace('_', '-')}: {item.text(lang)}" if item.field else item.format(lang),
              file=sys.stderr)
    print(message("import-nothing-written", lang), file=sys.stderr)


def refused_import(err: MessageError | ScaffoldError, lang: Lang) -> int:
    """Tell why an import wrote nothing; returns the exit status."""
    if isinstance(err, ScaffoldError):
        refused(err.problems, lang)
    else:
        print(message(err.key, lang, **err.params), file=sys.stderr)
        print(message("import-nothing-written", lang), file=sys.stderr)
    return 1


def written_report(draft: Draft, written: list[Path], *, today: date, lang: Lang) -> int:
    """Print what was written and what `guardians check` says about it; 1 when it has errors."""
    for path in written:
        print(message("new-written", lang, path=path.relative_to(draft.root).as_posix()))
    _, problems = check(Settings(root=draft.root, out=draft.root / "site", today=today, lang=lang))
    own = [p for p in problems if p.path.startswith(draft.folder)]
    for item in own:
        print(item.format(lang))
    return 1 if any(p.level.is_error() for p in own) else 0


def run(kind: str, root: Path, given: dict[str, str], photos: list[tuple[Path, str]], *, today: date,
        lang: Lang, interactive: bool) -> int:
    """`guardians new`: fill, write, then show what `guardians check` says about the new entry."""
    for path, _ in photos:
        if not path.is_file():
            print(message("no-such-file", lang, path=str(path)), file=sys.stderr)
            return 1
    try:
        draft = fill(kind, root, given, today=today, lang=lang, ask=input if interactive else None,
                     photos=photos)
        written = write(draft, lang)
    except ScaffoldError as err:
        refused(err.problems, lang)
        return 1
    template = PROJECT / "docs" / "templates" / f"{kind}.{'yml' if kind == 'nomination' else 'md'}"
    if template.is_file():
        print(message("new-see-template", lang, path=template.relative_to(PROJECT).as_posix()))
    return written_report(draft, written, today=today, lang=lang)
