"""What the search box forgives in how people type, and the small files it needs for that (pure, but `write_aids`).

- **Folding** (`folded`): the index's gram words and the box's queries are
  made from text folded the same way: NFKC (full-width ｇｒｉｄ, ２０２２ →
  grid, 2022), the quotation marks and brackets inside a Chinese phrase
  dropped (“社区”防控 → 社区防控), and every character replaced by the
  representative of its variant class (着/著, 裡/裏/里, 台/臺/颱). The classes
  join every character OpenCC's conversions (Simplified, Traditional, Hong
  Kong and Taiwan variants, both ways) map one to another; the
  representative is the class's Simplified form. The box folds with the same
  classes (`fold_table`, a file it loads with its first Chinese query).
- **Latin words** (`latin_words`): each edition's words of five letters or more
  on its published pages, by length, most frequent first: the box loads the
  lengths it needs when a query finds nothing and retries with the word one
  edit away (a transposition counts as one).
- **Homophones** (`HomophoneTable`): the names and titles the site shows,
  keyed by their toneless pinyin, in shards by key, and the pinyin of the
  characters they use (any character sounding like one of them): a Chinese
  query that finds nothing and reads like a name or title but for one
  character gets "您是不是要找：…".

The files are made from the merged search bundle, so they hold only text the
site already shows (`write_aids`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from itertools import product
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin, pinyin

from generator.cache import Record
from generator.incremental import link_file

_VARIANT_CONFIGS = ("s2t", "t2s", "s2hk", "hk2s", "s2tw", "tw2s", "t2hk", "hk2t", "t2tw", "tw2t")
"""The OpenCC conversions whose character mappings make the variant classes."""
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
"""The characters the gram words cover (`search.index._CJK`)."""
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_INSIDE_PHRASE = "\"'()<>\\[\\]{}\u00b7\u2010-\u2015\u2018-\u201f\u2026\u2027\u3001\u3008-\u3011\u3014-\u301f\u30fb"
"""Marks dropped between two Chinese characters (after NFKC): quotation marks, brackets, book-title marks, dashes,
middle dots, the enumeration comma 、. Sentence punctuation (，。；：！？) and spaces still end a phrase."""
_PHRASE_MARKS = re.compile(f"(?<=[{_CJK}])[{_INSIDE_PHRASE}]+(?=[{_CJK}])")
_LATIN = re.compile(r"[a-z]{5,}")
"""A Latin word the box corrects: five letters or more (of the lower-cased NFKC text)."""
_SPLIT = re.compile(r"[^a-z]+")
SHARD_BYTES = 4_000
"""About the size of one shard of a homophone table."""
AIDS = "cg-forgiving.json"
"""The list of the box's aid files in the search bundle (fixed name; the files it lists are named by content)."""


@cache
def variant_classes() -> dict[str, str]:
    """Each character that has variants → its class's representative (characters without variants are absent)."""
    chars = [chr(point) for low, high in _CJK_RANGES for point in range(low, high + 1)]
    text = "\n".join(chars)
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    for config in _VARIANT_CONFIGS:
        for char, converted in zip(chars, opencc.OpenCC(config).convert(text).split("\n"), strict=True):
            one, other = unicodedata.normalize("NFKC", char), unicodedata.normalize("NFKC", converted)
            if len(other) == 1 and other != one:
                a, b = root(one), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for char in sorted(set(parent) | set(parent.values())):
        members.setdefault(root(char), []).append(char)
    simplified = opencc.OpenCC("t2s")
    table: dict[str, str] = {}
    for group in members.values():
        own = [c for c in group if simplified.convert(c) == c] or group
        table.update({char: own[0] for char in group if char != own[0]})
    return table


@cache
def _fold_chars() -> dict[int, str]:
    return {ord(char): rep for char, rep in variant_classes().items()}


def folded(text: str) -> str:
    """`text` as the index and the box compare it: NFKC, marks inside Chinese phrases dropped, variants folded."""
    return _PHRASE_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_fold_chars())


def nfkc_words(text: str) -> list[str]:
    """The words (letters or digits) of `text`'s NFKC form that `text` does not hold as written (ＧＲＩＤ → GRID,
    ２０２２ → 2022), each once: Pagefind indexes the words as written; these are added beside them."""
    normal = unicodedata.normalize("NFKC", text)
    if normal == text:
        return []
    words = re.compile(r"[^\W_]+")
    written = set(words.findall(re.sub(f"[{_CJK}]", " ", text)))
    return [w for w in dict.fromkeys(words.findall(re.sub(f"[{_CJK}]", " ", normal))) if w not in written]


