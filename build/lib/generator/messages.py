"""The catalogue of messages to users, in Chinese and English.

Every message the tool prints about content is looked up by key in
`generator/messages/<lang>.yml`, so a problem found once can be told in
either language (`--lang`). Both files have the same keys and parameters (a
test checks it).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from generator.content import safeyaml
from generator.content.readertext import invisible
from generator.editions import Lang


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """Every message template of `lang`, by key."""
    path = Path(__file__).parent / "messages" / f"{lang}.yml"
    data = safeyaml.load(path.read_text(encoding="utf-8")).data
    return {str(k): str(v) for k, v in data.items()}


class MessageError(Exception):
    """An error told to the user by message key; the base of every such error of the tool."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params: dict[str, Any] = params  # each shown as str(value), whatever its type

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the parameters when the error travels back from a worker process."""
        return (_rebuild, (type(self), self.key, self.params))

    def text(self, lang: Lang) -> str:
        return message(self.key, lang, **self.params)


def _rebuild(cls: type[MessageError], key: str, params: dict[str, object]) -> MessageError:
    return cls(key, **params)


def message(key: str, lang: Lang, **params: object) -> str:
    """The message for `key` in `lang`, with its parameters filled in, each `printable`."""
    template = catalogue(lang)[key]
    chosen = {k: v for k, v in params.items() if not k.endswith(("_zh", "_en"))}
    chosen.update({k[:-3]: v for k, v in params.items() if k.endswith(f"_{lang}")})
    return template.format(**{k: printable(str(v)) for k, v in chosen.items()})


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control characters (C0, DEL, C1), format characters (bidirectional controls, zero-width characters), lone
surrogates and the line and paragraph separators."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0"}


def printable(text: str) -> str:
    """`text` safe to quote in a message on a terminal, a page or a report: every control, format or
    invisible character (`readertext.invisible`) written as a visible escape, `\\n`, `\\x1b`, `\\u202e`.

    A value then stays on its line, sends no escape sequence to a terminal and cannot reorder the text
    around it. A backslash is left as it is, so a value escaped once is not changed again.
    """
    hidden = set(invisible(text))
    if not hidden and text.isprintable():
        return text
    return "".join(_escaped(c) if c in hidden or unicodedata.category(c) in _UNPRINTABLE else c for c in text)


def _escaped(char: str) -> str:
    point = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"
