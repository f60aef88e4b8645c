"""The article model: plain, immutable records shared by every stage.

No __slots__: these records are pickled in the build cache, and slotted
dataclasses unpickle through a slow Python-level __setstate__.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Term:
    """A tag, section or source. Its identity is the slug; the name is for display."""

    name: str
    slug: str


@dataclass(frozen=True)
class Link:
    """A related link from the front matter: a title and, where known, a URL."""

    title: str
    url: str = ""


@dataclass(frozen=True)
class Copy:
    """Another outlet's copy of the same story, listed under "Also published by"."""

    source: str
    url: str = ""
    date: datetime | None = None


@dataclass(frozen=True)
class Article:
    """One article, as loaded from a content file.

    `slug` is the wanted slug (from the front matter or the title); the site
    model makes it unique and assigns `url`, the article's site URL.
    """

    title: str
    date: datetime
    slug: str
    body: str
    source_path: Path
    updated: datetime | None = None
    subtitle: str = ""
    summary: str = ""
    section: Term | None = None
    source: Term | None = None
    byline: str = ""
    tags: tuple[Term, ...] = ()
    image_caption: str = ""
    related: tuple[Link, ...] = ()
    also_published: tuple[Copy, ...] = ()
    source_url: str = ""
    source_file: str = ""
    date_inferred: bool = False
    draft: bool = False
    body_key: str = ""  # identifies the body's rendered HTML in the build cache
    reading_minutes: int = 1
    url: str = ""
