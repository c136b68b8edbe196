"""`guardians import-xlsx` (generator/tools/importxlsx.py): the committee list from Excel, or every bad cell told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, regions_with, settings_for

from generator.build import check
from generator.cli import main
from generator.tools.importxlsx import EXAMPLE_COUNTY, EXAMPLE_ROWS, XlsxError, import_xlsx, write_template

REGIONS_WITH_QUJIANG = regions_with("shaoguan", "韶关市", "Shaoguan", ("qujiang", "曲江区", "Qujiang District"))
TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "templates" / "committees.xlsx"
ROWS = EXAMPLE_ROWS + (
    ("松山街道", "东区社区居委会", None, "已成立", "2022/5/1", "公共卫生委员会主任", "村（居）委会委员 3", "松山社区卫生服务中心", None),
    ("松山街道", "西区社区", None, "筹建中", None, "health-committee-director", None, None, None),
)
EXPECTED = """\
city: 韶关市
district: 曲江区
bureau: 韶关市曲江区民政局
updated: 2026-11-20
committees:
  - town: 马坝镇
    village: 马坝村
    code: '440205100202'
    established: 2022-04-15
    chair: village-committee-director
    members:
      health-committee-member: 4
      community-doctor: 1
    team:
      health: 马坝镇卫生院
      police: 马坝派出所
  - town: 松山街道
    village: 东区社区居委会
    established: 2022-05-01
    chair: health-committee-director
    members:
      committee-member: 3
    team:
      health: 松山社区卫生服务中心
  - town: 松山街道
    village: 西区社区
    status: preparing
    chair: health-committee-director
