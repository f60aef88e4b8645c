"""The plan: every output page with its template and the plain data it shows.

A page's context holds everything the page displays, as JSON-like data, so a
fingerprint of the context is a fingerprint of the page, and a page can be
rendered in another process.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import islice
from typing import Any

from generator.charts import archive_chart, month_chart
from generator.config import SiteConfig
from generator.model import Article
from generator.pagination import Pagination, paginate
from generator.site import TAXONOMIES, Site, Taxonomy, nav_sections, terms_of
from generator.urls import path_of

EARLIER_LIMIT = 5  # headlines before an article's own, as they were when it was published
SITEMAP_LIMIT = 50_000
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip
KIND_TITLES = {"tags": "Tag", "sections": "Section", "sources": "Source"}
FEED_KINDS = ("rss", "atom", "jsonfeed")

Context = dict[str, Any]
# Pages planned together, because one change to the site model changes all of them or none: an article's
# page, a list's pages, a term's pages and feed... (see Planner._makers).
Group = tuple[object, ...]
SITE_FILES: Group = ("sitemap",)


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


def card(article: Any, link: Callable[[str, Any], Context | None]) -> Context:
    """What a list shows of an article, its section linked by `link`. Drawn from front matter only, never the
    body, so that editing a body leaves every list page as it is."""
    return {
        "url": article.url,
        "title": article.title,
        "dek": article.subtitle or article.summary,
        "date": article.date.isoformat(),
        # No date was found on import: the file's time is an estimate, never shown as a publication date.
        "date_display": f"saved {human_date(article.date)}" if article.date_inferred else human_date(article.date),
        "date_inferred": article.date_inferred,
        "section": link("sections", article.section),
        "byline": article.byline,
        "draft": article.draft,
    }


def _head(title: str, url: str, description: str, kind: str = "website", feeds: Sequence[Context] = ()) -> Context:
    return {"title": title, "url": url, "description": description, "type": kind, "feeds": list(feeds)}


def _feed_link(title: str, url: str) -> Context:
    return {"title": title, "url": url, "type": "application/rss+xml"}


@dataclass(frozen=True, slots=True)
class Spec:
    """A page before it is made: what it shows, as plain data, with articles named by URL.

    `shows` is everything the page displays but the articles' own data; `cards`
    names the articles whose list card it shows, `full` those whose every field
    it shows. So a page changed between two builds exactly when its `shows`
    changed or one of those articles did (see changes.py).
    """

    path: str
    kind: str
    template: str
    shows: Context
    cards: tuple[str, ...] = ()
    full: tuple[str, ...] = ()


class Pages:
    """Makes the Page of a Spec from the records of the articles it shows, found by URL in `by_url`.

    Bodies appear by key; rendering supplies their HTML."""

    def __init__(self, config: SiteConfig, by_url: Mapping[str, Article]) -> None:
        self.config = config
        self.by_url = by_url
        self._cards: dict[str, Context] = {}
        self._links: dict[tuple[str, Any], Context | None] = {}  # a term's link, one dict for all its cards
        self.site_feeds = [_feed_link(f"{config.title} (RSS)", "/feed.xml")]

    def card(self, url: str) -> Context:
        known = self._cards.get(url)
        if known is None:
            known = self._cards[url] = card(self.by_url[url], self.link)
        return known

    def link(self, kind: str, term: Any) -> Context | None:
        """`_term_link`, made once per term: a card holds its section's, and 100,000 cards share ten."""
        known = self._links.get((kind, term))
        if known is None:
            known = self._links[kind, term] = _term_link(kind, term)
        return known

    def page(self, spec: Spec) -> Page:
        """The page a Spec describes, with the articles' data filled in."""
        if spec.template == "article.html":
            return self.article_page(spec)
        if spec.template == "list.html":
            return Page(spec.path, "html", spec.shows | {"items": [self.card(u) for u in spec.cards]}, spec.template)
        if spec.kind in FEED_KINDS:
            s = spec.shows
            articles = [self.by_url[u] for u in spec.full]
            return self.feed(s["url"], s["home"], s["title"], articles, full=s["full"], kind=spec.kind)
        return Page(spec.path, spec.kind, spec.shows, spec.template)

    def own(self, article: Any) -> Context:
        """What an article's own page shows of it beyond its card (also all that its feed entries show)."""
        return {
            "body": article.body_key,
            "description": article.subtitle or article.summary or article.lead,
            "summary": article.subtitle or article.summary,
            "updated": article.updated.isoformat() if article.updated and article.updated != article.date else "",
            "updated_display": human_date(article.updated) if article.updated else "",
            "reading_minutes": article.reading_minutes,
            "agency": _term_link("sources", article.agency),
            "tags": [_term_link("tags", t) for t in article.tags],
            "image_caption": article.image_caption,
            "links": [{"title": link.title, "url": link.url} for link in article.links],
            "source_url": article.source_url,
            "also_published": [_copy(copy) for copy in article.also_published],
        }

    def article_page(self, spec: Spec) -> Page:
        s = spec.shows
        article = self.by_url[s["url"]]
        own = self.own(article)
        description = own.pop("description")
        del own["summary"]

        def neighbour(url: str | None) -> Context | None:
            return self.card(url) if url else None

        view = (
            self.card(article.url)
            | own
            | {
                "related": [self.card(u) for u in s["related"]],
                "newer": neighbour(s["newer"]),
                "older": neighbour(s["older"]),
            }
        )
        head = _head(article.title, article.url, description, "article", self.site_feeds)
        head["published"] = view["date"]
        context = {"page": head, "article": view, "earlier": [self.card(u) for u in s["earlier"]]}
        return Page(spec.path, "html", context, "article.html", (article.body_key,))

    def feed(self, url: str, home: str, title: str, articles: Sequence[Any], *, full: bool, kind: str = "rss") -> Page:
        """A feed of the newest `feed_limit` articles; taxonomy feeds carry summaries, not bodies."""
        c = self.config
        items = []
        for article in published(articles, c.feed_limit):
            link = c.absolute(article.url)
            item = {
                "id": link,
                "url": link,
                "title": article.title,
                "summary": article.subtitle or article.summary,
                # An inferred date is when the file was saved, not a publication date: feeds leave it out.
                "published": "" if article.date_inferred else article.date.isoformat(),
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


class Planner(Pages):
    """Describes every page of a site as a Spec (and, as Pages, makes the Page of one)."""

    def __init__(self, site: Site) -> None:
        super().__init__(site.config, {a.url: a for a in site.articles})
        self.site = site

    def globals(self) -> Context:
        """Data every HTML page shows; part of every HTML page's key."""
        c = self.config
        nav = nav_sections(self.site.taxonomies["sections"], c.nav)
        return {
            "site": {"title": c.title, "description": c.description, "language": c.language, "base_url": c.base_url},
            "nav": [_link(t.term.name, t.url) for t in nav],
        }

    def groups(self, keep: Mapping[Group, list[Spec]] | None = None) -> dict[Group, list[Spec]]:
        """Every page of the site but the sitemap and robots.txt (see `site_specs`), by group, in page
        order. A group in `keep` (one of the last plan's that a change left as it was) is taken from there."""
        keep = keep or {}
        # One look-up a group (of 200,000 at 100,000 articles); an empty group is simply made again.
        return {key: keep.get(key) or make() for key, make in self._makers()}

    def _makers(self) -> Iterator[tuple[Group, Callable[[], list[Spec]]]]:
        """Each group's key, and what plans its pages, in page order."""
        for i, article in enumerate(self.site.articles):
            yield ("article", article.url), partial(self._article_specs, i)
        yield from self.list_makers()

    def list_makers(self) -> Iterator[tuple[Group, Callable[[], list[Spec]]]]:
        """`_makers` of every group but the articles' own pages."""
        site, title = self.site, self.config.title
        # The page a feed reader is given first: it must name the site feed.
        home = _head(title, "/", self.config.description, feeds=self.site_feeds)
        yield ("list", "/"), partial(self.list_specs, "/", site.articles, home, "Latest")
        for kind, terms in site.taxonomies.items():
            for slug, tax in terms.items():
                yield ("term", kind, slug), partial(self.term_specs, tax)
            yield ("terms", kind), partial(self.terms_specs, kind)
        years = site.years()
        for key in site.months:
            yield ("month", *key), partial(self.month_specs, key)
        for year, articles in years.items():
            yield ("year", year), partial(self.year_specs, year, articles)
        yield ("archive",), partial(self.archive_specs, years)
        yield ("feeds",), self.feed_specs
        yield ("fixed",), lambda: [
            _fixed("search/index.html", "search.html",
                   {"page": _head("Search", "/search/", "Search every article.", feeds=self.site_feeds)}),
            _fixed("404.html", "404.html",
                   {"page": _head("Page not found", "/404.html", "No page at this address.", feeds=self.site_feeds)}),
        ]  # fmt: skip

    def _article_specs(self, i: int) -> list[Spec]:
        return [self.article_spec(i)]

    def article_spec(self, i: int) -> Spec:
        """The page of the i-th newest article."""
        articles = self.site.articles
        url = articles[i].url
        shows = {
            "url": url,
            "newer": articles[i - 1].url if i > 0 else None,
            "older": articles[i + 1].url if i + 1 < len(articles) else None,
            "related": list(self.site.related[url]),
            "earlier": [a.url for a in articles[i + 1 : i + 1 + EARLIER_LIMIT]],
        }
        shown = (shows["newer"], shows["older"], *shows["related"], *shows["earlier"])
        return Spec(path_of(url), "html", "article.html", shows, tuple(u for u in shown if u), (url,))

    def list_specs(
        self, base: str, items: Sequence[Any], head: Context, heading: str, first: Context | None = None, **extra: Any
    ) -> list[Spec]:
        """The pages of a list, newest first. What grows with the list (counts, a chart) goes in `first`, shown on
        its first page only: on the numbered pages it would make every one of them again for each new article."""
        specs = []
        for p in self.paginated(base, items):
            page_head = dict(
                head, url=p.url, title=head["title"] if p.number == 0 else f"{head['title']} (page {p.number})"
            )
            shows = {
                "page": page_head,
                "heading": heading,
                "pager": {"number": p.number, "newer": p.newer, "older": p.older},
                **extra,
                **((first or {}) if p.number == 0 else {}),
            }
            specs.append(Spec(path_of(p.url), "html", "list.html", shows, tuple(a.url for a in p.items)))
        return specs

    def paginated(self, base: str, items: Sequence[Any]) -> list[Pagination]:
        """The pages of the list at `base` to plan."""
        return paginate(base, items, self.config.per_page)

    def term_specs(self, tax: Taxonomy) -> list[Spec]:
        """A tag's, section's or source's pages, and but for a source its feed."""
        label = KIND_TITLES[tax.kind]
        feeds, specs = self.site_feeds, []
        if tax.kind != "sources":
            feeds = [*feeds, _feed_link(f"{label}: {tax.term.name} (RSS)", f"{tax.url}feed.xml")]
            title = f"{tax.term.name} — {self.config.title}"
            specs.append(self.feed_spec(f"{tax.url}feed.xml", tax.url, title, tax.articles, full=False))
        head = _head(f"{label}: {tax.term.name}", tax.url, f"Articles filed under {tax.term.name}.", feeds=feeds)
        return specs + self.list_specs(tax.url, tax.articles, head, tax.term.name, label=label)

    def terms_specs(self, kind: str) -> list[Spec]:
        """The index of every tag, section or source, with its count of articles."""
        label = KIND_TITLES[kind]
        terms = self.site.taxonomies[kind]
        index = [{"name": t.term.name, "url": t.url, "count": len(t.articles)} for t in terms.values()]
        head = _head(f"{label}s", f"/{kind}/", f"Every {label.lower()} of {self.config.title}.", feeds=self.site_feeds)
        return [_fixed(f"{kind}/index.html", "terms.html", {"page": head, "heading": f"{label}s", "terms": index})]

    def month_specs(self, key: tuple[int, int]) -> list[Spec]:
        year, month = key
        name = f"{MONTHS[month - 1]} {year}"
        url = f"/archive/{year}/{month:02d}/"
        head = _head(f"Archive: {name}", url, f"Articles published in {name}.", feeds=self.site_feeds)
        return self.list_specs(url, self.site.months[key], head, name, label="Archive")

    def year_specs(self, year: int, articles: Sequence[Any]) -> list[Spec]:
        months = self.site.months
        url = f"/archive/{year}/"
        head = _head(f"Archive: {year}", url, f"Articles published in {year}.", feeds=self.site_feeds)
        mine = [m for (y, m) in months if y == year]
        links = [{"name": MONTHS[m - 1], "url": f"/archive/{year}/{m:02d}/"} for m in mine]
        counts = {key: len(articles) for key, articles in months.items()}
        first = {
            "months": [dict(link, count=len(months[year, m])) for link, m in zip(links, mine, strict=True)],
            "chart": month_chart(counts, MONTHS, (year, 1), (year, 12)),
        }
        return self.list_specs(url, articles, head, str(year), first, label="Archive", months=links)

    def archive_specs(self, years: Mapping[int, Sequence[Any]]) -> list[Spec]:
        counts = {key: len(articles) for key, articles in self.site.months.items()}
        context = {
            "page": _head(
                "Archive", "/archive/", f"Every article of {self.config.title} by date.", feeds=self.site_feeds
            ),
            "years": [{"name": str(y), "url": f"/archive/{y}/", "count": len(a)} for y, a in years.items()],
            "chart": archive_chart(counts, MONTHS),
        }
        return [_fixed("archive/index.html", "archive.html", context)]

    def feed_spec(
        self, url: str, home: str, title: str, articles: Sequence[Any], *, full: bool, kind: str = "rss"
    ) -> Spec:
        shows = {"url": url, "home": home, "title": title, "full": full}
        newest = published(articles, self.config.feed_limit)
        return Spec(path_of(url), kind, "", shows, (), tuple(a.url for a in newest))

    def feed_specs(self) -> list[Spec]:
        articles, title = self.site.articles, self.config.title
        return [
            self.feed_spec("/feed.xml", "/", title, articles, full=True),
            self.feed_spec("/atom.xml", "/", title, articles, full=True, kind="atom"),
            self.feed_spec("/feed.json", "/", title, articles, full=True, kind="jsonfeed"),
        ]


def published(articles: Sequence[Any], limit: int) -> list[Any]:
    """The first `limit` articles but drafts: a preview shows drafts on pages, never in feeds or the sitemap.
    Taken one at a time: a feed of the newest articles must not look at all of them."""
    return list(islice((a for a in articles if not a.draft), limit))


def _fixed(path: str, template: str, context: Context, kind: str = "html") -> Spec:
    """A page that shows no article's data: its spec holds its whole context."""
    return Spec(path, kind, template, context)


def sitemap_entries(pages: Pages, specs: Sequence[Spec]) -> list[Context]:
    """The sitemap's entries for `specs`: each HTML page's address but the 404 page's and drafts' (a preview
    shows drafts, the sitemap never), an article's page with when the article last changed."""
    c, entries = pages.config, []
    for s in specs:
        if s.kind != "html" or s.path == "404.html":
            continue
        article = pages.by_url[s.full[0]] if s.template == "article.html" else None
        if article is not None and article.draft:
            continue
        entries.append(sitemap_entry(page_loc(c, s.path), lastmod(article) if article else ""))
    return entries


def page_loc(config: SiteConfig, path: str) -> str:
    """The address of the page at output path `path`, as the sitemap gives it."""
    return config.absolute("/" + path.removesuffix("index.html"))


def sitemap_entry(loc: str, lastmod: str = "") -> Context:
    """The sitemap's entry of the page at the absolute URL `loc`; only articles' pages give a `lastmod`."""
    return {"loc": loc, "lastmod": lastmod}


def lastmod(article: Any) -> str:
    """When an article last changed, as its page's sitemap entry says."""
    return (article.updated or article.date).isoformat()


def site_specs(parts: Sequence[list[Context]], config: SiteConfig) -> list[Spec]:
    """sitemap.xml of the entries of `parts` and robots.txt. Above SITEMAP_LIMIT entries, sitemap.xml is an index
    of sitemaps, each part in files of its own: then a new article changes only the last (see `sitemap_parts`)."""
    return sitemap_specs([len(part) for part in parts], lambda n, start, stop: parts[n][start:stop], config)


SitemapChunk = tuple[int, int, int]  # a part's number, and where in it a file of the sitemap starts and stops


def sitemap_chunks(sizes: Sequence[int]) -> list[SitemapChunk] | None:
    """Where each file of an index's sitemaps starts and stops in parts of `sizes`; None for one sitemap.xml."""
    limit = SITEMAP_LIMIT
    if sum(sizes) <= limit:
        return None
    return [(n, start, min(start + limit, size)) for n, size in enumerate(sizes) for start in range(0, size, limit)]


def sitemap_specs(
    sizes: Sequence[int],
    entries: Callable[[int, int, int], list[Context]],
    config: SiteConfig,
    same: Collection[SitemapChunk] = (),
) -> list[Spec]:
    """`site_specs` of parts of `sizes`, whose entries from `start` to `stop` in part `n` are `entries(n, start,
    stop)`, but for the files of an index at the chunks `same` (those an insertion knows it left as they were)."""
    files = []
    chunks = sitemap_chunks(sizes)
    if chunks is None:
        urls = [entry for n, size in enumerate(sizes) for entry in entries(n, 0, size)]
        files.append(_fixed("sitemap.xml", "", {"urls": urls}, "sitemap"))
    else:
        for number, chunk in enumerate(chunks, 1):
            if chunk not in same:
                files.append(_fixed(f"sitemap-{number}.xml", "", {"urls": entries(*chunk)}, "sitemap"))
        index = [{"loc": config.absolute(f"/sitemap-{n}.xml")} for n in range(1, len(chunks) + 1)]
        files.append(_fixed("sitemap.xml", "", {"sitemaps": index}, "sitemapindex"))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('/sitemap.xml')}\n"
    files.append(_fixed("robots.txt", "", {"text": robots}, "text"))
    return files


