"""The packages follow the pipeline: a stage imports the stages before it and the shared modules, never one after it.

docs/architecture.md draws the same picture; when a stage needs something of a later one, the thing belongs in
a shared module or in `build.py`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
SHARED = {"editions", "problems", "messages", "scheduler", "cache", "incremental", "config"}
ALLOWED = {
    "content": set(),
    "photos": {"content"},
    "site": {"content", "photos"},
    "mkdocs": {"content", "photos", "site"},
    "search": set(),
    "publish": set(),
    "tools": {"content", "photos", "build"},
    "serve": {"content", "photos", "site", "publish", "tools", "build"},
}
"""Each package: the other packages (and `build`) it may import besides itself and the shared modules."""


def _imported(path: Path) -> set[str]:
    """The part just below `generator` of every module `path` imports (`from generator import x` gives x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "generator":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for name in [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]:
                if name.startswith("generator."):
                    found.add(name.split(".")[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_stage_imports_only_what_comes_before_it(package: str) -> None:
    allowed = ALLOWED[package] | SHARED | {package}
    wrong = {f"{path.relative_to(PACKAGE).as_posix()} imports generator.{name}"
             for path in (PACKAGE / package).rglob("*.py") for name in _imported(path) - allowed}
    assert not wrong, sorted(wrong)


def test_every_package_is_placed() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(ALLOWED)
