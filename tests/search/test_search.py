"""Search: gram words, the index stage, and the header search box in headless Chromium on built sites.

The quality set is tests/search_queries.yml; `test_recall` prints the recall
it measures on the sample site and asserts a floor.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import STORY, settings_for
from playwright.sync_api import Browser, Page, expect

from generator.editions import edition
from generator.search import bundle as searchbundle
from generator.search import index as search
from generator.search.bundle import converted_bundle, join_bundles, read_blob
from generator.search.index import (
    BUNDLE,
    ENTRY,
    attached_words,
    encode_char,
    grams,
    index_edition,
    indexed_copy,
    merge_bundles,
    shard_of,
)

HANT = edition("zh-hant")
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
RECALL_FLOOR = 0.95
RECALL_CLASSES = {"name", "place", "compound", "multi-word", "word-form"}
"""The classes of the set `test_recall` measures; tests/search/test_search_quality.py measures every class."""
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def g(text: str) -> str:
    return "g" + "".join(encode_char(c) for c in text)


# --- gram words (pure) ------------------------------------------------------


def test_grams_are_pairs_and_the_last_character() -> None:
    assert grams("孤寡老人") == [g("孤寡"), g("寡老"), g("老人"), g("人")]
    assert grams("社区 abc 老人，网格") == [g("社区"), g("区"), g("老人"), g("人"), g("网格"), g("格")]


@pytest.mark.parametrize("text, query", [
    ("中国农业发展银行", "银行"),
    ("看望辖区的孤寡老人", "老人"),
    ("网格员陈晓丽说", "陈晓丽"),
    ("广州市天河区", "天河"),
    ("楼栋长", "栋"),
])
def test_any_part_of_a_text_is_covered_by_its_grams(text: str, query: str) -> None:
    """What cg-search.js sends for `query` is among the words indexed for `text` (one character: as a prefix)."""
    words = grams(text)
    if len(query) == 1:
        assert any(w.startswith(g(query)) for w in words)
    else:
        wanted = {g(query[i:i + 2]) for i in range(len(query) - 1)}
        assert wanted <= set(words)


def test_words_written_against_chinese_are_kept_for_the_index() -> None:
    text = "共有56栋楼，拨打12345热线。COVID-19期间，ABC新冠 hello 社区 world"
    assert attached_words(text) == ["56", "12345", "COVID-19", "ABC"]  # hello and world: Pagefind's own
    copy = indexed_copy(f'<html lang="zh"><body><div data-pagefind-body><p>{text}</p></div></body></html>')
    assert copy is not None
    assert copy.endswith(f'{" ".join(grams(text))} 56 12345 COVID-19 ABC</p></div></body></html>')


def test_gram_words_have_no_vowel_so_no_stemmer_shortens_them() -> None:
    assert not any(re.search("[aeiouyl]", w) for w in grams("一丁龥豈"))


def test_only_pages_with_a_search_body_are_indexed() -> None:
    assert indexed_copy("<html><body><p>首页</p></body></html>") is None


def test_an_edition_with_nothing_to_index_gets_no_bundle(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("<html lang=zh><body><p>首页</p></body></html>", encoding="utf-8")
    stats = index_edition(tmp_path / "site", "", tmp_path / "work")
    assert stats.pages == 0
    assert not (tmp_path / "work/bundle").exists()


def _story(lang: str, title: str) -> str:
    return (f'<html lang="{lang}"><head><title>x</title></head><body><header>页眉</header><div hidden>'
            f'<span data-pagefind-filter="type">story</span></div><div data-pagefind-body><h1>{title}</h1>'
            f'<p>{title}</p></div></body></html>')


def test_editions_are_indexed_apart_copied_again_only_where_changed_and_merged(tmp_path: Path) -> None:
    pages = {"zh": {"a/index.html": "楼下的林医生", "b/index.html": "孤寡老人"}, "en": {"a/index.html": "Dr Lin"}}
    for lang, files in pages.items():
        for rel, title in files.items():
            (tmp_path / lang / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / lang / rel).write_text(_story(lang, title), encoding="utf-8")
    zh = index_edition(tmp_path / "zh", "", tmp_path / "work-zh")
    en = index_edition(tmp_path / "en", "en/", tmp_path / "work-en")
    assert (zh.pages, zh.copied, en.pages, en.copied) == (2, 2, 1, 1)
    assert (tmp_path / "work-en/copies/0/en/a/index.html").is_file()  # addressed as /en/a/ on the site
    (tmp_path / "zh/b/index.html").unlink()
    (tmp_path / "zh/b/index.html").write_text(_story("zh", "社区网格员"), encoding="utf-8")
    again = index_edition(tmp_path / "zh", "", tmp_path / "work-zh")
    assert (again.pages, again.copied) == (2, 1)
    merge_bundles([tmp_path / "work-zh/bundle", tmp_path / "work-en/bundle"], tmp_path / BUNDLE)
    entry = json.loads((tmp_path / BUNDLE / ENTRY).read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "zh"]
    assert all((tmp_path / BUNDLE / f"pagefind.{info['hash']}.pf_meta").is_file()
               for info in entry["languages"].values())


def _answers(bundle: Path) -> dict[str, object]:
    """What a bundle answers, whatever its page numbers and file names: each word's pages (by address) with
    their locations, each filter value's pages, each sort's keys in order with the pages of each key."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    (lang, info), = entry["languages"].items()
    meta = read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[12:])["url"]
            for name, _ in meta[1]]
    words: dict[str, object] = {}
    for first, last, file in meta[2]:
        for word, posts, extra in read_blob(bundle / "index" / f"{file}.pf_index")[0]:
            assert first <= word and word[:len(last)] <= last, (first, word, last)
            page = 0
            for at, (step, locs, meta_locs) in enumerate(posts):
                page = step if at == 0 else page + step
                words.setdefault(word, []).append((urls[page], locs, meta_locs))  # type: ignore[union-attr]
            assert not extra
    filters = {name: {value: sorted(urls[p] for p in pages)
                      for value, pages in read_blob(bundle / "filter" / f"{file}.pf_filter")[1]}
               for name, file in meta[3]}
    sorts = {}
    for name, pages in meta[4]:
        keys = [json.loads(gzip.decompress((bundle / "fragment" / f"{meta[1][p][0]}.pf_fragment").read_bytes())[12:])
                ["meta"][name] for p in pages]
        assert keys == sorted(keys)
        sorts[name] = {key: sorted(urls[p] for p, k in zip(pages, keys, strict=True) if k == key) for key in keys}
    return {"lang": lang, "pages": sorted(urls), "counts": sorted(c for _, c in meta[1]),
            "words": {w: sorted(v) for w, v in words.items()}, "filters": filters, "sorts": sorts,
            "fields": meta[5], "entry": entry | {"languages": None}}


