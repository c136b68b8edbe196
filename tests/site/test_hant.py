"""The Traditional Chinese edition: character-level conversion of pages and strings."""

from __future__ import annotations

from generator.editions import edition, with_converted
from generator.site.pages import Page, converted

HANT = edition("zh-hant")
convert = HANT.convert


def test_conversion_is_character_level_not_regional_vocabulary() -> None:
    assert convert("社区守护者") == "社區守護者"
    assert convert("网格员逐楼登记") == "網格員逐樓登記"
    # a phrase-level (Taiwan) profile would write 軟體 and 網路; the notices' own words stay
    assert convert("软件") == "軟件"
    assert convert("网络") == "網絡"


def test_page_text_is_converted_and_addresses_are_kept() -> None:
    page = Page("stories/2022/grid-night/", "凌晨三点的网格", '<p><a href="../../">社区</a></p>',
                "网格员的一夜", "media/abc-share-1200.jpg")
    hant = converted(page, HANT)
    assert (hant.url, hant.image) == (page.url, page.image)
    assert hant.title == "凌晨三點的網格"
    assert hant.body == '<p><a href="../../">社區</a></p>'
    assert hant.description == "網格員的一夜"


def test_strings_have_every_key_and_name_the_edition() -> None:
    zh = edition("zh").strings()
    table = HANT.strings().table
    assert table.keys() == zh.table.keys()
    assert table["language_name"] == "繁體中文"
    assert table["site_name"] == "社區守護者"


def test_internal_values_are_also_forbidden_in_traditional_form() -> None:
    assert with_converted(["内部复核意见", "13912345678"]) == ["内部复核意见", "13912345678", "內部複核意見"]
