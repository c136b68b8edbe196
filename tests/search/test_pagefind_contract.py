"""The installed Pagefind writes the bundle layout `generator/search/bundle.py` reads (issue 19, point 7).

`join_bundles` and `converted_bundle` read and write Pagefind 1.5's private files (docs/search.md, "Pagefind: the
join kept"). A new Pagefind may change them without notice; `pyproject.toml` pins it below 1.6, and this test
fails, naming what changed, when the installed one writes anything else: the file names, the entry's fields, and
the shape of the metadata, index chunk, filter and fragment files — each read as `bundle.py` reads it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.search import bundle as layout
from generator.search import forgiving
from generator.search.index import GRAMS_MARK, index_shards, refresh_copies

PAGES = {
    "a/index.html": ("Grid workers at night", "story", "2022-03-18", "The grid workers knocked on every door."),
    "b/index.html": ("Building heads", "guide", "2023-05-01", "Building heads call every household each day."),
    "c/index.html": ("Night drills", "story", "2024-07-09", "The drill began at night without a warning."),
}
RUNTIME = {"pagefind.js", "pagefind-worker.js", layout.ENTRY}
"""Files at the top of a bundle besides the metadata and the WebAssembly (`wasm.<lang>.pagefind`)."""


def _page(title: str, kind: str, day: str, text: str) -> str:
    return (f'<html lang="en"><body><div data-pagefind-body><h1>{title}</h1><p>{text}</p>'
            f'<span data-pagefind-filter="type">{kind}</span><span data-pagefind-sort="date">{day}</span>'
            f'<span data-pagefind-meta="date">{day}</span></div></body></html>')


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installed Pagefind's own bundle of `PAGES` (one shard, not joined)."""
    root = tmp_path_factory.mktemp("contract")
    for rel, page in PAGES.items():
        (root / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / rel).write_text(_page(*page), encoding="utf-8")
    copies = refresh_copies(root / "site", "", root / "copies")
    made = index_shards(copies, root / "parts")
    assert len(made) == 1
    return made[0]


def _fail(what: str, found: Any) -> str:
    return (f"Pagefind's bundle layout changed ({what}: {found!r}); generator/search/bundle.py reads Pagefind "
            f"{', '.join(v + 'x' for v in layout.VERSIONS)}'s layout: update it and its VERSIONS, or keep the pin")


def test_the_version_is_one_the_join_knows(bundle: Path) -> None:
    entry = json.loads((bundle / layout.ENTRY).read_text(encoding="utf-8"))
    assert str(entry.get("version", "")).startswith(layout.VERSIONS), _fail("version", entry.get("version"))


def test_file_names(bundle: Path) -> None:
    top = {p.name for p in bundle.iterdir() if p.is_file()}
    assert top >= RUNTIME, _fail("runtime files", sorted(top))
    metas = [n for n in top if re.fullmatch(r"pagefind\.en_[0-9a-f]+\.pf_meta", n)]
    assert len(metas) == 1, _fail("metadata file", sorted(top))
    assert any(re.fullmatch(r"wasm\.en\.pagefind", n) for n in top), _fail("WebAssembly", sorted(top))
    assert {p.name for p in bundle.iterdir() if p.is_dir()} == {"index", "filter", "fragment"}, \
        _fail("folders", sorted(p.name for p in bundle.iterdir() if p.is_dir()))
    for folder, suffix in (("index", ".pf_index"), ("filter", ".pf_filter"), ("fragment", ".pf_fragment")):
        names = [p.name for p in (bundle / folder).iterdir()]
        assert names and all(re.fullmatch(rf"en_[0-9a-f]+{re.escape(suffix)}", n) for n in names), \
            _fail(folder, names)


def test_the_entry_fields(bundle: Path) -> None:
    entry = json.loads((bundle / layout.ENTRY).read_text(encoding="utf-8"))
    assert set(entry) == {"version", "languages", "include_characters"}, _fail("entry fields", sorted(entry))
    (lang, info), = entry["languages"].items()
    assert lang == "en" and set(info) == {"hash", "wasm", "page_count"}, _fail("language fields", info)
    assert info["page_count"] == len(PAGES) and (bundle / f"pagefind.{info['hash']}.pf_meta").is_file(), \
        _fail("language entry", info)


