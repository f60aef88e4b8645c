"""Nothing lost under faults: builds killed at random moments, and builds running at once."""

from __future__ import annotations

import fcntl
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import Site, reproducible

from generator.build import Builder

KILLS = 50


def tree(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {rel: path.read_bytes() for rel, path in files.items() if reproducible(rel)}


def clean_build(site: Site, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site.root / "content", scratch / "content")
    shutil.copy(site.root / "site.toml", scratch / "site.toml")
    Builder(scratch, use_cache=False).build()
    return tree(scratch / "output")


def start_build(site: Site) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "generator", "build", "--site", str(site.root)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def change(site: Site, rng: random.Random, n: int) -> None:
    """Something for the next build to write and to remove; a new site title changes every page."""
    site.write("site.toml", f'title = "Archive {n}"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
    victim = rng.choice(sorted((site.root / "content").glob("*.md")))
    victim.unlink()
    for extra in range(3):
        site.add(f"new-{n}-{extra}", f"Story {n} {extra}", f"2025-0{1 + rng.randrange(9)}-1{extra}",
                 f"Body of {n}.", tags=[rng.choice(["Politics", "Energy", "Türkiye"])])  # fmt: skip


def test_a_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_repairs_it(
    site: Site, tmp_path: Path
) -> None:
    rng = random.Random(7)
    for n in range(40):
        site.add(f"a{n}", f"Story {n}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", f"Body {n}.", tags=["Politics"])
    started = time.perf_counter()
    assert start_build(site).wait() == 0
    duration = time.perf_counter() - started
    current = tree(site.output)
    outcomes = {"old": 0, "new": 0}
    for n in range(KILLS):
        change(site, rng, n)
        expected = clean_build(site, tmp_path / "clean")
        build = start_build(site)
        time.sleep(rng.uniform(0, duration * 2))
        build.send_signal(signal.SIGKILL)
        build.wait()
        now = tree(site.output)
        assert now in (current, expected), f"kill {n}: output/ is a mix of two builds"
        outcomes["old" if now == current else "new"] += 1
        current = now
    assert start_build(site).wait() == 0
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
    print(f"\n{KILLS} kills survived: {outcomes['old']} left the old site, {outcomes['new']} the new one")
    assert outcomes["old"] and outcomes["new"], "the kills should land both before and after the swap"


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
