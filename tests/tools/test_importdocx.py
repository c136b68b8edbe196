"""`guardians import-docx`: a story written in Word on our template becomes a checked bundle."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, jpeg, settings_for
from docx import Document
from docx.shared import Cm

from generator.build import check
from generator.cli import main
from generator.tools import importdocx
from generator.tools.importdocx import DocxError, import_docx, read_story
from generator.tools.scaffold import ScaffoldError, fill

TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "templates" / "story.docx"
ROWS = [("标题", "夜里的核酸点"), ("日期", "2022年5月3日"), ("城市", "广州"), ("区县", "天河区"),
        ("社区", "华景社区"), ("人物", "陈晓丽"), ("摘要", "采样点的一夜。"), ("作者", "李明"),
        ("单位", "天河区民政局")]


def make_docx(path: Path, rows: list[tuple[str, str]] | None = ROWS, *, photo: bytes | None = None,
              caption: str | None = "采样点（示意图）", text: str = "正文第一段。") -> Path:
    document = Document()
    document.add_paragraph("投稿", style="Title")
    if rows is not None:
        table = document.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    document.add_paragraph(text)
    if photo is not None:
        document.add_paragraph().add_run().add_picture(io.BytesIO(photo), width=Cm(8))
        if caption is not None:
            document.add_paragraph(caption, style="Caption")
    document.save(str(path))
    return path


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_template_imports_into_a_bundle_that_passes_check(tree: Callable[..., Path]) -> None:
    root = tree()
    draft, written = import_docx(TEMPLATE, root, today=TODAY, lang="zh")
    folder = "stories/2022/ling-chen-san-dian-de-wang-ge"
    assert [p.relative_to(root).as_posix() for p in written] == [f"{folder}/index.zh.md", f"{folder}/photo-1.jpg"]
    text = (root / folder / "index.zh.md").read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    for line in ("title: 凌晨三点的网格", "date: 2022-04-12", "city: 广州市", "district: 天河区",
                 "community: 华景社区", "workers: [chen-xiaoli]", "tags: [网格管理, 上门走访]", "author: 李明",
                 "unit: 天河区民政局", "status: review", "  - file: photo-1.jpg",
                 "    caption: 网格员夜间在小区内核对住户信息（示意图）", "    credit: 天河区民政局"):
        assert line in front.splitlines()
    assert body.startswith("## 那一夜\n\n2022年4月的一个深夜，**榕荫社区居委会的灯还亮着**。")
    assert "发出一条*简短的说明*，" in body
    assert "\n\n- 家里几口人、今天是否都在家；\n- 有没有身体不适、需不需要帮忙。\n\n## 天亮之前\n\n" in body
    assert "1. 凌晨一点：十二个楼栋群同时开始核对；\n2. 凌晨三点：全部住户核对完毕；\n3. 早上七点" in body
    assert "示意图" not in body and body.endswith("天亮前，名单交到了社区。\n")
    with zipfile.ZipFile(TEMPLATE) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert (root / folder / "photo-1.jpg").read_bytes() == archive.read(media[0])
    _, problems = check(settings_for(root))
    assert [p.key for p in problems if p.path.startswith(folder)] == ["missing-twin"]


def test_labels_in_english_dates_in_chinese_and_worker_names(tmp_path: Path, tree: Callable[..., Path]) -> None:
    rows = [("Title", "Night"), ("Date 日期", "2022.5.3"), ("City", "guangzhou"), ("Community", "华景社区"),
            ("Workers", "陈晓丽、chen-xiaoli"), ("Summary", "x"), ("Author", "李明"), ("Unit", "天河区民政局"),
            ("Slug", "night-test")]
    story = read_story(make_docx(tmp_path / "a.docx", rows))
    given = importdocx.answers(story)
    assert given["date"] == "2022-05-03" and given["slug"] == "night-test" and given["status"] == "review"
    draft = fill("story", tree(), given, today=TODAY, lang="zh", prompts=None)
    assert draft.found == [] and draft.answers["workers"] == "chen-xiaoli, chen-xiaoli"


def test_markdown_and_html_in_the_text_stay_text(tmp_path: Path) -> None:
    story = read_story(make_docx(tmp_path / "a.docx", text="# 不是标题 <script>alert(1)</script> *星* [x](y)"))
    assert story.body == "\\# 不是标题 \\<script\\>alert(1)\\</script\\> \\*星\\* \\[x\\](y)\n"


@pytest.mark.parametrize(("name", "data", "key"), [
    ("story.docx", "这是一个文本文件".encode(), "docx-not-docx"),
    ("story.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "docx-old-format"),
    ("story.docx", None, "docx-not-docx"),
])
def test_not_a_docx_is_refused(tmp_path: Path, name: str, data: bytes | None, key: str) -> None:
    path = tmp_path / name
    if data is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "a zip, but not a Word document")
    else:
        path.write_bytes(data)
    with pytest.raises(DocxError) as caught:
        read_story(path)
    assert caught.value.key == key


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>")
    with pytest.raises(DocxError) as caught:
        read_story(path)
    assert caught.value.key == "docx-bomb-ratio"
    assert caught.value.params["member"] == "word/document.xml" and caught.value.params["ratio"] > 1000


def test_too_large_in_total_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importdocx, "MAX_TOTAL", 10_000)
    with pytest.raises(DocxError) as caught:
        read_story(TEMPLATE)
    assert caught.value.key == "docx-bomb-size"


def test_missing_table_or_caption_writes_nothing(tmp_path: Path, tree: Callable[..., Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    before = files_under(root)
    no_table = make_docx(tmp_path / "no-table.docx", rows=None)
    assert main(["import-docx", str(no_table), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "文档开头缺少元数据表格（标题、日期、城市……），请使用模板 docs/templates/story.docx" in err
    assert "未写入任何文件" in err
    no_caption = make_docx(tmp_path / "no-caption.docx", photo=jpeg(), caption=None)
    assert main(["import-docx", str(no_caption), "--root", str(root), "--lang", "en"]) == 1
    assert "photo 1 has no caption: write it on the line below the photo, in the Caption style" in \
        capsys.readouterr().err
    assert files_under(root) == before


def test_mistakes_in_the_table_are_all_reported_and_nothing_is_written(tmp_path: Path,
                                                                       tree: Callable[..., Path]) -> None:
    root = tree()
    before = files_under(root)
    rows = [(k, "广洲" if k == "城市" else "王五" if k == "人物" else v) for k, v in ROWS if k != "作者"]
    with pytest.raises(ScaffoldError) as caught:
        import_docx(make_docx(tmp_path / "a.docx", rows, photo=jpeg()), root, today=TODAY, lang="zh")
    assert sorted((p.field, p.text("zh")) for p in caught.value.problems) == [
        ("author", "缺少必填字段"),
        ("city", "未知城市“广洲”，是否为“广州市”？"),
        ("workers[0]", "找不到先进人物“王五”（按姓名、英文名和 content/workers/ 下的文件夹名查找）"),
    ]
    assert files_under(root) == before


def test_png_photo_is_extracted_with_its_caption(tmp_path: Path, tree: Callable[..., Path]) -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (60, 40), (1, 2, 3)).save(png, "PNG")
    root = tree()
    draft, written = import_docx(make_docx(tmp_path / "a.docx", photo=png.getvalue(), caption="图1：采样点"),
                                 root, today=TODAY, lang="zh")
    assert written[1].name == "photo-1.png" and written[1].read_bytes() == png.getvalue()
    assert draft.photos[0][1] == "采样点"


def test_a_photo_in_a_table_is_not_dropped_silently(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx")
    document = Document(str(path))
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.paragraphs[0].add_run().add_picture(io.BytesIO(jpeg()), width=Cm(4))
    document.save(str(path))
    assert [(p.key, p.params) for p in read_story(path).problems] == [("docx-image-elsewhere", (("count", "1"),))]


def test_personal_data_the_import_would_write_is_refused_with_its_line(tmp_path: Path, tree: Callable[..., Path],
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    before = files_under(root)
    text = "采样点的一夜。住户张伟的核酸检测结果：阳性，联系电话 139 1234 5678。"
    with pytest.raises(ScaffoldError) as caught:
        import_docx(make_docx(tmp_path / "a.docx", text=text), root, today=TODAY, lang="en")
    problems = [p.format("en") for p in caught.value.problems]
    folder = "stories/2022/ye-li-de-he-suan-dian"
    assert problems == [
        f"{folder}/index.zh.md:23: contains personal data (individual health result: 核酸检测结果:阳性); "
        "remove it before submitting",
        f"{folder}/index.zh.md:23: contains personal data (mobile number: 139****5678); remove it before submitting",
        f"{folder}/index.zh.md:23: quotes the value of internal field internal.phone (1********8) of the nomination "
        "content/nominations/gd-2026/chen-xiaoli.yml; internal values are never published, so this entry is refused",
    ]
    assert files_under(root) == before
    assert main(["import-docx", str(tmp_path / "a.docx"), "--root", str(root), "--lang", "en"]) == 1
    assert "139 1234 5678" not in capsys.readouterr().err
    assert files_under(root) == before


def test_personal_data_in_a_caption_is_refused(tmp_path: Path, tree: Callable[..., Path]) -> None:
    root = tree()
    before = files_under(root)
    with pytest.raises(ScaffoldError) as caught:
        import_docx(make_docx(tmp_path / "a.docx", photo=jpeg(), caption="住户3栋-2单元-502室"), root, today=TODAY,
                    lang="en")
    assert [(p.field, p.text("en")) for p in caught.value.problems] == [
        ("photos[0].caption", "contains personal data (home address: *栋-*单元-***室); remove it before submitting")]
    assert files_under(root) == before


# --- nothing written on any error; every problem at once, in the table's and the text's terms -------------------


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder of the tree, with its bytes: a failing run must leave it byte for byte."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>") for p in root.rglob("*")}


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>")
    return path


def _photo_in_table(path: Path) -> Path:
    make_docx(path)
    document = Document(str(path))
    document.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].add_run().add_picture(
        io.BytesIO(jpeg()), width=Cm(4))
    document.save(str(path))
    return path


FAILING: dict[str, Callable[[Path], Path]] = {
    "no caption": lambda p: make_docx(p, photo=jpeg(), caption=None),
    "unknown city": lambda p: make_docx(p, [(k, "广洲" if k == "城市" else v) for k, v in ROWS]),
    "unknown worker": lambda p: make_docx(p, [(k, "张三" if k == "人物" else v) for k, v in ROWS]),
    "missing row": lambda p: make_docx(p, [r for r in ROWS if r[0] != "作者"]),
    "mobile number in the text": lambda p: make_docx(p, text="采样点的一夜。联系电话 13800138000。"),
    "a nominee's internal value in the text": lambda p: make_docx(p, text="采样点的一夜。内部复核意见甲乙丙。"),
    "address in a caption": lambda p: make_docx(p, photo=jpeg(), caption="住户3栋-2单元-502室"),
    "photo in a table": _photo_in_table,
    "not a docx": lambda p: (p.write_bytes("文本".encode()), p)[1],
    "zip bomb": _bomb,
    "no table": lambda p: make_docx(p, rows=None),
    "folder exists, made by hand": lambda p: make_docx(p, [(k, v) for k, v in ROWS] + [("文件夹名", "grid-night")]),
}


@pytest.mark.parametrize("case", list(FAILING))
def test_a_failing_import_leaves_the_tree_byte_identical(case: str, tmp_path: Path, tree: Callable[..., Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    (root / "stories/2022/grid-night/index.zh.md").write_text(STORY_DATE_2022, encoding="utf-8")
    before = snapshot(root)
    document = FAILING[case](tmp_path / "story.docx")
    assert main(["import-docx", str(document), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.rstrip().endswith("未写入任何文件") and "--" not in err.replace("--replace", "")
    assert snapshot(root) == before


STORY_DATE_2022 = (Path(__file__).resolve().parents[1] / "conftest.py").read_text(encoding="utf-8") \
    .split('STORY = """\\\n', 1)[1].split('"""', 1)[0]


def test_every_problem_is_told_at_once_by_cell_photo_and_paragraph(tmp_path: Path, tree: Callable[..., Path],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    rows = [(k, "广洲" if k == "城市" else "张三、陈晓丽" if k == "人物" else v) for k, v in ROWS if k != "作者"]
    document = make_docx(tmp_path / "a.docx", rows, photo=jpeg(), caption=None,
                         text="第一段。\n\n热线 13800138000。")
    assert main(["import-docx", str(document), "--root", str(root)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "表格第 3 行「城市」: 未知城市“广洲”，是否为“广州市”？",
        "表格第 6 行「人物」: 找不到先进人物“张三”（按姓名、英文名和 content/workers/ 下的文件夹名查找）",
        "表格中没有「作者」一行: 缺少必填字段",
        "第 1 张照片: 第 1 张照片下面缺少说明：请在照片的下一行用“题注”样式写照片说明",
        "正文第 1 段: 含有个人信息（手机号：138****8000），请删除后再提交",
        "未写入任何文件",
    ]
    assert main(["import-docx", str(document), "--root", str(root), "--lang", "en"]) == 1
    assert "table row 3, “城市”: unknown city '广洲'; did you mean '广州市'?" in capsys.readouterr().err


# --- importing a corrected document again --------------------------------------------------------------------


def test_a_corrected_document_replaces_its_unedited_import(tmp_path: Path, tree: Callable[..., Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = tree()
    folder = root / "stories/2022/ye-li-de-he-suan-dian"
    first = make_docx(tmp_path / "a.docx", photo=jpeg(), text="初稿。")
    assert main(["import-docx", str(first), "--root", str(root)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["import-record.yml", "index.zh.md", "photo-1.jpg"]
    corrected = make_docx(tmp_path / "b.docx", text="改正后的稿子。")  # and without its photo
    assert main(["import-docx", str(corrected), "--root", str(root)]) == 0
    assert "改正后的稿子。" in (folder / "index.zh.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["import-record.yml", "index.zh.md"]
    capsys.readouterr()

    edited = (folder / "index.zh.md").read_text(encoding="utf-8").replace("改正后的稿子。", "编辑改过的稿子。")
    (folder / "index.zh.md").write_text(edited, encoding="utf-8")
    before = snapshot(root)
    assert main(["import-docx", str(first), "--root", str(root)]) == 1
    assert ("由标题生成的文件夹名（可在表格中加一行「文件夹名」自定）: stories/2022/ye-li-de-he-suan-dian 在上次导入后"
            "有改动（index.zh.md），未作任何修改；如要用本文档替换（这些改动将丢失），请加 --replace") in capsys.readouterr().err
    assert snapshot(root) == before
    (folder / "index.en.md").write_text("---\ntitle: Night\nsummary: x\n---\nText.\n", encoding="utf-8")
    assert main(["import-docx", str(first), "--root", str(root), "--replace"]) == 0
    assert "初稿。" in (folder / "index.zh.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["import-record.yml", "index.en.md", "index.zh.md",
                                                        "photo-1.jpg"]


def test_the_import_record_is_never_published_and_the_ledger_holds_it(tmp_path: Path,
                                                                       tree: Callable[..., Path]) -> None:
    from generator.content.ledger import Status, account
    from generator.content.load import load_tree
    from generator.content.validate import validate_tree
    from generator.photos.stage import photo_jobs

    root = tree()
    import_docx(make_docx(tmp_path / "a.docx", photo=jpeg()), root, today=TODAY, lang="zh")
    record = "stories/2022/ye-li-de-he-suan-dian/import-record.yml"
    assert "不会发布" in (root / record).read_text(encoding="utf-8")
    raw = load_tree(root)
    valid = validate_tree(raw, today=TODAY)
    assert [p for p in valid.problems if p.path == record] == []
    assert account(raw, valid, None, valid.problems).rows[record] == (Status.HELD, "import-record")
    assert record not in {job.path for job in photo_jobs(valid)}
