"""The personal-data scanner: what it finds in the text a reader sees, how it masks, what it lets through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import AWARD, NOMINATION, STORY, STORY_EN, jpeg

from generator.content.load import load_tree
from generator.content.privacy import DataKind, id_checksum_ok, luhn_ok, mask, scan_body, scan_name, scan_value
from generator.content.validate import validate_tree

TODAY = date(2026, 11, 28)
ID = DataKind.ID_NUMBER
SHAPED = DataKind.ID_SHAPED
MOBILE = DataKind.MOBILE
WORDS = DataKind.MOBILE_IN_WORDS
CARD = DataKind.BANK_CARD
ADDRESS = DataKind.ADDRESS
HEALTH = DataKind.HEALTH


def found(text: str) -> list[tuple[DataKind, str]]:
    return [(f.kind, f.masked) for f in scan_value(text)]


@pytest.mark.parametrize(("text", "masked"), [
    ("身份证号11010519491231002X。", "110105********002X"),
    ("身份证号11010519491231002x", "110105********002X"),
    ("110105 19491231 002X", "110105********002X"),
    ("110105 1949 1231 002X", "110105********002X"),
    ("1101-0519-4912-3100-2X", "110105********002X"),
    ("1101\u200b0519491231002X", "110105********002X"),
    ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
    ("𝟏𝟏𝟎𝟏𝟎𝟓𝟏𝟗𝟒𝟗𝟏𝟐𝟑𝟏𝟎𝟎𝟐X", "110105********002X"),
    ("&#49;10105194912&#51;1002X", "110105********002X"),
    ("110105**1949**1231002X", "110105********002X"),
    ("证件号440106198503120357", "440106********0357"),  # passes Luhn too: an ID number, not a card
    ("4401 0619 8503 1203 57", "440106********0357"),
    ("旧身份证110105491231002号", "110105******002"),
    ("旧身份证 110105 491231 002", "110105******002"),
])
def test_id_numbers(text: str, masked: str) -> None:
    assert found(text) == [(ID, masked)]


@pytest.mark.parametrize(("text", "masked"), [
    ("110105194912310021", "110105********0021"),
    ("身份证号：110105 1949 1231 0021", "110105********0021"),
    ("４４０１０６１９８５０３１２００２１", "440106********0021"),
])
def test_a_wrong_check_digit_still_looks_like_an_id_number(text: str, masked: str) -> None:
    assert found(text) == [(SHAPED, masked)]


@pytest.mark.parametrize("text", [
    "电话13912345678联系",
    "电话：+86 139-1234-5678",
    "电话：0086 139 1234 5678",
    "电话（+86）13912345678",
    "+8613912345678",
    "电话１３９１２３４５６７８",
    "电话１３９－１２３４－５６７８",
    "call 139 1234 5678 today",
    "139.1234.5678",
    "139·1234·5678",
    "139–1234–5678",
    "139—1234—5678",
    "139\u20091234\u20095678",
    "139\u30001234\u30005678",
    "139\u00a01234\u00a05678",
    "139/1234/5678",
    "(139)1234-5678",
    "【139】1234 5678",
    "1\u200b3\u200c9\u200d1\u20602345678",
    "139&#8203;1234&nbsp;5678",
    "&#x31;3912345678",
    "139**1234**5678",
    "*139*_1234_`5678`",
    "𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",
    "①③⑨①②③④⑤⑥⑦⑧",
    "1. 13912345678",
    "会议于2022-04-12 13912345678联系",
    "139一二三四5678",
])
def test_mobile_numbers(text: str) -> None:
    assert found(text) == [(MOBILE, "139****5678")]


@pytest.mark.parametrize(("text", "masked"), [
    ("电话一三九一二三四五六七八", "一三九****五六七八"),
    ("幺三九 幺二三四 五六七八", "幺三九****五六七八"),
    ("壹叁玖壹贰叁肆伍陆柒捌", "壹叁玖****伍陆柒捌"),
])
def test_a_mobile_number_in_chinese_numerals_is_a_warning(text: str, masked: str) -> None:
    assert found(text) == [(WORDS, masked)]
    assert not WORDS.is_certain()


@pytest.mark.parametrize(("text", "masked"), [
    ("卡号6222 0212 3456 7894", "6222********7894"),
    ("卡号4111-1111-1111-1111", "4111********1111"),
    ("卡号4111.1111.1111.1111", "4111********1111"),
    ("卡号4111–1111–1111–1111", "4111********1111"),
    ("卡号４１１１\u2009１１１１\u2009１１１１\u2009１１１１", "4111********1111"),
    ("卡号6217 0000 1000 0000 003", "6217***********0003"),
])
def test_bank_cards(text: str, masked: str) -> None:
    assert found(text) == [(CARD, masked)]


@pytest.mark.parametrize(("text", "masked"), [
    ("住在3栋2单元502室", "*栋*单元***室"),
    ("住在3栋-2单元-502室", "*栋-*单元-***室"),
    ("住在3 栋 2 单元 502 室", "* 栋 * 单元 *** 室"),
    ("住在三栋二单元五零二室", "*栋*单元***室"),
    ("住在３栋２单元５０２室", "*栋*单元***室"),
    ("住在3栋，2单元，502室", "*栋,*单元,***室"),  # NFKC: full-width commas read as ASCII
    ("住在3栋/2单元/502", "*栋/*单元/***"),
    ("住在十二栋1502", "**栋****"),
    ("住在十二栋一五零二", "**栋****"),
    ("A座1503室", "A座****室"),
    ("5号楼3单元", "*号楼*单元"),
    ("2单元301房", "*单元***房"),
    ("3-2-502室", "*-*-***室"),
    ("3–2–502室", "*–*–***室"),
    ("lives at Building 3, Unit 2, Room 502.", "Building *, Unit *, Room ***"),
    ("Building 3 - Unit 2 - Room 502", "Building * - Unit * - Room ***"),
    ("Room 1502, Block 7", "Room ****, Block *"),
])
def test_addresses(text: str, masked: str) -> None:
    assert found(text) == [(ADDRESS, masked)]


@pytest.mark.parametrize(("text", "masked"), [
    ("张某核酸检测结果为阳性。", "核酸检测结果为阳性"),
    ("张伟的核酸检测结果：阳性", "核酸检测结果:阳性"),
    ("张伟核酸阳性", "核酸阳性"),
    ("居民李华确诊", "确诊"),
    ("欧阳明的抗原自测阳性", "抗原自测阳性"),
    ("王女士核酸检测呈阳性", "核酸检测呈阳性"),
    ("李先生被确诊为新冠肺炎病例", "被确诊为新冠肺炎病例"),
    ("一名32岁男子抗原阳性", "抗原阳性"),
    ("她被确诊为新冠肺炎病例", "被确诊为新冠肺炎病例"),
    ("王女士是无症状感染者", "是无症状感染者"),
    ("张伟确诊了新冠肺炎", "确诊了新冠肺炎"),
    ("张*伟*的核酸结果为阳性", "核酸结果为阳性"),
    ("Mr Wang tested positive on Monday.", "tested positive"),
    ("Zhang Wei tested positive on Monday.", "tested positive"),
    ("A 45-year-old man was diagnosed with COVID-19.", "diagnosed with"),
])
def test_an_individual_health_result(text: str, masked: str) -> None:
    assert found(text) == [(HEALTH, masked)]


@pytest.mark.parametrize("text", [
    "身份证号11010519491231002（十七位）1",
    "110105194913310021",  # no such month: not shaped like an ID number
    "001105194912310021",  # no such province
    "文号粤民函〔2022〕35号，2022-04-12 发布",
    "粤民函〔2022〕35号、粤民发〔2021〕112号",
    "2022-03-15",
    "2022.03.15-2022.04.15",
    "2022年3月15日至2022年4月15日",
    "2019/2020/2021/2022 四个年度",
    "2020—2022年",
    "全区共1,200 户、3,456 人",
    "共 12,345,678 人次",
    "发热门诊 35.6%，同比上升 12.3%，环比下降 4.1%",
    "咨询电话020-12345678，或拨打12345市民热线",
    "咨询电话 (020) 8333 1234",
    "电话 1391234567（只有十位）",
    "流水号 139123456789（十二位）",
    "卡号 6222021234567890",  # fails Luhn
    "每栋楼每个单元都建了微信群",
    "住在3栋的老人",
    "这一栋120户居民",
    "3栋120人",
    "会议室和活动室",
    "第二座桥",
    "如核酸检测结果为阳性，应立即向社区报告。",
    "如果您的核酸检测结果为阳性，请留在家中。",
    "若抗原自测阳性，请居家并联系社区。",
    "全员核酸检测中发现3名阳性感染者",
    "高风险区人员核酸阳性须立即上报",
    "If you test positive, stay at home and call the community.",
    "If the test result is positive, call the community.",
    "全区共发现确诊病例12例。",
    "她负责把确诊病例的密接人员转运到隔离点。",
    "他每天给无症状感染者送药。",
    "2022年4月12日凌晨3点",
    "一二三四五六七八九十",
    "IMG_20220412_135012.jpg",
    "mmexport1649745612345.jpg",
])
def test_lets_through(text: str) -> None:
    assert scan_value(text) == ()


def test_digits_next_to_chinese_are_found_without_word_boundaries() -> None:
    assert [k for k, _ in found("联系电话13912345678或身份证11010519491231002X即可")] == [MOBILE, ID]


def test_checksums() -> None:
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_masks_never_show_the_whole_value() -> None:
    for text in ("11010519491231002X", "110105194912310021", "110105491231002", "13912345678", "一三九一二三四五六七八",
                 "6222021234567894", "3栋2单元502室"):
        (finding,) = scan_value(text)
        assert finding.masked != text and "*" in finding.masked


def test_mask_replaces_only_the_value() -> None:
    assert mask("请拨打13912345678联系") == "请拨打139****5678联系"
    assert mask("stories/2022/１３９１２３４５６７８") == "stories/2022/139****5678"


def test_body_lines_links_and_images() -> None:
    body = ("第一行\n\n![电话 139 1234 5678](night.jpg)\n\n[138](https://example.org/a/13912345678)**0013**8000\n\n"
            "电话 139 1234\n5678 找他")
    assert [(line, f.kind, f.masked) for line, f in sorted(scan_body(body))] == [
        (2, MOBILE, "139****5678"), (4, MOBILE, "139****5678"), (4, MOBILE, "138****8000"),
        (6, MOBILE, "139****5678")]


def test_a_name_is_read_as_it_is_written() -> None:
    assert [(f.kind, f.masked) for f in scan_name("13912345678.jpg")] == [(MOBILE, "139****5678")]
    assert scan_name("grid-night-2022-04-12") == []


def _problems(tree: Callable[..., Path], files: dict[str, str | bytes | None]) -> list[str]:
    raw = load_tree(tree(files))
    return sorted(p.format("en") for p in validate_tree(raw, today=TODAY).problems if p.key.startswith("personal-data"))


def test_body_caption_and_field_are_scanned_with_file_and_line(tree: Callable[..., Path]) -> None:
    story = (STORY.replace("caption: 夜间登记（示意图）", "caption: 住户3栋-2单元-502室")
             .replace("author: 李明", "author: 李明 139.1234.5678")
             .replace("credit: 天河区民政局", "credit: 天河区民政局 1101\u200b0519491231002X")
             .replace("那天夜里，网格员逐户敲门。", "那天夜里，网格员逐户敲门。\n\n张伟的核酸检测结果：阳性。"))
    en = STORY_EN.replace("Registering at night (illustration)", "Call +86 139–1234–5678")
    assert _problems(tree, {"stories/2022/grid-night/index.zh.md": story,
                            "stories/2022/grid-night/index.en.md": en}) == [
        "stories/2022/grid-night/index.en.md:5: captions.night.jpg: contains personal data (mobile number: "
        "139****5678); remove it before submitting",
        "stories/2022/grid-night/index.zh.md:10: author: contains personal data (mobile number: 139****5678); "
        "remove it before submitting",
        "stories/2022/grid-night/index.zh.md:15: photos[0].caption: contains personal data (home address: "
        "*栋-*单元-***室); remove it before submitting",
        "stories/2022/grid-night/index.zh.md:16: photos[0].credit: contains personal data (resident ID number: "
        "110105********002X); remove it before submitting",
        "stories/2022/grid-night/index.zh.md:20: contains personal data (individual health result: 核酸检测结果:阳性); "
        "remove it before submitting",
    ]


def test_a_hit_refuses_the_entry(tree: Callable[..., Path]) -> None:
    story = STORY.replace("那天夜里", "身份证11010519491231002X，那天夜里")
    valid = validate_tree(load_tree(tree({"stories/2022/grid-night/index.zh.md": story})), today=TODAY)
    assert "grid-night" not in {e.slug for e in valid.entries}
    assert "grid-night" in {e.slug for e in valid.refused}


def test_a_number_in_chinese_numerals_warns_and_publishes(tree: Callable[..., Path]) -> None:
    story = STORY.replace("那天夜里", "电话一三九一二三四五六七八，那天夜里")
    valid = validate_tree(load_tree(tree({"stories/2022/grid-night/index.zh.md": story})), today=TODAY)
    assert [p.format("en") for p in valid.problems if p.key.startswith("personal")] == [
        "stories/2022/grid-night/index.zh.md:18: warning: may contain personal data (mobile number in Chinese "
        "numerals: 一三九****五六七八); check it and remove it if so"]
    assert "grid-night" in {e.slug for e in valid.entries}


def test_file_names_are_scanned(tree: Callable[..., Path]) -> None:
    assert _problems(tree, {"stories/2022/grid-night/13912345678.jpg": jpeg()}) == [
        "stories/2022/grid-night/13912345678.jpg: contains personal data (mobile number: 139****5678); "
        "remove it before submitting"]


def test_the_feedback_contact_may_publish_its_phone_but_nothing_else(tree: Callable[..., Path]) -> None:
    award = AWARD.replace("phone: 020-12345678", "phone: '13800138000'\n  address: 广州市越秀区某路1号A座1503室\n"
                          "  postcode: '510030'\n  email: 11010519491231002X@example.org")
    nomination = NOMINATION.replace("phone: '13912345678'", "phone: '13912345678'\n  id_card: 11010519491231002X")
    assert _problems(tree, {"content/awards/gd-2026.yml": award,
                            "content/nominations/gd-2026/chen-xiaoli.yml": nomination}) == [
        "content/awards/gd-2026.yml:11: feedback.email: contains personal data (resident ID number: "
        "110105********002X); remove it before submitting"]
    award = AWARD.replace("contact: 基层政权建设和社区治理处", "contact: 张伟，住3栋2单元502室，电话13800138000")
    assert _problems(tree, {"content/awards/gd-2026.yml": award}) == [
        "content/awards/gd-2026.yml:7: feedback.contact: contains personal data (home address: *栋*单元***室); "
        "remove it before submitting"]


def test_a_nomination_reason_is_scanned(tree: Callable[..., Path]) -> None:
    nomination = NOMINATION.replace("reason: 坚守网格一线。", "reason: 坚守网格一线，电话13912345678。")
    assert _problems(tree, {"content/nominations/gd-2026/chen-xiaoli.yml": nomination}) == [
        "content/nominations/gd-2026/chen-xiaoli.yml:4: reason: contains personal data (mobile number: 139****5678); "
        "remove it before submitting",
    ]


def test_messages_in_chinese(tree: Callable[..., Path]) -> None:
    story = STORY.replace("那天夜里", "卡号6222 0212 3456 7894，身份证110105194912310021，那天夜里")
    raw = load_tree(tree({"stories/2022/grid-night/index.zh.md": story}))
    found_zh = [p.format("zh") for p in validate_tree(raw, today=TODAY).problems if p.key == "personal-data"]
    assert found_zh == ["stories/2022/grid-night/index.zh.md:18: 含有个人信息（银行卡号：6222********7894），请删除后再提交",
                        "stories/2022/grid-night/index.zh.md:18: 含有个人信息（疑似身份证号，校验位不符：110105********0021），"
                        "请删除后再提交"]