"""
TARGET = "content/committees/qujiang.yml"


@pytest.fixture
def root(tree: Callable[..., Path]) -> Path:
    return tree({"content/regions.yml": REGIONS_WITH_QUJIANG})


def workbook(tmp_path: Path, rows: tuple[tuple[object, ...], ...] = ROWS,
             county: tuple[tuple[str, str], ...] = EXAMPLE_COUNTY) -> Path:
    path = tmp_path / "list.xlsx"
    write_template(path, county=county, rows=rows)
    return path


def refused(tmp_path: Path, root: Path, rows: tuple[tuple[object, ...], ...] = ROWS, **kw: object) -> list[str]:
    target, book = import_xlsx(workbook(tmp_path, rows, **kw), root, today=TODAY)  # type: ignore[arg-type]
    assert target is None and not (root / TARGET).exists()
    return [found.format("zh") for found in book.problems]


def test_a_good_workbook_becomes_the_list_and_passes_check(tmp_path: Path, root: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-xlsx", str(workbook(tmp_path)), "--root", str(root)]) == 0
    assert (root / TARGET).read_text(encoding="utf-8") == EXPECTED
    assert "已写入 content/committees/qujiang.yml（3 个村、社区）" in capsys.readouterr().out
    _, problems = check(settings_for(root))
    assert [p for p in problems if p.path == TARGET] == []


def test_the_shipped_template_imports(root: Path) -> None:
    target, book = import_xlsx(TEMPLATE, root, today=TODAY)
    assert book.problems == [] and target == root / TARGET


def _with(row: int, column: int, value: object) -> tuple[tuple[object, ...], ...]:
    rows = [list(r) for r in ROWS]
    rows[row][column] = value
    return tuple(tuple(r) for r in rows)


@pytest.mark.parametrize(
    "row, column, value, expected",
    [
        (1, 1, None, "工作表“名单”第 3 行 B 列（村（社区））: 缺少必填字段"),
        (1, 4, "2022-13-01", "工作表“名单”第 3 行 E 列（成立日期）: 日期应写作 YYYY-MM-DD，例如 2022-04-12；实际为“2022-13-01”"),
        (1, 3, "成立了", "工作表“名单”第 3 行 D 列（状态）: 应为以下之一：已成立、筹建中、暂停；实际为“成立了”"),
        (1, 5, "总指挥", "工作表“名单”第 3 行 F 列（主任职务）: 未知职务“总指挥”，应为以下之一："),
        (1, 6, "委员 三", "工作表“名单”第 3 行 G 列（成员）: 无法读取“委员 三”"),
        (1, 0, "松删街道", "工作表“名单”第 3 行 A 列（镇（街道））: “韶关市曲江区”没有镇（街道）“松删街道”，是否为“松山街道”？"),
        (1, 1, "栋区社区", "工作表“名单”第 3 行 B 列（村（社区））: “松山街道”没有村（社区）“栋区社区”，是否为“东区社区居民委员会”？"),
        (0, 2, "440205100999", "工作表“名单”第 2 行 C 列（区划代码）: “韶关市曲江区”没有代码为 440205100999 的村（社区）"),
        (1, 4, "2027-01-01", "工作表“名单”第 3 行 E 列（成立日期）: 成立日期 2027-01-01 晚于今天（2026-11-28）"),
        (0, 1, "大坑村", "工作表“名单”第 2 行 B 列（村（社区））: 代码 440205100202 是“马坝村村民委员会”，与所写的“大坑村”不符"),
        (1, 1, "<script>alert(1)</script>", "工作表“名单”第 3 行 B 列（村（社区））: “松山街道”没有村（社区）“<script>alert(1)</script>”"),
    ],
)
def test_each_bad_cell_is_told_with_sheet_row_column_and_nothing_is_written(
        tmp_path: Path, root: Path, row: int, column: int, value: object, expected: str) -> None:
    found = refused(tmp_path, root, _with(row, column, value))
    assert any(line.startswith(expected) for line in found), found


def test_a_village_twice_is_told_at_its_second_row(tmp_path: Path, root: Path) -> None:
    found = refused(tmp_path, root, ROWS + (ROWS[0],))
    assert found == [f"工作表“名单”第 5 行 B 列（村（社区））: “马坝村村民委员会”重复：已在 {TARGET}:6 中列出"]


def test_every_bad_cell_is_told_at_once(tmp_path: Path, root: Path) -> None:
    rows = _with(1, 3, "成立了")
    rows = tuple(tuple(v if (i, j) != (2, 5) else "总指挥" for j, v in enumerate(r)) for i, r in enumerate(rows))
    found = refused(tmp_path, root, rows)
    assert [line.split(":")[0] for line in found] == ["工作表“名单”第 3 行 D 列（状态）", "工作表“名单”第 4 行 F 列（主任职务）"]


def test_a_missing_county_value_is_told_at_its_row(tmp_path: Path, root: Path) -> None:
    found = refused(tmp_path, root, county=(EXAMPLE_COUNTY[0], EXAMPLE_COUNTY[1], ("填报单位", ""), EXAMPLE_COUNTY[3]))
    assert found == ["工作表“县区”第 3 行 B 列（填报单位）: 缺少必填字段"]


def test_an_unknown_county_is_told_and_nothing_written(tmp_path: Path, root: Path) -> None:
    found = refused(tmp_path, root, county=(EXAMPLE_COUNTY[0], ("县（区）", "火星区"), *EXAMPLE_COUNTY[2:]))
    assert found == ["工作表“县区”第 2 行 B 列（县（区））: 未知的县（区）“韶关市火星区”"]


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04broken"])
def test_not_an_xlsx_is_refused(tmp_path: Path, root: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    with pytest.raises(XlsxError):
        import_xlsx(path, root, today=TODAY)
    assert main(["import-xlsx", str(path), "--root", str(root)]) == 1
    assert "不是 Excel 工作簿" in capsys.readouterr().err
    assert not (root / "content" / "committees").exists()


def test_the_command_tells_each_problem_and_that_nothing_was_written(
        tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-xlsx", str(workbook(tmp_path, _with(1, 3, "成立了"))), "--root", str(root), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert 'list.xlsx: sheet "名单", row 3, column D (状态): expected one of 已成立、筹建中、暂停; found "成立了"' in err
    assert not (root / TARGET).exists()
