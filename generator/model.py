"""The article model: plain, immutable records shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Term:
    """A tag, section or agency. Its identity is the slug; the name is for display."""

    name: str
    slug: str


# Distinct terms one process keeps shared: an archive has thousands, each on many articles.
SHARED_TERMS = 16_384


@lru_cache(maxsize=SHARED_TERMS)
def shared_term(name: str, slug: str) -> Term:
    """The one Term of this name and slug: 100,000 articles then hold a few thousand records and strings
    for their tags, sections and agencies, not a few hundred thousand equal ones."""
    return Term(name, slug)


@dataclass(frozen=True, slots=True)
class Link:
    """A link an article lists (front matter `links:`): a title and, where known, a URL."""

    title: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Copy:
    """Another outlet's copy of the same story, listed under "Also published by"."""

    source: str
    url: str = ""
    date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article, as loaded from a content file.

    `slug` comes from the front matter or the file's name; the site model
    assigns `url`, the article's site URL (see permalinks.py). `aliases` are
    old site URLs that redirect to it. The record holds no body: the build
    renders the Markdown it was loaded with into the build cache, where pages
    read the HTML by `body_key` (at a million articles, bodies are gigabytes).
    """

    title: str
    date: datetime
    slug: str
    source_path: Path
    updated: datetime | None = None
    subtitle: str = ""
    summary: str = ""
    lead: str = ""  # the body's first paragraph as plain text, shortened: the description when there is no summary
    section: Term | None = None
    agency: Term | None = None  # the news agency or wire service
    byline: str = ""
    tags: tuple[Term, ...] = ()
    image_caption: str = ""
    links: tuple[Link, ...] = ()
    aliases: tuple[str, ...] = ()
    also_published: tuple[Copy, ...] = ()
    source_url: str = ""
    source_file: str = ""
    date_inferred: bool = False
    draft: bool = False
    body_key: str = ""  # identifies the body's rendered HTML in the build cache
    reading_minutes: int = 1
    url: str = ""
