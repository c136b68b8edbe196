"""Build the sample site from two versions of the code and print every difference a reader could see.

    python bench/htmldiff.py build REV OUT     # REV: a git commit, or `.` for the working tree
    python bench/htmldiff.py compare OLD NEW   # two built sites; exit 1 when any page differs
    python bench/htmldiff.py REV [WORK]        # build REV and the working tree into bench/.cache/htmldiff/, compare

A commit is exported with `git archive` into a temporary folder and built there with its own `generator`
(PYTHONPATH), content and theme; the working tree is built in place. Every build uses the same `--today`.
Pages are compared after normalising what legitimately varies between two builds of the same content:
whitespace (every run becomes one space, and none is kept next to the tag of a block-level element; a
space between two inline elements is kept, as a reader sees it), the two spellings of an escaped quote, build dates and times, hashed asset names, the search
bundle's ids and hashes, and the mkdocs build timestamp comment.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache" / "htmldiff"
TODAY = "2026-12-01"
"""The build date given to every build: the same in both, and one at which the sample site shows a notice under
publicity (2026) and an honour roll (2023)."""

_VARIES = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"\b(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), r"\1"),
    (re.compile(r"((?:main|palette|bundle|search|workers?)\.)[0-9a-f]{8,}((?:\.min)?\.(?:css|js))"), r"\1#\2"),
    (re.compile(r"([?&]v=|\.)[0-9a-f]{8,}(?=\.(?:css|js|json|pf_\w+)\b|[\"'])"), r"\1#"),
    (re.compile(r"(pagefind[\w/-]*?[._-])[0-9a-f]{6,}"), r"\1#"),
    (re.compile(r"\bdata-pagefind-[\w-]*=\"[0-9a-f]{8,}\""), 'data-pagefind="#"'),
]
_SPACE = re.compile(r"\s+")
_BLOCK = ("address|article|aside|blockquote|body|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|head|header|hr|"
          "html|li|link|main|meta|nav|ol|p|section|script|style|table|tbody|td|tfoot|th|thead|title|tr|ul")
_AROUND_BLOCK = re.compile(rf"\s*(</?(?:{_BLOCK})\b[^>]*>)\s*")
"""Whitespace next to the tag of a block-level element, which no reader sees (a `<pre>`'s content is not touched:
`pre` is not in the list)."""
_ENTITY_SPELLINGS = (("&#34;", "&quot;"), ("&#39;", "&#x27;"))
"""Two spellings of one escaped character (markupsafe's and `html.escape`'s)."""


def build(rev: str, out: Path) -> None:
    """Build the sample site of `rev` (a commit, or `.` for the working tree) into `out`."""
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if rev == ".":
        _run_build(ROOT, out)
        return
    with tempfile.TemporaryDirectory(prefix="htmldiff-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev],
                                 check=True, capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        for link in ("node_modules", ".cms"):  # symlinked in the worktrees, never in git
            if (ROOT / link).exists() and not (Path(tmp) / link).exists():
                os.symlink((ROOT / link).resolve(), Path(tmp) / link)
        _run_build(Path(tmp), out)


def _run_build(tree: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, "-m", "generator.cli", "build", str(tree), "--out", str(out), "--today", TODAY]
    print("$", " ".join(command), file=sys.stderr)
    subprocess.run(command, cwd=tree, env=env, check=True)


def normalise(text: str) -> str:
    """The page with what legitimately varies between two builds replaced by fixed marks."""
    for pattern, replacement in _VARIES:
        text = pattern.sub(replacement, text)
    for spelling, same in _ENTITY_SPELLINGS:
        text = text.replace(spelling, same)
    text = _SPACE.sub(" ", text)
    return _AROUND_BLOCK.sub(r"\1", text).strip()


def _lines(text: str) -> list[str]:
    """One tag per line, so a difference is shown where it is."""
    return re.sub(r"(?=<(?!/))", "\n", normalise(text)).split("\n")


def compare(old: Path, new: Path) -> int:
    """Print every difference between the HTML pages of two built sites; the number of pages that differ."""
    old_pages = {p.relative_to(old) for p in old.rglob("*.html")}
    new_pages = {p.relative_to(new) for p in new.rglob("*.html")}
    differing = 0
    for page in sorted(old_pages - new_pages):
        print(f"--- only in {old}: {page}")
        differing += 1
    for page in sorted(new_pages - old_pages):
        print(f"+++ only in {new}: {page}")
        differing += 1
    for page in sorted(old_pages & new_pages):
        before = (old / page).read_text(encoding="utf-8")
        after = (new / page).read_text(encoding="utf-8")
        if before == after or normalise(before) == normalise(after):
            continue
        differing += 1
        diff = difflib.unified_diff(_lines(before), _lines(after), f"old/{page}", f"new/{page}", n=1, lineterm="")
        print("\n".join(diff))
    print(f"{len(old_pages | new_pages)} pages, {differing} differ", file=sys.stderr)
    return differing


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "build":
        build(argv[1], Path(argv[2]).resolve())
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return 1 if compare(Path(argv[1]), Path(argv[2])) else 0
    if len(argv) in (1, 2) and argv[0] not in ("build", "compare"):
        base, work = argv[0], (argv[1] if len(argv) == 2 else ".")
        build(base, CACHE / "old")
        build(work, CACHE / "new")
        return 1 if compare(CACHE / "old", CACHE / "new") else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