def _meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / layout.ENTRY).read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    return layout.read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")


def test_the_metadata_file(bundle: Path) -> None:
    meta = _meta(bundle)
    assert isinstance(meta, list) and len(meta) == 6, _fail("metadata", meta)
    version, pages, chunks, filters, sorts, fields = meta
    assert isinstance(version, str) and version.startswith(layout.VERSIONS), _fail("metadata version", version)
    assert len(pages) == len(PAGES) and all(isinstance(n, str) and isinstance(w, int) for n, w in pages), \
        _fail("pages [fragment, word count]", pages)
    assert all(len(c) == 3 and all(isinstance(x, str) for x in c) and (bundle / "index" / f"{c[2]}.pf_index")
               .is_file() for c in chunks), _fail("chunks [first, last, file]", chunks)
    assert [name for name, _ in filters] == ["type"] and (bundle / "filter" / f"{filters[0][1]}.pf_filter").is_file(), \
        _fail("filters [name, file]", filters)
    assert [name for name, _ in sorts] == ["date"] and sorted(sorts[0][1]) == list(range(len(PAGES))), \
        _fail("sorts [name, [page]]", sorts)
    assert "date" in fields and "title" in fields, _fail("meta fields", fields)


def test_the_index_chunks(bundle: Path) -> None:
    meta = _meta(bundle)
    words: dict[str, list[int]] = {}
    for _, _, file in meta[layout._META_CHUNKS]:
        chunk = layout.read_blob(bundle / "index" / f"{file}.pf_index")
        assert isinstance(chunk, list) and len(chunk) == 1, _fail("index chunk", chunk)
        for item in chunk[0]:
            assert len(item) == 3 and isinstance(item[0], str), _fail("word [word, pages, extra]", item)
            word, posts, _ = item
            assert all(len(p) == 3 and isinstance(p[1], list) and isinstance(p[2], list) for p in posts), \
                _fail("page [page, locations, meta locations]", posts)
            steps = [p[0] for p in posts]
            words[word] = [sum(steps[:i + 1]) for i in range(len(steps))]  # each a step from the one before
    pages = [json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
                        [len(layout._SIGNATURE):])["url"] for name, _ in meta[layout._META_PAGES]]
    for word, urls in (("knock", ["/a/"]), ("night", ["/a/", "/c/"]), ("everi", ["/a/", "/b/"])):
        assert sorted(pages[n] for n in words.get(word, [])) == urls, _fail(f"pages of {word!r}", words.get(word))


def test_the_filter_and_fragment_files(bundle: Path) -> None:
    meta = _meta(bundle)
    (name, file), = meta[layout._META_FILTERS]
    data = layout.read_blob(bundle / "filter" / f"{file}.pf_filter")
    assert data[0] == "type" and sorted(v for v, _ in data[1]) == ["guide", "story"], _fail("filter", data)
    for fragment, _ in meta[layout._META_PAGES]:
        raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        assert raw.startswith(layout._SIGNATURE), _fail("fragment signature", raw[:16])
        page = json.loads(raw[len(layout._SIGNATURE):])
        assert set(page) <= layout._FRAGMENT_KEYS and {"url", "content", "meta", "filters"} <= set(page), \
            _fail("fragment fields", sorted(page))


def test_the_search_box_aids_read_every_page(bundle: Path) -> None:
    """generator/search/forgiving.py reads each page's fragment through the metadata's page list, as the join does."""
    entry = json.loads((bundle / layout.ENTRY).read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    try:
        fragments = [Path(path).read_bytes() for _, path in forgiving._fragments(bundle, info)]
        urls = sorted(str(json.loads(gzip.decompress(data)[len(layout._SIGNATURE):])["url"]) for data in fragments)
        words = {word for data in fragments for word in forgiving.page_aids(data, GRAMS_MARK).words}
    except (ValueError, KeyError, TypeError) as error:
        pytest.fail(_fail("pages read by the search box's aids", error))
    assert urls == ["/a/", "/b/", "/c/"], _fail("pages read by the search box's aids", urls)
    assert {"knocked", "household", "warning", "drills"} <= words, _fail("words the search box's aids read", words)
