"""Parts rendered once per folder (the navigation, tabs, search box, app configuration) are what each page's own
rendering would have been."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from generator.mkdocs import sharedparts
from generator.mkdocs.sharedparts import Shared

NAV = frozenset({"", "stories/", "workers/", "guides/"})


def page(url: str | None) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_pages_outside_the_navigation_share_by_the_folder_above_their_own() -> None:
    shared = Shared(NAV)
    assert shared.place(page("stories/lin-yisheng/")) == "stories/"
    assert shared.place(page("workers/chen/")) == "workers/"
    assert shared.place(page("about/")) is None  # at the top: a section of its own, whose tab may differ
    assert shared.place(page("themes/masks/")) == "themes/"
    assert shared.place(page("stories/")) is None  # in the navigation: its item is the active one
    assert shared.place(page("")) is None
    assert shared.place(page("404.html")) is None
    assert shared.place(None) is None
    assert Shared(frozenset({"", "guides/masks/steps/"})).place(page("guides/masks/")) is None


def test_a_part_is_rendered_once_per_folder() -> None:
    shared = Shared(NAV)
    calls: list[str] = []

    def part(text: str):  # noqa: ANN202 - Jinja's caller
        return lambda: calls.append(text) or text

    assert shared("nav", page("stories/a/"), caller=part("from a")) == "from a"
    assert shared("nav", page("stories/b/"), caller=part("from b")) == "from a"
    assert shared("tabs", page("stories/b/"), caller=part("tabs b")) == "tabs b"
    assert shared("nav", page("workers/c/"), caller=part("from c")) == "from c"
    assert shared("nav", page("stories/"), caller=part("index")) == "index"
    assert shared("nav", page("stories/"), caller=part("index again")) == "index again"
    assert calls == ["from a", "tabs b", "from c", "index", "index again"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_is_what_it_would_be_rendered_alone(sample_site: Path, tmp_path: Path, lang: str) -> None:
    staging = sample_site.parent / ".guardians" / "staging" / lang
    config = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))
    hook = str(Path(sharedparts.__file__).resolve())
    assert hook in config["hooks"]
    alone = tmp_path / "alone.py"
    alone.write_text("def on_env(env, config, files):\n"
                     "    env.globals['cg_shared'] = lambda part, page, caller: caller()\n", encoding="utf-8")
    sites = {}
    for name, hooks in (("shared", config["hooks"]), ("alone", [h if h != hook else str(alone) for h in config["hooks"]])):
        sites[name] = tmp_path / name
        variant = config | {"hooks": hooks, "site_dir": str(sites[name])}
        (tmp_path / f"{name}.yml").write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / f"{name}.yml")],
                       check=True, capture_output=True)
    pages = sorted(p.relative_to(sites["alone"]) for p in sites["alone"].rglob("*.html"))
    assert len(pages) > 50
    assert pages == sorted(p.relative_to(sites["shared"]) for p in sites["shared"].rglob("*.html"))
    different = [str(p) for p in pages if (sites["shared"] / p).read_bytes() != (sites["alone"] / p).read_bytes()]
    assert different == []
    story = next(p for p in pages if p.parts[0] == "stories" and len(p.parts) == 3)
    text = (sites["shared"] / story).read_text(encoding="utf-8")
    assert 'class="md-nav md-nav--primary' in text and 'class="md-tabs"' in text and "data-cg-search" in text
