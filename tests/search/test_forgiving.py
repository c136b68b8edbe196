"""Forgiving input (generator/search/forgiving.py, theme/assets/cg-search.js): folding, Latin words one edit away,
homophone suggestions, highlights across scripts; pure parts first, then the header box in Chromium on a small tree."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import STORY, STORY_EN, WORKER, settings_for
from playwright.sync_api import Browser, Page, expect
from test_search import Requests, serve  # noqa: F401 - the fixture

from generator.cache import PickledRecord, digest
from generator.editions import edition
from generator.search import forgiving
from generator.search.bundle import ENTRY, blob, read_blob
from generator.search.forgiving import (
    AIDS,
    AidsCache,
    fold_chars,
    fold_table,
    folded,
    homophone_table,
    key_shard,
    latin_words,
    link_aids,
    nfkc_words,
    page_aids,
    query_readings,
    variant_classes,
    words_by_length,
    write_aids,
)
from generator.search.index import BUNDLE, GRAMS_MARK, grams, indexed_copy

HANT = edition("zh-hant")

# --- folding (pure) ---------------------------------------------------------


@pytest.mark.parametrize("typed, written", [
    ("ｇｒｉｄ", "grid"), ("ＧＲＩＤ", "GRID"), ("２０２２", "2022"), ("ｖｏｌｕｎｔｅｅｒｓ", "volunteers"),
    ("穿著", "穿着"), ("這裡", "这里"), ("這裏", "这里"), ("臺風", "台风"), ("颱風", "台风"), ("陳曉麗", "陈晓丽"),
    ("社區衞生", "社区卫生"), ("“社区”防控", "“社区防控"), ("暖心「驿站」", "暖心驿站」"), ("《条例》第三条", "《条例第三条"),
    ("村（居）委会", "村居委会"), ("梁·建国", "梁建国"), ("老人、儿童", "老人儿童"),
])
def test_typed_forms_fold_to_the_written_one(typed: str, written: str) -> None:
    assert folded(typed) == folded(written)


@pytest.mark.parametrize("text", ["社区，防控", "社区。防控", "社区 防控", "社区：防控", "社区！防控", "社区;防控"])
def test_sentence_marks_and_spaces_still_end_a_phrase(text: str) -> None:
    assert re.findall(r"[\u4e00-\u9fff]+", folded(text)) == ["社区", "防控"]


def test_every_variant_class_has_a_simplified_representative_and_distinct_characters_stay_apart() -> None:
    classes = variant_classes()
    assert classes["著"] == "着" and classes["裡"] == classes["裏"] == "里" and classes["臺"] == classes["颱"] == "台"
    assert "着" not in classes and "里" not in classes  # representatives map to nothing
    assert folded("老") == "老" and folded("人") == "人" and folded("网格员") == "网格员"
    assert folded("陈") != folded("程") and folded("晓") != folded("小")


def test_the_fold_table_gives_back_the_variant_classes() -> None:
    assert fold_chars(fold_table()) == {ord(char): rep for char, rep in variant_classes().items()}


def test_gram_words_of_either_form_are_the_same() -> None:
    for one, other in (("穿著防護服", "穿着防护服"), ("這裡", "这里"), ("臺風過後", "台风过后"), ("陳曉麗", "陈晓丽")):
        assert grams(one) == grams(other)
    assert grams("社区里的“暖心驿站”") == grams("社区里的暖心驿站")
    assert grams("“社区”防控") == grams("社区防控") == grams("「社区」防控")
    assert not set(grams("社区，防控")) >= set(grams("社区防控")[:3])  # 区防 is no pair across a comma


def test_full_width_words_on_a_page_are_indexed_in_their_nfkc_form() -> None:
    assert nfkc_words("共有５６栋楼，ＧＲＩＤ系统 abc") == ["56", "GRID"]
    assert nfkc_words("共有56栋楼 GRID") == []
    copy = indexed_copy('<html lang="zh"><body><div data-pagefind-body><p>ＧＲＩＤ系统，共２０２２户</p></div>'
                        "</body></html>")
    assert copy is not None
    assert re.search(r"<p>[^<]* GRID 2022</p></div></body>", copy)


# --- Latin words and homophones (pure) ----------------------------------------


def test_latin_words_are_five_letters_or_more_by_length_most_frequent_first() -> None:
    count = latin_words(["Volunteers knock on doors.", "The VOLUNTEERS’ register", "ｒｅｇｉｓｔｅｒ, 网格 grid"])
    assert count == Counter({"volunteers": 2, "register": 2, "knock": 1, "doors": 1})
    assert words_by_length(count) == {5: "doors knock", 8: "register", 10: "volunteers"}


def test_a_name_is_found_by_the_reading_of_a_query_one_homophone_away() -> None:
    names = ["陈晓丽", "凌晨三点的网格", "天河区"]
    table = homophone_table(names, [folded(n) for n in names])
    shards = table.shards
    assert sum(len(s) for s in shards) == 3
    key = "chen xiao li"
    assert shards[key_shard(key, len(shards))][key] == ["陈晓丽"]
    assert key in query_readings("陈小丽", table.syllables)
    assert "ling chen san dian de wang ge" in query_readings("凌晨三点的网阁", table.syllables)
    assert query_readings("王小明", table.syllables) == []  # wang is a syllable of the table, ming is not
    assert "小" in table.syllables["xiao"] and "晓" in table.syllables["xiao"]
    assert "明" not in "".join(table.syllables.values())


def test_shards_spread_by_reading() -> None:
    assert len({key_shard(f"chen xiao {s}", 7) for s in ("li", "ming", "hong", "hua", "yan", "fang")}) > 2
    assert key_shard("chen xiao li", 1) == 0


# --- the box in Chromium, on a small tree -------------------------------------

ZH_TEXT = ("那天夜里，网格员逐户敲门。居民穿着防护服在这里排队，台风过后，“社区”防控不松懈。"
           "社区里的暖心驿站共有５６栋楼，使用Guardian系统和ＧＲＩＤ台账登记。")
EN_TEXT = ("That night the grid worker knocked on every door. Volunteers checked the neighbourhood register "
           "at the Ｗｉｌｌｏｗ checkpoint.")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import base_tree, record_notices, write_tree

    from generator.build import build

    files = base_tree() | {
        "stories/2022/grid-night/index.zh.md": STORY.replace("那天夜里，网格员逐户敲门。", ZH_TEXT),
        "stories/2022/grid-night/index.en.md": STORY_EN.replace("That night the grid worker knocked on every door.",
                                                                EN_TEXT),
        "content/workers/chen-xiaoli/index.zh.md": WORKER,
    }
    root = record_notices(write_tree(tmp_path_factory.mktemp("forgiving") / "root", files))
    build(settings_for(root))
    return root / "site"


@pytest.fixture(scope="module")
def base(site: Path, serve: Callable[[Path], str]) -> str:  # noqa: F811 - the fixture
    return serve(site)


@pytest.fixture
def tab(browser: Browser, base: str) -> Iterator[tuple[Page, Requests]]:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    requests = Requests(page, base)
    yield page, requests
    assert not requests.foreign(), requests.foreign()
    assert not requests.errors, requests.errors
    context.close()


STORY_URL = "stories/2022/grid-night/"
WORKER_URL = "workers/chen-xiaoli/"


def answered(page: Page, query: str) -> dict[str, object]:
    return page.evaluate("q => window.cgSearch.answered(q)", query)


def urls(page: Page, query: str) -> list[str]:
    return page.evaluate("q => window.cgSearch.urls(q)", query)


def test_javascript_folds_as_python_does(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base)
    every = "".join(variant_classes()) + "".join(set(variant_classes().values()))
    texts = [every, "ｇｒｉｄ ２０２２ ＡＢＣ", "“社区”防控", "暖心「驿站」", "村（居）委会", "梁·建国", "老人、儿童", "社区，防控",
             "a “b” 社“c”", "\uf900\uf901 豈更", "穿著防護服的這裡"]
    js = page.evaluate("async (ts) => Promise.all(ts.map((t) => window.cgSearch.folded(t)))", texts)
    assert js == [folded(t) for t in texts]


@pytest.mark.parametrize("home", ["", "zh-hant/"])
def test_variant_and_full_width_queries_find_the_page_in_both_chinese_editions(
        tab: tuple[Page, Requests], base: str, home: str) -> None:
    page, _ = tab
    page.goto(base + home)
    for query in ("穿著防護服", "穿着防护服", "這裡排隊", "這裏排队", "臺風過後", "颱風过后", "台风过后", "ＧＲＩＤ台账",
                  "ｇｒｉｄ", "grid", "５６栋楼", "56栋", "Guardian"):
        assert f"{home}{STORY_URL}" in urls(page, query), query
    for absent in ("穿著潛水服", "颱風來了", "ｚｚｚｚｚｚ"):
        assert urls(page, absent) == [], absent


def test_full_width_queries_and_page_words_on_the_english_edition(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base + "en/")
    for query in ("ｎｅｉｇｈｂｏｕｒｈｏｏｄ", "Ｖｏｌｕｎｔｅｅｒｓ", "willow", "Willow", "ｗｉｌｌｏｗ"):
        assert f"en/{STORY_URL}" in urls(page, query), query


@pytest.mark.parametrize("query, page_text", [
    ("社区防控", "“社区”防控"), ("“社区”防控", "“社区”防控"), ("「社区」防控", "“社区”防控"), ("暖心“驿站”", "暖心驿站"),
    ("《暖心驿站》", "暖心驿站"), ("里的“暖心”驿站", "里的暖心驿站"),
])
def test_marks_inside_a_chinese_phrase_are_ignored(tab: tuple[Page, Requests], base: str, query: str,
                                                   page_text: str) -> None:
    page, _ = tab
    page.goto(base)
    assert page_text in ZH_TEXT
    assert STORY_URL in urls(page, query)


def test_marks_do_not_join_what_a_sentence_mark_parts(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base)
    assert urls(page, "排队台风") == []  # written 排队，台风: the comma ends the phrase
    assert STORY_URL in urls(page, "排队，台风")


@pytest.mark.parametrize("home, query, fixed", [
    ("en/", "nieghbourhood", "neighbourhood"),  # two letters swapped
    ("en/", "neighbourhod", "neighbourhood"),  # one dropped
    ("en/", "regiser", "register"),
    ("en/", "registwer", "register"),  # one added
    ("en/", "checkpiont", "checkpoint"),
    ("en/", "Chen Xaioli", "Chen xiaoli"),  # pinyin, the other word kept
    ("", "Guardain", "guardian"),
    ("zh-hant/", "Gaurdian", "guardian"),
])
def test_latin_words_one_edit_away_are_corrected(tab: tuple[Page, Requests], base: str, home: str, query: str,
                                                 fixed: str) -> None:
    page, _ = tab
    page.goto(base + home)
    got = answered(page, query)
    assert got["corrected"] == fixed, got
    expected = f"{home}{WORKER_URL}" if "Chen" in query else f"{home}{STORY_URL}"
    assert expected in got["urls"], got  # type: ignore[operator]


@pytest.mark.parametrize("home, query", [
    ("en/", "zzzzzz"), ("en/", "crocodile"), ("en/", "nieghbourhoood"), ("en/", "Xaoil"),  # two edits
    ("en/", "Chne"), ("en/", "dorr"), ("en/", "Xaoil Chne"),  # four letters: never corrected
    ("en/", "Xaioli Chne"),  # the long word corrected, the short one on no page: nothing (issue 19, point 3)
    ("en/", "Xiaoliiii"), ("en/", "Chen Xiaoliiii"), ("", "zzzzzz"), ("", "Gaurdain"), ("zh-hant/", "Guardianship"),
])
def test_words_far_from_every_word_of_the_site_are_not_corrected(tab: tuple[Page, Requests], base: str, home: str,
                                                                  query: str) -> None:
    """Whatever Pagefind answers for them (point 3 of issue 19 is another part), no correction adds results."""
    page, _ = tab
    page.goto(base + home)
    got = answered(page, query)
    assert (got["corrected"], got["suggestion"]) == (None, None), got
    assert got["urls"] == page.evaluate("q => window.cgSearch.urls(q, {}, false)", query)


@pytest.mark.parametrize("home, query", [("en/", "zzzzzz"), ("en/", "crocodile"), ("", "zzzzzz"), ("", "Gaurdain"),
                                         ("en/", "nieghbourhoood")])
def test_absent_words_still_find_nothing(tab: tuple[Page, Requests], base: str, home: str, query: str) -> None:
    page, _ = tab
    page.goto(base + home)
    assert answered(page, query) == {"urls": [], "corrected": None, "suggestion": None}


@pytest.mark.parametrize("home, query, suggestion", [
    ("", "陈小丽", "陈晓丽"), ("", "陈晓立", "陈晓丽"), ("", "晨晓丽", "陈晓丽"), ("", "陈小麗", "陈晓丽"),
    ("zh-hant/", "陳小麗", "陳曉麗"), ("zh-hant/", "陈小丽", "陳曉麗"),
    ("", "凌晨三点的网阁", "凌晨三点的网格"), ("zh-hant/", "凌晨三點的網閣", "凌晨三點的網格"),
])
def test_a_chinese_query_one_homophone_away_from_a_name_or_title_gets_a_suggestion(
        tab: tuple[Page, Requests], base: str, home: str, query: str, suggestion: str) -> None:
    page, _ = tab
    page.goto(base + home)
    assert answered(page, query) == {"urls": [], "corrected": None, "suggestion": suggestion}


@pytest.mark.parametrize("query", ["王小明", "程小李", "陈小", "陈晓丽丽", "鳄鱼潜艇", "小丽"])
def test_no_suggestion_for_what_is_not_one_homophone_away(tab: tuple[Page, Requests], base: str, query: str) -> None:
    page, _ = tab
    page.goto(base)
    assert answered(page, query)["suggestion"] is None


def test_the_box_shows_the_suggestion_and_searches_it(tab: tuple[Page, Requests], base: str) -> None:
    page, _ = tab
    page.goto(base)
    field = page.locator(".md-search__input")
    page.keyboard.press("/")
    field.press_sequentially("陈小丽")
    hint = page.locator(".cg-search__hint")
    expect(hint).to_have_text("您是不是要找：陈晓丽")  # a shorter query's hint may show first
    assert page.locator(".md-search-result__meta").inner_text() == "没有找到相关内容"
    page.locator(".cg-search__suggestion").click()
    page.locator(".md-search-result__item").first.wait_for()
    assert field.input_value() == "陈晓丽" and hint.is_hidden()
    page.goto(base + "en/")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("nieghbourhood")
    expect(page.locator(".cg-search__hint")).to_have_text("Showing results for “neighbourhood”")
    page.locator(".md-search-result__item").first.wait_for()
    assert "neighbourhood" in page.locator(".md-search-result__list mark").all_inner_texts()


@pytest.mark.parametrize("home, query, marked", [
    ("zh-hant/", "穿着防护服", HANT.convert("穿着防护服")), ("zh-hant/", "穿著防護服", HANT.convert("穿着防护服")), ("zh-hant/", "台风过后", "颱風過後"), ("zh-hant/", "网格员", "網格員"),
    ("", "穿著防護服", "穿着防护服"), ("", "颱風過後", "台风过后"), ("", "ＧＲＩＤ", "ＧＲＩＤ"), ("", "grid", "ＧＲＩＤ"),
])
def test_highlights_follow_the_query_across_scripts(tab: tuple[Page, Requests], base: str, home: str, query: str,
                                                    marked: str) -> None:
    page, _ = tab
    page.goto(base + home + STORY_URL)
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially(query)
    story = f'.md-search-result__link[href$="/{STORY_URL}"]'
    # Results come after every key, so the marks of a shorter query may show first: wait for the whole query's.
    shown = "([link, marked]) => [...document.querySelectorAll(link)].some(a => " \
            "[...a.querySelectorAll('mark')].map(m => m.textContent).join('').includes(marked))"
    page.wait_for_function(shown, arg=[story, marked])
    assert marked in "".join(page.locator(story).locator("mark").all_inner_texts())


def test_aid_files_are_small_and_hold_only_what_the_site_shows(site: Path) -> None:
    bundle = site / BUNDLE
    aids = json.loads((bundle / AIDS).read_text(encoding="utf-8"))
    names = [aids["fold"], aids["pinyin"]] + [name for lang in aids["languages"].values()
                                              for name in [*lang["words"].values(), *lang.get("names", [])]]
    sizes = {name: (bundle / name).stat().st_size for name in names}
    print(f"\naid files: {sizes}")
    assert sizes[aids["fold"]] < 30_000 and all(size < 8_000 for name, size in sizes.items() if name != aids["fold"])
    assert set(aids["languages"]) == {"zh", "zh-hant", "en"} and "names" not in aids["languages"]["en"]
    text = "".join((bundle / name).read_text(encoding="utf-8") for name in names if name != aids["fold"])
    for internal in ("44010619850312002X", "13912345678", "内部复核意见甲乙丙", "甲乙丙"):
        assert internal not in text
    zh = "".join((bundle / n).read_text(encoding="utf-8") for n in aids["languages"]["zh"]["names"])
    assert "陈晓丽" in zh and "凌晨三点的网格" in zh and "陳曉麗" not in zh
    assert set(json.loads((bundle / aids["languages"]["en"]["words"]["8"]).read_text(encoding="utf-8")).split()) >= {
        "register"}


# --- the aid files, made again from what the last build kept -------------------

CHINESE = ("zh", "zh-hant")


def _meta(bundle: Path, lang: str) -> list[Any]:
    return read_blob(bundle / f"pagefind.{_entry(bundle)['languages'][lang]['hash']}.pf_meta")


def _entry(bundle: Path) -> dict[str, Any]:
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


def _fragment(bundle: Path, name: str) -> Path:
    return bundle / "fragment" / f"{name}.pf_fragment"


def _rewritten(path: Path, change: Callable[[dict[str, Any]], None]) -> bytes:
    """The fragment file at `path` with its page changed by `change`, as Pagefind writes one."""
    data = gzip.decompress(path.read_bytes())
    at = data.index(b"{")
    page = json.loads(data[at:])
    change(page)
    return gzip.compress(data[:at] + json.dumps(page, ensure_ascii=False).encode("utf-8"), mtime=0)


def _zh_page(page: dict[str, Any]) -> None:
    page["meta"]["title"] = "凌晨四点的网格"
    page["content"] = f"Lighthouse keepers wrote this. {page['content']}"


def _en_page(page: dict[str, Any]) -> None:
    page["content"] = f"Lantern carriers walked the towpath. {page['content']}"


def changed_bundle(bundle: Path, to: Path) -> Path:
    """A copy of `bundle` after an edit: zh's first page has another title and text (its fragment under a new
    name, the metadata and entry rewritten), en's first page another text under its old fragment's name (as when a
    new page takes an old one's seven hex digits)."""
    shutil.copytree(bundle, to)
    entry, meta = _entry(to), _meta(to, "zh")
    name = meta[1][0][0]
    _fragment(to, f"{name}0").write_bytes(_rewritten(_fragment(to, name), _zh_page))
    meta[1][0][0] = f"{name}0"
    (to / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta").unlink()
    entry["languages"]["zh"]["hash"] = "zh_0edited000"
    (to / "pagefind.zh_0edited000.pf_meta").write_bytes(blob(meta))
    (to / ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    path = _fragment(to, _meta(to, "en")[1][0][0])
    data = _rewritten(path, _en_page)
    path.unlink()
    path.write_bytes(data)
    return to


def aids_in(bundle: Path, folder: Path, cache: Path | None = None) -> dict[str, bytes]:
    """The aid files `write_aids` writes for `bundle` into the new `folder`, by name."""
    folder.mkdir()
    write_aids(bundle, folder, GRAMS_MARK, CHINESE, cache)
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def listed_fragments(bundle: Path) -> dict[str, str]:
    """The fragment files the bundle's languages list: name → digest."""
    return {name: digest(_fragment(bundle, name).read_bytes()) for lang in _entry(bundle)["languages"]
            for name, _ in _meta(bundle, lang)[1]}


def kept(cache: Path) -> tuple[dict[str, str], set[str]]:
    """What `cache` keeps: each fragment file's digest by name, and the digests whose pages it holds."""
    value = PickledRecord(cache, AidsCache).read()
    assert value is not None
    return {name: bytes_digest for name, (_, bytes_digest) in value.files.items()}, set(value.pages)


def test_aids_made_from_what_was_kept_are_those_made_from_nothing(site: Path, tmp_path: Path) -> None:
    bundle = site / BUNDLE
    changed = changed_bundle(bundle, tmp_path / "changed")
    cache = tmp_path / "aids.pickle"
    before = aids_in(bundle, tmp_path / "before", cache)
    kept = aids_in(changed, tmp_path / "kept", cache)
    assert kept == aids_in(changed, tmp_path / "fresh")
    assert set(kept) != set(before)  # the edit shows in the words and the names
    words = b"".join(text for name, text in kept.items() if name.startswith("cg-words."))
    assert b"lighthouse" in words and b"lantern" in words
    assert "凌晨四点的网格".encode() in b"".join(text for name, text in kept.items() if name.startswith("cg-names.zh."))
    assert aids_in(changed, tmp_path / "again", cache) == kept  # and from what this call kept


def _cut_short(cache: Path) -> None:
    cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])


def _garbage(cache: Path) -> None:
    cache.write_bytes(b"\x80\x05not a pickle" * 40)


def _another_value(cache: Path) -> None:
    PickledRecord(cache).write({"key": "x", "pages": {}})


def _another_version(cache: Path) -> None:
    """A cache of another version of the code: every page gives what the first gave."""
    kept = PickledRecord(cache, AidsCache).read()
    first = next(iter(kept.pages.values()))
    PickledRecord(cache).write(AidsCache("another version", kept.fold, kept.sounds, kept.readings,
                                         dict.fromkeys(kept.pages, first), kept.files))


@pytest.mark.parametrize("damage", [_cut_short, _garbage, _another_value, _another_version])
def test_a_damaged_cache_is_not_used(site: Path, tmp_path: Path, damage: Callable[[Path], None]) -> None:
    bundle = site / BUNDLE
    changed = changed_bundle(bundle, tmp_path / "changed")
    cache = tmp_path / "aids.pickle"
    aids_in(bundle, tmp_path / "before", cache)
    damage(cache)
    assert aids_in(changed, tmp_path / "kept", cache) == aids_in(changed, tmp_path / "fresh")
    files, pages = kept(cache)  # written anew
    assert files == listed_fragments(changed) and pages == set(files.values())


def test_pages_that_left_the_bundle_leave_the_cache(site: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(site / BUNDLE, tmp_path / "bundle")
    changed = changed_bundle(site / BUNDLE, tmp_path / "changed")
    zh_name = _meta(bundle, "zh")[1][0][0]
    gone = {digest(_fragment(bundle, _meta(bundle, lang)[1][0][0]).read_bytes()) for lang in ("zh", "en")}
    work = tmp_path / "work" / "aids"
    link_aids(bundle, work, GRAMS_MARK)
    files, first = kept(work.with_suffix(".pickle"))
    assert files == listed_fragments(bundle) and first == set(files.values()) and gone <= first
    link_aids(changed, work, GRAMS_MARK)
    files, pages = kept(work.with_suffix(".pickle"))
    assert files == listed_fragments(changed) and pages == set(files.values()) and zh_name not in files
    assert not gone & pages and len(pages) == len(first)
    assert (changed / AIDS).read_bytes() == (work / AIDS).read_bytes()


def test_only_fragments_not_seen_are_read_and_only_files_not_seen_digested(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = site / BUNDLE
    changed = changed_bundle(bundle, tmp_path / "changed")
    cache = tmp_path / "aids.pickle"
    aids_in(bundle, tmp_path / "before", cache)
    read: list[bytes] = []
    digested: list[bytes] = []
    monkeypatch.setattr(forgiving, "page_aids", lambda data, mark: read.append(data) or page_aids(data, mark))
    monkeypatch.setattr(forgiving, "digest", lambda data: digested.append(data) or digest(data))
    aids_in(changed, tmp_path / "kept", cache)
    assert len(read) == 2 and len(digested) == len(listed_fragments(changed))  # a copy: every file is new
    aids_in(changed, tmp_path / "again", cache)
    assert len(read) == 2 and len(digested) == len(listed_fragments(changed))
