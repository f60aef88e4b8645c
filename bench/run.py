"""`make bench`: build times and peak memory on a generated corpus, beside Hugo, Hugo + Pagefind and Pelican.

    python bench/run.py [--sizes 1000,10000] [--runs 1]
                        [--hugo-max N] [--pagefind-max N] [--pelican-max N] [--dask-max N]

For each size: newsarchive with search and without (`search = false`), Hugo,
Hugo followed by Pagefind over its public/ (what a Hugo user who wants search
runs) and Pelican, each through its command line. Scenarios, each a fresh
process: cold build, no change, one body edit, one front-matter edit, one new
article; then save-to-served latency under `newsarchive serve`. A figure is the
median of --runs runs; peak memory is summed over the build's whole process
tree (see measure.py). Results go to bench/results/<time>.json (committed, so a
README figure can name its run) and are printed as tables after each size.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pagefind_bin
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster import dask_cluster  # noqa: E402
from corpus import SITE_TOML, Story, markdown, new_story, stories  # noqa: E402
from measure import Measured, measure  # noqa: E402
from others import hugo_file, hugo_text, pelican_file, pelican_text, set_up_hugo, set_up_pelican  # noqa: E402
from serving import serve_latency  # noqa: E402

WORK = HERE.parent / ".bench"
RESULTS = HERE / "results"
SCENARIOS = ("cold", "no change", "body edit", "front-matter edit", "new article")
SETTLE = 2.1  # newsarchive re-reads files younger than 2 s on purpose (coarse file-system clocks)


@dataclass
class Tool:
    """One generator on its copy of the corpus: how to build, and where and how its articles are written."""

    name: str
    folder: Path
    command: list[str | Path]
    clean: tuple[str, ...]  # what a cold build starts without
    file: Callable[[Path, Story], Path]  # where a story's file is, under `folder`
    text: Callable[[Story], str]  # a story in this tool's format
    title_key: str  # the front-matter line a front-matter edit rewrites
    workers: int = 0  # > 0: builds go through a dask cluster of this many local worker processes
    rows: dict[str, list[dict]] = field(default_factory=dict)
    error: str = ""


def replace_file(path: Path, text: str) -> None:
    """Write by rename: copies of the corpus share files by hard link, and an edit must touch one copy."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def prepare(tool: Tool, scenario: str, first: Story, number: int) -> None:
    path = tool.file(tool.folder, first)
    if scenario == "cold":
        for name in tool.clean:
            shutil.rmtree(tool.folder / name, ignore_errors=True)
        shutil.rmtree(tool.file(tool.folder, new_story(0)).parent, ignore_errors=True)
    elif scenario == "no change":
        time.sleep(SETTLE)
    elif scenario == "body edit":
        replace_file(path, path.read_text(encoding="utf-8") + f"\nAn edit, number {number}, to one article's body.\n")
    elif scenario == "front-matter edit":
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(tool.title_key))
        title = f"A retitled article {number}"
        lines[at] = tool.title_key + (f'"{title}"' if tool.title_key == "title: " else title)
        replace_file(path, "\n".join(lines))
    else:
        story = new_story(number)
        tool.file(tool.folder, story).parent.mkdir(parents=True, exist_ok=True)
        replace_file(tool.file(tool.folder, story), tool.text(story))


def ours_file(folder: Path, s: Story) -> Path:
    return folder / "content" / s.rel