@pytest.mark.parametrize("edition", ["en", "zh-hant"])
def test_shards_join_into_what_one_run_indexes(sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              edition: str) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 10**6)
    whole = index_edition(sample_site / edition, f"{edition}/", tmp_path / "whole")
    monkeypatch.setattr(search, "SHARD_PAGES", 12)
    shards = index_edition(sample_site / edition, f"{edition}/", tmp_path / "shards")
    assert whole.shards == 1 and shards.shards >= 5 and shards.pages == whole.pages > 25
    joined = _answers(tmp_path / "shards/bundle")
    assert joined == _answers(tmp_path / "whole/bundle")
    assert len(joined["words"]) > 500 and joined["sorts"]  # type: ignore[arg-type]


def _fragments(bundle: Path) -> dict[str, dict[str, object]]:
    """Each page's fragment by address, its text without the gram words and with no word count."""
    pages = {}
    for path in (bundle / "fragment").iterdir():
        page = json.loads(gzip.decompress(path.read_bytes())[12:])
        pages[page.pop("url")] = page | {"content": page["content"].split(search.GRAMS_MARK)[0], "word_count": None}
    return pages


def test_the_traditional_edition_searches_zh_index_converted(sample_site: Path, tmp_path: Path) -> None:
    """zh-Hant's bundle made from zh's finds every page its own index would, and shows the same."""
    index_edition(sample_site / "zh-hant", "zh-hant/", tmp_path / "own")
    shutil.copytree(sample_site, tmp_path / "zh-pages", copy_function=os.link,
                    ignore=lambda folder, _: ["en", "zh-hant"] if Path(folder) == sample_site else [])
    index_edition(tmp_path / "zh-pages", "", tmp_path / "zh", traditional=HANT.convert)
    converted_bundle(tmp_path / "zh/bundle", tmp_path / "converted", "zh-hant", "zh-hant/", HANT.convert)
    own, converted = _answers(tmp_path / "own/bundle"), _answers(tmp_path / "converted")
    for part in ("lang", "pages", "filters", "sorts", "fields", "entry"):
        assert converted[part] == own[part], part
    words: dict[str, list] = converted["words"]  # type: ignore[assignment]
    for word, posts in own["words"].items():  # type: ignore[union-attr]
        if re.search(r"[\u3400-\u9fff]", word):
            continue  # a run of Chinese as Pagefind splits it: the search box asks for gram words only
        assert {url for url, _, _ in posts} <= {url for url, _, _ in words.get(word, [])}, word
    assert len(own["pages"]) > 25 and len(own["filters"]["city"]) > 3  # type: ignore[arg-type,index]
    assert _fragments(tmp_path / "converted") == _fragments(tmp_path / "own/bundle")
    shown = str(_fragments(tmp_path / "converted")["/zh-hant/stories/2022/lingchen-sandian-de-wangge/"]["content"])
    assert "網格" in shown and "网格" not in shown and shown.strip()  # Traditional text, not the gram words


