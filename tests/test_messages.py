"""The message catalogue: both languages alike, and every key the code names is in it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from generator.editions import LANGS
from generator.messages import MessageError, catalogue, message

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

_KEY_ARGUMENT = {"problem": 3, "message": 0, "YamlProblem": 1}
"""Where each function or class that takes a catalogue key has it among its positional arguments."""


def _parameters(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _keys_named_in_code() -> dict[str, str]:
    """Every literal catalogue key passed to `problem`, `message`, `YamlProblem` or a `MessageError`,
    with where it is passed."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(GENERATOR.rglob("*.py"))}
    errors = {MessageError.__name__}
    grown = True
    while grown:  # subclasses of subclasses, across modules
        found = {node.name for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                 and any(_name(base) in errors for base in node.bases)}
        grown, errors = not found <= errors, errors | found
    taking = _KEY_ARGUMENT | dict.fromkeys(errors, 0)
    keys: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (name := _name(node.func)) not in taking:
                continue
            args = [a for a in node.args if not isinstance(a, ast.Starred)]
            given = [k.value for k in node.keywords if k.arg == "key"]
            given += args[taking[name]:taking[name] + 1]
            for arg in given:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    keys[arg.value] = f"{path.relative_to(GENERATOR.parent)}:{node.lineno}"
    return keys


def test_both_languages_have_the_same_keys_in_the_same_order() -> None:
    assert list(catalogue("zh")) == list(catalogue("en"))


@pytest.mark.parametrize("key", list(catalogue("en")))
def test_both_languages_take_the_same_parameters(key: str) -> None:
    assert _parameters(catalogue("zh")[key]) == _parameters(catalogue("en")[key])


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    keys = _keys_named_in_code()
    assert len(keys) > 100  # the scan sees the calls it is meant to see
    assert {key: where for key, where in keys.items() if key not in catalogue("en")} == {}


def test_keys_are_lowercase_words_joined_by_hyphens() -> None:
    assert [key for key in catalogue("en") if not re.fullmatch(r"[a-z0-9_]+(-[a-z0-9_]+)*", key)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_message_is_its_template_filled_in(lang: str) -> None:
    assert message("file-too-large", lang, size=9, limit=5) == catalogue(lang)["file-too-large"].format(  # type: ignore[arg-type]
        size=9, limit=5)