def tools_for(size: int, args: argparse.Namespace) -> tuple[list[Tool], list[str]]:
    """The tools to run at this size, and a sentence for each one skipped."""
    newsarchive = Path(sys.executable).parent / "newsarchive"
    site, skipped = WORK / f"site-{size}", []
    ours = [newsarchive, "build", "--site", ".", "--verbose"]
    clean = ("output", ".newsarchive", ".output.staging")
    tools = [
        Tool("newsarchive", site, ours, clean, ours_file, markdown, "title: "),
        Tool(NO_SEARCH, WORK / f"site-{size}-nosearch", ours, clean, ours_file, markdown, "title: "),
    ]
    if size > args.dask_max:
        skipped.append(f"{DASK}: skipped above {args.dask_max:,} articles (--dask-max): a third cold build")
    elif importlib.util.find_spec("distributed"):
        tools.append(Tool(DASK, WORK / f"site-{size}-dask", ours, clean, ours_file, markdown, "title: ", workers=2))
    else:
        skipped.append(f"{DASK}: distributed is not installed (pip install -e '.[bench]')")
    hugo = args.hugo
    if not hugo.exists():
        skipped.append(f"Hugo: not installed at {hugo} (make bench installs it into .bench/venv)")
    elif size > args.hugo_max:
        skipped.append(f"Hugo: skipped above {args.hugo_max:,} articles (--hugo-max): it holds every page in memory, "
                       "4.5-8 GB at 150,000 pages (acl-anthology #2285), ~55 GB at 400,000 (uBlogger #90)")  # fmt: skip
    else:
        folder = WORK / f"hugo-{size}"
        tools.append(Tool("Hugo", folder, [hugo, "--quiet"], ("public", "resources"), hugo_file, hugo_text, "title: "))
        if size > args.pagefind_max:
            skipped.append(f"Hugo + Pagefind: skipped above {args.pagefind_max:,} articles (--pagefind-max): "
                           "Pagefind's memory grows with the site (3.8 GB at 10,000 here; pagefind #842)")  # fmt: skip
        else:
            script = '"$0" --quiet && "$1" --site public --silent'
            both = ["sh", "-c", script, hugo, pagefind_bin.get_executable()]
            tools.append(Tool("Hugo + Pagefind", folder, both, ("public", "resources"), hugo_file, hugo_text,
                              "title: "))  # fmt: skip
    if not args.pelican.exists():
        skipped.append(f"Pelican: not installed at {args.pelican}")
    elif size > args.pelican_max:
        skipped.append(f"Pelican: skipped above {args.pelican_max:,} articles (--pelican-max): minutes per build")
    else:
        command = [args.pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        tools.append(Tool("Pelican", WORK / f"pelican-{size}", command, ("output", "cache"), pelican_file,
                          pelican_text, "Title: "))  # fmt: skip
    return tools, skipped


def write_copies(size: int, tools: list[Tool]) -> Story:
    """Write the corpus once for every tool, one story at a time; return the first story (the one edited)."""
    folders = {}
    for tool in tools:
        shutil.rmtree(tool.folder, ignore_errors=True)
        folders.setdefault(tool.folder, tool)
    ours = tools[0].folder
    linked = {tool.folder for tool in tools[1:] if tool.text is markdown}  # no search: the same files
    for folder in (ours, *linked):
        folder.mkdir(parents=True)
        (folder / "site.toml").write_text(SITE_TOML + ("search = false\n" if folder in linked else ""))
    for tool in tools:
        if tool.text is not markdown:
            (set_up_hugo if tool.name.startswith("Hugo") else set_up_pelican)(tool.folder)
    first = None
    for story in stories(size):
        first = first or story
        for folder, tool in folders.items():
            path = tool.file(folder, story)
            path.parent.mkdir(parents=True, exist_ok=True)
            if folder in linked:
                os.link(tool.file(ours, story), path)  # the same bytes: share them
            else:
                path.write_text(tool.text(story), encoding="utf-8")
    assert first is not None
    return first


def run_tool(tool: Tool, first: Story, runs: int, limit_mb: float, size: int) -> None:
    if not tool.workers:
        _run_scenarios(tool, tool.command, (), first, runs, limit_mb, size)
        return
    with dask_cluster(tool.workers, WORK / "cluster.log") as (address, cluster):
        _run_scenarios(tool, [*tool.command, "--executor", address], cluster, first, runs, limit_mb, size)


def _run_scenarios(tool: Tool, command: list[str | Path], cluster: Sequence[psutil.Process], first: Story,
                   runs: int, limit_mb: float, size: int) -> None:  # fmt: skip
    for n in range(runs):
        for scenario in SCENARIOS:
            prepare(tool, scenario, first, size + n)
            got = measure(command, tool.folder, WORK / "last-build.log", limit_mb, also=cluster)
            if got.code != 0 or got.stopped:
                tool.error = f"{scenario}: {got.stopped or f'exit {got.code}'}: {got.log.strip()[-1000:]}"
                print(f"  {tool.name}: {tool.error}", flush=True)
                return
            tool.rows.setdefault(scenario, []).append(_row(got))
            print(f"  {size:>9,} {tool.name:<24} {scenario:<18} {got.seconds:8.2f} s {got.peak_mb:8.0f} MB", flush=True)


def _row(got: Measured) -> dict:
    search = re.search(r"search ([0-9.]+)s", got.log)
    return {"seconds": got.seconds, "peak_mb": got.peak_mb, "largest_mb": got.largest_mb,
            "search_seconds": float(search.group(1)) if search else None}  # fmt: skip


def summary(tool: Tool) -> dict:
    """Medians per scenario."""
    return {
        scenario: {key: statistics.median(r[key] for r in rows) if rows[0][key] is not None else None
                   for key in rows[0]} | {"runs": rows}
        for scenario, rows in tool.rows.items()
    }  # fmt: skip


def versions(args: argparse.Namespace) -> dict[str, str]:
    def ask(command: list[str | Path]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()[:200]
        except OSError:
            return "not installed"

    return {
        "newsarchive": ask([Path(sys.executable).parent / "newsarchive", "--version"]),
        "hugo": ask([args.hugo, "version"]),
        "pagefind": ask([pagefind_bin.get_executable(), "--version"]),
        "pelican": ask([args.pelican, "--version"]),
    }


def cell(size_result: dict, tool: str, scenario: str, key: str, unit: str) -> str:
    got = size_result["tools"].get(tool, {}).get(scenario)
    if not got:
        return "–"
    return f"{got[key]:.2f} s" if unit == "s" else f"{got[key]:,.0f} MB"


def ratio(size_result: dict, ours: str, theirs: str, scenario: str) -> str:
    a = size_result["tools"].get(ours, {}).get(scenario)
    b = size_result["tools"].get(theirs, {}).get(scenario)
    return f"{a['seconds'] / b['seconds']:.3f}×" if a and b else "–"


NO_SEARCH = "newsarchive, no search"
DASK = "no search, dask (2 workers)"
NAMES = ("newsarchive", NO_SEARCH, DASK, "Hugo", "Hugo + Pagefind", "Pelican")


def table(results: list[dict]) -> str:
    head = "| articles | scenario | " + " | ".join(NAMES)
    lines = [head + " | ours ÷ Hugo+Pagefind | no search ÷ Hugo | dask ÷ local pool |",
             "|---:|---|" + "---:|" * (len(NAMES) + 3)]  # fmt: skip
    for r in results:
        for scenario in SCENARIOS:
            cells = [cell(r, name, scenario, "seconds", "s") for name in NAMES]
            ratios = [ratio(r, "newsarchive", "Hugo + Pagefind", scenario), ratio(r, NO_SEARCH, "Hugo", scenario),
                      ratio(r, DASK, NO_SEARCH, scenario)]  # fmt: skip
            lines.append(f"| {r['size']:,} | {scenario} | " + " | ".join(cells + ratios) + " |")
        for label, key in (("serve: body edit, save to served", "edit"), ("serve: new article, save to served", "add")):
            if served := r.get("serve", {}).get(key):
                lines.append(f"| {r['size']:,} | {label} | {served * 1000:.0f} ms |")
    lines += ["", "Peak memory, summed over every process of the build:", "",
              "| articles | scenario | " + " | ".join(NAMES) + " |", "|---:|---|" + "---:|" * len(NAMES)]  # fmt: skip
    for r in results:
        for scenario in SCENARIOS:
            cells = [cell(r, name, scenario, "peak_mb", "MB") for name in NAMES]
            lines.append(f"| {r['size']:,} | {scenario} | " + " | ".join(cells) + " |")
    notes = [f"- {r['size']:,}: {line}" for r in results for line in r["skipped"] + r["errors"]]
    return "\n".join(lines + (["", *notes] if notes else []))


def hugo_binary() -> Path:
    """The Hugo binary inside the `hugo` wheel: its `bin/hugo` is a Python launcher that would add its start-up."""
    found = sorted(WORK.glob("venv/lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else WORK / "venv/bin/hugo"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "1")))
    parser.add_argument("--hugo", type=Path, default=hugo_binary())
    parser.add_argument("--pelican", type=Path, default=WORK / "venv/bin/pelican")
    parser.add_argument("--hugo-max", type=int, default=200_000)
    parser.add_argument("--pagefind-max", type=int, default=30_000)
    parser.add_argument("--pelican-max", type=int, default=10_000)
    parser.add_argument("--dask-max", type=int, default=30_000)
    total_mb = psutil.virtual_memory().total / 2**20
    parser.add_argument("--limit-mb", type=float, default=0.7 * total_mb, help="stop a build whose tree passes this")
    parser.add_argument("--serve-samples", type=int, default=5)
    args = parser.parse_args()
    # Python writes this bytecode on a package's first import, unless PYTHONDONTWRITEBYTECODE is set (as on the
    # bench machine): then every run would compile the package again, 0.06 s a process that no user pays.
    compileall.compile_dir(HERE.parent / "generator", quiet=1)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{datetime.now(UTC):%Y-%m-%dT%H%M}.json"
    machine = {"cores": os.cpu_count(), "memory_mb": round(total_mb), "system": platform.platform()}
    record = {"machine": machine, "versions": versions(args), "runs": args.runs, "sizes": []}
    print(f"{machine}\n{record['versions']}\nruns per figure: {args.runs} (median); results: {out}\n", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        tools, skipped = tools_for(size, args)
        for line in skipped:
            print(f"  {line}")
        started = time.perf_counter()
        first = write_copies(size, tools)
        print(f"  corpus of {size:,} written for {len(tools)} tools in {time.perf_counter() - started:.0f} s")
        # A cold build started within SETTLE of the last file written cannot trust those files' times, so the
        # build after it would look at everything again: a user's files are not that young.
        time.sleep(SETTLE)
        for tool in tools:
            run_tool(tool, first, args.runs, args.limit_mb, size)
        errors = [f"{t.name}: {t.error}" for t in tools if t.error]
        result = {"size": size, "tools": {t.name: summary(t) for t in tools}, "serve": {}, "skipped": skipped,
                  "errors": errors}  # fmt: skip
        record["sizes"].append(result)
        out.write_text(json.dumps(record, indent=1, default=str) + "\n")
        try:
            result["serve"] = serve_latency(tools[0].folder, Path(sys.executable).parent / "newsarchive",
                                            args.serve_samples)  # fmt: skip
        except SystemExit as exc:  # a serve that fails or times out costs its rows, not the builds' figures
            errors.append(f"serve: {exc}")
        out.write_text(json.dumps(record, indent=1, default=str) + "\n")
        print("\n" + table(record["sizes"]) + "\n", flush=True)  # after each size, so a later failure loses nothing


if __name__ == "__main__":
    main()
