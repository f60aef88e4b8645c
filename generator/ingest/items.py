"""One thing to import, whichever input it came from: a page's text, or an address to fetch."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True, slots=True)
class Item:
    """A page to import. With no `text` (and no `raw`) it is fetched from `url` first."""

    name: str  # how messages name it: "bookmarks.html: https://…" or the raw file
    source_file: str = ""  # what a re-import finds it by; "" until a fetched page is saved in sources/
    url: str = ""  # the address it was saved or captured from
    text: str = ""  # the page (or the article content an export carries)
    is_html: bool = True
    raw: bytes = b""  # a fetched page's bytes, saved in sources/ when it is imported
    saved: date | None = None  # when the person saved it (or it was captured): the fallback date
    saved_is: str = "the time it was saved"
    tags: tuple[str, ...] = ()
    redirects: tuple[str, ...] = ()  # addresses passed through on the way to `url`


def from_timestamp(value: object) -> date | None:
    """A Unix time in seconds (or milliseconds), as text or number; None when it is not one."""
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return None
    if seconds > 1e11:
        seconds /= 1000
    if not 0 < seconds < 4e9:
        return None
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=0)


def from_iso(value: object) -> date | None:
    """An ISO 8601 time as exports write it ("2024-05-01T10:00:00.000Z"); None when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).replace(microsecond=0)
    except ValueError:
        return None


def as_document(title: str, content: str, url: str = "", published: date | None = None) -> str:
    """An export's article content (an HTML fragment) as a page the HTML importer reads like any other."""
    head = [f"<title>{html.escape(title)}</title>", f'<meta property="og:title" content="{html.escape(title)}">']
    if url:
        head.append(f'<link rel="canonical" href="{html.escape(url)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published.isoformat()}">')
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{"".join(head)}</head>'
        f"<body><article><h1>{html.escape(title)}</h1>{content}</article></body></html>"
    )
