"""The content-model docs cannot drift from the schema or the messages.

Both docs mark their complete examples with a code-fence title naming the
file (```yaml title="content/awards/x.yml"```), their field tables with an
HTML comment naming the schema model (`<!-- fields: Story -->`) and their
table of common messages with `<!-- messages -->`. Every example is written
into a content tree beside the base tree and must pass `guardians check`
without a single problem; every field table must list exactly the model's
fields, nested ones as `photos[].consent.by`, with the model's own
required/optional; every message quoted must be one the tool prints, with
`…` where the tool fills in a value.
"""

from __future__ import annotations

import io
import re
import typing
from pathlib import Path, PurePosixPath

import pytest
from conftest import base_tree, jpeg, record_notices, settings_for, write_tree
from materials import pdf_bytes, pptx_bytes
from PIL import Image
from pydantic import BaseModel

from generator.build import check
from generator.config import PROJECT
from generator.content import schema
from generator.messages import catalogue, message

DOCS = {"zh": PROJECT / "docs" / "content-model.zh.md", "en": PROJECT / "docs" / "content-model.en.md"}
REQUIRED_WORDS = {"zh": ("必填", "可选"), "en": ("required", "optional")}

_EXAMPLE = re.compile(r'^```(?:yaml|markdown) title="(?P<path>[^"]+)"\n(?P<text>.*?)^```$', re.M | re.S)
_TABLE = re.compile(r"^<!-- fields: (?P<model>\w+) -->\n(?P<rows>(?:\|.*\n)+)", re.M)
_ROW = re.compile(r"^\| `(?P<name>[^`]+)` \| (?P<required>[^|]+) \|", re.M)
_MATERIAL = re.compile(r"[\w.-]+\.(?:pdf|pptx)\b")
_IMAGE = re.compile(r"[\w.-]+\.(?:jpg|jpeg|png)\b")
_MESSAGES = re.compile(r"^<!-- messages -->\n(?P<rows>(?:\|.*\n)+)", re.M)
_FIRST_CELL = re.compile(r"^\| (?P<text>[^|]+?) \|", re.M)

KINDS = {
    "regions": r"content/regions\.yml",
    "tags": r"content/tags\.yml",
    "guide": r"content/guides/[^/]+/index\.zh\.md",
    "guide twin": r"content/guides/[^/]+/index\.en\.md",
    "policy": r"content/policies/[^/]+/index\.zh\.md",
    "policy twin": r"content/policies/[^/]+/index\.en\.md",
    "worker": r"content/workers/[^/]+/index\.zh\.md",
    "worker twin": r"content/workers/[^/]+/index\.en\.md",
    "story": r"stories/\d{4}/[^/]+/index\.zh\.md",
    "story twin": r"stories/\d{4}/[^/]+/index\.en\.md",
    "award": r"content/awards/[^/]+\.yml",
    "nomination": r"content/nominations/[^/]+/[^/]+\.yml",
    "committees": r"content/committees/[^/]+\.yml",
    "training": r"content/trainings/[^/]+/index\.zh\.md",
    "training twin": r"content/trainings/[^/]+/index\.en\.md",
}


def examples(lang: str) -> dict[str, str]:
    """Every complete example of one doc, by the path it names."""
    found: dict[str, str] = {}
    for match in _EXAMPLE.finditer(DOCS[lang].read_text(encoding="utf-8")):
        assert match["path"] not in found, f"{match['path']} is given twice"
        found[match["path"]] = match["text"]
    return found


def images_for(files: dict[str, str]) -> dict[str, bytes]:
    """A stand-in picture for every image an example names, in that example's folder."""
    images: dict[str, bytes] = {}
    for path, text in files.items():
        folder = PurePosixPath(path).parent
        for name in _IMAGE.findall(text):
            if name.endswith(".png"):
                out = io.BytesIO()
                Image.new("RGB", (640, 360), (60, 120, 200)).save(out, "PNG")
                images[str(folder / name)] = out.getvalue()
            else:
                images[str(folder / name)] = jpeg()
    return images


