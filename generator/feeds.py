"""Feed and sitemap renderers: a page context in, the file's bytes out.

RSS and Atom are made with feedgen. Every date comes from the articles, never
the clock, so building twice gives the same bytes.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

from generator.chars import inert_json
from generator.pages import Context

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator


def _generator(context: Context, content_type: str | None) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # loaded by the first feed made, not by every build

    fg = FeedGenerator()
    fg.id(context["home"])
    fg.title(context["title"])
    fg.description(context["description"] or context["title"])
    fg.link(href=context["home"], rel="alternate")
    fg.link(href=context["self"], rel="self")
    fg.language(context["language"])
    fg.updated(datetime.fromisoformat(context["updated"]))
    fg.generator("newsarchive")
    for item in context["items"]:
        fe = fg.add_entry(order="append")
        fe.id(item["id"])
        fe.guid(item["id"], permalink=True)
        fe.title(item["title"])
        fe.link(href=item["url"])
        if item["published"]:
            fe.published(datetime.fromisoformat(item["published"]))
        fe.updated(datetime.fromisoformat(item["updated"]))
        if item["summary"]:
            # Readers take RSS's <description> as HTML, Atom's <summary> (no type) as text.
            fe.summary(item["summary"] if content_type else html.escape(item["summary"], quote=False))
        if "content" in item:
            fe.content(context["bodies"][item["content"]], type=content_type)
        if item["author"]:
            fe.author(name=item["author"])
        for tag in item["tags"]:
            fe.category(term=tag)
    return fg


def rss(context: Context) -> bytes:
    # Escaped rather than CDATA: a body containing "]]>" cannot go in CDATA.
    return _generator(context, None).rss_str(pretty=True)


def atom(context: Context) -> bytes:
    return _generator(context, "html").atom_str(pretty=True)


def json_feed(context: Context) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for item in context["items"]:
        entry = {
            "id": item["id"],
            "url": item["url"],
            "title": item["title"],
            "content_html": context["bodies"][item["content"]] if "content" in item else "",
            **({"date_published": item["published"]} if item["published"] else {}),
            "date_modified": item["updated"],
        }
        if item["summary"]:
            entry["summary"] = item["summary"]
        if item["author"]:
            entry["authors"] = [{"name": item["author"]}]
        if item["tags"]:
            entry["tags"] = item["tags"]
        items.append(entry)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": context["title"],
        "home_page_url": context["home"],
        "feed_url": context["self"],
        "description": context["description"],
        "language": context["language"],
        "items": items,
    }
    return (inert_json(feed, indent=1) + "\n").encode()


def sitemap(context: Context) -> bytes:
    rows = []
    for url in context["urls"]:
        lastmod = f"<lastmod>{url['lastmod']}</lastmod>" if url["lastmod"] else ""
        rows.append(f"<url><loc>{html.escape(url['loc'], quote=False)}</loc>{lastmod}</url>")
    return _xml("urlset", rows)


def sitemap_index(context: Context) -> bytes:
    return _xml(
        "sitemapindex",
        [f"<sitemap><loc>{html.escape(s['loc'], quote=False)}</loc></sitemap>" for s in context["sitemaps"]],
    )


def _xml(root: str, rows: list[str]) -> bytes:
    body = "\n".join(rows)
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{ns}">\n{body}\n</{root}>\n'.encode()
