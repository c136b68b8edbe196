"""The site's identity in mkdocs.yml: what refuses a production build or a strict check, and what each edition's
footer is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import base_tree, record_notices, settings_for, write_tree

from generator.build import build, check
from generator.config import PROJECT
from generator.editions import edition
from generator.mkdocs import identity
from generator.problems import ContentError

COMPLETE = {
    "sponsor": {"zh": "广东省民政厅", "en": "Department of Civil Affairs of Guangdong Province"},
    "organiser": {"zh": "广东省民政厅基层政权建设和社区治理处"},
    "contact": "020-12345678",
    "icp": "粤ICP备12345678号",
    "public_security": "粤公网安备 44010602000001号",
    "site_code": "4400000001",
    "badge": "assets/gov-badge-placeholder.svg",
}


def mkdocs_yml(folder: Path, values: dict[str, object] | None) -> Path:
    """A base configuration like the project's, with `values` as its `extra.identity` (none at all for None)."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"] = {} if values is None else {"identity": values}
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def real_badge(theme: Path) -> Path:
    """A theme folder holding a badge whose name marks no placeholder."""
    (theme / "assets").mkdir(parents=True)
    (theme / "assets" / "gov-badge.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    return theme


def test_a_complete_identity_has_no_problem(tmp_path: Path) -> None:
    theme = real_badge(tmp_path / "theme")
    assert identity.problems(mkdocs_yml(tmp_path, COMPLETE | {"badge": "assets/gov-badge.svg"}), theme) == []


def test_the_sample_is_refused_key_by_key_with_its_line(tmp_path: Path) -> None:
    found = identity.problems(PROJECT / "mkdocs.yml", PROJECT / "theme")
    assert [p.field for p in found] == [f"extra.identity.{key}" for key in identity.KEYS]
    assert {p.key for p in found} == {"identity-placeholder"}
    lines = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    for p in found:
        assert lines[p.line - 1].strip().startswith(p.field.rsplit(".", 1)[1] + ":")
        assert p.format("zh").startswith(f"mkdocs.yml:{p.line}: {p.field}: ")


@pytest.mark.parametrize("change, key, expected", [
    ({"sponsor": None}, "sponsor", "identity-missing"),
    ({"organiser": {"zh": "  "}}, "organiser", "identity-missing"),
    ({"organiser": {"en": "Organiser"}}, "organiser", "identity-missing"),  # zh is required
    ({"contact": {"zh": "020-1", "en": "[TO FILL] phone"}}, "contact", "identity-placeholder"),
    ({"icp": "粤ICP备【待填写】号"}, "icp", "identity-placeholder"),
    ({"site_code": "待填寫"}, "site_code", "identity-placeholder"),
    ({"badge": "assets/gov-badge-placeholder.svg"}, "badge", "identity-placeholder"),
    ({"badge": "assets/none.png"}, "badge", "identity-badge-missing"),
])
def test_each_missing_or_placeholder_key_is_named(tmp_path: Path, change: dict[str, object], key: str,
                                                   expected: str) -> None:
    theme = real_badge(tmp_path / "theme")
    values = {k: v for k, v in (COMPLETE | {"badge": "assets/gov-badge.svg"} | change).items() if v is not None}
    found = identity.problems(mkdocs_yml(tmp_path, values), theme)
    assert [(p.path, p.field, p.key) for p in found] == [("mkdocs.yml", f"extra.identity.{key}", expected)]
    assert found[0].format("en").startswith(f"mkdocs.yml:{found[0].line}: extra.identity.{key}: ")


def test_no_identity_at_all_names_every_key(tmp_path: Path) -> None:
    found = identity.problems(mkdocs_yml(tmp_path, None), PROJECT / "theme")
    assert [p.field for p in found] == [f"extra.identity.{key}" for key in identity.KEYS]
    assert {p.key for p in found} == {"identity-missing"}


def test_each_edition_gets_the_identity_in_its_words(tmp_path: Path) -> None:
    path = mkdocs_yml(tmp_path, COMPLETE)
    zh, en, hant = (identity.footer(path, edition(code)) for code in ("zh", "en", "zh-hant"))
    assert zh.sponsor == "广东省民政厅" and en.sponsor == "Department of Civil Affairs of Guangdong Province"
    assert en.organiser == "广东省民政厅基层政权建设和社区治理处"  # no English given: the Chinese
    assert hant.sponsor == "廣東省民政廳" and hant.icp == "粵ICP備12345678號"
    assert zh.icp_href == "https://beian.miit.gov.cn/"
    assert zh.public_security_href == "https://beian.mps.gov.cn/#/query/webSearch?code=44010602000001"
    assert zh.badge == "assets/gov-badge-placeholder.svg" and zh.site_code == "4400000001"


def test_a_strict_check_refuses_the_placeholders_and_a_plain_one_does_not(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "root", base_tree())
    _, plain = check(settings_for(root))
    assert not any(p.path == "mkdocs.yml" for p in plain)
    _, strict = check(settings_for(root, strict=True))
    assert [p.field for p in strict if p.path == "mkdocs.yml"] == [f"extra.identity.{k}" for k in identity.KEYS]
    theme = real_badge(tmp_path / "theme")
    complete = mkdocs_yml(tmp_path, COMPLETE | {"badge": "assets/gov-badge.svg"})
    _, identified = check(settings_for(root, strict=True, mkdocs_yml=complete, theme_dir=theme))
    assert not any(p.path == "mkdocs.yml" for p in identified)


def test_a_production_build_writes_nothing_while_a_key_is_a_placeholder(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "root", base_tree())
    settings = settings_for(root, production=True)
    with pytest.raises(ContentError) as refused:
        build(settings)
    assert [p.field for p in refused.value.problems] == [f"extra.identity.{k}" for k in identity.KEYS]
    assert not settings.out.exists() and not settings.work_dir.exists()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args, "--today", "2026-11-28"],
                          capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300, check=False)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_refuses_and_says_where(tmp_path: Path, lang: str) -> None:
    root = record_notices(write_tree(tmp_path / "root", base_tree()))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the site published before", encoding="utf-8")
    built = _cli("build", str(root), "--production", "--lang", lang)
    assert built.returncode == 1
    assert "mkdocs.yml:" in built.stderr and "extra.identity.sponsor" in built.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the site published before"
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html"]
    checked = _cli("check", str(root), "--strict", "--lang", lang)
    assert checked.returncode == 1
    assert "mkdocs.yml:" in checked.stdout and "extra.identity.icp" in checked.stdout
    assert _cli("check", str(root), "--lang", lang).returncode == 0
