"""Every schema and reference rule, with its message and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import STORY, WORKER, settings_for

from generator.build import check
from generator.problems import format_report


def report(root: Path, lang: str = "zh", **kw: object) -> list[str]:
    _, problems = check(settings_for(root, lang=lang, **kw))
    return format_report(problems, lang, "text").splitlines()  # type: ignore[arg-type]


def errors(root: Path, lang: str = "zh") -> list[str]:
    return [line for line in report(root, lang) if "警告" not in line and "warning:" not in line]


def test_base_tree_is_clean_but_for_the_missing_twin(tree: Callable[..., Path]) -> None:
    assert report(tree()) == [
        "content/workers/chen-xiaoli: 警告: 缺少英文版 index.en.md，英文网站将显示中文原文并注明“尚未翻译”"
    ]


def test_strict_makes_the_missing_twin_an_error(tree: Callable[..., Path]) -> None:
    _, problems = check(settings_for(tree(), strict=True))
    assert [p.level.value for p in problems if p.path != "mkdocs.yml"] == ["error"]  # mkdocs.yml: the sample identity


STORY_PATH = "stories/2022/grid-night/index.zh.md"
WORKER_PATH = "content/workers/chen-xiaoli/index.zh.md"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("city: 广州市", "city: 广洲", f"{STORY_PATH}:4: city: 未知城市“广洲”，是否为“广州市”？"),
        ("district: 天河区", "district: 南山区", f"{STORY_PATH}:5: district: “南山区”不属于广州市，而属于深圳市"),
        ("district: 天河区", "district: 天和区", f"{STORY_PATH}:5: district: “广州市”没有“天和区”，是否为“天河区”？"),
        ("date: 2022-04-12", "date: 2022-02-30", f"{STORY_PATH}:3: date: 不存在的日期“2022-02-30”"),
        ("date: 2022-04-12", "date: 12/04/2022", f"{STORY_PATH}:3: date: 日期应写作 YYYY-MM-DD，例如 2022-04-12；实际为“12/04/2022”"),
        ("date: 2022-04-12", "date: 2021-04-12", f"{STORY_PATH}:3: date: 日期 2021-04-12 与所在年份文件夹 2022 不符"),
        ("status: published", "status: publish", f"{STORY_PATH}:12: status: 应为以下之一：draft, review, published；实际为“publish”，是否为“published”？"),
        ("summary: 网格员的一夜。", "sumary: 网格员的一夜。", f"{STORY_PATH}:2: summary: 缺少必填字段"),
        ("workers: [chen-xiaoli]", "workers: [chen-xiaoly]", f"{STORY_PATH}:7: workers[0]: 未知工作者“chen-xiaoly”（content/workers/ 下没有此文件夹），是否为“chen-xiaoli”？"),
        ("  - file: night.jpg", "  - file: nite.jpg", f"{STORY_PATH}:14: photos[0].file: 照片“nite.jpg”不在本条目的文件夹中"),
        ("  - file: night.jpg", "  - file: ../night.jpg", f"{STORY_PATH}:14: photos[0].file: 照片须是本文件夹中的文件名，不能含路径（../night.jpg）"),
        ("    caption: 夜间登记（示意图）\n", "", f"{STORY_PATH}:14: photos[0].caption: 缺少必填字段"),
        ("tags: [网格管理]", "tags: 网格管理", f"{STORY_PATH}:8: tags: 应为列表，例如 [甲, 乙]，实际为“网格管理”"),
    ],
)
def test_story_rules(tree: Callable[..., Path], old: str, new: str, expected: str) -> None:
    assert old in STORY
    root = tree({STORY_PATH: STORY.replace(old, new)})
    assert expected in errors(root)


def test_unknown_field_suggests_the_right_one(tree: Callable[..., Path]) -> None:
    root = tree({STORY_PATH: STORY.replace("summary:", "summray:")})
    assert f"{STORY_PATH}:9: summray: 未知字段“summray”，是否为“summary”？" in errors(root)


def test_messages_in_english(tree: Callable[..., Path]) -> None:
    root = tree({STORY_PATH: STORY.replace("city: 广州市", "city: 广洲")})
    assert f"{STORY_PATH}:4: city: unknown city '广洲'; did you mean '广州市'?" in errors(root, "en")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("role: grid-worker", "role: grid", f"{WORKER_PATH}:4: role: 应为以下之一：community-worker, grid-worker, building-head, volunteer, health-committee-member, community-doctor, committee-director, community-police, village-committee-director, village-party-secretary, party-member, villager-group-leader, health-committee-director, committee-member, township-cadre；实际为“grid”，是否为“grid-worker”？"),
        ("portrait: portrait.jpg", "portrait: face.jpg", f"{WORKER_PATH}:8: portrait: 照片“face.jpg”不在本条目的文件夹中"),
        ("gender: female", "gender: F", f"{WORKER_PATH}:3: gender: 应为以下之一：female, male；实际为“F”"),
        ("deeds: 坚守网格一线。", "deeds: ''", f"{WORKER_PATH}:9: deeds: 不能为空"),
        ("deeds: 坚守网格一线。", "deeds: 坚守网格一线。\ndeeds: 两次", f"{WORKER_PATH}:10: YAML 格式错误" if False else f"{WORKER_PATH}:10: 字段“deeds”重复出现"),
    ],
)
def test_worker_rules(tree: Callable[..., Path], old: str, new: str, expected: str) -> None:
    root = tree({WORKER_PATH: WORKER.replace(old, new)})
    assert expected in errors(root)


def test_front_matter_shapes(tree: Callable[..., Path]) -> None:
    root = tree({
        WORKER_PATH: "---\n- a\n- b\n---\n正文\n",
        "content/guides/daily-monitoring/index.zh.md": "没有元数据的正文\n",
        "content/guides/daily-monitoring/index.en.md": None,
    })
    found = errors(root)
    assert f"{WORKER_PATH}:2: 元数据必须是“字段: 值”的列表" in found
    assert "content/guides/daily-monitoring/index.zh.md:1: 文件开头缺少以“---”包围的元数据（front matter）" in found


def test_byte_order_mark_is_accepted(tree: Callable[..., Path]) -> None:
    root = tree({STORY_PATH: "\ufeff" + STORY})
    assert errors(root) == []


def test_english_twin_may_only_translate(tree: Callable[..., Path]) -> None:
    path = "stories/2022/grid-night/index.en.md"
    root = tree({path: "---\ntitle: A\ncity: Guangzhou\n---\nText\n"})
    assert errors(root) == [
        f"{path}:3: city: 未知字段“city”：英文版只能包含可翻译的字段（author, captions, community, credits, summary, title, unit）"]
    root = tree({path: "---\ntitle: A\ncaptions:\n  other.jpg: x\n---\nText\n"})
    assert errors(root) == [f"{path}:4: captions.other.jpg: 英文说明对应的照片“other.jpg”不在中文版 photos 中"]


def test_nomination_references(tree: Callable[..., Path]) -> None:
    path = "content/nominations/gd-2025/chen-xiaoli.yml"
    root = tree({path: "worker: chen-xiaoli\nbureau: 广州市民政局\nreason: 好\n"})
    assert f"{path}:1: 未知奖项“gd-2025”（content/awards/ 下没有 gd-2025.yml），是否为“gd-2026”？" in errors(root)


def test_publicity_period_must_not_end_before_it_starts(tree: Callable[..., Path]) -> None:
    from conftest import AWARD

    root = tree({"content/awards/gd-2026.yml": AWARD.replace("end: 2026-12-11", "end: 2026-11-01")})
    assert "content/awards/gd-2026.yml:5: publicity: 结束日期 2026-11-01 早于开始日期 2026-11-23" in errors(root)


def test_ten_mistakes_are_all_reported_with_their_lines(tree: Callable[..., Path]) -> None:
    """A tree with ten different mistakes: every one is printed, each at its line."""
    story = (STORY.replace("city: 广州市", "city: 广洲")  # 1
             .replace("date: 2022-04-12", "date: 2022-02-30")  # 2
             .replace("status: published", "status: publish")  # 3
             .replace("workers: [chen-xiaoli]", "workers: [nobody]")  # 4
             .replace("  - file: night.jpg", "  - file: nite.jpg"))  # 5
    worker = (WORKER.replace("role: grid-worker", "role: grid")  # 6
              .replace("gender: female", "gender: female\ngender: male")  # 7
              )
    root = tree({
        STORY_PATH: story,
        WORKER_PATH: worker,
        "content/guides/daily-monitoring/index.zh.md": "---\ntitle: x\ntheme: covid\n---\n",  # 8, 9
        "content/policies/notice/index.zh.md": "---\ntitle: 通知\nissuer: 省民政厅\nnumber: 35号\ndate: 2022-03-18\naddressees: [各市]\n---\n",  # 10
    })
    found = errors(root)
    expected = [
        f"{STORY_PATH}:4: city: 未知城市“广洲”，是否为“广州市”？",
        f"{STORY_PATH}:3: date: 不存在的日期“2022-02-30”",
        f"{STORY_PATH}:12: status: 应为以下之一：draft, review, published；实际为“publish”，是否为“published”？",
        f"{STORY_PATH}:7: workers[0]: 未知工作者“nobody”（content/workers/ 下没有此文件夹）",
        f"{STORY_PATH}:14: photos[0].file: 照片“nite.jpg”不在本条目的文件夹中",
        f"{WORKER_PATH}:4: 字段“gender”重复出现",
        "content/guides/daily-monitoring/index.zh.md:3: theme: 应为以下之一：mobilisation, health-committee, training, care；实际为“covid”",
        "content/guides/daily-monitoring/index.zh.md:2: audience: 缺少必填字段",
        "content/policies/notice/index.zh.md:4: number: 文号格式应如“粤民函〔2022〕35号”，实际为“35号”",
        "content/guides/daily-monitoring/index.zh.md:2: summary: 缺少必填字段",
    ]
    for line in expected:
        assert line in found, line
    assert len(found) >= 10


@pytest.mark.parametrize(
    "path, old, new, expected",
    [
        (STORY_PATH, "title: 凌晨三点的网格", 'title: "\\u200b\\u2060\\ufeff \\u3000"',
         f"{STORY_PATH}:2: title: 只含有看不见的字符（“\\u200b\\u2060\\ufeff \u3000”），读者看到的是空白"),
        (STORY_PATH, "title: 凌晨三点的网格", 'title: "\\u202e\\u2067"',
         f"{STORY_PATH}:2: title: 只含有看不见的字符（“\\u202e\\u2067”），读者看到的是空白"),
        (STORY_PATH, "title: 凌晨三点的网格", 'title: "凌晨三点\\u202e的网格"',
         f"{STORY_PATH}:2: title: 含有改变文字显示方向的控制字符 \\u202e，显示的顺序会与所写的不同，请删除：“凌晨三点\\u202e的网格”"),
        (STORY_PATH, "author: 李明", 'author: "\\u2066李明\\u2069\\u200f"',
         f"{STORY_PATH}:10: author: 含有改变文字显示方向的控制字符 \\u2066\\u2069\\u200f，显示的顺序会与所写的不同，请删除：“\\u2066李明\\u2069\\u200f”"),
        (STORY_PATH, "title: 凌晨三点的网格", 'title: "凌晨\\e[31m三点\\x85的网格\\x7f"',
         f"{STORY_PATH}:2: title: 含有控制字符 \\x1b\\x85\\x7f，请删除：“凌晨\\x1b[31m三点\\x85的网格\\x7f”"),
        (STORY_PATH, "summary: 网格员的一夜。", 'summary: "一夜\\r\\n\\0"',
         f"{STORY_PATH}:9: summary: 含有控制字符 \\r\\0，请删除：“一夜\\r\\n\\0”"),
        (WORKER_PATH, "name: 陈晓丽", 'name: "\\u061c陈晓丽"',
         f"{WORKER_PATH}:2: name: 含有改变文字显示方向的控制字符 \\u061c，显示的顺序会与所写的不同，请删除：“\\u061c陈晓丽”"),
        (WORKER_PATH, "name: 陈晓丽", 'name: 陈晓丽\nname_en: "Chen \\u202dXiaoli"',
         f"{WORKER_PATH}:3: name_en: 含有改变文字显示方向的控制字符 \\u202d，显示的顺序会与所写的不同，请删除：“Chen \\u202dXiaoli”"),
        (WORKER_PATH, "deeds: 坚守网格一线。", 'deeds: "\\u2800\\u3164"',
         f"{WORKER_PATH}:9: deeds: 只含有看不见的字符（“\\u2800\\u3164”），读者看到的是空白"),
    ],
)
def test_text_that_shows_nothing_reorders_itself_or_holds_controls_is_refused(
        tree: Callable[..., Path], path: str, old: str, new: str, expected: str) -> None:
    source = STORY if path == STORY_PATH else WORKER
    assert old in source
    assert expected in errors(tree({path: source.replace(old, new)}))


def test_line_breaks_tabs_and_wide_spaces_in_a_text_are_kept() -> None:
    from pydantic import TypeAdapter

    from generator.content.schema import Text

    assert TypeAdapter(Text).validate_python("  第一行\n第二行\t制表\u3000全角空格\n") == "第一行\n第二行\t制表\u3000全角空格"


def test_a_long_value_is_quoted_shortened(tree: Callable[..., Path]) -> None:
    root = tree({STORY_PATH: STORY.replace("summary: 网格员的一夜。", 'summary: "\\e' + "夜" * 200 + '"')})
    assert f"{STORY_PATH}:9: summary: 含有控制字符 \\x1b，请删除：“\\x1b{'夜' * 56}…”" in errors(root)

# --- addresses that collide once case and full-width forms are folded -----------------------------------

NO_PHOTO = STORY.replace("photos:\n  - file: night.jpg\n    caption: 夜间登记（示意图）\n    credit: 天河区民政局\n", "")


@pytest.mark.parametrize(("first", "second"), [
    ("Grid", "grid"),
    ("Grid", "ＧＲＩＤ"),
    ("Grid Night", "grid night"),
    ("Ａ-b", "a-B"),
])
def test_tags_sharing_an_address_are_problems_of_both(tree: Callable[..., Path], first: str, second: str) -> None:
    root = tree({"stories/2022/grid-night/index.zh.md": STORY.replace("tags: [网格管理]", f"tags: [{first}]"),
                 "stories/2022/door-knock/index.zh.md": NO_PHOTO.replace("tags: [网格管理]", f"tags: [{second}]")})
    found = [line for line in report(root, "en") if "same address" in line]
    assert [line.split(":")[0] for line in found] == ["stories/2022/door-knock/index.zh.md",
                                                      "stories/2022/grid-night/index.zh.md"]
    assert f"tag '{second}' has the same address as tag '{first}' in stories/2022/grid-night/index.zh.md" in found[0]
    assert f"tag '{first}' has the same address as tag '{second}' in stories/2022/door-knock/index.zh.md" in found[1]


def test_each_use_names_the_first_use_of_another_name(tree: Callable[..., Path]) -> None:
    """Three spellings of one address: every use is refused, naming the first use (in the order the tree is read:
    door-knock's two, then grid-night's) whose name is not its own."""
    root = tree({"stories/2022/grid-night/index.zh.md": STORY.replace("tags: [网格管理]", "tags: [Grid]"),
                 "stories/2022/door-knock/index.zh.md": NO_PHOTO.replace("tags: [网格管理]", "tags: [grid, GRID]")})
    found = [line.split(": tag ", 1)[1].split(" (")[0] for line in report(root, "en") if "same address" in line]
    assert sorted(found) == sorted([
        "'grid' has the same address as tag 'GRID' in stories/2022/door-knock/index.zh.md",
        "'GRID' has the same address as tag 'grid' in stories/2022/door-knock/index.zh.md",
        "'Grid' has the same address as tag 'grid' in stories/2022/door-knock/index.zh.md",
    ])


def test_one_tag_written_twice_alike_is_no_collision(tree: Callable[..., Path]) -> None:
    root = tree({"stories/2022/door-knock/index.zh.md": NO_PHOTO.replace("tags: [网格管理]", "tags: [网格管理, 上门走访]")})
    assert [line for line in report(root, "en") if "same address" in line] == []


def test_a_listed_tag_keeps_its_address(tree: Callable[..., Path]) -> None:
    root = tree({"stories/2022/door-knock/index.zh.md": NO_PHOTO.replace("tags: [网格管理]", "tags: [Door-To-Door]")})
    assert [line for line in report(root, "en") if "same address" in line] == [
        "stories/2022/door-knock/index.zh.md:8: tags[0]: tag 'Door-To-Door' has the same address as tag '上门走访' in "
        "content/tags.yml (/tags/door-to-door/, ignoring case and full-width forms)"]


@pytest.mark.parametrize(("folder", "kind"), [
    ("content/workers/Chen-Xiaoli", "differ only in case"),
    ("content/workers/ｃｈｅｎ-xiaoli", "have the same address"),
])
def test_folders_sharing_an_address_are_problems_of_both(tree: Callable[..., Path], folder: str, kind: str) -> None:
    root = tree({f"{folder}/index.zh.md": WORKER})
    found = {line for line in report(root, "en") if kind in line}
    assert found == {f"content/workers/chen-xiaoli: 'content/workers/chen-xiaoli' and '{folder}' {kind}"
                     + ("; their addresses collide" if "case" in kind else " (ignoring case and full-width forms)"),
                     f"{folder}: '{folder}' and 'content/workers/chen-xiaoli' {kind}"
                     + ("; their addresses collide" if "case" in kind else " (ignoring case and full-width forms)")}
