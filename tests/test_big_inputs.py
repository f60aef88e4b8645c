"""Big inputs: bounded memory and time, and where a limit applies the message names the limit and the file.

Memory is measured with tracemalloc (Python allocations, deterministic);
time is never asserted, only bounded by limits that cut the work off early.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from conftest import Site

from generator import content
from generator.build import Builder, build
from generator.content import load_file
from generator.ingest import import_paths, import_sources
from generator.limits import MAX_NESTING_COLUMNS, MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS, MAX_TAGS

T = TypeVar("T")
MB = 1_000_000


def peak(work: Callable[[], T]) -> tuple[T, int]:
    """The result of `work` and the most memory Python held at once while it ran."""
    tracemalloc.start()
    try:
        return work(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_raw_file_is_refused_by_size_without_being_read(tmp_path: Path) -> None:
    raw = tmp_path / "sources" / "huge.txt"
    raw.parent.mkdir()
    with raw.open("wb") as out:
        out.write(b"Floods force thousands from homes. " * 1000)
        out.truncate(50 * MB)
    report, used = peak(lambda: import_sources(tmp_path))
    assert list(map(str, report.errors)) == [
        "sources/huge.txt: the file is 50.0 MB; the importer reads files up to 16.0 MB (the limit)"
    ]
    assert used < 2 * MB
    assert import_paths([raw], tmp_path).errors == report.errors


def test_an_article_of_100000_paragraphs_is_refused_at_the_paragraph_limit(site: Site) -> None:
    path = site.add("long", "Long", "2025-01-01", body="\n\n".join(f"P{n}." for n in range(100_000)))
    (loaded, _), used = peak(lambda: load_file(path, Path("content/long.md"), ZoneInfo("UTC")))
    [error] = loaded.errors
    assert str(error) == (
        f"content/long.md:{4 + MAX_PARAGRAPHS * 2 + 1}: the body has more than 10,000 paragraphs (the limit); "
        "split the article"
    )
    assert used < 10 * path.stat().st_size


def test_an_imported_page_of_100000_paragraphs_names_the_limit_and_the_raw_file(tmp_path: Path) -> None:
    sentence = "The minister said on Tuesday that the floods had forced thousands of people from their homes."
    raw = tmp_path / "sources" / "long.txt"
    raw.parent.mkdir()
    raw.write_text("Floods force thousands from homes\n\nDecember 4, 2025\n\n" + f"{sentence}\n\n" * 100_000)
    report = import_paths([raw], tmp_path)
    assert list(map(str, report.errors)) == [
        "sources/long.txt: the article found is too big to publish: the body has more than 10,000 paragraphs "
        "(the limit); split the article"
    ]


def test_an_article_with_10000_tags_is_refused_at_the_tag_limit(site: Site) -> None:
    site.add("tags", "Tagged", "2025-01-01", tags=[f"tag {n}" for n in range(10_000)])
    site.add("fine", "Fine", "2025-01-02", tags=[f"tag {n}" for n in range(MAX_TAGS)])
    result = build(site.root)
    assert [str(e) for e in result.report.errors] == [
        f"content/tags.md:4: tags: 10,000 tags; an article may have at most {MAX_TAGS} (the limit)"
    ]
    assert len(list(site.output.glob("tags/*/index.html"))) == MAX_TAGS


def test_a_content_file_over_the_size_limit_is_refused_without_being_read(site: Site) -> None:
    path = site.add("big", "Big", "2025-01-01", body=("word " * 200 + "\n\n") * 3000)
    (loaded, _), used = peak(lambda: load_file(path, Path("content/big.md"), ZoneInfo("UTC")))
    assert [str(e) for e in loaded.errors] == [
        "content/big.md: the file is 3.0 MB; content files may be 2.0 MB at most (the limit)"
    ]
    assert used < MB


def test_a_giant_paragraph_and_deep_nesting_are_refused_with_their_line(site: Site) -> None:
    giant = "*word* " * (MAX_PARAGRAPH_CHARS // 7 + 1)  # 200,004 characters
    site.add("giant", "Giant", "2025-01-01", body=f"Intro.\n\n{giant}")
    nested = "".join("  " * depth + "- item\n" for depth in range(MAX_NESTING_COLUMNS))
    site.add("nested", "Nested", "2025-01-01", body=f"Intro.\n\n{nested}")
    site.add("quoted", "Quoted", "2025-01-01", body="Intro.\n\n" + ">" * 40 + " deep")
    site.add("fine", "Fine", "2025-01-02", body="Intro.\n\n" + "".join("  " * d + "- item\n" for d in range(10)))
    result = build(site.root)
    assert sorted(str(e) for e in result.report.errors) == [
        f"content/giant.md:7: a paragraph of 200,004 characters is longer than {MAX_PARAGRAPH_CHARS:,} (the limit); "
        "separate its paragraphs with blank lines",
        f"content/nested.md:{7 + MAX_NESTING_COLUMNS // 2 + 1}: lists, quotes or indentation nest deeper than "
        f"{MAX_NESTING_COLUMNS} columns (the limit)",
        f"content/quoted.md:7: lists, quotes or indentation nest deeper than {MAX_NESTING_COLUMNS} columns (the limit)",
    ]
    assert site.page("/2025/01/fine/").xpath("count(//div[@class='body']//li)") == 10


def test_the_largest_article_within_the_limits_builds(site: Site) -> None:
    paragraph = "The minister said on Tuesday that the *floods* had forced thousands from their homes. " * 2
    site.add("long", "Long report", "2025-01-01", body="\n\n".join([paragraph] * (MAX_PARAGRAPHS // 2)))
    result = build(site.root)
    assert result.report.errors == []
    assert site.page("/2025/01/long/").xpath("count(//div[@class='body']/p)") == MAX_PARAGRAPHS // 2


def test_a_first_build_renders_bodies_in_batches_as_it_loads_and_every_page_shows_its_own(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million articles the loader hands its Markdown on every FLUSH_BODIES files (here every 2)."""
    monkeypatch.setattr(content, "FLUSH_BODIES", 2)
    for n in range(1, 8):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"The body of story {n}.")
    site.add("same", "Same body", "2025-01-09", "The body of story 1.")  # one body key for two files
    Builder(site.root).build()
    for n in range(1, 8):
        assert f"The body of story {n}." in (site.output / f"2025/01/a{n}/index.html").read_text()
    assert "The body of story 1." in (site.output / "2025/01/same/index.html").read_text()