def materials_for(files: dict[str, str]) -> dict[str, bytes]:
    """A stand-in handout for every PDF or PPTX a training example names, in that example's folder."""
    found: dict[str, bytes] = {}
    for path, text in files.items():
        for name in _MATERIAL.findall(text):
            found[str(PurePosixPath(path).parent / name)] = pdf_bytes() if name.endswith(".pdf") else pptx_bytes()
    return found


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_every_example_passes_check(lang: str, tmp_path: Path) -> None:
    files = examples(lang)
    root = record_notices(write_tree(tmp_path / "root", {**base_tree(), **files, **images_for(files),
                                                         **materials_for(files)}))
    valid, problems = check(settings_for(root))
    places = [str(PurePosixPath(p).parent) if p.endswith(".md") else p for p in files]
    mine = [p.format("en") for p in problems if p.level.is_error() or any(p.path.startswith(x) for x in places)]
    assert mine == []
    accepted = {path for entry in valid.entries for path in entry.files()}
    data = {"content/regions.yml", "content/tags.yml"}
    assert sorted(set(files) - data - accepted) == []


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_every_kind_has_a_complete_example(lang: str) -> None:
    paths = list(examples(lang))
    missing = [kind for kind, pattern in KINDS.items() if not any(re.fullmatch(pattern, p) for p in paths)]
    assert missing == []


def test_both_docs_give_the_same_examples() -> None:
    assert sorted(examples("zh")) == sorted(examples("en"))


def field_paths(model: type[BaseModel]) -> dict[str, bool]:
    """Every field of `model` with whether it is required, nested ones as `a.b` and `a[].b`."""
    paths: dict[str, bool] = {}
    for name, info in model.model_fields.items():
        paths[name] = info.is_required()
        nested = _nested(info.annotation)
        if nested is not None:
            inner, many = nested
            for sub, required in field_paths(inner).items():
                paths[f"{name}{'[].' if many else '.'}{sub}"] = required
    return paths


def _nested(annotation: typing.Any) -> tuple[type[BaseModel], bool] | None:
    """The model a field holds, and whether it holds a list of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) is list:
        inner = _nested(typing.get_args(annotation)[0])
        return (inner[0], True) if inner else None
    for arg in typing.get_args(annotation):
        found = _nested(arg)
        if found is not None:
            return found
    return None


def documented(lang: str) -> dict[str, dict[str, str]]:
    """Each field table of a doc: model name → field → the start of its required cell."""
    tables: dict[str, dict[str, str]] = {}
    for table in _TABLE.finditer(DOCS[lang].read_text(encoding="utf-8")):
        assert table["model"] not in tables, f"two tables for {table['model']}"
        tables[table["model"]] = {row["name"]: row["required"].strip() for row in _ROW.finditer(table["rows"])}
    return tables


def test_field_paths_of_a_nested_model() -> None:
    paths = field_paths(schema.Story)
    assert paths["photos"] is False
    assert paths["photos[].file"] is True
    assert paths["photos[].consent.guardian"] is False
    assert "captions" in field_paths(schema.StoryTwin)


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_field_tables_match_the_schema(lang: str) -> None:
    tables = documented(lang)
    models = {m.__name__ for pair in schema.TWINS.items() for m in pair} | {"Regions", "TagInfo", "Award",
                                                                           "Nomination", "Committees"}
    assert sorted(tables) == sorted(models)
    required_word, optional_word = REQUIRED_WORDS[lang]
    for name, rows in tables.items():
        fields = field_paths(getattr(schema, name))
        assert sorted(rows) == sorted(fields), name
        for field, cell in rows.items():
            word = required_word if fields[field] else optional_word
            assert cell.startswith(word), f"{name}.{field}: expected '{word}…', found '{cell}'"


def message_pattern(template: str) -> re.Pattern[str]:
    """A catalogue template as a pattern: each `{parameter}` may be anything."""
    return re.compile(".*".join(re.escape(part) for part in re.split(r"\{[^}]+\}", template)), re.S)


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_quoted_messages_are_the_tools_own(lang: str) -> None:
    tables = _MESSAGES.findall(DOCS[lang].read_text(encoding="utf-8"))
    assert len(tables) == 1
    label = message("warning-label", lang) + " "  # type: ignore[arg-type]
    patterns = [message_pattern(template) for template in catalogue(lang).values()]  # type: ignore[arg-type]
    quoted = [cell["text"].removeprefix(label) for cell in _FIRST_CELL.finditer(tables[0])][1:]
    assert len(quoted) > 30
    assert [text for text in quoted if not any(p.fullmatch(text) for p in patterns)] == []
