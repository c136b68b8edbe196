"""The editors' CMS: configuration from the schemas, the local backend, and a story written in a real browser."""

from __future__ import annotations

import base64
import gzip
import json
import time
import typing
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, STORY, STORY_EN, TODAY, jpeg, settings_for

from generator.build import build, check
from generator.config import PROJECT
from generator.content import schema
from generator.serve.server import LiveServer, editor
from generator.tools import cms
from generator.tools.cmsbackend import Backend

OPEN_AWARD = """\
name: 2027年度优秀社区工作者
level: provincial
year: 2027
issuer: 广东省民政厅
nomination: {start: 2026-11-01, end: 2026-12-31}
publicity: {start: 2027-01-11, end: 2027-01-22}
feedback:
  contact: 基层政权建设和社区治理处
  phone: 020-12345678
"""
"""An award open for nomination on TODAY (2026-11-28)."""


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


# --- configuration -----------------------------------------------------------


def test_collections_follow_our_layout(tree: Callable[..., Path]) -> None:
    config = cms.config(tree())
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["zh", "en"], "default_locale": "zh"}
    layout = {c["name"]: (c["folder"], c["path"], c.get("media_folder"), c["slug"]) for c in config["collections"]}
    assert layout == {
        "stories": ("stories", "{{year}}/{{slug}}/index", "", "{{folder}}"),
        "guides": ("content/guides", "{{slug}}/index", "", "{{folder}}"),
        "policies": ("content/policies", "{{slug}}/index", "", "{{folder}}"),
        "workers": ("content/workers", "{{slug}}/index", "", "{{folder}}"),
        "trainings": ("content/trainings", "{{slug}}/index", "", "{{folder}}"),
        "nominations": ("content/nominations", "{{award}}/{{worker}}", None, "{{worker}}"),
        "committees": ("content/committees", "{{file}}", None, "{{file}}"),
    }


def test_story_fields_are_typed_from_the_schema(tree: Callable[..., Path]) -> None:
    stories = next(c for c in cms.config(tree())["collections"] if c["name"] == "stories")
    fields = by_name(stories["fields"])
    assert list(fields) == ["folder", "title", "date", "city", "district", "community", "workers", "tags", "summary",
                            "author", "unit", "status", "photos", "body"]
    assert fields["date"]["widget"] == "string" and fields["date"]["pattern"][0] == r"^\d{4}-\d{2}-\d{2}$"
    assert fields["status"] == {"name": "status", "label": "状态", "widget": "select", "default": "draft",
                                "options": [{"label": "草稿", "value": "draft"}, {"label": "审核中", "value": "review"},
                                            {"label": "已发布", "value": "published"}]}
    assert fields["workers"]["widget"] == "relation" and fields["workers"]["collection"] == "workers"
    assert fields["tags"]["options"] == ["网格管理", "上门走访"]
    assert fields["district"]["required"] is False and "required" not in fields["city"]
    photo = by_name(fields["photos"]["fields"])
    assert photo["file"]["widget"] == "image" and photo["people"]["widget"] == "boolean"
    consent = by_name(photo["consent"]["fields"])
    assert consent["date"]["widget"] == "string" and consent["expires"]["pattern"] == fields["date"]["pattern"]
    assert all(f["required"] is False for f in consent.values())  # the save check demands them, with messages
    translated = {name for name, f in fields.items() if f.get("i18n")}
    assert translated == {"title", "summary", "community", "author", "unit", "body"}


def test_guide_choices_and_worker_portrait(tree: Callable[..., Path]) -> None:
    collections = {c["name"]: by_name(c["fields"]) for c in cms.config(tree(), "en")["collections"]}
    assert collections["guides"]["audience"]["multiple"] is True
    assert [o["value"] for o in collections["guides"]["theme"]["options"]] == [
        "mobilisation", "health-committee", "training", "care"]
    assert collections["guides"]["theme"]["options"][0]["label"] == "Mobilisation"
    assert collections["guides"]["audience"]["min"] == 1 and collections["policies"]["addressees"]["min"] == 1
    assert collections["workers"]["portrait"]["widget"] == "image"
    assert "portrait_focus" not in collections["workers"]
    assert collections["policies"]["addressees"]["widget"] == "list"
    assert collections["stories"]["title"]["label"] == "title"


