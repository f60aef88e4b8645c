"""The HTTP server of `newsarchive serve`: files from output/, HTML with the live script, the event stream.

Requests never leave output/ (see `resolve`), folders are never listed, and
every answer carries `Cache-Control: no-store`, so a reload always shows the
latest build.
"""

from __future__ import annotations

import mimetypes
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.live import EVENTS_PATH, LiveState, inject

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


class PreviewServer(ThreadingHTTPServer):
    """Serves the files under `root`, telling open pages about builds through `live`."""

    def __init__(self, address: tuple[str, int], root: Path, live: LiveState) -> None:
        self.root = root
        self.live = live
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        # A reloading page drops the requests it no longer needs: that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

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
            self._redirect(path + "/")  # pages link relatively, so /tags/uk must become /tags/uk/
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

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

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
