"""What lets a build take an own page from the last build: no page shows the body of an entry but the entry's own
page, and an own page's key changes with its entry's body and with the rest of the site, not with other bodies."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY, settings_for

from generator import incremental
from generator.config import PROJECT
from generator.content.load import load_tree
from generator.content.model import Kind, Site, build_site
from generator.content.validate import validate_tree
from generator.editions import EDITIONS
from generator.mkdocs.ownpages import RENDERERS, Kept, kept_pages, page_keys
from generator.mkdocs.staging import staged_edition
from generator.photos.derive import PhotoKey, Processed
from generator.photos.stage import make_photos
from generator.site.render import own_items, render_site

ADDED = "\n\n另起一段：这一段只在正文里。A paragraph only the body has.\n"


def sample(root: Path) -> tuple[Site, dict[PhotoKey, Processed]]:
    """The model of the tree at `root` and the sample build's photos (no image work)."""
    valid = validate_tree(load_tree(root), today=TODAY)
    return build_site(valid, today=TODAY), make_photos(valid, settings_for(root).cache_dir).processed


def with_bodies_changed(root: Path, copy: Path, half: int | Kind | None) -> set[str]:
    """`root` copied to `copy` (anew) with a paragraph added to each Markdown text of every other entry written in
    Markdown but the trainings (`half`: the even or the odd ones, none for None; `Kind.TRAINING`: the trainings
    alone); the folders of those entries."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".guardians"))
    shutil.copytree(root / ".guardians", copy / ".guardians", copy_function=os.link)  # the photo cache
    changed = set()
    written = [item for item in load_tree(copy).entries if any(s.path.endswith(".md") for s in item.texts.values())
               and (item.kind is Kind.TRAINING) == (half is Kind.TRAINING)]
    for at, item in enumerate(written):
        if half is Kind.TRAINING or at % 2 == half:
            for source in (s for s in item.texts.values() if s.path.endswith(".md")):
                with (copy / source.path).open("a", encoding="utf-8") as text:
                    text.write(ADDED)
            changed.add(item.folder)
    return changed


def test_only_an_entry_s_own_page_shows_its_body_and_only_its_key_changes(sample_site: Path, tmp_path: Path) -> None:
    """The trees are read from one place, as a build reads them: the keys hold the files' paths."""
    root = tmp_path / "tree"
    with_bodies_changed(sample_site.parent, root, None)
    site, photos = sample(root)
    keys = page_keys(site, photos)
    assert set(keys.own) == {item.url for item in own_items(site)}
    pages = {e.code: {page.url: page for page in render_site(site, e, photos)} for e in EDITIONS}
    for half in (0, 1):
        changed = with_bodies_changed(sample_site.parent, root, half)
        other, photos = sample(root)
        urls = {item.url for item in other.items() if item.entry.folder in changed}
        other_keys = page_keys(other, photos)
        assert {url for url in keys.own if keys.own[url] != other_keys.own[url]} == urls & set(keys.own) != set()
        assert other_keys.rest == keys.rest  # no other page shows a body
        for e in EDITIONS:
            differ = {page.url for page in render_site(other, e, photos) if page != pages[e.code].get(page.url)}
            assert differ and differ <= urls, (e.code, sorted(differ - urls))
    # but a training's page, made among the others (with the trainings' archive): they are all made again
    assert with_bodies_changed(sample_site.parent, root, Kind.TRAINING)
    assert page_keys(*sample(root)).rest != keys.rest


def test_a_kept_page_is_taken_as_it_is_and_the_others_are_made_as_always(sample_site: Path) -> None:
    site, photos = sample(sample_site.parent)
    for e in EDITIONS:
        whole = render_site(site, e, photos)
        own = page_keys(site, photos).own
        kept = {page.url: replace(page, body="kept") for page in whole[::3] if page.url in own}
        again = render_site(site, e, photos, kept)
        assert [page.url for page in again] == [page.url for page in whole]
        assert all(page == (kept.get(page.url) or old) for page, old in zip(again, whole, strict=True))
        # every page kept but some own ones: only those are rendered, in the order given
        kept = {page.url: replace(page, body="kept") for page in whole if page.url not in own or page in whole[::3]}
        order = [page.url for page in reversed(whole)]
        again = render_site(site, e, photos, kept, order)
        assert [page.url for page in again] == order
        assert all(page == (kept.get(page.url) or old) for page, old in zip(again, reversed(whole), strict=True))


KEYS = """\
import hashlib, json, sys
from pathlib import Path
sys.path.insert(0, "tests")
from conftest import TODAY
from generator.config import PROJECT
from generator.content.load import load_tree
from generator.content.model import build_site
from generator.content.validate import validate_tree
from generator.mkdocs.ownpages import page_keys
from generator.photos.derive import PhotoKey, Processed
site = build_site(validate_tree(load_tree(Path(sys.argv[1])), today=TODAY), today=TODAY)
keys = page_keys(site, {})
print(json.dumps([keys.own, keys.rest], sort_keys=True))
"""


