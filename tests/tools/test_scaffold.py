"""`guardians new`: entries from flags or prompts, checked as they are filled, that pass `guardians check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

import pytest
from conftest import AWARD, TODAY, WORKER, jpeg, settings_for

from generator.build import check
from generator.cli import main
from generator.content import schema
from generator.editions import Lang
from generator.tools.scaffold import (
    FORMS,
    Prompts,
    ScaffoldError,
    choices,
    fill,
    label,
    name_slug,
    suggested_slug,
    write,
)

STORY_FLAGS = {"title": "深夜的核酸采样点", "date": "2022-05-03", "city": "广州", "district": "天河区",
               "community": "华景社区", "workers": "chen-xiaoli", "tags": "网格管理，上门走访",
               "summary": "采样点的一夜。", "author": "李明", "unit": "天河区民政局"}


def own_problems(root: Path, folder: str) -> list[str]:
    _, problems = check(settings_for(root))
    return [p.format("zh") for p in problems if p.path.startswith(folder)]


def answers(*replies: str) -> Callable[[str], str]:
    """An `ask` that gives these replies in order and records the prompts."""
    queue: Iterator[str] = iter(replies)

    def ask(prompt: str) -> str:
        ask.prompts.append(prompt)  # type: ignore[attr-defined]
        return next(queue)

    ask.prompts = []  # type: ignore[attr-defined]
    return ask


def test_story_from_flags_passes_check(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    photo = tmp_path / "采样点.jpg"
    photo.write_bytes(jpeg())
    draft = fill("story", root, dict(STORY_FLAGS), today=TODAY, lang="zh", prompts=None,
                 photos=[(photo, "夜间的采样点（示意图）")])
    written = write(draft)
    folder = "stories/2022/shen-ye-de-he-suan-cai-yang-dian"
    assert [p.relative_to(root).as_posix() for p in written] == [f"{folder}/index.zh.md", f"{folder}/photo-1.jpg"]
    text = (root / folder / "index.zh.md").read_text(encoding="utf-8")
    assert "# 城市（地级以上市，如 广州市）\ncity: 广州\n" in text
    assert "tags: [网格管理, 上门走访]\n" in text
    assert "date: 2022-05-03\n" in text and "status: draft\n" in text
    assert "photos:\n  - file: photo-1.jpg\n    caption: 夜间的采样点（示意图）\n    credit: 天河区民政局\n" in text
    assert own_problems(root, folder) == [f"{folder}: 警告: 缺少英文版 index.en.md，英文网站将显示中文原文并注明“尚未翻译”"]


def test_every_mistake_in_the_flags_is_reported_and_nothing_is_written(tree: Callable[..., Path]) -> None:
    root = tree()
    given = dict(STORY_FLAGS, city="广洲", workers="chen-xiaoli, nobody", date="2022-02-30", status="done")
    del given["author"]
    with pytest.raises(ScaffoldError) as caught:
        write(fill("story", root, given, today=TODAY, lang="zh", prompts=None))
    found = sorted((p.field, p.text("zh")) for p in caught.value.problems)
    assert found == [
        ("author", "缺少必填字段"),
        ("city", "未知城市“广洲”，是否为“广州市”？"),
        ("date", "不存在的日期“2022-02-30”"),
        ("status", "应为以下之一：draft, review, published；实际为“done”"),
        ("workers[1]", "找不到先进人物“nobody”（按姓名、英文名和 content/workers/ 下的文件夹名查找）"),
    ]
    assert sorted(p.name for p in (root / "stories").iterdir()) == ["2022"]
    assert sorted(p.name for p in (root / "stories/2022").iterdir()) == ["grid-night"]


def test_district_is_checked_against_the_city(tree: Callable[..., Path]) -> None:
    with pytest.raises(ScaffoldError) as caught:
        write(fill("story", tree(), dict(STORY_FLAGS, district="南山区"), today=TODAY, lang="en", prompts=None))
    assert [p.text("en") for p in caught.value.problems] == ["'南山区' is not in 广州市 but in 深圳市"]


def test_an_existing_entry_is_never_overwritten(tree: Callable[..., Path]) -> None:
    root = tree()
    with pytest.raises(ScaffoldError) as caught:
        write(fill("story", root, dict(STORY_FLAGS, slug="grid-night"), today=TODAY, lang="zh", prompts=None))
    assert [p.text("zh") for p in caught.value.problems] == [
        "stories/2022/grid-night/index.zh.md 已存在，未作任何修改"]


def test_prompts_in_chinese_ask_again_until_the_answer_is_valid(tree: Callable[..., Path],
                                                                 tmp_path: Path) -> None:
    root = tree()
    portrait = tmp_path / "me.jpg"
    portrait.write_bytes(jpeg(400, 500))
    said: list[str] = []
    ask = answers("王小明", "", "", "", "grid-worker", "广洲", "广州", "越秀区", "北京路社区",
                  str(tmp_path / "missing.jpg"), str(portrait), "十年如一日守护社区。")
    draft = fill("worker", root, {}, today=TODAY, lang="zh", prompts=Prompts(ask, True, said.append))
    assert said == ["  ✗ 未知城市“广洲”，是否为“广州市”？", f"  ✗ 找不到文件“{tmp_path / 'missing.jpg'}”"]
    assert ask.prompts[0] == "姓名: "  # type: ignore[attr-defined]
    assert ask.prompts[1].endswith("[wang-xiaoming]: ")  # type: ignore[attr-defined]
    assert ask.prompts[3] == "性别（female 女 / male 男）（可留空）: "  # type: ignore[attr-defined]
    assert "community-worker | grid-worker" in ask.prompts[4]  # type: ignore[attr-defined]
    write(draft)
    assert (root / "content/workers/wang-xiaoming/portrait.jpg").read_bytes() == portrait.read_bytes()
    assert own_problems(root, "content/workers/wang-xiaoming") == [
        "content/workers/wang-xiaoming: 警告: 缺少英文版 index.en.md，英文网站将显示中文原文并注明“尚未翻译”"]


def test_prompts_in_english(tree: Callable[..., Path]) -> None:
    ask = answers("How to run a health committee", "health-committee-guide", "health-comittee",
                  "health-committee", "workers, residents", "Short summary.", "", "")
    said: list[str] = []
    draft = fill("guide", tree(), {}, today=TODAY, lang="en", prompts=Prompts(ask, True, said.append))
    assert ask.prompts[2].startswith("theme (mobilisation / health-committee / training / care)")  # type: ignore[attr-defined]
    assert said == ["  ✗ expected one of: mobilisation, health-committee, training, care; found 'health-comittee'; "
                    "did you mean 'health-committee'?"]
    assert draft.data()["audience"] == ["workers", "residents"]
    assert str(draft.data()["updated"]) == TODAY.isoformat()


def test_nomination_keeps_internal_fields_in_their_block_and_passes_check(tree: Callable[..., Path]) -> None:
    later = AWARD.replace("{start: 2026-11-23, end: 2026-12-11}", "{start: 2026-12-14, end: 2026-12-25}")
    root = tree({"content/nominations/gd-2026/chen-xiaoli.yml": None, "content/awards/gd-2026.yml": later})
    given = {"award": "gd-2026", "worker": "chen-xiaoli", "bureau": "广州市民政局", "reason": "坚守网格一线。",
             "phone": "13912345678"}
    write(fill("nomination", root, given, today=TODAY, lang="zh", prompts=None))
    text = (root / "content/nominations/gd-2026/chen-xiaoli.yml").read_text(encoding="utf-8")
    assert "# 内部信息：仅供存档，绝不发布\ninternal:\n  phone: '13912345678'\n" in text
    assert own_problems(root, "content/nominations") == []


def test_unknown_award_is_refused(tree: Callable[..., Path]) -> None:
    given = {"award": "gd-2099", "worker": "chen-xiaoli", "bureau": "广州市民政局", "reason": "坚守。"}
    with pytest.raises(ScaffoldError) as caught:
        write(fill("nomination", tree(), given, today=TODAY, lang="zh", prompts=None))
    assert [p.key for p in caught.value.problems] == ["names-award-unknown"]


def test_command_line_writes_the_story_and_prints_the_check(tree: Callable[..., Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    flags = [f"--{k}={v}" for k, v in STORY_FLAGS.items()]
    assert main(["new", "story", "--root", str(root), "--no-input", "--slug", "caiyang", *flags]) == 0
    out = capsys.readouterr().out
    assert "已写入 stories/2022/caiyang/index.zh.md" in out
    assert main(["new", "story", "--root", str(root), "--no-input", "--slug", "caiyang", *flags]) == 1
    assert "--slug: stories/2022/caiyang/index.zh.md 已存在，未作任何修改" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "slug"), [("凌晨三点的网格", "ling-chen-san-dian-de-wang-ge"),
                                            ("2022年 Covid 防控", "2022-nian-covid-fang-kong"), ("！！", "entry")])
def test_suggested_slug(text: str, slug: str) -> None:
    assert suggested_slug(text) == slug


def test_shipped_templates_pass_check(tree: Callable[..., Path]) -> None:
    templates = Path(__file__).resolve().parents[2] / "docs" / "templates"
    root = tree({
        "stories/2022/template/index.zh.md": (templates / "story.md").read_text(encoding="utf-8"),
        "stories/2022/template/photo-1.jpg": jpeg(),
        "stories/2022/template/photo-2.jpg": jpeg(),
        "content/workers/template/index.zh.md": (templates / "worker.md").read_text(encoding="utf-8"),
        "content/workers/template/portrait.jpg": jpeg(400, 500),
        "content/guides/template/index.zh.md": (templates / "guide.md").read_text(encoding="utf-8"),
    })
    for folder in ("stories/2022/template", "content/workers/template", "content/guides/template"):
        assert [p for p in own_problems(root, folder) if "警告" not in p] == []


def test_policy_from_flags(tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    assert main(["new", "policy", "--root", str(root), "--no-input", "--title", "关于做好社区工作的通知",
                 "--slug", "sui-min-2023-5", "--issuer", "广州市民政局", "--number", "穗民〔2023〕5号",
                 "--date", "2023-02-01", "--addressees", "各区民政局、市有关单位"]) == 0
    text = (root / "content/policies/sui-min-2023-5/index.zh.md").read_text(encoding="utf-8")
    assert "addressees: [各区民政局, 市有关单位]\n" in text and "date: 2023-02-01\n" in text
    assert main(["new", "policy", "--root", str(root), "--no-input", "--title", "x", "--slug", "y",
                 "--issuer", "z", "--number", "35号", "--addressees", "a"]) == 1
    assert capsys.readouterr().err.splitlines()[-3:] == [
        "--number: 文号格式应如“粤民函〔2022〕35号”，实际为“35号”", "日期（--date）: 缺少必填字段", "未写入任何文件"]


@pytest.mark.parametrize(("name", "slug"), [("陈晓丽", "chen-xiaoli"), ("欧阳明", "ouyang-ming"), ("林强", "lin-qiang")])
def test_worker_folder_names_follow_the_sample(name: str, slug: str) -> None:
    assert name_slug(name) == slug


def test_a_portrait_that_is_not_a_file_is_a_problem_naming_it(tree: Callable[..., Path], tmp_path: Path) -> None:
    given = {"name": "王芳", "role": "grid-worker", "city": "广州", "community": "华景社区",
             "portrait": str(tmp_path / "missing.jpg"), "deeds": "坚守网格。"}
    with pytest.raises(ScaffoldError) as caught:
        write(fill("worker", tree(), given, today=TODAY, lang="en", prompts=None))
    assert [(p.field, p.text("en")) for p in caught.value.problems] == [
        ("portrait", f"no such file: '{tmp_path / 'missing.jpg'}'"), ("district", "this field is required")]


# --- piped input, labels that match their field, the text from a file or standard input ------------------------

WORKTREE = Path(__file__).resolve().parents[2]


def guardians(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`guardians …` in a process of its own, its standard input piped (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=WORKTREE, env=dict(os.environ, PYTHONPATH=str(WORKTREE)), timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>") for p in root.rglob("*")}


def open_award() -> str:
    today = date.today()
    return (f"name: 开放中的奖项\nlevel: city\nyear: {today.year}\nissuer: 广州市民政局\n"
            f"nomination: {{start: {today - timedelta(days=5)}, end: {today + timedelta(days=5)}}}\n"
            f"publicity: {{start: {today + timedelta(days=10)}, end: {today + timedelta(days=20)}}}\n"
            "feedback: {contact: 基层政权科, phone: 020-12345678}\n")


def test_a_nomination_from_piped_answers_by_number_and_name(tree: Callable[..., Path]) -> None:
    root = tree({"content/awards/aa-open.yml": open_award()})
    answers = "1\n广州市民政局\n陈晓丽\n网格长\n\n坚守网格一线。\n\n\n\n\n\n"
    done = guardians("new", "nomination", "--root", str(root), stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "开放提名的奖项：\n  1. 开放中的奖项（aa-open，提名截止" in done.stdout
    assert "可选的先进人物：\n  1. 陈晓丽（chen-xiaoli，广州市天河区，华景社区）" in done.stdout
    text = (root / "content/nominations/aa-open/chen-xiaoli.yml").read_text(encoding="utf-8")
    assert "# 提名状态（nominated 提名中 / withdrawn 已撤回 / not-awarded 未获表彰）\nstatus: nominated\n" in text
    assert "draft" not in text and "worker: chen-xiaoli\n" in text


def test_piped_answers_with_mistakes_report_them_all_by_question_and_write_nothing(tree: Callable[..., Path]) -> None:
    root = tree({"content/workers/huang-meifang/index.zh.md": WORKER.replace("陈晓丽", "黄美芳"),
                 "content/workers/huang-meifang/portrait.jpg": jpeg(400, 500)})
    before = snapshot(root)
    answers = "深夜的采样点\n\n2022-05-03\n广洲\n\n华景社区\nzhang-san\n\n采样点的一夜。\n李明\n天河区民政局\n\n"
    done = guardians("new", "story", "--root", str(root), stdin=answers)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert "城市（地级以上市，如 广州市）: 未知城市“广洲”，是否为“广州市”？" in lines
    assert ("文中的先进人物（姓名或 content/workers/ 下的文件夹名，用逗号分隔）: 找不到先进人物“zhang-san”"
            "（按姓名、英文名和 content/workers/ 下的文件夹名查找）") in lines
    assert "huang" not in done.stderr and lines[-1] == "未写入任何文件"
    assert snapshot(root) == before


def test_the_end_of_piped_input_leaves_the_rest_missing_all_reported(tree: Callable[..., Path]) -> None:
    root = tree()
    done = guardians("new", "story", "--root", str(root), "--lang", "en", stdin="Night\n")
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if "required" in line] == [
        "city (--city): this field is required", "community or village (--community): this field is required",
        "summary (--summary): this field is required", "author (--author): this field is required",
        "author's unit (--unit): this field is required"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(FORMS))
def test_every_choice_prompt_and_comment_names_its_own_field_s_choices(kind: str, lang: Lang) -> None:
    every = {m.value for e in vars(schema).values() if isinstance(e, type) and issubclass(e, Enum)
             and e is not Enum for m in e}
    form = FORMS[kind]
    for question in form.questions:
        own = set(choices(form, question.name))
        if not own:
            continue
        text = label(form, question.name, lang)
        named = {v for v in every if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text)}
        assert named == own, (kind, question.name, text)


def test_the_nomination_file_s_comments_match_its_fields(tree: Callable[..., Path]) -> None:
    root = tree({"content/nominations/gd-2026/chen-xiaoli.yml": None})
    given = {"award": "gd-2026", "worker": "陈晓丽", "bureau": "广州市民政局", "reason": "坚守。", "status": "withdrawn"}
    write(fill("nomination", root, given, today=TODAY, lang="en", prompts=None))
    text = (root / "content/nominations/gd-2026/chen-xiaoli.yml").read_text(encoding="utf-8")
    assert "# status of the nomination (nominated / withdrawn / not-awarded)\nstatus: withdrawn\n" in text


def test_a_story_s_text_from_a_file_or_standard_input(tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    flags = [f"--{k}={v}" for k, v in STORY_FLAGS.items()]
    source = tmp_path / "正文.md"
    source.write_bytes("## 那一夜\r\n\r\n网格员逐户敲门。\r\n".encode("gb18030"))
    assert main(["new", "story", "--root", str(root), "--no-input", "--slug", "from-file", "--text", str(source),
                 *flags]) == 0
    assert (root / "stories/2022/from-file/index.zh.md").read_text(encoding="utf-8").endswith(
        "---\n## 那一夜\n\n网格员逐户敲门。\n")
    done = guardians("new", "story", "--root", str(root), "--slug", "from-stdin", "--text", "-", *flags,
                     stdin="标准输入的正文。")
    assert done.returncode == 0, done.stderr
    assert (root / "stories/2022/from-stdin/index.zh.md").read_text(encoding="utf-8").endswith("---\n标准输入的正文。\n")
    before = snapshot(root)
    done = guardians("new", "story", "--root", str(root), "--slug", "phone", "--text", "-", *flags,
                     stdin="第一行。\n\n热线 13800138000。\n")
    assert done.returncode == 1 and "标准输入第 3 行: 含有个人信息（手机号：138****8000）" in done.stderr
    assert snapshot(root) == before


def test_a_photo_without_caption_is_told_with_the_other_problems(tree: Callable[..., Path],
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    root = tree()
    photo = tmp_path / "a.jpg"
    photo.write_bytes(jpeg())
    flags = [f"--{k}={v}" for k, v in dict(STORY_FLAGS, city="广洲").items()]
    assert main(["new", "story", "--root", str(root), "--no-input", "--photo", str(photo), *flags]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "--city: 未知城市“广洲”，是否为“广州市”？" in err
    assert "第 1 张照片: 缺少照片说明：每个 --photo 之后须有一个 --caption，按顺序一一对应" in err


def test_a_worker_named_twice_lists_both(tree: Callable[..., Path]) -> None:
    namesake = WORKER.replace("城市", "").replace("city: 广州市", "city: 深圳市").replace("district: 天河区",
                                                                                       "district: 南山区")
    root = tree({"content/workers/chen-xiaoli-2/index.zh.md": namesake,
                 "content/workers/chen-xiaoli-2/portrait.jpg": jpeg(400, 500)})
    with pytest.raises(ScaffoldError) as caught:
        write(fill("story", root, dict(STORY_FLAGS, workers="陈晓丽"), today=TODAY, lang="zh", prompts=None))
    assert [p.text("zh") for p in caught.value.problems] == [
        "有 2 位先进人物名为“陈晓丽”：陈晓丽（chen-xiaoli，广州市天河区，华景社区）；"
        "陈晓丽（chen-xiaoli-2，深圳市南山区，华景社区）；请改填其中一位的文件夹名"]
