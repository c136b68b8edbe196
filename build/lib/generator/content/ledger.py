"""The ledger: every input file published, held back or refused, with the reason.

Written as `site-report.json` beside the site (not inside it: it names unpublished entries) and summarised on the
terminal, each path `printable`. The counts must add up: a file that is in the tree but not in the
ledger fails the build.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generator.content.load import Kind, RawTree, name_text
from generator.content.markup import image_references
from generator.content.model import Site
from generator.content.privacy import mask
from generator.content.validate import Entry, Validated
from generator.editions import LANGS, Lang
from generator.incremental import entries_below
from generator.messages import message, printable
from generator.problems import Problem

IMPORT_RECORD = "import-record.yml"
"""The record an import leaves in its bundle (`generator.tools.imported`): an input, never published."""


class Status(str, Enum):
    """What became of an input file."""

    PUBLISHED = "published"
    HELD = "held"
    REFUSED = "refused"


@dataclass
class Ledger:
    """The fate of every input file, by path relative to the content root."""

    rows: dict[str, tuple[Status, str]] = field(default_factory=dict)
    untranslated: dict[str, list[str]] = field(default_factory=dict)
    """Entries (by folder) that lack a language, with the languages they lack."""

    def mark(self, path: str, status: Status, reason: str = "") -> None:
        self.rows[path] = (status, reason)

    def counts(self) -> Counter[Status]:
        return Counter(status for status, _ in self.rows.values())

    def unaccounted(self, root: Path) -> list[str]:
        """Files in the tree that the ledger does not mention."""
        return sorted(set(input_files(root)) - set(self.rows))

    def as_json(self, lang: Lang, problems: list[Problem]) -> str:
        counts = self.counts()
        data = {
            "counts": {s.value: counts.get(s, 0) for s in Status} | {"total": len(self.rows)},
            "files": {printable(path): {"status": status.value, "reason": reason, "why": _why(reason, lang)}
                      for path, (status, reason) in sorted(self.rows.items())},
            "untranslated": self.untranslated,
            "problems": [p.as_dict(lang) for p in sorted(set(problems))],
        }
        return mask(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"

    def summary(self, lang: Lang) -> str:
        """The counts, then every photo held back for want of consent, with the reason."""
        counts = self.counts()
        if lang == "zh":
            line = (f"共 {len(self.rows)} 个输入文件：已发布 {counts[Status.PUBLISHED]}，"
                    f"暂缓发布 {counts[Status.HELD]}，未通过 {counts[Status.REFUSED]}；"
                    f"{len(self.untranslated)} 个条目缺少英文版")
        else:
            line = (f"{len(self.rows)} input files: {counts[Status.PUBLISHED]} published, "
                    f"{counts[Status.HELD]} held back, {counts[Status.REFUSED]} refused; "
                    f"{len(self.untranslated)} entries lack an English version")
        held = [f"  {printable(path)}: {_why(reason, lang)}" for path, (status, reason) in sorted(self.rows.items())
                if status is Status.HELD and reason.startswith("consent-")]
        if held:
            line += "\n" + ("因同意书暂缓发布的照片：" if lang == "zh" else "photos held back for consent:") + "\n"
            line += "\n".join(held)
        return line


_REASONS = {
    "draft": ("草稿", "draft"),
    "review": ("审核中", "under review"),
    "unused-file": ("未被引用的文件", "not referenced by the entry"),
    "import-record": ("导入记录，不发布", "import record, never published"),
    "award-not-public": ("奖项尚未进入公示", "the award is not yet in its publicity period"),
    "withdrawn": ("提名已撤回", "nomination withdrawn"),
    "not-awarded": ("未获表彰", "not awarded"),
    "consent-expired": ("肖像使用同意书已过期", "the consent of the people shown has expired"),
    "consent-required": ("照片中有可辨认的人，但缺少同意书", "identifiable people shown without a consent record"),
}


def _why(reason: str, lang: Lang) -> str:
    if reason in _REASONS:
        return _REASONS[reason][0 if lang == "zh" else 1]
    if not reason:
        return ""
    try:
        return message(reason, lang)
    except (KeyError, IndexError):
        return reason


def input_files(root: Path) -> list[str]:
    """Every file below content/ and stories/, links and hidden files included."""
    found = []
    for top in ("content", "stories"):
        if (root / top).is_symlink():
            found.append(top)
            continue
        if (root / top).is_dir():
            found += [name_text(f"{top}/{rel}") for rel, entry in entries_below(root / top)
                      if not entry.is_dir(follow_symlinks=False)]  # a link to a folder is listed, not followed
    return found


def account(raw: RawTree, valid: Validated, site: Site | None, problems: list[Problem]) -> Ledger:
    """Give every input file its status."""
    ledger = Ledger()
    first_error: dict[str, str] = {}
    for p in sorted(problems):
        if p.level.is_error():
            first_error.setdefault(p.path, p.key)
    for path, reason in valid.strays.items():
        ledger.mark(path, Status.HELD if reason == "hidden-file" else Status.REFUSED, reason)
    for name in ("content/regions.yml", "content/tags.yml"):
        if (raw.root / name).is_file():
            error = first_error.get(name)
            ledger.mark(name, Status.REFUSED if error else Status.PUBLISHED, error or "")
    for entry in valid.refused:
        reason = next((first_error[f] for f in [*entry.files(), entry.folder] if f in first_error), "refused-reference")
        for path in entry.files():
            ledger.mark(path, Status.REFUSED, first_error.get(path, reason))
    published_urls = {item.entry.key for item in site.items()} if site else set()
    for entry in valid.entries:
        for path in entry.files():
            ledger.mark(path, Status.PUBLISHED)
        used = _used_assets(entry)
        for name in entry.assets:
            path = f"{entry.folder}/{name}"
            if name == IMPORT_RECORD:
                ledger.mark(path, Status.HELD, "import-record")
            elif name in entry.held_photos:
                ledger.mark(path, Status.HELD, entry.held_photos[name])
            elif name not in used:
                ledger.mark(path, Status.HELD, "unused-file")
        hold = _held_reason(entry, site)
        if hold or (site is not None and entry.kind not in (Kind.NOMINATION, Kind.COMMITTEE)
                                  and entry.key not in published_urls):
            for path in entry.files():
                if ledger.rows[path][0] is Status.PUBLISHED:
                    ledger.mark(path, Status.HELD, hold or "unused-file")
        if entry.kind.is_bundle() and "en" not in entry.texts and not hold:
            ledger.untranslated[entry.folder] = [lang for lang in LANGS if lang not in entry.texts]
    return ledger


def _used_assets(entry: Entry) -> set[str]:
    record = entry.record
    used = {ref for _, ref in image_references(entry.texts["zh"].body)}
    if "en" in entry.texts:
        used |= {ref for _, ref in image_references(entry.texts["en"].body)}
    if entry.kind is Kind.STORY:
        used |= {p.file for p in record.photos}
    if entry.kind is Kind.WORKER:
        used.add(record.portrait)
    if entry.kind is Kind.TRAINING:
        used |= {m.file for m in record.materials}
    return used


def _held_reason(entry: Entry, site: Site | None) -> str:
    if entry.kind is Kind.STORY and not entry.record.status.is_published():
        return entry.record.status.value
    if entry.kind is Kind.NOMINATION and site is not None:
        award = next((a for a in site.awards if a.slug == entry.group), None)
        if award is not None and not award.phase.is_public():
            return "award-not-public"
        if not entry.record.status.is_standing():
            return entry.record.status.value
    return ""
