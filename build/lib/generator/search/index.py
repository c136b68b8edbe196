"""The index stage: a Pagefind search index over the assembled site.

Pagefind splits the index into chunks, so a reader downloads only the parts
a query needs. Segmenting Chinese into dictionary words (Pagefind's extended
build) misses words inside longer words (老人 in 孤寡老人), and the browser
segments the query differently from the indexer. So every Chinese text is
indexed as overlapping character pairs, each written as one ASCII "gram
word" that no segmenter or stemmer alters; `theme/assets/cg-search.js` turns
the reader's query into the same words. A query of n Chinese characters then
matches every page holding its n-1 pairs: words inside compounds, names and
places alike, with no dictionary to keep. A single character matches as a
prefix. Pagefind's plain build indexes the rest: it splits text at spaces
only, in less time than the extended build on a Chinese edition,
and `attached_words` adds the Latin words and numbers written against Chinese.

The published pages are left as mkdocs wrote them: the gram words go only into
copies that Pagefind reads. An edition's copies are split into shards of at
most about `SHARD_PAGES` pages by a hash of each page's address; Pagefind
indexes each shard on its own, so its memory is bounded by a shard's, and a
changed page is indexed again with its shard alone. `searchbundle` joins the
shards' bundles into the edition's. zh's copies carry the gram words of their
Traditional text as well, and zh-Hant's bundle is zh's, converted.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.cache import Record
from generator.incremental import entries_below, mirror_links
from generator.scheduler import SEQUENTIAL, Program, Scheduler
from generator.search.bundle import ENTRY, join_bundles
from generator.search.forgiving import folded, nfkc_words

BUNDLE = "pagefind"
"""Folder of the search bundle below the site root."""
GRAMS_MARK = "\u241e"
"""Separates the page text from the gram words in an indexed page's content (the UI cuts there)."""
TITLE_WEIGHT = 5.0
"""Weight of the title's gram words against the body's (Pagefind weighs an h1 at 7)."""
FACTS_WEIGHT = 2.0
"""Weight of a facts list's values (a worker's role, a policy's document number, an author) and their gram words:
what the page is about, above a word its text mentions once (a gram word is indexed once per page, so a page's
text cannot weigh a word by how often it says it)."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LETTERS = "bcfhjkmnpqrtvwxz"
"""16 consonants: a gram word has no vowel, so no stemmer ever shortens it."""
_GRAM_PREFIX = "g"
_SKIPPED = {"script", "style", "template", "noscript"}
_BLOCK_END = re.compile(r"</(?:p|li|dt|dd|td|th|h[1-6]|div|figcaption|section|article)>")
"""Pagefind runs the text of adjacent blocks together (`DateMarch 22`); a space before each end keeps words apart."""
_LANG = re.compile(r'<html[^>]*?\slang="?([\w-]+)')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def encode_char(char: str) -> str:
    """One character as four letters: its code point in base 16 over `_LETTERS`."""
    point = ord(char)
    return "".join(_LETTERS[(point >> shift) & 15] for shift in (12, 8, 4, 0))


_CODES = {point: encode_char(chr(point)) for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
          for point in range(low, high + 1)}
"""`encode_char` of every character `_CJK` matches, for `str.translate`."""


_MIXED = re.compile(r"\S*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]\S*")
"""A word between spaces that holds Chinese."""
_ATTACHED = re.compile(r"[^\W_]+(?:[-.'][^\W_]+)*")
"""A word of letters or digits (COVID-19, 12345) in what is left of a text between its Chinese runs."""


def attached_words(text: str) -> list[str]:
    """The words of letters or digits written against Chinese without a space (共有56栋楼, ABC新冠), each once.

    Pagefind splits a text at its spaces only (its plain build does not
    segment Chinese, which the gram words cover), so these would otherwise be
    lost inside one long Chinese word. Words that stand between spaces are
    indexed by Pagefind itself.
    """
    mixed = " ".join(_MIXED.findall(text))
    return list(dict.fromkeys(_ATTACHED.findall(_CJK.sub(" ", mixed)))) if mixed else []


def grams(text: str) -> list[str]:
    """The gram words of every Chinese run in `text`, each once, in order of first appearance.

    Each run gives its adjacent pairs and its last character alone, so that a
    one-character query (a prefix of the gram words) finds every occurrence.
    cg-search.js (`runWords`) writes queries the same way. The text is
    `folded` first (variants, full-width forms, marks inside a phrase), as
    the box folds queries.
    """
    seen: dict[str, None] = {}
    for run in _CJK.findall(folded(text)):
        code = run.translate(_CODES)
        for at in range(0, len(code) - 4, 4):
            seen[_GRAM_PREFIX + code[at:at + 8]] = None
        seen[_GRAM_PREFIX + code[-4:]] = None
    return list(seen)


TITLE_MARK = "qx"
"""Appended to each word of a page's title (`title_markers`): the box asks for the query's words so marked to put
the pages whose title holds every word first. No stemmer shortens a word ending so, and the marked word sorts
next to the word itself, so it lies in the index chunk the query loads anyway."""
_TITLE_WORD = re.compile(r"[^\W_]+")


_INSIDE_WORD = re.compile("(?<=[A-Za-z\u00c0-\u024f])['.\u2018\u2019\u02bc\u2010\u2011-](?=[A-Za-z\u00c0-\u024f])"
                          "|(?<=[0-9])[.:](?=[0-9])")
"""A mark inside a Latin word (a.m., building's, building’s, twenty-one) or a number (12:40, 3.5): Pagefind indexes
the word without it."""


def joined(text: str) -> str:
    """`text` with the marks inside Latin words dropped (`_INSIDE_WORD`), as Pagefind indexes such a word and as
    cg-search.js (`joined`) writes the query: 3 a.m. → 3 am., one building's → one buildings, 12:40 → 1240. A
    hyphen between digits or between a letter and a digit (020-12345678, COVID-19) is left: Pagefind indexes a
    hyphenated word's parts as well."""
    return _INSIDE_WORD.sub("", text)


def title_markers(title: str) -> list[str]:
    """The words of a title marked as title words: its gram words and its Latin words and numbers (NFKC, marks
    inside a word dropped, lower case), each followed by `TITLE_MARK`; cg-search.js (`titleFirst`) writes the
    query's words the same way."""
    latin = [word for text in (joined(folded(title)), folded(title))  # twentyone, and twenty and one
             for word in _TITLE_WORD.findall(_CJK.sub(" ", text).lower())]
    return [word + TITLE_MARK for word in dict.fromkeys(grams(title) + latin)]


_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)([^>]*)>|<!--.*?-->", re.S)
SEARCH_TEXT = "data-cg-search-text"
"""Marks an element (with `data-pagefind-ignore`) whose text is searched but never shown in an excerpt: a facts
list, whose values are added after the page text (its labels, `_LABELS`, are left out)."""
_LABELS = {"dt", "th"}
_SUMMARY = re.compile(r"""\sdata-pagefind-meta=["']?summary[\s"'/>]|\sdata-pagefind-meta=["']?summary$""")