def fold_table() -> str:
    """The variant classes as the box reads them: each class its representative then its other members, classes
    apart by a space."""
    groups: dict[str, list[str]] = {}
    for char, rep in sorted(variant_classes().items()):
        groups.setdefault(rep, []).append(char)
    return " ".join(rep + "".join(chars) for rep, chars in sorted(groups.items()))


def latin_words(texts: Iterable[str]) -> Counter[str]:
    """The Latin words of five letters or more of some pages' texts (NFKC, lower case): in how many texts each is."""
    count: Counter[str] = Counter()
    for text in texts:
        count.update({w for w in _SPLIT.split(unicodedata.normalize("NFKC", text).lower()) if _LATIN.fullmatch(w)})
    return count


def words_by_length(count: Counter[str]) -> dict[int, str]:
    """The words, by length, each length's words most frequent first, apart by a space."""
    lengths: dict[int, list[str]] = {}
    for word, _ in sorted(count.items(), key=lambda item: (-item[1], item[0])):
        lengths.setdefault(len(word), []).append(word)
    return {length: " ".join(words) for length, words in sorted(lengths.items())}


# --- homophones -------------------------------------------------------------

_PHRASE = re.compile(f"[{_CJK}]{{2,12}}")
"""A run of Chinese that can be suggested: a name, a title or a part of one between marks."""
MAX_READINGS = 16
"""Readings of a query tried at most (a character can be read several ways)."""


def reading(phrase: str) -> str:
    """A folded phrase's toneless pinyin, syllables apart by a space (pypinyin, each character in context); a
    character pypinyin cannot read stays as it is (and no query reads so)."""
    return " ".join(lazy_pinyin(phrase, style=Style.NORMAL))