def test_the_keys_are_the_same_in_every_process(sample_site: Path) -> None:
    """Sets are ordered by the process's string hashing, which differs from one process to the next."""
    keys = [subprocess.run([sys.executable, "-c", KEYS, str(sample_site.parent)], capture_output=True, text=True,
                           check=True, cwd=PROJECT, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert keys[0] == keys[1] and len(json.loads(keys[0])[0]) > 10


def test_the_keys_are_the_same_whatever_the_model_s_parts_share(sample_site: Path) -> None:
    """A build reads some texts itself and takes others back from a child or a record, as pickles: equal parts are
    then one object or several. Each entry read back alone shares nothing with the others. A property computed
    once and kept is not part of the model either."""
    read = load_tree(sample_site.parent)
    apart = replace(read, entries=[pickle.loads(pickle.dumps(entry)) for entry in read.entries])
    _, photos = sample(sample_site.parent)
    sites = [build_site(validate_tree(raw, today=TODAY), today=TODAY) for raw in (read, apart)]
    assert [worker.english_name for worker in sites[0].workers]  # a cached property, kept by one model only
    keys = [page_keys(site, photos) for site in sites]
    assert keys[0] == keys[1] and len(keys[0].own) > 10


def test_the_keys_are_the_same_whether_the_photos_were_made_or_found(sample_site: Path, tmp_path: Path) -> None:
    """A build that makes some photos' derivatives (the first build, a new photo) gives the keys of the next build,
    which finds them all in the cache: otherwise the first edit after it renders every page again."""
    root = sample_site.parent
    valid = validate_tree(load_tree(root), today=TODAY)
    site = build_site(valid, today=TODAY)
    warm = make_photos(valid, settings_for(root).cache_dir)
    cache = tmp_path / "cache"
    shutil.copytree(settings_for(root).cache_dir, cache, copy_function=os.link)
    records = sorted(cache.glob("*.txt"))
    for record in records[::2]:
        record.unlink()
    partly = make_photos(valid, cache)
    assert partly.encoded and 0 < partly.reused < warm.reused
    assert partly.processed == warm.processed
    assert page_keys(site, partly.processed) == page_keys(site, warm.processed)


def test_every_page_is_kept_while_only_bodies_change_and_only_own_pages_otherwise(sample_site: Path,
                                                                                   tmp_path: Path) -> None:
    root = tmp_path / "tree"
    with_bodies_changed(sample_site.parent, root, None)
    site, photos = sample(root)
    settings = settings_for(root, work=tmp_path / "work")
    folder = settings.work_dir / "staging" / "zh-hant"
    keys = page_keys(site, photos)
    _, pages = staged_edition(site, "zh-hant", photos, settings, keys)
    everything = kept_pages(folder, keys.edition("zh-hant"))
    assert everything.order == [page.url for page in pages] and everything.pages.keys() == set(everything.order)
    assert kept_pages(folder, keys.edition("zh")).pages == {}  # another edition's keys

    changed = with_bodies_changed(sample_site.parent, root, 0)
    other, photos = sample(root)
    body = page_keys(other, photos)
    bodies = {item.url for item in other.items() if item.entry.folder in changed} & set(keys.own)
    kept = kept_pages(folder, body.edition("zh-hant"))
    assert kept.order == everything.order and set(kept.order) - kept.pages.keys() == bodies != set()

    retitled = replace(other, stories=[replace(other.stories[0], url=other.stories[0].url)] + other.stories[1:])
    retitled.stories[0].entry = replace(retitled.stories[0].entry,
                                        record=other.stories[0].record.model_copy(update={"title": "另一个标题"}))
    title = page_keys(retitled, photos)
    assert title.rest != keys.rest
    kept = kept_pages(folder, title.edition("zh-hant"))
    assert kept == Kept({})  # a title is shown on other pages: every page is made again

    (folder / "docs" / next(iter(everything.pages[""].files))).unlink()
    kept = kept_pages(folder, keys.edition("zh-hant"))
    assert kept.order is None and kept.pages.keys() == set(keys.own)  # the home page is gone: the others are made


def test_another_version_of_a_package_pages_are_rendered_with_makes_every_page_again(
        sample_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, photos = sample(sample_site.parent)
    keys = page_keys(site, photos)
    installed = incremental.version
    for package in RENDERERS:
        monkeypatch.setattr(incremental, "version", lambda name, p=package: "0" if name == p else installed(name))
        assert page_keys(site, photos).rest != keys.rest, package
