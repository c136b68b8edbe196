"""The text a reader sees: what the personal-data and internal-value checks compare."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from generator.content.readertext import (
    compact,
    fold,
    has_chinese,
    invisible,
    link_targets,
    markdown_lines,
    reader_line,
    simplified,
)


@pytest.mark.parametrize("written, seen", [
    ("138\u200b0013\u200d8000", "13800138000"),
    ("&#49;38&#x30;0138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎", "13800138000"),
    ("王\u202e小明", "王小明"),
    ("a&#10;b", "a b"),
    ("plain", "plain"),
])
def test_fold_reads_as_a_reader_does(written: str, seen: str) -> None:
    assert fold(written) == seen


def test_every_format_character_is_invisible() -> None:
    formats = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert invisible("".join(formats)) == "".join(formats)
    assert fold("a" + "".join(formats) + "b") == "ab"


def test_markdown_lines_keep_their_lines_and_drop_marks() -> None:
    assert markdown_lines("第一行\n电话 138**0013**`8000`\n\\*") == ["第一行", "电话 13800138000", ""]


def test_links_and_images_read_as_their_text_and_their_targets_apart() -> None:
    body = "a\n![电话 138](x.jpg)[0013](https://e.org/1 \"t\")[8000][ref]\n&#49;[![2](y.jpg)](https://e.org/2)"
    assert markdown_lines(body) == ["a", "电话 13800138000", "12"]
    assert link_targets(body) == [(1, 'https://e.org/1 "t"'), (1, "x.jpg"), (2, "https://e.org/2"), (2, "y.jpg")]
    assert reader_line("**１３８**&#x30;0138000[?](#)") == "13800138000?"


def test_simplified_and_compact_cover_both_scripts() -> None:
    assert simplified("臺灣審核意見") == "台湾审核意见"
    assert compact("審核 意見：A&amp;B") == compact("审核意见 a&b") == "审核意见ab"
    assert has_chinese("审核") and not has_chinese("review")
