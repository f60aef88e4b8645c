"""New articles in a new process: the pages they change planned from the site's outline, not the whole model.

A build the command line starts has no site model in memory, and making one
means reading every record and planning every page (most of a build at
100,000 articles). When the only content files changed since the last build
are new ones whose articles join the lists without changing anything else
(site.insert_article: URLs of their own, terms spelled as the site spells
them; here also no alias), the model of the outline (outline.py) takes them
in, and only the groups they touch (pages.touched_groups) and the sitemap are
planned again, and of a list only the pages they can change (TailPlanner). Of
those pages, the ones whose keys changed are made, from the records of the
articles they show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.cache import read_keys, read_outline, specs_at
from generator.changes import Changes, changed_pages, page_keys, setup_digest
from generator.config import SiteConfig
from generator.model import Article
from generator.outline import Outline, sitemap_of, skeleton, with_articles
from generator.pages import Context, Group, Planner, Spec, page_loc, sitemap_entries, touched_groups
from generator.pagination import Pagination, settled
from generator.permalinks import place
from generator.site import Site, insert_article, position
from generator.urls import path_of


@dataclass(frozen=True)
class Insertion:
    records: dict[str, Article]  # the new articles, placed, by URL
    specs: list[Spec]  # the pages planned again: those of the touched groups the articles can change, the sitemap
    keys: dict[str, str]  # their keys
    known: dict[str, str]  # the keys the last build gave those of them it made
    outline: Outline  # the site's, with the new articles
    stored: Outline  # the one the cache holds, without them

    @property
    def changed(self) -> list[Spec]:
        """The pages to make: those that are new, whose keys changed, or that show a new article."""
        new = set(self.records)
        return changed_pages(self.specs, self.keys, self.known, Changes(new, new))


def insert(cache: Path, config: SiteConfig, templates: Mapping[str, str], globals_: Context,
           added: Mapping[str, Article]) -> Insertion | None:  # fmt: skip
    """The pages to plan again once the articles `added` (by their files' paths) join the site whose outline
    and plan the cache holds, or None when they change more than their places: the site-wide data
    (`globals_`, the last build's, with `templates`' digests part of every HTML page's key), a redirect."""
    stored = read_outline(cache)
    if stored is None:
        return None
    before = skeleton(stored, config)
    site: Site | None = before
    records = {}
    for article in added.values():
        placed = place(article, config.tz)
        site = insert_article(site, placed) if site and not placed.aliases else None
        records[placed.url] = placed
    if site is None:
        return None
    touched = touched_groups(site, before, records.keys())
    site = _with_related(cache, site, touched)
    if site is None:
        return None
    planner = TailPlanner(site, list(records.values()), site.months.keys() == before.months.keys())
    if planner.globals() != globals_:
        return None
    specs, listed = _planned(planner, touched, dict(stored.listed))
    if specs is None or not {spec.path for spec in specs}.isdisjoint(stored.aliases):
        return None  # a group the outline does not know, or a page where a redirect is
    outline = with_articles(stored, site, records.keys(), listed)
    specs += sitemap_of(outline, stored, config)
    keys = page_keys(specs, setup_digest(planner), templates)
    return Insertion(records, specs, keys, read_keys(cache, keys), outline, stored)


def _with_related(cache: Path, site: Site, touched: set[Group]) -> Site | None:
    """`site` knowing the related lists of the touched articles: those ranked again, and the others' as the
    last build's plan has them; None if it does not have one."""
    urls = [key[1] for key in touched if key[0] == "article" and key[1] not in site.related]
    stored = specs_at(cache, [path_of(str(url)) for url in urls])
    if len(stored) != len(urls):
        return None
    kept = {spec.shows["url"]: tuple(spec.shows["related"]) for spec in stored.values()}
    return replace(site, related=kept | site.related)


class TailPlanner(Planner):
    """Plans of each list only the pages the articles `added` can change (pagination.settled); the sitemap's
    locs of the others go to `left_out`. With the `last` plan's groups (serve), `groups` gives every group
    whole, those pages taken from there, and `made` the specs it planned."""

    def __init__(
        self, site: Site, added: Sequence[Article], same_extras: bool, last: Mapping[Group, list[Spec]] | None = None
    ) -> None:
        super().__init__(site)
        self.added = added
        # What a list shows on every page is the same as before: a year's pages link its months, and a new
        # article can open one.
        self.same_extras = same_extras
        self.left_out: list[str] = []
        self.last = last or {}
        self.made: list[Spec] = []

    def paginated(self, base: str, items: Sequence[Any]) -> list[Pagination]:
        pages = super().paginated(base, items)
        at = [i for a in self.added if (i := position(items, a)) < len(items) and items[i].url == a.url]
        if not at or not self.same_extras:
            return pages
        kept = settled(len(items) - len(at), len(items) - 1 - max(at), self.config.per_page)
        # Numbered from the oldest, they come last.
        self.left_out += [page_loc(self.config, path_of(p.url)) for p in pages[len(pages) - kept :]]
        return pages[: len(pages) - kept]

    def groups(self, keep: Mapping[Group, list[Spec]] | None = None) -> dict[Group, list[Spec]]:
        keep = keep or {}
        found = {}
        for key, make in self._makers():
            if keep.get(key):
                found[key] = keep[key]
                continue
            self.left_out = []
            specs = make()
            self.made += specs
            # A group's list pages come last in it, and of them the settled ones, the oldest, last of all.
            before = self.last.get(key, [])
            found[key] = specs + before[len(before) - len(self.left_out) :] if self.left_out else specs
        return found


def _planned(
    planner: TailPlanner, touched: set[Group], listed: dict[Group, list[str]]
) -> tuple[list[Spec] | None, dict[Group, list[str]]]:
    """The specs of the touched groups, and the sitemap's locs of every group's pages but the articles' (the
    touched ones' planned again, the others' from `listed`); no specs if a group is not in `listed`."""
    articles, by_url = planner.site.articles, planner.by_url
    specs = [planner.article_spec(position(articles, by_url[str(key[1])])) for key in touched if key[0] == "article"]
    locs: dict[Group, list[str]] = {}
    for key, make in planner.list_makers():
        if key in touched:
            planner.left_out = []
            made = make()
            specs += made
            locs[key] = [entry["loc"] for entry in sitemap_entries(planner, made)] + planner.left_out
        elif key in listed:
            locs[key] = listed[key]
        else:
            return None, locs
    return specs, locs
