"""Internal values of nominations: gathered at any depth, looked for in every public text, masked in messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NOMINATION, STORY, TODAY

from generator.content import internal
from generator.content.load import load_tree
from generator.content.validate import validate_tree

NOM = "content/nominations/gd-2026/chen-xiaoli.yml"
STORY_ZH = "stories/2022/grid-night/index.zh.md"


def problems_of(tree: Callable[..., Path], files: dict[str, str]) -> list[str]:
    valid = validate_tree(load_tree(tree(files)), today=TODAY)
    return sorted(p.format("en") for p in valid.problems if p.key.startswith("internal-"))


def quote(field: str, masked: str) -> str:
    return (f"quotes the value of internal field {field} ({masked}) of the nomination {NOM}; internal values are "
            "never published, so this entry is refused")


def test_every_leaf_at_any_depth_and_in_lists_is_gathered(tree: Callable[..., Path]) -> None:
    nomination = NOMINATION + ("  contacts:\n    - {kind: home, mobile: '13700001111'}\n"
                               "  review: {second: {notes: 街道二次复核意见}, year: 2026, passed: true}\n")
    raw = load_tree(tree({NOM: nomination}))
    secrets, problems = internal.gather(raw)
    assert problems == []
    assert [(s.field, s.line) for s in secrets] == [
        ("internal.id_number", 7), ("internal.phone", 8), ("internal.reviewer_notes", 9),
        ("internal.contacts[0].mobile", 11), ("internal.review.second.notes", 12)]  # `home`, 2026, true: too short


@pytest.mark.parametrize("value, checked", [
    ("甲乙", False), ("甲乙丙", True), ("12345", False), ("123456", True), ("1-2-3-4-5", False),
    ("R&D<2023>", True), ("ａｂｃ１２３", True), ("第3名", True),
])
def test_a_value_is_looked_for_from_three_chinese_or_six_other_characters(value: str, checked: bool) -> None:
    assert internal.long_enough(value) is checked


@pytest.mark.parametrize("value, masked", [
    ("甲乙丙", "***"), ("13912345678", "1********8"), ("44010619850312002X", "44********2X"),
    ("内部复核意见甲乙丙", "内*******丙"), ("R&D<2023>", "R*******>"),
])
def test_the_masked_form_never_repeats_the_value(value: str, masked: str) -> None:
    assert internal.Secret(NOM, 1, "internal.x", value).masked == masked


@pytest.mark.parametrize("body", [
    "复核：内部复核意见甲乙丙。",  # as written
    "复核：内部**复核**意见甲乙丙。",  # split by emphasis
    "复核：内部\u200b复核意见甲乙丙。",  # by a zero-width space
    "复核：内部復核意見甲乙丙。",  # in Traditional characters
    "复核：&#20869;部复核意见甲乙丙。",  # an entity
    "复核：内部复核\n意见甲乙丙。",  # over a line break
])
def test_a_story_quoting_a_value_in_any_disguise_is_refused(tree: Callable[..., Path], body: str) -> None:
    story = STORY.replace("那天夜里，网格员逐户敲门。", body)
    assert problems_of(tree, {STORY_ZH: story}) == [
        f"{STORY_ZH}:18: {quote('internal.reviewer_notes', '内*******丙')}"]


def test_the_quoting_entry_is_refused_and_the_others_go_on(tree: Callable[..., Path]) -> None:
    story = STORY.replace("caption: 夜间登记（示意图）", "caption: 电话 139 1234 5678")
    valid = validate_tree(load_tree(tree({STORY_ZH: story})), today=TODAY)
    assert f"{STORY_ZH}:15: photos[0].caption: {quote('internal.phone', '1********8')}" in {
        p.format("en") for p in valid.problems}
    assert [e.slug for e in valid.entries] == ["daily-monitoring", "chen-xiaoli", "gd-2026", "chen-xiaoli"]


def test_values_of_a_nomination_refused_for_another_error_are_looked_for(tree: Callable[..., Path]) -> None:
    broken = NOMINATION.replace("bureau: 广州市民政局\n", "").replace("  phone: '13912345678'\n",
                                                                  "  extra: [{note: 区级初审意见壬癸}]\n")
    story = STORY.replace("summary: 网格员的一夜。", "summary: 区级初审意见壬癸")
    assert problems_of(tree, {NOM: broken, STORY_ZH: story}) == [
        f"{STORY_ZH}:9: summary: {quote('internal.extra[0].note', '区******癸')}"]


def test_a_nomination_repeating_its_own_value_is_told_which_public_field(tree: Callable[..., Path]) -> None:
    nomination = NOMINATION.replace("reason: 坚守网格一线。", "reason: 坚守网格一线，内部复核意见甲乙丙。")
    assert problems_of(tree, {NOM: nomination}) == [
        f"{NOM}:4: reason: this public field repeats the value of the nomination's own internal field "
        "internal.reviewer_notes (内*******丙); public fields are published: remove or reword it"]


def test_another_nomination_quoting_a_value_is_refused(tree: Callable[..., Path]) -> None:
    other = "content/nominations/gd-2026/li-ming.yml"
    text = "organisation: {name: 内部复核意见甲乙丙居委会, city: 广州市, district: 天河区}\nbureau: 广州市民政局\nreason: 好。\n"
    assert problems_of(tree, {other: text}) == [
        f"{other}:1: organisation.name: {quote('internal.reviewer_notes', '内*******丙')}"]


def test_a_value_the_site_shows_anyway_is_warned_and_not_looked_for(tree: Callable[..., Path]) -> None:
    nomination = NOMINATION + "  district: 天河区\n"
    raw = load_tree(tree({NOM: nomination}))
    secrets, problems = internal.gather(raw)
    assert "天河区" not in [s.value for s in secrets]
    assert sorted(p.format("en") for p in problems) == [
        f"{NOM}:10: warning: internal.district: the value (***) is text the site shows anyway (a place name, tag or "
        "interface text): it cannot be kept out and is not looked for"]
    assert problems_of(tree, {NOM: nomination}) == sorted(p.format("en") for p in problems)


def test_the_report_is_masked_where_a_message_repeats_a_value() -> None:
    secret = internal.Secret(NOM, 9, "internal.reviewer_notes", "内部复核意见甲乙丙")
    forms = {"内部复核意见甲乙丙": secret, "內部複核意見甲乙丙": secret}
    text = '{"message": "unknown city \'内部复核意见甲乙丙\' or 內部複核意見甲乙丙"}'
    assert internal.masked(text, forms) == '{"message": "unknown city \'内*******丙\' or 内*******丙"}'


def test_many_values_are_looked_for_at_once() -> None:
    secrets = [internal.Secret(NOM, i, f"internal.n{i}", f"44010619850312{i:04d}") for i in range(3000)]
    quotes = internal.Quotes(secrets)
    found = list(quotes.find(internal.compact("甲 4401 0619 8503 1229 99 乙 440106198503120007")))
    assert [(at, s.field) for at, s in found] == [(1, "internal.n2999"), (20, "internal.n7")]
