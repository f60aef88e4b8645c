"""Watch a site's inputs and report each burst of changes once, after it has settled.

What is watched: content/, sources/, templates/, static/ (recursively, including
folders created later) and site.toml. Nothing else in the site folder is, so
output/, .newsarchive/, .venv and .git cost no inotify watches and never cause
a rebuild. Editors' swap, backup and temp files are ignored; an atomic save
(write a temp file, rename it over the real one) counts as a change of the real
file, because a move is judged by both its source and its destination.
"""

from __future__ import annotations

import os
import re
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from generator.config import CONFIG_FILE
from generator.errors import NewsarchiveError
from generator.layout import INPUT_FOLDERS

WATCHED_FOLDERS = INPUT_FOLDERS

# Long enough to gather an editor's write-rename-delete dance or a `git checkout`
# (files a millisecond apart) into one rebuild; short, because every save waits it
# out before building, and the target from save to served is 150 ms. On a heavily
# loaded machine a burst may be split in two: both builds are correct.
QUIET = 0.05

# Opening and reading files (the build itself does that) and touching metadata
# change no content: only these events can.
_CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED}

_EDITOR_TEMP = re.compile(
    r"""
      .*\.sw[a-px]                     # vim swap files (.swp, then .swo, .swn, ...) and its .swx probe
    | .*~                              # backups: vim, emacs, gedit, nano
    | 4913                             # vim's "can I write in this folder?" probe
    | \.\#.* | \#.*\#                  # emacs lock files and auto-saves
    | .*___jb_(tmp|old)___             # JetBrains safe write
    | \.goutputstream-.*               # GNOME (gedit) atomic save
    | \.DS_Store                       # macOS Finder
    """,
    re.VERBOSE,
)


# watchdog 7 warns when `mkdir -p a/b/c` makes it watch a new folder twice, which
# it handles; the warning would only clutter the terminal.
warnings.filterwarnings("ignore", "Callback with id .* already exists", RuntimeWarning, r"watchdog\.")


def is_editor_temp(name: str) -> bool:
    """Is this file name one that editors and file managers write beside the real file?"""
    return _EDITOR_TEMP.fullmatch(name) is not None


class Debouncer:
    """Collects changed paths and hands them to `action` once no more arrived for `quiet` seconds.

    `action` runs on the debouncer's own thread, one call at a time. Paths added
    while it runs are kept and cause exactly one more call after it returns, so
    nothing is missed. `action` must not raise: the thread would end with it.
    """

    def __init__(self, action: Callable[[list[str]], None], quiet: float = QUIET) -> None:
        self.action = action
        self.quiet = quiet
        self._pending: set[str] = set()
        self._last = 0.0
        self._stopping = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsarchive-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def add(self, path: str) -> None:
        with self._cond:
            self._pending.add(path)
            self._last = time.monotonic()
            self._cond.notify()

    def stop(self) -> None:
        """Stop, after the call in progress (if any) has finished."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while (paths := self._settled()) is not None:
            self.action(paths)

    def _settled(self) -> list[str] | None:
        """Wait for pending paths and then for `quiet` seconds without new ones; None once stopping."""
        with self._cond:
            while not self._stopping:
                if not self._pending:
                    self._cond.wait()
                    continue
                remaining = self._last + self.quiet - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                paths, self._pending = sorted(self._pending), set()
                return paths
            return None


class Watcher(FileSystemEventHandler):
    """Watch the site at `site_dir`; call `on_change(paths)` once per settled burst of changes.

    `paths` are the changed inputs relative to the site folder, in POSIX form
    (`content/2025/12/a.md`). The call happens on the watcher's own thread, never
    two at a time; `on_change` must not raise.
    """

    def __init__(self, site_dir: Path, on_change: Callable[[list[str]], None], quiet: float = QUIET) -> None:
        self.root = site_dir.resolve()
        self._debouncer = Debouncer(on_change, quiet)
        self._observer = Observer()
        self._watches: dict[str, ObservedWatch] = {}

    def start(self) -> None:
        # The root itself is watched without recursion: for site.toml, and to
        # notice a watched folder that appears later (`mkdir static`).
        self._observer.schedule(self, str(self.root), recursive=False)
        for name in WATCHED_FOLDERS:
            if (self.root / name).is_dir():
                self._watch_folder(name)
        try:
            self._observer.start()
        except OSError as exc:  # e.g. the system's inotify watch limit is reached
            raise NewsarchiveError(f"cannot watch {self.root} for changes: {exc.strerror or exc}") from exc
        self._debouncer.start()

    def stop(self) -> None:
        """Stop watching, then wait for a rebuild in progress to finish."""
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
        self._debouncer.stop()

    def _watch_folder(self, name: str) -> None:
        # A folder deleted and created again needs a fresh watch: the old one
        # died with the old folder.
        old = self._watches.pop(name, None)
        if old is not None:
            self._observer.unschedule(old)
        self._watches[name] = self._observer.schedule(self, str(self.root / name), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return  # a folder's "modified" only echoes a change to a file in it, reported on its own
        for path in filter(None, (os.fsdecode(event.src_path), os.fsdecode(event.dest_path))):
            rel = self._input(path)
            if rel is None:
                continue
            if event.is_directory and rel in WATCHED_FOLDERS and Path(path).is_dir():
                self._watch_folder(rel)
            self._debouncer.add(rel)

    def _input(self, path: str) -> str | None:
        """The path relative to the site if it is one of the site's inputs, else None."""
        try:
            rel = Path(path).relative_to(self.root)
        except ValueError:
            return None
        if not rel.parts or (rel.parts[0] not in WATCHED_FOLDERS and rel.as_posix() != CONFIG_FILE):
            return None
        return None if is_editor_temp(rel.name) else rel.as_posix()