def _required_by_schema(info: Any) -> bool:
    annotation, nullable = cms._optional(info.annotation)
    return info.is_required() and not nullable


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_required_and_optional_exactly_as_the_schema(tree: Callable[..., Path], lang: str) -> None:
    """Every form field is required exactly when its model requires it; a field a validator requires only in
    combination is optional in the form, with the condition in its label, in the user's language."""
    models = {name: model for name, _, model, _ in cms.COLLECTIONS} | {"nominations": schema.Nomination,
                                                                      "committees": schema.Committees}
    checked = 0

    def walk(model: type[Any], form: list[dict[str, Any]], in_optional_block: bool) -> None:
        nonlocal checked
        for made in form:
            if made["name"] not in model.model_fields:
                continue
            info = model.model_fields[made["name"]]
            required = _required_by_schema(info)
            condition = cms._REQUIRED_WHEN.get((model, made["name"]))
            if model is schema.Nomination and made["name"] == "worker":
                assert made.get("required", True) is True  # the file is named after the worker
            elif in_optional_block or condition:
                assert made["required"] is False, made
            else:
                assert made.get("required", True) is required, made
            if condition:
                assert made["label"].startswith(cms.label(made["name"], lang)) and made["label"].endswith(("）", ")"))
            if in_optional_block and required:
                assert made["label"].endswith(("时必填）", "is filled in)")), made
            checked += 1
            inner = typing_args(cms._optional(info.annotation)[0])
            if made.get("fields") and isinstance(inner, type):  # a list's items are required once added
                walk(inner, made["fields"], in_optional_block or (not required and made["widget"] == "object"))

    for collection in cms.config(tree(), lang, TODAY)["collections"]:  # type: ignore[arg-type]
        walk(models[collection["name"]], collection["fields"], False)
    assert checked > 40


