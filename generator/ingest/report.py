"""What one import did, for `newsarchive import` and for a build's import of sources/ alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem


@dataclass
class ImportReport:
    """Paths are content files; problems and the other lines name the raw file, bookmark or address."""

    imported: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept_edited: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "name: the same article as content/…"
    merged: list[str] = field(default_factory=list)  # "name: the same story as content/…"
    redirects: list[str] = field(default_factory=list)  # "url -> final url"
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        """The content files this import wrote: new ones, then updated ones."""
        return [*self.imported, *self.updated]

    def line(self, dry_run: bool = False) -> str:
        line = (
            f"{len(self.imported)} imported, {len(self.unchanged)} unchanged, {len(self.updated)} updated, "
            f"{len(self.kept_edited)} kept as edited, {len(self.duplicates) + len(self.merged)} duplicates merged, "
            f"{len(self.errors)} failed"
        )
        return line + (" (dry run: nothing written)" if dry_run else "")