@dataclass
class _BodyText:
    """The text inside `data-pagefind-body` elements (minus ignored parts), of the first h1, of the summary, and
    of the search-only parts (`SEARCH_TEXT`)."""

    body: list[str]
    title: list[str]
    summary: list[str]
    extra: list[str]


def _body_text(page: str) -> _BodyText | None:
    """`_BodyText` of an HTML page as an HTML parser reads it (tags scanned by one expression, which is
    what makes copies fast); None when the page has no `data-pagefind-body` element."""
    text = _BodyText([], [], [], [])
    stack: list[tuple[str, bool, bool, bool]] = []
    """Open elements: (tag, inside the body, text ignored, text searched only)."""
    has_body = in_h1 = seen_h1 = in_summary = False
    at = 0
    while True:
        match = _TAG.search(page, at)
        data = page[at:match.start() if match else len(page)]
        if data:
            data = html.unescape(data) if "&" in data else data
            if in_summary:
                text.summary.append(data)
            if stack and stack[-1][1] and not stack[-1][2]:
                text.body.append(data)
                if in_h1:
                    text.title.append(data)
            elif stack and stack[-1][1] and stack[-1][3]:
                text.extra.append(data)
        if not match:
            return text if has_body else None
        at = match.end()
        closing, tag, attrs = match.groups()
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        if not closing:
            inside, ignored, extra = stack[-1][1:] if stack else (False, False, False)
            if "data-pagefind-body" in attrs:
                inside = has_body = True
            ignored = ignored or "data-pagefind-ignore" in attrs or tag in _SKIPPED
            extra = (extra or SEARCH_TEXT in attrs) and tag not in _LABELS and tag not in _SKIPPED
            in_summary = bool(_SUMMARY.search(attrs))
            if tag == "h1" and inside and not seen_h1:
                in_h1 = seen_h1 = True
            if tag in _SKIPPED:  # their content is not HTML: skip to their end
                end = page.find(f"</{tag}", at)
                at = len(page) if end < 0 else end
            if tag not in _VOID:
                stack.append((tag, inside, ignored, extra))
            if not attrs.endswith("/") or tag in _VOID:
                continue
        in_summary = False
        if tag == "h1":
            in_h1 = False
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == tag:
                del stack[depth:]
                break


