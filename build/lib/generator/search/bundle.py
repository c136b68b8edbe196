"""Pagefind's bundle files, read and written: the bundles of one edition's shards joined into one.

Pagefind holds every page of a run in memory, a Chinese page with its gram
words taking much of it, so `search` indexes a large edition in shards, one
run each, and `join_bundles` writes the bundle one run over all the pages
would have written: the same pages, words and locations, filters and sort
orders, so the reader's results and their order are the same.

The files (Pagefind 1.5), each gzip of a signature and CBOR:

- `pagefind.<lang>_<hash>.pf_meta`: [version, pages [[fragment, word count]],
  index chunks [[first word, last word, file]], filters [[name, file]],
  sorts [[name, [page]]], meta fields]
- `index/<file>.pf_index`: [[[word, [[page, locations, meta locations]], []]]];
  a word's pages ascending, each page number but the first as the step from
  the one before
- `filter/<file>.pf_filter`: [name, [[value, [page]]]]
- `fragment/<hash>.pf_fragment`: one page's JSON (url, content, meta…)
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import heapq
import io
import json
import posixpath
import shutil
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from itertools import groupby
from pathlib import Path
from typing import Any

import cbor2

from generator.cache import Record, file_digest, write_atomic
from generator.incremental import link_file

ENTRY = "pagefind-entry.json"
"""The bundle's list of languages, read first by the search runtime."""
VERSIONS = ("1.5.",)
"""Pagefind versions whose files `join_bundles` knows."""
CHUNK_BYTES = 80_000
"""The size of a joined index chunk before compression, about the average of Pagefind's own."""
_SIGNATURE = b"pagefind_dcd"
_META_PAGES, _META_CHUNKS, _META_FILTERS, _META_SORTS, _META_FIELDS = 1, 2, 3, 4, 5


