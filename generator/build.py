"""The build spine: load -> model -> plan -> render -> write."""

from __future__ import annotations

import gc
import hashlib
import pickle
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator import __version__
from generator.cache import CacheState, add_bodies, read_bodies, read_cache, reset_cache, write_cache
from generator.changes import (
    Changes,
    article_digests,
    changed_articles,
    changed_pages,
    page_keys,
    setup_digest,
    touched,
)
from generator.config import CONFIG_FILE, check_executor, load_config
from generator.content import CONTENT_DIR, ContentLoader, Scan, load_file, scan_content
from generator.errors import NewsarchiveError, Report
from generator.executors import workers_for
from generator.ingest import import_sources
from generator.lock import site_lock
from generator.model import Article
from generator.output import OutputWriter, WriteStats
from generator.pages import Context, Planner, Spec, plan
from generator.parallel import LocalWorkers, Target, Workers, render_bodies, render_pages
from generator.permalinks import url_map, warn_moved
from generator.redirects import alias_specs
from generator.render import Templates, read_templates, template_dirs
from generator.search import index_site, needs_index
from generator.site import Site, make_site, replace_article

CACHE_DIR = ".newsarchive"
OUTPUT_DIR = "output"
STATIC_DIR = "static"
# Folders of the site that output/ must never be, or be inside of.
SITE_FOLDERS = ("content", "sources", "templates", STATIC_DIR, CACHE_DIR)
RACY_NS = 2_000_000_000


@dataclass
class BuildResult:
    report: Report
    stats: WriteStats
    pages: int  # pages in the site (0 when nothing had changed and nothing was planned)
    rendered: int  # pages rendered; the others were unchanged and skipped
    timings: dict[str, float]  # seconds per stage

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def static_files(site: Path, dirs: list[Path]) -> dict[str, Path]:
    """Files to copy to output/static/: the site's static/ wins over the theme's."""
    found: dict[str, Path] = {}
    for folder in [site / STATIC_DIR] + [d / STATIC_DIR for d in dirs]:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found.setdefault(f"{STATIC_DIR}/{path.relative_to(folder).as_posix()}", path)
    return found


def manifest_path(site: Path, output: Path) -> Path:
    """One manifest per output folder, kept in the site's cache folder, not in output/."""
    key = hashlib.sha1(str(output.resolve()).encode()).hexdigest()[:12]
    return site / CACHE_DIR / f"manifest-{key}.json"


def input_signature(site: Path, scan: Scan, dirs: list[Path], static: dict[str, Path], output: Path) -> str:
    """A hash of everything a build reads: equal signatures mean equal sites."""
    config = site / CONFIG_FILE
    parts: list[object] = [__version__, str(output.resolve()), config.read_bytes() if config.exists() else b""]
    parts += [(p.as_posix(), stat) for p, stat in scan]
    for path in [*(t for d in dirs for t in sorted(d.rglob("*.html"))), *static.values()]:
        st = path.stat()
        parts.append((path.as_posix(), st.st_size, st.st_mtime_ns))
    return hashlib.blake2b(pickle.dumps(parts), digest_size=16).hexdigest()


@dataclass
class Timer:
    """Seconds spent in each stage, in order."""

    stages: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = now - self.last
        self.last = now


