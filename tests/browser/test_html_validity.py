"""The Nu Html Checker (vnu.jar, from npm) finds no error in any page of the built sample site."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from browser.browsing import VNU


def test_every_page_is_valid_html(sample_site: Path) -> None:
    files = sorted(str(p) for p in sample_site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(files) > 50
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    root = sample_site.resolve()
    errors = sorted({f"{Path(urlsplit(m.get('url', '')).path).relative_to(root)}:{m.get('lastLine', 0)}: {m['message']}"
                     for m in messages if m["type"] == "error"})
    assert errors == [], "\n".join(errors[:40])
