"""Problems: located values, formatted in one place, every quoted part safe to print."""

from __future__ import annotations

import json

import pytest

from generator.messages import message, printable
from generator.problems import Level, Problems, format_report, problem

FORGED = "广洲\nstories/2022/x/index.zh.md:1: title: 伪造的一行\x1b[2J\x1b]0;pwned\x07"
"""A value that would forge a line of `guardians check` and clear the terminal, were it printed as it is."""


@pytest.mark.parametrize(
    "text, shown",
    [
        ("广州市 Tianhe 天河区", "广州市 Tianhe 天河区"),
        ("a\\nb C:\\path", "a\\nb C:\\path"),
        ("一\n二\r三\t四", "一\\n二\\r三\\t四"),
        ("\x00", "\\0"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
        ("txt.\u202eexe", "txt.\\u202eexe"),
        ("\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"),
        ("零\u200b宽", "零\\u200b宽"),
        ("行\u2028段\u2029", "行\\u2028段\\u2029"),
        ("\U000e0041\ufeff", "\\U000e0041\\ufeff"),
        ("全角\u3000空格\u00a0", "全角\u3000空格\u00a0"),
    ],
)
def test_printable_shows_control_format_and_invisible_characters_as_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown


def test_every_parameter_of_a_message_is_printable() -> None:
    assert message("unknown-city", "en", found="广洲\n\x1b[2J", hint_en="", hint_zh="") == (
        "unknown city '广洲\\n\\x1b[2J'")
    assert message("unknown-city", "zh", found="\u202e广洲", hint_en="", hint_zh="") == "未知城市“\\u202e广洲”"


def test_a_forged_line_stays_inside_its_problem() -> None:
    found = problem("stories/2022/grid-night/index.zh.md", 4, "city", "unknown-city", found=FORGED, hint_en="",
                    hint_zh="")
    line = found.format("en")
    assert "\n" not in line and "\x1b" not in line and "\x07" not in line
    assert line == ("stories/2022/grid-night/index.zh.md:4: city: unknown city '广洲\\nstories/2022/x/index.zh.md:1: "
                    "title: 伪造的一行\\x1b[2J\\x1b]0;pwned\\x07'")


def test_the_path_and_the_field_are_printable_too() -> None:
    found = problem("stories/2022/a\nb:1: x\u202e/index.zh.md", 3, "ti\x1btle", "missing", level=Level.WARNING)
    assert found.format("en") == (
        "stories/2022/a\\nb:1: x\\u202e/index.zh.md:3: warning: ti\\x1btle: this field is required")
    assert found.as_dict("zh") == {"path": "stories/2022/a\\nb:1: x\\u202e/index.zh.md", "line": 3,
                                   "field": "ti\\x1btle", "level": "warning", "code": "missing",
                                   "message": "缺少必填字段"}


def test_the_problem_keeps_its_path_as_it_is_for_finding_its_file() -> None:
    path = "stories/2022/x\u202e/index.zh.md"
    problems = Problems([problem(path, 0, "", "missing-zh-text")])
    assert [p for p in problems.items if p.path == path] == problems.items


def test_a_report_has_one_line_per_problem_each_starting_with_its_path() -> None:
    problems = [problem("content/workers/a/index.zh.md", 2, "name", "text-control", chars="\x1b", found=FORGED),
                problem("stories/2022/b\x85/index.zh.md", 0, "", "name-control"),
                problem("stories/2022/c/index.zh.md", 5, "title\n", "text-bidi", chars="\u202e", found="a\u202eb")]
    text = format_report(problems, "en", "text")
    lines = text.split("\n")
    assert len(lines) == 3
    assert [line.split(":", 1)[0] for line in lines] == [
        "content/workers/a/index.zh.md", "stories/2022/b\\x85/index.zh.md", "stories/2022/c/index.zh.md"]
    assert text.replace("\n", "").isprintable()
    assert not any(c in text for c in "\x1b\x07\x85\u202e")


def test_a_json_report_holds_no_control_or_bidirectional_character() -> None:
    problems = [problem("stories/2022/b\x85/index.zh.md", 1, "ti\u202etle", "text-control", chars="\x1b", found=FORGED)]
    text = format_report(problems, "en", "json")
    assert not any(c in text for c in "\x1b\x07\x85\u202e")
    [item] = json.loads(text)
    assert item["path"] == "stories/2022/b\\x85/index.zh.md" and item["field"] == "ti\\u202etle"
    assert item["message"].startswith("holds the control character \\x1b; remove it: '广洲\\nstories/2022/x/")


def test_problems_compare_by_value_and_sort_by_place() -> None:
    a = problem("b.md", 2, "x", "missing")
    b = problem("a.md", 9, "x", "missing")
    assert a == problem("b.md", 2, "x", "missing") and a != b
    assert Problems([a, b, a]).sorted() == [b, a]
    warning = problem("a.md", 1, "", "missing-twin", level=Level.WARNING)
    assert Problems([a, warning]).errors() == [a] and Problems([a, warning]).warnings() == [warning]
