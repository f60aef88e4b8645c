"""`newsarchive serve`: serve output/, rebuild on every save, reload open pages.

One process holds one Builder for its whole life; each settled burst of file
changes (see watch.py) runs `Builder.build()` once on the watcher's thread.
HTML responses get a small script, added here at response time and never
written to output/, that listens on server-sent events at EVENTS_PATH. Every
event carries the whole state, `{"generation": n, "errors": [...]}`: the
generation counts builds that changed output files, so a page reloads when it
was served at an older generation, and shows an overlay while errors persist.
A new connection gets the current state at once, so a page loaded while the
site is broken shows the overlay too.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import json
import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import Builder, BuildResult
from generator.errors import NewsarchiveError
from generator.search import index_site
from generator.watch import QUIET, WATCHED_FOLDERS, Watcher

EVENTS_PATH = "/__newsarchive/events"
# A comment line this often lets a handler notice a closed page and end.
KEEPALIVE = 15.0

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    # application/xml rather than rss+xml: browsers show it instead of downloading it.
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}

_BARE_404 = b"<!doctype html><title>Not found</title><h1>Not found</h1>"

_LIVE_SCRIPT = """<script id="newsarchive-live" data-generation="%d">
(() => {
  // Added by `newsarchive serve`; not part of the built site.
  const served = Number(document.currentScript.dataset.generation);
  const events = new EventSource("%s");
  events.addEventListener("state", (message) => {
    const state = JSON.parse(message.data);
    if (state.generation !== served) {
      events.close();
      location.reload();
      return;
    }
    let box = document.getElementById("newsarchive-errors");
    if (!state.errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "newsarchive-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#2b0a0a;color:#fff;font:15px/1.5 ui-monospace,monospace";
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.textContent = "The build has errors. Fix the file and save: this page updates itself.";
    box.replaceChildren(title, ...state.errors.map((text) => {
      const line = document.createElement("pre");
      line.style.whiteSpace = "pre-wrap";
      line.textContent = text;
      return line;
    }));
  });
})();
</script>
"""


def live_script(generation: int) -> bytes:
    """The script added to served HTML pages, for a page served at `generation`."""
    return (_LIVE_SCRIPT % (generation, EVENTS_PATH)).encode()


def inject(html: bytes, generation: int) -> bytes:
    """`html` with the live script added before its last </body> (or at the end if it has none)."""
    at = html.lower().rfind(b"</body>")
    at = len(html) if at < 0 else at
    return html[:at] + live_script(generation) + html[at:]


def content_type(path: Path) -> str:
    known = _TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` that the URL path names (a folder means its index.html), or None.

    `url_path` is the path as sent, percent-encoding included. Whatever it holds,
    the answer is a regular file inside `root` after following symlinks: `..`
    segments (raw or encoded), backslashes, NUL and paths not starting with `/`
    give None rather than being interpreted.
    """
    decoded = unquote(url_path)
    if not decoded.startswith("/") or "\0" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return None
    base = root.resolve()
    target = base.joinpath(*parts)
    try:
        if target.is_dir():
            target = target / "index.html"
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a name too long, a symlink loop
        return None
    return real if real.is_relative_to(base) and real.is_file() else None


@dataclass(frozen=True)
class LiveStatus:
    generation: int
    errors: tuple[str, ...]

    def event(self) -> bytes:
        data = json.dumps({"generation": self.generation, "errors": list(self.errors)})
        return f"event: state\ndata: {data}\n\n".encode()


class LiveState:
    """What open pages need to know, and a way to wait until it changes."""

    def __init__(self) -> None:
        self._status = LiveStatus(0, ())
        self._closed = False
        self._cond = threading.Condition()

    @property
    def status(self) -> LiveStatus:
        with self._cond:
            return self._status

    def publish(self, output_changed: bool, errors: Sequence[str]) -> None:
        """Record a build: pages reload only if it changed output files."""
        with self._cond:
            generation = self._status.generation + (1 if output_changed else 0)
            self._status = LiveStatus(generation, tuple(errors))
            self._cond.notify_all()

    def wait(self, seen: LiveStatus | None, timeout: float) -> LiveStatus | None:
        """The status once it differs from `seen` (or after `timeout`); None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._status != seen, timeout)
            return None if self._closed else self._status

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class _HTTPServer(ThreadingHTTPServer):
    def __init__(self, address: tuple[str, int], root: Path, live: LiveState) -> None:
        self.root = root
        self.live = live
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        # A reloading page drops the requests it no longer needs: that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build results."""

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events(send_body)
            return
        file = resolve(self.server.root, path)
        if file is not None and file.name == "index.html" and not unquote(path).endswith(("/", "/index.html")):
            # Pages link relatively, so /tags/uk must become /tags/uk/ before it is shown.
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # Read before the file: if a build lands in between, the page reloads once
        # more rather than never.
        generation = self.server.live.status.generation
        try:
            status, body = (200, file.read_bytes()) if file else self._not_found()
        except OSError:  # removed by a rebuild since it was found
            file, (status, body) = None, self._not_found()
        kind = content_type(file) if file else _TYPES[".html"]
        if kind.startswith("text/html"):
            body = inject(body, generation)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_found(self) -> tuple[int, bytes]:
        """The site's 404 page; a bare one before the first good build, so the error overlay has a page."""
        page = resolve(self.server.root, "/404.html")
        try:
            return 404, page.read_bytes() if page else _BARE_404
        except OSError:
            return 404, _BARE_404

    def _events(self, send_body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not send_body:
            return
        seen = None
        try:
            while (status := self.server.live.wait(seen, KEEPALIVE)) is not None:
                self.wfile.write(status.event() if status != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = status
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def _log(message: str, error: bool = False) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr if error else sys.stdout, flush=True)


def _changes(paths: list[str]) -> str:
    shown = ", ".join(paths[:3])
    return f"{shown} and {len(paths) - 3} more" if len(paths) > 3 else shown


def _log_result(result: BuildResult) -> None:
    for problem in result.report.warnings:
        _log(f"warning: {problem}", error=True)
    for problem in result.report.errors:
        _log(f"error: {problem}", error=True)
    s = result.stats
    _log(f"Built {result.pages} pages in {result.seconds:.2f} s: {s.written} written, {s.removed} removed")


class SearchIndexer:
    """Re-indexes search in a thread of its own, after the pages are served.

    An edit re-indexes only the small `recent` shard, but a compaction re-indexes
    whole years (seconds on a large archive), so a save reaches the browser first
    and search catches up; requests that arrive while it runs are gathered into
    one more run. Searches keep working meanwhile: the index changes in one step
    (see search.py).
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.runs = 0  # finished index runs
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
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._closed or self._pending is not None)
                if self._closed:
                    return
                changed, self._pending = self._pending or [], None
            try:
                if index_site(self.output, changed):
                    _log("Search index updated")
            except NewsarchiveError as exc:
                _log(f"error: {exc}", error=True)
            self.runs += 1


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
        self._httpd: _HTTPServer | None = None
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
            self._httpd = _HTTPServer((self._bind, self._port), self.builder.output, self.live)
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
            _log(f"Serving {self.url} - watching {watched} and site.toml; Ctrl-C stops")
            self._closed.wait()
        except KeyboardInterrupt:
            _log("Stopping")
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
                _log(f"Changed: {_changes(changed)}")
            try:
                result = self.builder.build(changed=[self.builder.site_dir / p for p in changed])
            except NewsarchiveError as exc:
                _log(f"error: {exc}", error=True)
                output_changed, errors = False, [str(exc)]
            except Exception as exc:
                # A bug, or a file that vanished mid-build during a checkout: the
                # server must stay up, and the next change builds again.
                traceback.print_exc()
                output_changed, errors = False, [f"unexpected error: {exc!r} (the terminal has the details)"]
            else:
                _log_result(result)
                output_changed, errors = bool(result.stats.changed), [str(p) for p in result.report.errors]
                last = self.builder.last
                if last is None or last.site.config.search:  # `search = false` in site.toml: no index
                    self.indexer.request(result.stats.changed)
            # The site kept in memory is millions of objects; left to the cyclic collector, each of its
            # passes over them would pause a save for hundreds of milliseconds, so they are frozen out of
            # its way (they are freed by reference counting when a later build replaces them). This build's
            # cyclic garbage (Jinja makes some as it renders) is collected first, or it would be frozen too
            # and never freed; that collection only looks at what was made since the last freeze.
            gc.collect()
            gc.freeze()
            self.builds += 1
            self.live.publish(output_changed, errors)
