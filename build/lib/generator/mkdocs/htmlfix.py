"""Repairs to the fixed text of mkdocs-material's templates that the Nu Html Checker rejects: an mkdocs hook.

mkdocs-material writes `autocomplete="off"` on its checkbox toggles (drawer,
search), an attribute HTML allows only on text-like inputs. The text is in
material's base.html outside any block, so each page is repaired as mkdocs
writes it (`build.language_config` lists this file among the hooks).
"""

from __future__ import annotations

import re
from typing import Any

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def repair(html: str) -> str:
    """The page with its checkbox toggles valid."""
    return _TOGGLE.sub(r"\1", html)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Every page mkdocs renders from the docs, repaired before it is written."""
    return repair(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The pages rendered from the theme alone (404.html), repaired before they are written."""
    return repair(output_content) if template_name.endswith(".html") else output_content
