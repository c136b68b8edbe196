"""An incremental build publishes, byte for byte, what a clean build of the same tree publishes, whatever changed:
an edited body (a story's, a worker's, a training's), title or worker, an entry deleted, renamed or added, a translation added, a photo gone."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import STORY, STORY_EN, WORKER, base_tree, jpeg, record_notices, settings_for, write_tree

from generator.build import build

STORY_ZH = "stories/2022/grid-night/index.zh.md"
SECOND = "stories/2023/flood-watch/index.zh.md"
THIRD = "stories/2023/stair-talk/index.zh.md"
WORKER_ZH = "content/workers/chen-xiaoli/index.zh.md"
TRAINING_ZH = "content/trainings/grid-drill-2023/index.zh.md"

Files = dict[str, str | bytes | None]


def training(sentence: str) -> str:
    return ("---\ntitle: 网格员入户演练\ndate: 2023-05-06\ncity: 广州市\ndistrict: 天河区\norganiser: 天河区民政局\n"
            "audience: [community-worker]\nhours: 2\nparticipants: 30\nsummary: 一次入户演练。\n---\n\n"
            f"{sentence}\n")


def story(title: str, day: str, sentence: str) -> str:
    return (STORY.replace("凌晨三点的网格", title).replace("2022-04-12", day)
            .replace("那天夜里，网格员逐户敲门。", sentence))


TREE: Files = {
    SECOND: story("汛期值守", "2023-06-02", "雨夜里，社区干部守在河边。"),
    "stories/2023/flood-watch/night.jpg": jpeg(color=(40, 90, 160)),
    THIRD: story("楼梯间的谈话", "2023-09-18", "楼梯间里，两位邻居说开了心结。"),
    "stories/2023/stair-talk/night.jpg": jpeg(color=(90, 160, 40)),
    TRAINING_ZH: training("演练那天，网格员逐户走访。"),
}

CHANGES: list[tuple[str, Files]] = [
    ("a sentence added to one story", {SECOND: story("汛期值守", "2023-06-02", "雨夜里，社区干部守在河边，直到天亮。")}),
    ("a training's text edited (its page is not an own page)", {TRAINING_ZH: training("演练那天，网格员逐户走访，记下每户的需要。")}),
    ("a worker's own text edited", {WORKER_ZH: WORKER.replace("是华景社区的网格员。", "是华景社区的网格员，已有十年。")}),
    ("a story's title changed", {THIRD: story("楼道里的谈心", "2023-09-18", "楼梯间里，两位邻居说开了心结。")}),
    ("the worker the stories cite renamed", {WORKER_ZH: WORKER.replace("name: 陈晓丽", "name: 陈晓莉")}),
    ("a translation added", {"stories/2023/flood-watch/index.en.md": STORY_EN.replace("The grid at 3 a.m.", "Flood watch")}),
    ("a story's photo removed", {"stories/2023/stair-talk/night.jpg": None}),
    ("a story renamed", {THIRD: None,
                         "stories/2023/stairwell/index.zh.md": story("楼道里的谈心", "2023-09-18", "楼梯间里，两位邻居说开了心结。"),
                         "stories/2023/stairwell/night.jpg": jpeg(color=(90, 160, 40))}),
    ("a story deleted", {SECOND: None, "stories/2023/flood-watch/index.en.md": None,
                         "stories/2023/flood-watch/night.jpg": None}),
    ("a story added", {"stories/2024/new-year/index.zh.md": story("新年走访", "2024-01-03", "新年第一天，网格员走访独居老人。")}),
]


def published(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def apply(root: Path, files: Files) -> None:
    for rel, data in files.items():
        path = root / rel
        if data is None:
            path.unlink()
            if not any(path.parent.iterdir()):
                path.parent.rmdir()
        else:
            write_tree(root, {rel: data})
    record_notices(root)


def test_each_incremental_build_publishes_what_a_clean_build_publishes(tmp_path: Path) -> None:
    root = record_notices(write_tree(tmp_path / "root", {k: v for k, v in {**base_tree(), **TREE}.items()
                                                         if v is not None}))
    build(settings_for(root))
    for change, files in CHANGES:
        apply(root, files)
        build(settings_for(root))
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".guardians", "site", "site-report.json"))
        build(settings_for(clean))
        incremental, fresh = published(root / "site"), published(clean / "site")
        assert incremental.keys() == fresh.keys(), change
        assert [rel for rel in fresh if incremental[rel] != fresh[rel]] == [], change