def test_a_converted_bundle_keeps_the_fragments_whose_source_is_unchanged(sample_site: Path, tmp_path: Path) -> None:
    index_edition(sample_site / "en", "en/", tmp_path / "en")  # any bundle converts; en's needs no Chinese

    def convert(key: str, how: Callable[[str], str]) -> dict[str, int]:
        converted_bundle(tmp_path / "en/bundle", tmp_path / "converted", "zh-hant", "zh-hant/", how, key)
        return {path.name: path.stat().st_ino for path in (tmp_path / "converted/fragment").iterdir()}

    first = convert("one", str.upper)
    answers = _answers(tmp_path / "converted")
    assert convert("one", str.upper) == first and _answers(tmp_path / "converted") == answers  # the same files, kept
    assert not set(convert("two", str.lower)) & set(first)
    assert all(str(page["content"]).islower() for page in _fragments(tmp_path / "converted").values())


def test_a_simplified_page_carries_the_gram_words_of_its_traditional_text() -> None:
    copy = indexed_copy(_story("zh", "社区卫生服务站"), HANT.convert)
    assert copy is not None
    assert g("社区") in copy and g("卫生") in copy
    # folded by variant class (search/forgiving.py), the Traditional text's gram words are the Simplified ones
    assert g("社區") not in copy and grams(HANT.convert("社区卫生服务站")) == grams("社区卫生服务站")
    assert indexed_copy(_story("zh", "社区卫生服务站")) == copy


def test_bundles_of_another_pagefind_are_refused_with_a_clear_message(sample_site: Path, tmp_path: Path) -> None:
    index_edition(sample_site / "en", "en/", tmp_path / "work")
    part = tmp_path / "work/parts/0"
    entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
    (part / ENTRY).write_text(json.dumps(entry | {"version": "2.0.0"}), encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"Pagefind 2\.0\.0 wrote .* joins the bundles of Pagefind 1\.5\.x only"):
        join_bundles([part], tmp_path / "joined")


def test_a_changed_page_is_indexed_again_in_its_shard_alone(sample_site: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 12)
    pages = tmp_path / "pages"
    shutil.copytree(sample_site / "en", pages, copy_function=os.link)
    first = index_edition(pages, "en/", tmp_path / "work")
    assert first.changed == frozenset(range(first.shards))
    story = next(pages.glob("stories/*/*/index.html"))
    text = story.read_text(encoding="utf-8").replace("</h1>", " Quokka</h1>", 1)
    story.unlink()
    story.write_text(text, encoding="utf-8")
    rel = "en/" + story.relative_to(pages).as_posix()
    other = next(page for page in pages.glob("stories/*/*/index.html")  # written again as it was, a second later
                 if shard_of("en/" + page.relative_to(pages).as_posix(), first.shards) != shard_of(rel, first.shards))
    same, written = other.read_bytes(), other.stat().st_mtime_ns
    other.unlink()
    other.write_bytes(same)
    os.utime(other, ns=(written + 10**9, written + 10**9))
    again = index_edition(pages, "en/", tmp_path / "work")
    assert (again.copied, again.changed) == (1, frozenset({shard_of(rel, again.shards)}))
    assert any(word.startswith("quokka") for word in _answers(tmp_path / "work/bundle")["words"])  # type: ignore[union-attr]


def _shards(pages: Path, folder: str, work: Path) -> list[Path]:
    """The shard bundles of the edition in `pages`, published below `/<folder>`, made in `work` as the build
    makes them (again where pages changed), not joined."""
    return search.index_shards(search.refresh_copies(pages, folder, work / "copies"), work / "parts")


def _linked(site: Path, pages: Path) -> Path:
    """`site`'s pages in `pages`, linked: change one only by writing a new file (`_edited`)."""
    shutil.copytree(site, pages, copy_function=os.link)
    return pages


def _edited(page: Path, words: str) -> None:
    text = page.read_text(encoding="utf-8").replace("</h1>", f" {words}</h1>", 1)
    page.unlink()
    page.write_text(text, encoding="utf-8")


