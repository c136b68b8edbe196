"""The templates' compiled code kept between builds (`mkdocs.compiled`): loaded when the source is the same, compiled
again when it changed or the kept file is damaged, and never a change to the site."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
from conftest import STORY, settings_for

from generator.build import build
from generator.config import PROJECT
from generator.mkdocs import compiled
from generator.site import pages

GENERATOR = '<meta name="generator" content="Community Guardians">'


def _site(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _kept(root: Path) -> Path:
    return root / ".guardians" / "staging" / compiled.TEMPLATES


def test_a_build_keeps_the_compiled_templates_and_an_edited_theme_is_compiled_again(
        tree: Callable[..., Path], tmp_path: Path) -> None:
    root = tree()
    pages.environment.cache_clear()  # templates compiled by an earlier test in this process would not be kept
    pages.template.cache_clear()
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    build(settings_for(root, theme_dir=theme))
    kept = _kept(root)
    names = {p.name for p in kept.iterdir()}
    cache = jinja2.FileSystemBytecodeCache(str(kept))
    for template in (theme / "main.html", pages.TEMPLATES / "page.html"):  # mkdocs' theme, and the site's own
        assert f"__jinja2_{cache.get_cache_key(template.name, str(template))}.cache" in names, template
    main = theme / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(GENERATOR, GENERATOR.replace("Guardians", "Guardians 2")),
                    encoding="utf-8")
    (root / "stories/2022/grid-night/index.zh.md").write_text(STORY + "\n又一段。\n", encoding="utf-8")
    build(settings_for(root, theme_dir=theme))
    page = (root / "site/stories/2022/grid-night/index.html").read_text(encoding="utf-8")
    assert "又一段" in page and 'content="Community Guardians 2"' in page


def test_damaged_kept_templates_are_compiled_again_and_the_site_is_the_same(tree: Callable[..., Path]) -> None:
    root = tree()
    build(settings_for(root))
    first = _site(root / "site")
    damaged = root / "damaged"
    shutil.move(_kept(root), damaged)
    for at, path in enumerate(sorted(damaged.iterdir())):
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2] if at % 2 else b"not compiled code")
    shutil.rmtree(root / ".guardians")  # nothing else kept: every page of every edition is rendered again
    shutil.rmtree(root / "site")
    _kept(root).parent.mkdir(parents=True)
    shutil.move(damaged, _kept(root))
    build(settings_for(root))
    assert _site(root / "site") == first
