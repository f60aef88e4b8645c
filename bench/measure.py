"""Run one build as its own process and measure it: wall time, and peak memory of its whole process tree.

Peak RSS is summed over every process alive at once (the build, its workers,
Pagefind), sampled every SAMPLE seconds with psutil; the kernel's figure for
the largest single process (wait4's ru_maxrss) is kept beside it, and the peak
is never reported below it (a process shorter than one sample is still seen).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE = 0.1  # seconds


@dataclass
class Measured:
    seconds: float
    peak_mb: float  # summed over the process tree at its largest moment
    largest_mb: float  # the largest single process
    code: int
    log: str  # the last lines of its output
    stopped: str = ""  # why the bench stopped it, if it did


def _tree_rss(roots: Sequence[psutil.Process]) -> int:
    procs = []
    for root in roots:
        with contextlib.suppress(psutil.Error):
            procs += [root, *root.children(recursive=True)]
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):  # it ended between the listing and the reading
            total += proc.memory_info().rss
    return total


def _stop(root: psutil.Process) -> None:
    try:
        procs = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()


def measure(command: Sequence[str | Path], cwd: Path, log: Path, limit_mb: float,
            also: Sequence[psutil.Process] = ()) -> Measured:  # fmt: skip
    """Run `command` in `cwd` with its output in `log`; stop it if its tree passes `limit_mb`.
    The processes `also` (a cluster the build uses) count in its memory."""
    with log.open("w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    root, ended = psutil.Process(proc.pid), threading.Event()
    peak, stopped = 0, ""

    def sample() -> None:
        nonlocal peak, stopped
        while not ended.wait(SAMPLE):
            peak = max(peak, _tree_rss([root, *also]))
            if peak > limit_mb * 2**20 and not stopped:
                stopped = f"stopped at {peak / 2**20:,.0f} MB, over the bench's limit of {limit_mb:,.0f} MB"
                _stop(root)

    # Sampled beside the wait, so the wall clock is the build's own, not rounded up to the next sample.
    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    ended.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    largest = usage.ru_maxrss / 1024  # KiB on Linux
    tail = log.read_text(errors="replace")[-3000:]
    return Measured(seconds, max(peak / 2**20, largest), largest, proc.returncode, tail, stopped)
