"""`newsarchive serve`: serve output/, rebuild on every save, reload open pages.

One process holds one Builder for its whole life; each settled burst of file
changes (see watch.py) runs `Builder.build()` once on the watcher's thread.
The pieces: httpd.py answers requests, live.py tells open pages about each
build, search_indexer.py brings search up to date after the pages are served,
console.py prints what happened.
"""

from __future__ import annotations

import errno
import functools
import gc
import threading
import traceback
from pathlib import Path

from generator.build import Builder
from generator.console import log, log_changes, log_result
from generator.errors import NewsarchiveError
from generator.httpd import PreviewServer
from generator.live import LiveState
from generator.search_indexer import SearchIndexer
from generator.watch import QUIET, WATCHED_FOLDERS, Watcher


class DevServer:
    """Builds the site, serves its output on `bind`:`port`, and rebuilds on every change until closed.

    A rebuild starts once no file event came for `quiet` seconds (see watch.py).
    `start()` returns once the first build is done and the server answers;
    `close()` stops watching, ends open event streams and closes the socket.
    `run()` is both, for the command line: it serves until Ctrl-C.
    """

    def __init__(
        self, site_dir: Path, bind: str = "127.0.0.1", port: int = 8000, quiet: float = QUIET, drafts: bool = False
    ) -> None:
        if not site_dir.is_dir():
            raise NewsarchiveError(f"there is no site folder at {site_dir}; give one with --site")
        # In place, not swapped, and searchable a moment later: a save must reach the browser fast,
        # and this output is a preview.
        self.builder = Builder(site_dir, atomic=False, search=False, drafts=drafts)
        self.indexer = SearchIndexer(self.builder.output)
        self.live = LiveState()
        self.builds = 0  # finished builds, the first one included
        self._bind, self._port = bind, port
        self._watcher = Watcher(site_dir, self._rebuild, quiet)
        self._build_lock = threading.Lock()
        self._httpd: PreviewServer | None = None
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        # Bind before building, so a busy port is reported at once, and watch
        # before building, so a save during the first build is not missed.
        try:
            self._httpd = PreviewServer((self._bind, self._port), self.builder.output, self.live)
        except OSError as exc:
            hint = "; choose another with --port" if exc.errno == errno.EADDRINUSE else ""
            raise NewsarchiveError(f"cannot listen on {self._bind}:{self._port}: {exc.strerror}{hint}") from exc
        self._watcher.start()
        self._rebuild([])
        # A short poll interval: shutdown() waits for the loop to notice, and Ctrl-C should feel instant.
        serve = functools.partial(self._httpd.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, name="newsarchive-http", daemon=True)
        self._thread.start()

    def run(self) -> None:
        try:
            self.start()
            watched = ", ".join(f"{name}/" for name in WATCHED_FOLDERS)
            log(f"Serving {self.url} - watching {watched} and site.toml; Ctrl-C stops")
            self._closed.wait()
        except KeyboardInterrupt:
            log("Stopping")
        finally:
            self.close()

    def close(self) -> None:
        if self._closed.is_set():
            return  # shutdown() a second time would wait forever for a loop that has ended
        self._closed.set()
        self._watcher.stop()
        self.indexer.close()
        self.live.close()
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join()
            self._httpd.server_close()

    def _rebuild(self, changed: list[str]) -> None:
        """Build once and tell open pages; never raises, so the watcher keeps going."""
        with self._build_lock:
            if changed:
                log_changes(changed)
            output_changed, errors = self._build(changed)
            # The site kept in memory is millions of objects; left to the cyclic collector, each of its
            # passes over them would pause a save for hundreds of milliseconds, so they are frozen out of
            # its way (they are freed by reference counting when a later build replaces them). This build's
            # cyclic garbage (Jinja makes some as it renders) is collected first, or it would be frozen too
            # and never freed; that collection only looks at what was made since the last freeze.
            gc.collect()
            gc.freeze()
            self.builds += 1
            self.live.publish(output_changed, errors)

    def _build(self, changed: list[str]) -> tuple[bool, list[str]]:
        """One build of the `changed` files (relative to the site); whether output changed, and the errors."""
        try:
            result = self.builder.build(changed=[self.builder.site_dir / p for p in changed])
        except NewsarchiveError as exc:
            log(f"error: {exc}", error=True)
            return False, [str(exc)]
        except Exception as exc:
            # A bug, or a file that vanished mid-build during a checkout: the
            # server must stay up, and the next change builds again.
            traceback.print_exc()
            return False, [f"unexpected error: {exc!r} (the terminal has the details)"]
        log_result(result)
        last = self.builder.last
        if last is None or last.site.config.search:  # `search = false` in site.toml: no index
            self.indexer.request(result.stats.changed)
        return bool(result.stats.changed), [str(p) for p in result.report.errors]
