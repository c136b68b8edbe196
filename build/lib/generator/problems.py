"""Problems found in content: values with a location, formatted in one place.

Whatever a problem quotes was submitted (a path, a field name, a value), so
all of it is shown `printable`: a line of output is one problem, and no
escape sequence or bidirectional control reaches a terminal, a page or a
report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from generator.editions import Lang
from generator.messages import message, printable


class Level(str, Enum):
    """How bad a problem is."""

    ERROR = "error"
    WARNING = "warning"

    def is_error(self) -> bool:
        return self is Level.ERROR


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, at a file, line and field.

    The message is kept as a catalogue key plus parameters so that the same
    problem can be told in Chinese or in English.
    """

    path: str
    line: int
    field: str
    key: str
    params: tuple[tuple[str, str], ...] = ()
    level: Level = Level.ERROR

    def text(self, lang: Lang) -> str:
        """The message alone, in the reader's language (its parameters `printable`, see `message`)."""
        return message(self.key, lang, **dict(self.params))

    def format(self, lang: Lang) -> str:
        """`path:line: field: message`, with `warning:` before warnings; one line, every part printable."""
        path = printable(self.path)
        where = f"{path}:{self.line}:" if self.line else f"{path}:"
        label = f" {printable(self.field)}:" if self.field else ""
        warn = f" {message('warning-label', lang)}" if self.level is Level.WARNING else ""
        return f"{where}{warn}{label} {self.text(lang)}"

    def as_dict(self, lang: Lang) -> dict[str, object]:
        return {
            "path": printable(self.path),
            "line": self.line,
            "field": printable(self.field),
            "level": self.level.value,
            "code": self.key,
            "message": self.text(lang),
        }


def problem(
    path: str, line: int, field: str, key: str, /, *, level: Level = Level.ERROR, **params: object
) -> Problem:
    """Build a problem; parameters are stored as sorted strings so problems compare.

    The location and key are positional only, so a message may have a parameter of the same name (`path`).
    """
    return Problem(path, line, field, key, tuple(sorted((k, str(v)) for k, v in params.items())), level)


@dataclass
class Problems:
    """An ordered collection of problems, gathered from every stage before failing."""

    items: list[Problem] = field(default_factory=list)

    def add(self, item: Problem) -> None:
        self.items.append(item)

    def extend(self, items: list[Problem] | Problems) -> None:
        self.items.extend(items.items if isinstance(items, Problems) else items)

    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level.is_error()]

    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.level.is_error()]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.field, p.key, p.params))


class ContentError(Exception):
    """Raised when content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Keep the problems when the error comes back from a build run in a process of its own."""
        return (type(self), (self.problems,))


def format_report(problems: list[Problem], lang: Lang, fmt: Literal["text", "json"]) -> str:
    """Every problem, sorted, as text lines or as one JSON document."""
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.key, p.params))
    if fmt == "json":
        return json.dumps([p.as_dict(lang) for p in ordered], ensure_ascii=False, indent=2)
    return "\n".join(p.format(lang) for p in ordered)
