"""The build spine: import -> scan -> load -> model -> markdown -> plan -> write -> save.

`Builder._build` is that list of stages, each a call into the module that does
the work (see the README's architecture section); what decides how much work
there is (nothing changed, the cache read only when needed, a setting that
invalidates loaded files, the timings) sits in the helpers below it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import PER_FILE, CacheState, add_bodies, read_bodies, read_cache, reset_cache, write_cache
from generator.changes import (
    ArticleDigests,
    Changes,
    Digested,
    Readers,
    article_digests,
    changed_articles,
    changed_pages,
    page_keys,
    readers,
    setup_digest,
    touched_specs,
)
from generator.config import SiteConfig, check_executor
from generator.content import ContentLoader, LoadedFile, bytes_digest
from generator.edits import Edited, edit_in_place
from generator.errors import NewsarchiveError, Problem, Report
from generator.executors import workers_for
from generator.ingest import import_sources
from generator.insertion import TailPlanner
from generator.layout import BUILD_CACHE, BUILD_LOCK, OUTPUT_DIR, SITE_FOLDERS, manifest_path
from generator.lock import site_lock
from generator.manifest import Manifest
from generator.markup import markdown_version
from generator.model import Article
from generator.outline import listed, outline_of, with_articles
from generator.output import OutputWriter, WriteStats
from generator.pages import SITE_FILES, Context, Group, Pages, Planner, Spec, flat, plan, touched_groups
from generator.parallel import LocalWorkers, Target, Workers, render_pages, rendering_bodies
from generator.permalinks import url_map, warn_moved
from generator.redirects import alias_specs
from generator.reopen import reopen
from generator.scan import Inputs, folder_digests, scan_inputs, trusted_before
from generator.search import index_site, needs_index
from generator.site import Site, make_site

if TYPE_CHECKING:
    from generator.render import Templates


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


@dataclass
class Timer:
    """Seconds spent in each stage, in order."""

    stages: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.last
        self.last = now

    @contextmanager
    def counted_as(self, stage: str) -> Iterator[None]:
        """Count the time spent inside in `stage`, not in the stage whose lap it falls in."""
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.stages[stage] = self.stages.get(stage, 0.0) + spent
            self.last += spent


Progress = Callable[[int], Callable[[int], None]]  # given a total, returns "n more done"


ALIASES: Group = ("aliases",)  # the redirect pages (redirects.py), planned last: they may take no other page's path


@dataclass(frozen=True)
class Plan:
    """Every page of a site as a Spec, by group and in one list, and what makes Pages of them. The last
    build's stays in memory for saves that change a few articles (serve, see edits.py)."""

    planner: Planner
    groups: dict[Group, list[Spec]]
    specs: list[Spec]  # the groups' specs, in order
    templates: Templates
    globals: Context
    alias_problems: list[Problem]  # what was wrong with the articles' aliases (redirects.py)
    entries: dict[Group, list[Context]]  # each group's sitemap entries (pages.sitemap_entries)

    @property
    def site(self) -> Site:
        return self.planner.site


