"""Nothing lost under faults: builds killed at chosen moments, and builds running at once.

A kill lands at an exact step of a real `newsarchive build` process: an audit
hook (sys.addaudithook, in the child only) counts the build's renames (every
step of a commit is one: the manifest, the journal, each page), or only those
inside the search index (its shards, then its manifest, last), or the build
cache's opening once the journal is gone (the commit complete), and sends the
process SIGKILL there. So every kill is at a
known place and the test does not depend on how fast the machine is.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import Site, reproducible

from generator.build import Builder
from generator.journal import Journal, journal_path
from generator.layout import manifest_path
from generator.output import OutputWriter
from generator.search import INDEX_DIR, MANIFEST

KILLS = 50
LATE_KILLS = 5  # of them while indexing (pages in place, index not), as many once the commit is complete

# Runs `newsarchive ARGS...` and kills itself at the AT-th audit EVENT of its main process (never: AT = 0)
# whose arguments mention WITHIN (any, if WITHIN is empty), counting only once an AFTER event whose
# arguments mention AFTER_WITHIN was seen (if AFTER is not empty).
KILLED_AT = """
import os, signal, sys
from generator.cli import main

event, at, within, after, after_within = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
seen, me, armed = [0], os.getpid(), [not after]

def hook(name, args):
    if os.getpid() != me:
        return
    if name == after and after_within in str(args):
        armed[0] = True
    if not armed[0] or name != event or within not in str(args):
        return
    seen[0] += 1
    if seen[0] == at:
        os.kill(me, signal.SIGKILL)

sys.addaudithook(hook)
code = main(sys.argv[6:])
print(f"{event} x{seen[0]}", file=sys.stderr)
sys.exit(code)
"""


def tree(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {rel: path.read_bytes() for rel, path in files.items() if reproducible(rel)}


def search_manifest(output: Path) -> object:
    """The search index's manifest, read whole (it names every shard the index uses); None when absent."""
    path = output / INDEX_DIR / MANIFEST
    return json.loads(gzip.decompress(path.read_bytes())) if path.exists() else None


def clean_build(site: Site, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site.root / "content", scratch / "content")
    shutil.copy(site.root / "site.toml", scratch / "site.toml")
    Builder(scratch, use_cache=False).build()
    return tree(scratch / "output")


def start_build(site: Site) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "generator", "build", "--site", str(site.root)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass
class Run:
    killed: bool
    renames: int  # renames the build made (when it was not killed)


@dataclass(frozen=True)
class Point:
    event: str
    at: int
    within: str = ""
    after: tuple[str, str] = ("", "")  # an event, and what its arguments mention


def build_killed_at(site: Site, point: Point) -> Run:
    where = [point.event, str(point.at), point.within, *point.after]
    command = [sys.executable, "-c", KILLED_AT, *where, "build", "--site", str(site.root)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode == -9:
        return Run(True, 0)
    assert done.returncode == 0, done.stderr
    return Run(False, int(done.stderr.rsplit("x", 1)[1]))


def change(site: Site, rng: random.Random, n: int) -> None:
    """Something for the next build to write and to remove; a new site title changes every page."""
    site.write("site.toml", f'title = "Archive {n}"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
    victim = rng.choice(sorted((site.root / "content").glob("*.md")))
    victim.unlink()
    for extra in range(3):
        site.add(f"new-{n}-{extra}", f"Story {n} {extra}", f"2025-0{1 + rng.randrange(9)}-1{extra}",
                 f"Body of {n}.", tags=[rng.choice(["Politics", "Energy", "Türkiye"])])  # fmt: skip


def recover(site: Site) -> OutputWriter:
    """What every build and `serve` does first: finish a commit a crash cut short."""
    return OutputWriter(site.output, manifest_path(site.root, site.output))


def kill_points(renames: int) -> list[Point]:
    """KILLS places spread over every rename of a build, with the late ones among them."""
    early = KILLS - 2 * LATE_KILLS
    spread = [Point("os.rename", 1 + k * renames // early) for k in range(early)]
    for k in range(LATE_KILLS):
        spread.insert(k * KILLS // LATE_KILLS, Point("os.rename", 1, INDEX_DIR))
        spread.insert(k * KILLS // LATE_KILLS + 3, Point("sqlite3.connect", 1, after=("os.remove", ".journal")))
    return spread


def test_a_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_repairs_it(
    site: Site, tmp_path: Path
) -> None:
    rng = random.Random(7)
    for n in range(40):
        site.add(f"a{n}", f"Story {n}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", f"Body {n}.", tags=["Politics"])
    assert start_build(site).wait() == 0
    change(site, rng, -1)
    whole = build_killed_at(site, Point("os.rename", 0))  # one build that rewrites every page, to count its steps
    assert not whole.killed and whole.renames > 100, "a build that rewrites every page renames each into place"
    current = tree(site.output)
    outcomes = {"old": 0, "new": 0, "new pages, index to finish": 0}
    for n, point in enumerate(kill_points(whole.renames)):
        change(site, rng, n)
        expected = clean_build(site, tmp_path / "clean")
        assert build_killed_at(site, point).killed, f"kill {n} at {point} did not happen"
        begun = Journal.read(journal_path(manifest_path(site.root, site.output)))
        if n % 3 == 0:  # the next command is killed too, in the middle of finishing the commit
            build_killed_at(site, Point("os.rename", 2))
        pending = recover(site).pending
        now = tree(site.output)
        assert now in (current, expected), f"kill {n} at {point}: a mix of two builds"
        if begun is not None and begun.renames:
            assert now == expected, f"kill {n}: a commit that had begun was not finished"
        # The index is its manifest and the shards it names: each named shard is whole, in place.
        shards = (search_manifest(site.output) or {"shards": []})["shards"]
        assert all((site.output / INDEX_DIR / s["folder"]).is_dir() for s in shards), f"kill {n}: a shard is missing"
        if now == current:
            outcomes["old"] += 1
        elif pending:  # only a kill during indexing leaves this, and the next build indexes again
            outcomes["new pages, index to finish"] += 1
        else:
            meta = search_manifest(site.output)
            live = sum(s["docs"] for s in meta["shards"]) - sum(len(ids) for ids in meta["removed"].values())
            assert live == len(list(site.output.glob("2025/*/*/index.html"))), f"kill {n}: the index lags, unnoticed"
            outcomes["new"] += 1
        current = now
    assert start_build(site).wait() == 0
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
    print(f"\n{KILLS} kills survived: {outcomes}")
    # Where each kill lands is fixed, so each kind of outcome must occur.
    assert all(outcomes.values()), outcomes


def test_a_second_build_waits_for_the_first(site: Site, tmp_path: Path) -> None:
    site.add("a", "Story", "2025-01-01")
    lock = site.root / ".newsarchive/build.lock"
    lock.parent.mkdir(parents=True)
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        waiting = start_build(site)
        assert waiting.stderr is not None
        assert "Another build of this site is running; waiting" in waiting.stderr.readline()
        assert not site.output.exists()
    assert waiting.wait(timeout=60) == 0
    assert (site.output / "2025/01/a/index.html").is_file()


def test_builds_started_together_leave_a_correct_site(site: Site, tmp_path: Path) -> None:
    for n in range(30):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{1 + n % 28:02d}", tags=["Politics"])
    builds = [start_build(site) for _ in range(3)]
    assert [b.wait(timeout=120) for b in builds] == [0, 0, 0]
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
