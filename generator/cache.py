"""The build cache: what the last build knew, in `.newsarchive/cache.sqlite`.

It holds each content file's loaded article, rendered bodies by key, each
output page's key and Spec, which pages show each article (`shown`), each
article's digests (changes.py), the site's outline (outline.py), the facts
of the last build (its inputs' signature, its report) and each content file's
stat key and last URL (`sources`). With the specs and
`shown`, a new process can make again the pages an edit touches without
planning the site (reopen.py); with the outline too, the pages new articles
change (insertion.py). Every value is plain data,
JSON rows read back by explicit decoders, never pickle: a cache file cannot
run code. It is only ever an accelerator: a missing, damaged or foreign cache
is discarded silently and the build does the full work instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from generator import __version__
from generator.content import LoadedFile
from generator.errors import Problem, Report
from generator.model import Article, Copy, Link, Term, shared_term
from generator.outline import Outline, outline_from_rows, outline_rows
from generator.pages import Spec

# Rows are only good for the exact records that wrote them.
SCHEMA = f"newsarchive {__version__} cache 5 " + " ".join(
    f.name for cls in (LoadedFile, Article, Term, Link, Copy, Problem, Spec, Outline) for f in fields(cls)
)
TABLES = ("files", "bodies", "pages", "specs", "articles", "meta", "outline")
# The facts with an entry for every content file: rows of the `sources` table, read into the meta dict by a whole
# build only (a build from the stored plan reads the rows it needs: read_per_file). Rows, so that a build after one
# edit writes one row, where two blobs of all of them took 0.08 s at 100,000 articles.
PER_FILE = ("stats", "urls")
BOUND = 500  # keys a query names at once: below SQLite's limit of bound parameters
_SOURCES = "SELECT path, size, mtime_ns, url FROM sources"


@dataclass
class CacheState:
    files: dict[str, LoadedFile] = field(default_factory=dict)
    bodies: set[str] = field(default_factory=set)  # keys of the rendered bodies in the file (read on demand)
    pages: dict[str, str] = field(default_factory=dict)  # output path -> page key
    articles: dict[str, tuple[str, str]] = field(default_factory=dict)  # article URL -> digests
    meta: dict[str, Any] = field(default_factory=dict)
    outline: Outline | None = None  # written when set; read on its own (read_outline)


def _default(value: object) -> object:
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"cannot cache {type(value).__name__}")


def encode(value: object) -> bytes:
    """Dataclasses become objects, datetimes ISO 8601 text, paths POSIX text."""
    return orjson.dumps(value, default=_default)


def _term(data: dict | None) -> Term | None:
    return shared_term(data["name"], data["slug"]) if data else None


def _date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _article(data: dict) -> Article:
    return Article(**data | {
        "date": datetime.fromisoformat(data["date"]),
        "updated": _date(data["updated"]),
        "source_path": Path(data["source_path"]),
        "section": _term(data["section"]),
        "agency": _term(data["agency"]),
        "tags": tuple(shared_term(t["name"], t["slug"]) for t in data["tags"]),
        "links": tuple(Link(r["title"], r["url"]) for r in data["links"]),
        "aliases": tuple(data["aliases"]),
        "also_published": tuple(Copy(c["source"], c["url"], _date(c["date"])) for c in data["also_published"]),
    })  # fmt: skip


def _problems(rows: list[dict]) -> tuple[Problem, ...]:
    return tuple(Problem(Path(p["path"]), p["message"], p["line"]) for p in rows)


def _loaded(raw: bytes) -> LoadedFile:
    data = orjson.loads(raw)
    article = _article(data["article"]) if data["article"] else None
    problems = _problems(data["errors"]), _problems(data["warnings"])
    return LoadedFile(tuple(data["stat"]), article, *problems, data["digest"])


def _spec(raw: bytes) -> Spec:
    data = orjson.loads(raw)
    return Spec(data["path"], data["kind"], data["template"], data["shows"], tuple(data["cards"]), tuple(data["full"]))


def _meta(key: str, raw: bytes) -> Any:
    value = orjson.loads(raw)
    if key == "report":
        return Report(list(_problems(value["errors"])), list(_problems(value["warnings"])))
    return value


def _per_file(rows: Iterable[tuple[str, int | None, int | None, str | None]]) -> dict[str, dict[str, Any]]:
    """The PER_FILE facts of `sources` rows: each content file's stat key (size, mtime_ns) and the URL it was
    last published at."""
    stats, urls = {}, {}
    for path, size, mtime, url in rows:
        if size is not None:
            stats[path] = (size, mtime)
        if url is not None:
            urls[path] = url
    return {"stats": stats, "urls": urls}


def read_per_file(path: Path, folders: Collection[str], keys: Collection[str]) -> dict[str, dict[str, Any]]:
    """The PER_FILE facts of the content files right in `folders` (paths relative to the site) and of those at
    `keys`."""
    inside = set(folders)
    with closing(_connect(path)) as db:
        # A folder's files and those of its subfolders sort between "folder/" and "folder0" ("0" follows "/").
        rows = [row for folder in inside
                for row in db.execute(f"{_SOURCES} WHERE path > ? AND path < ?", (f"{folder}/", f"{folder}0"))
                if row[0].rpartition("/")[0] == folder]  # fmt: skip
        rows += _where_in(db, f"{_SOURCES} WHERE path", keys)
    return _per_file(rows)


def files_at(path: Path, urls: Collection[str]) -> dict[str, list[str]]:
    """The content files last published at each of `urls` (two may claim one)."""
    found: dict[str, list[str]] = {}
    with closing(_connect(path)) as db:
        for key, url in _where_in(db, "SELECT path, url FROM sources WHERE url", urls):
            found.setdefault(url, []).append(key)
    return found


def _sync_per_file(db: sqlite3.Connection, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Write the rows of the PER_FILE facts that differ between the meta dicts `old` and `new`."""
    stats, urls = new.get("stats", {}), new.get("urls", {})
    was_stats, was_urls = old.get("stats", {}), old.get("urls", {})
    changed = {*_differing(was_stats, stats), *(was_stats.keys() - stats), *_differing(was_urls, urls),
               *(was_urls.keys() - urls)}  # fmt: skip
    db.executemany("DELETE FROM sources WHERE path = ?", ((p,) for p in changed if p not in stats and p not in urls))
    # Streamed to SQLite: after a cold build at a million files, a list of the rows would add to the build's peak.
    rows = ((p, *stats.get(p, (None, None)), urls.get(p)) for p in changed if p in stats or p in urls)
    db.executemany("INSERT OR REPLACE INTO sources (path, size, mtime_ns, url) VALUES (?, ?, ?, ?)", rows)