def key_shard(key: str, shards: int) -> int:
    """The shard of a reading: FNV-1a (32 bits) of its ASCII, modulo `shards` (cg-search.js `keyShard`)."""
    value = 0x811C9DC5
    for byte in key.encode("ascii"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


@dataclass
class HomophoneTable:
    """Names and titles by reading, in shards, and the characters read each way (for the box to read a query)."""

    syllables: dict[str, str]
    """A syllable → every common character (folded) read so, the characters of the phrases among them."""
    shards: list[dict[str, list[str]]] = field(default_factory=list)
    """Shard → reading → the phrases read so, as the edition writes them."""


_SYLLABLES = re.compile(r"[a-z]+(?: [a-z]+)*")


def name_shards(shown: list[str], folded_phrases: list[str]) -> list[dict[str, list[str]]]:
    """An edition's phrases `shown` (as written; `folded_phrases` their folded forms) by reading, in shards of
    about `SHARD_BYTES` (`key_shard`)."""
    keys: dict[str, list[str]] = {}
    for written, phrase in zip(shown, folded_phrases, strict=True):
        key = reading(phrase)
        if _SYLLABLES.fullmatch(key):
            keys.setdefault(key, []).append(written)
    size = sum(len(key) + sum(len(p.encode()) + 3 for p in found) for key, found in keys.items())
    count = max(1, -(-size // SHARD_BYTES))
    shards: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for key, found in sorted(keys.items()):
        shards[key_shard(key, count)][key] = found
    return shards


def syllable_table(folded_phrases: Iterable[str]) -> dict[str, str]:
    """The syllables the phrases are read with → every common character read so (and the phrases' own)."""
    phrases = list(folded_phrases)
    used = {syllable for phrase in phrases for syllable in reading(phrase).split()}
    syllables: dict[str, set[str]] = {}
    for char in sorted(set(_common_chars()) | {c for phrase in phrases for c in phrase}):
        for syllable in _readings(char):
            if syllable in used:
                syllables.setdefault(syllable, set()).add(char)
    return {syllable: "".join(sorted(chars)) for syllable, chars in sorted(syllables.items())}


def homophone_table(shown: list[str], folded_phrases: list[str]) -> HomophoneTable:
    """The table of an edition's phrases `shown` (as written), whose folded forms are `folded_phrases`."""
    return HomophoneTable(syllable_table(folded_phrases), name_shards(shown, folded_phrases))


@cache
def _common_chars() -> str:
    """The characters a reader may type for a sound (GB 2312, the common Simplified ones), folded."""
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(dict.fromkeys(folded("".join(chars))))


def _readings(char: str) -> list[str]:
    """Every toneless reading of a character (pypinyin's heteronyms)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return list(dict.fromkeys(found[0])) if found else []


def query_readings(query: str, syllables: dict[str, str]) -> list[str]:
    """The readings of a folded Chinese query from the table's characters (cg-search.js `readings`), at most
    `MAX_READINGS`; none when a character is in no syllable of the table."""
    by_char: dict[str, list[str]] = {}
    for syllable, chars in syllables.items():
        for char in chars:
            by_char.setdefault(char, []).append(syllable)
    options = [by_char.get(char, []) for char in query]
    if not all(options):
        return []
    return [" ".join(combo) for combo in _take(product(*options), MAX_READINGS)]


def _take(items: Iterator[tuple[str, ...]], n: int) -> list[tuple[str, ...]]:
    return [item for _, item in zip(range(n), items, strict=False)]


# --- the files ----------------------------------------------------------------


def _named(folder: Path, stem: str, text: str) -> str:
    """Write `text` as `folder/<stem>.<content hash>.json`; its name."""
    data = text.encode("utf-8")
    name = f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.json"
    (folder / name).write_bytes(data)
    return name


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pages(bundle: Path, lang: str, info: dict[str, object]) -> Iterator[dict[str, object]]:
    """Each page's fragment of one language of the merged bundle."""
    from generator.search.bundle import read_blob

    meta = read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")
    for name, _ in meta[1]:
        data = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        yield json.loads(data[data.index(b"{"):])


def link_aids(bundle: Path, work: Path, mark: str) -> None:
    """The box's aid files (`write_aids`) linked into the merged search `bundle`: made in `work` again only when
    the bundle's languages (their metadata, named by content) changed since the last build."""
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        return
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    key = (f"{sorted(languages.items())} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()} "
           f"opencc {version('opencc')} pypinyin {version('pypinyin')}")
    record = Record(work.with_suffix(".json"))
    if record.read() != {"key": key} or not (work / AIDS).is_file():
        record.forget()
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        write_aids(bundle, work, mark, [lang for lang in languages if lang.startswith("zh")])
        record.write({"key": key})
    for path in work.iterdir():
        link_file(path, bundle / path.name)


def write_aids(bundle: Path, folder: Path, mark: str, chinese: Collection[str]) -> dict[str, object]:
    """Write the box's aid files for the search `bundle` into `folder`, and their list, `AIDS`; the list.

    From each language's fragments, as published: its Latin words (the page
    text before `mark`, where the gram words begin, and its title); for the
    languages in `chinese`, its names and titles (titles and filter values:
    cities, awards) for the homophone table. The variant classes and the
    homophone table's characters are shared by the Chinese languages.
    """
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    aids: dict[str, object] = {"fold": _named(folder, "cg-fold", _json(fold_table()))}
    titles: dict[str, tuple[list[str], list[str]]] = {}
    languages: dict[str, dict[str, object]] = {}
    for lang, info in sorted(entry["languages"].items()):
        texts, shown = [], []
        for page in _pages(bundle, lang, info):
            meta = page.get("meta", {})
            title = str(meta.get("title", "")) if isinstance(meta, dict) else ""
            texts.append(f"{str(page.get('content', '')).split(mark)[0]} {title}")
            shown.append(title)
            filters = page.get("filters", {})
            if isinstance(filters, dict):
                shown += [str(v) for name in ("city", "award") for v in filters.get(name, [])]
        words = {str(length): _named(folder, f"cg-words.{lang}.{length}", _json(text))
                 for length, text in words_by_length(latin_words(texts)).items()}
        languages[lang] = {"words": words}
        if lang in chinese:
            written = list(dict.fromkeys(run for title in shown for run in _PHRASE.findall(
                _PHRASE_MARKS.sub("", unicodedata.normalize("NFKC", title)))))
            titles[lang] = (written, [folded(w) for w in written])
    if titles:
        aids["pinyin"] = _named(folder, "cg-pinyin", _json(syllable_table(
            phrase for _, folded_phrases in titles.values() for phrase in folded_phrases)))
        for lang, (written, folded_phrases) in titles.items():
            languages[lang]["names"] = [_named(folder, f"cg-names.{lang}.{at}", _json(shard))
                                        for at, shard in enumerate(name_shards(written, folded_phrases))]
    aids["languages"] = languages
    (folder / AIDS).write_text(_json(aids), encoding="utf-8")
    return aids
