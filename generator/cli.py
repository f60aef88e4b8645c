"""The `newsarchive` command line."""

from __future__ import annotations

import argparse
import resource
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import __version__
from generator.build import Builder, BuildResult
from generator.config import load_config
from generator.content import ContentLoader
from generator.errors import NewsarchiveError, Problem, Report
from generator.layout import OUTPUT_DIR
from generator.model import Article
from generator.scan import scan_content

# The server, the checker, the scaffold and tqdm are imported by the commands that use them: a build with
# nothing to do is over in a fraction of a second, and would otherwise spend most of it loading them.


def _print_problems(label: str, problems: Sequence[Problem]) -> None:
    if problems:
        print(f"{len(problems)} {label}{'s' if len(problems) != 1 else ''}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)


def _summary(result: BuildResult, output: Path) -> str:
    s = result.stats
    if not result.pages:
        return f"Nothing changed ({result.seconds:.2f} s) -> {output}"
    return (
        f"Built {result.pages} pages in {result.seconds:.2f} s: {result.rendered} rendered, "
        f"{s.written} files written, {s.unchanged} unchanged, {s.removed} removed -> {output}"
    )


def _stages(result: BuildResult) -> str:
    times = "  ".join(f"{stage} {seconds:.3f}s" for stage, seconds in result.timings.items())
    skipped = result.pages - result.rendered
    # ru_maxrss is in KiB on Linux (bytes on macOS, where this reads high).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{times}\npages: {result.rendered} rendered, {skipped} skipped; files: {result.stats.written} written\n"
        f"peak memory of this process: {peak:.0f} MB"
    )


def _progress(total: int) -> Callable[[int], None]:
    """A progress bar on a terminal, shown only once a build has taken a second."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="page", delay=1.0, disable=not sys.stderr.isatty(), leave=False)

    def advance(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance


def cmd_build(args: argparse.Namespace) -> int:
    site_dir = Path(args.site)
    output = Path(args.output) if args.output else site_dir / OUTPUT_DIR
    waiting = "Another build of this site is running; waiting for it to finish..."
    builder = Builder(site_dir, output, use_cache=not args.clean, drafts=args.drafts, executor=args.executor)
    result = builder.build(_progress, lambda: print(waiting, file=sys.stderr))
    _print_problems("warning", result.report.warnings)
    _print_problems("error", result.report.errors)
    print(_summary(result, output))
    if args.verbose:
        print(_stages(result))
    return 1 if args.strict and result.report.errors else 0


def _import_progress(label: str, total: int) -> Callable[[int], None]:
    """A progress bar on a terminal for an import of more than a few pages."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit=" " + label, disable=total <= 3 or not sys.stderr.isatty(), leave=False)

    def advance(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance


def cmd_import(args: argparse.Namespace) -> int:
    # Imported here: fetching, web archives and MinHash (datasketch, scipy) take a second to load,
    # which every other command, a no-change build above all, would pay for nothing.
    from generator.ingest.batch import import_inputs

    summary = import_inputs(
        args.paths, Path(args.site), force=args.force, dry_run=args.dry_run, progress=_import_progress
    )
    verb = "would import" if args.dry_run else "imported"
    for label, paths in ((verb, summary.imported), ("updated", summary.updated)):
        for path in paths:
            print(f"{label:<9} {path}")
    for path in summary.kept_edited:
        print(f"kept      {path} (edited by hand since it was imported; --force overwrites it)")
    for label, lines in (
        ("redirect", summary.redirects),
        ("duplicate", summary.duplicates),
        ("merged", summary.merged),
    ):
        for line in lines:
            print(f"{label:<9} {line}")
    _print_problems("warning", summary.warnings)
    _print_problems("error", summary.errors)
    print(summary.line(args.dry_run))
    return 1 if summary.errors else 0


def _print_estimated_dates(articles: list[Article]) -> None:
    from generator.check import estimated_dates

    estimated = estimated_dates(articles)
    if estimated:
        count = "1 article shows" if len(estimated) == 1 else f"{len(estimated)} articles show"
        print(f"{count} an estimated date (none was found on import; the file's time is used):")
    for article in estimated:
        print(f"  {article.source_path.as_posix()}: {article.date:%Y-%m-%d} (date_inferred: true)")
    if estimated:
        print("  Set each one's date: and delete its date_inferred: line.")


def cmd_check(args: argparse.Namespace) -> int:
    from generator.check import check_site

    site_dir = Path(args.site)
    output = Path(args.output) if args.output else site_dir / OUTPUT_DIR
    config = load_config(site_dir)
    result = check_site(output, config.base_url)
    problems = Report()  # the build lists these; check only looks at the dates
    _print_estimated_dates(ContentLoader().load(site_dir, scan_content(site_dir, problems), config.tz, problems))
    for broken in result.broken:
        print(f"{output / broken.page}: broken link {broken.link}")
    if result.broken:
        print(f"{len(result.broken)} broken links in {result.pages} pages", file=sys.stderr)
        return 1
    print(f"Checked {result.pages} pages: every internal link and asset resolves.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from generator.scaffold import create_site

    target = Path(args.dir)
    create_site(target)
    print(f"Created a new archive in {target}. Next: cd {target} && newsarchive build")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import DevServer

    DevServer(Path(args.site), args.bind, args.port, drafts=args.drafts).run()
    return 0


DRAFTS_HELP = "show draft articles too, marked as drafts (never in feeds or the sitemap): a preview"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsarchive", description="Build a static news archive from Markdown articles.")
    p.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into output/")
    b.add_argument("--site", default=".", help="the site folder (default: the current folder)")
    b.add_argument("--output", help="where to write the site (default: SITE/output)")
    b.add_argument("--strict", action="store_true", help="exit with status 1 if any content file has an error")
    b.add_argument("--clean", action="store_true", help="ignore the build cache and render every page")
    b.add_argument("--verbose", "-v", action="store_true", help="print each stage's time and page counts")
    b.add_argument("--drafts", action="store_true", help=DRAFTS_HELP)
    b.add_argument(
        "--executor", help="where pages render: 'local' (this machine's cores) or dask://HOST:PORT (a dask cluster)"
    )
    b.set_defaults(func=cmd_build)

    i = sub.add_parser("import", help="turn pages, links, archives and feeds into Markdown in content/")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or URLs (see the README's list of inputs)")
    i.add_argument("--site", default=".", help="the site folder (default: the current folder)")
    i.add_argument("--force", action="store_true", help="overwrite content files edited by hand since import")
    i.add_argument("--dry-run", action="store_true", help="show what would be imported, without writing anything")
    i.set_defaults(func=cmd_import)

    c = sub.add_parser("check", help="report links and assets in the built site that lead to no file")
    c.add_argument("--site", default=".", help="the site folder, for its base_url (default: the current folder)")
    c.add_argument("--output", help="the built site to check (default: SITE/output)")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("serve", help="build, serve output/, rebuild on every save and reload open pages")
    s.add_argument("--site", default=".", help="the site folder (default: the current folder)")
    s.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000; 0 picks a free one)")
    s.add_argument("--bind", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine)")
    s.add_argument("--drafts", action="store_true", help=DRAFTS_HELP)
    s.set_defaults(func=cmd_serve)

    n = sub.add_parser("new", help="start a new archive in DIR")
    n.add_argument("dir", help="the folder to create (must not exist or be empty)")
    n.set_defaults(func=cmd_new)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsarchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
