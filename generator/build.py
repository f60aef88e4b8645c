"""The build spine: load -> model -> plan -> render -> write."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from generator.config import load_config
from generator.content import load_content
from generator.errors import NewsarchiveError, Report
from generator.markup import render_markdown
from generator.output import OutputWriter, WriteStats
from generator.pages import Page, plan
from generator.render import Renderer, template_dirs
from generator.search import index_site
from generator.site import article_url, make_site

CACHE_DIR = ".newsarchive"
OUTPUT_DIR = "output"
STATIC_DIR = "static"
# Folders of the site that output/ must never be, or be inside of.
SITE_FOLDERS = ("content", "sources", "templates", STATIC_DIR, CACHE_DIR)


@dataclass
class BuildResult:
    report: Report
    stats: WriteStats
    pages: int
    seconds: float


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


def write_site(pages: list[Page], renderer: Renderer, static: dict[str, Path], writer: OutputWriter) -> WriteStats:
    """Render everything into the staging area, then commit; on any failure output/ is untouched."""
    try:
        for page in pages:
            writer.stage(page.path, renderer.render(page))
        for rel, path in static.items():
            writer.stage(rel, path.read_bytes())
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


class Builder:
    """Builds one site into one output folder, again and again.

    `serve` keeps a Builder alive between builds; the command line makes one per run.
    """

    def __init__(self, site_dir: Path, output: Path | None = None) -> None:
        self.site_dir = site_dir
        self.output = output or site_dir / OUTPUT_DIR
        out, root = self.output.resolve(), site_dir.resolve()
        if out == root or any(out.is_relative_to(root / d) for d in SITE_FOLDERS):
            raise NewsarchiveError(f"output folder {self.output} would overwrite the site's own files; choose another")

    def build(self) -> BuildResult:
        """Problems with single content files are collected in the result's report and
        the rest still builds; a problem that affects every page (site.toml, a
        template) raises NewsarchiveError and leaves output/ as it was."""
        started = time.perf_counter()
        report = Report()
        config = load_config(self.site_dir)
        articles = load_content(self.site_dir, config.tz, report)
        site = make_site(articles, config, report)
        bodies = {article_url(a): render_markdown(a.body) for a in site.articles}
        globals_, pages = plan(site, bodies.__getitem__)
        dirs = template_dirs(self.site_dir)
        writer = OutputWriter(self.output, manifest_path(self.site_dir, self.output))
        stats = write_site(pages, Renderer(dirs, globals_), static_files(self.site_dir, dirs), writer)
        index_site(self.output, stats.changed)
        return BuildResult(report, stats, len(pages), time.perf_counter() - started)


def build(site_dir: Path, output: Path | None = None) -> BuildResult:
    """Build the site at `site_dir` into `output` (default: site_dir/output)."""
    return Builder(site_dir, output).build()