def typing_args(annotation: Any) -> Any:
    """The model inside `list[Model]`."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation


def test_a_district_is_optional_only_where_the_city_has_none(tree: Callable[..., Path]) -> None:
    zh = by_name(next(c for c in cms.config(tree())["collections"] if c["name"] == "stories")["fields"])
    en = by_name(next(c for c in cms.config(tree(), "en")["collections"] if c["name"] == "stories")["fields"])
    assert zh["district"]["label"] == "区县（如 天河区）（有区县的城市必填；东莞市不设区县，可留空或填镇街）"
    assert en["district"]["label"] == ("district (e.g. Tianhe District) (required where the city has districts; "
                                       "东莞市 has none: leave it empty or give the town)")
    assert 'label[for^="district-field-"] > span' in cms.admin_style()  # Decap's "(optional)" would contradict it


def test_choices_have_labels_in_the_users_language_and_a_default(tree: Callable[..., Path]) -> None:
    for lang, draft, nominated in [("zh", "草稿", "提名中"), ("en", "Draft", "Nominated")]:
        collections = {c["name"]: by_name(c["fields"]) for c in cms.config(tree(), lang, TODAY)["collections"]}
        status = collections["stories"]["status"]
        assert status["default"] == "draft" and status["options"][0] == {"label": draft, "value": "draft"}
        assert collections["nominations"]["status"]["default"] == "nominated"
        assert collections["nominations"]["status"]["options"][0]["label"] == nominated
        roles = collections["workers"]["role"]["options"]
        assert [o["value"] for o in roles] == [r.value for r in schema.Role] and all(o["label"] for o in roles)


def test_nominations_offer_the_open_awards_and_workers_by_name(tree: Callable[..., Path]) -> None:
    root = tree({"content/awards/gd-2027.yml": OPEN_AWARD})
    nominations = next(c for c in cms.config(root, "zh", TODAY)["collections"] if c["name"] == "nominations")
    fields = by_name(nominations["fields"])
    assert fields["award"]["options"] == [{"label": "2027年度优秀社区工作者（gd-2027，提名截止 2026-12-31）",
                                           "value": "gd-2027"}]  # gd-2026 is in its 公示: closed
    assert fields["worker"]["widget"] == "relation" and fields["worker"]["display_fields"] == ["name", "city",
                                                                                                "district"]
    assert fields["internal"]["label"].startswith("【内部信息，不公开】") and nominations["editor"] == {"preview": False}
    assert {f["name"] for f in fields["internal"]["fields"]} == set(schema.Internal.model_fields)
    assert "organisation" not in fields  # kept as it is in the file
    later = by_name(next(c for c in cms.config(root, "zh", date(2027, 2, 1))["collections"]
                         if c["name"] == "nominations")["fields"])
    assert later["award"]["widget"] == "string"  # none open: Decap refuses a choice of nothing


def test_the_admin_never_uppercases() -> None:
    assert "* { text-transform: none !important; }" in cms.admin_style()
    assert cms.admin_style() in cms.admin_page("zh")


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
    assert answer["error"].splitlines() == ["未保存：内容有以下问题，请修改后再保存", "城市：未知城市“广洲”，是否为“广州市”？"]
    assert answer["problems"] == [{"field": "city", "message": "城市：未知城市“广洲”，是否为“广州市”？"}]
    assert not (root / "stories/2026").exists()


def test_a_district_missing_where_the_city_has_districts_is_refused_beside_the_field(
        tree: Callable[..., Path]) -> None:
    root = tree()
    folder = "stories/2026/cms-story"
    raw = NEW_STORY.format(city="广州市").replace("district: 天河区\n", "").replace("  - file: night.jpg", "  - file: x")
    raw = raw.replace("photos:\n  - file: x\n    caption: 夜间的采样点（示意图）\n    credit: 天河区民政局\n"
                      "    people: false\n    consent: {by: '', scope: '', minor: false}\n", "")
    status, answer = call(Backend(root, today=lambda: TODAY), "persistEntry",
                          dataFiles=[{"path": f"{folder}/index.zh.md", "raw": raw}], assets=[])
    assert status == 422 and answer["problems"] == [{"field": "district", "message": "区县：缺少必填字段"}]
    dongguan = raw.replace("city: 广州市", "city: 东莞市")
    assert call(Backend(root, today=lambda: TODAY), "persistEntry",
                dataFiles=[{"path": f"{folder}/index.zh.md", "raw": dongguan}], assets=[])[0] == 200


def _nomination_raw(award: str, *, reason: str = "坚守网格一线。", worker: str = "chen-xiaoli", post: str = "''") -> str:
    return (f"award: {award}\nworker: {worker}\nbureau: 广州市民政局\npost: {post}\nreason: {reason}\nstatus: nominated\n"
            "en: {bureau: '', reason: ''}\ninternal:\n  id_number: 44010619900307151X\n  phone: '13687654321'\n"
            "  reviewer_notes: 复核意见丁戊己\n  ranking: ''\n")


def test_a_nomination_saved_in_the_cms_is_a_file_guardians_check_accepts(tree: Callable[..., Path]) -> None:
    root = tree({"content/awards/gd-2027.yml": OPEN_AWARD})
    backend = Backend(root, today=lambda: TODAY)
    path = "content/nominations/gd-2027/chen-xiaoli.yml"
    assert call(backend, "persistEntry", dataFiles=[{"path": path, "raw": _nomination_raw("gd-2027")}],
                assets=[]) == (200, {"message": "entry persisted"})
    assert (root / path).read_text(encoding="utf-8") == (
        "worker: chen-xiaoli\nbureau: 广州市民政局\nreason: 坚守网格一线。\nstatus: nominated\ninternal:\n"
        "  id_number: 44010619900307151X\n  phone: '13687654321'\n  reviewer_notes: 复核意见丁戊己\n")
    _, problems = check(settings_for(root))
    assert [p for p in problems if p.path == path] == []
    status, entries = call(backend, "entriesByFolder", folder="content/nominations", extension="yml", depth=2)
    assert sorted(e["file"]["path"] for e in entries) == ["content/nominations/gd-2026/chen-xiaoli.yml", path]
    assert next(e for e in entries if e["file"]["path"] == path)["data"].startswith("award: gd-2027\nworker: ")


def test_a_nomination_check_refuses_is_refused_with_the_same_messages_beside_the_fields(
        tree: Callable[..., Path]) -> None:
    root = tree({"content/awards/gd-2027.yml": OPEN_AWARD})
    path = "content/nominations/gd-2027/zhang-san.yml"
    raw = _nomination_raw("gd-2027", reason="很" * 130, worker="zhang-san")
    status, answer = call(Backend(root, today=lambda: TODAY), "persistEntry",
                          dataFiles=[{"path": path, "raw": raw}], assets=[])
    assert status == 422 and not (root / "content/nominations/gd-2027").exists()
    # what `guardians check` says of the same file written by hand
    (root / path).parent.mkdir(parents=True)
    (root / path).write_text(f"worker: zhang-san\nbureau: 广州市民政局\nreason: {'很' * 130}\n", encoding="utf-8")
    _, problems = check(settings_for(root))
    expected = {(p.field, p.text("zh")) for p in problems if p.path == path and p.level.is_error()}
    assert {p[0] for p in expected} >= {"reason", "worker"}
    labels = {"reason": "推荐理由", "worker": "被提名的先进人物"}
    assert sorted((p["field"], p["message"]) for p in answer["problems"]) == sorted(
        (field, f"{labels.get(field, field)}：{text}") for field, text in expected)


def test_internal_fields_saved_in_the_cms_reach_no_published_byte(tree: Callable[..., Path]) -> None:
    """The nomination of an award in its 公示 is published on the notice; its internal block never is. Only the
    internal block is edited: what the notice shows is unchanged, so no correction is needed."""
    root = tree()
    path = "content/nominations/gd-2026/chen-xiaoli.yml"
    assert call(Backend(root, today=lambda: TODAY), "persistEntry",
                dataFiles=[{"path": path, "raw": _nomination_raw("gd-2026", post="网格员")}], assets=[])[0] == 200
    settings = settings_for(root, work=root / ".guardians")
    build(settings)
    published = b"".join(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
                         for p in settings.out.rglob("*") if p.is_file())
    assert "坚守网格一线。".encode() in published  # the public reason is on the notice: the scan can fail
    for secret in ("44010619900307151X", "13687654321", "复核意见丁戊己"):
        assert secret.encode() not in published


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
    root = tree({"content/awards/gd-2027.yml": OPEN_AWARD})
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
    page.get_by_text("已发布", exact=True).click()
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
    with _save_answered(page):
        page.get_by_text("发布", exact=True).first.click()
        page.get_by_text("立即发布").click()
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


SHOTS = PROJECT / "test-artifacts" / "cms"
"""Screenshots of the admin taken by the browser test (copied into docs/images/cms/ for docs/submitting.md)."""


def _save_answered(page: Any) -> Any:
    """Around the clicks that save an entry: waits for the local backend's answer to the save, when its files are
    written and checked (`Backend._commit`). A poll for the file could find it created but not yet written."""
    return page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(cms.API)
                                and "persistEntry" in (r.request.post_data or ""), timeout=30_000)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make test installs it)")
@pytest.mark.parametrize("size", ["1280x800", "390x844"])
def test_problems_beside_their_fields_and_a_nomination_on_desktop_and_phone(live_editor: LiveServer, browser: Any,
                                                                            size: str) -> None:
    root, url = live_editor.settings.root, live_editor.url
    width, height = (int(n) for n in size.split("x"))
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else elsewhere.append(r.url))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(url + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("故事", exact=True).first.wait_for()
    page.goto(url + "admin/#/collections/stories/new")

    def field(name: str, nth: int = 0) -> Any:
        return page.locator(f'[id^="{name}-field-"]').nth(nth)

    def publish() -> None:
        page.get_by_text("发布", exact=True).first.click()
        page.get_by_text("立即发布").click()

    field("folder").fill("no-district")
    assert page.get_by_text("草稿", exact=True).first.is_visible()  # the status starts as a draft, in Chinese
    field("title").fill("没有区县的故事")
    field("date").fill("2026-05-03")
    field("city").fill("广州市")
    field("community").fill("华景社区")
    field("summary").fill("在内容管理页面写的一个故事。")
    field("author").fill("李明")
    field("unit").fill("天河区民政局")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("那天夜里，网格员逐户敲门。")

    assert field("date").get_attribute("type") in (None, "text")  # typed as written, no locale's date picker
    # the save check's: this city has districts, so the district is required; said beside it, the form kept
    publish()
    beside = page.locator('label[for^="district-field-"] + .cg-problem')
    beside.wait_for(timeout=30_000)
    assert beside.inner_text() == "区县：缺少必填字段"
    assert field("title").input_value() == "没有区县的故事" and field("date").input_value() == "2026-05-03"
    assert not (root / "stories/2026/no-district").exists()
    uppercase = page.evaluate("() => [...document.querySelectorAll('body *')].filter(e => e.childElementCount === 0"
                              " && e.textContent.trim() && getComputedStyle(e).textTransform !== 'none')"
                              ".map(e => e.textContent)")
    assert uppercase == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    beside.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"story-problem-{size}.png"))
    field("district").fill("天河区")
    with _save_answered(page):
        publish()
    assert (root / "stories/2026/no-district/index.zh.md").is_file()
    assert "status: draft\n" in (root / "stories/2026/no-district/index.zh.md").read_text(encoding="utf-8")
    # the editor takes the answer in when it opens the saved entry; leaving before that, the entry is still unsaved
    # to it and it asks whether to leave (a dialog the browser dismisses, so the page would stay where it is)
    page.wait_for_url("**/collections/stories/entries/2026/no-district/index", timeout=60_000)

    # a bureau's nomination: the award from those open, the worker by name, refused and then saved
    page.goto(url + "admin/#/collections/nominations/new")
    page.reload()  # a new entry of another collection opened fresh, as a bureau's own visit would
    field("award").click()
    page.get_by_text("2027年度优秀社区工作者（gd-2027，提名截止 2026-12-31）", exact=True).click()
    field("worker").click()
    page.keyboard.type("陈晓")
    page.get_by_text("陈晓丽 广州市 天河区", exact=True).click()
    field("bureau").fill("广州市民政局")
    field("reason").fill("很" * 130)
    publish()
    reason = page.locator('label[for^="reason-field-"] + .cg-problem')
    reason.wait_for(timeout=30_000)
    assert reason.inner_text().startswith("推荐理由：")
    assert not (root / "content/nominations/gd-2027").exists()
    page.screenshot(path=str(SHOTS / f"nomination-problem-{size}.png"))
    field("reason").fill("坚守网格一线。")
    with _save_answered(page):
        publish()
    saved = root / "content/nominations/gd-2027/chen-xiaoli.yml"
    assert saved.is_file()
    context.close()
    assert saved.read_text(encoding="utf-8") == "worker: chen-xiaoli\nbureau: 广州市民政局\nreason: 坚守网格一线。\nstatus: nominated\n"
    _, problems = check(settings_for(root))
    assert [p for p in problems if p.path.startswith("content/nominations/gd-2027")] == []
    assert elsewhere == []
