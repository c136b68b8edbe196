"""`guardians import-notice`: official notices copied from portals become clean policy bundles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, settings_for

from generator.build import check
from generator.cli import main
from generator.tools.importnotice import clean, import_notice, parse, slug_for
from generator.tools.scaffold import ScaffoldError, TextError, read_text

NOTICE = """\
廣東省民政廳關於進一步做好城鄉社區疫情防控工作的通知
粵民函〔2022〕35號
各地級(jí)以上市民政局:
    當前,疫情多點(diǎn)散發(fā),防控形勢依然複雜嚴峻。現就有關工作通知如下.
一、強化社區組織動員
    各地要指導村(社區)充分發揮作用,落實《中華人民共和國傳染病防治法》和"四早"要求.
二、健全村(居)公共衛生委員會。各地要加快推進公共衛生委員會建設,年內實現全覆蓋.
（一）建立工作機制
    建立例會、台賬等工作機制,參照粵衛函[2021]12號執行.
廣東省民政廳
2022年3月18日
"""


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("地級(jí)以上市民政局", "地级以上市民政局"),
    ("疫情多點(diǎn)散發(fā)", "疫情多点散发"),
    ("村(社區)", "村（社区）"),
    ("村（社區）", "村（社区）"),
    ("地級（jí）以上", "地级以上"),
    ("地級(ji2)以上", "地级以上"),
    ("地級(ji)以上", "地级以上"),
    ("區(qū)域", "区域"),
    ("新冠肺炎(COVID-19)疫情", "新冠肺炎(COVID-19)疫情"),
    ("村(A)组", "村(A)组"),
    ("COVID-19(新冠)", "COVID-19（新冠）"),
    ("當前,疫情;防控:嚴峻?是!", "当前，疫情；防控：严峻？是！"),
    ("工作通知如下.", "工作通知如下。"),
    ("共1,000人,10:30集合,增長3.5%", "共1,000人，10:30集合，增长3.5%"),
    ('落實"四早"要求', "落实“四早”要求"),
    ("他說'不漏一戶'", "他说‘不漏一户’"),
    ("the 'grid' model", "the 'grid' model"),
    ("粵民函[2022]35號", "粤民函〔2022〕35号"),
    ("粵民函(2022)35號", "粤民函〔2022〕35号"),
    ("粵民函【2022】35號", "粤民函〔2022〕35号"),
])
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned
    assert clean(cleaned) == cleaned


def test_parse_finds_every_part() -> None:
    notice = parse(clean(NOTICE))
    assert notice.title == "广东省民政厅关于进一步做好城乡社区疫情防控工作的通知"
    assert notice.number == "粤民函〔2022〕35号"
    assert notice.addressees == ["各地级以上市民政局"]
    assert notice.issuer == "广东省民政厅"
    assert notice.date == "2022-03-18"
    assert notice.cited == ["《中华人民共和国传染病防治法》", "粤卫函〔2021〕12号"]
    assert notice.body == (
        "各地级以上市民政局：\n\n"
        "当前，疫情多点散发，防控形势依然复杂严峻。现就有关工作通知如下。\n\n"
        "## 一、强化社区组织动员\n\n"
        "各地要指导村（社区）充分发挥作用，落实《中华人民共和国传染病防治法》和“四早”要求。\n\n"
        "## 二、健全村（居）公共卫生委员会\n\n"
        "各地要加快推进公共卫生委员会建设，年内实现全覆盖。\n\n"
        "### （一）建立工作机制\n\n"
        "建立例会、台账等工作机制，参照粤卫函〔2021〕12号执行。\n\n"
        "广东省民政厅\n\n2022年3月18日\n")


def test_joint_issuers_chinese_numeral_dates_and_portal_lines() -> None:
    text = ("发布时间：2022-04-01 来源：本网\n《关于加强社区工作者关心关爱的通知》\n民发〔2022〕9号\n"
            "各省、自治区民政厅，各有关单位：\n正文。\n民政部\n国家卫生健康委员会\n二〇二二年四月一日\n【打印】【关闭】\n")
    notice = parse(clean(text))
    assert notice.title == "关于加强社区工作者关心关爱的通知"
    assert notice.number == "民发〔2022〕9号"
    assert notice.addressees == ["各省", "自治区民政厅", "各有关单位"]
    assert notice.issuer == "民政部、国家卫生健康委员会"
    assert notice.date == "2022-04-01"
    assert "打印" not in notice.body and "发布时间" not in notice.body


def test_html_and_markdown_in_the_text_stay_text() -> None:
    notice = parse(clean("通知\n各单位：\n<script>x</script> *注意* 1. 第一\n"))
    assert "\\<script\\>x\\</script\\> \\*注意\\* 1. 第一" in notice.body


def test_slug_from_the_document_number() -> None:
    assert slug_for("粤民函〔2022〕35号", "") == "yue-min-han-2022-35"
    assert slug_for("", "关于通知") == "guan-yu-tong-zhi"


def test_import_writes_a_policy_that_passes_check(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_bytes(NOTICE.encode("gb18030"))
    notice, draft, written = import_notice(source, root, {}, today=TODAY, lang="zh")
    folder = "content/policies/yue-min-han-2022-35"
    assert [p.relative_to(root).as_posix() for p in written] == [f"{folder}/index.zh.md"]
    text = written[0].read_text(encoding="utf-8")
    for line in ("title: 广东省民政厅关于进一步做好城乡社区疫情防控工作的通知", "issuer: 广东省民政厅",
                 "number: 粤民函〔2022〕35号", "date: 2022-03-18", "addressees: [各地级以上市民政局]"):
        assert line in text.splitlines()
    assert text.endswith("---\n" + notice.body)
    _, problems = check(settings_for(root))
    assert [p.key for p in problems if p.path.startswith(folder)] == ["missing-twin"]


def test_what_is_not_recognised_is_asked_for_and_nothing_is_written(
        tree: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_text("关于做好社区工作的通知\n各区民政局：\n请认真落实。\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as caught:
        import_notice(source, root, {}, today=TODAY, lang="zh")
    assert sorted(p.field for p in caught.value.problems) == ["date", "issuer", "number"]
    assert not (root / "content/policies").exists()
    assert main(["import-notice", str(source), "--root", str(root), "--number", "穗民〔2022〕1号",
                 "--issuer", "广州市民政局", "--date", "2022-05-01"]) == 0
    assert "已写入 content/policies/sui-min-2022-1/index.zh.md" in capsys.readouterr().out


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(TextError) as caught:
        read_text(source)
    assert caught.value.key == "text-not-text"


def test_personal_data_in_the_notice_is_refused_with_its_line(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE.replace("現就有關工作通知如下.", "聯繫人：王某，身份證號 110105 1949 1231 002X."), encoding="utf-8")
    with pytest.raises(ScaffoldError) as caught:
        import_notice(source, root, {}, today=TODAY, lang="en")
    assert [p.format("en") for p in caught.value.problems] == [
        "content/policies/yue-min-han-2022-35/index.zh.md:15: contains personal data (resident ID number: "
        "110105********002X); remove it before submitting"]
    assert not (root / "content/policies").exists()