@dataclass
class BodyStore:
    """Takes Markdown bodies by key and has those not in the cache file yet rendered and stored (`render`, see
    Builder._storing_bodies); with `timer`, the time spent in it counts as the Markdown stage's."""

    render: Callable[[Sequence[tuple[str, str]]], None]
    held: set[str]  # the keys of the bodies the cache file holds: Builder.saved.bodies, which grows as they come
    timer: Timer | None
    given: set[str] = field(default_factory=set)  # the keys of the bodies handed on to be rendered

    def knows(self, key: str) -> bool:
        return key in self.held or key in self.given

    def __call__(self, bodies: dict[str, str]) -> None:
        missing = [(key, text) for key, text in bodies.items() if not self.knows(key)]
        self.given.update(key for key, _ in missing)
        with self.timer.counted_as("markdown") if self.timer else nullcontext():
            self.render(missing)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading, modelling and planning build large structures without reference cycles; the cyclic
    garbage collector would walk them over and over for nothing (a third of planning time at 10,000).
    What they made is then frozen out of its way: switched back on, it would walk all of it three
    times more while pages render (young, middle, then old generation; seconds at 100,000 articles).
    Frozen objects are still freed by reference counting when a later build replaces them, but frozen
    cyclic garbage never is (Python-Markdown leaves a cycle for each body it renders), and serve would
    grow by it with every save: so one collection first (0.12 s of a 16 s cold build at 10,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def _load_settings(config: SiteConfig) -> list[object]:
    """What changes what a content file loads to: its dates' time zone, its body's HTML (and so its key)."""
    return [config.timezone, config.sanitize_html, markdown_version()]


def _templates(inputs: Inputs, digests: dict[str, str] | None = None) -> Templates:
    from generator.render import read_templates  # here: Jinja is loaded by builds that render, and only by those

    return read_templates(inputs.template_dirs, digests)


def _stats(files: Mapping[str, LoadedFile]) -> dict[str, tuple[int, int]]:
    """The stat key of each content file, kept with a build's facts: the next build finds what changed
    without reading every record (reopen.py)."""
    return {key: loaded.stat for key, loaded in files.items()}


def _keys(
    plan: Plan, before: Digested | None, now: Digested | None
) -> tuple[dict[str, str], dict[str, ArticleDigests]]:
    """Each page's key and each article's digests, which tell the next build what changed (changes.py)."""
    keys = page_keys(plan.specs, setup_digest(plan.planner), plan.templates.digests, before, now)
    return keys, article_digests(plan.planner, plan.planner.by_url, before, now)


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
        self.cache_path = site_dir / BUILD_CACHE
        # Only the small facts of the last build are read now: the rest, once a build has something to do.
        self.saved = read_cache(self.cache_path, meta_only=True) if use_cache else CacheState()
        self.whole_cache_read = not use_cache or not self.saved.meta
        self.loader = ContentLoader()
        self.last: Plan | None = None
        self.committed: Manifest | None = None  # what this Builder's last commit wrote to output/
        self._shown: tuple[list[Spec], Readers] | None = None  # which of the last plan's specs show each article
        self.digested: Digested | None = None

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
        of being made again (edits.py). Either way the same planner decides which
        pages to make. A Builder told of changes lives on, so it models the whole
        site rather than make pages from the stored plan (reopen.py): its next
        saves are then edits in place, which need no scan. Another build of the
        same site (another process) is waited for; `on_wait` is called if that
        happens."""
        with site_lock(self.site_dir / BUILD_LOCK, on_wait):
            return self._edit(changed) or self._build(progress, reopen=not changed)

    def _build(self, progress: Progress | None, reopen: bool) -> BuildResult:
        """Every stage, from sources/ to output/, stopping after the scan when nothing changed;
        with `reopen`, an edit that moves no article is made from the stored plan instead."""
        timer = Timer()
        found = import_sources(self.site_dir)
        imported = Report(found.errors, found.warnings)
        timer.lap("import")
        report = Report()  # problems of content/, kept with the cache for builds where nothing changed
        inputs = scan_inputs(self.site_dir, self.output, self.drafts, report)
        self.workers = workers_for(self.executor or inputs.config.executor)
        writer = self._writer()
        trusted = trusted_before(self.saved.meta.get("scanned_at", 0))
        same_inputs = self._same_inputs(inputs, trusted)
        if same_inputs and self._output_current(writer, inputs.config):
            timer.lap("check")
            unchanged = WriteStats(unchanged=writer.old.count())
            return BuildResult(imported.merged(self.saved.meta["report"]), unchanged, 0, 0, timer.stages)
        timer.lap("scan")
        # With the same inputs, output/ was damaged: only the whole way looks at each file.
        reopened = self._reopen(inputs, writer, timer) if reopen and not same_inputs else None
        if reopened is not None:
            return replace(reopened, report=imported.merged(reopened.report))
        with _collector_paused():
            config = inputs.config
            self._read_whole_cache(config)
            # The workers render the bodies read while this process loads the next files and models the site.
            with self._storing_bodies(config.sanitize_html, timer) as store:
                articles = self.loader.load(
                    self.site_dir, inputs.content, config.tz, report, trusted, config.sanitize_html, self.drafts, store
                )
                timer.lap("load")
                site = self._model(articles, config, report)
                timer.lap("model")
                bodies = self._bodies(site.articles, config, store)
            timer.lap("markdown")
            plan = self._plan(site, inputs, report)
            # A Builder that builds again (serve) remembers what it digested: most of it is the same next time.
            digested = Digested() if self.last is not None else None
            keys, digests = _keys(plan, self.digested, digested)
            self.digested = digested
            # When the inputs are the same, output/ was damaged: look at each file rather than trust the manifest.
            todo = self._todo(plan.specs, keys, changed_articles(digests, self.saved.articles), writer, same_inputs)
            timer.lap("plan")
        stats = self._write(plan.planner, plan.templates, plan.globals, todo, writer, inputs.static, progress, timer)
        facts = self._meta(inputs, report, plan)
        # Made once the pages are: at a million articles it is a few hundred MB the rendering need not hold.
        outline = outline_of(plan.site, [spec.path for spec in plan.groups[ALIASES]], plan.entries)
        self._save(CacheState(self.loader.files, bodies, keys, digests, facts, outline), timer, todo)
        self.last = plan
        return BuildResult(imported.merged(report), stats, len(plan.specs), len(todo), timer.stages)

    def _edit(self, changed: Collection[Path]) -> BuildResult | None:
        """Rebuild after saves that keep every article where it was in every list, or that add articles
        and change nothing else (edits.py); else return None."""
        last = self.last
        if last is None or not changed:
            return None
        timer = Timer()
        edited = edit_in_place(self.site_dir, changed, last.site, self.loader.files, self.drafts)
        if edited is None:
            return None
        timer.lap("load")
        outline = self.saved.outline  # set by the whole build that set `last` (None only for the type's sake)
        if edited.added:
            replanned = self._replanned(last, edited.site, edited.urls.values())
            if replanned is None or outline is None:
                return None
            plan, made = replanned
            outline = with_articles(outline, edited.site, edited.urls.values(), listed(plan.entries))
        else:
            plan = replace(last, planner=Planner(edited.site))
        fresh = article_digests(plan.planner, edited.urls.values())
        changes = changed_articles(fresh, self.saved.articles)
        keys = self.saved.pages
        if edited.added:
            keys = keys | page_keys(made, setup_digest(plan.planner), plan.templates.digests)
            todo = changed_pages(made, keys, self.saved.pages, changes)
        else:
            todo = touched_specs(plan.specs, self._readers(plan.specs), changes)
        timer.lap("plan")
        bodies = self._edited_bodies(edited)
        # A new dict, not an update in place: the cache tells what changed by comparing with the saved one.
        self.loader.files = self.loader.files | edited.files
        timer.lap("markdown")
        writer = self._writer()
        writer.carry_over({s.path for s in todo})
        stats = self._write(plan.planner, plan.templates, plan.globals, todo, writer, {}, None, timer)
        # Not scanned: the next build looks at everything (no folder digest: at every stat key too).
        meta = self.saved.meta | {"signature": None, "urls": self.saved.meta["urls"] | edited.urls, "folders": {},
                                  "pages": len(plan.specs), "stats": _stats(self.loader.files)}  # fmt: skip
        saved = replace(self.saved, files=self.loader.files, bodies=bodies, pages=keys,
                        articles=self.saved.articles | fresh, meta=meta, outline=outline)  # fmt: skip
        self._save(saved, timer, todo)
        self.last = plan
        return BuildResult(self.saved.meta["report"], stats, len(plan.specs), len(todo), timer.stages)

    def _reopen(self, inputs: Inputs, writer: OutputWriter, timer: Timer) -> BuildResult | None:
        """Make again the pages that the content files edited or added since the last build change, from what its
        cache holds (reopen.py), when they are all that changed and this Builder has read no more of the cache
        than its facts; else None."""
        meta, config = self.saved.meta, inputs.config
        same_setup = (meta.get("setup"), meta.get("load_settings")) == (inputs.setup, _load_settings(config))
        if self.whole_cache_read or not same_setup:
            return None
        # The same setup: the same template files as the last build, whose digests need not be worked out again.
        templates = _templates(inputs, meta.get("templates"))
        with _collector_paused():  # an insertion makes the outline's model: 100,000 articles' worth of objects
            reopened = reopen(self.site_dir, self.cache_path, inputs, meta, templates.digests, self.drafts)
        if reopened is None:
            return None
        timer.lap("load")
        with self._storing_bodies(config.sanitize_html, timer) as store:
            store(reopened.bodies)
        writer.carry_over({spec.path for spec in reopened.specs})
        stats = self._write(reopened.pages, templates, meta["globals"], reopened.specs, writer, {}, None, timer)
        # The per-file facts of the files it looked at, as they were and as they are: only those rows are written.
        known = reopened.known
        facts = meta | {"signature": inputs.signature, "scanned_at": inputs.scanned_at, "racy": reopened.racy,
                        "folders": reopened.folders, "stats": known["stats"] | _stats(reopened.files),
                        "urls": known["urls"]}  # fmt: skip
        # Bodies are only added here: one an edit left unused goes at the next whole build.
        kept = CacheState(files=reopened.files, bodies=self.saved.bodies, articles=reopened.digests, meta=facts)
        old, made, pages = replace(self.saved, meta=meta | known), reopened.specs, meta["pages"]
        if reopened.insertion is not None:
            added = reopened.insertion
            facts["urls"] = known["urls"] | {a.source_path.as_posix(): url for url, a in added.records.items()}
            pages = facts["pages"] = pages + sum(1 for spec in added.specs if spec.path not in added.known)
            kept = replace(kept, pages=added.keys, outline=added.outline)
            old = replace(old, pages=added.known, outline=added.stored)  # only the rows that differ are written
        write_cache(self.cache_path, old, kept, made)
        self.saved = CacheState(bodies=self.saved.bodies, meta={k: v for k, v in facts.items() if k not in PER_FILE})
        timer.lap("cache")
        return BuildResult(meta["report"], stats, pages, len(reopened.specs), timer.stages)

    # --- The bookkeeping of the stages -------------------------------------------------------------------------

    def _readers(self, specs: list[Spec]) -> Readers:
        """Worked out once per plan: saves that move no article keep its specs (edits.py)."""
        if self._shown is None or self._shown[0] is not specs:
            self._shown = specs, readers(specs)
        return self._shown[1]

    def _writer(self) -> OutputWriter:
        manifest = manifest_path(self.site_dir, self.output)
        return OutputWriter(self.output, manifest, atomic=self.atomic, known=self.committed)

    def _same_inputs(self, inputs: Inputs, trusted: int) -> bool:
        """Are the inputs those of the last build? Stat keys prove it but for files changed close to
        the last scan (see `trusted_before`): those are read, and their bytes compared with the last load's."""
        if inputs.signature != self.saved.meta.get("signature"):
            return False
        racy = self.saved.meta.get("racy", {})
        for key, stat in inputs.content:
            if stat[1] >= trusted:
                try:
                    raw = (self.site_dir / key).read_bytes()
                except OSError:
                    return False
                if racy.get(key) != bytes_digest(raw):
                    return False
        return True

    def _output_current(self, writer: OutputWriter, config: SiteConfig) -> bool:
        """Does output/ hold what the last build left there?"""
        # The search index is not in the manifest: a deleted one must be rebuilt too.
        return writer.intact() and not (self.search and config.search and needs_index(self.output, ()))

    def _read_whole_cache(self, config: SiteConfig) -> None:
        """Read the rest of the cache file, once, and forget loaded files that `config` makes wrong."""
        if not self.whole_cache_read:
            self.saved = read_cache(self.cache_path)
            # A record is kept only with its body's HTML: records hold no Markdown to render it again from.
            stored = self.saved.bodies
            self.loader = ContentLoader({key: loaded for key, loaded in self.saved.files.items()
                                         if loaded.article is None or loaded.article.body_key in stored})  # fmt: skip
            self.whole_cache_read = True
        if not self.saved.meta:
            reset_cache(self.cache_path)  # nothing in it to trust; bodies are stored as they render
        if self.saved.meta.get("load_settings") != _load_settings(config):
            # Dates without an offset now mean another time, or bodies render to other HTML (other keys).
            self.loader = ContentLoader()

    def _model(self, articles: list[Article], config: SiteConfig, report: Report) -> Site:
        site = make_site(articles, config, report, self.last.site if self.last else None)
        warn_moved(site.articles, self.saved.meta.get("urls", {}), report)
        return site

    def _plan(self, site: Site, inputs: Inputs, report: Report) -> Plan:
        planner, groups, entries = plan(site)
        aliases = Report()
        groups[ALIASES] = alias_specs(site.articles, flat(groups), aliases)
        report.errors += aliases.errors
        templates, globals_ = self._reused(_templates(inputs), planner.globals())
        return Plan(planner, groups, flat(groups), templates, globals_, aliases.errors, entries)

    def _replanned(self, last: Plan, site: Site, added: Collection[str]) -> tuple[Plan, list[Spec]] | None:
        """The plan of `site`, which is the last plan's site with the articles whose URLs are `added`, and the
        specs planned again: of the groups the articles change, the pages they can change (insertion.TailPlanner;
        the others are the last plan's), and the sitemap and redirects. None when they change more: a redirect
        or what is wrong with one, or the sections in every page's header (then every page is made again anyway)."""
        stale = touched_groups(site, last.site, added) | {SITE_FILES, ALIASES}  # those two are always made again
        keep = {key: specs for key, specs in last.groups.items() if key not in stale}
        new = [a for a in site.articles if a.url in added]
        tail = TailPlanner(site, new, site.months.keys() == last.site.months.keys(), last.groups)
        planner, groups, entries = plan(site, keep, last.entries, tail)
        aliases = Report()
        groups[ALIASES] = alias_specs(site.articles, flat(groups), aliases)
        same = (groups[ALIASES], aliases.errors) == (last.groups[ALIASES], last.alias_problems)
        if not same or planner.globals() != last.globals:
            return None
        made = tail.made + groups[SITE_FILES] + groups[ALIASES]
        return Plan(planner, groups, flat(groups), last.templates, last.globals, aliases.errors, entries), made

    def _meta(self, inputs: Inputs, report: Report, plan: Plan) -> dict[str, object]:
        """The facts of this build that the next one starts from."""
        trusted = trusted_before(inputs.scanned_at)
        racy = {key: self.loader.files[key].digest for key, stat in inputs.content if stat[1] >= trusted}
        meta: dict[str, object] = {"signature": inputs.signature, "setup": inputs.setup, "racy": racy,
                                   "scanned_at": inputs.scanned_at, "load_settings": _load_settings(inputs.config),
                                   "report": report, "globals": plan.globals, "pages": len(plan.specs),
                                   "templates": plan.templates.digests, "stats": _stats(self.loader.files)}  # fmt: skip
        meta["folders"] = folder_digests(meta["stats"])  # type: ignore[arg-type]
        meta["urls"] = url_map(plan.site.articles, self.saved.meta.get("urls", {}), self.loader.files)
        return meta

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
        maker: Pages,
        templates: Templates,
        globals_: Context,
        todo: Sequence[Spec],
        writer: OutputWriter,
        static: dict[str, Path],
        progress: Progress | None,
        timer: Timer,
    ) -> WriteStats:
        """Render the pages to do and the static files into staging, then commit to output/."""
        try:
            done = progress(len(todo)) if progress and todo else lambda n: None
            target = Target(writer.staging, writer.root, writer.old)
            pages = (maker.page(spec) for spec in todo)
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
        return self._commit(writer, maker.config.search, timer)

    def _commit(self, writer: OutputWriter, search: bool, timer: Timer) -> WriteStats:
        """Commit the staged site, indexing it for search first; the indexing is timed as a stage of its own."""

        def index(folder: Path, changed: Sequence[str]) -> None:
            with timer.counted_as("search"):
                index_site(folder, changed)

        # The search index is made on the complete new site; a crash during it is finished by the next build.
        stats = writer.commit(finish=index if self.search and search else None)
        self.committed = writer.old  # the commit brought it up to date
        timer.lap("write")
        return stats

    def _save(self, state: CacheState, timer: Timer, made: Sequence[Spec]) -> None:
        """Save `state`; `made` are the pages this build made (the others' specs are stored as they are)."""
        write_cache(self.cache_path, self.saved, state, made)
        self.saved = state
        timer.lap("cache")

    def _bodies(self, articles: Sequence[Article], config: SiteConfig, store: BodyStore) -> set[str]:
        """The keys of the articles' rendered bodies, giving `store` those it does not know yet;
        pages read them from the cache file as they are made.

        The keys (made when the articles were loaded) include the sanitiser
        setting and the Markdown version, so a cached body is never served after either changed."""
        missing = {a.body_key: self.loader.body(self.site_dir, a, config.tz, config.sanitize_html)
                   for a in articles if not store.knows(a.body_key)}  # fmt: skip
        self.loader.bodies = {}  # rendered now, and the largest part of a site's text
        store(missing)
        return {a.body_key for a in articles}

    def _edited_bodies(self, edited: Edited) -> set[str]:
        """`_bodies` after an edit in place, without making the set of every article's key (0.13 s a save
        at 100,000 articles): the last build's keys with the edited articles' new ones, less the old ones
        no article shows any more. Call it before the loader learns the edited files."""
        with self._storing_bodies(edited.site.config.sanitize_html) as store:
            store(edited.bodies)
        before = (self.loader.files.get(key) for key in edited.files)
        old = {f.article.body_key for f in before if f and f.article} - edited.bodies.keys()
        shown = {a.body_key for a in edited.site.articles if a.body_key in old} if old else set()
        return self.saved.bodies - (old - shown)

    @contextmanager
    def _storing_bodies(self, sanitize: bool, timer: Timer | None = None) -> Iterator[BodyStore]:
        """A BodyStore: the bodies it is given are rendered (by the workers when many, while this process goes
        on: see parallel.rendering_bodies) and stored in the cache file by the end of the block."""

        def add(batches: list[list[tuple[str, str]]]) -> None:
            add_bodies(self.cache_path, batches)
            self.saved.bodies.update(key for batch in batches for key, _ in batch)  # what the file holds now

        with rendering_bodies(sanitize, self.workers, add) as render:
            yield BodyStore(render, self.saved.bodies, timer)


def build(site_dir: Path, output: Path | None = None) -> BuildResult:
    """Build the site at `site_dir` into `output` (default: site_dir/output)."""
    return Builder(site_dir, output).build()
