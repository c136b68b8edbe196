"""Nominations' internal values: gathered from every nomination file and looked for in every public text (pure).

A nomination's `internal` block (ID number, phone, reviewer notes, and
whatever a bureau adds, at any depth and in lists) is kept for the bureau's
records and never published. Every leaf value long enough to be told apart
from ordinary words (`long_enough`) is a `Secret`, gathered from the raw
files, so a nomination refused for another error still keeps its values out.

`Quotes` looks for every secret at once (one Aho-Corasick automaton) in the
text a reader sees (`readertext.compact`: entities decoded, NFKC, invisible
characters and Markdown marks dropped, Simplified, case-folded, letters and
digits only), so a value split by spaces, entities or emphasis, written in
full-width forms or in the other Chinese script is found too. `quoted`
applies it to every public text of one entry: its folder name, every
front-matter value and name, its body (a value may run over a line break).

A value the site shows whatever the content (a place name of the gazetteer,
a tag, an interface string) cannot be kept out of it: the nomination is
warned and the value is not looked for. The last wall over the built site
(`publish.Verification`) looks for the same secrets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick_rs

from generator.content.load import Kind, RawEntry, RawTree
from generator.content.readertext import compact, has_chinese
from generator.editions import LANGS, edition
from generator.problems import Level, Problem, problem

MIN_CHINESE = 3
"""Letters and digits a value holding Chinese needs to be looked for (three characters name a person)."""
MIN_OTHER = 6
"""Letters and digits any other value needs: shorter ones (a ranking, a year) occur by chance."""

Path = tuple[Any, ...]


def long_enough(value: str) -> bool:
    """Whether a value is looked for: its compact form has `MIN_CHINESE` characters with Chinese, else `MIN_OTHER`."""
    text = compact(value)
    return len(text) >= (MIN_CHINESE if has_chinese(text) else MIN_OTHER)


@dataclass(frozen=True)
class Secret:
    """One internal value and where it is written."""

    path: str
    """The nomination file."""
    line: int
    field: str
    """`internal.phone`, `internal.contacts[0].mobile`."""
    value: str

    @property
    def masked(self) -> str:
        """The value with all but its ends hidden (none of a short one, one character at each end of Chinese):
        what a message may show."""
        keep = min(1 if has_chinese(self.value) else 2, len(self.value) // 6)
        middle = "*" * min(len(self.value) - 2 * keep, 8)
        return self.value[:keep] + middle + self.value[len(self.value) - keep:] if keep else middle

    def label(self) -> str:
        """`internal.phone (1*********8) of content/nominations/…`: the secret named without its value."""
        return f"{self.field} ({self.masked}) of {self.path}"


def gather(raw: RawTree) -> tuple[list[Secret], list[Problem]]:
    """Every internal value of every nomination file that is looked for, and a warning for each that the site
    shows anyway (`fixed_text`)."""
    fixed = fixed_text(raw)
    secrets: list[Secret] = []
    problems: list[Problem] = []
    for item in raw.entries:
        source = item.texts.get("zh")
        if item.kind is not Kind.NOMINATION or source is None or source.meta is None:
            continue
        data = source.meta.data
        if not isinstance(data, dict) or "internal" not in data:
            continue
        for path, value in leaves(data["internal"], ("internal",)):
            if not long_enough(value):
                continue
            secret = Secret(source.path, source.meta.line_of(path), field_name(path), value)
            if compact(value) in fixed:
                problems.append(problem(secret.path, secret.line, secret.field, "internal-public-text",
                                        level=Level.WARNING, masked=secret.masked))
            else:
                secrets.append(secret)
    return secrets, problems


def fixed_text(raw: RawTree) -> str:
    """What the site shows whatever its entries: place names, tags and interface strings, compact, one a line."""
    texts = [text for lang in LANGS for text in edition(lang).strings().table.values()]
    for located in (raw.regions, raw.tags):
        if located is not None:
            texts += [name for _, name in _names(located.data, ())] + [value for _, value in leaves(located.data, ())]
    return "\n".join(compact(text) for text in texts)


class Quotes:
    """Every secret looked for at once in compact text, by one automaton."""

    def __init__(self, secrets: list[Secret]):
        self._texts: list[str] = []
        self._secrets: list[list[Secret]] = []
        index: dict[str, int] = {}
        for secret in secrets:
            text = compact(secret.value)
            if text not in index:
                index[text] = len(self._texts)
                self._texts.append(text)
                self._secrets.append([])
            self._secrets[index[text]].append(secret)
        self._automaton = ahocorasick_rs.AhoCorasick(self._texts) if self._texts else None

    def find(self, text: str) -> Iterator[tuple[int, Secret]]:
        """(offset, secret) for every secret in `text` (compact), overlapping ones too."""
        if self._automaton is None or not text:
            return
        for which, start, _ in self._automaton.find_matches_as_indexes(text, overlapping=True):
            for secret in self._secrets[which]:
                yield start, secret


def quoted(item: RawEntry, quotes: Quotes) -> list[Problem]:
    """An entry that quotes an internal value, in any public text, with file, line and field; a nomination
    that repeats one of its own in a public field is told so."""
    found: set[Problem] = set()

    def report(path: str, line: int, field: str, secret: Secret) -> None:
        if secret.path == path:
            found.add(problem(path, line, field, "internal-own-field", internal=secret.field, masked=secret.masked))
        else:
            found.add(problem(path, line, field, "internal-quoted", internal=secret.field, masked=secret.masked,
                              source=secret.path))

    for _, secret in quotes.find(compact(item.slug)):
        report(item.where, 0, "", secret)
    for source in item.texts.values():
        meta = source.meta
        if meta is not None:
            public = {k: v for k, v in meta.data.items() if not (item.kind is Kind.NOMINATION and k == "internal")}
            for path, text in [*_names(public, ()), *leaves(public, ())]:
                for _, secret in quotes.find(compact(text)):
                    report(source.path, meta.line_of(path), field_name(path), secret)
        hits = list(quotes.find(compact(source.body)))
        if hits:  # the line of each: where the compact lines, joined, reach the hit
            starts = [0]
            for line in source.body.split("\n"):
                starts.append(starts[-1] + len(compact(line)))
            for at, secret in hits:
                report(source.path, source.body_line + bisect_right(starts, at) - 1, "", secret)
    return sorted(found)


def leaves(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every value under `data` that is not a mapping or list (numbers and dates as written), with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, (*path, i))
    elif data is not None and not isinstance(data, bool):
        yield path, str(data)


def _names(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every field name under `data`, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), str(key)
            yield from _names(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _names(value, (*path, i))


def field_name(path: Path) -> str:
    """`photos[2].caption` from ('photos', 2, 'caption')."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def masked(text: str, forms: Mapping[str, Secret]) -> str:
    """`text` with each form of a secret in it (`forms`: as written, in either script) replaced by the secret's
    masked form: what the report may say where a message repeats a public text that quotes one."""
    if not forms:
        return text
    needles = list(forms)
    automaton = ahocorasick_rs.AhoCorasick(needles, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
    out, last = [], 0
    for which, start, end in automaton.find_matches_as_indexes(text):
        out += [text[last:start], forms[needles[which]].masked]
        last = end
    return "".join(out) + text[last:]
