"""Live reload: what open pages are told, and the script that listens for it.

HTML responses get the theme's `live-reload.js`, added at response time and
never written to output/, which listens on server-sent events at EVENTS_PATH.
Every event carries the whole state, `{"generation": n, "errors": [...]}`: the
generation counts builds that changed output files, so a page reloads when it
was served at an older generation, and shows an overlay while errors persist.
A new connection gets the current state at once, so a page loaded while the
site is broken shows the overlay too.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from generator.theme import theme_dir

EVENTS_PATH = "/__newsarchive/events"
SCRIPT_FILE = "live-reload.js"


@functools.cache
def _script_text() -> str:
    return (theme_dir() / SCRIPT_FILE).read_text(encoding="utf-8")


def live_script(generation: int) -> bytes:
    """The script element added to served HTML pages, for a page served at `generation`."""
    opening = f'<script id="newsarchive-live" data-generation="{generation}" data-events="{EVENTS_PATH}">\n'
    return f"{opening}{_script_text()}</script>\n".encode()


def inject(html: bytes, generation: int) -> bytes:
    """`html` with the live script added before its last </body> (or at the end if it has none)."""
    at = html.lower().rfind(b"</body>")
    at = len(html) if at < 0 else at
    return html[:at] + live_script(generation) + html[at:]


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
