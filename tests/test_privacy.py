"""The personal-data scanner: what it finds, how it masks, what it lets through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import AWARD, NOMINATION, STORY, STORY_EN
from generator.load import load_tree
from generator.privacy import DataKind, id_checksum_ok, luhn_ok, mask, scan
from generator.validate import validate_tree

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("text", "kind", "masked"), [
    ("身份证号11010519491231002X。", DataKind.ID_NUMBER, "110105********002X"),
    ("身份证号11010519491231002x", DataKind.ID_NUMBER, "110105********002X"),
    ("旧身份证110105491231002号", DataKind.ID_NUMBER, "110105******002"),
    ("电话13912345678联系", DataKind.MOBILE, "139****5678"),
    ("电话：+86 139-1234-5678", DataKind.MOBILE, "139****5678"),
    ("电话：0086 139 1234 5678", DataKind.MOBILE, "139****5678"),
    ("电话（+86）13912345678", DataKind.MOBILE, "139****5678"),
    ("电话１３９１２３４５６７８", DataKind.MOBILE, "139****5678"),
    ("电话１３９－１２３４－５６７８", DataKind.MOBILE, "139****5678"),
    ("call 139 1234 5678 today", DataKind.MOBILE, "139****5678"),
    ("卡号6222 0212 3456 7894", DataKind.BANK_CARD, "6222********7894"),
    ("卡号4111-1111-1111-1111", DataKind.BANK_CARD, "4111********1111"),
    ("住在3栋2单元502室", DataKind.ADDRESS, "*栋*单元***室"),
    ("住在十二栋1502", DataKind.ADDRESS, "**栋****"),
    ("A座1503室", DataKind.ADDRESS, "A座****室"),
    ("5号楼3单元", DataKind.ADDRESS, "*号楼*单元"),
    ("2单元301房", DataKind.ADDRESS, "*单元***房"),
    ("lives at Building 3, Unit 2, Room 502.", DataKind.ADDRESS, "Building *, Unit *, Room ***"),
    ("Room 1502, Block 7", DataKind.ADDRESS, "Room ****, Block *"),
    ("张某核酸检测结果为阳性。", DataKind.HEALTH, "核酸检测结果为阳性"),
    ("一名32岁男子抗原阳性", DataKind.HEALTH, "抗原阳性"),
    ("她被确诊为新冠肺炎病例", DataKind.HEALTH, "确诊为新冠肺炎病例"),
    ("Mr Wang tested positive on Monday.", DataKind.HEALTH, "tested positive"),
    ("A 45-year-old man was diagnosed with COVID-19.", DataKind.HEALTH, "diagnosed with"),
])
def test_finds_and_masks(text: str, kind: DataKind, masked: str) -> None:
    found = scan(text)
    assert [(f.kind, f.masked) for f in found] == [(kind, masked)]


@pytest.mark.parametrize("text", [
    "身份证号11010519491231002（校验位错误的号码不算）1",
    "110105194912310021",  # wrong check character
    "文号粤民函〔2022〕35号，2022-04-12 发布",
    "咨询电话020-12345678，或拨打12345市民热线",
    "电话 1391234567（只有十位）",
    "流水号 139123456789（十二位）",
    "卡号 6222021234567890",  # fails Luhn
    "每栋楼每个单元都建了微信群",
    "住在3栋的老人",
    "如核酸检测结果为阳性，应立即向社区报告。",
    "If you test positive, stay at home and call the community.",
    "全区共发现确诊病例12例。",
    "2022年4月12日凌晨3点",
])
def test_lets_through(text: str) -> None:
    assert scan(text) == []


def test_digits_next_to_chinese_are_found_without_word_boundaries() -> None:
    found = scan("联系电话13912345678或身份证11010519491231002X即可")
    assert [f.kind for f in found] == [DataKind.MOBILE, DataKind.ID_NUMBER]


def test_an_id_number_that_also_passes_luhn_is_reported_once_as_an_id() -> None:
    assert luhn_ok("440106198503120357") and id_checksum_ok("440106198503120357")
    assert [(f.kind, f.masked) for f in scan("证件号440106198503120357")] == [(DataKind.ID_NUMBER, "440106********0357")]


def test_checksums() -> None:
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_mask_replaces_only_the_value() -> None:
    assert mask("请拨打13912345678联系") == "请拨打139****5678联系"


def _problems(tree: Callable[..., Path], files: dict[str, str | bytes | None]) -> list[str]:
    raw = load_tree(tree(files))
    return sorted(p.format("en") for p in validate_tree(raw, today=TODAY).problems if p.key == "personal-data")


def test_body_caption_and_field_are_scanned_with_file_and_line(tree: Callable[..., Path]) -> None:
    story = (STORY.replace("caption: 夜间登记（示意图）", "caption: 住户3栋2单元502室")
             .replace("author: 李明", "author: 李明 13912345678")
             .replace("那天夜里，网格员逐户敲门。", "那天夜里，网格员逐户敲门。\n\n张某的核酸结果为阳性。"))
    en = STORY_EN.replace("Registering at night (illustration)", "Call +86 139 1234 5678")
    assert _problems(tree, {"stories/2022/grid-night/index.zh.md": story,
                            "stories/2022/grid-night/index.en.md": en}) == [
        "stories/2022/grid-night/index.en.md:5: captions.night.jpg: contains personal data (mobile number: "
        "139****5678); remove it before submitting",
        "stories/2022/grid-night/index.zh.md:10: author: contains personal data (mobile number: 139****5678); "
        "remove it before submitting",
        "stories/2022/grid-night/index.zh.md:15: photos[0].caption: contains personal data (home address: "
        "*栋*单元***室); remove it before submitting",
        "stories/2022/grid-night/index.zh.md:20: contains personal data (individual health result: 核酸结果为阳性); "
        "remove it before submitting",
    ]


def test_a_hit_refuses_the_entry(tree: Callable[..., Path]) -> None:
    story = STORY.replace("那天夜里", "身份证11010519491231002X，那天夜里")
    valid = validate_tree(load_tree(tree({"stories/2022/grid-night/index.zh.md": story})), today=TODAY)
    assert "grid-night" not in {e.slug for e in valid.entries}
    assert "grid-night" in {e.slug for e in valid.refused}


def test_public_feedback_phone_and_internal_block_are_not_scanned(tree: Callable[..., Path]) -> None:
    award = AWARD.replace("phone: 020-12345678", "phone: '13800138000'")
    nomination = NOMINATION.replace("phone: '13912345678'", "phone: '13912345678'\n  id_card: 11010519491231002X")
    assert _problems(tree, {"content/awards/gd-2026.yml": award,
                            "content/nominations/gd-2026/chen-xiaoli.yml": nomination}) == []


def test_a_nomination_reason_is_scanned(tree: Callable[..., Path]) -> None:
    nomination = NOMINATION.replace("reason: 坚守网格一线。", "reason: 坚守网格一线，电话13912345678。")
    assert _problems(tree, {"content/nominations/gd-2026/chen-xiaoli.yml": nomination}) == [
        "content/nominations/gd-2026/chen-xiaoli.yml:4: reason: contains personal data (mobile number: 139****5678); "
        "remove it before submitting",
    ]


def test_messages_in_chinese(tree: Callable[..., Path]) -> None:
    story = STORY.replace("那天夜里", "卡号6222 0212 3456 7894，那天夜里")
    raw = load_tree(tree({"stories/2022/grid-night/index.zh.md": story}))
    found = [p.format("zh") for p in validate_tree(raw, today=TODAY).problems if p.key == "personal-data"]
    assert found == ["stories/2022/grid-night/index.zh.md:18: 含有个人信息（银行卡号：6222********7894），请删除后再提交"]
