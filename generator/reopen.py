"""An edit in a new process: the pages it touches made again from the plan the last build stored.

A build the command line starts has no site model in memory, and making one
means reading every record and planning every page (most of a build at
100,000 articles). When the only inputs changed since the last build are
content files whose articles keep their places (edits.same_place: a body, a
title, a dek, a caption), nothing moves in any list. The pages to make again
are then those the cache says show the changed articles (its `shown` rows);
their specs, and the records of the other articles they show, are read from
it. Nothing else of the archive is read but each file's stat key (kept with the last build's facts).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cache import read_articles, read_files, read_specs
from generator.changes import ArticleDigests, changed_articles
from generator.config import SiteConfig
from generator.content import LoadedFile, load_file
from generator.edits import same_place
from generator.fingerprints import data_digest
from generator.model import Article
from generator.pages import Pages, Spec
from generator.permalinks import place
from generator.scan import Inputs, trusted_before


@dataclass(frozen=True)
class Reopened:
    files: dict[str, LoadedFile]  # what was loaded from the content files that may have changed, by path
    racy: dict[str, str]  # the digests of those changed too close to this scan to trust their stat keys
    bodies: dict[str, str]  # their articles' Markdown, by body key
    digests: dict[str, ArticleDigests]  # the changed articles' digests, by URL
    specs: list[Spec]  # the pages that show them
    pages: Pages  # makes those pages


def reopen(site_dir: Path, cache: Path, inputs: Inputs, meta: Mapping[str, Any], drafts: bool) -> Reopened | None:
    """What to make again for the content files changed since the last build (whose facts are `meta`),
    or None when the site must be modelled anew: a file was added or removed, an article moved or was
    not published (a draft, a URL two files claim), or a file's problems changed."""
    stats, config = meta.get("stats", {}), inputs.config
    # Read again as the loader would, and those whose digest the next build needs (a clock may step back).
    trusted = min(trusted_before(meta["scanned_at"]), trusted_before(inputs.scanned_at))
    maybe = [key for key, stat in inputs.content if stats.get(key) != stat or stat[1] >= trusted]
    if len(stats) != len(inputs.content) or any(key not in stats for key in maybe):
        return None  # a file added or removed
    old = read_files(cache, maybe)
    files, bodies, changed = {}, {}, {}
    for key in maybe:
        new, body = load_file(site_dir / key, Path(key), config.tz, config.sanitize_html)
        files[key] = new
        was = old[key]
        if (was.article, was.errors, was.warnings) == (new.article, new.errors, new.warnings):
            continue  # only its stat key changed
        if not (was.article and new.article and (was.errors, was.warnings) == (new.errors, new.warnings)):
            return None
        if not same_place(was.article, new.article) or (new.article.draft and not drafts):
            return None
        placed = place(new.article, config.tz)
        if meta["urls"].get(key) != placed.url:
            return None
        changed[placed.url] = placed
        bodies[placed.body_key] = body
    pages = Pages(config, changed)
    digests = {url: (data_digest(pages.card(url)), data_digest(pages.own(a))) for url, a in changed.items()}
    last = read_articles(cache, changed)
    if last.keys() != changed.keys():  # not published: two files claim its URL
        return None
    changes = changed_articles(digests, last)
    specs = read_specs(cache, changes.cards, changes.full)
    shown = {url for spec in specs for url in (*spec.cards, *spec.full)}
    others = _records(cache, shown - changed.keys(), meta["urls"], config, drafts)
    if others is None:
        return None
    now = trusted_before(inputs.scanned_at)
    racy = {key: files[key].digest for key, stat in inputs.content if stat[1] >= now}
    return Reopened(files, racy, bodies, digests, specs, Pages(config, others | changed))


def _records(
    cache: Path, urls: Collection[str], published: Mapping[str, str], config: SiteConfig, drafts: bool
) -> dict[str, Article] | None:
    """The model's records of the articles at `urls`, from the files last published there (`published`: file ->
    URL); None if one URL is the last known of two files that could still claim it."""
    keys: dict[str, list[str]] = {}
    for key, url in published.items():
        if url in urls:
            keys.setdefault(url, []).append(key)
    loaded = read_files(cache, [key for found in keys.values() for key in found])
    records = {}
    for url in urls:
        found = (loaded[key].article for key in keys.get(url, ()) if key in loaded)
        claims = [a for a in found if a and (drafts or not a.draft)]
        placed = [record for a in claims if (record := place(a, config.tz)).url == url]
        if len(placed) != 1:
            return None
        records[url] = placed[0]
    return records
