"""What `newsarchive serve` prints: one timestamped line per event, problems on stderr."""

from __future__ import annotations

import sys
import time

from generator.build import BuildResult


def log(message: str, error: bool = False) -> None:
    # One write, its newline included: serve logs from several threads, and print writes the newline on its own,
    # so another thread's line could land before it and two events share a line.
    stream = sys.stderr if error else sys.stdout
    stream.write(f"{time.strftime('%H:%M:%S')} {message}\n")
    stream.flush()


def log_changes(paths: list[str]) -> None:
    shown = ", ".join(paths[:3])
    log(f"Changed: {shown} and {len(paths) - 3} more" if len(paths) > 3 else f"Changed: {shown}")


def log_result(result: BuildResult) -> None:
    for problem in result.report.warnings:
        log(f"warning: {problem}", error=True)
    for problem in result.report.errors:
        log(f"error: {problem}", error=True)
    s = result.stats
    log(f"Built {result.pages} pages in {result.seconds:.2f} s: {s.written} written, {s.removed} removed")
