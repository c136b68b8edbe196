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
site already shows (`write_aids`). What they take from each page's fragment,
the variant classes and the pinyin worked out are kept beside the work folder
for the next build (`AidsCache`), so a build after an edit reads the
fragments it has not seen and little else.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sys
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

from generator.cache import PickledRecord, Record, digest
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


def folded(text: str, chars: dict[int, str] | None = None) -> str:
    """`text` as the index and the box compare it: NFKC, marks inside Chinese phrases dropped, variants folded (by
    `chars`, `fold_chars` of a kept `fold_table()`, when given: the same classes without working them out)."""
    return _PHRASE_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_fold_chars() if chars is None
                                                                                 else chars)


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


def fold_chars(table: str) -> dict[int, str]:
    """The variant classes of `fold_table()`'s text `table` as `str.translate` takes them: each member → its
    class's representative."""
    return {ord(char): group[0] for group in table.split(" ") for char in group[1:]}


def page_words(text: str) -> set[str]:
    """The Latin words of five letters or more of one page's text (NFKC, lower case)."""
    return {w for w in _SPLIT.split(unicodedata.normalize("NFKC", text).lower()) if _LATIN.fullmatch(w)}


def latin_words(texts: Iterable[str]) -> Counter[str]:
    """The Latin words of five letters or more of some pages' texts (`page_words`): in how many texts each is."""
    count: Counter[str] = Counter()
    for text in texts:
        count.update(page_words(text))
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


