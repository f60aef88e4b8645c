"""Lists of links people keep: a text file of URLs, browser bookmarks, read-later exports.

Each reader takes the file's text and how messages name it, and returns the
items to import, with the time each was saved and its tags. Wallabag and
Omnivore exports carry the article's content; where they do, it is imported
as it is, and only items without it are fetched.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import lxml.html

from .article import IngestError
from .items import Item, as_document, from_iso, from_timestamp

BOOKMARKS_DOCTYPE = "<!doctype netscape-bookmark-file"
_SKIPPED_FOLDERS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")  # "Bookmarks bar", "Other bookmarks"


def _is_web(line: str) -> bool:
    return line.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in line)


def is_url_list(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(_is_web(line) for line in lines)


def read_url_list(text: str, name: str) -> list[Item]:
    """One URL a line; blank lines and lines starting with # are skipped."""
    urls = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [Item(f"{name}: {url}", url=url, saved_is="the time it was fetched") for url in urls]


def is_bookmarks(text: str) -> bool:
    return text.lstrip()[:100].lower().startswith(BOOKMARKS_DOCTYPE)


def read_bookmarks(text: str, name: str) -> list[Item]:
    """The Netscape bookmark file every browser exports: each folder a bookmark sits in becomes a tag."""
    tree = lxml.html.fromstring(text)
    items = []
    for link in tree.xpath("//a[@href]"):
        url = link.get("href", "").strip()
        if not _is_web(url):
            continue  # javascript: bookmarklets, place: queries, file: links
        folders = [
            heading.text_content().strip()
            # A folder is <DT><H3>name</H3> followed by its <DL>; parsers close the <DT> before the <DL> or not.
            for heading in link.xpath("ancestor::dl/preceding-sibling::*[1]/descendant-or-self::h3")
            if not any(heading.get(flag) for flag in _SKIPPED_FOLDERS)
        ]
        own = [tag.strip() for tag in link.get("tags", "").split(",") if tag.strip()]
        saved = from_timestamp(link.get("add_date", ""))
        tags = tuple(dict.fromkeys(tag for tag in [*folders, *own] if tag))
        items.append(Item(f"{name}: {url}", url=url, saved=saved, saved_is="the time it was bookmarked", tags=tags))
    return items


def is_pocket_csv(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return "url" in header and "time_added" in header


def read_pocket_csv(text: str, name: str) -> list[Item]:
    """Pocket's export: title, url, time_added (Unix seconds), tags (separated by |), status."""
    items = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for line, row in enumerate(reader, start=2):
        url = (row.get("url") or "").strip()
        if not _is_web(url):
            raise IngestError(f"{url!r} is not an http:// or https:// address", name, line)
        tags = tuple(tag.strip() for tag in (row.get("tags") or "").split("|") if tag.strip())
        saved = from_timestamp(row.get("time_added") or "")
        items.append(
            Item(f"{name}: {url}", url=url, saved=saved, saved_is="the time it was saved in Pocket", tags=tags)
        )
    return items


def read_export_json(text: str, path: Path, name: str) -> list[Item]:
    """A Wallabag or an Omnivore JSON export (told apart by their fields)."""
    try:
        entries = json.loads(text)
    except ValueError as error:
        raise IngestError(f"not valid JSON ({error})", name) from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise IngestError("not a Wallabag or Omnivore export (expected a list of saved articles)", name)
    if any("savedAt" in entry or "slug" in entry for entry in entries):
        return [_omnivore(entry, path.parent, name) for entry in entries]
    return [_wallabag(entry, name) for entry in entries]


def _url(entry: dict[str, Any], name: str) -> str:
    url = str(entry.get("url") or "").strip()
    if not _is_web(url):
        raise IngestError(f"the entry {entry.get('title') or entry.get('id')!r} has no http(s) url", name)
    return url


def _tags(values: Any) -> tuple[str, ...]:
    names = (value.get("label") or value.get("name") if isinstance(value, dict) else value for value in values or [])
    return tuple(str(tag).strip() for tag in names if tag and str(tag).strip())


def _wallabag(entry: dict[str, Any], name: str) -> Item:
    url = _url(entry, name)
    published = from_iso(entry.get("published_at"))
    content = str(entry.get("content") or "")
    text = as_document(str(entry.get("title") or ""), content, url, published) if content.strip() else ""
    saved = from_iso(entry.get("created_at"))
    return Item(
        f"{name}: {url}", f"{name}#{url}" if text else "", url, text,
        saved=saved, saved_is="the time it was saved in Wallabag", tags=_tags(entry.get("tags")),
    )  # fmt: skip


def _omnivore(entry: dict[str, Any], folder: Path, name: str) -> Item:
    """Omnivore writes metadata_*.json and each article's page as content/<slug>.html beside it."""
    url = _url(entry, name)
    page = folder / "content" / f"{entry.get('slug')}.html"
    text = page.read_text(encoding="utf-8", errors="replace") if entry.get("slug") and page.is_file() else ""
    if text:
        published = from_iso(entry.get("publishedAt"))
        text = as_document(str(entry.get("title") or ""), text, url, published)
    return Item(
        f"{name}: {url}", f"{name}#{url}" if text else "", url, text,
        saved=from_iso(entry.get("savedAt")), saved_is="the time it was saved in Omnivore",
        tags=_tags(entry.get("labels")),
    )  # fmt: skip
