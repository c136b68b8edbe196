"""`guardians new training` and the CMS's training collection: made from the schema, checked as `check` checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, settings_for

from generator.build import check
from generator.cli import main
from generator.tools import cms
from generator.tools.scaffold import ScaffoldError, fill, write

FLAGS = {"title": "天河区网格员培训", "slug": "tianhe-grid-2022", "date": "2022-04-12", "city": "广州",
         "district": "天河区", "organiser": "天河区民政局", "audience": "grid-worker，building-head", "hours": "1.5",
         "participants": "126", "summary": "网格走访与上报。", "guides": "daily-monitoring"}
FOLDER = "content/trainings/tianhe-grid-2022"


def test_a_training_from_flags_passes_check(tree: Callable[..., Path]) -> None:
    root = tree()
    written = write(fill("training", root, dict(FLAGS), today=TODAY, lang="zh", prompts=None))
    assert [p.relative_to(root).as_posix() for p in written] == [f"{FOLDER}/index.zh.md"]
    text = (root / FOLDER / "index.zh.md").read_text(encoding="utf-8")
    assert "hours: 1.5\n" in text and "participants: 126\n" in text
    assert "audience: [grid-worker, building-head]\n" in text and "guides: [daily-monitoring]\n" in text
    _, problems = check(settings_for(root))
    assert [p.format("zh") for p in problems if p.path.startswith(FOLDER) and p.level.is_error()] == []


@pytest.mark.parametrize(("name", "value", "field"), [
    ("city", "广洲", "city"), ("audience", "grid-workr", "audience[0]"), ("hours", "0", "hours"),
    ("participants", "很多", "participants"), ("guides", "nowhere", "guides[0]"), ("date", "2027-01-01", "date"),
])
def test_a_bad_answer_is_refused_and_nothing_is_written(tree: Callable[..., Path], name: str, value: str,
                                                        field: str) -> None:
    root = tree()
    with pytest.raises(ScaffoldError) as refused:
        write(fill("training", root, FLAGS | {name: value}, today=TODAY, lang="zh", prompts=None))
    assert field in {p.field for p in refused.value.problems}
    assert not (root / FOLDER).exists()


def test_the_command_line_makes_a_training(tree: Callable[..., Path]) -> None:
    root = tree()
    flags = [x for k, v in FLAGS.items() if k != "slug" for x in (f"--{k}", v)]
    assert main(["new", "training", "--root", str(root), "--no-input", "--slug", "tianhe-grid-2022", *flags]) == 0
    assert (root / FOLDER / "index.zh.md").is_file()


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def test_the_cms_has_a_training_collection_typed_from_the_schema(tree: Callable[..., Path]) -> None:
    config = cms.config(tree(), "zh", TODAY)
    [collection] = [c for c in config["collections"] if c["name"] == "trainings"]
    assert (collection["folder"], collection["path"], collection["media_folder"]) == (
        "content/trainings", "{{slug}}/index", "")
    fields = by_name(collection["fields"])
    assert fields["date"]["pattern"][0] == cms.DATE_PATTERN
    assert fields["hours"] | {} == fields["hours"] and fields["hours"]["widget"] == "number"
    assert fields["hours"]["value_type"] == "float" and fields["participants"]["value_type"] == "int"
    assert fields["audience"]["widget"] == "select" and fields["audience"]["multiple"] is True
    assert "township-cadre" in [o["value"] for o in fields["audience"]["options"]]
    assert fields["guides"]["widget"] == "relation" and fields["guides"]["collection"] == "guides"
    materials = by_name(fields["materials"]["fields"])
    assert materials["file"]["widget"] == "file" and materials["file"]["label"] == "材料文件（PDF 或 PPTX）"
    assert fields["title"].get("i18n") is True and fields["organiser"].get("i18n") is True
    assert fields["date"].get("i18n") is None  # not translatable: only in index.zh.md
    assert cms.model_of(f"{FOLDER}/index.zh.md") is not None


def test_the_policy_form_offers_the_notice_metadata(tree: Callable[..., Path]) -> None:
    config = cms.config(tree(), "en", TODAY)
    [policies] = [c for c in config["collections"] if c["name"] == "policies"]
    fields = by_name(policies["fields"])
    assert fields["index_number"]["required"] is False and fields["index_number"]["label"].startswith("index number")
    assert fields["published"]["pattern"][0] == cms.DATE_PATTERN
