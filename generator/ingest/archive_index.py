"""What the archive holds already, for telling a new page from a copy: addresses and bodies.

A body's signature costs a few milliseconds, so they are kept between
imports in `.newsarchive/stories-2.json`, by content file size and
modification time; a missing or damaged file only costs reading them again.
Plain JSON, never pickle: a file in the site's folder must not be able to run code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from ..atomic import write_atomic
from ..layout import CONTENT_DIR, STORY_INDEX
from . import writer
from .dedup import StoryIndex, signature
from .identity import url_key


@dataclass
class ArchiveIndex:
    site: Path
    urls: dict[str, Path] = field(default_factory=dict)  # url_key -> the content file with that address
    stories: StoryIndex = field(default_factory=StoryIndex)  # bodies, keyed by content file

    cached: dict[str, Any] = field(default_factory=dict)  # posix path -> (size, mtime_ns, keys, signature)

    @classmethod
    def load(cls, site: Path) -> ArchiveIndex:
        """Every content file's source_url, the addresses of its other outlets' copies, and its body."""
        index = cls(site)
        cached = _read_cache(site / STORY_INDEX)
        content = site / CONTENT_DIR
        for path in sorted(content.rglob("*.md")) if content.is_dir() else []:
            stat = path.stat()
            key = path.relative_to(site).as_posix()
            entry = cached.get(key)
            if not entry or entry[:2] != (stat.st_size, stat.st_mtime_ns):
                entry = (stat.st_size, stat.st_mtime_ns, *_read(path))
            index.cached[key] = entry
            index.add(path, entry[2], entry[3])
        return index

    def save(self) -> None:
        """Keep the signatures for the next import (content files this run wrote are read again then)."""
        path = self.site / STORY_INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = {key: [size, mtime, sorted(keys), None if values is None else values.tolist()]
                for key, (size, mtime, keys, values) in self.cached.items()}  # fmt: skip
        write_atomic(path, orjson.dumps(rows))

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


def _read(path: Path) -> tuple[set[str], np.ndarray | None]:
    parsed = writer.split(path.read_text(encoding="utf-8", errors="replace"))
    if parsed is None:
        return set(), None
    meta, body = parsed
    copies = meta.get(writer.COPIES_KEY) if isinstance(meta.get(writer.COPIES_KEY), list) else []
    addresses = [meta.get("source_url"), *(copy.get("url") for copy in copies if isinstance(copy, dict))]
    return {url_key(address) for address in addresses if isinstance(address, str)} - {""}, signature(body)


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        rows = orjson.loads(path.read_bytes())
        # Signatures are 32-bit: the hash values of dedup's "affine32" scheme.
        return {key: (size, mtime, set(keys), None if values is None else np.array(values, dtype=np.uint32))
                for key, (size, mtime, keys, values) in rows.items()}  # fmt: skip
    except (OSError, orjson.JSONDecodeError, AttributeError, ValueError, TypeError):
        return {}
