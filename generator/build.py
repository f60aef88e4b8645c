"""The build spine: load -> model -> plan -> render -> write."""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.cache import CacheState, read_cache, write_cache
from generator.config import CONFIG_FILE, load_config
from generator.content import ContentLoader, Scan, scan_content
from generator.errors import NewsarchiveError, Problem, Report
from generator.fingerprints import page_fingerprints, template_digests
from generator.ingest import ImportReport, import_sources
from generator.model import Article
from generator.output import OutputWriter, WriteStats
from generator.pages import plan
from generator.parallel import Target, render_bodies, render_pages
from generator.render import make_environment, template_dirs
from generator.site import make_site

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
    for path in [*(t for d in dirs for t in sorted(d.glob("*.html"))), *static.values()]:
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


def _import_problems(imported: ImportReport) -> Report:
    """The importer's messages ("sources/x.txt: what is wrong") as located problems."""

    def located(messages: list[str]) -> list[Problem]:
        return [Problem(Path(where), what) for where, what in (m.split(": ", 1) for m in messages)]

    return Report(located(imported.errors), located(imported.warnings))


class Builder:
    """Builds one site into one output folder, again and again, doing only what changed.

    What it learns (loaded articles, rendered bodies, page fingerprints) stays
    in memory for the next build and is saved in the site's cache folder for
    the next run. `serve` keeps one Builder alive; the command line makes one
    per run.
    """

    def __init__(self, site_dir: Path, output: Path | None = None, *, use_cache: bool = True) -> None:
        self.site_dir = site_dir
        self.output = output or site_dir / OUTPUT_DIR
        out, root = self.output.resolve(), site_dir.resolve()
        if out == root or any(out.is_relative_to(root / d) for d in SITE_FOLDERS):
            raise NewsarchiveError(f"output folder {self.output} would overwrite the site's own files; choose another")
        self.cache_path = site_dir / CACHE_DIR / "cache.sqlite"
        # The full cache is read only once a build has something to do.
        self.saved = read_cache(self.cache_path, meta_only=True) if use_cache else CacheState()
        self.complete = not use_cache or not self.saved.meta
        self.loader = ContentLoader()

    def build(self, progress: Progress | None = None) -> BuildResult:
        """Problems with single content files are collected in the result's report and
        the rest still builds; a problem that affects every page (site.toml, a
        template) raises NewsarchiveError and leaves output/ as it was."""
        timer = Timer()
        imported = _import_problems(import_sources(self.site_dir))
        timer.lap("import")
        report = Report()  # problems of content/, kept with the cache for builds where nothing changed
        config = load_config(self.site_dir)
        dirs = template_dirs(self.site_dir)
        static = static_files(self.site_dir, dirs)
        scanned_at = time.time_ns()
        scan = scan_content(self.site_dir, report)
        writer = OutputWriter(self.output, manifest_path(self.site_dir, self.output))
        signature = input_signature(self.site_dir, scan, dirs, static, self.output)
        # Times closer than RACY_NS to the last scan cannot prove a file unchanged (as in git's "racy" check).
        trusted_before = self.saved.meta.get("scanned_at", 0) - RACY_NS
        newest = max((stat[1] for _, stat in scan), default=0)
        if signature == self.saved.meta.get("signature") and newest < trusted_before and writer.intact():
            timer.lap("check")
            unchanged = WriteStats(unchanged=len(writer.old.files))
            return BuildResult(imported.merged(self.saved.meta["report"]), unchanged, 0, 0, timer.stages)
        timer.lap("scan")

        if not self.complete:
            self.saved = read_cache(self.cache_path)
            self.loader = ContentLoader(self.saved.files)
            self.complete = True
        settings = (config.timezone, config.sanitize_html)
        if self.saved.meta.get("load_settings") != settings:
            # Dates without an offset now mean another time, or bodies render to other HTML (other keys).
            self.loader = ContentLoader()
        articles = self.loader.load(self.site_dir, scan, config.tz, report, trusted_before, config.sanitize_html)
        timer.lap("load")
        site = make_site(articles, config, report)
        timer.lap("model")
        bodies = self._bodies(site.articles, config.sanitize_html)
        timer.lap("markdown")
        globals_, pages = plan(site)
        timer.lap("plan")

        env = make_environment(dirs)
        fingerprints = dict(
            zip((p.path for p in pages), page_fingerprints(pages, globals_, template_digests(env)), strict=True)
        )
        todo = [p for p in pages if self.saved.pages.get(p.path) != fingerprints[p.path] or not writer.keep(p.path)]
        timer.lap("fingerprint")
        try:
            done = progress(len(todo)) if progress and todo else lambda n: None
            target = Target(writer.staging, writer.root, writer.old.files)
            for staged in render_pages(todo, dirs, globals_, bodies, target, done):
                writer.record(*staged)
            for rel, path in static.items():
                writer.stage(rel, path.read_bytes())
        except BaseException:
            writer.abort()
            raise
        timer.lap("render")
        stats = writer.commit()
        timer.lap("write")

        meta = {"signature": signature, "load_settings": settings, "report": report, "scanned_at": scanned_at}
        state = CacheState(self.loader.files, bodies, fingerprints, meta)
        write_cache(self.cache_path, self.saved, state)
        self.saved = state
        timer.lap("cache")
        return BuildResult(imported.merged(report), stats, len(pages), len(todo), timer.stages)

    def _bodies(self, articles: Sequence[Article], sanitize: bool) -> dict[str, str]:
        """Rendered bodies by key: from the cache, or rendered now (in parallel when many).

        The keys (made when the articles were loaded) include the sanitiser
        setting, so a cached body is never served after the setting changed."""
        known = self.saved.bodies
        missing = {a.body_key: a.body for a in articles if a.body_key not in known}
        fresh = dict(zip(missing, render_bodies(list(missing.values()), sanitize), strict=True))
        return {a.body_key: known.get(a.body_key) or fresh[a.body_key] for a in articles}


def build(site_dir: Path, output: Path | None = None) -> BuildResult:
    """Build the site at `site_dir` into `output` (default: site_dir/output)."""
    return Builder(site_dir, output).build()
