"""The `newsarchive` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.build import OUTPUT_DIR, BuildResult, build
from generator.check import check_site
from generator.config import load_config
from generator.errors import NewsarchiveError, Problem
from generator.scaffold import create_site


def _print_problems(label: str, problems: Sequence[Problem]) -> None:
    if problems:
        print(f"{len(problems)} {label}{'s' if len(problems) != 1 else ''}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)


def _summary(result: BuildResult, output: Path) -> str:
    s = result.stats
    return (
        f"Built {result.pages} pages in {result.seconds:.2f} s: {s.written} written, "
        f"{s.unchanged} unchanged, {s.removed} removed -> {output}"
    )


def cmd_build(args: argparse.Namespace) -> int:
    site = Path(args.site)
    output = Path(args.output) if args.output else site / "output"
    result = build(site, output)
    _print_problems("warning", result.report.warnings)
    _print_problems("error", result.report.errors)
    print(_summary(result, output))
    return 1 if args.strict and result.report.errors else 0


def cmd_check(args: argparse.Namespace) -> int:
    site = Path(args.site)
    output = Path(args.output) if args.output else site / OUTPUT_DIR
    result = check_site(output, load_config(site).base_url)
    for broken in result.broken:
        print(f"{output / broken.page}: broken link {broken.link}")
    if result.broken:
        print(f"{len(result.broken)} broken links in {result.pages} pages", file=sys.stderr)
        return 1
    print(f"Checked {result.pages} pages: every internal link and asset resolves.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    create_site(target)
    print(f"Created a new archive in {target}. Next: cd {target} && newsarchive build")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsarchive", description="Build a static news archive from Markdown articles.")
    p.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into output/")
    b.add_argument("--site", default=".", help="the site folder (default: the current folder)")
    b.add_argument("--output", help="where to write the site (default: SITE/output)")
    b.add_argument("--strict", action="store_true", help="exit with status 1 if any content file has an error")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="report links and assets in the built site that lead to no file")
    c.add_argument("--site", default=".", help="the site folder, for its base_url (default: the current folder)")
    c.add_argument("--output", help="the built site to check (default: SITE/output)")
    c.set_defaults(func=cmd_check)

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
