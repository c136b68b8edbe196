"""Shared fixtures: content trees built from dicts, and the sample site built once."""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.config import PROJECT, Settings

TODAY = date(2026, 11, 28)
CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, installed by `make test`; Playwright never downloads a browser of its own."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
"""Chromium as the tests run it; it resolves no host name, so a request to another host fails at once, never
leaving the machine (the tests fail on any: `browsing.new_tab`)."""

REGIONS = """\
cities:
  - slug: guangzhou
    zh: 广州市
    en: Guangzhou
    divisions:
      - {slug: tianhe, zh: 天河区, en: Tianhe District}
      - {slug: yuexiu, zh: 越秀区, en: Yuexiu District}
  - slug: shenzhen
    zh: 深圳市
    en: Shenzhen
    divisions:
      - {slug: nanshan, zh: 南山区, en: Nanshan District}
  - slug: dongguan
    zh: 东莞市
    en: Dongguan
    divisions: []
"""


def regions_with(slug: str, zh: str, en: str, county: tuple[str, str, str]) -> str:
    """`REGIONS` with one more city and its one county (slug, Chinese and English name)."""
    return REGIONS + (f"  - slug: {slug}\n    zh: {zh}\n    en: {en}\n    divisions:\n"
                      f"      - {{slug: {county[0]}, zh: {county[1]}, en: {county[2]}}}\n")


TAGS = """\
网格管理: {slug: grid-management, en: Grid management}
上门走访: {slug: door-to-door, en: Door-to-door visits}
"""

GUIDE = """\
---
title: 楼栋长如何组织每日健康监测
theme: mobilisation
audience: [residents, volunteers]
summary: 楼栋长工作要点。
updated: 2022-04-02
---
## 工作要点

1. 建立楼栋微信群
2. 每日统计
"""

GUIDE_EN = """\
---
title: How building heads organise daily monitoring
summary: Key points for building heads.
---
## Key points

1. Set up a WeChat group
2. Count every day
"""

WORKER = """\
---
name: 陈晓丽
gender: female
role: grid-worker
city: 广州市
district: 天河区
community: 华景社区
portrait: portrait.jpg
deeds: 坚守网格一线。
---
陈晓丽是华景社区的网格员。
"""

STORY = """\
---
title: 凌晨三点的网格
date: 2022-04-12
city: 广州市
district: 天河区
community: 华景社区
workers: [chen-xiaoli]
tags: [网格管理]
summary: 网格员的一夜。
author: 李明
unit: 天河区民政局
status: published
photos:
  - file: night.jpg
    caption: 夜间登记（示意图）
    credit: 天河区民政局
---
那天夜里，网格员逐户敲门。
"""

STORY_EN = """\
---
title: The grid at 3 a.m.
summary: A grid worker's night.
captions:
  night.jpg: Registering at night (illustration)
---
That night the grid worker knocked on every door.
"""

AWARD = """\
name: 2026年度优秀社区工作者
level: provincial
year: 2026
issuer: 广东省民政厅
publicity: {start: 2026-11-23, end: 2026-12-11}
feedback:
  contact: 基层政权建设和社区治理处
  phone: 020-12345678
en:
  name: 2026 Outstanding Community Workers
"""

NOMINATION = """\
worker: chen-xiaoli
bureau: 广州市民政局
post: 网格员
reason: 坚守网格一线。
status: nominated
internal:
  id_number: 44010619850312002X
  phone: '13912345678'
  reviewer_notes: 内部复核意见甲乙丙
"""


def jpeg(width: int = 800, height: int = 600, color: tuple[int, int, int] = (200, 80, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", quality=80)
    return out.getvalue()


def base_tree() -> dict[str, str | bytes]:
    """A small but complete content tree: every kind of entry once."""
    return {
        "content/regions.yml": REGIONS,
        "content/tags.yml": TAGS,
        "content/guides/daily-monitoring/index.zh.md": GUIDE,
        "content/guides/daily-monitoring/index.en.md": GUIDE_EN,
        "content/workers/chen-xiaoli/index.zh.md": WORKER,
        "content/workers/chen-xiaoli/portrait.jpg": jpeg(400, 500),
        "stories/2022/grid-night/index.zh.md": STORY,
        "stories/2022/grid-night/index.en.md": STORY_EN,
        "stories/2022/grid-night/night.jpg": jpeg(),
        "content/awards/gd-2026.yml": AWARD,
        "content/nominations/gd-2026/chen-xiaoli.yml": NOMINATION,
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a content tree from a dict of path → text or bytes."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def record_notices(root: Path) -> Path:
    """Give every award file of the tree whose 公示 has begun by `TODAY` and that records no 公示 list the list its
    nominations make now, recorded on the first day of its 公示, as `guardians notice record` would have written it.

    Awards without a valid publicity period, and files that are not plain award files, are left as they are.
    """
    from generator.content.load import load_tree
    from generator.content.validate import validate_tree
    from generator.tools.notice import listing, replace_block

    folder = root / "content" / "awards"
    if not folder.is_dir() or folder.is_symlink():
        return root
    valid = validate_tree(load_tree(root), today=TODAY)
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".yml", ".yaml"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        award, _, now = listing(valid, path.stem)
        publicity = getattr(award.record, "publicity", None) if award is not None else None
        if publicity is None or publicity.start > TODAY or "\nnotice:" in "\n" + text:
            continue
        assert award is not None
        block = {"recorded": publicity.start,
                 "nominees": {slug: {"name": e.name, "digest": e.digest} for slug, e in sorted(now.items())}}
        path.write_text(replace_block(text, "notice", block), encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Callable[..., Path]:
    """`tree(**changes)`: the base tree with files replaced (a value of None removes one); each award's 公示 list
    recorded (`record_notices`) unless `record=False`."""

    def make(files: dict[str, str | bytes | None] | None = None, *, record: bool = True) -> Path:
        merged: dict[str, str | bytes | None] = dict(base_tree())
        merged.update(files or {})
        root = write_tree(tmp_path / "root", {k: v for k, v in merged.items() if v is not None})
        return record_notices(root) if record else root

    return make


def settings_for(root: Path, **kw: object) -> Settings:
    return Settings(root=root, out=root / "site", today=TODAY, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample content, built once per session.

    Its search index is made in shards of a few dozen pages, so every search
    test in the browser searches shards joined as a province's are.
    """
    from generator.build import build
    from generator.search import index as search

    work = tmp_path_factory.mktemp("sample")
    root = work / "root"
    root.mkdir()
    for name in ("content", "stories"):
        shutil.copytree(PROJECT / name, root / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 25)
        build(settings_for(root))
    return root / "site"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session: Playwright's sync API runs one instance at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
