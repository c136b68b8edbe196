"""`guardians import-notice`: official notices copied from portals become clean policy bundles."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, settings_for

from generator.build import check
from generator.cli import main
from generator.tools.importnotice import clean, import_notice, parse, slug_for
from generator.tools.scaffold import Prompts, ScaffoldError, TextError, read_text

WORKTREE = Path(__file__).resolve().parents[2]

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


# --- the title from the text; what is missing asked on a terminal, all reported otherwise --------------------------

TITLE = "关于进一步做好城乡社区疫情防控工作的通知"


@pytest.mark.parametrize(("text", "title"), [
    (f"{TITLE}\n各区民政局：\n正文。\n", TITLE),                                          # the first line
    (f"广东省民政厅文件\n粤民发〔2022〕5号\n{TITLE}\n各区民政局：\n正文。\n", TITLE),     # red-head header, then number
    (f"首页 > 政务公开 > 通知公告\n{TITLE}\n各区民政局：\n正文。\n", TITLE),               # a portal's breadcrumb
    ("广东省民政厅关于进一步做好城乡社区\n疫情防控工作的实施意见\n各区民政局：\n正文。\n",
     "广东省民政厅关于进一步做好城乡社区疫情防控工作的实施意见"),                        # a wrapped title
    ("社区防控工作方案（试行）\n各区民政局：\n正文。\n", "社区防控工作方案（试行）"),
    ("广州市社区工作者关爱措施二〇二二\n穗民〔2022〕3号\n各区民政局：\n正文。\n",
     "广州市社区工作者关爱措施二〇二二"),                                                 # the line before the number
    ("各区民政局：\n现将有关事项通知如下。\n", ""),                                        # no title at all
])
def test_the_title_is_the_line_that_reads_as_one(text: str, title: str) -> None:
    assert parse(clean(text)).title == title


def test_on_a_terminal_what_the_text_lacks_is_asked_for(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_text(f"{TITLE}\n各区民政局：\n请认真落实。\n", encoding="utf-8")
    replies = iter(["粤民函〔2022〕9号", "2022-05-01"])
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return next(replies) if not prompt.startswith("发文机关") else "广东省民政厅"

    notice, draft, written = import_notice(source, root, {}, today=TODAY, lang="zh", prompts=Prompts(read, True))
    assert [a.split("（")[0].split(":")[0] for a in asked] == ["发文机关", "文号", "日期"]
    text = written[0].read_text(encoding="utf-8")
    assert f"title: {TITLE}\n" in text and "number: 粤民函〔2022〕9号\n" in text and "date: 2022-05-01\n" in text


def test_without_a_terminal_every_missing_field_is_reported_at_once(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_text("各区民政局：\n请认真落实。\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "import-notice", str(source), "--root", str(root)],
                          input="", capture_output=True, text=True, cwd=WORKTREE, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(WORKTREE)))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "标题（--title）: 缺少必填字段", "文件夹名（--slug）: 缺少必填字段", "发文机关（--issuer）: 缺少必填字段",
        "文号（--number）: 缺少必填字段", "日期（--date）: 缺少必填字段", "未写入任何文件"]
    assert not (root / "content/policies").exists()


def test_a_corrected_notice_replaces_its_unedited_import(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    import_notice(source, root, {}, today=TODAY, lang="zh")
    source.write_text(NOTICE.replace("年內實現全覆蓋", "年底前實現全覆蓋"), encoding="utf-8")
    _, _, written = import_notice(source, root, {}, today=TODAY, lang="zh")
    assert "年底前实现全覆盖" in written[0].read_text(encoding="utf-8")