Progress = Callable[[int], Callable[[int], None]]  # given a total, returns "n more done"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading, modelling and planning build large structures without reference cycles; the cyclic
    garbage collector would walk them over and over for nothing (a third of planning time at 10,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Planned:
    """What the last build planned, kept in memory for saves that leave every list as it was (serve)."""

    site: Site
    specs: list[Spec]
    globals: Context
    templates: Templates


def _same_place(old: Article, new: Article) -> bool:
    """Does `new` sit where `old` did in every index and list (same URL, date, terms), whatever else changed?"""
    return (old.slug, old.date, old.tags, old.section, old.source, old.draft, old.aliases) == (
        new.slug, new.date, new.tags, new.section, new.source, new.draft, new.aliases
    )  # fmt: skip


class Builder:
    """Builds one site into one output folder, again and again, doing only what changed.

    What it learns (loaded articles, rendered bodies, page keys and article
    digests, see changes.py) stays in memory for the next build and is saved
    in the site's cache folder for the next run. `serve` keeps one Builder
    alive; the command line makes one per run.
    """

    def __init__(
        self,
        site_dir: Path,
        output: Path | None = None,
        *,
        use_cache: bool = True,
        atomic: bool = True,
        search: bool = True,
        drafts: bool = False,
        executor: str | None = None,
    ) -> None:
        """`atomic`: commit through a journal (see OutputWriter.commit). `search`: index the new
        site as its commit's last step; serve turns it off and indexes after the reload instead.
        `drafts`: publish drafts too, marked as drafts (a preview). `executor`: where pages render
        (executors.py), instead of site.toml's setting."""
        if executor is not None:
            check_executor(executor, "--executor")
        self.executor = executor
        self.workers: Workers = LocalWorkers()
        self.site_dir = site_dir
        self.drafts = drafts
        self.atomic = atomic
        self.search = search
        self.output = output or site_dir / OUTPUT_DIR
        out, root = self.output.resolve(), site_dir.resolve()
        if out == root or any(out.is_relative_to(root / d) for d in SITE_FOLDERS):
            raise NewsarchiveError(f"output folder {self.output} would overwrite the site's own files; choose another")
        self.cache_path = site_dir / CACHE_DIR / "cache.sqlite"
        # The full cache is read only once a build has something to do.
        self.saved = read_cache(self.cache_path, meta_only=True) if use_cache else CacheState()
        self.complete = not use_cache or not self.saved.meta
        self.loader = ContentLoader()
        self.last: Planned | None = None

    def build(
        self,
        progress: Progress | None = None,
        on_wait: Callable[[], None] = lambda: None,
        changed: Collection[Path] = (),
    ) -> BuildResult:
        """Problems with single content files are collected in the result's report and
        the rest still builds; a problem that affects every page (site.toml, a
        template) raises NewsarchiveError and leaves output/ as it was.

        `changed` may name the files changed since the last build of this Builder
        (serve knows them): when they are content files whose articles stay where
        they were in every list, the last site model is updated in place instead
        of being made again. Either way the same planner decides which pages to
        make. Another build of the same site (another process) is waited for;
        `on_wait` is called if that happens."""
        with site_lock(self.site_dir / CACHE_DIR / "build.lock", on_wait):
            return self._in_place(changed) or self._build(progress)

    def _reload(self, changed: Collection[Path], site: Site) -> tuple[Site, list[str]] | None:
        """The last site with the changed files' articles swapped in, and their URLs, or None
        when a change moves an article in some list (or is no article's), so the model must be made anew."""
        root = self.site_dir.resolve()
        updates, urls = {}, []
        for path in changed:
            display = Path(path).resolve()
            if not display.is_relative_to(root / CONTENT_DIR) or not display.is_file():
                return None
            display = display.relative_to(root)
            old = self.loader.files.get(display.as_posix())
            new = load_file(self.site_dir / display, display, site.config.tz, site.config.sanitize_html)
            if not (old and old.article and new.article and (old.errors, old.warnings) == (new.errors, new.warnings)):
                return None
            placed = next((a for a in site.articles if a.source_path == display), None)
            if placed is None or not _same_place(old.article, new.article):
                return None
            # The model's record keeps what the model gave it (its URL, its time zone's date, canonical terms).
            fresh = replace(new.article, date=placed.date, slug=placed.slug, url=placed.url, tags=placed.tags,
                            section=placed.section, source=placed.source)  # fmt: skip
            site = replace_article(site, placed, fresh)
            updates[display.as_posix()] = new
            urls.append(placed.url)
        # A new dict, not an update in place: the cache tells what changed by comparing with the saved one.
        self.loader.files = self.loader.files | updates
        return site, urls

    def _in_place(self, changed: Collection[Path]) -> BuildResult | None:
        """Rebuild after saves that keep every article where it was in every list, or return None."""
        last = self.last
        if last is None or not changed:
            return None
        timer = Timer()
        reloaded = self._reload(changed, last.site)
        if reloaded is None:
            return None
        site, urls = reloaded
        timer.lap("load")
        bodies = self._bodies(site.articles, site.config.sanitize_html)
        timer.lap("markdown")
        planner = Planner(site)
        fresh = article_digests(planner, urls)
        changes = changed_articles(fresh, self.saved.articles)
        todo = [s for s in last.specs if touched(s, changes)]
        writer = OutputWriter(self.output, manifest_path(self.site_dir, self.output), atomic=self.atomic)
        writer.carry_over({s.path for s in todo})
        timer.lap("plan")
        stats = self._write(planner, todo, last.templates, last.globals, bodies, writer, {}, None, timer)
        meta = self.saved.meta | {"signature": None}  # not scanned: the next build looks at everything
        self._save(replace(self.saved, files=self.loader.files, bodies=bodies, articles=self.saved.articles | fresh,
                           meta=meta), timer)  # fmt: skip
        self.last = replace(last, site=site)
        return BuildResult(self.saved.meta["report"], stats, len(last.specs), len(todo), timer.stages)

    def _build(self, progress: Progress | None) -> BuildResult:
        timer = Timer()
        found = import_sources(self.site_dir)
        imported = Report(found.errors, found.warnings)
        timer.lap("import")
        report = Report()  # problems of content/, kept with the cache for builds where nothing changed
        config = load_config(self.site_dir)
        self.workers = workers_for(self.executor or config.executor)
        dirs = template_dirs(self.site_dir)
        static = static_files(self.site_dir, dirs)
        scanned_at = time.time_ns()
        scan = scan_content(self.site_dir, report)
        writer = OutputWriter(self.output, manifest_path(self.site_dir, self.output), atomic=self.atomic)
        signature = input_signature(self.site_dir, scan, dirs, static, self.output) + "+drafts" * self.drafts
        # Times closer than RACY_NS to the last scan cannot prove a file unchanged (as in git's "racy" check).
        trusted_before = self.saved.meta.get("scanned_at", 0) - RACY_NS
        newest = max((stat[1] for _, stat in scan), default=0)
        same_inputs = signature == self.saved.meta.get("signature") and newest < trusted_before
        # The search index is not in the manifest: a deleted one must be rebuilt too.
        if same_inputs and writer.intact() and not (self.search and config.search and needs_index(self.output, ())):
            timer.lap("check")
            unchanged = WriteStats(unchanged=len(writer.old.files))
            return BuildResult(imported.merged(self.saved.meta["report"]), unchanged, 0, 0, timer.stages)
        timer.lap("scan")

        with _collector_paused():
            if not self.complete:
                self.saved = read_cache(self.cache_path)
                self.loader = ContentLoader(self.saved.files)
                self.complete = True
            if not self.saved.meta:
                reset_cache(self.cache_path)  # nothing in it to trust; bodies are stored as they render
            settings = [config.timezone, config.sanitize_html]
            if self.saved.meta.get("load_settings") != settings:
                # Dates without an offset now mean another time, or bodies render to other HTML (other keys).
                self.loader = ContentLoader()
            articles = self.loader.load(
                self.site_dir, scan, config.tz, report, trusted_before, config.sanitize_html, self.drafts
            )
            timer.lap("load")
            site = make_site(articles, config, report)
            warn_moved(site.articles, self.saved.meta.get("urls", {}), report)
            timer.lap("model")
            bodies = self._bodies(site.articles, config.sanitize_html)
            timer.lap("markdown")
            planner, specs = plan(site)
            specs += alias_specs(site.articles, specs, report)
            templates, globals_ = self._reused(read_templates(dirs), planner.globals())
            setup = setup_digest(planner)
            keys = page_keys(specs, setup, templates.digests)
            digests = article_digests(planner, planner.by_url)
            # When the inputs are the same, output/ was damaged: look at each file rather than trust the manifest.
            todo = self._todo(specs, keys, changed_articles(digests, self.saved.articles), writer, same_inputs)
            timer.lap("plan")
        stats = self._write(planner, todo, templates, globals_, bodies, writer, static, progress, timer)
        meta = {"signature": signature, "load_settings": settings, "report": report, "scanned_at": scanned_at}
        meta["urls"] = url_map(site.articles, self.saved.meta.get("urls", {}), self.loader.files)
        self._save(CacheState(self.loader.files, bodies, keys, digests, meta), timer)
        self.last = Planned(site, specs, globals_, templates)
        return BuildResult(imported.merged(report), stats, len(specs), len(todo), timer.stages)

    def _reused(self, templates: Templates, globals_: Context) -> tuple[Templates, Context]:
        """The last build's templates and site-wide data when they are equal to these: the renderer
        made from them is kept only while they are the same objects (parallel.py)."""
        last = self.last
        if last is None:
            return templates, globals_
        same_templates = last.templates.sources == templates.sources
        return last.templates if same_templates else templates, last.globals if last.globals == globals_ else globals_

    def _todo(
        self, specs: list[Spec], keys: dict[str, str], changes: Changes, writer: OutputWriter, look: bool
    ) -> list[Spec]:
        """The pages to make: changed ones, and those output/ does not hold as the last build left them.

        Unless `look`, the manifest is trusted for the others, which are carried over without a stat."""
        todo = changed_pages(specs, keys, self.saved.pages, changes)
        planned = {s.path for s in todo}
        if look:
            return todo + [s for s in specs if s.path not in planned and not writer.keep(s.path)]
        known = writer.old.files
        todo += [s for s in specs if s.path not in planned and s.path not in known]
        keep = {s.path for s in specs} - {s.path for s in todo}
        writer.carry_over(set(known) - keep)
        return todo

    def _write(
        self,
        planner: Planner,
        todo: Sequence[Spec],
        templates: Templates,
        globals_: Context,
        bodies: set[str],
        writer: OutputWriter,
        static: dict[str, Path],
        progress: Progress | None,
        timer: Timer,
    ) -> WriteStats:
        """Render the pages to do and the static files into staging, then commit to output/."""
        try:
            done = progress(len(todo)) if progress and todo else lambda n: None
            target = Target(writer.staging, writer.root, writer.old.files)
            pages = (planner.page(spec) for spec in todo)
            fetch = partial(read_bodies, self.cache_path)
            for staged in render_pages(
                pages, len(todo), templates.sources, globals_, fetch, target, done, self.workers
            ):
                writer.record(*staged)
            for rel, path in static.items():
                writer.stage(rel, path.read_bytes())
        except BaseException:
            writer.abort()
            raise
        timer.lap("render")
        searched = Timer()

        def index(folder: Path, changed: Sequence[str]) -> None:
            searched.last = time.perf_counter()
            index_site(folder, changed)
            searched.lap("search")

        # The search index is made on the complete new site; a crash during it is finished by the next build.
        stats = writer.commit(finish=index if self.search and planner.config.search else None)
        timer.lap("write")
        if searched.stages:
            timer.stages["write"] -= searched.stages["search"]
            timer.stages["search"] = searched.stages["search"]
        return stats

    def _save(self, state: CacheState, timer: Timer) -> None:
        write_cache(self.cache_path, self.saved, state)
        self.saved = state
        timer.lap("cache")

    def _bodies(self, articles: Sequence[Article], sanitize: bool) -> set[str]:
        """The keys of the articles' rendered bodies, rendering (in parallel when many) and storing
        in the cache file those it does not hold yet; pages read them from there as they are made.

        The keys (made when the articles were loaded) include the sanitiser
        setting and the Markdown version, so a cached body is never served after either changed."""
        known = self.saved.bodies
        missing = {a.body_key: a.body for a in articles if a.body_key not in known}
        if missing:
            add_bodies(self.cache_path, render_bodies(list(missing.items()), sanitize, self.workers))
        return {a.body_key for a in articles}


def build(site_dir: Path, output: Path | None = None) -> BuildResult:
    """Build the site at `site_dir` into `output` (default: site_dir/output)."""
    return Builder(site_dir, output).build()
