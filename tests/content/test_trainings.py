"""Training sessions: every rule with its message, file, line and field; the handouts judged by their bytes;
one bad session refused alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NOMINATION, TODAY, settings_for
from materials import pdf_bytes, pptx_bytes

from generator.build import check
from generator.content.load import load_tree
from generator.content.materials import FileType, pdf_findings, pptx_findings, type_of_bytes
from generator.content.model import build_site
from generator.content.validate import validate_tree
from generator.problems import format_report

FOLDER = "content/trainings/tianhe-grid-2022"
PATH = f"{FOLDER}/index.zh.md"
TRAINING = """\
---
title: 天河区网格员防控实务培训
date: 2022-04-12
city: 广州市
district: 天河区
organiser: 天河区民政局
audience: [grid-worker, building-head]
hours: 3
participants: 126
summary: 网格走访与上报流程。
materials:
  - file: handout.pdf
    title: 讲义
  - file: slides.pptx
    title: 课件
guides: [daily-monitoring]
---
正文。
"""
TRAINING_EN = """\
---
title: Grid worker training in Tianhe
summary: Grid visits and reporting.
---
Text.
"""


def files(text: str = TRAINING, **assets: bytes | None) -> dict[str, str | bytes | None]:
    given: dict[str, bytes | None] = {"handout.pdf": pdf_bytes(), "slides.pptx": pptx_bytes()} | assets
    return {PATH: text, f"{FOLDER}/index.en.md": TRAINING_EN} | {f"{FOLDER}/{k}": v for k, v in given.items()}


def lines(root: Path, lang: str = "zh") -> list[str]:
    _, problems = check(settings_for(root, lang=lang))
    return [line for line in format_report(problems, lang, "text").splitlines()  # type: ignore[arg-type]
            if "警告" not in line and "warning:" not in line]


def test_a_good_session_is_clean_and_modelled(tree: Callable[..., Path]) -> None:
    root = tree(files())
    assert lines(root) == []
    site = build_site(validate_tree(load_tree(root), today=TODAY), today=TODAY)
    [item] = site.trainings
    assert item.url == "trainings/tianhe-grid-2022/"
    assert item.place.city.slug == "guangzhou" and item.place.division is not None
    assert [g.slug for g in item.guides] == ["daily-monitoring"]
    assert item.blob("handout.pdf").startswith(b"%PDF-")
    assert item.text("title", "en") == "Grid worker training in Tianhe"
    assert item.text("organiser", "en") == "天河区民政局"  # not translated: the Chinese shown


@pytest.mark.parametrize("old, new, expected", [
    ("city: 广州市", "city: 广洲", f"{PATH}:4: city: 未知城市“广洲”，是否为“广州市”？"),
    ("district: 天河区", "district: 天和区", f"{PATH}:5: district: “广州市”没有“天和区”，是否为“天河区”？"),
    ("district: 天河区", "district: 南山区", f"{PATH}:5: district: “南山区”不属于广州市，而属于深圳市"),
    ("date: 2022-04-12", "date: 2027-01-05", f"{PATH}:3: date: 培训日期 2027-01-05 晚于今天（2026-11-28）：请填写已举办培训的日期"),
    ("date: 2022-04-12", "date: 2022-02-30", f"{PATH}:3: date: 不存在的日期“2022-02-30”"),
    ("audience: [grid-worker, building-head]", "audience: [grid-workr]",
     f"{PATH}:7: audience[0]: 应为以下之一："),
    ("audience: [grid-worker, building-head]", "audience: []", f"{PATH}:7: audience: "),
    ("hours: 3", "hours: 0", f"{PATH}:8: hours: "),
    ("hours: 3", "hours: 三", f"{PATH}:8: hours: "),
    ("participants: 126", "participants: -4", f"{PATH}:9: participants: "),
    ("participants: 126", "participants: 12.5", f"{PATH}:9: participants: "),
    ("  - file: handout.pdf", "  - file: handot.pdf",
     f"{PATH}:12: materials[0].file: 材料“handot.pdf”不在本培训的文件夹中，是否为“handout.pdf”？"),
    ("  - file: handout.pdf", "  - file: ../handout.pdf",
     f"{PATH}:12: materials[0].file: 材料须是本培训文件夹中的文件名，不能含路径（../handout.pdf）"),
    ("  - file: slides.pptx", "  - file: handout.pdf", f"{PATH}:14: materials[1].file: 材料“handout.pdf”列出了两次"),
    ("guides: [daily-monitoring]", "guides: [daily-monitorin]",
     f"{PATH}:16: guides[0]: 未知指南“daily-monitorin”（content/guides/ 下没有此文件夹），是否为“daily-monitoring”？"),
    ("organiser: 天河区民政局\n", "", f"{PATH}:2: organiser: 缺少必填字段"),
    ("organiser: 天河区民政局", "organiser: 天河区民政局\nphone: 13800138000", f"{PATH}:7: phone: "),
])
def test_rules(tree: Callable[..., Path], old: str, new: str, expected: str) -> None:
    assert old in TRAINING
    found = lines(tree(files(TRAINING.replace(old, new))))
    assert any(line.startswith(expected) for line in found), found


def test_a_listed_file_that_is_neither_pdf_nor_pptx(tree: Callable[..., Path]) -> None:
    text = TRAINING.replace("  - file: slides.pptx", "  - file: notes.docx")
    found = lines(tree(files(text, **{"notes.docx": b"PK\x03\x04"})))
    assert f"{PATH}:14: materials[1].file: 材料“notes.docx”须是 PDF（.pdf）或幻灯片（.pptx）文件" in found
    assert f"{FOLDER}/notes.docx: 文件“notes.docx”不是可发布的培训材料：只接受 PDF（.pdf）和幻灯片（.pptx）" in found


@pytest.mark.parametrize("name, data, key", [
    ("handout.pdf", b"\xff\xd8\xff\xe0 a JPEG", "material-bytes"),
    ("handout.pdf", pptx_bytes(), "material-bytes"),
    ("slides.pptx", pdf_bytes(), "material-bytes"),
    ("slides.pptx", b"PK\x03\x04 not a zip at all", "material-bytes"),
    ("handout.pdf", pdf_bytes(extra=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"), "material-active"),
    ("handout.pdf", pdf_bytes(extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "material-active"),
    ("handout.pdf", pdf_bytes(extra=b"/Encrypt 7 0 R"), "material-active"),
    ("handout.pdf", pdf_bytes(extra=b"/OpenAction << /S /URI /URI (https://example.com/) >>"), "material-external"),
    ("handout.pdf", pdf_bytes(info=b"/Author (Zhang San)"), "material-author"),
    ("handout.pdf", pdf_bytes(info=b"/Author <FEFF5F204E09>"), "material-author"),
    ("slides.pptx", pptx_bytes(creator="张三"), "material-author"),
    ("slides.pptx", pptx_bytes(notes=True), "material-notes"),
    ("slides.pptx", pptx_bytes(external=True), "material-external"),
    ("slides.pptx", pptx_bytes(macro=True), "material-active"),
    ("handout.pdf", pdf_bytes("ID 440106199001011236", compress=True), "personal-data"),
    ("slides.pptx", pptx_bytes(["call 13800138000"]), "personal-data"),
])
def test_what_a_file_holds_refuses_its_session_alone(tree: Callable[..., Path], name: str, data: bytes,
                                                      key: str) -> None:
    root = tree(files(**{name: data}))
    _, problems = check(settings_for(root))
    assert key in {p.key for p in problems if p.path == f"{FOLDER}/{name}"}
    site = build_site(validate_tree(load_tree(root), today=TODAY), today=TODAY)
    assert site.trainings == [] and [s.slug for s in site.stories] == ["grid-night"]


def test_a_nominations_internal_value_in_a_handout(tree: Callable[..., Path]) -> None:
    assert "内部复核意见甲乙丙" in NOMINATION
    root = tree(files(**{"slides.pptx": pptx_bytes(["复核：内部复核 意见甲乙丙"])}))
    _, problems = check(settings_for(root))
    assert ("internal-quoted", f"{FOLDER}/slides.pptx") in {(p.key, p.path) for p in problems}


def test_messages_in_english(tree: Callable[..., Path]) -> None:
    found = lines(tree(files(TRAINING.replace("guides: [daily-monitoring]", "guides: [nowhere]"),
                             **{"handout.pdf": b"GIF89a"})), "en")
    assert f"{PATH}:16: guides[0]: unknown guide 'nowhere' (no such folder in content/guides/)" in found
    assert any(line.startswith(f"{FOLDER}/handout.pdf: the content of 'handout.pdf' is not a PDF file") for line in found)


def test_an_unlisted_file_is_not_published_but_still_judged(tree: Callable[..., Path]) -> None:
    root = tree(files(**{"extra.pdf": pdf_bytes(info=b"/Author (Wang)")}))
    _, problems = check(settings_for(root))
    assert "material-author" in {p.key for p in problems if p.path == f"{FOLDER}/extra.pdf"}


def test_a_compressed_bomb_is_refused() -> None:
    import zlib
    bomb = zlib.compress(b"\x00" * (60 * 1024 * 1024), 9)
    data = b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream"
    assert pdf_findings(data)[0][0].key == "material-bomb"


def test_file_types_by_bytes() -> None:
    assert type_of_bytes(pdf_bytes()) is FileType.PDF
    assert type_of_bytes(pptx_bytes()) is FileType.PPTX
    assert type_of_bytes(b"") is None
    assert FileType.of_name("A.PDF") is FileType.PDF and FileType.of_name("x.ppt") is None
    assert pptx_findings(pptx_bytes(["第一页", "第二页"]))[1] == "第一页\n第二页"
    assert pdf_findings(pdf_bytes("Handout", compress=True)) == ([], "Community Guardians\nHandout")


def test_a_policy_published_before_it_was_written(tree: Callable[..., Path]) -> None:
    policy = "content/policies/notice/index.zh.md"
    text = """\
---
title: 通知
issuer: 广东省民政厅
number: 粤民函〔2022〕35号
date: 2022-03-18
index_number: 006939748/2022-00035
category: 民政
published: 2022-03-10
addressees: [各地级以上市民政局]
---
正文。
"""
    found = lines(tree({policy: text}))
    assert f"{policy}:8: published: 发布日期 2022-03-10 早于成文日期 2022-03-18：发布日期应在成文日期当天或之后" in found
    assert lines(tree({policy: text.replace("2022-03-10", "2022-03-21")})) == []


def test_a_session_cannot_take_the_city_archives_folder(tree: Callable[..., Path]) -> None:
    text = {path.replace(FOLDER, "content/trainings/cities"): value for path, value in files().items()}
    found = lines(tree(text), "en")
    assert ("content/trainings/cities/index.zh.md:2: a training session's folder cannot be called 'cities': the site "
            "keeps each city's training archive under trainings/cities/; rename the folder") in found
