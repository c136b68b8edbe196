"""The site's identity as government sites show it in the footer: read from mkdocs.yml `extra.identity`.

主办单位 (sponsor), 承办单位 (organiser), contact, the ICP registration
number (linked to the MIIT registration system), the public-security
registration number (linked to its system), the site identification code
(网站标识码) and the government-site badge, a file of the theme. The sample
mkdocs.yml holds placeholders marked 待填写 / TO FILL; a production build and
`check --strict` refuse while any key is missing or still a placeholder
(`problems`). docs/site-identity.md describes every key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.editions import Edition
from generator.problems import Problem, problem

TEXTS = ("sponsor", "organiser", "contact")
"""Keys that read differently by language: a text, or a mapping `zh:` (required) and `en:`."""
NUMBERS = ("icp", "public_security", "site_code")
"""Keys that are the same in every language."""
BADGE = "badge"
"""The badge image: a path below theme/, e.g. `assets/gov-badge.png`."""
KEYS = (*TEXTS, *NUMBERS, BADGE)
PLACEHOLDER = re.compile(r"待填写|待填寫|TO FILL|placeholder", re.IGNORECASE)
"""What marks a value of the sample as still to be filled in."""
ICP_SYSTEM = "https://beian.miit.gov.cn/"
"""The MIIT's ICP registration system, which every ICP number links to."""
PUBLIC_SECURITY_SYSTEM = "https://beian.mps.gov.cn/#/query/webSearch?code="
"""The Ministry of Public Security's registration system; the number's digits follow."""


@dataclass(frozen=True)
class Footer:
    """The identity as one edition's footer shows it; empty strings where nothing is configured."""

    sponsor: str = ""
    organiser: str = ""
    contact: str = ""
    icp: str = ""
    icp_href: str = ""
    public_security: str = ""
    public_security_href: str = ""
    site_code: str = ""
    badge: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items()}


def _read(mkdocs_yml: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    text = mkdocs_yml.read_text(encoding="utf-8")
    config = yaml.safe_load(text) or {}
    extra = config.get("extra") if isinstance(config, dict) else None
    found = extra.get("identity") if isinstance(extra, dict) else None
    return (found if isinstance(found, dict) else {}), yaml.compose(text, Loader=yaml.SafeLoader)


def _line(node: yaml.Node | None, *path: str) -> int:
    """The line (from 1) of the deepest key of `path` present in the YAML document; 0 when none is."""
    line = 0
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if found is None:
            break
        line, node = found[0].start_mark.line + 1, found[1]
    return line


def problems(mkdocs_yml: Path, theme_dir: Path) -> list[Problem]:
    """What keeps the site from being published: a key of `extra.identity` missing, empty or a placeholder,
    or a badge that is not a file of the theme."""
    identity, doc = _read(mkdocs_yml)
    path = mkdocs_yml.name
    out: list[Problem] = []
    for key in KEYS:
        value = identity.get(key)
        values = ([value.get("zh")] if isinstance(value, dict) else [value])
        values += [v for lang, v in value.items() if lang != "zh"] if isinstance(value, dict) else []
        field = f"extra.identity.{key}"
        line = _line(doc, "extra", "identity", key) or _line(doc, "extra", "identity") or _line(doc, "extra")
        if any(not isinstance(v, str | int) or not str(v).strip() for v in values):
            out.append(problem(path, line, field, "identity-missing", setting=field))
        elif any(PLACEHOLDER.search(str(v)) for v in values):
            out.append(problem(path, line, field, "identity-placeholder", setting=field, value=str(values[0])))
        elif key == BADGE and not (theme_dir / str(value)).is_file():
            out.append(problem(path, line, field, "identity-badge-missing", setting=field,
                               file=f"{theme_dir.name}/{value}"))
    return out


def footer(mkdocs_yml: Path, into: Edition) -> Footer:
    """The identity in the words of the edition `into` (English where given, else Chinese; converted for zh-Hant)."""
    identity, _ = _read(mkdocs_yml)

    def text(key: str) -> str:
        value = identity.get(key)
        if isinstance(value, dict):
            chosen = value.get(into.source) or value.get("zh") or ""
            return into.convert(str(chosen).strip())
        return into.convert(str(value).strip()) if value is not None else ""

    public_security = text("public_security")
    digits = "".join(re.findall(r"\d", public_security))
    icp = text("icp")
    return Footer(
        sponsor=text("sponsor"), organiser=text("organiser"), contact=text("contact"),
        icp=icp, icp_href=ICP_SYSTEM if icp else "",
        public_security=public_security,
        public_security_href=PUBLIC_SECURITY_SYSTEM + digits if digits else "",
        site_code=text("site_code"), badge=str(identity.get(BADGE) or "").strip(),
    )
