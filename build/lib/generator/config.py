"""Settings of one run, gathered from the command line; no logic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.editions import Lang

PROJECT = Path(__file__).resolve().parent.parent
"""The folder holding mkdocs.yml and theme/ (this checkout)."""


@dataclass(frozen=True)
class Settings:
    """Where content is, where the site goes, and how strict to be."""

    root: Path
    """The content root: holds content/ and stories/."""
    out: Path
    """Where the published site lives (replaced atomically)."""
    today: date
    """The build date: decides publicity periods and consent expiry."""
    lang: Lang = "zh"
    """Language of messages on the terminal."""
    strict: bool = False
    """Treat warnings (a missing English twin, an unknown tag) as errors, and require the site identity."""
    production: bool = False
    """A build for the public: refused while the site identity in mkdocs.yml is missing or a placeholder."""
    mkdocs_yml: Path = field(default=PROJECT / "mkdocs.yml")
    """The base mkdocs configuration every language build starts from."""
    theme_dir: Path = field(default=PROJECT / "theme")
    """mkdocs-material overrides (custom_dir)."""
    work: Path | None = None
    """Working folder for the staging trees and the photo cache (default: <root>/.guardians)."""

    @property
    def work_dir(self) -> Path:
        return self.work or self.root / ".guardians"

    @property
    def report(self) -> Path:
        """The ledger of the last build, beside the site and not inside it (it names unpublished entries)."""
        return self.out.with_name(f"{self.out.name}-report.json")

    @property
    def cache_dir(self) -> Path:
        return self.work_dir / "cache" / "photos"
