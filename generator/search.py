"""Full-text search: a sharded index of the article pages, in output/search-index/, kept up to date by parts.

The base of the index is one shard per year (per month, for a year with more
than YEAR_SHARD_MAX articles), written by a cold index and rewritten only when
compacted. Articles changed since then go to one small shard, `recent`, which
every update rewrites whole; the base entries they replace (and those of
removed articles) are listed in the manifest as removed, and the search page
skips them. Once `recent` would hold more than RECENT_MAX articles, the years
it touches are re-indexed into the base and `recent` starts empty again. So an
edit costs the few articles of `recent`, a query reads one small file per
shard and word, and indexing memory depends on a shard's size, never the
archive's.

`manifest.idx` (gzipped JSON) names the live shard folders, the removed
entries and every filter value; it is replaced in one step, last, so a reader
finds the old index or the new one. Folders the previous manifest named are
kept one update longer for searches already under way (`serve` indexes in
place while pages are read); year shards replaced by a compaction, until the
next compaction.

The index reads the built pages (see search_text.py), so the build runs it on
the new site before that becomes output/ (see `OutputWriter.commit`) and pages
and index change together. output/search-index/ is not in the build's
manifest: this module alone owns it.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import write_atomic
from generator.chars import inert_json
from generator.search_shard import Shard, shard_documents, shard_entries, shard_values, write_shard
from generator.search_text import ARTICLE_PATH, Document, read_document

INDEX_DIR = "search-index"
MANIFEST = "manifest.idx"
RECENT = "recent"
RECENT_MAX = 400  # articles in `recent` before a compaction; rewriting this many takes well under a second
YEAR_SHARD_MAX = 20_000  # articles in a year before it is split into months


@dataclass
class _State:
    shards: list[Shard] = field(default_factory=list)  # `recent` first, then newest first
    removed: dict[str, set[int]] = field(default_factory=dict)  # base shard folder -> replaced article numbers
    retired: list[str] = field(default_factory=list)  # folders of the previous manifest, kept for one update


def _read_state(index: Path) -> _State | None:
    try:
        data = json.loads(gzip.decompress((index / MANIFEST).read_bytes()))
    except (OSError, ValueError):  # missing, or left half-written by something else: index again
        return None
    shards = [Shard(s["key"], s["folder"], s["docs"], s["buckets"]) for s in data["shards"]]
    if not all((index / s.folder).is_dir() for s in shards):
        return None
    return _State(shards, {k: set(v) for k, v in data["removed"].items()}, data["retired"])


def needs_index(output: Path, changed: Sequence[str]) -> bool:
    """Is the index missing, or did the last write change or remove an article page?"""
    return _read_state(output / INDEX_DIR) is None or any(ARTICLE_PATH.fullmatch(p) for p in changed)


def index_site(output: Path, changed: Sequence[str]) -> bool:
    """Bring the index of `output` up to date with the pages in `changed`; return whether it changed.

    `changed` lists the output paths the build wrote or removed (`WriteStats.changed`);
    without an index (or with an unreadable one), every article page is indexed.
    """
    index = output / INDEX_DIR
    state = _read_state(index)
    articles = sorted({p for p in changed if ARTICLE_PATH.fullmatch(p)})
    if state is not None and not articles:
        return False
    for leftover in index.glob(".*"):  # a shard being written when a run was killed
        shutil.rmtree(leftover, ignore_errors=True)
    if state is None:
        new = _State(_index_years(output, index, _years(_all_articles(output))))
    else:
        new = _update(output, index, state, articles)
    _write_manifest(index, new, state)
    return True


def _update(output: Path, index: Path, state: _State, articles: list[str]) -> _State:
    base = [s for s in state.shards if s.key != RECENT]
    recent = next((s for s in state.shards if s.key == RECENT), None)
    in_recent = shard_entries(index, recent) if recent else {}
    kept = shard_documents(index, recent) if recent else {}  # none in an index an older version wrote
    # What search sees of each page written again: its digest, and the page as read while there are few. A
    # template edit writes every page again, and 100,000 of them read and held took 7 GB.
    now: dict[str, str | None] = {}
    read: dict[str, Document | None] = {}
    for rel in articles:
        doc = read_document(output, rel) if (output / rel).is_file() else None
        now[rel] = doc.digest() if doc else None
        if len(articles) <= RECENT_MAX:
            read[rel] = doc
    removed = {folder: set(ids) for folder, ids in state.removed.items()}
    same = set()  # re-rendered pages that search sees as before (their headlines changed, say)
    for shard in base:
        wanted = [rel for rel in articles if shard.key in (_shard_key(rel), _year(rel))]
        entries = shard_entries(index, shard) if wanted else {}
        for rel in (rel for rel in wanted if rel in entries):
            number, digest = entries[rel]
            if now[rel] == digest and rel not in in_recent:
                same.add(rel)
            else:
                removed.setdefault(shard.folder, set()).add(number)
    pending = {rel for rel in {*in_recent, *articles} - same if (output / rel).is_file()}
    if len(pending) <= RECENT_MAX:
        docs = (_document(output, rel, read, kept, rel in now) for rel in sorted(pending))
        shards = [write_shard(index, RECENT, (d for d in docs if d is not None), documents=True)] if pending else []
        return _State(shards + base, {f: ids for f, ids in removed.items() if ids})
    # Compaction: the years with changes are indexed again from their pages, and `recent` is emptied.
    touched = {_year(rel) for rel in pending} | {s.key[:4] for s in base if removed.get(s.folder)}
    kept = [s for s in base if s.key[:4] not in touched]
    by_year = _years(rel for year in touched for rel in _all_articles(output, year))
    fresh = _index_years(output, index, by_year)
    shards = sorted(kept + fresh, key=lambda s: s.key, reverse=True)
    return _State(shards, {s.folder: removed[s.folder] for s in kept if removed.get(s.folder)})


def _document(
    output: Path, rel: str, read: Mapping[str, Document | None], kept: Mapping[str, Document], written: bool
) -> Document | None:
    """The page at `rel` as search sees it: as read this build, else as `recent` kept it unless it was written
    again (it may no longer be an article's page: a redirect, say), else read from output/."""
    if rel in read:
        return read[rel]
    return (None if written else kept.get(rel)) or read_document(output, rel)


def _write_manifest(index: Path, new: _State, old: _State | None) -> None:
    live = {s.folder for s in new.shards}
    retired = {s.folder for s in old.shards} - live if old else set()
    # Year shards retired by a compaction are removed by the next one, not by the next edit: removing
    # thousands of files would make that edit slow.
    if old and not any(not f.startswith(f"{RECENT}.") for f in retired):
        retired |= {f for f in old.retired if not f.startswith(f"{RECENT}.")}
    new.retired = sorted(retired)
    filters: defaultdict[str, set[str]] = defaultdict(set)
    for shard in new.shards:
        for kind, values in shard_values(index, shard).items():
            filters[kind].update(values)
    data = {
        "shards": [s.manifest() for s in new.shards],
        "removed": {folder: sorted(ids) for folder, ids in sorted(new.removed.items())},
        "filters": {kind: sorted(values) for kind, values in sorted(filters.items())},
        "retired": new.retired,
    }
    write_atomic(index / MANIFEST, gzip.compress(inert_json(data).encode(), mtime=0))
    for folder in index.iterdir():
        if folder.is_dir() and folder.name not in live and folder.name not in new.retired:
            shutil.rmtree(folder)


def _all_articles(output: Path, year: str = "[0-9][0-9][0-9][0-9]") -> list[str]:
    found = (p.relative_to(output).as_posix() for p in output.glob(f"{year}/[0-9][0-9]/*/index.html"))
    return sorted(rel for rel in found if ARTICLE_PATH.fullmatch(rel))


def _year(rel: str) -> str:
    return rel[:4]


def _shard_key(rel: str) -> str:
    return rel[:7].replace("/", "-")


def _years(articles: Iterable[str]) -> dict[str, list[str]]:
    by_year: defaultdict[str, list[str]] = defaultdict(list)
    for rel in articles:
        by_year[_year(rel)].append(rel)
    return by_year


def _index_years(output: Path, index: Path, by_year: dict[str, list[str]]) -> list[Shard]:
    """Base shards for these years: one per year, or one per month for a big year; newest first."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for year, articles in by_year.items():
        for rel in articles:
            groups[_shard_key(rel) if len(articles) > YEAR_SHARD_MAX else year].append(rel)
    return [write_shard(index, key, _documents(output, groups[key])) for key in sorted(groups, reverse=True)]


def _documents(output: Path, articles: Iterable[str]) -> Iterator[Document]:
    for rel in articles:
        doc = read_document(output, rel)
        if doc is not None:
            yield doc
