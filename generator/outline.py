"""The site's outline: where each article sits in the lists (its URL, date and terms), as plain data.

The build cache keeps it beside the stored plan, so that a new process can
place a new article in every list it joins without loading every record
(insertion.py). Made again by every whole build, after its pages; a new article
inserts its row (under `serve` too), and an edit that moves no article
leaves it as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import chain, compress, groupby, repeat
from operator import eq, itemgetter
from typing import Any, NamedTuple, cast

from generator.config import SiteConfig
from generator.model import Article, Term, shared_term
from generator.pages import Context, Group, SitemapChunk, Spec, sitemap_chunks, sitemap_entry, sitemap_specs
from generator.site import TAXONOMIES, Site, Taxonomy

COLUMNS = ("urls", "dates", "updated", "sections", "agencies", "tags")
CHUNKED = (*COLUMNS, "listed")
WHOLE = ("terms", "contested", "aliases")  # the other fields, small
CHUNK = 4096  # rows of a column, or groups of `listed`, in one row of the cache


@dataclass(frozen=True)
class Outline:
    """Columns, one entry per published article, newest first (as Site.articles), and the site's other places."""

    urls: list[str]
    dates: list[str]  # ISO 8601, in the site's time zone
    updated: list[str]  # ISO 8601 where the article has an `updated`, else ""
    sections: list[str | None]  # slugs
    agencies: list[str | None]
    tags: list[str]  # slugs, each followed by a space (slugs hold none)
    terms: dict[str, list[tuple[str, str, bool]]]  # kind -> (slug, name, spelled several ways), in the site's order
    contested: list[str]  # Site.contested
    aliases: list[str]  # the paths of the redirect pages
    listed: list[tuple[Group, list[str]]]  # the sitemap's locs of every group's pages but the articles', in order

    @property
    def columns(self) -> tuple[list[Any], ...]:
        return tuple(getattr(self, name) for name in COLUMNS)


Row = tuple[str, str, str, str | None, str | None, str]  # an article's entries in the columns, in order


def _row(article: Article) -> Row:
    section, agency = article.section, article.agency
    updated = article.updated.isoformat() if article.updated else ""
    return (article.url, article.date.isoformat(), updated, section.slug if section else None,
            agency.slug if agency else None, "".join(f"{t.slug} " for t in article.tags))  # fmt: skip


def _rest(site: Site, aliases: list[str], listed: Mapping[Group, list[str]]) -> tuple[Any, ...]:
    """The fields of an outline after its columns."""
    terms = {
        kind: [(slug, t.term.name, t.mixed) for slug, t in found.items()] for kind, found in site.taxonomies.items()
    }
    return terms, sorted(site.contested), aliases, list(listed.items())


def listed(entries: Mapping[Group, list[Context]]) -> dict[Group, list[str]]:
    """The sitemap's locs of the groups' pages, from their entries, but the articles' own (the columns hold them)."""
    return {key: [entry["loc"] for entry in found] for key, found in entries.items() if key[0] != "article"}


def outline_of(site: Site, aliases: Sequence[str], entries: Mapping[Group, list[Context]]) -> Outline:
    """The outline of `site`, whose redirect pages are at `aliases` and whose groups' sitemap entries are
    `entries`."""
    columns = [list(column) for column in zip(*map(_row, site.articles), strict=True)] or [[] for _ in range(6)]
    return Outline(*columns, *_rest(site, list(aliases), listed(entries)))


def with_articles(outline: Outline, site: Site, added: Collection[str], locs: Mapping[Group, list[str]]) -> Outline:
    """The outline of `site`, which is the outline's site with the articles at `added` inserted (so with the same
    aliases), whose groups' pages but the articles' have the sitemap locs `locs`: the others' rows as they were."""
    columns = [list(column) for column in outline.columns]
    for i, article in enumerate(site.articles):
        if article.url in added:
            for column, value in zip(columns, _row(article), strict=True):
                column.insert(i, value)
    return Outline(*columns, *_rest(site, outline.aliases, locs))


def sitemap_of(outline: Outline, before: Outline, config: SiteConfig) -> list[Spec]:
    """The site's sitemap (pages.site_specs), but for the files of an index that hold the same entries as in the
    site of the outline `before`: the list pages' locs, then its articles' entries made from the columns."""
    locs, was = _locs(outline), _locs(before)
    sizes = [len(locs), len(outline.urls)]
    chunks, old = sitemap_chunks(sizes), sitemap_chunks([len(was), len(before.urls)])

    def same(chunk: SitemapChunk) -> bool:
        n, start, stop = chunk
        if n == 0:
            return locs[start:stop] == was[start:stop]
        return all(_oldest_first(new, start, stop) == _oldest_first(last, start, stop)
                   for new, last in zip(_dated(outline), _dated(before), strict=True))  # fmt: skip

    site = config.absolute("")  # once: a call a row is a third of this at 100,000 articles

    def entries(n: int, start: int, stop: int) -> list[Context]:
        if n == 0:
            return [sitemap_entry(loc) for loc in locs[start:stop]]
        # Oldest first, as pages.sitemap_parts has them; each one's lastmod as pages.lastmod has it.
        rows = (_oldest_first(column, start, stop)[::-1] for column in _dated(outline))
        return [sitemap_entry(site + url, updated or date) for url, date, updated in zip(*rows, strict=True)]

    unchanged = [c for c, o in zip(chunks or (), old or (), strict=False) if c == o and same(c)]
    return sitemap_specs(sizes, entries, config, same=unchanged)


