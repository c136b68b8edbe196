"""The editors' CMS: configuration from the schemas, the local backend, and a story written in a real browser."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, STORY, STORY_EN, TODAY, jpeg, settings_for

from generator.serve.server import LiveServer, editor
from generator.tools import cms
from generator.tools.cmsbackend import Backend


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


# --- configuration -----------------------------------------------------------


def test_collections_follow_our_layout(tree: Callable[..., Path]) -> None:
    config = cms.config(tree())
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["zh", "en"], "default_locale": "zh"}
    layout = {c["name"]: (c["folder"], c["path"], c["media_folder"], c["slug"]) for c in config["collections"]}
    assert layout == {
        "stories": ("stories", "{{year}}/{{slug}}/index", "", "{{folder}}"),
        "guides": ("content/guides", "{{slug}}/index", "", "{{folder}}"),
        "policies": ("content/policies", "{{slug}}/index", "", "{{folder}}"),
        "workers": ("content/workers", "{{slug}}/index", "", "{{folder}}"),
    }


def test_story_fields_are_typed_from_the_schema(tree: Callable[..., Path]) -> None:
    stories = next(c for c in cms.config(tree())["collections"] if c["name"] == "stories")
    fields = by_name(stories["fields"])
    assert list(fields) == ["folder", "title", "date", "city", "district", "community", "workers", "tags", "summary",
                            "author", "unit", "status", "photos", "body"]
    assert fields["date"]["widget"] == "datetime" and fields["date"]["format"] == "YYYY-MM-DD"
    assert fields["status"] == {"name": "status", "label": "状态（draft 草稿 / review 审核中 / published 发布）",
                                "widget": "select", "options": ["draft", "review", "published"]}
    assert fields["workers"]["widget"] == "relation" and fields["workers"]["collection"] == "workers"
    assert fields["tags"]["options"] == ["网格管理", "上门走访"]
    assert fields["district"]["required"] is False and "required" not in fields["city"]
    photo = by_name(fields["photos"]["fields"])
    assert photo["file"]["widget"] == "image" and photo["people"]["widget"] == "boolean"
    consent = by_name(photo["consent"]["fields"])
    assert consent["date"]["widget"] == "datetime" and consent["expires"]["widget"] == "datetime"
    assert all(f["required"] is False for f in consent.values())  # the save check demands them, with messages
    translated = {name for name, f in fields.items() if f.get("i18n")}
    assert translated == {"title", "summary", "community", "author", "unit", "body"}


def test_guide_choices_and_worker_portrait(tree: Callable[..., Path]) -> None:
    collections = {c["name"]: by_name(c["fields"]) for c in cms.config(tree(), "en")["collections"]}
    assert collections["guides"]["audience"]["multiple"] is True
    assert collections["guides"]["theme"]["options"] == ["mobilisation", "health-committee", "training", "care"]
    assert collections["workers"]["portrait"]["widget"] == "image"
    assert "portrait_focus" not in collections["workers"]
    assert collections["policies"]["addressees"]["widget"] == "list"
    assert collections["stories"]["title"]["label"] == "title"


def test_admin_page_loads_only_from_this_server() -> None:
    page = cms.admin_page("zh")
    assert '<script src="decap/decap-cms.js"></script>' in page
    assert "http" not in page


# --- the local backend -------------------------------------------------------


def call(backend: Backend, action: str, **params: Any) -> tuple[int, Any]:
    status, _, body = backend("/api/v1", json.dumps({"action": action, "params": params}).encode())
    return status, json.loads(body)


NEW_STORY = """\
---
folder: cms-story
title: 网页后台写的故事
date: 2026-05-03
city: {city}
district: 天河区
community: 华景社区
workers: [chen-xiaoli]
tags: []
summary: 在内容管理页面写的一个故事。
author: 李明
unit: 天河区民政局
status: published
photos:
  - file: night.jpg
    caption: 夜间的采样点（示意图）
    credit: 天河区民政局
    people: false
    consent: {{by: '', scope: '', minor: false}}
