"""A build in a new process after a few content files changed: the pages they touch made again from the
plan the last build stored.

A build the command line starts has no site model in memory, and making one
means reading every record and planning every page (most of a build at
100,000 articles). When the only inputs changed since the last build are
content files whose articles keep their places (edits.same_place: a body, a
title, a dek, a caption), nothing moves in any list. The pages to make again
are then those the cache says show the changed articles (its `shown` rows);
their specs, and the records of the other articles they show, are read from
it. When they are all new files instead, insertion.py plans the pages their
articles change. Nothing else of the archive is read but the stat keys of the
files in the folders whose files changed (a digest of each folder's stat keys
is kept with the last build's facts).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cache import files_at, read_articles, read_files, read_per_file, read_specs
from generator.changes import ArticleDigests, changed_articles
from generator.config import SiteConfig
from generator.content import LoadedFile, load_file
from generator.edits import same_place
from generator.fingerprints import data_digest
from generator.insertion import Insertion, insert
from generator.model import Article
from generator.pages import Pages, Spec
from generator.permalinks import place
from generator.scan import Inputs, by_folder, folder_digest, folder_digests, trusted_before


@dataclass(frozen=True)
class Reopened:
    files: dict[str, LoadedFile]  # what was loaded from the content files that may have changed, by path
    racy: dict[str, str]  # the digests of those changed too close to this scan to trust their stat keys
    known: dict[str, dict[str, Any]]  # the PER_FILE facts (cache.py) the cache held of the files it looked at
    folders: dict[str, str]  # each folder's digest (scan.folder_digests) once those files' facts are stored
    bodies: dict[str, str]  # their articles' Markdown, by body key
    digests: dict[str, ArticleDigests]  # the changed articles' digests, by URL
    specs: list[Spec]  # the pages to make
    pages: Pages  # makes those pages
    insertion: Insertion | None = None  # what new articles changed in the plan (None for edits)


def reopen(
    site_dir: Path, cache: Path, inputs: Inputs, meta: Mapping[str, Any], templates: Mapping[str, str], drafts: bool
) -> Reopened | None:
    """What to make again for the content files changed since the last build (whose facts are `meta`; `templates`
    are the templates' digests), or None when the site must be modelled anew: a file was removed, files were
    both added and edited, an article moved or was not published (a draft, a URL two files claim), or a
    file's problems changed."""
    config, before = inputs.config, meta.get("folders", {})
    folders = by_folder(inputs.content)  # each folder's files in path order, as folder_digests has them
    if before.keys() - folders.keys():
        return None  # a folder's files all removed
    listed = {folder for folder, files in folders.items() if before.get(folder) != folder_digest(files)}
    # Read again as the loader would, and those whose digest the next build needs (a clock may step back).
    trusted = min(trusted_before(meta["scanned_at"]), trusted_before(inputs.scanned_at))
    close = [key for key, stat in inputs.content if stat[1] >= trusted]
    known = read_per_file(cache, listed, close)  # of the folders whose files changed, came or went: no others
    stats, scanned = known["stats"], dict(entry for folder in listed for entry in folders[folder])
    if any(key not in scanned and key.rpartition("/")[0] in listed for key in stats):
        return None  # a file removed
    added = scanned.keys() - stats.keys()
    if added and drafts:
        return None  # a draft may join the lists (the outline knows no drafts)
    maybe = list(dict.fromkeys([key for key, stat in scanned.items() if stats.get(key) != stat] + close))
    old = read_files(cache, maybe)
    files, bodies, changed = {}, {}, {}
    for key in maybe:
        new, body = load_file(site_dir / key, Path(key), config.tz, config.sanitize_html)
        files[key] = new
        if key in added:
            if new.article is None or new.article.draft or new.errors or new.warnings:
                return None
            bodies[new.article.body_key] = body
            continue
        was = old[key]
        if (was.article, was.errors, was.warnings) == (new.article, new.errors, new.warnings):
            continue  # only its stat key changed
        if added or not (was.article and new.article and (was.errors, was.warnings) == (new.errors, new.warnings)):
            return None
        if not same_place(was.article, new.article) or (new.article.draft and not drafts):
            return None
        placed = place(new.article, config.tz)
        if known["urls"].get(key) != placed.url:
            return None
        changed[placed.url] = placed
        bodies[placed.body_key] = body
    now = trusted_before(inputs.scanned_at)
    racy = {key: files[key].digest for key, stat in inputs.content if stat[1] >= now}
    # A folder whose files were read as too close to a scan may hold other stat keys than its digest says.
    unsure = {key.rpartition("/")[0] for key in close}
    after = {folder: digest for folder, digest in before.items() if folder not in unsure}
    rows = stats | {key: loaded.stat for key, loaded in files.items()}
    after |= folder_digests({key: stat for key, stat in rows.items() if key.rpartition("/")[0] in listed})
    if added:
        articles = {key: files[key].article for key in sorted(added)}
        insertion = insert(cache, config, templates, meta["globals"], articles)  # type: ignore[arg-type]
        if insertion is None:
            return None
        specs = insertion.changed
        shown = {url for spec in specs for url in (*spec.cards, *spec.full)} - insertion.records.keys()
        others = _records(cache, shown, config, drafts)
        if others is None:
            return None
        pages = Pages(config, others | insertion.records)
        return Reopened(files, racy, known, after, bodies, _digests(pages, insertion.records), specs, pages, insertion)
    pages = Pages(config, changed)
    digests = _digests(pages, changed)
    last = read_articles(cache, changed)
    if last.keys() != changed.keys():  # not published: two files claim its URL
        return None
    changes = changed_articles(digests, last)
    specs = read_specs(cache, changes.cards, changes.full)
    shown = {url for spec in specs for url in (*spec.cards, *spec.full)}
    others = _records(cache, shown - changed.keys(), config, drafts)
    if others is None:
        return None
    return Reopened(files, racy, known, after, bodies, digests, specs, Pages(config, others | changed))


def _digests(pages: Pages, articles: Mapping[str, Article]) -> dict[str, ArticleDigests]:
    return {url: (data_digest(pages.card(url)), data_digest(pages.own(a))) for url, a in articles.items()}


def _records(cache: Path, urls: Collection[str], config: SiteConfig, drafts: bool) -> dict[str, Article] | None:
    """The model's records of the articles at `urls`, from the files last published there; None if one URL is
    the last known of two files that could still claim it."""
    keys = files_at(cache, urls)
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
