"""The rules of a training session that need more than its own schema: its day, its files, its guides.

The city and district are resolved like every place (`validate._resolve_place`);
what the files hold is judged from their bytes when the entry is read
(`materials.scan_entry`). Here: the session was held by the build date, each
listed file is a plain name of a file in the session's folder with a
PDF or PPTX suffix, listed once, and each linked guide exists (with a close
spelling suggested when it does not). The folder `cities` is the city archives' address
(`trainings/cities/<city>/`), so no session may be named so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from generator.content.materials import FileType
from generator.content.spelling import closest

RESERVED_FOLDERS = frozenset({"cities"})
"""Folder names under content/trainings/ that the archive's own pages use."""
Report = Callable[..., None]
Hint = Callable[[str, list[str]], tuple[str, str]]


def check_training(entry: Any, guides: set[str], report: Report, hint: Hint, *, today: date) -> None:
    """Report what is wrong with a training session's references (`entry` is a `validate.Entry`)."""
    record = entry.record
    if entry.slug in RESERVED_FOLDERS:
        report((), "training-reserved-folder", folder=entry.slug)
    held = getattr(record, "date", None)
    if held is not None and held > today:
        report(("date",), "training-future", date=held.isoformat(), today=today.isoformat())
    seen: set[str] = set()
    for i, material in enumerate(getattr(record, "materials", [])):
        name = material.file
        if "/" in name or "\\" in name or "\x00" in name or name in (".", "..") or name.startswith("."):
            report(("materials", i, "file"), "material-path", found=name)
            continue
        if FileType.of_name(name) is None:
            report(("materials", i, "file"), "material-suffix", found=name)
        if name not in entry.assets:
            close = closest(name, sorted(entry.assets))
            zh, en = hint("did-you-mean", close)
            report(("materials", i, "file"), "material-missing", found=name, hint_zh=zh, hint_en=en)
        if name in seen:
            report(("materials", i, "file"), "material-twice", found=name)
        seen.add(name)
    for i, slug in enumerate(getattr(record, "guides", [])):
        if slug not in guides:
            zh, en = hint("did-you-mean", closest(slug, sorted(guides)))
            report(("guides", i), "unknown-guide", found=slug, hint_zh=zh, hint_en=en)