PAGE_FOOTER = '<footer class="md-footer"'
"""The footer of every page (the site's identity: sponsor, registration numbers, the government-site badge):
left out of the copy, as it is no page's own text and its badge would become every result's image."""


def indexed_copy(page: str, traditional: Callable[[str], str] | None = None) -> str | None:
    """The page as Pagefind should read it, or None when the page is not to be indexed.

    Only pages with a `data-pagefind-body` element are indexed. The copy keeps
    the page's language and everything from the first Pagefind attribute on
    (the head and header hold nothing for it), and adds a further body
    element at the end: the page's summary (a story's summary is not shown on
    its page but is searched) and its facts list's values (`FACTS_WEIGHT`), then
    the gram words of the title, of the facts and of the body and summary, and
    the body's `attached_words`. With `traditional`
    (a Simplified page), the gram words of the same text in Traditional
    characters are added: the zh-Hant edition searches zh's index
    (`searchbundle.converted_bundle`).
    """
    if "data-pagefind-body" not in page:
        return None
    tail = page[page.rfind("<", 0, page.find("data-pagefind-")):]
    footer = tail.find(PAGE_FOOTER)
    tail = tail[:footer] if footer >= 0 else tail
    text = _body_text(tail)
    if text is None:
        return None
    summary = "".join(text.summary)
    extra = " ".join(" ".join(text.extra).split())
    title = "".join(text.title)
    everything = " ".join(text.body) + " " + summary + " " + extra
    words = attached_words(everything) + nfkc_words(everything)
    facts = extra
    if traditional is not None:
        title, everything = f"{title} {traditional(title)}", f"{everything} {traditional(everything)}"
        facts = f"{extra} {traditional(extra)}"
    markers = " ".join(title_markers(title))
    title = " ".join(grams(title))
    body = " ".join(grams(everything) + words)
    block = (f'<div data-pagefind-body>{GRAMS_MARK} <p>{html.escape(summary)}</p>'
             f'<p data-pagefind-weight="{FACTS_WEIGHT}">{html.escape(extra)}</p>'
             f'<p>{markers}</p><p data-pagefind-weight="{TITLE_WEIGHT}">{title}</p>'
             f'<p data-pagefind-weight="{FACTS_WEIGHT}">{" ".join(grams(facts))}</p><p>{body}</p></div>')
    lang = _LANG.search(page, 0, page.find("data-pagefind-"))
    tail = _BLOCK_END.sub(r" \g<0>", tail)
    at = tail.rfind("</body>")
    tail = tail[:at] + block + tail[at:] if at >= 0 else tail + block
    return f'<!doctype html><html lang="{lang.group(1) if lang else ""}"><body>{tail}'


