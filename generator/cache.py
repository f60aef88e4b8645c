"""The build cache: what the last build knew, in `.newsarchive/cache.sqlite`.

It holds each content file's loaded article, rendered bodies by content hash,
each output page's fingerprint, and the signature of the last build's inputs.
It is only ever an accelerator: a missing, damaged or foreign cache is
discarded silently and the build does the full work instead.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from generator import __version__
from generator.content import LoadedFile
from generator.errors import Problem
from generator.model import Article, Link, Term

# Pickled records are only good for the exact classes that made them.
SCHEMA = f"newsarchive {__version__} cache 1 " + " ".join(
    f.name for cls in (LoadedFile, Article, Term, Link, Problem) for f in fields(cls)
)
TABLES = ("files", "bodies", "pages", "meta")


@dataclass
class CacheState:
    files: dict[str, LoadedFile] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for table in TABLES:
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
    return db


def read_cache(path: Path, *, meta_only: bool = False) -> CacheState:
    """The saved state, or an empty one if there is none we can trust.

    With `meta_only`, just the small facts about the last build (enough to tell
    that nothing changed) without the articles and bodies.
    """
    if not path.exists():
        return CacheState()
    try:
        with closing(_connect(path)) as db:
            meta = {k: pickle.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
            if meta.get("schema") != SCHEMA:
                return CacheState()
            if meta_only:
                return CacheState(meta=meta)
            return CacheState(
                files={k: pickle.loads(v) for k, v in db.execute("SELECT key, value FROM files")},
                bodies={k: pickle.loads(v) for k, v in db.execute("SELECT key, value FROM bodies")},
                pages=dict(db.execute("SELECT key, value FROM pages")),
                meta=meta,
            )
    except Exception:  # any damage at all means: start from nothing
        return CacheState()


def _sync(db: sqlite3.Connection, table: str, old: Mapping[str, Any], new: Mapping[str, Any], encode: Any) -> None:
    gone = [(k,) for k in old.keys() - new.keys()]
    changed = [(k, encode(v)) for k, v in new.items() if k not in old or (old[k] is not v and old[k] != v)]
    db.executemany(f"DELETE FROM {table} WHERE key = ?", gone)
    db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", changed)


def write_cache(path: Path, old: CacheState, new: CacheState) -> None:
    """Save `new`, writing only the rows that differ from `old` (what is on disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if old.meta.get("schema") != SCHEMA:
        old = CacheState()
        path.unlink(missing_ok=True)
    new.meta["schema"] = SCHEMA
    with closing(_connect(path)) as db:
        db.execute("BEGIN")
        _sync(db, "files", old.files, new.files, pickle.dumps)
        _sync(db, "bodies", old.bodies, new.bodies, pickle.dumps)
        _sync(db, "pages", old.pages, new.pages, lambda v: v)
        _sync(db, "meta", old.meta, new.meta, pickle.dumps)
        db.execute("COMMIT")


def live(mapping: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The part of `mapping` still in use."""
    return {k: mapping[k] for k in keys if k in mapping}
