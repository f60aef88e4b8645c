"""Search indexing for `newsarchive serve`, in a thread of its own, after the pages are served."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from generator.console import log
from generator.errors import NewsarchiveError
from generator.search import index_site


class SearchIndexer:
    """Re-indexes the search of `output` whenever asked, one run at a time.

    An edit re-indexes only the small `recent` shard, but a compaction re-indexes
    whole years (seconds on a large archive), so a save reaches the browser first
    and search catches up; requests that arrive while it runs are gathered into
    one more run. Searches keep working meanwhile: the index changes in one step
    (see search.py).
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.runs = 0  # finished index runs, so a caller can wait for one without sleeping
        self._pending: list[str] | None = None
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="newsarchive-search", daemon=True)
        self._thread.start()

    def request(self, changed: Sequence[str]) -> None:
        with self._wake:
            self._pending = [*(self._pending or []), *changed]
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join()

    def _work(self) -> None:
        # Niced, this thread only (Linux gives threads their own priority; elsewhere it stays as it is):
        # the next save's rebuild must not wait behind indexing for the CPU.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        while (changed := self._next()) is not None:
            try:
                if index_site(self.output, changed):
                    log("Search index updated")
            except NewsarchiveError as exc:
                log(f"error: {exc}", error=True)
            self.runs += 1

    def _next(self) -> list[str] | None:
        """The changes gathered since the last run, once there are any; None once closed."""
        with self._wake:
            self._wake.wait_for(lambda: self._closed or self._pending is not None)
            if self._closed:
                return None
            changed, self._pending = self._pending or [], None
            return changed