SHARD_PAGES = 250
"""Pages of an edition Pagefind indexes in one run, at most about: Pagefind holds every page of a run in
memory (a Chinese page with its gram words takes much of it), so a larger edition is indexed in shards,
one run each, whose bundles `searchbundle.join_bundles` joins. A run takes about 2.8 ms a page and next
to nothing more, so small shards cost a whole index nothing and make the shard an edit sends again quick
(docs/performance.md has the figures)."""
PAGEFIND_RUNS = 2
"""Shards indexed side by side: one Pagefind run does not keep two cores busy, two do, and hold two shards'
memory (docs/performance.md has the figures)."""


@dataclass(frozen=True)
class Copies:
    """An edition's pages as Pagefind reads them (`refresh_copies`), in shards: `folder/<shard>/<page>`."""

    folder: Path
    pages: int
    """Pages to index."""
    copied: int
    """Pages whose copy had to be written again (the others were kept from the last build)."""
    shards: int
    changed: frozenset[int]
    """Shards whose pages changed since the last build (every shard, the first time)."""


def shard_of(rel: str, shards: int) -> int:
    """The shard of the page published at `rel`: the same from build to build while the count stays."""
    return zlib.crc32(rel.encode("utf-8")) % shards


def files_below(folder: Path, suffix: str = "") -> list[tuple[str, str]]:
    """The files below `folder` whose names end in `suffix` (links to folders not followed): each one's name
    relative to it and its path, in name order."""
    return sorted((rel, entry.path) for rel, entry in entries_below(folder)
                  if not entry.is_dir(follow_symlinks=False) and entry.name.endswith(suffix))