def name_shards(shown: list[str], readings: list[str]) -> list[dict[str, list[str]]]:
    """An edition's phrases `shown` (as written; `readings` their folded forms' `reading`) by reading, in shards of
    about `SHARD_BYTES` (`key_shard`)."""
    keys: dict[str, list[str]] = {}
    for written, key in zip(shown, readings, strict=True):
        if _SYLLABLES.fullmatch(key):
            keys.setdefault(key, []).append(written)
    size = sum(len(key) + sum(len(p.encode()) + 3 for p in found) for key, found in keys.items())
    count = max(1, -(-size // SHARD_BYTES))
    shards: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for key, found in sorted(keys.items()):
        shards[key_shard(key, count)][key] = found
    return shards


def syllable_table(folded_phrases: list[str], readings: list[str],
                   sounds: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The syllables the phrases are read with (`readings`, theirs) → every common character read so (and the
    phrases' own); `sounds` is `common_sounds()`."""
    used = {syllable for key in readings for syllable in key.split()}
    syllables: dict[str, set[str]] = {}
    for char in sorted(set(sounds) | {c for phrase in folded_phrases for c in phrase}):
        for syllable in sounds[char] if char in sounds else _readings(char):
            if syllable in used:
                syllables.setdefault(syllable, set()).add(char)
    return {syllable: "".join(sorted(chars)) for syllable, chars in sorted(syllables.items())}


def homophone_table(shown: list[str], folded_phrases: list[str]) -> HomophoneTable:
    """The table of an edition's phrases `shown` (as written), whose folded forms are `folded_phrases`."""
    readings = [reading(phrase) for phrase in folded_phrases]
    return HomophoneTable(syllable_table(folded_phrases, readings, common_sounds()), name_shards(shown, readings))


@cache
def common_sounds() -> dict[str, tuple[str, ...]]:
    """Each common character (`_common_chars`) → its toneless readings (`_readings`)."""
    return {char: tuple(_readings(char)) for char in _common_chars()}


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


@dataclass(frozen=True)
class PageAids:
    """What the aid files take from one page's fragment (`page_aids`)."""

    words: tuple[str, ...]
    """Its Latin words (`page_words` of the page text before the mark, where the gram words begin, and its title),
    each once."""
    phrases: tuple[str, ...]
    """The runs of Chinese (`_PHRASE`) of its title and filter values (cities, awards), as written, in order."""


def page_aids(fragment: bytes, mark: str) -> PageAids:
    """What the aid files take from a page's fragment file (its bytes: gzip of a signature and the page's JSON)."""
    data = gzip.decompress(fragment)
    page = json.loads(data[data.index(b"{"):])
    meta = page.get("meta", {})
    title = str(meta.get("title", "")) if isinstance(meta, dict) else ""
    shown = [title]
    filters = page.get("filters", {})
    if isinstance(filters, dict):
        shown += [str(v) for name in ("city", "award") for v in filters.get(name, [])]
    words = page_words(f"{str(page.get('content', '')).split(mark)[0]} {title}")
    return PageAids(tuple(sys.intern(w) for w in words),  # one string per word, so a cache pickles each once
                    tuple(run for text in shown for run in _PHRASE.findall(
                        _PHRASE_MARKS.sub("", unicodedata.normalize("NFKC", text)))))


Signature = tuple[int, int, int]
"""A file's inode, mtime (ns) and size: the same file, unchanged (as verify and the index's copies know one)."""


@dataclass(frozen=True)
class AidsCache:
    """What `write_aids` keeps for its next call with the same code and mark; it only ever saves work.

    Pages are kept by the digest of their fragment file's bytes, not by its
    name: Pagefind names a fragment by seven hex digits of its content's
    SHA-1 (28 bits at most, so when every page of a large site changes, some
    new page now and then takes an old page's name), and the join renames
    clashing ones. A fragment file whose name and signature are those kept is
    not read for its digest again: the bundle's fragments are hard links to
    what Pagefind and the join wrote, never written in place.
    """

    key: str
    """The code and versions it was made with (`_made_with`) and the mark."""
    fold: str
    """`fold_table()`."""
    sounds: dict[str, tuple[str, ...]]
    """`common_sounds()`."""
    readings: dict[str, str]
    """Each folded phrase of the last bundle's Chinese languages → its `reading`."""
    pages: dict[str, PageAids]
    """The `digest` of each fragment file of the last bundle → what the aid files took from it."""
    files: dict[str, tuple[Signature, str]]
    """Each fragment file of the last bundle, by name → its signature and its `digest`."""


def _made_with() -> str:
    """What the aid files depend on but the bundle: this module's code, OpenCC's and pypinyin's versions, and the
    Unicode version of NFKC."""
    return (f"{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()} opencc {version('opencc')} "
            f"pypinyin {version('pypinyin')} unicode {unicodedata.unidata_version}")


def _read_cache(path: Path, key: str) -> AidsCache | None:
    """The cache at `path` when it was made with `key`; None when it is missing, damaged, unreadable or older."""
    try:
        kept = PickledRecord(path, AidsCache).read()
    except OSError:
        return None  # unreadable (a folder, not ours): the work it saves is done again
    return kept if kept is not None and kept.key == key else None


def _fragments(bundle: Path, info: dict[str, object]) -> Iterator[tuple[str, str]]:
    """The name and path of each page's fragment file of one language of the merged bundle, in its metadata's
    order."""
    from generator.search.bundle import read_blob

    meta = read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")
    folder = os.fspath(bundle / "fragment")  # strings: a Path made per page would cost more than its stat
    for name, _ in meta[1]:
        yield name, f"{folder}/{name}.pf_fragment"


def _page(name: str, path: str, mark: str, kept: AidsCache | None) -> tuple[Signature, str, PageAids]:
    """A fragment file's signature, its `digest` and what the aid files take from it (`page_aids`): the digest
    kept when the file's name and signature are, the page kept when the digest is."""
    st = os.stat(path)
    signature = (st.st_ino, st.st_mtime_ns, st.st_size)
    was = kept.files.get(name) if kept else None
    if kept and was and was[0] == signature and was[1] in kept.pages:
        return signature, was[1], kept.pages[was[1]]
    with open(path, "rb") as file:
        data = file.read()
    bytes_digest = digest(data)
    page = kept.pages.get(bytes_digest) if kept else None
    return signature, bytes_digest, page or page_aids(data, mark)


def link_aids(bundle: Path, work: Path, mark: str) -> None:
    """The box's aid files (`write_aids`) linked into the merged search `bundle`: made in `work` again only when
    the bundle's languages (their metadata, named by content) changed since the last build, from what the last
    build kept (`AidsCache`, beside `work`) and the fragments it had not seen."""
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        return
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    key = f"{sorted(languages.items())} {_made_with()}"
    record = Record(work.with_suffix(".json"))
    if record.read() != {"key": key} or not (work / AIDS).is_file():
        record.forget()
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        write_aids(bundle, work, mark, [lang for lang in languages if lang.startswith("zh")],
                   work.with_suffix(".pickle"))
        record.write({"key": key})
    for path in work.iterdir():
        link_file(path, bundle / path.name)


def write_aids(bundle: Path, folder: Path, mark: str, chinese: Collection[str],
               cache: Path | None = None) -> dict[str, object]:
    """Write the box's aid files for the search `bundle` into `folder`, and their list, `AIDS`; the list.

    From each language's fragments, as published: its Latin words (the page
    text before `mark`, where the gram words begin, and its title); for the
    languages in `chinese`, its names and titles (titles and filter values:
    cities, awards) for the homophone table. The variant classes and the
    homophone table's characters are shared by the Chinese languages.

    With a `cache` (`AidsCache`), what it holds is not worked out again, and
    it is replaced by what this call found (the fragments of other bundles
    dropped); the files are the same bytes with or without it.
    """
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    key = f"{_made_with()} mark {mark!r}"
    kept = _read_cache(cache, key) if cache else None
    found: dict[str, PageAids] = {}
    files: dict[str, tuple[Signature, str]] = {}
    pages: dict[str, list[PageAids]] = {}
    for lang, info in sorted(entry["languages"].items()):
        pages[lang] = []
        for name, path in _fragments(bundle, info):
            signature, bytes_digest, page = _page(name, path, mark, kept)
            files[name] = signature, bytes_digest
            found[bytes_digest] = page
            pages[lang].append(page)
    fold = kept.fold if kept else fold_table()
    sounds = kept.sounds if kept else common_sounds()
    shown = {lang: list(dict.fromkeys(run for page in pages[lang] for run in page.phrases))
             for lang in pages if lang in chinese}
    chars = fold_chars(fold)
    folded_runs = {run: folded(run, chars) for runs in shown.values() for run in runs}
    was = kept.readings if kept else {}
    readings = {phrase: was[phrase] if phrase in was else reading(phrase) for phrase in folded_runs.values()}

    aids: dict[str, object] = {"fold": _named(folder, "cg-fold", _json(fold))}
    languages: dict[str, dict[str, object]] = {}
    for lang, its in pages.items():
        count: Counter[str] = Counter()
        for page in its:
            count.update(page.words)
        languages[lang] = {"words": {str(length): _named(folder, f"cg-words.{lang}.{length}", _json(text))
                                     for length, text in words_by_length(count).items()}}
    if shown:
        phrases = [folded_runs[run] for runs in shown.values() for run in runs]
        aids["pinyin"] = _named(folder, "cg-pinyin", _json(syllable_table(
            phrases, [readings[phrase] for phrase in phrases], sounds)))
        for lang, runs in shown.items():
            shards = name_shards(runs, [readings[folded_runs[run]] for run in runs])
            languages[lang]["names"] = [_named(folder, f"cg-names.{lang}.{at}", _json(shard))
                                        for at, shard in enumerate(shards)]
    aids["languages"] = languages
    (folder / AIDS).write_text(_json(aids), encoding="utf-8")
    if cache:
        PickledRecord(cache).write(AidsCache(key, fold, sounds, readings, found, files))
    return aids