def sitemap_parts(entries: Mapping[Group, list[Context]]) -> tuple[list[Context], list[Context]]:
    """The groups' sitemap entries: those of the pages that are not articles', and the articles' oldest first.
    A new article (newest, as a rule) then joins the end of the articles' part, and a list that grows a page
    changes the first part only."""
    pages = [entry for key, group in entries.items() if key[0] != "article" for entry in group]
    return pages, [entry for key in reversed(entries) if key[0] == "article" for entry in entries[key]]


def plan(
    site: Site,
    keep: Mapping[Group, list[Spec]] | None = None,
    kept_entries: Mapping[Group, list[Context]] | None = None,
    planner: Planner | None = None,
) -> tuple[Planner, dict[Group, list[Spec]], dict[Group, list[Context]]]:
    """The planner (to make the pages), the spec of every page of the site by group (see Planner.groups), the
    sitemap and robots.txt last, and each group's sitemap entries. A group in `keep` has its entries in
    `kept_entries` (the last plan's): an insertion under serve then works out those of the groups it changed only,
    with a `planner` of its own (insertion.TailPlanner) that plans of them only the pages it can change."""
    keep, kept = keep or {}, kept_entries or {}
    planner = planner or Planner(site)
    groups = planner.groups(keep)
    entries = {key: kept[key] if key in keep else sitemap_entries(planner, specs) for key, specs in groups.items()}
    groups[SITE_FILES] = site_specs(sitemap_parts(entries), site.config)
    return planner, groups, entries


def touched_groups(site: Site, last: Site, added: Collection[str]) -> set[Group]:
    """The groups whose pages differ between `last` and `site`, which is `last` with the articles whose URLs are
    `added` inserted (see site.insert_article): those articles' own; their neighbours' (newer, older and earlier
    links reach them); those whose related list changed; their terms', month's and year's; the site-wide lists."""
    groups: set[Group] = {("list", "/"), ("archive",), ("feeds",)}
    articles = site.articles
    for i in (i for i, a in enumerate(articles) if a.url in added):
        new = articles[i]
        groups.update(("article", a.url) for a in articles[max(0, i - EARLIER_LIMIT) : i + 2])
        for kind in TAXONOMIES:
            for term in terms_of(kind)(new):
                groups |= {("term", kind, term.slug), ("terms", kind)}
        groups |= {("month", new.date.year, new.date.month), ("year", new.date.year)}
    was = last.related
    groups.update(("article", url) for url, related in site.related.items() if related is not was.get(url))
    return groups


def flat(groups: Mapping[Group, list[Spec]]) -> list[Spec]:
    return [spec for specs in groups.values() for spec in specs]
