"""The manifest: what the builds wrote to one output folder, path -> [digest, size, mtime_ns].

It tells a build which files of output/ are its own (only those are ever
replaced or removed) and which it need not write again. It is an SQLite file
beside the build cache, read row by row: after one edit at a million
articles a build looks up and writes back a few of its 1.4 million rows,
where reading, copying and writing the whole list took 4.7 s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from pathlib import Path

import orjson

Entry = list  # [digest, size, mtime_ns] of a file as the build left it

_SCHEMA = "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, digest TEXT, size INT, mtime_ns INT) WITHOUT ROWID"


class Manifest:
    """The manifest file at `path`, read as far as asked. Its `generation` (SQLite's user_version, raised by
    every update) tells a process holding a Manifest whether another one has written the file since."""

    def __init__(self, path: Path, generation: int) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._all: dict[str, Entry] | None = None
        self.generation = generation

    @classmethod
    def open(cls, path: Path, known: Manifest | None = None) -> Manifest:
        """The manifest at `path`; `known` itself when nobody has written the file since it was read
        (serve's next build need not read every row again)."""
        generation = _generation(path)
        if known is not None and known.path == path and known.generation == generation:
            return known
        return cls(path, generation)

    @property
    def files(self) -> dict[str, Entry]:
        """Every entry, read once."""
        if self._all is None:
            rows = self._connection().execute("SELECT path, digest, size, mtime_ns FROM files")
            self._all = {path: [digest, size, mtime] for path, digest, size, mtime in rows}
        return self._all

    def get(self, rel: str) -> Entry | None:
        if self._all is not None:
            return self._all.get(rel)
        row = self._connection().execute("SELECT digest, size, mtime_ns FROM files WHERE path = ?", (rel,)).fetchone()
        return list(row) if row else None

    def count(self) -> int:
        if self._all is not None:
            return len(self._all)
        return self._connection().execute("SELECT count(*) FROM files").fetchone()[0]

    def update(self, written: Mapping[str, Entry], forget: Collection[str], *, durable: bool) -> None:
        """Set the entries of `written`, drop those of `forget`, in one transaction; with `durable`, on the disk
        once this returns (the journal that repeats this update is removed next)."""
        db = self._connection()
        db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'OFF'}")
        with db:  # autocommits at the end, but begins nothing itself (isolation_level=None)
            db.execute("BEGIN")
            db.executemany("DELETE FROM files WHERE path = ?", ((rel,) for rel in forget))
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                           ((rel, *entry) for rel, entry in written.items()))  # fmt: skip
            self.generation = (self.generation + 1) % 2**31
            db.execute(f"PRAGMA user_version = {self.generation}")
        if self._all is not None:
            for rel in forget:
                self._all.pop(rel, None)
            self._all.update(written)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists()
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute(_SCHEMA)
            if fresh:
                self._adopt_json()
        return self._db

    def _adopt_json(self) -> None:
        """Take over the whole-file manifest that earlier builds kept (`manifest-<key>.json`), so that a site
        they built is not written again whole, then remove it."""
        legacy = self.path.with_suffix(".json")
        try:
            data = orjson.loads(legacy.read_bytes())
            files = data["files"] if data.get("version") == 1 else {}
        except (OSError, ValueError, AttributeError, KeyError):
            return
        if isinstance(files, dict):
            self.update(files, (), durable=True)
        legacy.unlink()


def _generation(path: Path) -> int:
    if not path.exists():
        return 0
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()
