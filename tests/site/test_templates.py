"""The output half is safe by construction: templates escape, and only `site/safe.py` marks HTML safe.

A submitted value reaches a page only through a template of
`generator/site/templates`, rendered by the one environment (autoescape on);
the sanitised body is the only `Markup`. These tests fail when a template
turns escaping off or passes a value through `|safe`, when Python code marks
anything else safe, or when Python code builds markup by string formatting.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from generator.site import pages
from generator.site.safe import sanitised

GENERATOR = Path(pages.__file__).resolve().parent.parent
TEMPLATES = sorted(pages.TEMPLATES.glob("*.html"))

SAFE_PLACE = "site/safe.py"
"""The one module that makes `Markup`: the body rendered from Markdown and sanitised."""
ENVIRONMENT_PLACE = "site/pages.py"
"""The one module that makes a Jinja environment."""

NOT_PAGES = {
    "tools/cms.py": "the editors' Decap CMS shell at /admin/ of `guardians serve`: fixed markup and the page title from "
              "messages.py, no content; never published",
    "search/index.py": "the documents handed to the search indexer, made from the text of pages already built; the indexer "
                 "reads them, no reader is served them",
}
"""Modules outside the site package that write markup of their own, and why that is allowed."""

_TAG = re.compile(r"<(?:[A-Za-z]|/|!doctype|!--)", re.I)
"""The start of a tag, a closing tag, a doctype or a comment (not a regex's `(?<!`)."""


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(GENERATOR).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(GENERATOR.rglob("*.py"))]


def _is_tag_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_TAG.search(node.value))


def markup_built(tree: ast.AST) -> list[tuple[int, str]]:
    """Where `tree` builds markup from values by string formatting: (line, how)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values) \
                and any(_is_tag_text(v) for v in node.values):
            found.append((node.lineno, "f-string"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_tag_text(node.left):
            found.append((node.lineno, "%-formatting"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (_is_tag_text(node.left)
                                                                               or _is_tag_text(node.right)):
            found.append((node.lineno, "concatenation"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("format", "join") and _is_tag_text(node.func.value):
            found.append((node.lineno, f"str.{node.func.attr}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
                and any(isinstance(arg, (ast.List, ast.Tuple)) and any(map(_is_tag_text, arg.elts))
                        and not all(isinstance(e, ast.Constant) for e in arg.elts) for arg in node.args):
            found.append((node.lineno, "str.join of tags"))
    return found


def _calls(tree: ast.AST, name: str) -> list[int]:
    """Lines that call `name` or `<module>.name`."""
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == name)
        or (isinstance(node.func, ast.Attribute) and node.func.attr == name))]


def test_the_environment_escapes_every_value_and_leaves_nothing_undefined() -> None:
    env = pages.environment()
    assert env.autoescape is True  # not select_autoescape: every template, whatever its name
    assert env.undefined is jinja2.StrictUndefined
    assert env.from_string("{{ v }}").render(v='<b title="x">&') == "&lt;b title=&#34;x&#34;&gt;&amp;"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_template_turns_escaping_off(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"\{%-?\s*autoescape", text), "a template must not change autoescaping"
    assert not re.search(r"\|\s*safe\b", text), "only safe.sanitised marks HTML safe, never a template"
    assert "Markup" not in text and "__html__" not in text


def test_no_other_module_makes_an_environment_or_marks_html_safe() -> None:
    for name, tree in _modules():
        if name != ENVIRONMENT_PLACE:
            assert not _calls(tree, "Environment") and not _calls(tree, "Template"), name
        if name != SAFE_PLACE:
            assert not _calls(tree, "Markup"), f"{name}: only {SAFE_PLACE} makes Markup"
            assert "__html__" not in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}, name


def test_no_python_code_builds_markup_by_string_formatting() -> None:
    built = {name: found for name, tree in _modules() if name not in NOT_PAGES and (found := markup_built(tree))}
    assert built == {}, "markup belongs in generator/site/templates; values reach it through autoescape"


def test_the_allowed_modules_still_need_their_exception() -> None:
    modules = dict(_modules())
    assert {name for name in NOT_PAGES if not markup_built(modules[name])} == set()


@pytest.mark.parametrize(("code", "how"), [
    ("f'<p>{x}</p>'", "f-string"),
    ("'<a href=\"%s\">' % x", "%-formatting"),
    ("'<li>' + x", "concatenation"),
    ("'<td>{}</td>'.format(x)", "str.format"),
    ("'</li><li>'.join(xs)", "str.join"),
    ("''.join(['<b>', x, '</b>'])", "str.join of tags"),
])
def test_the_scan_finds_each_way_of_formatting_markup(code: str, how: str) -> None:
    assert markup_built(ast.parse(code)) == [(1, how)]


@pytest.mark.parametrize("code", ["f'{x} < {y}'", "rf'(?<![0-9]){x}'", "'<p>fixed</p>'", "f'a{x}b'"])
def test_the_scan_leaves_other_strings_alone(code: str) -> None:
    assert markup_built(ast.parse(code)) == []


def test_a_submitted_value_is_escaped_on_the_page_and_the_body_is_sanitised() -> None:
    blocks = sanitised('<script>alert(1)</script>\n\n## <b>x</b>\n\n[a](javascript:alert(1))', lambda ref, alt: None)
    assert all(isinstance(block.text, Markup) for block in blocks)
    html = "".join(block.text for block in blocks)
    assert "<script" not in html and "javascript:" not in html and "<b>" not in html
