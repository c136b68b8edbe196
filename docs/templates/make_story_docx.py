"""Write docs/templates/story.docx, the Word template for story submissions.

Run: .venv/bin/python docs/templates/make_story_docx.py
The result is committed; `guardians import-docx` reads documents written on it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent

INSTRUCTIONS = [
    "使用说明（导入时会忽略表格上方的内容）：",
    "1. 只修改表格右栏和表格下方的正文；左栏的字段名请不要改动。",
    "2. 日期写作 2022-04-12 或 2022年4月12日；城市、区县写全称；人物写文中先进人物的姓名，多人用顿号分隔；"
    "标签用顿号分隔；文件夹名可留空（将按标题拼音生成）。",
    "3. 正文可用“标题 1”“标题 2”样式作小标题，可用项目符号或编号列表，可加粗、倾斜。",
    "4. 照片直接插入正文（JPEG 或 PNG），每张照片的下一行用“题注”样式写照片说明。"
    "照片中有可辨认的人，须另附本人同意书，交给审核人员补充。",
    "5. 写完后运行 guardians import-docx 文件名.docx 导入，或交给网站管理员。",
    "Instructions (ignored on import): edit only the right column of the table and the text below it; "
    "put each photo in the text with its caption on the next line in the Caption style.",
]

METADATA = [
    ("标题 Title", "凌晨三点的网格"),
    ("日期 Date", "2022-04-12"),
    ("城市 City", "广州市"),
    ("区县 District", "天河区"),
    ("社区 Community", "华景社区"),
    ("人物 Workers", "陈晓丽"),
    ("标签 Tags", "网格管理、上门走访"),
    ("摘要 Summary", "一条凌晨发来的紧急通知，网格员和楼栋长们用三个小时核对完全部住户。"),
    ("作者 Author", "李明"),
    ("单位 Unit", "天河区民政局"),
    ("文件夹名 Slug（可留空）", ""),
]


def illustration() -> bytes:
    """A plain illustration for the example photo (no real people)."""
    image = Image.new("RGB", (960, 640), (32, 48, 96))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        draw.rectangle((80 + i * 140, 200, 180 + i * 140, 600), fill=(60 + i * 20, 70, 120))
        for j in range(5):
            draw.rectangle((95 + i * 140, 220 + j * 70, 125 + i * 140, 250 + j * 70), fill=(250, 220, 120))
    draw.ellipse((780, 40, 880, 140), fill=(240, 240, 210))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def make(path: Path) -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_paragraph("社区守护者 · 故事投稿模板", style="Title")
    for line in INSTRUCTIONS:
        document.add_paragraph().add_run(line).font.size = Pt(10)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in METADATA:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].width, cells[1].width = Cm(4), Cm(12)
        cells[1].text = value
    document.add_heading("那一夜", level=1)
    paragraph = document.add_paragraph("2022年4月的一个深夜，")
    paragraph.add_run("榕荫社区居委会的灯还亮着").bold = True
    paragraph.add_run("。凌晨零点四十分，社区接到通知：需要在天亮前核清辖区内几栋楼的全部住户情况。")
    paragraph = document.add_paragraph("网格员陈晓丽先在楼栋群里发出一条")
    paragraph.add_run("简短的说明").italic = True
    paragraph.add_run("，再把任务按楼栋分给楼栋长：")
    for item in ("家里几口人、今天是否都在家；", "有没有身体不适、需不需要帮忙。"):
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("天亮之前", level=1)
    for item in ("凌晨一点：十二个楼栋群同时开始核对；", "凌晨三点：全部住户核对完毕；", "早上七点：名单交到社区。"):
        document.add_paragraph(item, style="List Number")
    document.add_paragraph().add_run().add_picture(io.BytesIO(illustration()), width=Cm(12))
    caption = document.add_paragraph("网格员夜间在小区内核对住户信息（示意图）", style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("天亮前，名单交到了社区。")
    document.core_properties.title = "社区守护者 · 故事投稿模板"
    document.core_properties.author = "社区守护者"
    document.save(str(path))


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "story.docx")