---
那天夜里，网格员逐户敲门。
"""


def persist(backend: Backend, *, city: str = "广州市", english: str = "---\ntitle: ''\n---\n") -> tuple[int, Any]:
    folder = "stories/2026/cms-story"
    return call(backend, "persistEntry",
                dataFiles=[{"path": f"{folder}/index.zh.md", "raw": NEW_STORY.format(city=city)},
                           {"path": f"{folder}/index.en.md", "raw": english}],
                assets=[{"path": f"{folder}/night.jpg", "content": base64.b64encode(jpeg()).decode(),
                         "encoding": "base64"}],
                options={"newEntry": True})


def test_saving_writes_our_bundle(tree: Callable[..., Path]) -> None:
    root = tree()
    backend = Backend(root, today=lambda: TODAY)
    assert persist(backend) == (200, {"message": "entry persisted"})
    folder = root / "stories/2026/cms-story"
    assert sorted(p.name for p in folder.iterdir()) == ["index.zh.md", "night.jpg"]  # an empty twin is not written
    text = (folder / "index.zh.md").read_text(encoding="utf-8")
    assert "folder:" not in text and "consent" not in text and "tags" not in text
    assert "date: 2026-05-03\n" in text and text.endswith("---\n那天夜里，网格员逐户敲门。\n")
    status, entries = call(backend, "entriesByFolder", folder="stories", extension="md", depth=3)
    mine = next(e for e in entries if e["file"]["path"] == "stories/2026/cms-story/index.zh.md")
    assert mine["data"].startswith("---\nfolder: cms-story\ntitle: 网页后台写的故事\n")


def test_an_entry_with_errors_is_refused_and_nothing_stays_written(tree: Callable[..., Path]) -> None:
    root = tree()
    status, answer = persist(Backend(root, today=lambda: TODAY), city="广洲")
    assert status == 422
    assert answer["error"].splitlines() == [
        "未保存：内容有以下问题，请修改后再保存",
        "stories/2026/cms-story/index.zh.md:4: city: 未知城市“广洲”，是否为“广州市”？",
    ]
    assert not (root / "stories/2026").exists()


def test_an_edit_that_breaks_an_entry_puts_the_old_files_back(tree: Callable[..., Path]) -> None:
    root = tree()
    path = "stories/2022/grid-night/index.zh.md"
    before = (root / path).read_bytes()
    status, _ = call(Backend(root, today=lambda: TODAY), "persistEntry",
                     dataFiles=[{"path": path, "raw": STORY.replace("status: published", "status: done")}], assets=[])
    assert status == 422 and (root / path).read_bytes() == before


def test_fields_the_form_does_not_edit_are_kept(tree: Callable[..., Path]) -> None:
    root = tree()
    path = "stories/2022/grid-night/index.en.md"
    status, _ = call(Backend(root, today=lambda: TODAY), "persistEntry",
                     dataFiles=[{"path": path, "raw": "---\ntitle: A new English title\n---\nNew text.\n"}], assets=[])
    assert status == 200
    text = (root / path).read_text(encoding="utf-8")
    assert "title: A new English title\n" in text and "captions:\n  night.jpg: Registering at night" in text
    assert STORY_EN.split("\n")[2] not in text  # the old summary was cleared in the form, so it is gone


@pytest.mark.parametrize("path", ["../outside.md", "stories/2022/grid-night/../../../x.md", "content/regions.yml",
                                  "stories/2022/.hidden/index.zh.md", "generator/cli.py", "stories/2022/Grid/x.md"])
def test_paths_outside_bundles_are_refused(tree: Callable[..., Path], path: str) -> None:
    root = tree()
    backend = Backend(root, today=lambda: TODAY)
    assert call(backend, "getEntry", path=path)[0] == 422
    assert call(backend, "persistMedia", asset={"path": path, "content": "eA==", "encoding": "base64"})[0] == 422
    assert call(backend, "deleteFile", path=path)[0] == 422


def test_unknown_action_and_bad_json() -> None:
    backend = Backend(Path("/nonexistent"))
    assert call(backend, "rm-rf")[0] == 422
    assert backend("/api/v1", b"not json")[0] == 400


# --- in a real browser ---------------------------------------------------------


@pytest.fixture
def live_editor(tree: Callable[..., Path]) -> Iterator[LiveServer]:
    if not cms.installed():
        pytest.skip("Decap CMS is not installed (make cms)")
    root = tree()
    settings = settings_for(root, work=root / ".guardians")
    api, static = editor(settings)
    api = {path: Backend(root, today=lambda: TODAY) for path in api}
    server = LiveServer(settings, port=0, api=api, static=static)
    server.start()
    assert server.wait_for(1, timeout=180)
    yield server
    server.stop()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make test installs it)")
def test_a_story_written_in_the_admin_page_is_checked_and_appears_on_the_site(live_editor: LiveServer,
                                                                             tmp_path: Path, browser: Any) -> None:
    root, url = live_editor.settings.root, live_editor.url
    photo = tmp_path / "night.jpg"
    photo.write_bytes(jpeg(900, 600, (30, 120, 60)))
    elsewhere: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else elsewhere.append(r.url))
    page.goto(url + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("故事", exact=True).first.wait_for()
    page.goto(url + "admin/#/collections/stories/new")

    def field(name: str, nth: int = 0) -> Any:
        return page.locator(f'[id^="{name}-field-"]').nth(nth)

    field("folder").fill("cms-story")
    field("title").fill("网页后台写的故事")
    field("title", 1).fill("A story written in the editor")
    field("date").fill("2026-05-03")
    field("city").fill("广洲")
    field("district").fill("天河区")
    field("community").fill("华景社区")
    field("workers").click()
    page.keyboard.type("陈晓")
    page.get_by_text("陈晓丽", exact=True).click()
    field("summary").fill("在内容管理页面写的一个故事。")
    field("author").fill("李明")
    field("unit").fill("天河区民政局")
    field("status").click()
    page.get_by_text("published", exact=True).click()
    page.get_by_role("button", name="新增照片").click()
    page.get_by_role("button", name="选择图片").first.click()
    page.locator("input[type=file]").first.set_input_files(str(photo))
    page.get_by_role("button", name="选用已选中项目").click()
    field("caption").fill("夜间的采样点（示意图）")
    field("credit").fill("天河区民政局")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("那天夜里，网格员逐户敲门。")

    # a mistake: the backend refuses the save and the editor says why, in Chinese
    page.get_by_text("发布", exact=True).first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("未知城市“广洲”，是否为“广州市”？", exact=False).first.wait_for(timeout=30_000)
    assert not (root / "stories/2026/cms-story").exists()

    field("city").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("广州市")
    page.get_by_text("发布", exact=True).first.click()
    page.get_by_text("立即发布").click()
    deadline = time.monotonic() + 30
    while not (root / "stories/2026/cms-story/night.jpg").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    page.context.close()
    assert elsewhere == []
    folder = root / "stories/2026/cms-story"
    assert sorted(p.name for p in folder.iterdir()) == ["index.en.md", "index.zh.md", "night.jpg"]
    assert (folder / "night.jpg").read_bytes() == photo.read_bytes()
    zh = (folder / "index.zh.md").read_text(encoding="utf-8")
    assert "workers: [chen-xiaoli]\n" in zh
    assert "city: 广州市\n" in zh and "file: night.jpg\n" in zh and zh.endswith("那天夜里，网格员逐户敲门。\n")
    assert (folder / "index.en.md").read_text(encoding="utf-8") == "---\ntitle: A story written in the editor\n---\n\n"

    # the preview rebuilds on the change; the story appears in both languages
    assert fetch_when_built(url + "stories/2026/cms-story/", "那天夜里，网格员逐户敲门。")
    assert "网页后台写的故事" in fetch_when_built(url + "stories/2026/cms-story/", "那天夜里")
    assert fetch_when_built(url + "en/stories/2026/cms-story/", "A story written in the editor")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make test installs it)")
def test_editing_an_existing_story_keeps_what_the_form_does_not_show(live_editor: LiveServer, browser: Any) -> None:
    root, url = live_editor.settings.root, live_editor.url
    zh, en = root / "stories/2022/grid-night/index.zh.md", root / "stories/2022/grid-night/index.en.md"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("故事", exact=True).first.wait_for()
    page.goto(url + "admin/#/collections/stories/entries/2022/grid-night/index")
    summary = page.locator('[id^="summary-field-"]').first
    page.get_by_text("陈晓丽", exact=True).first.wait_for()  # the worker is shown by name once loaded
    assert page.locator('[id^="folder-field-"]').first.input_value() == "grid-night"
    assert summary.input_value() == "网格员的一夜。"
    summary.click()
    page.keyboard.press("End")
    page.keyboard.type("天亮前完成。")
    page.get_by_text("发布", exact=True).first.click()
    page.get_by_text("立即发布").click()
    deadline = time.monotonic() + 30
    while "天亮前完成。" not in zh.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    page.context.close()
    text = zh.read_text(encoding="utf-8")
    assert "summary: 网格员的一夜。天亮前完成。\n" in text and "folder:" not in text
    assert "workers: [chen-xiaoli]\n" in text and "    caption: 夜间登记（示意图）\n" in text
    assert "captions:\n  night.jpg: Registering at night (illustration)\n" in en.read_text(encoding="utf-8")


def fetch_when_built(address: str, expected: str, timeout: float = 240) -> str:
    """The page at `address` once it holds `expected` (the preview rebuilds in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(address, timeout=10) as response:
                page = response.read().decode("utf-8")
            if expected in page:
                return page
        except urllib.error.HTTPError:
            pass
        time.sleep(1)
    return ""


def test_deleting_an_entry_deletes_its_whole_bundle(tree: Callable[..., Path]) -> None:
    root = tree()
    backend = Backend(root, today=lambda: TODAY)
    status, _ = call(backend, "deleteFiles", paths=["stories/2022/grid-night/index.zh.md",
                                                    "stories/2022/grid-night/index.en.md"])
    assert status == 200 and not (root / "stories/2022/grid-night").exists()
    status, _ = call(backend, "deleteFile", path="content/workers/chen-xiaoli/portrait.jpg")
    assert status == 200 and (root / "content/workers/chen-xiaoli/index.zh.md").exists()


def test_an_english_twin_gets_only_translatable_fields(tree: Callable[..., Path]) -> None:
    root = tree()
    path = "stories/2022/grid-night/index.en.md"
    raw = "---\ntitle: The grid\nworkers: [chen-xiaoli]\ncity: 广州市\n---\nText.\n"
    assert call(Backend(root, today=lambda: TODAY), "persistEntry", dataFiles=[{"path": path, "raw": raw}],
                assets=[])[0] == 200
    assert (root / path).read_text(encoding="utf-8").startswith("---\ntitle: The grid\ncaptions:\n")
