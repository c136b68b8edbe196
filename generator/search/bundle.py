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

import gzip
import hashlib
import heapq
import io
import json
import posixpath
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import cbor2

from generator.cache import Record
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


def join_bundles(parts: list[Path], bundle: Path) -> None:
    """One bundle at `bundle` for the pages of every part, in the parts' order (all of one language);
    none for no parts (an edition with no entries has nothing to search)."""
    if bundle.exists():
        shutil.rmtree(bundle)
    if not parts:
        return
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
    _write_meta(shards[0], bundle, lang, [shards[0].meta[0], pages,
                                          _join_words(shards, offsets, fields, bundle / "index", lang),
                                          _join_filters(shards, offsets, bundle / "filter", lang),
                                          _join_sorts(shards, offsets, pages, bundle), fields])


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


def _words(shard: _Part, offset: int, fields: list[str]) -> Iterator[_Word]:
    """A part's words in order, each page number in the joined bundle.

    Only each word's first page is decoded for writing; the others keep
    their bytes. A page's meta locations mark each meta field as -1 - its
    place in the bundle's `fields`, and a part knows only its own pages'
    fields: where those differ, the part's pages are encoded again.
    """
    mine = shard.meta[_META_FIELDS]
    marks = {-1 - at: -1 - fields.index(name) for at, name in enumerate(mine)} if mine != fields else {}
    for _, _, file in shard.meta[_META_CHUNKS]:
        data = gzip.decompress((shard.folder / "index" / f"{file}.pf_index").read_bytes())[len(_SIGNATURE):]
        stream = io.BytesIO(data)
        decoder = cbor2.CBORDecoder(stream)
        _, at = _head(data, 0)  # [words]
        count, at = _head(data, at)
        stream.seek(at)
        for _ in range(count):
            start = stream.tell()
            word, posts, extra = decoder.decode()
            end = stream.tell()
            if marks:
                for post in posts:
                    post[2] = [marks.get(loc, loc) for loc in post[2]]
                rest = b"".join(cbor2.dumps(post) for post in posts[1:])
            else:
                _, at = _head(data, start + 1 + len(cbor2.dumps(word)))  # past [word, and the pages' head
                rest = data[at + len(cbor2.dumps(posts[0])):end - len(cbor2.dumps(extra))]
            posts[0][0] += offset
            yield _Word(word, len(posts), posts[0], rest, sum(post[0] for post in posts), extra)


def _join_words(shards: list[_Part], offsets: list[int], fields: list[str], folder: Path,
                lang: str) -> list[list[str]]:
    """Write the joined word index in chunks of about Pagefind's size; the chunks' metadata."""
    if len(shards) == 1:  # nothing to join: the part's own chunks
        for _, _, file in shards[0].meta[_META_CHUNKS]:
            link_file(shards[0].folder / "index" / f"{file}.pf_index", folder / f"{file}.pf_index")
        return shards[0].meta[_META_CHUNKS]
    merged = heapq.merge(*(_words(shard, offset, fields) for shard, offset in zip(shards, offsets, strict=True)),
                         key=lambda w: w.word)
    chunks: list[list[str]] = []
    items: list[bytes] = []
    first = last = ""
    size = 0
    for word, group in groupby(merged, key=lambda w: w.word):
        parts = list(group)  # in the parts' order: each part's pages follow the one before's
        pages, before, extra = [], 0, []
        for part in parts:
            step = [part.first[0] - before, part.first[1], part.first[2]]
            pages += [cbor2.dumps(step), part.rest]
            before = part.last
            extra += part.extra
        item = b"".join([b"\x83", cbor2.dumps(word), _array_head(sum(p.count for p in parts)), *pages,
                         cbor2.dumps(extra)])
        first = first or word
        last = word
        items.append(item)
        size += len(item)
        if size >= CHUNK_BYTES:
            chunks.append([first, last, _write_chunk(items, folder, lang)])
            items, first, size = [], "", 0
    if items:
        chunks.append([first, last, _write_chunk(items, folder, lang)])
    # Pagefind's bounds: the shortest prefixes that tell them apart
    for earlier, later in zip(chunks, chunks[1:], strict=False):
        common = next((i for i, (a, b) in enumerate(zip(earlier[1], later[0], strict=False)) if a != b),
                      min(len(earlier[1]), len(later[0])))
        earlier[1], later[0] = earlier[1][:common + 1], later[0][:common + 1]
    return chunks


def _write_chunk(items: list[bytes], folder: Path, lang: str) -> str:
    """Write the encoded words as one index chunk; its name."""
    data = b"".join([b"\x81", _array_head(len(items)), *items])
    return _write_named(_packed(data), folder, lang, ".pf_index")


def _write_named(data: bytes, folder: Path, lang: str, suffix: str) -> str:
    """Write `data` under a name made of its content; the name."""
    digest = hashlib.sha256(data).hexdigest()
    for length in range(7, len(digest) + 1):
        name = f"{lang}_{digest[:length]}"
        path = folder / f"{name}{suffix}"
        if not path.exists() or path.read_bytes() == data:
            path.write_bytes(data)
            return name
    raise RuntimeError(f"no free name for a search file in {folder}")


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


def _join_sorts(shards: list[_Part], offsets: list[int], pages: list[list[Any]], bundle: Path) -> list[list[Any]]:
    """Each sort order over all the pages.

    A part's order holds no keys, so each page's key is read from its
    fragment's metadata: our pages give a sort key and the metadata of the
    same name the same value (theme/partials/cg-search-facets.html). Keys are
    compared as Pagefind does: as numbers when every key is one, else as text,
    ties in page order.
    """
    if len(shards) == 1:  # nothing to join: the part's own orders
        return shards[0].meta[_META_SORTS]
    names = sorted({name for shard in shards for name, _ in shard.meta[_META_SORTS]})
    orders = []
    for name in names:
        keyed = []
        for shard, offset in zip(shards, offsets, strict=True):
            for page in dict(shard.meta[_META_SORTS]).get(name, []):
                fragment = gzip.decompress((bundle / "fragment" / f"{pages[page + offset][0]}.pf_fragment")
                                           .read_bytes())[len(_SIGNATURE):]
                key = json.loads(fragment)["meta"].get(name)
                if key is None:
                    raise RuntimeError(f"search page {pages[page + offset][0]} is sorted by {name} but has no "
                                       f"metadata {name}")
                keyed.append((key, page + offset))
        numeric = all(_number(key) is not None for key, _ in keyed)
        keyed.sort(key=(lambda item: (_number(item[0]), item[1])) if numeric else None)
        orders.append([name, [page for _, page in keyed]])
    return orders


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
