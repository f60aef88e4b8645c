"""The build cache (generator/cache.py): plain JSON rows that give back exactly what was saved."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from generator.cache import CacheState, read_cache, write_cache
from generator.content import LoadedFile
from generator.errors import Problem
from generator.model import Article, Copy, Link, Term

EVERY_FIELD = Article(
    title="Talks open in Baku",
    date=datetime(2025, 12, 4, 10, 30, tzinfo=UTC),
    slug="talks",
    lead="Body text.",
    source_path=Path("content/2025/12/talks.md"),
    updated=datetime(2025, 12, 5, tzinfo=UTC),
    subtitle="Leaders meet",
    summary="A summary.",
    section=Term("World", "world"),
    agency=Term("AA", "aa"),
    byline="A. Reporter",
    tags=(Term("Türkiye", "turkiye"), Term("Energy", "energy")),
    image_caption="A caption / AA",
    links=(Link("Day one", "https://example.com/one"), Link("Plain title")),
    aliases=("/2025/11/old-talks/",),
    also_published=(Copy("Reuters", "https://example.com/r", datetime(2025, 12, 4, 11, tzinfo=UTC)), Copy("AP")),
    source_url="https://example.com/talks",
    source_file="sources/talks.html",
    date_inferred=True,
    draft=True,
    body_key="abc",
    reading_minutes=3,
    url="/2025/12/talks/",
)


def test_a_loaded_file_with_every_field_set_comes_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    problem = Problem(Path("content/2025/12/talks.md"), "a warning", 3)
    state = CacheState(files={"content/2025/12/talks.md": LoadedFile((10, 20), EVERY_FIELD, (), (problem,), "digest")})
    write_cache(path, CacheState(), state)
    assert read_cache(path).files == state.files


def test_the_cache_holds_json_and_never_pickle(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    write_cache(path, CacheState(), CacheState(files={"a.md": LoadedFile((1, 2), EVERY_FIELD)}))
    with sqlite3.connect(path) as db:
        (value,) = db.execute("SELECT value FROM files").fetchone()
    assert bytes(value).startswith(b"{") and b"Talks open in Baku" in bytes(value)


def test_each_files_stat_key_and_last_url_come_back_as_the_last_build_left_them(tmp_path: Path) -> None:
    """A build after an edit writes only the files whose facts changed; what the next build reads is the whole."""
    path = tmp_path / "cache.sqlite"
    first = {"stats": {"a.md": (1, 10), "b.md": (2, 20), "broken.md": (3, 30)}, "urls": {"a.md": "/a/", "b.md": "/b/"}}
    write_cache(path, CacheState(), CacheState(meta=dict(first)))
    # b.md edited, broken.md now published, a.md deleted, c.md new; a URL kept for a file no longer loaded.
    second = {"stats": {"b.md": (2, 21), "broken.md": (3, 30), "c.md": (4, 40)},
              "urls": {"b.md": "/b/", "broken.md": "/broken/", "c.md": "/c/", "gone.md": "/gone/"}}  # fmt: skip
    write_cache(path, CacheState(meta=dict(first)), CacheState(meta=dict(second)))
    meta = read_cache(path).meta
    assert (meta["stats"], meta["urls"]) == (second["stats"], second["urls"])
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sources").fetchone() == (4,)