def refresh_copies(pages: Path, folder: str, copies: Path, key: str = "",
                   traditional: Callable[[str], str] | None = None) -> Copies:
    """The indexed copies (`indexed_copy`) of one edition's built pages in `pages`, published below
    `/<folder>`, in `copies`.

    The copies are kept from one build to the next with a record of the file
    each was made from: only pages whose file changed are read and copied
    again. A different `key` (the indexer's code or version) or shard count
    starts from nothing.
    """
    record = Record(copies.with_suffix(".json"))
    files = files_below(pages, ".html")
    shards = max(1, -(-len(files) // SHARD_PAGES))
    before = (record.read() or {}) if copies.is_dir() else {}
    record.forget()
    if before.get("key") != key or before.get("shards") != shards:
        shutil.rmtree(copies, ignore_errors=True)  # no record of what is there, or of another kind
        before = {}
    copies.mkdir(parents=True, exist_ok=True)
    was: dict[str, list[int]] = before.get("pages", {})
    now: dict[str, list[int]] = {}
    changed: set[int] = set() if before else set(range(shards))
    indexed = copied = 0
    for name, path in files:
        rel = folder + name
        st = os.stat(path)
        now[rel] = sign = [st.st_ino, st.st_mtime_ns, st.st_size]
        shard = shard_of(rel, shards)
        if was.get(rel) == sign:
            indexed += os.path.isfile(f"{copies}/{shard}/{rel}")
            continue
        target = copies / str(shard) / rel
        copy = indexed_copy(Path(path).read_text(encoding="utf-8"), traditional)
        if copy is not None and target.is_file() and target.read_text(encoding="utf-8") == copy:
            indexed += 1  # a page written again as it was: its shard is not indexed again for it
            continue
        if target.exists() or copy is not None:
            changed.add(shard)
        target.unlink(missing_ok=True)
        if copy is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")
            indexed += 1
            copied += 1
    for rel in set(was) - set(now):
        shard = shard_of(rel, shards)
        if (copies / str(shard) / rel).exists():
            (copies / str(shard) / rel).unlink()
            changed.add(shard)
    record.write({"key": key, "shards": shards, "pages": now})
    return Copies(copies, indexed, copied, shards, frozenset(changed))


def index_shards(copies: Copies, parts: Path, *, scheduler: Scheduler = SEQUENTIAL) -> list[Path]:
    """Each shard's own bundle in `parts/<shard>`, made again only where the shard's pages changed,
    `PAGEFIND_RUNS` at a time; the bundles of the shards that have pages, for `join_bundles`."""
    stale = []
    for shard in range(copies.shards):
        source, part = copies.folder / str(shard), parts / str(shard)
        if shard in copies.changed or not (part / ENTRY).is_file():
            shutil.rmtree(part, ignore_errors=True)
            if source.is_dir() and next(source.rglob("*.html"), None):  # Pagefind refuses an empty index
                stale.append((source, part))
    running: list[tuple[Program, Path]] = []
    for source, part in stale:
        if len(running) == PAGEFIND_RUNS:
            _finish_pagefind(*running.pop(0))
        running.append((_start_pagefind(scheduler, source, part), part))
    for program, part in running:
        _finish_pagefind(program, part)
    made = [parts / str(shard) for shard in range(copies.shards) if (parts / str(shard)).is_dir()]
    for old in set(parts.iterdir() if parts.is_dir() else ()) - set(made):  # and the log of a failed run
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    return made


def index_edition(pages: Path, folder: str, work: Path, traditional: Callable[[str], str] | None = None, *,
                  scheduler: Scheduler = SEQUENTIAL) -> Copies:
    """One edition indexed in `work`: its copies (`refresh_copies`), its shards' bundles (`index_shards`)
    and `work/bundle`, their join (with its cache in `work/join-cache`; `merge_bundles` joins the editions')."""
    made = refresh_copies(pages, folder, work / "copies", traditional=traditional)
    join_bundles(index_shards(made, work / "parts", scheduler=scheduler), work / "bundle", work / "join-cache")
    return made


def merge_bundles(parts: list[Path], bundle: Path, recycled: Path | None = None) -> None:
    """One search bundle at `bundle` for every edition, made of hard links to the editions' bundles, starting from
    the `recycled` bundle of a site published before where there is one (`incremental.mirror_links`).

    Each part holds one language under its own file names; the files every
    part has (the search runtime) are the same bytes. The entry file lists
    every language.
    """
    entry: dict[str, object] = {}
    languages: dict[str, object] = {}
    files: dict[str, os.DirEntry[str]] = {}
    for part in (p for p in parts if p.is_dir()):
        mine = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        languages |= mine.pop("languages")
        if entry and mine != entry:
            raise RuntimeError(f"search bundles of different Pagefind versions or settings: {part}")
        entry = mine
        for name, found in entries_below(part):
            if name == ENTRY or found.is_dir(follow_symlinks=False):
                continue
            if name in files:
                if Path(files[name].path).read_bytes() != Path(found.path).read_bytes():
                    raise RuntimeError(f"two search bundles disagree on {name}")
                continue
            files[name] = found
    if files:
        mirror_links(files, bundle, recycled)
    if entry:
        entry["languages"] = dict(sorted(languages.items()))
        (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _start_pagefind(scheduler: Scheduler, source: Path, bundle: Path) -> Program:
    """Pagefind indexing the pages in `source` into `bundle`, what it says in `<bundle>.log`."""
    from pagefind_bin import get_executable  # the plain build: Chinese is found by its gram words

    bundle.parent.mkdir(parents=True, exist_ok=True)
    return scheduler.run_process([str(get_executable()), "--site", str(source), "--output-path",
                                  str(bundle.resolve()), "--quiet"], bundle.with_name(f"{bundle.name}.log"))


def _finish_pagefind(program: Program, bundle: Path) -> None:
    """Wait for a Pagefind run; keep only the parts of its bundle the site uses."""
    program.check("pagefind")
    bundle.with_name(f"{bundle.name}.log").unlink()
    for unused in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (bundle / unused).unlink(missing_ok=True)