def _differing(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[str]:
    """The keys of `new` that `old` lacks or holds another value for. Identity first: a build's state is mostly
    the last one's values, shared, with its changes merged in."""
    return (k for k, v in new.items() if k not in old or (old[k] is not v and old[k] != v))


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for table in TABLES:
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
    # Which pages show an article: its card (full = 0) or all of it (full = 1); rows of the specs' cards and full.
    db.execute("CREATE TABLE IF NOT EXISTS shown (url TEXT, full INTEGER, path TEXT, PRIMARY KEY (url, full, path))"
               " WITHOUT ROWID")  # fmt: skip
    db.execute("CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, url TEXT)"
               " WITHOUT ROWID")  # fmt: skip
    db.execute("CREATE INDEX IF NOT EXISTS sources_by_url ON sources (url)")  # files_at
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
            meta = {k: _meta(k, v) for k, v in db.execute("SELECT key, value FROM meta")}
            if meta.get("schema") != SCHEMA:
                return CacheState()
            if meta_only:
                return CacheState(meta=meta)
            meta |= _per_file(db.execute(_SOURCES))
            return CacheState(
                files={k: _loaded(v) for k, v in db.execute("SELECT key, value FROM files")},
                bodies={k for (k,) in db.execute("SELECT key FROM bodies")},
                pages=dict(db.execute("SELECT key, value FROM pages")),
                articles={k: tuple(orjson.loads(v)) for k, v in db.execute("SELECT key, value FROM articles")},
                meta=meta,
            )
    except Exception:  # any damage at all means: start from nothing
        return CacheState()


def _sync(db: sqlite3.Connection, table: str, old: Mapping[str, Any], new: Mapping[str, Any],
          encode: Callable[[str, Any], Any]) -> None:  # fmt: skip
    gone = [(k,) for k in old.keys() - new.keys()]
    # Encoded one row at a time as SQLite takes them: a cold build's rows hold every body's Markdown.
    changed = ((k, encode(k, new[k])) for k in _differing(old, new))
    db.executemany(f"DELETE FROM {table} WHERE key = ?", gone)
    db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", changed)


def reset_cache(path: Path) -> None:
    """Start an empty cache file (the one there was not to be trusted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        stale.unlink(missing_ok=True)


def add_bodies(path: Path, batches: Iterable[Iterable[tuple[str, str]]]) -> None:
    """Store rendered bodies (key, HTML) as they come, so no stage holds them all."""
    with closing(_connect(path)) as db:
        db.execute("BEGIN")
        for batch in batches:
            db.executemany("INSERT OR REPLACE INTO bodies (key, value) VALUES (?, ?)", batch)
        db.execute("COMMIT")


def _rows(db: sqlite3.Connection, table: str, keys: Collection[str]) -> Iterator[tuple[str, bytes]]:
    return _where_in(db, f"SELECT key, value FROM {table} WHERE key", keys)


def _where_in(db: sqlite3.Connection, query: str, values: Collection[str]) -> Iterator[Any]:
    """The rows of `query` (its last column named, "... WHERE key") IN `values`, BOUND values at a time."""
    wanted = list(values)
    for i in range(0, len(wanted), BOUND):
        chunk = wanted[i : i + BOUND]
        yield from db.execute(f"{query} IN ({','.join('?' * len(chunk))})", chunk)


def _read(path: Path, table: str, keys: Collection[str], decode: Callable[[Any], Any]) -> dict[str, Any]:
    """The rows of `table` at `keys` (those it holds), each value decoded."""
    with closing(_connect(path)) as db:
        return {key: decode(raw) for key, raw in _rows(db, table, keys)}


def read_bodies(path: Path, keys: Collection[str]) -> dict[str, str]:
    """The rendered bodies of `keys` (all of them must be stored)."""
    return _read(path, "bodies", keys, str)


def read_files(path: Path, keys: Collection[str]) -> dict[str, LoadedFile]:
    """What the last build loaded from these content files (those it knew)."""
    return _read(path, "files", keys, _loaded)


def read_articles(path: Path, urls: Collection[str]) -> dict[str, tuple[str, str]]:
    """The last build's digests of these articles (those it published)."""
    return _read(path, "articles", urls, lambda raw: tuple(orjson.loads(raw)))


def read_specs(path: Path, cards: Collection[str], full: Collection[str]) -> list[Spec]:
    """The last build's specs of the pages that show the card of an article in `cards` or all of one in `full`."""
    with closing(_connect(path)) as db:
        paths = {p for urls, whole in ((cards, 0), (full, 1)) for url in urls
                 for (p,) in db.execute("SELECT path FROM shown WHERE url = ? AND full = ?", (url, whole))}  # fmt: skip
        return sorted((_spec(raw) for _, raw in _rows(db, "specs", paths)), key=lambda spec: spec.path)


def read_outline(path: Path) -> Outline | None:
    """The outline of the site the last build made (outline.py)."""
    with closing(_connect(path)) as db:
        rows = {key: orjson.loads(value) for key, value in db.execute("SELECT key, value FROM outline")}
    try:
        return outline_from_rows(rows) if rows else None
    except (ValueError, TypeError, KeyError):  # damaged: the site is modelled the whole way instead
        return None


def read_keys(path: Path, paths: Collection[str]) -> dict[str, str]:
    """The keys of the last build's pages at `paths` (those it made)."""
    return _read(path, "pages", paths, str)


def specs_at(path: Path, paths: Collection[str]) -> dict[str, Spec]:
    """The last build's specs of the pages at `paths` (those it made), by path."""
    return _read(path, "specs", paths, _spec)


def _shown_rows(spec: Spec) -> Iterator[tuple[str, int, str]]:
    yield from ((url, 0, spec.path) for url in dict.fromkeys(spec.cards))
    yield from ((url, 1, spec.path) for url in dict.fromkeys(spec.full))


def _sync_specs(db: sqlite3.Connection, known: Collection[str], specs: Sequence[Spec], gone: Collection[str]) -> None:
    """Store `specs` (each page's in `known` has a row already) and remove the pages `gone`, with their `shown`."""
    old = dict(_rows(db, "specs", [*gone, *(spec.path for spec in specs if spec.path in known)]))
    for path in gone:
        db.executemany("DELETE FROM shown WHERE url = ? AND full = ? AND path = ?", _shown_rows(_spec(old[path])))
    db.executemany("DELETE FROM specs WHERE key = ?", [(path,) for path in gone])
    for spec in specs:
        raw = encode(spec)
        was = old.get(spec.path)
        if was == raw:
            continue
        if was is not None:
            db.executemany("DELETE FROM shown WHERE url = ? AND full = ? AND path = ?", _shown_rows(_spec(was)))
        db.execute("INSERT OR REPLACE INTO specs (key, value) VALUES (?, ?)", (spec.path, raw))
        db.executemany("INSERT OR IGNORE INTO shown (url, full, path) VALUES (?, ?, ?)", _shown_rows(spec))


def write_cache(path: Path, old: CacheState, new: CacheState, specs: Sequence[Spec] = ()) -> None:
    """Save `new`, writing only the rows that differ from `old` (what is on disk, or was
    when this build began: bodies are added as they are rendered, see `add_bodies`).
    `specs` are those of the pages whose keys are new or changed: the others' are stored as they are."""
    new.meta["schema"] = SCHEMA
    with closing(_connect(path)) as db:
        db.execute("BEGIN")
        _sync(db, "files", old.files, new.files, lambda _, v: encode(v))
        db.executemany("DELETE FROM bodies WHERE key = ?", [(k,) for k in old.bodies - new.bodies])
        _sync_specs(db, old.pages, specs, old.pages.keys() - new.pages.keys())
        _sync(db, "pages", old.pages, new.pages, lambda _, v: v)
        _sync(db, "articles", old.articles, new.articles, lambda _, v: encode(v))
        facts = ({k: v for k, v in meta.items() if k not in PER_FILE} for meta in (old.meta, new.meta))
        _sync(db, "meta", *facts, lambda _, v: encode(v))
        _sync_per_file(db, old.meta, new.meta)
        if new.outline is not None and new.outline is not old.outline:
            if old.outline is None:  # what is stored is not known: rows of another size of site, or version
                db.execute("DELETE FROM outline")
                last = {}
            else:
                last = outline_rows(old.outline)
            # Each row encoded as SQLite takes it: at a million articles the whole is 160 MB of JSON.
            _sync(db, "outline", last, outline_rows(new.outline), lambda _, v: encode(v))
        db.execute("COMMIT")
