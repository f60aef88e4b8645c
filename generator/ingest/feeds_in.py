"""Feeds as input: each entry of an RSS or Atom feed (feedparser reads every dialect).

An entry that carries the full article (content:encoded, Atom content, or a
long description) is imported from the feed; one with only a summary is
fetched from its link.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import feedparser

from .article import IngestError
from .items import Item, as_document

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FULL_TEXT_WORDS = 150  # a description this long is the article, not a teaser


def is_feed(text: str) -> bool:
    start = text.lstrip()[:500].lower()
    return "<rss" in start or "<feed" in start or "<rdf:rdf" in start


def read_feed(data: bytes | str, name: str, base_url: str = "") -> list[Item]:
    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if parsed.bozo and not parsed.entries:
        raise IngestError(f"not a readable RSS or Atom feed ({parsed.get('bozo_exception')})", name)
    return [_entry(entry, name) for entry in parsed.entries if entry.get("link")]


def _entry(entry: Any, name: str) -> Item:
    url = str(entry.get("link")).strip()
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*when[:6], tzinfo=UTC) if when else None
    tags = tuple(str(tag.get("term")).strip() for tag in entry.get("tags") or [] if tag.get("term"))
    content = _full_text(entry)
    text = as_document(str(entry.get("title") or ""), content, url, published) if content else ""
    return Item(
        f"{name}: {url}", f"{name}#{url}" if text else "", url, text,
        saved=published, saved_is="the entry's date in the feed", tags=tags,
    )  # fmt: skip


def _full_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        if "html" in str(content.get("type", "")) and str(content.get("value", "")).strip():
            return str(content["value"])
    summary = str(entry.get("summary") or "")
    return summary if len(summary.split()) >= FULL_TEXT_WORDS else ""
