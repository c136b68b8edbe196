"""Pagefind's bundle files, read and written: the bundles of one edition's shards joined into one.

Pagefind holds every page of a run in memory, about 0.5 MB for a Chinese
page with its gram words, so `search` indexes a large edition in shards, one
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
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import cbor2

from generator.incremental import link_file

ENTRY = "pagefind-entry.json"
"""The bundle's list of languages, read first by the search runtime."""
VERSIONS = ("1.5.",)
"""Pagefind versions whose files `join_bundles` knows."""
CHUNK_SIZE = 20000
"""Pagefind's size of an index chunk: locations plus one per page, summed over its words."""
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
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)


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
    for path in shards[0].folder.iterdir():  # the search runtime, the same in every part
        if path.is_file() and path.suffix != ".pf_meta" and path.name != ENTRY:
            link_file(path, bundle / path.name)
    offsets, pages = [], []
    for number, shard in enumerate(shards):
        offsets.append(len(pages))
        pages += [[_link_fragment(shard.folder, name, bundle, number), words] for name, words in shard.meta[_META_PAGES]]
    fields = sorted({field for shard in shards for field in shard.meta[_META_FIELDS]})
    meta = [shards[0].meta[0], pages, _join_words(shards, offsets, fields, bundle / "index", lang),
            _join_filters(shards, offsets, bundle / "filter", lang), _join_sorts(shards, offsets, pages, bundle),
            fields]
    data = blob(meta)
    name = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
    (bundle / f"pagefind.{name}.pf_meta").write_bytes(data)
    entry = dict(shards[0].entry)
    entry["languages"] = {lang: {**entry["languages"][lang], "hash": name, "page_count": len(pages)}}
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _link_fragment(folder: Path, name: str, bundle: Path, number: int) -> str:
    """Link a part's page fragment into the bundle; its name there (another when two parts' names collide)."""
    source = folder / "fragment" / f"{name}.pf_fragment"
    target = bundle / "fragment" / source.name
    if target.exists() and target.read_bytes() != source.read_bytes():
        name = f"{name}{number}"  # Pagefind's short names are unique within one run only
        target = bundle / "fragment" / f"{name}.pf_fragment"
    if not target.exists():
        link_file(source, target)
    return name


def _words(shard: _Part, offset: int, fields: list[str]) -> Iterator[tuple[str, list[list[Any]], list[Any]]]:
    """A part's words in order, each with its pages (the first numbered in the joined bundle) and third field.

    A page's meta locations mark each meta field as -1 - its place in the
    bundle's `fields`; a part knows only the fields of its own pages.
    """
    mine = shard.meta[_META_FIELDS]
    marks = {-1 - at: -1 - fields.index(name) for at, name in enumerate(mine)} if mine != fields else {}
    for _, _, file in shard.meta[_META_CHUNKS]:
        (words,) = read_blob(shard.folder / "index" / f"{file}.pf_index")
        for word, posts, extra in words:
            posts[0][0] += offset
            if marks:
                for post in posts:
                    if post[2]:
                        post[2] = [marks.get(loc, loc) for loc in post[2]]
            yield word, posts, extra


def _join_words(shards: list[_Part], offsets: list[int], fields: list[str], folder: Path,
                lang: str) -> list[list[str]]:
    """Write the joined word index in chunks of Pagefind's size; the chunks' metadata."""
    if len(shards) == 1:  # nothing to join: the part's own chunks
        for _, _, file in shards[0].meta[_META_CHUNKS]:
            link_file(shards[0].folder / "index" / f"{file}.pf_index", folder / f"{file}.pf_index")
        return shards[0].meta[_META_CHUNKS]
    merged = heapq.merge(*(_words(shard, offset, fields) for shard, offset in zip(shards, offsets)),
                         key=lambda w: w[0])
    chunks: list[list[str]] = []
    chunk: list[list[Any]] = []
    size = 0
    for word, group in groupby(merged, key=lambda w: w[0]):
        posts: list[list[Any]] = []
        extras: list[Any] = []
        last = 0
        for _, more, extra in group:  # parts in order: each part's pages follow the one before's
            end = sum(post[0] for post in more)
            more[0][0] -= last
            last = end
            posts += more
            extras += extra
        size += len(posts) + sum(len(locs) + len(meta_locs) for _, locs, meta_locs in posts)
        chunk.append([word, posts, extras])
        if size >= CHUNK_SIZE:
            chunks.append(_write_chunk(chunk, folder, lang))
            chunk, size = [], 0
    if chunk:
        chunks.append(_write_chunk(chunk, folder, lang))
    for before, after in zip(chunks, chunks[1:]):  # Pagefind's bounds: the shortest prefixes that tell them apart
        common = next((i for i, (a, b) in enumerate(zip(before[1], after[0])) if a != b),
                      min(len(before[1]), len(after[0])))
        before[1], after[0] = before[1][:common + 1], after[0][:common + 1]
    return chunks


def _write_chunk(words: list[list[Any]], folder: Path, lang: str) -> list[str]:
    data = blob([words])
    return [words[0][0], words[-1][0], _write_named(data, folder, lang, ".pf_index")]


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
    for shard, offset in zip(shards, offsets):
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
    names = sorted({name for shard in shards for name, _ in shard.meta[_META_SORTS]})
    orders = []
    for name in names:
        keyed = []
        for shard, offset in zip(shards, offsets):
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
