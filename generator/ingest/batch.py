"""One `newsarchive import` run: gather, fetch, extract, keep each story once, write.

    report = import_inputs(["links.txt", "crawl.warc.gz", "https://…"], site)
    print(report.line())

Pages are extracted in a process pool when there are many (extraction is
CPU-bound); what happens to each is decided in the order the inputs gave
them, so a run is repeatable. An item is, in this order:

1. an update, when its source (raw file, archive record, export entry) was
   imported before;
2. a duplicate, when its address, its canonical link or an address it was
   redirected from is an article's already (URLs compared by identity.url_key);
3. merged, when its body is a near-duplicate of an article's (dedup): the
   article lists it under "Also published by";
4. imported.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from ..atomic import write_atomic
from ..errors import Problem
from ..layout import WEB_SOURCES
from ..parallel import cpu_count
from ..slugs import slug_or_hash
from . import ImportReport, Origin, _Importer, _looks_like_html, _posix, extract, remember_sources, writer
from .archive_index import ArchiveIndex
from .article import Extracted, IngestError
from .decode import decode
from .dedup import signature
from .feeds_in import read_feed
from .fetch import Fetched, Fetcher, FetchError
from .identity import url_key
from .inputs import gather
from .items import Item

POOL_THRESHOLD = 40  # below this many pages one process is faster than starting a pool

Progress = Callable[[str, int], Callable[[int], None]]


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


Extraction = tuple[Extracted | Problem, np.ndarray | None]


def import_inputs(
    arguments: Sequence[str], site: Path, *, force: bool = False, dry_run: bool = False,
    progress: Progress = _no_progress, fetcher: Fetcher | None = None,
) -> ImportReport:  # fmt: skip
    site = Path(site)
    report = ImportReport()
    importer = _Importer(site, force, report)
    gathered = gather(list(arguments), importer.display, lambda path: _posix(path, site))
    report.errors.extend(gathered.errors)
    known = ArchiveIndex.load(site)
    with fetcher or Fetcher() as client:
        items = _fetched(gathered.items, client, known, report, progress)
    advance = progress("pages", len(items))
    extractions = _extract_all(items, advance)
    run = _Run(site, importer, known, dry_run)
    for item, extraction in zip(items, extractions, strict=True):
        run.decide(item, extraction)
    if not dry_run:
        remember_sources(site, run.saved_sources)
        known.save()
    return report


def _fetched(
    items: list[Item], client: Fetcher, known: ArchiveIndex, report: ImportReport, progress: Progress
) -> list[Item]:
    """Items with their pages: addresses fetched (a feed's entries too), addresses known already skipped."""
    ready: list[Item] = []
    pending = items
    for round_ in range(2):  # a feed's entries are fetched in the second round; a feed in a feed is not followed
        wanted = []
        for item in pending:
            if item.text or item.raw:
                ready.append(item)
            elif (same := known.urls.get(url_key(item.url))) is not None:
                report.duplicates.append(f"{item.name}: the same article as {known.show(same)} (not fetched again)")
            else:
                wanted.append(item)
        if not wanted:
            return ready
        advance = progress("fetched", len(wanted))
        results = client.fetch_all([item.url for item in wanted], advance)
        pending = []
        for item, result in zip(wanted, results, strict=True):
            pending.extend(_page_or_entries(item, result, report, follow_feeds=round_ == 0))
    return ready + pending


def _page_or_entries(item: Item, result: Fetched | FetchError, report: ImportReport, follow_feeds: bool) -> list[Item]:
    if isinstance(result, FetchError):
        report.errors.append(result.problem)
        return []
    if result.redirects:
        report.redirects.append(f"{result.url} -> {result.final_url}")
    if result.is_page:
        return [replace(item, url=result.final_url, raw=result.body, redirects=(item.url, *result.redirects))]
    if result.is_feed and not follow_feeds:
        report.errors.append(Problem(item.url, "a feed linked from a feed entry is not followed"))
        return []
    if result.is_feed:
        try:
            return read_feed(result.body, result.final_url, result.final_url)
        except IngestError as error:
            report.errors.append(error.problem(item.url))
            return []
    report.errors.append(Problem(item.url, f"not an HTML page (the server says {result.content_type or 'nothing'})"))
    return []


def _extract_one(item: Item) -> Extraction:
    """The article in one item's page, and its body's signature; or the error naming the item."""
    try:
        text = item.text or decode(item.raw)
        extracted = extract(text, item.is_html or _looks_like_html(Path(item.name), text))
    except IngestError as error:
        return error.problem(item.name), None
    except Exception as error:  # a parser failing on odd input must not stop the other pages
        return Problem(item.name, f"could not be read as an article ({type(error).__name__}: {error})"), None
    return extracted, signature(extracted.body)


def _extract_all(items: list[Item], advance: Callable[[int], None]) -> list[Extraction]:
    if len(items) < POOL_THRESHOLD or cpu_count() < 2:
        results = []
        for item in items:
            results.append(_extract_one(item))
            advance(1)
        return results
    with ProcessPoolExecutor(cpu_count(), mp_context=multiprocessing.get_context("fork")) as pool:
        results = []
        for result in pool.map(_extract_one, items, chunksize=8):
            results.append(result)
            advance(1)
        return results


class _Run:
    """The sequential part: what each extracted item becomes."""

    def __init__(self, site: Path, importer: _Importer, known: ArchiveIndex, dry_run: bool) -> None:
        self.site, self.importer, self.known, self.dry_run = site, importer, known, dry_run
        self.report = importer.report
        self.done: set[str] = set()  # source files handled in this run
        self.saved_sources: list[tuple[Path, Path]] = []  # fetched pages saved in sources/, with their content file

    def decide(self, item: Item, extraction: Extraction) -> None:
        extracted, values = extraction
        if isinstance(extracted, Problem):
            self.report.errors.append(extracted)
            return
        keys = {key for key in map(url_key, (item.url, extracted.source_url, *item.redirects)) if key}
        before = self.importer.index.get(item.source_file) if item.source_file else None
        if item.source_file and item.source_file in self.done:
            self._duplicate(item, before or Path(item.source_file))
            return
        if before is None and (same := self.known.article_at(keys)) is not None:
            self._duplicate(item, same)
            return
        story = self.known.stories.match(values) if before is None and values is not None else None
        if story is not None:
            self._merge(item, extracted, keys, Path(story))
            return
        self._save(item, extracted, keys, values, updating=before is not None)

    def _duplicate(self, item: Item, same: Path) -> None:
        self.report.duplicates.append(f"{item.name}: the same article as {self.known.show(same)}")

    def _save(
        self, item: Item, extracted: Extracted, keys: set[str], values: np.ndarray | None, updating: bool
    ) -> None:
        source_file = item.source_file or _posix(self._raw_path(item), self.site)
        self.done.add(source_file)
        if self.dry_run:
            (self.report.updated if updating else self.report.imported).append(Path(item.name))
            self.known.add(Path(item.name), keys, values)  # so the dry run finds the duplicates the real one would
            return
        if not item.source_file:
            write_atomic(self.site / source_file, item.raw)
        fallback, fallback_is = (item.saved, item.saved_is) if item.saved else (date.today(), "today's date")
        origin = Origin(fallback, fallback_is, item.url, item.tags)
        path = self.importer.save(extracted, source_file, item.name, origin)
        if not item.source_file:
            self.saved_sources.append((self.site / source_file, path))
        self.known.add(path, keys, values)

    def _raw_path(self, item: Item) -> Path:
        """sources/web/<host>/<slug of the path>.html, never a file that exists."""
        parts = urlsplit(item.url)
        host = re.sub(r"^www\.", "", parts.hostname or "page")
        folder = self.site / WEB_SOURCES / slug_or_hash(host, "host")
        stem = slug_or_hash(parts.path.replace("/", " ") + " " + parts.query, "index")
        candidate, number = folder / f"{stem}.html", 2
        while candidate.exists():
            candidate, number = folder / f"{stem}-{number}.html", number + 1
        return candidate

    def _merge(self, item: Item, extracted: Extracted, keys: set[str], kept: Path) -> None:
        outlet = re.sub(r"^www\.", "", urlsplit(item.url or extracted.source_url).hostname or "") or extracted.agency
        when = extracted.date or item.saved
        copy = {"source": outlet or item.name, "url": item.url or extracted.source_url, "date": when}
        copy = {key: value for key, value in copy.items() if value}
        same = f"the same story as {self.known.show(kept)} (listed under Also published by)"
        self.report.merged.append(f"{item.name}: {same}")
        if self.dry_run:
            return
        if not writer.add_copy(kept, copy):
            added = copy.get("url", item.name)
            message = f"edited by hand since it was imported; {added} is not added to its Also published by"
            self.report.warnings.append(Problem(Path(self.known.show(kept)), message))
        self.known.add(kept, keys, None)