def read_blob(path: Path) -> Any:
    """A Pagefind data file's content."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise RuntimeError(f"not a Pagefind data file: {path}")
    return cbor2.loads(data[len(_SIGNATURE):])


def blob(value: Any) -> bytes:
    """`value` as a Pagefind data file, the same bytes for the same value."""
    return _packed(cbor2.dumps(value))


def _packed(data: bytes) -> bytes:
    """Encoded CBOR as a Pagefind data file (gzip level 4: nearly level 6's size, in much less time)."""
    return gzip.compress(_SIGNATURE + data, compresslevel=4, mtime=0)


@dataclass(frozen=True)
class _Part:
    """One shard's bundle: its folder, entry, language and metadata."""

    folder: Path
    entry: dict[str, Any]
    lang: str
    meta: list[Any]

    @classmethod
    def read(cls, folder: Path) -> _Part:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if not str(entry.get("version", "")).startswith(VERSIONS):
            raise RuntimeError(f"Pagefind {entry.get('version')} wrote {folder}; this build joins the bundles "
                               f"of Pagefind {', '.join(v + 'x' for v in VERSIONS)} only")
        (lang, info), = entry["languages"].items()
        return cls(folder, entry, lang, read_blob(folder / f"pagefind.{info['hash']}.pf_meta"))

    @property
    def name(self) -> str:
        """The name of its metadata, made of the metadata's content."""
        return str(self.entry["languages"][self.lang]["hash"])


@dataclass(frozen=True)
class Joined:
    """What `join_bundles` wrote."""

    chunks: int
    """Index chunks of the joined bundle."""
    kept: int
    """Of those, chunks kept from the last join (`cache`), not made again."""


def join_bundles(parts: list[Path], bundle: Path, cache: Path | None = None) -> Joined:
    """One bundle at `bundle` for the pages of every part, in the parts' order (all of one language);
    none for no parts (an edition with no entries has nothing to search).

    With `cache`, a folder of its own, the join keeps there what lets the
    next one write only what changed (`_read_cache`): after a part's pages
    changed, only the words of its changed index chunks are compared with
    the last join's, and only the joined chunks that hold a changed word
    are made again; the others are linked as they were. Once any part's page
    count or fields change (the later parts' page numbers move), or the
    cache is missing, damaged or of other code, the index is joined whole.
    Either way the bundle has the same bytes.
    """
    if bundle.exists():
        shutil.rmtree(bundle)
    if not parts:
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
        return Joined(0, 0)
    shards = [_Part.read(folder) for folder in parts]
    lang = shards[0].lang
    if any(shard.lang != lang for shard in shards):
        raise RuntimeError(f"search bundles of different languages cannot be joined: {parts}")
    for folder in ("index", "filter", "fragment"):
        (bundle / folder).mkdir(parents=True)
    _link_runtime(shards[0], bundle)  # the same in every part
    offsets: list[int] = []
    pages: list[list[Any]] = []
    for number, shard in enumerate(shards):
        offsets.append(len(pages))
        pages += [[_link_fragment(shard.folder, name, bundle, number), words]
                  for name, words in shard.meta[_META_PAGES]]
    fields = sorted({field for shard in shards for field in shard.meta[_META_FIELDS]})
    filters = _join_filters(shards, offsets, bundle / "filter", lang)
    if len(shards) == 1:  # nothing to join: the part's own index and sort orders
        part = shards[0]
        for _, _, file in part.meta[_META_CHUNKS]:
            link_file(part.folder / "index" / f"{file}.pf_index", bundle / "index" / f"{file}.pf_index")
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
        _write_meta(part, bundle, lang, [part.meta[0], pages, part.meta[_META_CHUNKS], filters,
                                         part.meta[_META_SORTS], fields])
        return Joined(len(part.meta[_META_CHUNKS]), 0)
    key = _cache_key(shards)
    last = _read_cache(cache, key) if cache is not None else None
    index, chunks = _joined_index(shards, offsets, fields, bundle / "index", cache, last)
    known = {part["meta"]: part["sorts"] for part in last["parts"]} if last else {}
    sorts = [known[shard.name] if shard.name in known else _sort_keys(shard) for shard in shards]
    _write_meta(shards[0], bundle, lang, [shards[0].meta[0], pages, index.metadata(), filters,
                                          _join_sorts(shards, offsets, sorts), fields])
    if cache is not None:
        _write_cache(cache, key, shards, fields, chunks, sorts, last, index)
    return Joined(len(index.chunks), len(index.kept))


def _joined_index(shards: list[_Part], offsets: list[int], fields: list[str], folder: Path, cache: Path | None,
                  last: dict[str, Any] | None) -> tuple[_Index, list[_Chunks | None]]:
    """Write the joined word index into `folder`: from the last join's (`last`, kept in `cache`) where that
    can serve (`_rejoin_words`), else whole (the parts' chunks it knows cut, not decoded: `_words`); the
    index, and each part's index chunks as the cache keeps them."""
    if cache is not None:
        (cache / _RECORD).unlink(missing_ok=True)  # until this join's is written: the folder is changing
        if last is not None and _rejoinable(last, shards, fields):
            index = _Index(folder, shards[0].lang)
            try:
                return index, _rejoin_words(shards, offsets, fields, last, cache, index)
            except _Stale:
                shutil.rmtree(folder)
                folder.mkdir()
    index = _Index(folder, shards[0].lang)
    known = {name: chunk for part in last["parts"] for name, chunk in part["chunks"].items()} if last else {}
    return index, list(_join_words(shards, offsets, fields, index, known))


def _link_runtime(part: _Part, bundle: Path) -> None:
    """Link the search runtime (everything at the top of a bundle but its metadata and entry) into `bundle`."""
    for path in part.folder.iterdir():
        if path.is_file() and path.suffix != ".pf_meta" and path.name != ENTRY:
            link_file(path, bundle / path.name)


def _write_meta(part: _Part, bundle: Path, lang: str, meta: list[Any]) -> None:
    """Write the bundle's metadata under a name made of its content, and its entry (`part`'s, for `lang`)."""
    data = blob(meta)
    name = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
    (bundle / f"pagefind.{name}.pf_meta").write_bytes(data)
    entry = dict(part.entry)
    entry["languages"] = {lang: {**part.entry["languages"][part.lang], "hash": name,
                                 "page_count": len(meta[_META_PAGES])}}
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def converted_bundle(source: Path, bundle: Path, lang: str, folder: str, convert: Callable[[str], str],
                     key: str = "") -> None:
    """The bundle at `bundle` of an edition whose pages are those of `source`'s in other characters, published
    one folder deeper, below `/<folder>` (zh-Hant: zh's pages converted); none when `source` has none.

    The words and their pages are `source`'s own (its index chunks, linked):
    zh's copies carry the gram words of their text in Traditional characters
    too, so they find what an index of the converted pages would. What a
    reader sees is converted: each page's fragment (its address below
    `folder`, its text, metadata, headings and filter values) and the
    filters. Pages keep their numbers, so the sort orders stay. A fragment
    whose source has the same bytes as at the last call with the same `key`
    (the converter's code and version) is kept from the last bundle.
    """
    record = Record(bundle.with_name(f"{bundle.name}-fragments.json"))
    before = (record.read() or {}) if bundle.is_dir() else {}
    kept: dict[str, str] = before.get("fragments", {}) if before.get("key") == [key, lang, folder] else {}
    last = bundle.with_name(f"{bundle.name}-last")
    shutil.rmtree(last, ignore_errors=True)
    record.forget()
    if bundle.exists():
        bundle.rename(last)
    if not source.is_dir():
        shutil.rmtree(last, ignore_errors=True)
        return
    part = _Part.read(source)
    for sub in ("index", "filter", "fragment"):
        (bundle / sub).mkdir(parents=True)
    _link_runtime(part, bundle)
    for _, _, file in part.meta[_META_CHUNKS]:
        link_file(source / "index" / f"{file}.pf_index", bundle / "index" / f"{file}.pf_index")
    pages, made = [], {}
    for name, words in part.meta[_META_PAGES]:
        data = (source / "fragment" / f"{name}.pf_fragment").read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        was = kept.get(digest)
        if digest in made:
            pass  # a page whose fragment another page has too: written once
        elif was and (last / "fragment" / f"{was}.pf_fragment").is_file() \
                and not (bundle / "fragment" / f"{was}.pf_fragment").exists():
            link_file(last / "fragment" / f"{was}.pf_fragment", bundle / "fragment" / f"{was}.pf_fragment")
            made[digest] = was
        else:
            page = json.loads(gzip.decompress(data)[len(_SIGNATURE):])
            made[digest] = _write_named(_packed(json.dumps(_converted_page(page, folder, convert), ensure_ascii=False,
                                                           separators=(",", ":")).encode("utf-8")),
                                        bundle / "fragment", lang, ".pf_fragment")
        pages.append([made[digest], words])
    shutil.rmtree(last, ignore_errors=True)
    filters = []
    for name, file in part.meta[_META_FILTERS]:
        values: dict[str, list[int]] = {}
        for value, numbers in read_blob(source / "filter" / f"{file}.pf_filter")[1]:
            shown = convert(value)
            values[shown] = sorted(values.get(shown, []) + numbers)
        filters.append([name, _write_named(blob([name, sorted([v, p] for v, p in values.items())]), bundle / "filter",
                                           lang, ".pf_filter")])
    _write_meta(part, bundle, lang, [part.meta[0], pages, part.meta[_META_CHUNKS], filters, *part.meta[_META_SORTS:]])
    record.write({"key": [key, lang, folder], "fragments": made})


_FRAGMENT_KEYS = {"url", "content", "word_count", "filters", "meta", "anchors"}
_ADDRESSES = {"image"}
"""Metadata that Pagefind takes from an attribute: an address relative to the page, not text."""


def _converted_page(page: dict[str, Any], folder: str, convert: Callable[[str], str]) -> dict[str, Any]:
    """One page's fragment for the converted edition."""
    if set(page) - _FRAGMENT_KEYS:
        raise RuntimeError(f"search fragment of {page.get('url')} has fields this build cannot convert: "
                           f"{sorted(set(page) - _FRAGMENT_KEYS)}")
    url = page["url"]
    moved = f"/{folder}{url.removeprefix('/')}"
    return {**page, "url": moved, "content": convert(page["content"]),
            "filters": {name: [convert(value) for value in values] for name, values in page["filters"].items()},
            "meta": {key: _moved(value, url, moved) if key in _ADDRESSES else convert(value)
                     for key, value in page["meta"].items()},
            "anchors": [{**anchor, "text": convert(anchor["text"])} for anchor in page["anchors"]]}


def _moved(address: str, page: str, moved: str) -> str:
    """`address`, relative to the page at `page`, made relative to the same page at `moved`."""
    if address.startswith("/") or "://" in address or address.startswith(("data:", "#")):
        return address
    here = page if page.endswith("/") else posixpath.dirname(page) + "/"
    there = moved if moved.endswith("/") else posixpath.dirname(moved) + "/"
    target = posixpath.normpath(posixpath.join(here, address))
    return posixpath.relpath(target, there) + ("/" if address.endswith("/") else "")


def _link_fragment(folder: Path, name: str, bundle: Path, number: int) -> str:
    """Link a part's page fragment into the bundle; its name there (another when two parts' names collide)."""
    source = folder / "fragment" / f"{name}.pf_fragment"
    target = bundle / "fragment" / source.name
    if target.exists() and target.read_bytes() != source.read_bytes():
        name = f"{name}_{number}"  # Pagefind names are unique within one run only, and hold one "_"
        target = bundle / "fragment" / f"{name}.pf_fragment"
    if not target.exists():
        link_file(source, target)
    return name


@dataclass
class _Word:
    """One word of one part: its pages, kept as the part's CBOR bytes but for the first page."""

    word: str
    count: int
    """Pages holding the word."""
    first: list[Any]
    """The first page: [page number in the joined bundle, locations, meta locations]."""
    rest: bytes
    """The other pages as the part encoded them: each page number a step from the one before."""
    last: int
    """The number of the last page in the joined bundle."""
    extra: list[Any]


def _head(data: bytes, at: int) -> tuple[int, int]:
    """The argument of the CBOR item head at `at` (a length, for an array) and where the head ends."""
    info = data[at] & 31
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _array_head(length: int) -> bytes:
    """The CBOR head of an array of `length` items."""
    if length < 24:
        return bytes([0x80 | length])
    size = next(size for size in (1, 2, 4, 8) if length < 1 << (8 * size))
    return bytes([0x80 | (24 + size.bit_length() - 1)]) + length.to_bytes(size, "big")


def _marks(shard: _Part, fields: list[str]) -> dict[int, int]:
    """How a part's pages mark each meta field (-1 - its place in the part's fields) in the joined bundle
    (-1 - its place in `fields`); nothing where the two agree."""
    mine = shard.meta[_META_FIELDS]
    return {-1 - at: -1 - fields.index(name) for at, name in enumerate(mine)} if mine != fields else {}


_Chunks = dict[str, list[Any]]
"""A part's index as the cache keeps it: each chunk by the sha256 of its file, [the file's name in the part,
then for each word's entry in order: its length, where its first page ends in it, and its last page in the
part]; the middle list None where an entry holds more than its pages (that chunk is always decoded)."""


def _words(shard: _Part, offset: int, fields: list[str], kept: _Chunks, known: _Chunks) -> Iterator[_Word]:
    """A part's words in order, each page number in the joined bundle; its index as the cache keeps it put in
    `kept`. A chunk the last join `known` is cut at the bounds kept (`_cut_words`) instead of decoded, where
    the part marks meta fields as the joined bundle does."""
    marks = _marks(shard, fields)
    for _, _, file in shard.meta[_META_CHUNKS]:
        data = (shard.folder / "index" / f"{file}.pf_index").read_bytes()
        name = _sha256(data)
        if name in known and known[name][2] is not None and not marks:
            kept[name] = [file, *known[name][1:]]
            yield from _cut_words(data, offset, *known[name][1:])
        else:
            kept[name] = [file, [], [], []]
            yield from (word for word, _ in _chunk_words(data, offset, marks, kept[name]))


def _chunk_words(data: bytes, offset: int, marks: dict[int, int],
                 record: list[Any]) -> Iterator[tuple[_Word, memoryview]]:
    """The words of a part's index chunk (`data`, its file) in order, each page number in the joined bundle
    (`offset`: the part's first), with each one's entry as the part encoded it; the bounds of each entry
    added to `record` (the chunk's, `_Chunks`).

    Only each word's first page is decoded for writing; the others keep
    their bytes. Where the part's pages mark meta fields otherwise than the
    joined bundle (`marks`), they are encoded again.
    """
    _, lengths, heads, lasts = record
    data = gzip.decompress(data)[len(_SIGNATURE):]
    view = memoryview(data)
    stream = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(stream)
    _, at = _head(data, 0)  # [words]
    count, at = _head(data, at)
    stream.seek(at)
    for _ in range(count):
        start = stream.tell()
        word, posts, extra = decoder.decode()
        end = stream.tell()
        _, at = _head(data, start + 1 + len(cbor2.dumps(word)))  # past [word, and the pages' head
        head = at + len(cbor2.dumps(posts[0]))  # where the first page ends
        last = sum(post[0] for post in posts)
        if marks:
            for post in posts:
                post[2] = [marks.get(loc, loc) for loc in post[2]]
            rest = b"".join(cbor2.dumps(post) for post in posts[1:])
        else:
            rest = data[head:end - len(cbor2.dumps(extra))]
        lengths.append(end - start)
        lasts.append(last)
        if heads is not None:
            heads.append(head - start)
        if extra:
            record[2] = heads = None
        posts[0][0] += offset
        yield _Word(word, len(posts), posts[0], rest, last + offset, extra), view[start:end]


def _cut_words(data: bytes, offset: int, lengths: list[int], heads: list[int], lasts: list[int]) -> Iterator[_Word]:
    """The words of a part's index chunk (`data`, its file) as `_chunk_words` gives them, cut at the bounds it
    kept: only each word's first page is decoded."""
    data = gzip.decompress(data)[len(_SIGNATURE):]
    _, at = _head(data, 0)  # [words]
    _, at = _head(data, at)
    for length, head, last in zip(lengths, heads, lasts, strict=True):
        size, start = _head(data, at + 1)  # past [, the word
        count, pages = _head(data, start + size)
        first = cbor2.loads(data[pages:at + head])
        first[0] += offset
        yield _Word(data[start:start + size].decode("utf-8"), count, first, data[at + head:at + length - 1],
                    last + offset, [])  # the pages, then [] (no more)
        at += length


def _entries(data: bytes, lengths: list[int]) -> Iterator[bytes]:
    """The entries of an index chunk (`data`, its file), one per word in order, of `lengths`."""
    data = gzip.decompress(data)[len(_SIGNATURE):]
    _, at = _head(data, 0)  # [words]
    _, at = _head(data, at)
    for length in lengths:
        yield data[at:at + length]
        at += length


_Bounds = list[list[int]] | None
"""Where each part's pages lie in a word's entry in the joined index (`_item`): for each part holding the word,
[its number, where its first page begins, where the rest begin and end, its pages, its first and last page];
None where the entry holds more than its pages."""


def _item(word: str, parts: list[_Word], offsets: list[int]) -> tuple[bytes, _Bounds]:
    """A word's entry in the joined index: its pages in every part (`parts`, in the parts' order), each part's
    following the one before's; with where each part's pages lie in it (`offsets`: each part's first page)."""
    head = b"".join([b"\x83", cbor2.dumps(word), _array_head(sum(p.count for p in parts))])
    pages, before, at, extra = [head], 0, len(head), []
    bounds: list[list[int]] = []
    for part in parts:
        first = cbor2.dumps([part.first[0] - before, part.first[1], part.first[2]])
        pages += [first, part.rest]
        bounds.append([bisect.bisect_right(offsets, part.first[0]) - 1, at, at + len(first),
                       at + len(first) + len(part.rest), part.count, part.first[0], part.last])
        at += len(first) + len(part.rest)
        before = part.last
        extra += part.extra
    return b"".join([*pages, cbor2.dumps(extra)]), None if extra else bounds


def _item_word(item: bytes) -> str:
    """The word of an entry of an index chunk (a part's, or the joined index's: `_item`)."""
    length, at = _head(item, 1)  # past [
    return item[at:at + length].decode("utf-8")


def _pieces(item: bytes, bounds: _Bounds) -> dict[int, _Word]:
    """A word's entry in the joined index (`_item`) taken apart again at its `bounds`: its pages in each part, by
    the part's number. Only each part's first page is decoded."""
    word = _item_word(item)
    if bounds is None:
        raise _Stale(f"the pages of the search word {word} cannot be told apart by part")
    pieces = {}
    for number, start, rest, end, count, first, last in bounds:
        _, locations, meta = cbor2.loads(item[start:rest])
        pieces[number] = _Word(word, count, [first, locations, meta], item[rest:end], last, [])
    return pieces


@dataclass(frozen=True)
class _Chunk:
    """One chunk of the joined index as the cache keeps it."""

    first: str
    last: str
    """Its first and last words."""
    lengths: list[int]
    """The length of each word's entry, in order."""
    digest: str
    """The sha256 of its file (the file's name is made of it)."""
    bounds: str
    """The sha256 of its entries' `_Bounds`, in order, as CBOR: the cache's file `<bounds>.bounds`."""


class _Index:
    """The joined word index as it is written: each word's entry added in order, cut into chunks of about
    Pagefind's size (a chunk ends with the entry that brings it to `CHUNK_BYTES`), each chunk written under
    a name made of its content once it is complete."""

    def __init__(self, folder: Path, lang: str) -> None:
        self.folder = folder
        self.lang = lang
        self.chunks: list[tuple[_Chunk, str]] = []
        """The chunks written, each with its file's name."""
        self.kept: set[str] = set()
        """Of those, the digests of the chunks linked from the last join's."""
        self.bounds: dict[str, bytes] = {}
        """The `_Bounds` of the chunks made (not kept), by their sha256, for the cache."""
        self._names: dict[str, str] = {}
        self._words: list[str] = []
        self._items: list[bytes] = []
        self._bounds: list[_Bounds] = []
        self._size = 0

    @property
    def between(self) -> bool:
        """Whether the next entry begins a chunk."""
        return not self._items

    def add(self, word: str, item: bytes, bounds: _Bounds) -> None:
        """The next word's entry, and where each part's pages lie in it (`_item`)."""
        self._words.append(word)
        self._items.append(item)
        self._bounds.append(bounds)
        self._size += len(item)
        if self._size >= CHUNK_BYTES:
            self.cut()

    def cut(self) -> None:
        """Write the entries added since the last chunk as one (at the end of the index)."""
        if self._items:
            data = _packed(b"".join([b"\x81", _array_head(len(self._items)), *self._items]))
            bounds = cbor2.dumps(self._bounds)
            self.bounds[_sha256(bounds)] = bounds
            self._write(_Chunk(self._words[0], self._words[-1], [len(item) for item in self._items], _sha256(data),
                               _sha256(bounds)), data)
            self._words, self._items, self._bounds, self._size = [], [], [], 0

    def keep(self, chunk: _Chunk, source: Path) -> None:
        """A chunk of the last join's index, linked from `source`, as the next one (`between` chunks only)."""
        self._write(chunk, source)
        self.kept.add(chunk.digest)

    def _write(self, chunk: _Chunk, data: bytes | Path) -> None:
        name = _content_name(chunk.digest, self.lang, lambda name: self._names.setdefault(name, chunk.digest)
                             == chunk.digest)
        path = self.folder / f"{name}.pf_index"
        if isinstance(data, Path):
            link_file(data, path)
        else:
            path.write_bytes(data)
        self.chunks.append((chunk, name))

    def metadata(self) -> list[list[str]]:
        """The chunks' metadata: [first word, last word, file], the bounds cut, as Pagefind cuts them, to the
        shortest prefixes that tell them apart."""
        chunks = [[chunk.first, chunk.last, name] for chunk, name in self.chunks]
        for earlier, later in zip(chunks, chunks[1:], strict=False):
            common = next((i for i, (a, b) in enumerate(zip(earlier[1], later[0], strict=False)) if a != b),
                          min(len(earlier[1]), len(later[0])))
            earlier[1], later[0] = earlier[1][:common + 1], later[0][:common + 1]
        return chunks


def _join_words(shards: list[_Part], offsets: list[int], fields: list[str], index: _Index,
                known: _Chunks) -> list[_Chunks]:
    """Write the joined word index, every part's words merged (the chunks the last join `known` cut, not
    decoded: `_words`); each part's index as the cache keeps it."""
    kept: list[_Chunks] = [{} for _ in shards]
    merged = heapq.merge(*(_words(shard, offset, fields, mine, known)
                           for shard, offset, mine in zip(shards, offsets, kept, strict=True)),
                         key=lambda w: w.word)
    for word, group in groupby(merged, key=lambda w: w.word):
        index.add(word, *_item(word, list(group), offsets))  # in the parts' order: each one's pages follow
    index.cut()
    return kept


def _rejoin_words(shards: list[_Part], offsets: list[int], fields: list[str], last: dict[str, Any], cache: Path,
                  index: _Index) -> list[_Chunks | None]:
    """Write the joined word index from the last join's (`last`, kept in `cache`) where only some of the parts'
    index chunks changed, the parts' page counts and fields as they were; each part's index as the cache keeps
    it where it changed, None where it did not.

    A word is changed when its entry in a changed chunk differs from the
    last one's (or is new, or gone). The last join's chunks are kept as
    they were from the first word on whose chunk holds no changed word:
    cut where they were cut, each holds the same entries again. From a chunk
    that holds one, each entry is added again, the changed words' made of
    their pages in the parts that did not change (taken from the last
    entry) and in those that did, until a chunk ends where one of the last
    join's ended.
    """
    changed: dict[str, dict[int, _Word | None]] = {}
    kept: list[_Chunks | None] = [None] * len(shards)
    for number, (shard, offset) in enumerate(zip(shards, offsets, strict=True)):
        if shard.name == last["parts"][number]["meta"]:
            continue
        before: _Chunks = last["parts"][number]["chunks"]
        now = {}
        for _, _, file in shard.meta[_META_CHUNKS]:
            data = (shard.folder / "index" / f"{file}.pf_index").read_bytes()
            now[_sha256(data)] = file, data
        mine = kept[number] = {name: [now[name][0], *before[name][1:]] for name in now.keys() & before.keys()}
        gone = {_item_word(entry): entry for name in before.keys() - now.keys()
                for entry in _entries(_read_cached(cache / "chunks" / f"{name}.pf_index", name), before[name][1])}
        marks = _marks(shard, fields)
        for name in now.keys() - before.keys():
            file, data = now[name]
            mine[name] = [file, [], [], []]
            for piece, entry in _chunk_words(data, offset, marks, mine[name]):
                if gone.pop(piece.word, None) != entry:
                    changed.setdefault(piece.word, {})[number] = piece
        for word in gone:
            changed.setdefault(word, {})[number] = None
    chunks = [_Chunk(*chunk) for chunk in last["chunks"]]
    if changed and not chunks:
        raise _Stale("the last join wrote no index")
    firsts = [chunk.first for chunk in chunks]
    owned: dict[int, list[str]] = {}  # each changed word by the last chunk whose words it falls among
    for word in changed:
        owned.setdefault(max(0, bisect.bisect_right(firsts, word) - 1), []).append(word)
    for at, chunk in enumerate(chunks):
        source = cache / "chunks" / f"{chunk.digest}.pf_index"
        data = _read_cached(source, chunk.digest)
        if index.between and at not in owned:
            index.keep(chunk, source)
            continue
        bounds = cbor2.loads(_read_cached(cache / "chunks" / f"{chunk.bounds}.bounds", chunk.bounds))
        items: dict[str, tuple[bytes, _Bounds] | None] = {
            _item_word(item): (item, bound) for item, bound in zip(_entries(data, chunk.lengths), bounds, strict=True)}
        for word in owned.get(at, []):
            items[word] = _rejoined(word, items.get(word), changed[word], offsets)
        for word in sorted(items) if at in owned else items:
            joined = items[word]
            if joined is not None:
                index.add(word, *joined)
    index.cut()
    return kept


def _rejoined(word: str, last: tuple[bytes, _Bounds] | None, parts: dict[int, _Word | None],
              offsets: list[int]) -> tuple[bytes, _Bounds] | None:
    """A word's entry in the joined index and its bounds (`last`: the last ones), its pages in `parts` (by number)
    as they are now; None when it is in no part any more."""
    pieces = _pieces(*last) if last is not None else {}
    for number, piece in parts.items():
        if piece is None:
            pieces.pop(number, None)
        else:
            pieces[number] = piece
    return _item(word, [pieces[number] for number in sorted(pieces)], offsets) if pieces else None


class _Stale(Exception):
    """The cache cannot serve this join: the index is joined whole."""


_RECORD = "join.cbor"


def _cache_key(shards: list[_Part]) -> list[str]:
    """What a join's cache is valid for: this module's code, the versions of the Pagefind that wrote the parts,
    of zlib (the chunks' bytes) and of cbor2, and the language."""
    return [file_digest(Path(__file__)), *sorted({str(shard.entry["version"]) for shard in shards}),
            zlib.ZLIB_RUNTIME_VERSION, version("cbor2"), shards[0].lang]


def _read_cache(cache: Path, key: list[str]) -> dict[str, Any] | None:
    """What the last join with `cache` kept there, when it was made under `key` and is whole; else None.

    The folder holds `join.cbor` (the sha256 of the rest, then in CBOR:
    the key, the joined fields, each part's metadata name, page count,
    fields, sort keys (`_sort_keys`) and index chunks (`_Chunks`), and the
    joined index's chunks (`_Chunk`)), `chunks/<sha256>.pf_index`: the
    parts' index chunks and the joined index's, linked, and
    `chunks/<sha256>.bounds`: where each part's pages lie in the entries of
    a joined chunk (`_Bounds`), so a changed word's entry is cut, not decoded. Each file is checked
    against its digest when it is read: one damaged or missing is a cache
    that cannot serve (`_Stale`), and the index is joined whole.
    """
    try:
        data = (cache / _RECORD).read_bytes()
    except OSError:
        return None
    if data[:32] != hashlib.sha256(data[32:]).digest():
        return None
    last = cbor2.loads(data[32:])
    return last if isinstance(last, dict) and last.get("key") == key else None


def _rejoinable(last: dict[str, Any], shards: list[_Part], fields: list[str]) -> bool:
    """Whether the last join's index can be joined again where parts changed: the same parts, each with as many
    pages and the same fields (so every page keeps its number), and the same fields joined."""
    return last["fields"] == fields and [[part["pages"], part["fields"]] for part in last["parts"]] == \
        [[len(shard.meta[_META_PAGES]), shard.meta[_META_FIELDS]] for shard in shards]


def _read_cached(path: Path, want: str) -> bytes:
    """The bytes of a file of the cache, named by their sha256 `want`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _Stale(f"{path} cannot be read") from error
    if _sha256(data) != want:
        raise _Stale(f"{path} is damaged")
    return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_cache(cache: Path, key: list[str], shards: list[_Part], fields: list[str], chunks: list[_Chunks | None],
                 sorts: list[dict[str, list[str]]], last: dict[str, Any] | None, index: _Index) -> None:
    """Keep in `cache` what the next join needs (`_read_cache`): each part's index chunks (`chunks`, None: as
    `last` kept them) and sort keys, and the joined index; then remove what the last join kept and this one
    does not."""
    (cache / "chunks").mkdir(parents=True, exist_ok=True)
    parts = []
    for number, (shard, mine) in enumerate(zip(shards, chunks, strict=True)):
        if mine is None:
            assert last is not None  # a part's index is kept as it was only by a join from the last one's
            mine = last["parts"][number]["chunks"]
        else:  # the part's chunks were read in this join: the ones kept may be damaged
            for name, (file, *_) in mine.items():
                link_file(shard.folder / "index" / f"{file}.pf_index", cache / "chunks" / f"{name}.pf_index")
        parts.append({"meta": shard.name, "pages": len(shard.meta[_META_PAGES]), "fields": shard.meta[_META_FIELDS],
                      "sorts": sorts[number], "chunks": mine})
    for chunk, name in index.chunks:
        if chunk.digest not in index.kept:  # kept ones were read whole
            link_file(index.folder / f"{name}.pf_index", cache / "chunks" / f"{chunk.digest}.pf_index")
    for digest, bounds in index.bounds.items():
        write_atomic(cache / "chunks" / f"{digest}.bounds", bounds)
    keep = {f"{name}.pf_index" for part in parts for name in part["chunks"]} | \
        {name for chunk, _ in index.chunks for name in (f"{chunk.digest}.pf_index", f"{chunk.bounds}.bounds")}
    for path in (cache / "chunks").iterdir():
        if path.name not in keep:
            path.unlink()
    joined = [[chunk.first, chunk.last, chunk.lengths, chunk.digest, chunk.bounds] for chunk, _ in index.chunks]
    body = cbor2.dumps({"key": key, "fields": fields, "parts": parts, "chunks": joined})
    write_atomic(cache / _RECORD, hashlib.sha256(body).digest() + body)


def _content_name(digest: str, lang: str, free: Callable[[str], bool]) -> str:
    """The shortest name made of `digest`, seven of its characters at least, that `free` accepts (Pagefind's
    rule: a name is taken again only by the same content)."""
    for length in range(7, len(digest) + 1):
        name = f"{lang}_{digest[:length]}"
        if free(name):
            return name
    raise RuntimeError(f"no free name for a search file of content {digest}")


def _write_named(data: bytes, folder: Path, lang: str, suffix: str) -> str:
    """Write `data` under a name made of its content; the name."""
    def free(name: str) -> bool:
        path = folder / f"{name}{suffix}"
        return not path.exists() or path.read_bytes() == data

    name = _content_name(_sha256(data), lang, free)
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def _join_filters(shards: list[_Part], offsets: list[int], folder: Path, lang: str) -> list[list[str]]:
    """Write each filter's joined values (page numbers are absolute); the filters' metadata."""
    values: dict[str, dict[str, list[int]]] = {}
    for shard, offset in zip(shards, offsets, strict=True):
        for name, file in shard.meta[_META_FILTERS]:
            _, mine = read_blob(shard.folder / "filter" / f"{file}.pf_filter")
            for value, pages in mine:
                values.setdefault(name, {}).setdefault(value, []).extend(page + offset for page in pages)
    return [[name, _write_named(blob([name, sorted([v, p] for v, p in found.items())]), folder, lang, ".pf_filter")]
            for name, found in sorted(values.items())]


def _sort_keys(shard: _Part) -> dict[str, list[str]]:
    """A part's sort orders, each as the keys of its pages in the order's order.

    A part's order holds no keys, so each page's key is read from its
    fragment's metadata: our pages give a sort key and the metadata of the
    same name the same value (theme/partials/cg-search-facets.html).
    """
    pages = shard.meta[_META_PAGES]
    keys: dict[str, list[str]] = {}
    for name, order in shard.meta[_META_SORTS]:
        keys[name] = []
        for page in order:
            fragment = gzip.decompress((shard.folder / "fragment" / f"{pages[page][0]}.pf_fragment")
                                       .read_bytes())[len(_SIGNATURE):]
            key = json.loads(fragment)["meta"].get(name)
            if key is None:
                raise RuntimeError(f"search page {pages[page][0]} of {shard.folder} is sorted by {name} but has no "
                                   f"metadata {name}")
            keys[name].append(key)
    return keys


def _join_sorts(shards: list[_Part], offsets: list[int], keys: list[dict[str, list[str]]]) -> list[list[Any]]:
    """Each sort order over all the pages, from each part's order and its pages' keys (`_sort_keys`). Keys are
    compared as Pagefind does: as numbers when every key is one, else as text, ties in page order."""
    names = sorted({name for shard in shards for name, _ in shard.meta[_META_SORTS]})
    orders = []
    for name in names:
        keyed = [(key, page + offset) for shard, offset, mine in zip(shards, offsets, keys, strict=True)
                 for page, key in zip(dict(shard.meta[_META_SORTS]).get(name, []), mine.get(name, []), strict=True)]
        numeric = all(_number(key) is not None for key, _ in keyed)
        keyed.sort(key=(lambda item: (_number(item[0]), item[1])) if numeric else None)
        orders.append([name, [page for _, page in keyed]])
    return orders


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
