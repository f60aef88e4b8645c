"""What the archive holds already, for telling a new page from a copy: addresses and bodies."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import writer
from .dedup import StoryIndex, signature
from .identity import url_key


@dataclass
class ArchiveIndex:
    site: Path
    urls: dict[str, Path] = field(default_factory=dict)  # url_key -> the content file with that address
    stories: StoryIndex = field(default_factory=StoryIndex)  # bodies, keyed by content file

    @classmethod
    def load(cls, content: Path, site: Path) -> ArchiveIndex:
        """Every content file's source_url, the addresses of its other outlets' copies, and its body."""
        index = cls(site)
        for path in sorted(content.rglob("*.md")) if content.is_dir() else []:
            parsed = writer.split(path.read_text(encoding="utf-8", errors="replace"))
            if parsed is None:
                continue
            meta, body = parsed
            copies = meta.get("also_published") if isinstance(meta.get("also_published"), list) else []
            addresses = [meta.get("source_url"), *(copy.get("url") for copy in copies if isinstance(copy, dict))]
            keys = {url_key(address) for address in addresses if isinstance(address, str)}
            index.add(path, keys - {""}, signature(body))
        return index

    def add(self, path: Path, keys: set[str], values: np.ndarray | None) -> None:
        for key in keys:
            self.urls.setdefault(key, path)
        if values is not None:
            self.stories.add(str(path), values)

    def article_at(self, keys: set[str]) -> Path | None:
        """The article at any of these addresses (url keys), or None."""
        return next((self.urls[key] for key in sorted(keys) if key in self.urls), None)

    def show(self, path: Path) -> str:
        """A content file as messages name it: relative to the site."""
        try:
            return Path(os.path.relpath(path, self.site)).as_posix() if path.is_absolute() else str(path)
        except ValueError:
            return str(path)
