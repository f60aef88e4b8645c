"""The plan: every output page with its template and the plain data it shows.

A page's context holds everything the page displays, as JSON-like data, so a
fingerprint of the context is a fingerprint of the page, and a page can be
rendered in another process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.charts import monthly_bars
from generator.site import Site
from generator.urls import path_of, relative_url

LATEST_LIMIT = 5
NAV_SECTIONS = 8
SITEMAP_LIMIT = 50_000
DESCRIPTION_LENGTH = 200
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip
KIND_TITLES = {"tags": "Tag", "sections": "Section", "sources": "Source"}

Context = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: `path` inside output/, `kind` names its renderer."""

    path: str
    kind: str  # "html", "rss", "atom", "jsonfeed", "sitemap", "sitemapindex", "text"
    context: Context
    template: str = ""
    bodies: tuple[str, ...] = ()  # body keys whose HTML the page shows (as `bodies[key]`)


def human_date(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _link(name: str, url: str) -> Context:
    return {"name": name, "url": url}


def _term_link(kind: str, term: Any) -> Context | None:
    return _link(term.name, f"/{kind}/{term.slug}/") if term else None


def _copy(copy: Any) -> Context:
    """Another outlet's copy of the story, as the article page lists it."""
    when = copy.date
    return {
        "source": copy.source,
        "url": copy.url,
        "date": when.isoformat() if when else "",
        "date_display": human_date(when) if when else "",
    }


def card(article: Any) -> Context:
    """What a list shows of an article. Drawn from front matter only, never the
    body, so that editing a body leaves every list page as it is."""
    return {
        "url": article.url,
        "title": article.title,
        "dek": article.subtitle or article.summary,
        "date": article.date.isoformat(),
        "date_display": human_date(article.date),
        "section": _term_link("sections", article.section),
        "byline": article.byline,
    }


def _lead_text(markdown: str) -> str:
    """The first paragraph of a Markdown body as plain text, for a page description."""
    lead = next((p for p in markdown.split("\n\n") if p.strip()), "")
    return re.sub(r"\s+", " ", re.sub(r"[*_`#>\[\]]|\]\([^)]*\)|<[^>]+>", " ", lead)).strip()


def _shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _head(title: str, url: str, description: str, kind: str = "website", feeds: Sequence[Context] = ()) -> Context:
    return {"title": title, "url": url, "description": description, "type": kind, "feeds": list(feeds)}


def _feed_link(title: str, url: str) -> Context:
    return {"title": title, "url": url, "type": "application/rss+xml"}


@dataclass(frozen=True, slots=True)
class Pagination:
    url: str
    items: tuple[Any, ...]
    number: int  # 0 for the first (newest) page, else the page's fixed number
    newer: str | None
    older: str | None


def paginate(base: str, items: Sequence[Any], per_page: int) -> list[Pagination]:
    """Stable pagination: the base URL shows the newest `per_page` items; the rest
    are numbered from the oldest, so /page/1/ always holds the oldest items and
    a new article changes only the base page and the highest-numbered page."""
    rest = list(items[per_page:])[::-1]  # oldest first
    chunks = [tuple(rest[i : i + per_page])[::-1] for i in range(0, len(rest), per_page)]
    count = len(chunks)

    def url(n: int) -> str:
        return base if n == 0 else f"{base}page/{n}/"

    pages = [Pagination(base, tuple(items[:per_page]), 0, None, url(count) if count else None)]
    for n in range(count, 0, -1):
        pages.append(
            Pagination(url(n), chunks[n - 1], n, url(n + 1) if n < count else base, url(n - 1) if n > 1 else None)
        )
    return pages


class Planner:
    """Builds the page list for a site. Bodies appear by key; rendering supplies their HTML."""

    def __init__(self, site: Site, cards: dict[str, Context] | None = None) -> None:
        """`cards` may come from an earlier planner of a site whose articles' front matter is the same."""
        self.site = site
        self.config = site.config
        self.cards = cards if cards is not None else {a.url: card(a) for a in site.articles}
        self.latest = [self.cards[a.url] for a in site.articles[: LATEST_LIMIT + 1]]
        self.site_feeds = [_feed_link(f"{self.config.title} (RSS)", "/feed.xml")]

    def globals(self) -> Context:
        """Data every HTML page shows; part of every HTML page's fingerprint."""
        c = self.config
        sections = sorted(self.site.taxonomies["sections"].values(), key=lambda t: (-len(t.articles), t.term.name))
        nav = sorted(sections[:NAV_SECTIONS], key=lambda t: t.term.name.casefold())
        return {
            "site": {"title": c.title, "description": c.description, "language": c.language, "base_url": c.base_url},
            "nav": [_link(t.term.name, t.url) for t in nav],
        }

    def pages(self) -> list[Page]:
        return [
            *self.article_pages(),
            *self.list_pages("/", self.site.articles, _head(self.config.title, "/", self.config.description), "Latest"),
            *self.taxonomy_pages(),
            *self.archive_pages(),
            *self.feed_pages(),
            Page(
                "search/index.html",
                "html",
                {"page": _head("Search", "/search/", "Search every article.", feeds=self.site_feeds)},
                "search.html",
            ),
            Page(
                "404.html",
                "html",
                {"page": _head("Page not found", "/404.html", "No page at this address.")},
                "404.html",
            ),
        ]

    def article_pages(self) -> list[Page]:
        return [self.article_page(i) for i in range(len(self.site.articles))]

    def article_page(self, i: int) -> Page:
        """The page of the i-th newest article."""
        articles = self.site.articles
        article = articles[i]
        url = article.url
        description = article.subtitle or article.summary or _shorten(_lead_text(article.body))
        view = self.cards[url] | {
            "body": article.body_key,
            "updated": article.updated.isoformat() if article.updated and article.updated != article.date else "",
            "updated_display": human_date(article.updated) if article.updated else "",
            "reading_minutes": article.reading_minutes,
            "source": _term_link("sources", article.source),
            "tags": [_term_link("tags", t) for t in article.tags],
            "image_caption": article.image_caption,
            "links": [{"title": link.title, "url": link.url} for link in article.related],
            "source_url": article.source_url,
            "also_published": [_copy(copy) for copy in article.also_published],
            "related": [self.cards[a.url] for a in self.site.related[url]],
            "newer": self.cards[articles[i - 1].url] if i > 0 else None,
            "older": self.cards[articles[i + 1].url] if i + 1 < len(articles) else None,
        }
        head = _head(article.title, url, description, "article", self.site_feeds)
        head["published"] = view["date"]
        latest = [c for c in self.latest if c["url"] != url][:LATEST_LIMIT]
        context = {"page": head, "article": view, "latest": latest}
        return Page(path_of(url), "html", context, "article.html", (article.body_key,))

    def list_pages(self, base: str, items: Sequence[Any], head: Context, heading: str, **extra: Any) -> list[Page]:
        pages = []
        for p in paginate(base, items, self.config.per_page):
            page_head = dict(
                head, url=p.url, title=head["title"] if p.number == 0 else f"{head['title']} (page {p.number})"
            )
            context = {
                "page": page_head,
                "heading": heading,
                "items": [self.cards[a.url] for a in p.items],
                "pager": {"number": p.number, "newer": p.newer, "older": p.older},
                **extra,
            }
            pages.append(Page(path_of(p.url), "html", context, "list.html"))
        return pages

    def taxonomy_pages(self) -> list[Page]:
        pages = []
        for kind, terms in self.site.taxonomies.items():
            label = KIND_TITLES[kind]
            for tax in terms.values():
                feeds = self.site_feeds
                if kind != "sources":
                    feeds = [*feeds, _feed_link(f"{label}: {tax.term.name} (RSS)", f"{tax.url}feed.xml")]
                    pages.append(
                        self.feed(
                            f"{tax.url}feed.xml",
                            tax.url,
                            f"{tax.term.name} — {self.config.title}",
                            tax.articles,
                            full=False,
                        )
                    )
                title = f"{label}: {tax.term.name}"
                head = _head(title, tax.url, f"{len(tax.articles)} articles filed under {tax.term.name}.", feeds=feeds)
                pages += self.list_pages(tax.url, tax.articles, head, tax.term.name, label=label)
            index = [{"name": t.term.name, "url": t.url, "count": len(t.articles)} for t in terms.values()]
            head = _head(
                f"{label}s", f"/{kind}/", f"Every {label.lower()} of {self.config.title}.", feeds=self.site_feeds
            )
            pages.append(
                Page(f"{kind}/index.html", "html", {"page": head, "heading": f"{label}s", "terms": index}, "terms.html")
            )
        return pages

    def archive_pages(self) -> list[Page]:
        months = self.site.months
        years = self.site.years()
        pages = []
        for (year, month), articles in months.items():
            name = f"{MONTHS[month - 1]} {year}"
            url = f"/archive/{year}/{month:02d}/"
            head = _head(f"Archive: {name}", url, f"Articles published in {name}.", feeds=self.site_feeds)
            pages += self.list_pages(url, articles, head, name, label="Archive")
        for year, articles in years.items():
            url = f"/archive/{year}/"
            head = _head(f"Archive: {year}", url, f"Articles published in {year}.", feeds=self.site_feeds)
            month_links = [
                {"name": MONTHS[m - 1], "url": f"/archive/{y}/{m:02d}/", "count": len(months[y, m])}
                for (y, m) in months
                if y == year
            ]
            pages += self.list_pages(url, articles, head, str(year), label="Archive", months=month_links)
        counts = {key: len(articles) for key, articles in months.items()}
        context = {
            "page": _head(
                "Archive", "/archive/", f"Every article of {self.config.title} by date.", feeds=self.site_feeds
            ),
            "years": [{"name": str(y), "url": f"/archive/{y}/", "count": len(a)} for y, a in years.items()],
            "chart": monthly_bars(counts, MONTHS, lambda url: relative_url(url, "/archive/")),
        }
        pages.append(Page("archive/index.html", "html", context, "archive.html"))
        return pages

    def feed(self, url: str, home: str, title: str, articles: Sequence[Any], *, full: bool, kind: str = "rss") -> Page:
        """A feed of the newest `feed_limit` articles; taxonomy feeds carry summaries, not bodies."""
        c = self.config
        items = []
        for article in articles[: c.feed_limit]:
            link = c.absolute(article.url)
            item = {
                "id": link,
                "url": link,
                "title": article.title,
                "summary": article.subtitle or article.summary,
                "published": article.date.isoformat(),
                "updated": (article.updated or article.date).isoformat(),
                "author": article.byline,
                "tags": [t.name for t in article.tags],
            }
            if full:
                item["content"] = article.body_key
            items.append(item)
        updated = max((i["updated"] for i in items), key=datetime.fromisoformat, default="1970-01-01T00:00:00+00:00")
        context = {
            "title": title,
            "description": c.description,
            "language": c.language,
            "home": c.absolute(home),
            "self": c.absolute(url),
            "updated": updated,
            "items": items,
        }
        return Page(path_of(url), kind, context, bodies=tuple(i["content"] for i in items if "content" in i))

    def feed_pages(self) -> list[Page]:
        articles, title = self.site.articles, self.config.title
        return [
            self.feed("/feed.xml", "/", title, articles, full=True),
            self.feed("/atom.xml", "/", title, articles, full=True, kind="atom"),
            self.feed("/feed.json", "/", title, articles, full=True, kind="jsonfeed"),
        ]


def site_files(pages: Sequence[Page], site: Site, limit: int = SITEMAP_LIMIT) -> list[Page]:
    """sitemap.xml (an index of sitemaps above SITEMAP_LIMIT URLs) and robots.txt."""
    c = site.config
    lastmod = {a.url: (a.updated or a.date).isoformat() for a in site.articles}
    urls = [
        {
            "loc": c.absolute("/" + p.path.removesuffix("index.html")),
            "lastmod": lastmod.get(p.context["page"]["url"], ""),
        }
        for p in pages
        if p.kind == "html" and p.path != "404.html"
    ]
    files = []
    if len(urls) <= limit:
        files.append(Page("sitemap.xml", "sitemap", {"urls": urls}))
    else:
        chunks = [urls[i : i + limit] for i in range(0, len(urls), limit)]
        for n, chunk in enumerate(chunks, 1):
            files.append(Page(f"sitemap-{n}.xml", "sitemap", {"urls": chunk}))
        index = [{"loc": c.absolute(f"/sitemap-{n}.xml")} for n in range(1, len(chunks) + 1)]
        files.append(Page("sitemap.xml", "sitemapindex", {"sitemaps": index}))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {c.absolute('/sitemap.xml')}\n"
    files.append(Page("robots.txt", "text", {"text": robots}))
    return files


def plan(site: Site) -> tuple[Planner, Context, list[Page]]:
    """The planner (to plan single pages again later), the global template data and every page of the site."""
    planner = Planner(site)
    pages = planner.pages()
    return planner, planner.globals(), pages + site_files(pages, site)
