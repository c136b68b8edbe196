"""The walls one by one: Markdown, the sanitiser, references, paths, YAML and size limits."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.content import markup, safeyaml
from generator.content.ledger import Status, account
from generator.content.load import Source, _read_bytes, inside, load_tree
from generator.content.markup import (
    MAX_NESTING,
    ImageHtml,
    Reference,
    body_problems,
    complexity_problem,
    nesting,
    reference_problem,
    references,
    render_markdown,
    sanitise,
)
from generator.content.model import build_site
from generator.content.validate import validate_tree

TODAY = date(2026, 11, 28)

OWN = ImageHtml('<picture><img src="../../media/ab12-720.jpg" srcset="../../media/ab12-360.jpg 360w, '
                '../../media/ab12-720.jpg 720w" alt="" width="720" height="540"></picture>')


def render(body: str) -> str:
    return render_markdown(body, lambda ref, alt: OWN if ref == "night.jpg" else None)


@pytest.mark.parametrize(("body", "expected"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("a <img src=x onerror=alert(1)> b", "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>"),
    ("<div onclick=x>\nblock\n</div>", "<p>&lt;div onclick=x&gt;\nblock\n&lt;/div&gt;</p>"),
    ("段落\n{: onclick=\"x\" }", "<p>段落\n{: onclick=\"x\" }</p>"),
    ('--8<-- "/etc/passwd"', '<p>--8&lt;-- "/etc/passwd"</p>'),
    ("{% include 'x' %} {{ config }}", "<p>{% include 'x' %} {{ config }}</p>"),
    ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
    ("[x](//evil.example/)", '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
    ("[x](https://example.org/a?b=1&c=2)",
     '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">x</a></p>'),
    ("![统计](https://evil.example/p.png)", "<p>统计</p>"),
    ("![夜间](night.jpg)", '<p><picture><img src="../../media/ab12-720.jpg" srcset="../../media/ab12-360.jpg 360w, '
                         '../../media/ab12-720.jpg 720w" alt="" width="720" height="540"></picture></p>'),
    ("# 标题\n\n## 小节", "<h2>标题</h2>\n<h3>小节</h3>"),
])
def test_markdown_renders_untrusted_text_safely(body: str, expected: str) -> None:
    assert render(body) == expected


@pytest.mark.parametrize(("fragment", "expected"), [
    ("<script>alert(1)</script>ok", "ok"),
    ('<img src="https://evil.example/p.png" alt="a">', '<img alt="a">'),
    ('<img src="../media/x.jpg" onerror="alert(1)">', '<img src="../media/x.jpg">'),
    ('<img src="../../secret/x.jpg">', "<img>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<a href="\\\\evil\\share">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<iframe src="https://evil.example/"></iframe>ok', "ok"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>ok', "ok"),
    ('<p style="position:fixed" class="x" id="y">t</p>', "<p>t</p>"),
    ("<!-- note -->t", "t"),
])
def test_the_sanitiser_is_a_second_wall(fragment: str, expected: str) -> None:
    assert sanitise(fragment) == expected


@pytest.mark.parametrize(("kind", "target", "key"), [
    ("link", "https://example.org/", None),
    ("link", "http://example.org/", None),
    ("link", "mailto:office@example.org", None),
    ("link", "#section-2", None),
    ("link", "javascript:alert(1)", "link-scheme"),
    ("link", " JAVASCRIPT:alert(1)", "link-scheme"),
    ("link", "java\tscript:alert(1)", "link-scheme"),
    ("link", "java%0ascript:alert(1)", "link-scheme"),
    ("link", "vbscript:x", "link-scheme"),
    ("link", "file:///etc/passwd", "link-scheme"),
    ("link", "tel:13912345678", "link-scheme"),
    ("link", "//evil.example/", "reference-absolute"),
    ("link", "/etc/passwd", "reference-absolute"),
    ("link", "../other/", "reference-parent"),
    ("link", "a/%2e%2e/%2E%2E/b", "reference-parent"),
    ("link", "a\\b", "reference-bad-char"),
    ("link", "a%5cb", "reference-bad-char"),
    ("link", "a%00b", "reference-bad-char"),
    ("link", "report.pdf", "link-to-file"),
    ("image", "night.jpg", None),
    ("image", "day.jpg", "missing-photo"),
    ("image", "https://evil.example/p.png", "image-not-own"),
    ("image", "data:image/png;base64,AAAA", "image-not-own"),
    ("image", "/etc/passwd", "image-not-own"),
    ("image", "../night.jpg", "reference-parent"),
    ("image", "..\\night.jpg", "reference-bad-char"),
])
def test_reference_rules(kind: str, target: str, key: str | None) -> None:
    assert reference_problem(Reference(1, kind, target), {"night.jpg"}) == key  # type: ignore[arg-type]


def test_references_are_those_markdown_sees_with_their_lines() -> None:
    body = "第一行\n\n[a](https://a.example/) <https://b.example/>\n\n[c][1] ![d](night.jpg)\n\n[1]: javascript:x\n"
    assert references(body) == [
        Reference(3, "link", "https://a.example/"),
        Reference(3, "link", "https://b.example/"),
        Reference(7, "link", "javascript:x"),
        Reference(5, "image", "night.jpg"),
    ]


@pytest.mark.parametrize(("body", "found", "line"), [
    ("正文\n\n" + "[a](" * 101, "101", 12),
    ("正文\n\n" + "*a" * 1001, "1001", 12),
    ("\n\n".join(["*a" * 500] * 11), "5500", 30),
])
def test_markup_too_dense_is_refused_before_parsing(body: str, found: str, line: int) -> None:
    started = time.monotonic()
    refused = complexity_problem(Source("x.md", None, body, 10))
    assert time.monotonic() - started < 0.5
    assert refused is not None and refused.key == "markup-too-complex"
    assert dict(refused.params)["found"] == found and refused.line == line


def test_ordinary_prose_is_not_too_dense() -> None:
    paragraph = "网格员**逐户**敲门，登记[健康码](https://example.org/)和_行程_。" * 5
    assert complexity_problem(Source("x.md", None, "\n\n".join([paragraph] * 40), 1)) is None


def test_a_sibling_whose_name_starts_like_the_root_is_not_inside(tmp_path: Path) -> None:
    root, sibling = tmp_path / "root", tmp_path / "root-evil"
    (root / "stories").mkdir(parents=True)
    sibling.mkdir()
    assert inside(root, root / "stories")
    assert not inside(root, sibling)
    assert not inside(root, root / ".." / "root-evil")
    os.symlink(sibling, root / "stories" / "link")
    assert not inside(root, root / "stories" / "link")


def test_reading_never_follows_a_link_or_opens_a_pipe(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(root / "real.md", root / "inner-link.md")
    (root / "real.md").write_text("real")
    os.mkfifo(root / "pipe.md")
    problems: list = []
    assert _read_bytes(root, root / "real.md", 100, problems) == b"real"
    assert _read_bytes(root, root / "inner-link.md", 100, problems) is None
    assert _read_bytes(root, root / "pipe.md", 100, problems) is None
    assert [(p.path, p.key) for p in problems] == [("inner-link.md", "symlink-refused"),
                                                  ("pipe.md", "not-regular-file")]


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * 101)
    problems: list = []
    assert _read_bytes(tmp_path, tmp_path / "big.md", 100, problems) is None
    assert [dict(p.params) for p in problems] == [{"size": "101", "limit": "100"}]


BOMBS = {
    "billion-laughs": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)),
    "alias-only": "a: *undefined\n",
    "deep-flow": "a: " + "[" * 50_000 + "]" * 50_000,
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "v\n",
    "many-values": "a: [" + ",".join(["1"] * 30_000) + "]\n",
    "python-tag": "a: !!python/object/apply:os.system ['true']\n",
    "merge-key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
}


@pytest.mark.parametrize(("name", "key"), [
    ("billion-laughs", "yaml-anchor"),
    ("alias-only", "yaml-alias"),
    ("deep-flow", "yaml-too-deep"),
    ("deep-block", "yaml-too-deep"),
    ("many-values", "yaml-too-many-nodes"),
    ("python-tag", "yaml-tag"),
    ("merge-key", "yaml-merge-key"),
])
def test_yaml_bombs_are_refused_quickly_in_bounded_memory(name: str, key: str) -> None:
    started = time.monotonic()
    with pytest.raises(safeyaml.YamlProblem) as refused:
        safeyaml.load(BOMBS[name])
    assert time.monotonic() - started < 5
    assert refused.value.key == key
    tracemalloc.start()
    try:
        with pytest.raises(safeyaml.YamlProblem):
            safeyaml.load(BOMBS[name])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def test_a_file_name_that_is_not_utf8_is_refused_and_reported_printably(tree: Callable[..., Path]) -> None:
    root = tree()
    bundle = os.fsencode(root / "stories/2022/grid-night")
    with open(os.path.join(bundle, b"\xff\xfe.jpg"), "wb") as handle:
        handle.write(b"not read")
    raw = load_tree(root)
    valid = validate_tree(raw, today=TODAY)
    ledger = account(raw, valid, build_site(valid, today=TODAY), valid.problems)
    assert [p.format("en") for p in raw.problems] == [
        "stories/2022/grid-night/\\xff\\xfe.jpg: the file name is not valid UTF-8 text and is not read; rename it"]
    assert ledger.unaccounted(root) == []
    assert ledger.rows["stories/2022/grid-night/\\xff\\xfe.jpg"][0].value == "refused"
    ledger.as_json("zh", valid.problems).encode("utf-8")
    assert "grid-night" in {e.slug for e in valid.entries}


@pytest.mark.parametrize(("name", "key"), [
    ("CON", "name-windows"), ("nul.md", "name-windows"), ("Com1.tar.gz", "name-windows"), ("lpt9", "name-windows"),
    ("aux .txt", "name-windows"), ("CONOUT$", "name-windows"), ("com\u00b9", "name-windows"),
    ("night.", "name-trailing"), ("night ", "name-trailing"), ("night.jpg.", "name-trailing"),
    ("gpj.\u202eevil.jpg", "name-bidi"), ("a\u2067b", "name-bidi"), ("\u200fa", "name-bidi"),
    ("a\nb:1: x", "name-control"), ("a\x1b[2Jb", "name-control"), ("a\x85b", "name-control"), ("a\x7f", "name-control"),
])
@pytest.mark.parametrize("where", ["stories/2022/{}", "stories/2022/grid-night/{}", "content/nominations/{}"])
def test_names_that_cannot_be_shown_or_opened_everywhere_are_refused(tree: Callable[..., Path], name: str, key: str,
                                                                    where: str) -> None:
    """As a folder or as a file, at any level of the tree: refused with its reason, its files in the ledger."""
    root = tree()
    rel = where.format(name)
    (root / rel).mkdir()
    (root / rel / "index.zh.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    raw = load_tree(root)
    valid = validate_tree(raw, today=TODAY)
    ledger = account(raw, valid, build_site(valid, today=TODAY), valid.problems)
    assert [(p.path, p.key) for p in raw.problems if p.key.startswith("name-")] == [(rel, key)]
    assert ledger.rows[f"{rel}/index.zh.md"] == (Status.REFUSED, key)
    assert ledger.unaccounted(root) == []
    assert not any(c in ledger.as_json("en", valid.problems) for c in "\x1b\x85\x7f\u202e\u2067\u200f")
    assert "grid-night" in {e.slug for e in valid.entries}


@pytest.mark.parametrize("name", ["console", "con-ning", "nullah", "com10", "lpt", "aux-ban", "a.b", ".hidden"])
def test_names_that_only_look_like_device_names_are_read(tree: Callable[..., Path], name: str) -> None:
    root = tree({f"stories/2022/grid-night/{name}": b"x"})
    assert not [p for p in load_tree(root).problems if p.key.startswith("name-")]


@pytest.mark.parametrize("url", ["../../outside/", "/etc/", "tags/..\\..\\x/"])
def test_the_writer_never_writes_a_page_outside_the_docs_tree(tmp_path: Path, url: str) -> None:
    from conftest import settings_for

    from generator.mkdocs.staging import write_staging
    from generator.site.pages import Page

    with pytest.raises(RuntimeError, match="leaves the docs tree"):
        write_staging(tmp_path / "staging" / "zh", [Page(url, "t", "b")], "zh", settings_for(tmp_path))
    assert list(tmp_path.rglob("index.md")) == []


# --- nesting: refused before the parser recurses ----------------------------------------------------


@pytest.mark.parametrize(("prefix", "depth"), [
    ("- ", 1),
    ("    - ", 2),
    ("\t\t- ", 3),
    ("> > ", 2),
    (">>>", 3),
    ("1. 2. 3. ", 3),
    ("    > - ", 3),
    (" " * 64, 16),
    ("\t" * 17, 17),
])
def test_nesting_counts_indentation_quotes_and_markers(prefix: str, depth: int) -> None:
    assert nesting(prefix) == depth


@pytest.mark.parametrize(("body", "line"), [
    ("\n".join("    " * i + "- x" for i in range(2000)), 17),
    ("\n".join("\t" * i + "- x" for i in range(40)), 17),
    ("前言\n\n" + "1. " * 2000 + "x", 3),
    ("\n".join("> " * i + "引用" for i in range(1, 30)), 17),
    ("- a\n" + "    " * 20 + "> " * 5 + "- x", 2),
])
def test_deep_nesting_is_refused_unparsed_at_its_line(body: str, line: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markup, "render_plain", lambda *a: pytest.fail("parsed"))
    [refused] = body_problems(Source("x.md", None, body, 10), {})
    assert (refused.line, refused.key) == (10 + line - 1, "markup-too-deep")
    assert refused.format("en").endswith(f"the limit is {MAX_NESTING}; nest less")


@pytest.mark.parametrize("body", [
    "- a\n    - b\n        - c\n            - d",
    "> 引用\n> > 再引用",
    "段落\n\n" + " " * 200 + "\n\n段落",
    "- - - - - - - - - - - - - - - - - - - - - -",
    "    " * 16 + "代码块里的一行",
])
def test_ordinary_nesting_and_rules_pass(body: str) -> None:
    assert body_problems(Source("x.md", None, body, 1), {}) == []


def test_any_failure_rendering_a_body_is_that_texts_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def recursing(body: str) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markup, "render_plain", recursing)
    [refused] = body_problems(Source("stories/2022/x/index.zh.md", None, "正文", 12), {})
    assert refused.format("en") == ("stories/2022/x/index.zh.md:12: the text cannot be turned into a page "
                                    "(RecursionError); simplify its formatting, and tell the site maintainer if "
                                    "this persists")
