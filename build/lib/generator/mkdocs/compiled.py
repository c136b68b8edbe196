"""The theme's templates compiled once and kept for the next build: an mkdocs hook.

mkdocs makes a new Jinja environment in every build, which compiles
Material's templates and ours again: about 0.1 s of a small build, and more
of an edited story's two dirty builds. The compiled code is kept in
`TEMPLATES` beside the editions' staging folders, and the site's own
templates (`site.pages.keep_compiled`) are kept there too. Jinja checks each
kept template against its source, so an edited theme is compiled again.

`build.language_config` lists this file among each edition's mkdocs hooks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = "templates"
"""The folder of compiled templates, beside the editions' staging folders (`<work>/staging/`)."""


def kept_beside(staging: Path) -> jinja2.FileSystemBytecodeCache:
    """The cache of compiled templates beside an edition's `staging` folder, made when missing (Jinja writes each
    file whole, then renames it, so builds side by side can share it)."""
    folder = staging.parent / TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Keep the build's compiled templates beside its staging folder, unless the environment keeps them already
    (the preview of `guardians serve` keeps them in memory)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = kept_beside(Path(config.config_file_path).parent)  # the edition's mkdocs.yml
    return env
