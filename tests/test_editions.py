"""The editions, asked by every module from one place; the package's imports form no circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.model import in_lang
from generator.editions import EDITIONS, LANGS, edition

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its `__init__`)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def test_every_edition_by_code() -> None:
    assert [(e.code, e.hreflang, e.folder, e.depth, e.source) for e in EDITIONS] == [
        ("zh", "zh-Hans", "", 0, "zh"), ("en", "en", "en/", 1, "en"), ("zh-hant", "zh-Hant", "zh-hant/", 1, "zh")]
    assert all(edition(e.code) is e for e in EDITIONS)
    assert [edition(lang).source for lang in LANGS] == list(LANGS)  # a content language is its own edition's source


def test_only_a_converted_edition_converts() -> None:
    assert edition("zh").convert("社区网格员") == "社区网格员"
    assert edition("en").convert("社区 grid") == "社区 grid"
    assert edition("zh-hant").convert("社区网格员") == "社區網格員"
    assert [e.code for e in EDITIONS if e.converted] == ["zh-hant"]


def test_every_edition_names_itself_in_its_strings() -> None:
    names = [e.strings()("language_name") for e in EDITIONS]
    assert names == ["简体中文", "English", "繁體中文"]
    assert edition("zh-hant").strings()("site_name") == "社區守護者"


@pytest.mark.parametrize(("lang", "zh", "en", "shown"), [
    ("zh", "广州市", "Guangzhou", "广州市"),
    ("en", "广州市", "Guangzhou", "Guangzhou"),
    ("en", "广州市", None, "广州市"),  # no English given: the Chinese is shown
    ("en", "广州市", "", ""),  # given, though empty: the validator decides whether that is allowed
])
def test_the_one_fallback_to_chinese(lang: str, zh: str, en: str | None, shown: str) -> None:
    assert in_lang(lang, zh, en) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_on_its_own(module: str) -> None:
    """Each module imports first in a fresh interpreter: no import order is needed to break a circle."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=PACKAGE.parent, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules that `module` imports anywhere in it (in a function too): a lazy import is an edge."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
                base = ".".join([*package, *([base] if base else [])])
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names}
    return {name for name in found if name in MODULES and name != module}


def test_no_import_circle() -> None:
    graph = {module: _imports(module, path) for module, path in MODULES.items()}
    circles = []
    state: dict[str, int] = {}  # 1 while on the path, 2 when done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []
