"""Hostile inputs, one fixture each, with the exact expected outcome.

Each folder of `tests/fixtures/hostile/` holds the offending files under
`files/` (laid over the base tree of conftest) and `expected.yml`:

- `about`: what the case attacks;
- `remove`: base files to delete; `symlinks` (path → target; a target
  starting with `@outside/` lies in the sibling folder `root-evil`, whose
  name starts like the content root's), `fifos`, `outside` (files written
  into `root-evil`), `grow` (path → bytes: the file is padded with lines of
  text to that size, so that fixtures stay small), `rename` (path → new
  path, for names a checkout would mangle: control characters, trailing
  spaces; written with YAML's escapes);
- `problems`: every problem the case adds to those of the base tree, as
  the English message with file, line and field, exactly;
- `ledger`: every input file whose status is not `published`;
- `build`: whether the case goes through the whole build (mkdocs, photos,
  verify, publish); then `absent` (text in no output file outside the theme's
  `assets/` and the search data in `pagefind/`, which the search script only
  ever shows escaped or as `textContent`), `attributes`
  (attributes no element of any page may carry) and `html` (page → text it
  must contain) are checked too.

Every case must finish within `SECONDS`, so that a bomb shows up as a
failure rather than a hung suite.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import record_notices, settings_for

from generator.build import build
from generator.content.ledger import account
from generator.content.load import load_tree
from generator.content.model import build_site
from generator.content.validate import validate_tree

CASES = Path(__file__).parent / "fixtures" / "hostile"
TODAY = date(2026, 11, 28)
SECONDS = 30
BASE_PROBLEMS = {"content/workers/chen-xiaoli: warning: no English twin index.en.md; the English site shows the Chinese "
                 "text marked 'not yet translated'"}


class _Attributes(HTMLParser):
    """The names of every attribute of every element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names |= {name for name, _ in attrs}


def overlay(root: Path, case: Path, spec: dict[str, Any]) -> None:
    """Lay the case's files, links, pipes and padding over the base tree at `root`."""
    files = case / "files"
    if files.is_dir():
        for source in sorted(files.rglob("*")):
            if source.is_file():
                target = root / source.relative_to(files)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    outside = root.parent / "root-evil"
    for rel, text in (spec.get("outside") or {}).items():
        (outside / rel).parent.mkdir(parents=True, exist_ok=True)
        (outside / rel).write_text(text, encoding="utf-8")
    for rel in spec.get("remove") or []:
        path = root / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for rel, target in (spec.get("symlinks") or {}).items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(str(outside / target.removeprefix("@outside/")) if target.startswith("@outside/") else target, link)
    for rel in spec.get("fifos") or []:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
    for rel, new in (spec.get("rename") or {}).items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        os.rename(root / rel, root / new)
    for rel, size in (spec.get("grow") or {}).items():
        path = root / rel
        with path.open("ab") as handle:
            line = "这一行只是为了让文件变大。\n".encode()
            while handle.tell() < size:
                handle.write(line)


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_hostile(name: str, tree: Callable[..., Path]) -> None:
    case = CASES / name
    spec = yaml.safe_load((case / "expected.yml").read_text(encoding="utf-8"))
    root = tree(record=False)
    overlay(root, case, spec)
    record_notices(root)
    started = time.monotonic()
    if spec.get("build"):
        result = build(settings_for(root))
        problems, ledger = result.problems, result.ledger
    else:
        raw = load_tree(root)
        valid = validate_tree(raw, today=TODAY)
        site = build_site(valid, today=TODAY)
        problems = valid.problems + site.problems
        ledger = account(raw, valid, site, problems)
        assert ledger.unaccounted(root) == []
    assert time.monotonic() - started < SECONDS

    assert sorted({p.format("en") for p in problems} - BASE_PROBLEMS) == sorted(spec.get("problems") or [])
    unusual = {path: status.value for path, (status, _) in ledger.rows.items() if status.value != "published"}
    assert unusual == (spec.get("ledger") or {})
    counts = ledger.counts()
    assert sum(counts.values()) == len(ledger.rows)

    if spec.get("build"):
        site_dir = root / "site"
        for needle in spec.get("absent") or []:
            for path in site_dir.rglob("*"):
                # a CSV table holds submitted text as the bureau wrote it, as data (text/csv, never a page); its
                # cells are checked by the open-data and statistics tests (formula guard, no internal value)
                if (path.is_file() and path.suffix != ".csv"
                        and not {"assets", "pagefind"} & set(path.relative_to(site_dir).parts)):
                    assert needle.encode() not in path.read_bytes(), f"{needle!r} in {path}"
        for page in site_dir.rglob("*.html"):
            parser = _Attributes()
            parser.feed(page.read_text(encoding="utf-8"))
            assert not parser.names & set(spec.get("attributes") or []), page
        for page, needles in (spec.get("html") or {}).items():
            text = (site_dir / page).read_text(encoding="utf-8")
            for needle in needles:
                assert needle in text, f"{needle!r} not in {page}"


def test_there_are_at_least_thirty_cases() -> None:
    assert len([p for p in CASES.iterdir() if (p / "expected.yml").is_file()]) >= 30
