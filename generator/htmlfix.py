"""Repairs to the fixed text of mkdocs-material's templates that the Nu Html Checker rejects.

mkdocs-material writes `autocomplete="off"` on its checkbox toggles (drawer,
search), an attribute HTML allows only on text-like inputs. The text is in
material's base.html outside any block, so it is repaired in the built pages.
"""

from __future__ import annotations

import re
from pathlib import Path

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def repair(html: str) -> str:
    """The page with its checkbox toggles valid."""
    return _TOGGLE.sub(r"\1", html)


def repair_site(site: Path) -> int:
    """Repair every page of the assembled site; returns how many files changed."""
    changed = 0
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        fixed = repair(text)
        if fixed != text:
            path.unlink()  # the assembled site hard-links the staging tree: never write through a link
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
