"""`guardians notice record|amend <award>`: write the 公示 list as published into the award file, or a correction.

`record` writes `notice:` (each nominee's name and digest, `generator.content.notice`) before the 公示 opens;
`amend` appends to `amendments:` the correction that covers every difference between the nominations now and the
list as published and corrected so far, with its date, document number and reason. Either checks the tree first
and changes nothing when the award, its nominations or their workers have any other error. Only the top-level
block it writes is replaced; the rest of the award file stays as written.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.content import notice
from generator.content.load import Kind, load_tree
from generator.content.schema import Amendment, Award, NoticeEntry
from generator.content.validate import Entry, Validated, validate_tree
from generator.editions import Lang
from generator.messages import message
from generator.problems import Problem

OURS = {"notice-missing", "notice-stale", "notice-added", "notice-removed", "notice-changed", "refused-reference",
         "notice-recorded-late"}
"""What the command itself resolves: these problems do not stop it."""


def listing(valid: Validated, slug: str) -> tuple[Entry | None, list[Entry], dict[str, NoticeEntry]]:
    """The award's entry (refused or not), its nominations and the list they make now, from a validated tree.
    A nomination or worker with an error of its own is left out."""
    entries = [e for e in [*valid.entries, *valid.refused] if isinstance(e, Entry)]
    award = next((e for e in entries if e.kind is Kind.AWARD and e.slug == slug), None)
    failed = {p.path for p in valid.problems if p.level.is_error() and p.key not in OURS}
    nominations = [e for e in entries if e.kind is Kind.NOMINATION and e.group == slug]
    workers = {e.slug: e for e in entries if e.kind is Kind.WORKER and e.texts["zh"].path not in failed}
    now: dict[str, NoticeEntry] = {}
    if award is None:
        return award, nominations, now
    for entry in nominations:
        if entry.texts["zh"].path in failed:
            continue
        worker = workers.get(entry.record.worker) if entry.record.worker else None
        if entry.record.worker and worker is None:
            continue
        if notice.on_list(entry.slug, entry.record.status, award.record):
            now[entry.slug] = notice.entry(entry.record, worker.record if worker else None)
    return award, nominations, now


def current(root: Path, slug: str, *, today: date) -> tuple[Entry, dict[str, NoticeEntry]] | list[Problem]:
    """The award's entry and the list its nominations make now, or the problems that stop the command."""
    valid = validate_tree(load_tree(root), today=today)
    award, nominations, now = listing(valid, slug)
    workers = {e.slug: e for e in [*valid.entries, *valid.refused] if isinstance(e, Entry) and e.kind is Kind.WORKER}
    involved = {p for e in [award, *nominations] if e is not None for p in e.files()}
    involved |= {p for n in nominations if n.record.worker in workers for p in workers[n.record.worker].files()}
    stopping = [p for p in valid.problems if p.level.is_error() and p.path in involved and p.key not in OURS]
    if award is None or stopping:
        return stopping
    return award, now


def run(action: str, root: Path, slug: str, *, today: date, lang: Lang, document: str | None = None,
        reason: str | None = None, day: date | None = None) -> int:
    """Record the list or amend it; 0 when the award file was written or nothing needed writing."""
    path = root / "content" / "awards" / f"{slug}.yml"
    if not path.is_file():
        return _fail(message("notice-command-no-award", lang, award=slug))
    found = current(root, slug, today=today)
    if isinstance(found, list):
        lines = [message("notice-command-refused", lang)] + [p.format(lang) for p in sorted(found)]
        return _fail("\n".join(lines))
    entry, now = found
    award: Award = entry.record
    rel = f"content/awards/{slug}.yml"
    when = day or today
    if action == "record":
        if award.notice is not None and today >= award.publicity.start:
            return _fail(message("notice-command-open", lang, start=award.publicity.start.isoformat(), award=slug))
        block = {"recorded": when, "nominees": {s: _plain(e) for s, e in sorted(now.items())}}
        _write_block(path, "notice", block)
        print(message("notice-command-recorded", lang, file=rel, count=len(now)))
        return 0
    if award.notice is None:
        return _fail(message("notice-command-no-record", lang, file=rel, award=slug))
    if not notice.differences(award, now):
        print(message("notice-command-nothing", lang))
        return 0
    try:
        amendment = notice.amend(award, now, date=when, document=document or "", reason=reason or "")
    except ValidationError:
        return _fail(message("notice-command-amend-fields", lang, document=document or "", reason=reason or ""))
    listed = [_amendment(a) for a in [*award.amendments, amendment]]
    _write_block(path, "amendments", listed)
    print(message("notice-command-amended", lang, file=rel, added=len(amendment.added),
                  removed=len(amendment.removed), changed=len(amendment.changed)))
    return 0


def _plain(entry: NoticeEntry) -> dict[str, str]:
    return {"name": entry.name, "digest": entry.digest}


def _amendment(amendment: Amendment) -> dict[str, Any]:
    out: dict[str, Any] = {"date": amendment.date, "document": amendment.document,
                           "reason": amendment.reason}
    if amendment.added:
        out["added"] = {s: _plain(e) for s, e in amendment.added.items()}
    if amendment.removed:
        out["removed"] = dict(amendment.removed)
    if amendment.changed:
        out["changed"] = {s: _plain(e) for s, e in amendment.changed.items()}
    return out


def replace_block(text: str, key: str, value: Any) -> str:
    """The YAML text with its top-level `key` block replaced by `value` (appended when it has none)."""
    block = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000)
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
    if start is None:
        body = "".join(lines)
        return body + ("" if not body or body.endswith("\n") else "\n") + block
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace()
                and not lines[i].startswith("#")), len(lines))
    return "".join(lines[:start]) + block + "".join(lines[end:])


def _write_block(path: Path, key: str, value: Any) -> None:
    text = replace_block(path.read_text(encoding="utf-8"), key, value)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".notice-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _fail(text: str) -> int:
    print(text, file=sys.stderr)
    return 1
