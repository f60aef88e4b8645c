"""Import quality on ../shared/samples, split by site into a tuning half and a held-out half.

    python eval/quality.py [--details] [--keep DIR] [--half tune]

Imports every sample's page.txt and page.html the way `newsarchive import`
reads them (decode, then the text or HTML reader), writes one prediction per
page, scores each half with ../shared/tools/score_import.py and prints the
table. The held-out half is the figure that counts: the rules were tuned on
the other one. Exits 1 when a held-out figure is below its bar.

With --half tune only the tuning half is imported and scored, and no bar is
checked: the figure to develop against, so that the held-out half is looked
at once, when the work is done, and stays a test of pages nobody tuned on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.ingest import front_matter  # noqa: E402
from generator.ingest.decode import decode  # noqa: E402
from generator.ingest.html import parse_html  # noqa: E402
from generator.ingest.text import parse_text  # noqa: E402

# The samples and tools live beside the checkout (as in CI) unless NEWSARCHIVE_SHARED names them.
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED") or ROOT.parent / "shared")
SAMPLES = SHARED / "samples"
TOOLS = SHARED / "tools"
FOLDERS = ("readability", "news", "seed")
KINDS = {"txt": parse_text, "html": parse_html}
HALVES = ("tune", "heldout", "all")
# The targets of issue 10, on the held-out half: printed beside each figure, met or not.
TARGETS = {
    "txt": {"clean": 0.85, "title": 0.90, "date": 0.85},
    "html": {"clean": 0.90, "title": 0.95, "date": 0.97},
}
# What the importer reaches today on the held-out half (2026-12-07, commit 4926fc7), rounded down: `make eval`
# fails when a change falls below them. Raise them as the importer improves; never lower them to let a change through.
FLOORS = {
    "txt": {"clean": 0.75, "title": 0.76, "date": 0.69},
    "html": {"clean": 0.90, "title": 0.94, "date": 0.97},
}
_SUMMARY = re.compile(
    r"pages=(?P<pages>\d+) (?s:.*)clean=(?P<clean>[\d.]+) .*title=(?P<title>[\d.]+) date_day=(?P<date>[\d.]+)"
)


@dataclass
class Run:
    """Predictions of one input kind, and what each page cost."""

    kind: str
    folder: Path
    seconds: dict[str, float] = field(default_factory=dict)  # wall clock
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU time: steadier on a busy machine
    errors: dict[str, str] = field(default_factory=dict)
    derived: dict[str, dict[str, str | list[str]]] = field(default_factory=dict)


def split(out: Path) -> Path:
    """tune/ and heldout/ by site (the shared tool), and all/ holding both."""
    subprocess.run(
        [sys.executable, TOOLS / "split_by_site.py", out, *(SAMPLES / name for name in FOLDERS)],
        check=True,
        capture_output=True,
    )
    (out / "all").mkdir()
    for half in ("tune", "heldout"):
        for link in (out / half).iterdir():
            (out / "all" / link.name).symlink_to(link.resolve())
    return out


def _having(folder: Path, name: str, out: Path) -> Path:
    """The pages of `folder` that come as `name` (the seed is a text dump only)."""
    out.mkdir()
    for page in folder.iterdir():
        if (page / name).exists():
            (out / page.name).symlink_to(page.resolve())
    return out


def _day(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def predict(kind: str, pages: Path, out: Path) -> Run:
    """Import page.<kind> of every sample; the file's own time is never a publication date."""
    run = Run(kind, out)
    out.mkdir(parents=True)
    for page in sorted(pages.iterdir()):
        if not (page / f"page.{kind}").exists():
            continue
        raw = (page / f"page.{kind}").read_bytes()
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            article = KINDS[kind](decode(raw))
        except Exception as error:  # the table shows it; the property tests hunt crashes
            run.errors[page.name] = f"{type(error).__name__}: {error}"
            continue
        finally:
            run.seconds[page.name] = time.perf_counter() - started
            run.cpu[page.name] = time.process_time() - started_cpu
        meta = front_matter(article, "", [], "")
        run.derived[page.name] = {key: meta.get(key, "") for key in ("section", "agency", "tags")}
        prediction = {
            "title": article.title,
            "date": _day(article.date),
            "byline": article.byline,
            "body": article.body,
        }
        (out / f"{page.name}.json").write_text(json.dumps(prediction, ensure_ascii=False))
    return run


