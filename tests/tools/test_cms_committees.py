"""The CMS's committee lists (generator/tools/cms.py::committee_lists, cmsbackend) and `guardians new committees`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, regions_with, settings_for

from generator.build import check
from generator.cli import main
from generator.tools import cms
from generator.tools.cmsbackend import Backend

REGIONS_WITH_NANAO = regions_with("shantou", "汕头市", "Shantou", ("nanao", "南澳县", "Nanao County"))
PATH = "content/committees/nanao.yml"
ON_DISK = """\
city: 汕头市
district: 南澳县
bureau: 汕头市南澳县民政局
updated: 2026-11-20
committees:
  - town: 后宅镇
    village: 北面村
    established: 2022-04-08
    chair: village-committee-director
    members:
      committee-member: 3
"""


def call(backend: Backend, action: str, **params: Any) -> tuple[int, Any]:
    status, _, body = backend("/api/v1", json.dumps({"action": action, "params": params}).encode())
    return status, json.loads(body)


@pytest.fixture
def root(tree: Callable[..., Path]) -> Path:
    return tree({"content/regions.yml": REGIONS_WITH_NANAO, PATH: ON_DISK})


def test_the_form_has_the_lists_fields_with_labels_in_the_users_language(root: Path) -> None:
    collection = next(c for c in cms.config(root, "zh", TODAY)["collections"] if c["name"] == "committees")
    form = {f["name"]: f for f in collection["fields"]}
    assert list(form) == ["file", "city", "district", "bureau", "updated", "committees"]
    assert form["bureau"]["label"] == "报送单位（如 韶关市曲江区民政局）"
    rows = {f["name"]: f for f in form["committees"]["fields"]}
    assert list(rows) == ["town", "village", "code", "status", "established", "chair", "team"]  # members: kept
    assert rows["status"]["options"][1] == {"label": "筹建中", "value": "preparing"}
    assert {"label": "村委会主任", "value": "village-committee-director"} in rows["chair"]["options"]


def test_a_list_read_and_saved_in_the_cms_keeps_our_layout_and_the_members(root: Path) -> None:
    backend = Backend(root, today=lambda: TODAY)
    status, entries = call(backend, "entriesByFolder", folder="content/committees", extension="yml", depth=1)
    assert status == 200 and entries[0]["data"].startswith("file: nanao\ncity: 汕头市\n")
    raw = ("file: nanao\ncity: 汕头市\ndistrict: 南澳县\nbureau: 汕头市南澳县民政局\nupdated: 2026-11-21\ncommittees:\n"
           "  - {town: 后宅镇, village: 北面村, code: '', status: established, established: 2022-04-08,"
           " chair: village-committee-director}\n"
           "  - {town: 后宅镇, village: 新乡村, status: preparing, chair: village-committee-director}\n")
    assert call(backend, "persistEntry", dataFiles=[{"path": PATH, "raw": raw}], assets=[]) == (
        200, {"message": "entry persisted"})
    text = (root / PATH).read_text(encoding="utf-8")
    assert text.startswith("city: 汕头市\ndistrict: 南澳县\n") and "file:" not in text
    assert "    members:\n      committee-member: 3\n  - town: 后宅镇\n    village: 新乡村\n" in text
    _, problems = check(settings_for(root))
    assert [p for p in problems if p.path == PATH] == []


def test_a_list_with_an_unknown_village_is_refused_beside_the_field_and_the_file_stays(root: Path) -> None:
    backend = Backend(root, today=lambda: TODAY)
    raw = ON_DISK.replace("village: 北面村", "village: 北面屯")
    status, body = call(backend, "persistEntry", dataFiles=[{"path": PATH, "raw": "file: nanao\n" + raw}], assets=[])
    assert status == 422
    assert body["problems"][0]["field"] == "committees[0].village"
    assert (root / PATH).read_text(encoding="utf-8") == ON_DISK


def test_other_lists_problems_do_not_block_a_save(root: Path) -> None:
    (root / "content/committees/tianhe.yml").write_text("city: 广州市\ndistrict: 天河区\n", encoding="utf-8")
    backend = Backend(root, today=lambda: TODAY)
    status, _ = call(backend, "persistEntry", dataFiles=[{"path": PATH, "raw": "file: nanao\n" + ON_DISK}], assets=[])
    assert status == 200


def test_new_committees_writes_an_empty_list_for_a_county(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / PATH).unlink()
    assert main(["new", "committees", "--root", str(root), "--no-input", "--city", "汕头市", "--district", "南澳县",
                 "--bureau", "汕头市南澳县民政局", "--updated", "2026-11-20"]) == 0
    text = (root / PATH).read_text(encoding="utf-8")
    assert "city: 汕头市\n" in text and "district: 南澳县\n" in text and "bureau: 汕头市南澳县民政局\n" in text
    _, problems = check(settings_for(root))
    assert [p for p in problems if p.path == PATH] == []
    assert main(["new", "committees", "--root", str(root), "--no-input", "--city", "汕头市", "--district", "南奥县",
                 "--bureau", "x", "--updated", "2026-11-20"]) == 1
    assert "未知的县（区）“汕头市南奥县”" in capsys.readouterr().err
