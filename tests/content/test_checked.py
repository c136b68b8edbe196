"""Each entry's own problems kept from one build to the next: only new or changed entries are checked again, and
what validation finds is what it finds from nothing, whatever changed."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import NOMINATION, STORY, STORY_EN, TODAY, base_tree, jpeg, record_notices, write_tree

from generator.content import checked, markup, validate
from generator.content.load import RawEntry, load_tree
from generator.content.validate import Validated, validate_tree

STORY_ZH = "stories/2022/grid-night/index.zh.md"
NOM = "content/nominations/gd-2026/chen-xiaoli.yml"
SENTENCE = "那天夜里，网格员逐户敲门。"

Files = dict[str, str | bytes | None]

EDITS: dict[str, tuple[Files, Files]] = {
    "a sentence added": ({}, {STORY_ZH: STORY.replace(SENTENCE, SENTENCE + "天亮时，名单登记完毕。")}),
    "a phone number added": ({}, {STORY_ZH: STORY.replace(SENTENCE, "有事请拨 13812345678。")}),
    "a line added above everything, so every line moves": ({}, {STORY_ZH: STORY.replace("---\n", "---\n# 草稿\n", 1)}),
    "an internal value quoted": ({}, {STORY_ZH: STORY.replace(SENTENCE, "复核：内部复核意见甲乙丙。")}),
    "a nomination's internal value changed to what a story already says": (
        {STORY_ZH: STORY.replace(SENTENCE, "街道意见丁戊己庚辛。")},
        {STORY_ZH: STORY.replace(SENTENCE, "街道意见丁戊己庚辛。"),
         NOM: NOMINATION.replace("内部复核意见甲乙丙", "街道意见丁戊己庚辛")}),
    "the lines of the front matter moved, its fields the same": (
        {STORY_ZH: STORY.replace("date:", "\ndate:").replace("community: 华景社区", "community: 华景社区 13912345678")},
        {STORY_ZH: STORY.replace("tags: [网格管理]", "tags:\n  - 网格管理").replace("community: 华景社区",
                                                                                 "community: 华景社区 13912345678")}),
    "the photo a story shows removed": ({}, {"stories/2022/grid-night/night.jpg": None}),
    "the photo a story shows added": ({"stories/2022/grid-night/night.jpg": None}, {}),
    "a translation removed": ({}, {"stories/2022/grid-night/index.en.md": None}),
    "a translation that cannot be rendered": ({}, {"stories/2022/grid-night/index.en.md": STORY_EN + "\n<script>x</script>\n"}),
    "the story removed": ({}, {STORY_ZH: None, "stories/2022/grid-night/index.en.md": None,
                               "stories/2022/grid-night/night.jpg": None}),
    "a story added, the same as another but for its folder": (
        {}, {"stories/2023/grid-day/index.zh.md": STORY.replace("2022-04-12", "2023-04-12"),
             "stories/2023/grid-day/night.jpg": jpeg()}),
}


def root_with(tmp_path: Path, files: Files) -> Path:
    """A fresh tree: the base tree with `files` replaced (None removes one)."""
    merged = {**base_tree(), **files}
    root = tmp_path / f"root-{next(_roots)}"
    return record_notices(write_tree(root, {rel: data for rel, data in merged.items() if data is not None}))


_roots = itertools.count()


def seen(valid: Validated) -> tuple[list[str], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What validation found, as it is reported: the problems in order and the accepted and refused entries."""
    return ([p.format("en") for p in valid.problems], [e.key for e in valid.entries],
            [r.key for r in valid.refused])


@pytest.mark.parametrize("edit", EDITS)
def test_a_tree_checked_with_the_last_build_s_record_is_checked_as_from_nothing(tmp_path: Path, edit: str) -> None:
    before, after = EDITS[edit]
    work = tmp_path / "work"
    validate_tree(load_tree(root_with(tmp_path, before)), today=TODAY, work=work)
    root = root_with(tmp_path, after)
    assert seen(validate_tree(load_tree(root), today=TODAY, work=work)) == seen(
        validate_tree(load_tree(root), today=TODAY))


def test_only_the_entry_that_changed_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    first = validate_tree(load_tree(root_with(tmp_path, {})), today=TODAY, work=work)
    assert (work / checked.CHECKED).is_file()
    checked_now: list[str] = []
    own = validate.own_problems

    def counted(item: RawEntry, quotes: object) -> list[object]:
        checked_now.append(item.folder)
        return own(item, quotes)  # type: ignore[arg-type]

    same, edited = root_with(tmp_path, {}), root_with(tmp_path, EDITS["a phone number added"][1])
    monkeypatch.setattr(validate, "own_problems", counted)
    again = validate_tree(load_tree(same), today=TODAY, work=work)
    assert checked_now == [] and seen(again) == seen(first)
    validate_tree(load_tree(edited), today=TODAY, work=work)
    assert checked_now == ["stories/2022/grid-night"]


def test_the_trial_renders_kept_are_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    validate_tree(load_tree(root_with(tmp_path, {})), today=TODAY, work=work)

    def refused(*_: object) -> str:
        raise AssertionError("rendered again")

    raw = load_tree(root_with(tmp_path, {}))
    markup._plain.clear()  # a new build, a new process
    validate_tree(raw, today=TODAY, work=work)
    monkeypatch.setattr(markup, "render_markdown", refused)
    bodies = [source.body for item in raw.entries for source in item.texts.values() if source.body]
    assert bodies and all(markup.render_plain(body) for body in bodies)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95"])
def test_a_damaged_record_checks_every_entry_again(tmp_path: Path, damage: bytes) -> None:
    work = tmp_path / "work"
    root = root_with(tmp_path, EDITS["a phone number added"][1])
    validate_tree(load_tree(root), today=TODAY, work=work)
    (work / checked.CHECKED).write_bytes(damage)
    assert seen(validate_tree(load_tree(root), today=TODAY, work=work)) == seen(
        validate_tree(load_tree(root), today=TODAY))
    assert checked.Checked(work, []).record.read() is not None  # type: ignore[union-attr]  # written anew


def test_the_record_holds_only_the_entries_of_the_last_build(tmp_path: Path) -> None:
    work = tmp_path / "work"
    validate_tree(load_tree(root_with(tmp_path, EDITS["a story added, the same as another but for its folder"][1])),
                  today=TODAY, work=work)
    many = len(checked.PickledRecord(work / checked.CHECKED, checked.Kept).read().found)
    raw = load_tree(root_with(tmp_path, {}))
    validate_tree(raw, today=TODAY, work=work)
    kept = checked.PickledRecord(work / checked.CHECKED, checked.Kept).read()
    assert len(kept.found) == len(raw.entries) == many - 1