def score(pages: Path, predictions: Path, details: bool = False) -> tuple[dict[str, float], str]:
    result = subprocess.run(
        [sys.executable, TOOLS / "score_import.py", pages, predictions, *(["--details"] if details else [])],
        capture_output=True,
        text=True,
    )
    match = _SUMMARY.search(result.stdout)
    if not match:
        raise RuntimeError(f"score_import.py printed no summary:\n{result.stdout}{result.stderr}")
    return {key: float(value) for key, value in match.groupdict().items()}, result.stdout


def table(scores: dict[tuple[str, str], dict[str, float]]) -> str:
    lines = [
        "| input | half | pages | clean body | title right | date right |",
        "|---|---|---|---|---|---|",
    ]
    for (kind, half), figures in scores.items():
        target = TARGETS[kind] if half == "heldout" else None
        cells = [
            f"{figures[key]:.3f}" + (f" (target {target[key]:.2f})" if target else "")
            for key in ("clean", "title", "date")
        ]
        lines.append(
            f"| {'text dump' if kind == 'txt' else 'saved HTML'} | {half} | {figures['pages']:.0f} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def below(scores: dict[tuple[str, str], dict[str, float]], bars: dict[str, dict[str, float]]) -> list[str]:
    """Each held-out figure under its bar in `bars` (TARGETS or FLOORS)."""
    return [
        f"{kind} held-out {key} {scores[(kind, 'heldout')][key]:.3f} < {bar:.2f}"
        for kind, kind_bars in bars.items()
        for key, bar in kind_bars.items()
        if scores[(kind, "heldout")][key] < bar
    ]


def evaluate(
    work: Path, details: bool = False, halves_scored: tuple[str, ...] = HALVES
) -> tuple[dict[tuple[str, str], dict[str, float]], dict[str, Run], str]:
    halves = split(work / "split")
    # Only the pages of the halves scored are imported: with the tuning half alone, no held-out page is read.
    imported = halves_scored[0] if len(halves_scored) == 1 else "all"
    runs = {kind: predict(kind, halves / imported, work / f"pred-{kind}") for kind in KINDS}
    scores: dict[tuple[str, str], dict[str, float]] = {}
    report = []
    for kind, run in runs.items():
        for half in halves_scored:
            pages = _having(halves / half, f"page.{kind}", work / f"{kind}-{half}")
            scores[(kind, half)], printed = score(pages, run.folder, details)
            if details:
                report.append(f"== {kind} {half}\n{printed}")
    return scores, runs, table(scores) + "\n" + "\n".join(report)


def timing(runs: dict[str, Run]) -> list[str]:
    """Mean time a page, wall clock and CPU, per input kind and over all pages."""
    lines = []
    groups = {kind: [run] for kind, run in runs.items()} | {"all": list(runs.values())}
    for name, group in groups.items():
        wall = [value for run in group for value in run.seconds.values()]
        cpu = [value for run in group for value in run.cpu.values()]
        lines.append(
            f"import time, {name}: {len(wall)} pages, {sum(wall) / len(wall) * 1000:.1f} ms a page wall clock, "
            f"{sum(cpu) / len(cpu) * 1000:.1f} ms CPU"
        )
    for run in runs.values():
        if run.errors:
            lines.append(f"{run.kind} errors: {run.errors}")
    return lines


def derived(runs: dict[str, Run]) -> list[str]:
    """Every section, agency and tag the samples gave, with how many pages gave it."""
    lines = []
    for key, label in (("section", "sections"), ("agency", "agencies"), ("tags", "tags")):
        counts: dict[str, int] = {}
        for run in runs.values():
            for fields in run.derived.values():
                values = fields[key] if isinstance(fields[key], list) else [fields[key]]
                for value in filter(None, values):
                    counts[f"{value} ({run.kind})"] = counts.get(f"{value} ({run.kind})", 0) + 1
        listed = ", ".join(f"{name} x{count}" for name, count in sorted(counts.items()))
        lines.append(f"derived {label}: {listed or 'none'}")
    return lines


def main(argv: list[str]) -> int:
    details = "--details" in argv
    halves = (argv[argv.index("--half") + 1],) if "--half" in argv else HALVES
    if not set(halves) <= set(HALVES):
        raise SystemExit(f"--half takes one of {', '.join(HALVES)}")
    with tempfile.TemporaryDirectory() as temp:
        work = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else Path(temp)
        scores, runs, printed = evaluate(work, details, halves)
    print(printed)
    for line in timing(runs) + derived(runs):
        print(line)
    if "heldout" not in halves:
        return 0
    for line in below(scores, TARGETS):
        print("below the target:", line)
    failed = below(scores, FLOORS)
    for line in failed:
        print("BELOW THE FLOOR:", line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
