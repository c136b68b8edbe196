"""The bundled sample content builds into a complete bilingual site."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from conftest import settings_for

from generator.build import build
from generator.config import PROJECT, Settings
from generator.scheduler import Scheduler


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_both_languages_have_every_page_type(sample_site: Path) -> None:
    for root in (sample_site, sample_site / "en"):
        for url in ("", "guides", "policies", "stories", "workers", "cities", "awards", "tags",
                    "themes/mobilisation", "cities/guangzhou"):
            assert (root / url / "index.html").is_file(), root / url
        assert len(list((root / "guides").glob("*/index.html"))) >= 8
        assert len(list((root / "policies").glob("*/index.html"))) == 2
        assert len(list((root / "workers").glob("*/index.html"))) == 10
        assert len(list((root / "stories").glob("20*/*/index.html"))) == 10
    assert (sample_site / "index.html").read_text(encoding="utf-8").count('lang="zh') >= 1
    assert '<html lang="en"' in (sample_site / "en" / "index.html").read_text(encoding="utf-8")


def test_drafts_and_stories_under_review_are_not_published(sample_site: Path) -> None:
    assert not (sample_site / "stories/2026/sinian-hou-zai-zou-wangge").exists()
    assert not (sample_site / "stories/2026/loudongzhang-jiaojieban").exists()
    assert not (sample_site / "en/stories/2026/loudongzhang-jiaojieban").exists()


def test_language_switch_lands_on_the_same_page(sample_site: Path) -> None:
    page = read(sample_site, "stories/2022/lingchen-sandian-de-wangge")
    assert 'href="../../../en/stories/2022/lingchen-sandian-de-wangge/" hreflang="en"' in page
    english = read(sample_site, "en/stories/2022/lingchen-sandian-de-wangge")
    assert 'href="../../../../stories/2022/lingchen-sandian-de-wangge/" hreflang="zh-Hans"' in english
    home = read(sample_site, "en")
    assert 'href="../" hreflang="zh-Hans"' in home


def test_untranslated_entries_show_chinese_under_a_notice(sample_site: Path) -> None:
    page = read(sample_site, "en/stories/2023/louxia-de-lin-yisheng")
    assert "cg-untranslated" in page and "Not yet translated" in page
    assert '<div lang="zh-Hans">' in page
    translated = read(sample_site, "en/stories/2022/lingchen-sandian-de-wangge")
    assert "cg-untranslated" not in translated
    assert "cg-untranslated" not in read(sample_site, "stories/2023/louxia-de-lin-yisheng")


def test_story_page_shows_photos_and_worker_cards(sample_site: Path) -> None:
    page = read(sample_site, "stories/2022/lingchen-sandian-de-wangge")
    assert "<picture>" in page and 'class="cg-photo"' in page
    assert "cg-card--person" in page
    assert re.search(r'alt="[^"]+"', page)


def test_expired_consent_photo_is_held_back(sample_site: Path) -> None:
    report = json.loads((sample_site.with_name("site-report.json")).read_text(encoding="utf-8"))
    entry = report["files"]["stories/2023/nanting-cun-de-dalaba/villagers.jpg"]
    assert (entry["status"], entry["reason"]) == ("held", "consent-expired")


def test_report_counts_add_up(sample_site: Path) -> None:
    report = json.loads((sample_site.with_name("site-report.json")).read_text(encoding="utf-8"))
    counts = report["counts"]
    assert counts["published"] + counts["held"] + counts["refused"] == counts["total"] == len(report["files"])
    assert counts["refused"] == 0
    assert "stories/2023/louxia-de-lin-yisheng" in report["untranslated"]


def test_interface_tables_have_the_same_keys() -> None:
    from generator.editions import EDITIONS

    assert len({frozenset(e.strings().table) for e in EDITIONS}) == 1


def test_no_request_to_another_host(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(?:link|script|img|source)[^>]+(?:src|href|srcset)="(?:https?:)?//', text), page
        assert "fonts.googleapis" not in text


def test_a_refused_entry_does_not_stop_the_others(tree: Callable[..., Path]) -> None:
    root = tree({"content/guides/broken/index.zh.md": "---\ntitle: x\n---\n"})
    result = build(settings_for(root))
    assert (root / "site/guides/daily-monitoring/index.html").is_file()
    assert not (root / "site/guides/broken").exists()
    assert result.ledger.rows["content/guides/broken/index.zh.md"][0].value == "refused"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_line(tree: Callable[..., Path], lang: str) -> None:
    result = build(settings_for(tree(), lang=lang))
    summary = result.ledger.summary(lang)  # type: ignore[arg-type]
    assert ("共 11 个输入文件：已发布 11" if lang == "zh" else "11 input files: 11 published") in summary


def _build_everything_beside(settings: Settings, sequential: bool) -> dict[str, bytes]:
    """The sample built with every kind of child at work (halves loaded and checked beside, search shards joined,
    verify in parts); every output file's bytes, the report's among them."""
    from generator.content import load, validate
    from generator.publish import verify as verifying
    from generator.search import index as search

    load.BESIDE_FROM = validate.BESIDE_FROM = 2
    search.SHARD_PAGES = 25
    verifying.PARALLEL_FROM = 50
    with Scheduler(sequential=sequential) as scheduler:
        build(settings, scheduler=scheduler)
    files = {path.relative_to(settings.out).as_posix(): path.read_bytes()
             for path in sorted(settings.out.rglob("*")) if path.is_file()}
    return files | {"report": settings.report.read_bytes()}


def test_the_sequential_build_makes_what_the_parallel_build_makes(tmp_path: Path) -> None:
    """Byte for byte, the report included. Each build runs in a fresh process (`apart`): the parallel one's
    children are really forked there (no thread of the test runner), and neither's settings leak into the
    other tests. Nothing differs: the build date is the settings', and no output names a path of the machine."""
    built = {}
    for name, sequential in (("parallel", False), ("sequential", True)):
        root = tmp_path / name
        for folder in ("content", "stories"):
            shutil.copytree(PROJECT / folder, root / folder)
        call = partial(_build_everything_beside, settings_for(root), sequential)
        with Scheduler() as scheduler:
            built[name] = scheduler.apart(call).result()
    assert built["parallel"].keys() == built["sequential"].keys()
    assert [rel for rel, data in built["parallel"].items() if built["sequential"][rel] != data] == []