def _locs(outline: Outline) -> list[str]:
    return [loc for _, locs in outline.listed for loc in locs]


def _dated(outline: Outline) -> tuple[list[str], list[str], list[str]]:
    """The columns an article's sitemap entry is made of."""
    return outline.urls, outline.dates, outline.updated


def _oldest_first(column: list[Any], start: int, stop: int) -> list[Any]:
    """The entries of a column (newest first) from `start` to `stop` counted from its oldest, newest first."""
    return column[len(column) - stop : len(column) - start]


def outline_rows(outline: Outline) -> dict[str, Any]:
    """The outline as the cache keeps it, a row a key: each column in chunks of CHUNK rows, `listed` in chunks
    of CHUNK groups, each other field whole. The columns, newest first, are cut from their oldest end: a new
    article (the newest, as a rule) then changes the last chunk of each, and the chunks of the groups it joins,
    not the whole outline (13 MB at 100,000 articles)."""
    rows: dict[str, Any] = {name: getattr(outline, name) for name in WHOLE}
    for name in CHUNKED:
        value = getattr(outline, name)
        ends = range(len(value), 0, -CHUNK) if name in COLUMNS else range(CHUNK, len(value) + CHUNK, CHUNK)
        rows |= {f"{name}/{k}": value[max(0, end - CHUNK) : end] for k, end in enumerate(ends)}
    return rows


def outline_from_rows(rows: Mapping[str, Any]) -> Outline:
    """The Outline of `outline_rows`, read back as JSON (keys as tuples again); ValueError if a chunk is missing
    or a field is not in chunks (an older version's cache)."""
    chunks: dict[str, dict[int, list[Any]]] = {name: {} for name in CHUNKED}
    for key, value in rows.items():
        name, _, k = key.partition("/")
        if name in chunks:
            chunks[name][int(k)] = value
    if any(sorted(found) != list(range(len(found))) for found in chunks.values()):
        raise ValueError("a chunk of the outline is missing")
    # A column's newest chunk is its last.
    data = {name: list(chain.from_iterable(found[k] for k in sorted(found, reverse=name in COLUMNS)))
            for name, found in chunks.items()}  # fmt: skip
    return Outline(**data | {name: rows[name] for name in WHOLE} | {
        "terms": {kind: [tuple(t) for t in terms] for kind, terms in rows["terms"].items()},
        "listed": [(tuple(key), locs) for key, locs in data["listed"]],
    })  # fmt: skip


class _Row(NamedTuple):
    url: str
    iso_date: str
    iso_updated: str  # or ""
    tagged: str  # slugs, each followed by a space
    known_tags: Mapping[str, Term]  # the site's, by slug
    section: Term | None
    agency: Term | None
    draft: bool


class Placing(_Row):
    """An outline's row as the site model reads it: all that places an article in the lists. It stands in for
    the Article (a tenth of the cost of making one, a third of a new article's build at 100,000 articles). Its
    dates and tags are read from the row when asked for: most rows are only counted and listed. A tuple, so
    that 100,000 of them are made without a Python call each; equal only to itself, as an Article is to
    another of another file."""

    __slots__ = ()
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    @property
    def date(self) -> datetime:
        return datetime.fromisoformat(self.iso_date)

    @property
    def updated(self) -> datetime | None:
        return datetime.fromisoformat(self.iso_updated) if self.iso_updated else None

    @property
    def tags(self) -> tuple[Term, ...]:
        return tuple(self.known_tags[slug] for slug in self.tagged.split())


def skeleton(outline: Outline, config: SiteConfig) -> Site:
    """The site model of an outline: its articles are Placings, and no article's related list is known (the
    stored plan's article pages name them)."""
    terms = {kind: {slug: shared_term(name, slug) for slug, name, _ in found} for kind, found in outline.terms.items()}
    sections, agencies, tags = terms["sections"], terms["sources"], terms["tags"]
    n = len(outline.urls)
    # Every loop over the rows that can be is one of C: it is most of an insertion's work at 100,000 articles.
    placings = map(partial(tuple.__new__, Placing), zip(
        outline.urls, outline.dates, outline.updated, outline.tags, repeat(tags, n),
        map(sections.get, outline.sections), map(agencies.get, outline.agencies), repeat(False, n), strict=True,
    ))  # fmt: skip
    articles = cast(tuple[Article, ...], tuple(placings))
    by_tag: dict[str, list[Article]] = {slug: [] for slug in tags}
    for article, tagged in zip(articles, outline.tags, strict=True):
        for slug in tagged.split():
            by_tag[slug].append(article)
    members = {
        "tags": {slug: tuple(found) for slug, found in by_tag.items()},
        "sections": {slug: tuple(compress(articles, map(eq, repeat(slug), outline.sections))) for slug in sections},
        "sources": {slug: tuple(compress(articles, map(eq, repeat(slug), outline.agencies))) for slug in agencies},
    }
    taxonomies = {
        kind: {slug: Taxonomy(kind, terms[kind][slug], members[kind][slug], mixed)
               for slug, _, mixed in outline.terms[kind]}
        for kind in TAXONOMIES
    }  # fmt: skip
    # Newest first by the zone's clock, as make_site orders them: a month's articles are one run of the list.
    runs = groupby(zip(map(itemgetter(slice(7)), outline.dates), articles, strict=True), key=itemgetter(0))
    by_month = {(int(key[:4]), int(key[5:])): tuple(map(itemgetter(1), run)) for key, run in runs}
    return Site(config, articles, taxonomies, by_month, {}, frozenset(outline.contested))
