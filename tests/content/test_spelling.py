"""Close spellings: only a likely slip is suggested, never an unrelated name."""

from __future__ import annotations

import pytest

from generator.content.spelling import close, closest


@pytest.mark.parametrize(("typed", "known", "expected"), [
    ("chen-xiaoi", "chen-xiaoli", True),      # one letter missing
    ("chen-xaioli", "chen-xiaoli", True),     # two letters swapped
    ("Chen Xiaoli", "chen-xiaoli", False),    # the same, not a misspelling
    ("zhang-san", "huang-meifang", False),
    ("zhang-san", "zhang-wei", False),
    ("lin-qiang", "lin-zhiqiang", False),
    ("wang-ming", "ouyang-ming", False),
    ("lin", "liu", False),                    # too short to correct
    ("陈晓莉", "陈晓丽", True),                # same pinyin
    ("陳曉麗", "陈晓丽", True),                # Traditional characters
    ("陈小丽", "陈晓丽", True),
    ("陈丽", "陈晓丽", False),
    ("张三", "陈晓丽", False),
])
def test_close(typed: str, known: str, expected: bool) -> None:
    assert close(typed, known) is expected


def test_closest_lists_only_close_spellings() -> None:
    known = ["chen-xiaoli", "huang-meifang", "zhang-wei", "lin-zhiqiang"]
    assert closest("chen-xaioli", known) == ["chen-xiaoli"]
    assert closest("zhang-san", known) == []
    assert closest("chen-xiaoli", known) == []  # itself: nothing to suggest
