"""Permalinks: each article's URL, from its own file and date alone. Pure, no I/O.

An article lives at /YYYY/MM/<slug>/, where the slug is its `slug:` or else
its file's name (as in Hugo and Zola), and the year and month are its date's
in the site's time zone. Nothing else counts: adding, removing or retitling
other articles never moves a URL. Two files claiming one URL are both left
out, so a published URL never silently starts serving another article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import PurePath

from generator.errors import Report
from generator.model import Article
from generator.slugs import WINDOWS_RESERVED, slug_or_hash

# One path segment of an alias: what a URL may hold without escaping, and never "." or "..".
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
MAX_SEGMENT = 255  # bytes in a file name; a segment is ASCII


def file_slug(path: PurePath) -> str:
    """The slug a content file's name gives: `2025/12/talks.md` -> `talks`; a bundle's
    `talks/index.md` -> `talks`."""
    stem = path.parent.name if path.stem == "index" and path.parent.name else path.stem
    return slug_or_hash(stem, "article")


def article_url(date: datetime, slug: str) -> str:
    return f"/{date.year:04d}/{date.month:02d}/{slug}/"


def alias_url(text: str) -> str:
    """The site URL an `aliases:` entry names, like `/2025/11/old-slug/`; raises ValueError saying why not.

    A last segment without a dot is a folder (`/old` means `/old/`, served as /old/index.html).
    """
    if not text.startswith("/") or text.startswith("//"):
        raise ValueError(f"{text!r} is not an address on this site (write it like /2025/11/old-slug/)")
    segments = text.strip("/").split("/")
    if not all(_SEGMENT.fullmatch(s) for s in segments):
        raise ValueError(f"{text!r}: each part of an alias may hold only letters, digits and . _ ~ - (no .., no %)")
    for segment in segments:
        # What a file system (Windows' above all) would refuse or merge with another name.
        if segment.endswith(".") or segment.split(".")[0].lower() in WINDOWS_RESERVED or len(segment) > MAX_SEGMENT:
            raise ValueError(f"{text!r}: {segment!r} cannot be a file or folder name on every system")
    url = "/" + "/".join(segments)
    return url if "." in segments[-1] else url + "/"


def alias_urls(items: Iterable[str]) -> tuple[str, ...]:
    """The site URLs of an `aliases:` list, each once; raises ValueError naming the first bad one."""
    return tuple(dict.fromkeys(alias_url(item.strip()) for item in items))


def place(article: Article, tz: tzinfo) -> Article:
    """The article with its date in the site's time zone and the URL that gives it."""
    local = article.date.astimezone(tz)
    return replace(article, date=local, url=article_url(local, article.slug))


def assign_urls(articles: Iterable[Article], tz: tzinfo, report: Report) -> tuple[list[Article], frozenset[str]]:
    """The articles with dates in the site's time zone and their URLs, and the URLs claimed by more than one
    file: those files are reported (each naming the others) and left out."""
    claims: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        placed = place(article, tz)
        claims[placed.url].append(placed)
    placed, contested = [], []
    for url, claimants in claims.items():
        if len(claimants) == 1:
            placed.append(claimants[0])
            continue
        contested.append(url)
        names = sorted(str(a.source_path) for a in claimants)
        for article in claimants:
            others = ", ".join(n for n in names if n != str(article.source_path))
            report.error(
                article.source_path,
                f"URL {url} is claimed by this file and by {others}; neither is published "
                "until one is renamed or given another slug:",
            )
    return placed, frozenset(contested)


UrlMap = dict[str, str]  # content file (site-relative, POSIX) -> the URL it was published at


def url_map(articles: Iterable[Article], last: Mapping[str, str], files: Iterable[str]) -> UrlMap:
    """What to remember for the next build: each published file's URL, and the last known
    URL of files that still exist but were not published this time (a draft, an error)."""
    current = {a.source_path.as_posix(): a.url for a in articles}
    existing = set(files)
    return {k: v for k, v in last.items() if k in existing and k not in current} | current


def warn_moved(articles: Iterable[Article], last: Mapping[str, str], report: Report) -> None:
    """Warn about each article whose URL changed since the last build (a new date or slug),
    with the `aliases:` line that keeps the old address working."""
    for article in articles:
        old = last.get(article.source_path.as_posix())
        if old is None or old == article.url or old in article.aliases:
            continue
        line = "aliases: [" + ", ".join(f'"{a}"' for a in (*article.aliases, old)) + "]"
        report.warn(
            article.source_path,
            f"its URL moved from {old} to {article.url} (new date or slug); links to the old one now break. "
            f"To redirect them, add to the front matter: {line}",
        )
