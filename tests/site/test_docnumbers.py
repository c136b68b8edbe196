"""Document numbers in English (generator/site/docnumbers.py)."""

from __future__ import annotations

import pytest

from generator.site.docnumbers import in_english, search_forms, shown


@pytest.mark.parametrize("number, english", [
    ("粤民函〔2022〕35号", "Yue Min Han [2022] No. 35"),
    ("粤民函〔2026〕128号", "Yue Min Han [2026] No. 128"),
    ("国办发〔2020〕7号", "Guo Ban Fa [2020] No. 7"),
    ("粤府办〔2019〕3号", "Yue Fu Ban [2019] No. 3"),
    ("穗民〔2021〕012号", "Sui Min [2021] No. 12"),
    ("深民发〔2023〕1号", "Shen Min Fa [2023] No. 1"),
    ("粤卫函〔2021〕12号", "Yue Wei Han [2021] No. 12"),
])
def test_a_document_number_in_english(number: str, english: str) -> None:
    assert in_english(number) == english
    assert shown(number, "en") == english
    assert shown(number, "zh") == number


@pytest.mark.parametrize("text", ["", "第35号", "粤民函2022年35号", "粤民函〔22〕35号", "粤民函〔2022〕35"])
def test_what_is_not_a_document_number_stays_as_it_is(text: str) -> None:
    assert in_english(text) == text
    assert search_forms(text, "en") == []


def test_an_english_page_is_also_found_by_the_chinese_form() -> None:
    assert search_forms("粤民函〔2022〕35号", "en") == ["粤民函〔2022〕35号"]
    assert search_forms("粤民函〔2022〕35号", "zh") == []