def _files(bundle: Path) -> dict[str, bytes]:
    """Every file of a bundle by its path, with its bytes."""
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("lang", "words"), [("en", "Quokka sightings"), ("zh-hant", "袋鼠出沒")])
def test_a_join_from_the_last_one_writes_what_a_whole_join_writes(sample_site: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, lang: str,
                                                                 words: str) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 12)
    monkeypatch.setattr(searchbundle, "CHUNK_BYTES", 4_000)  # chunks enough that most are kept
    pages = _linked(sample_site / lang, tmp_path / "pages")
    first = join_bundles(_shards(pages, f"{lang}/", tmp_path / "work"), tmp_path / "first", tmp_path / "cache")
    assert first.kept == 0 and first.chunks > 10
    _edited(sorted(pages.glob("stories/*/*/index.html"))[3], words)
    parts = _shards(pages, f"{lang}/", tmp_path / "work")
    again = join_bundles(parts, tmp_path / "again", tmp_path / "cache")
    join_bundles(parts, tmp_path / "whole")
    assert _files(tmp_path / "again") == _files(tmp_path / "whole") != _files(tmp_path / "first")
    assert 0 < again.kept < again.chunks


@pytest.mark.parametrize("change", ["gains", "loses"])
def test_a_join_after_a_shard_gains_or_loses_a_page_writes_what_a_whole_join_writes(
        sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """A shard's page count changes, so every later shard's pages are numbered anew."""
    pages = _linked(sample_site / "en", tmp_path / "pages")
    count = len(list(pages.rglob("*.html")))
    size = next(size for size in range(10, 20) if len({-(-n // size) for n in (count - 1, count, count + 1)}) == 1)
    monkeypatch.setattr(search, "SHARD_PAGES", size)  # as many shards with a page more or less
    monkeypatch.setattr(searchbundle, "CHUNK_BYTES", 4_000)
    parts = _shards(pages, "en/", tmp_path / "work")
    join_bundles(parts, tmp_path / "first", tmp_path / "cache")

    def page_count(part: Path) -> int:
        return len(read_blob(next(part.glob("*.pf_meta")))[1])

    part = next(part for part in parts[:-1] if page_count(part) > 1)  # it keeps a page, and has a shard after it
    was = page_count(part)

    def in_part(rel: str) -> bool:
        return shard_of(f"en/{rel}", -(-count // size)) == int(part.name)

    page = next(page for page in sorted(pages.rglob("*.html")) if in_part(page.relative_to(pages).as_posix())
                and "data-pagefind-body" in page.read_text(encoding="utf-8"))
    if change == "gains":
        rel = next(rel for rel in (f"stories/2020/copy-{n}/index.html" for n in range(1000)) if in_part(rel))
        (pages / rel).parent.mkdir(parents=True)
        shutil.copyfile(page, pages / rel)
    else:
        page.unlink()
    again = _shards(pages, "en/", tmp_path / "work")
    assert again == parts and page_count(part) == was + (1 if change == "gains" else -1)
    join_bundles(again, tmp_path / "again", tmp_path / "cache")
    join_bundles(again, tmp_path / "whole")
    assert _files(tmp_path / "again") == _files(tmp_path / "whole")


def _damaged(path: Path) -> None:
    """`path` with a byte changed, as a new file (a cached file is a link to a bundle's)."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1:])


@pytest.mark.parametrize("damage", ["record", "chunks", "missing"])
def test_a_damaged_join_cache_gives_a_whole_join_and_is_made_again(sample_site: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   damage: str) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 12)
    monkeypatch.setattr(searchbundle, "CHUNK_BYTES", 4_000)
    pages = _linked(sample_site / "en", tmp_path / "pages")
    join_bundles(_shards(pages, "en/", tmp_path / "work"), tmp_path / "first", tmp_path / "cache")
    cached = sorted((tmp_path / "cache/chunks").iterdir())
    if damage == "record":
        _damaged(tmp_path / "cache/join.cbor")
    elif damage == "chunks":
        for path in cached:
            _damaged(path)
    else:
        for path in cached[::2]:
            path.unlink()
    stories = sorted(pages.glob("stories/*/*/index.html"))
    for at, story in enumerate(stories[3:5]):
        _edited(story, f"Quokka sightings {at}")
        parts = _shards(pages, "en/", tmp_path / "work")
        again = join_bundles(parts, tmp_path / f"again-{at}", tmp_path / "cache")
        join_bundles(parts, tmp_path / f"whole-{at}")
        assert _files(tmp_path / f"again-{at}") == _files(tmp_path / f"whole-{at}")
        assert (again.kept > 0) == (at == 1)  # the damaged cache served nothing; the one made then serves


def test_body_text_reads_pages_as_an_html_parser_does() -> None:
    page = ('<p>页眉</p><DIV data-pagefind-body><h1>标&amp;题</h1><!-- <p>注释</p> -->'
            '<script>var a = "<p>脚本</p>";</script><p>正文<br/>二<span data-pagefind-ignore>忽<b>略</b></span>尾</p>'
            '<div data-pagefind-meta="summary">摘要</div><h1>第二个标题</h1></div><p>页脚</p>')
    text = search._body_text(page)
    assert text is not None
    assert (text.body, text.title, text.summary) == (["标&题", "正文", "二", "尾", "摘要", "第二个标题"], ["标&题"], ["摘要"])
    assert search._body_text("<div><p>没有正文</p></div>") is None


def test_the_indexed_copy_keeps_the_language_and_drops_the_header() -> None:
    copy = indexed_copy(_story("zh-Hant", "樓下的林醫生"))
    assert copy is not None
    assert copy.startswith('<!doctype html><html lang="zh-Hant"><body>')
    assert "页眉" not in copy and 'data-pagefind-filter="type"' in copy


def test_indexed_copy_adds_summary_and_grams_of_the_body_only() -> None:
    page = ('<html lang="zh"><body><nav>导航栏</nav><div hidden><span data-pagefind-meta="summary">穿脱防护服'
            '</span></div><div data-pagefind-body><h1>楼下的林医生</h1><p>上门<script>var 脚本;</script>随访'
            '<span data-pagefind-ignore>忽略</span></p></div></body></html>')
    copy = indexed_copy(page)
    assert copy is not None
    added = copy[copy.index("</div></body>") - 2000:]
    assert "<p>穿脱防护服</p>" in copy
    assert f'<p data-pagefind-weight="5.0">{" ".join(grams("楼下的林医生"))}</p>' in copy
    for word in ("防护", "随访", "上门", "医生"):
        assert g(word) in added
    for word in ("导航", "脚本", "忽略"):
        assert g(word) not in copy


# --- browser ----------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A page left while it loads drops its connections; that is not a failure of the site."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[[Path], str]]:
    """`serve(folder)`: the folder over HTTP on 127.0.0.1; returns the base address, ending with `/`."""
    servers: list[_Server] = []

    def start(folder: Path) -> str:
        server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base(sample_site: Path, serve: Callable[[Path], str]) -> str:
    return serve(sample_site)


class Requests:
    """Every request a tab made: the check that nothing goes to another host, and bytes per request."""

    def __init__(self, page: Page, base: str):
        self.own = urlsplit(base).netloc
        self.urls: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("pageerror", lambda err: self.errors.append(str(err)))

    def foreign(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).scheme.startswith("http") and urlsplit(u).netloc != self.own]


@pytest.fixture
def tab(browser: Browser, base: str) -> Iterator[tuple[Page, Requests]]:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    requests = Requests(page, base)
    yield page, requests
    assert not requests.foreign(), requests.foreign()
    assert not requests.errors, requests.errors
    context.close()


def found(page: Page, query: str, filters: dict[str, str] | None = None) -> list[str]:
    """What the search box finds, as addresses below the site root."""
    return page.evaluate("([q, f]) => window.cgSearch.urls(q, f)", [query, filters or {}])


def test_javascript_writes_queries_as_python_indexes(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base)
    for query in ("孤寡老人", "老", "陈晓丽 网格", "Chen Xiaoli 天河区", "𠀀"):
        expected = re.sub(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+",
                          lambda m: " " + " ".join(w for w in grams(m.group())
                                                   if len(m.group()) == 1 or len(w) == 9) + " ", query)
        assert page.evaluate("q => window.cgSearch.pagefindQuery(q)", query) == " ".join(expected.split())


def test_recall(tab: tuple[Page, Requests], base: str) -> None:
    """Each query of the quality set on its language's site; recall over all expected pages."""
    page, _ = tab
    expected = hits = 0
    misses = []
    for lang, home in (("zh", ""), ("en", "en/")):
        page.goto(base + home)
        for case in (c for c in QUERIES[lang] if c["class"] in RECALL_CLASSES):
            results = set(found(page, case["q"]))
            for url in case["expect"]:
                expected += 1
                if url in results:
                    hits += 1
                else:
                    misses.append(f"{case['q']} → {url}")
            assert all(r.startswith("en/") == (lang == "en") for r in results), f"{case['q']}: other language"
    recall = hits / expected
    print(f"\nsearch recall: {hits}/{expected} = {recall:.3f} "
          f"({len(QUERIES['zh'])} Chinese and {len(QUERIES['en'])} English queries); missed: {misses}")
    assert len(QUERIES["zh"]) >= 40 and len(QUERIES["en"]) >= 20
    assert recall >= RECALL_FLOOR, misses


def test_traditional_edition_searches_its_own_pages(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base + "zh-hant/")
    assert {"zh-hant/workers/chen-xiaoli/", "zh-hant/stories/2022/lingchen-sandian-de-wangge/"} <= set(
        found(page, "陳曉麗"))
    assert set(found(page, "孤寡老人")) == {"zh-hant/workers/deng-zhiwei/"}


def test_chinese_editions_find_either_script(tab: tuple[Page, Requests], base: str) -> None:
    """Both Chinese editions search one index holding both scripts' gram words."""
    page, _ = tab
    for home, query in (("", "陳曉麗"), ("zh-hant/", "陈晓丽")):
        page.goto(base + home)
        assert {f"{home}workers/chen-xiaoli/", f"{home}stories/2022/lingchen-sandian-de-wangge/"} <= set(
            found(page, query))


def test_filters_alone_list_pages(tab: tuple[Page, Requests], base: str) -> None:
    """The honour roll and the story lists by filter, without a word typed; stories newest first."""
    page, _ = tab
    for case in QUERIES["filters"]:
        page.goto(base + ("en/" if case["lang"] == "en" else ""))
        results = found(page, "", case["filters"])
        assert set(case["expect"]) <= set(results), (case, results)
        types = {"story": "stories/", "worker": "workers/"}
        prefix = ("en/" if case["lang"] == "en" else "") + types[case["filters"]["type"]]
        assert all(r.startswith(prefix) for r in results), results


def test_list_pages_link_to_their_filters(tab: tuple[Page, Requests], base: str, sample_site: Path) -> None:
    """The story list and the honour roll open the search box with only the type filter set."""
    page, _ = tab
    stories = {p.parent.relative_to(sample_site).as_posix() + "/" for p in sample_site.glob("stories/*/*/index.html")}
    for start, kind, expected in (("stories/", "story", stories), ("honors/", "worker", None)):
        page.goto(base + start)
        page.locator(f'a.cg-search-link[href="?type={kind}"]').click()
        page.wait_for_url(f"**/{start}?type={kind}")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.locator("#__search").is_checked()
        assert page.locator('select[data-cg-filter="type"]').input_value() == kind
        if expected is not None:
            assert set(found(page, "", {"type": kind})) == expected
            assert page.locator(".md-search-result__meta").inner_text() == f"找到 {len(expected)} 条结果"


def test_a_word_in_no_page_finds_nothing(tab: tuple[Page, Requests], base: str, sample_site: Path) -> None:
    """Pagefind would answer an unknown word with its neighbours in the index; the box does not."""
    page, _ = tab
    page.goto(base)
    absent = "鳄鱼潜艇"
    assert not any(absent in p.read_text(encoding="utf-8") for p in sample_site.rglob("*.html"))
    assert found(page, absent) == []
    assert found(page, "陈晓丽 鳄鱼") == []


def test_words_inside_compounds(tree: Callable[..., Path], serve: Callable[[Path], str], browser: Browser) -> None:
    """The issue's own examples: 银行 finds 中国农业发展银行, 老人 finds 孤寡老人."""
    from generator.build import build

    root = tree({"stories/2022/grid-night/index.zh.md": STORY.replace(
        "那天夜里，网格员逐户敲门。", "那天夜里，网格员逐户敲门，又陪中国农业发展银行的志愿者看望孤寡老人。")})
    build(settings_for(root))
    site = root / "site"
    assert (site / BUNDLE / "pagefind.js").exists()
    page = browser.new_page()
    page.goto(serve(site))
    for query in ("银行", "发展银行", "老人", "孤寡", "寡老", "晓丽", "天河", "华景"):
        assert "stories/2022/grid-night/" in found(page, query), query
    assert found(page, "人民银行") == []
    page.close()
    bundle = b"".join(gzip.decompress(p.read_bytes()) for p in (site / BUNDLE).rglob("*")
                      if p.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"))
    assert "华景社区".encode() in bundle
    for internal in ("44010619850312002X", "13912345678", "内部复核意见甲乙丙"):
        assert internal.encode() not in bundle
    assert not any(w.encode() in bundle for w in grams("甲乙丙"))  # the reviewer's note, as gram words


def test_search_box_from_the_keyboard(tab: tuple[Page, Requests], base: str) -> None:
    page, requests = tab
    page.goto(base + "stories/2022/lingchen-sandian-de-wangge/")
    field = page.locator(".md-search__input")
    page.keyboard.press("/")
    assert field.evaluate("el => el === document.activeElement")
    assert page.locator("#__search").is_checked()
    field.press_sequentially("林医生")
    first = page.locator(".md-search-result__item").first
    expect(page.locator(".md-search-result__list")).to_contain_text("林医生")  # after the last key's results
    assert page.locator(".md-search-result__list mark").count() > 0
    field.press("ArrowDown")
    assert first.locator("a").evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    assert field.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/(workers/lin-zhiqiang|stories/2023/louxia-de-lin-yisheng)/$"))
    page.keyboard.press("s")
    page.locator(".md-search__input").press("Escape")
    assert not page.locator("#__search").is_checked()


def test_search_box_on_a_phone(browser: Browser, base: str) -> None:
    context = browser.new_context(**PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    requests = Requests(page, base)
    page.goto(base + "en/guides/")
    field = page.locator(".md-search__input")
    panel = "() => document.querySelector('.md-search__inner').getBoundingClientRect().height"
    assert page.evaluate(panel) == 0
    page.locator("label.cg-search__open").tap()
    page.wait_for_function(f"() => ({panel})() > 400")
    assert field.evaluate("el => el === document.activeElement")
    field.fill("volunteers")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator(".md-search-result__item").first.is_visible()
    assert "/en/" in page.locator(".md-search-result__link").first.get_attribute("href")
    page.locator(".cg-search__summary").tap()
    page.locator('select[data-cg-filter="type"]').select_option("story")
    page.wait_for_function("() => [...document.querySelectorAll('.md-search-result__link')]"
                           ".every(a => a.href.includes('/en/stories/'))")
    assert not requests.foreign() and not requests.errors
    context.close()


def test_filter_labels_come_from_the_strings(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base)
    page.locator(".md-search__input").focus()
    page.wait_for_function("() => document.querySelector('select[data-cg-filter=type]').options.length > 1")
    options = page.locator('select[data-cg-filter="type"] option').all_inner_texts()
    assert {"全部", "守护故事", "先进典型", "防控指南", "荣誉榜", "各地市", "评选表彰"} <= set(options)
    roles = page.locator('select[data-cg-filter="role"] option').all_inner_texts()
    assert "网格员" in roles


def test_bytes_per_query_are_bounded(browser: Browser, base: str) -> None:
    """Loading search and running one query downloads the chunks it needs, not the whole index."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
    page.goto(base)
    page.locator(".md-search__input").fill("网格员")
    page.locator(".md-search-result__item").first.wait_for()
    total = sum(sizes.values())
    print(f"\nbytes for one query on the sample site: {total} in {len(sizes)} files")
    assert total < 500_000
    context.close()


# --- what is indexed of a page (pure) ---------------------------------------


def _page_with_facts(lang: str, title: str, facts: dict[str, str], text: str) -> str:
    rows = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts.items())
    return (f'<html lang="{lang}"><body><div data-pagefind-body><h1>{title}</h1>'
            f'<dl class="cg-facts" data-pagefind-ignore data-cg-search-text>{rows}</dl><p>{text}</p></div>'
            f'</body></html>')


def test_a_facts_list_is_searched_by_its_values_never_its_labels() -> None:
    page = _page_with_facts("zh", "楼下的林医生", {"日期": "2023年3月5日", "城市": "<a href='x'>佛山市</a>",
                                                "作者": "李明", "文号": '粤民函〔2022〕35号<span hidden>备用</span>'},
                            "林医生每周上门随访。")
    copy = indexed_copy(page)
    assert copy is not None
    read = search._body_text(copy)  # the text Pagefind reads of the copy, as it reads it
    assert read is not None
    shown, added = " ".join(read.body).split(search.GRAMS_MARK)
    assert shown.split() == ["楼下的林医生", "林医生每周上门随访。"]  # excerpts are cut from this: no facts
    assert " 2023年3月5日 佛山市 李明 粤民函〔2022〕35号 备用 " in added
    for word in ("佛山", "李明", "民函", "备用", "随访"):
        assert g(word) in added, word
    for label in ("日期", "城市", "作者", "文号"):
        assert g(label) not in copy, label
    assert {"2022", "35"} <= set(added.split())  # the number's digits, for the box's exact check


def test_english_facts_values_are_searched_words() -> None:
    page = _page_with_facts("en", "Notice on community prevention", {
        "Document number": 'Yue Min Han [2022] No. 35<span hidden>粤民函〔2022〕35号</span>',
        "Issuer": "Department of Civil Affairs"}, "Text of the notice.")
    copy = indexed_copy(page)
    assert copy is not None
    read = search._body_text(copy)
    assert read is not None
    shown, added = " ".join(read.body).split(search.GRAMS_MARK)
    assert "Yue Min Han" not in shown and "Document number" not in added
    assert " Yue Min Han [2022] No. 35 粤民函〔2022〕35号 Department of Civil Affairs " in added
    assert g("粤民") in added and g("民函") in added


@pytest.mark.parametrize("title, markers", [
    ("陈晓丽", [g("陈晓") + "qx", g("晓丽") + "qx", g("丽") + "qx"]),
    ("Chen Xiaoli, 2022", ["chenqx", "xiaoliqx", "2022qx"]),
    ("Ｇｒｉｄ 网格员", [g("网格") + "qx", g("格员") + "qx", g("员") + "qx", "gridqx"]),
])
def test_title_words_are_marked_for_the_title_first_order(title: str, markers: list[str]) -> None:
    assert search.title_markers(title) == markers
    copy = indexed_copy(_story("zh", title))
    assert copy is not None and f"<p>{' '.join(markers)}</p>" in copy


def test_only_the_title_is_marked() -> None:
    copy = indexed_copy(_page_with_facts("zh", "林医生", {"城市": "佛山市"}, "陈晓丽说"))
    assert copy is not None
    assert g("林医") + "qx" in copy
    assert not any(g(word) + "qx" in copy for word in ("陈晓", "晓丽", "佛山"))


# --- marks inside Latin words (issue 19, point 8) -------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("The grid at 3 a.m.", "The grid at 3 am."),
    ("one building's group chat", "one buildings group chat"),
    ("one building’s group chat", "one buildings group chat"),
    ("Twenty-one days", "Twentyone days"),
    ("Twenty\u2011one days", "Twentyone days"),
    ("O’Brien and U.S. rules", "OBrien and US. rules"),
    ("at 12:40, 3.5 km", "at 1240, 35 km"),
    ("COVID-19 020-12345678 No. 35", "COVID-19 020-12345678 No. 35"),
    ("“社区”防控 don't", "“社区”防控 dont"),
])
def test_marks_inside_a_word_are_dropped_as_pagefind_drops_them(text: str, expected: str) -> None:
    assert search.joined(text) == expected


def test_a_hyphenated_title_word_is_marked_whole_and_in_parts() -> None:
    markers = search.title_markers("Twenty-one days of one building's group chat, 3 a.m.")
    for word in ("twentyone", "twenty", "one", "buildings", "am"):
        assert word + "qx" in markers


def test_javascript_joins_words_as_python_does(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base + "en/")
    for query in ("The grid at 3 a.m.", "Twenty-one days of one building’s group chat", "12:40 a.m.",
                  "COVID-19 020-12345678", "isn't"):
        expected = " ".join(re.sub(r"[^\w\s]", " ", search.joined(query)).split())
        assert page.evaluate("q => window.cgSearch.pagefindQuery(q)", query) == expected


def test_facts_values_are_weighted_above_the_text() -> None:
    copy = indexed_copy(_page_with_facts("zh", "梁建国", {"岗位": "楼栋长"}, "他在社区工作"))
    assert copy is not None
    weighted = re.findall(rf'<p data-pagefind-weight="{search.FACTS_WEIGHT}">([^<]*)</p>', copy)
    assert "楼栋长" in weighted[0] and "岗位" not in weighted[0]
    assert g("楼栋") in weighted[1].split() and g("栋长") in weighted[1].split()
    assert g("社区") not in weighted[1].split() and g("岗位") not in copy


@pytest.mark.parametrize("page, listed", [
    ("cities/shenzhen/index.html", "cg-card"),
    ("themes/mobilisation/index.html", "cg-list"),
    ("honors/cities/shenzhen/index.html", "cg-card__meta"),
])
def test_a_listing_page_is_searched_by_its_own_text(sample_site: Path, page: str, listed: str) -> None:
    """A city's or theme's lists, and an honour roll's lines under each name, are the listed pages' text: present
    on the page, absent from what Pagefind reads of it (a roll keeps the names)."""
    html = (sample_site / page).read_text(encoding="utf-8")
    assert listed in html
    copy = indexed_copy(html)
    assert copy is not None
    read = search._body_text(copy)
    assert read is not None
    shown = " ".join(read.body).split(search.GRAMS_MARK)[0]
    listed_text = re.findall(rf'class="{listed}[^"]*"[^>]*>(.*?)</', html, re.S)
    words = [w for w in (re.sub(r"<[^>]+>", " ", t).strip() for t in listed_text) if len(w) > 3]
    assert words and not any(w in shown for w in words)
    if page.startswith("honors/"):
        names = re.findall(r'class="cg-card__title">(?:<a [^>]*>)?([^<]+)<', html)
        assert names and all(name in shown for name in names)
