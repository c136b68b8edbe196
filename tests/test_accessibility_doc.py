"""docs/accessibility.md cannot drift from the tests: every requirement names tests, and every test it names exists."""

from __future__ import annotations

import ast
import re

from generator.config import PROJECT

DOC = PROJECT / "docs" / "accessibility.md"
_TABLE = re.compile(r"^<!-- requirements -->\n(?P<rows>(?:\|.*\n)+)", re.M)
_TEST = re.compile(r"`(?P<file>tests/[\w/]+\.py)?::(?P<name>test_\w+)`")


def _tests_in(path: str) -> set[str]:
    tree = ast.parse((PROJECT / path).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def named_tests(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each requirement row's first cell → the (file, test) pairs it names; `::name` belongs to the file before it."""
    match = _TABLE.search(text)
    assert match, f"{DOC.name}: no table after <!-- requirements -->"
    rows: dict[str, list[tuple[str, str]]] = {}
    for line in match["rows"].splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        current = ""
        pairs = []
        for found in _TEST.finditer(cells[-1]):
            current = found["file"] or current
            pairs.append((current, found["name"]))
        rows[cells[0]] = pairs
    return rows


def test_every_requirement_names_a_test_that_exists() -> None:
    rows = named_tests(DOC.read_text(encoding="utf-8"))
    assert len(rows) >= 12
    missing = [f"{row}: {file}::{name}" for row, pairs in rows.items() for file, name in pairs
               if not file or not (PROJECT / file).is_file() or name not in _tests_in(file)]
    assert missing == []
    assert [row for row, pairs in rows.items() if not pairs] == []


def test_a_misspelt_test_is_found() -> None:
    text = "<!-- requirements -->\n| a | b | c |\n|---|---|---|\n| 行距 | x | `tests/browser/test_age_friendly.py::test_no_such_thing` |\n"
    (row, pairs), = named_tests(text).items()
    assert row == "行距" and pairs == [("tests/browser/test_age_friendly.py", "test_no_such_thing")]
    assert "test_no_such_thing" not in _tests_in(pairs[0][0])
