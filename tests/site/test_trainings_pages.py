"""The training archive, each city's archive, each session's page with its handouts, the statistics' totals, the
mobilisation chain and the theme pages' links to them, in every edition."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from conftest import WORKER, jpeg
from materials import pdf_bytes, pptx_bytes
from rendered import pages, site_of, words

from generator.site.tables import BOM

GZ = "content/trainings/tianhe-grid-2022"
SZ = "content/trainings/nanshan-volunteers-2023"


def session(title: str, day: str, city: str, district: str, hours: str, participants: int, audience: str,
            materials: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {day}\ncity: {city}\ndistrict: {district}\norganiser: 区民政局\n"
            f"audience: [{audience}]\nhours: {hours}\nparticipants: {participants}\nsummary: 培训摘要。\n"
            f"{materials}guides: [daily-monitoring]\n---\n## 内容\n\n正文。\n")


def trainings() -> dict[str, str | bytes | None]:
    return {
        f"{GZ}/index.zh.md": session("天河区网格员培训", "2022-04-12", "广州市", "天河区", "3", 126,
                                     "grid-worker, building-head",
                                     "materials:\n  - file: handout.pdf\n    title: 讲义\n    title_en: Handout\n"
                                     "  - file: slides.pptx\n    title: 课件\n"),
        f"{GZ}/index.en.md": "---\ntitle: Grid worker training in Tianhe\n---\nText.\n",
        f"{GZ}/handout.pdf": pdf_bytes("Handout"),
        f"{GZ}/slides.pptx": pptx_bytes(["Slides"]),
        f"{SZ}/index.zh.md": session("南山区志愿者培训", "2023-02-15", "深圳市", "南山区", "1.5", 85, "volunteer"),
        "content/trainings/tianhe-again-2023/index.zh.md": session("天河区楼栋长培训", "2023-06-01", "广州市",
                                                                   "天河区", "2", 40, "building-head"),
    }


def test_the_archive_lists_sessions_by_year_with_totals(tree: Callable[..., Path]) -> None:
    site = site_of(tree(trainings()))
    zh = pages(site, "zh")["trainings/"].body
    assert "共 3 场培训，6.5 学时，251 人次参加。" in words(zh)
    years = re.findall(r'<h2 id="y(\d{4})">', zh)
    assert years == ["2023", "2022"]
    assert words(zh).index("天河区楼栋长培训") < words(zh).index("南山区志愿者培训") < words(zh).index("天河区网格员培训")
    assert 'href="../trainings/tianhe-grid-2022/"' in zh and 'href="../trainings/cities/guangzhou/"' in zh
    en = pages(site, "en")["trainings/"].body
    assert "3 sessions, 6.5 class hours, 251 participants in all." in words(en)
    assert "Grid worker training in Tianhe" in en
    hant = pages(site, "zh-hant")["trainings/"].body
    assert "培訓記錄" in pages(site, "zh-hant")["trainings/"].title and "廣州市" in hant


def test_each_city_has_its_archive_by_year(tree: Callable[..., Path]) -> None:
    zh = pages(site_of(tree(trainings())), "zh")
    assert {"trainings/cities/guangzhou/", "trainings/cities/shenzhen/"} <= set(zh)
    assert "trainings/cities/dongguan/" not in zh  # no session there
    guangzhou = zh["trainings/cities/guangzhou/"]
    assert guangzhou.title == "广州市培训记录"
    assert "共 2 场培训，5 学时，166 人次参加。" in words(guangzhou.body)
    assert "南山区志愿者培训" not in guangzhou.body
    assert re.findall(r'<h2 id="y(\d{4})">', guangzhou.body) == ["2023", "2022"]


def test_a_sessions_page_publishes_its_handouts_beside_it(tree: Callable[..., Path]) -> None:
    root = tree(trainings())
    site = site_of(root)
    for lang in ("zh", "en", "zh-hant"):
        page = pages(site, lang)["trainings/tianhe-grid-2022/"]
        assert page.files["handout.pdf"] == (root / GZ / "handout.pdf").read_bytes(), lang
        assert page.files["slides.pptx"] == (root / GZ / "slides.pptx").read_bytes(), lang
        assert 'href="handout.pdf" download' in page.body
    zh = pages(site, "zh")["trainings/tianhe-grid-2022/"]
    text = words(zh.body)
    for fact in ("日期 2022年4月12日", "城市 广州市 · 天河区", "主办单位 区民政局", "适用对象 网格员、楼栋长", "学时 3",
                 "参加人数 126", "讲义 (PDF,", "课件 (PPTX,"):
        assert fact in text, fact
    assert 'href="../../guides/daily-monitoring/"' in zh.body
    en = pages(site, "en")["trainings/tianhe-grid-2022/"]
    assert "Handout (PDF," in words(en.body) and "Participants 126" in words(en.body)
    assert pages(site, "zh")["trainings/nanshan-volunteers-2023/"].files == {}


def test_the_statistics_page_totals_training_and_publishes_it_as_csv(tree: Callable[..., Path]) -> None:
    site = site_of(tree(trainings()))
    page = pages(site, "zh")["stats/"]
    assert "培训：共 3 场，6.5 学时，251 人次参加。" in words(page.body)
    assert "各市培训参加人次" in page.body
    text = str(page.files["training-participants-by-city.csv"])
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [["城市", "人次"], ["广州市", "166"], ["深圳市", "85"], ["东莞市", "0"], ["合计", "251"]]
    sessions = list(csv.reader(io.StringIO(str(page.files["trainings-by-city.csv"]).removeprefix(BOM))))
    assert sessions[-1] == ["合计", "3"]


def test_without_sessions_the_statistics_say_so_and_draw_no_bar(tree: Callable[..., Path]) -> None:
    page = pages(site_of(tree()), "en")["stats/"]
    assert "Training: 0 sessions, 0 class hours, 0 participants." in words(page.body)
    chart = re.search(r'<figure[^>]*id="stats-training-participants-by-city".*?</figure>', page.body, re.S)
    assert chart is not None and "<svg" not in chart.group()
    assert "No data yet for any of the 3 cities" in words(chart.group()) or "3 cities" in words(chart.group())
    assert "trainings-by-city.csv" in page.files


def test_the_chain_shows_each_level_with_its_roles_workers_and_stories(tree: Callable[..., Path]) -> None:
    cadre = WORKER.replace("role: grid-worker", "role: township-cadre").replace("陈晓丽", "周建华")
    assert cadre != WORKER
    site = site_of(tree({"content/workers/zhou-jianhua/index.zh.md": cadre,
                         "content/workers/zhou-jianhua/portrait.jpg": jpeg(400, 500)}))
    zh = pages(site, "zh")["themes/mobilisation/chain/"].body
    levels = re.findall(r'<h2 id="(\w+)">', zh)
    assert levels == ["township", "community", "grid", "building"]
    sections = dict(zip(levels, re.split(r'<h2 id="\w+">', zh)[1:], strict=True))
    assert "周建华" in sections["township"] and "陈晓丽" not in sections["township"]
    assert "陈晓丽" in sections["grid"] and "网格员" in sections["grid"]
    assert "岗位：楼栋长、村民小组长、党员、志愿者" in words(sections["building"])
    assert "暂无这一层的先进典型。" in sections["building"]
    assert "grid-night" in sections["grid"]  # the story names a grid worker and carries 网格管理
    en = pages(site, "en")["themes/mobilisation/chain/"]
    assert en.title == "The community mobilisation chain" and "Street or township official" in en.body


def test_the_theme_pages_link_the_chain_and_the_archive(tree: Callable[..., Path]) -> None:
    zh = pages(site_of(tree()), "zh")
    assert '<a href="../../themes/mobilisation/chain/">社区组织动员体系</a>' in zh["themes/mobilisation/"].body
    assert '<a href="../../trainings/">培训记录</a>' in zh["themes/training/"].body
    assert "chain/" not in zh["themes/care/"].body
