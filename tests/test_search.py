"""The search index as the search page will read it: which pages, which words, which filters, which files."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import Site

from generator import search
from generator.build import build
from generator.search_text import read_document, terms


class _Reader:
    """Varints and gap lists, as search_shard.py writes them."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def varint(self) -> int:
        n = shift = 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return n

    def numbers(self) -> list[int]:
        out, last = [], -1
        for _ in range(self.varint()):
            last += self.varint() + 1
            out.append(last)
        return out


def manifest(output: Path) -> dict[str, Any]:
    return json.loads(gzip.decompress((output / "search-index/manifest.idx").read_bytes()))


def indexed(output: Path) -> dict[str, dict[str, Any]]:
    """What a search can find, by page: its card, words, title words and filters (removed entries left out).

    Read straight from the files the browser fetches, the way search.js reads them."""
    index = output / "search-index"
    pages: dict[str, dict[str, Any]] = {}
    meta = manifest(output)
    for shard in meta["shards"]:
        folder = index / shard["folder"]
        cards = [c for path in sorted(folder.glob("d/*.idx"), key=lambda p: int(p.stem))
                 for c in json.loads(gzip.decompress(path.read_bytes()))]  # fmt: skip
        found: dict[int, dict[str, Any]] = defaultdict(lambda: {"words": set(), "title_words": set(), "filters": {}})
        for path in folder.glob("t/*.idx"):
            read = _Reader(gzip.decompress(path.read_bytes()))
            while read.pos < len(read.data):
                length = read.varint()
                term = read.data[read.pos : read.pos + length].decode()
                read.pos += length
                every, titles = read.numbers(), read.numbers()
                for n in every:
                    if ":" in term:
                        kind, value = term.split(":", 1)
                        found[n]["filters"].setdefault(kind, []).append(value)
                    else:
                        found[n]["words"].add(term)
                for n in titles:
                    found[n]["title_words"].add(term)
        removed = set(meta["removed"].get(shard["folder"], []))
        for n, card in enumerate(cards):
            if n not in removed:
                pages[card[0]] = {"title": card[1], "excerpt": card[2], **found[n]}
    return pages


def _news(site: Site) -> None:
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "The delegates discussed *pipelines*.",
             subtitle="Leaders meet", section="World", source="AA", tags=["Azerbaijan", "Energy"])  # fmt: skip
    site.add("markets-rally", "Markets rally", "2024-11-20", "Shares rose.", section="Business", tags=["Markets"])


def test_only_articles_are_indexed_with_title_body_and_filters(site: Site) -> None:
    _news(site)
    build(site.root)
    records = indexed(site.output)
    assert sorted(records) == ["2024/11/markets-rally/index.html", "2025/12/talks-open-in-baku/index.html"]
    talks = records["2025/12/talks-open-in-baku/index.html"]
    assert talks["title"] == "Talks open in Baku"
    assert talks["excerpt"] == "Leaders meet"
    assert {"talks", "baku", "leaders", "delegates", "pipelines"} <= talks["words"]
    assert talks["title_words"] == {"talks", "open", "in", "baku"}
    assert {k: sorted(v) for k, v in talks["filters"].items()} == {
        "section": ["World"], "source": ["AA"], "tag": ["Azerbaijan", "Energy"], "year": ["2025"]}  # fmt: skip
    assert manifest(site.output)["filters"]["section"] == ["Business", "World"]


def test_a_document_holds_plain_strings_not_its_page(site: Site) -> None:
    """lxml's "smart" strings keep their page's whole tree alive: one in each result card made indexing
    a year of 10,000 articles take 1 GB (90 KB a page) instead of tens of MB."""
    _news(site)
    build(site.root)
    doc = read_document(site.output, "2025/12/talks-open-in-baku/index.html")
    assert doc is not None
    values = [doc.url, doc.title, doc.excerpt, doc.date, doc.section, *doc.words, *doc.title_words]
    assert {type(v) for v in values + [v for pair in doc.filters for v in pair]} == {str}


def test_navigation_headlines_and_footers_are_not_indexed(site: Site) -> None:
    _news(site)
    build(site.root)
    talks = indexed(site.output)["2025/12/talks-open-in-baku/index.html"]["words"]
    # "Markets rally" is in this page's earlier headlines and "Business" in its navigation.
    for furniture in ("markets", "rally", "business", "skip", "min", "earlier", "headlines", "rss", "source"):
        assert furniture not in talks


def test_accents_and_case_are_folded_like_the_search_page_does() -> None:
    assert terms("Türkiye's São-Paulo ÉLAN 2025") == ["turkiye", "s", "sao", "paulo", "elan", "2025"]


def test_unchanged_rebuild_keeps_the_index_and_a_deleted_index_comes_back(site: Site) -> None:
    _news(site)
    for path in (site.root / "content").iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))  # saved long ago: the quick no-change check applies
    build(site.root)
    entry = site.output / "search-index/manifest.idx"
    before = entry.stat().st_mtime_ns
    build(site.root)
    assert entry.stat().st_mtime_ns == before
    shutil.rmtree(site.output / "search-index")
    build(site.root)
    assert entry.is_file()


def test_a_removed_article_leaves_the_index_and_an_edit_reaches_it(site: Site) -> None:
    _news(site)
    build(site.root)
    (site.root / "content/markets-rally.md").unlink()
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "Delegates signed a treaty.", section="World")
    build(site.root)
    records = indexed(site.output)
    assert list(records) == ["2025/12/talks-open-in-baku/index.html"]
    assert {"signed", "treaty"} <= records["2025/12/talks-open-in-baku/index.html"]["words"]
    assert "pipelines" not in records["2025/12/talks-open-in-baku/index.html"]["words"]
    assert not list((site.output / "search-index").glob(".*")), "no half-written shard is left behind"


def _shard_files(output: Path) -> dict[str, int]:
    index = output / "search-index"
    return {p.relative_to(index).as_posix(): p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}


def test_an_edit_rewrites_only_the_small_recent_shard(site: Site) -> None:
    _news(site)
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    before = _shard_files(site.output)
    assert sorted(s["key"] for s in manifest(site.output)["shards"]) == ["2024", "2025"]
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Flooded streets.", section="World")
    build(site.root)
    after = _shard_files(site.output)
    shards = manifest(site.output)["shards"]
    assert [(s["key"], s["docs"]) for s in shards] == [("recent", 1), ("2025", 2), ("2024", 1)]
    base = {rel: mtime for rel, mtime in before.items() if not rel.startswith("manifest")}
    assert all(after[rel] == mtime for rel, mtime in base.items()), "the base shards keep their files and mtimes"
    assert {"flooded"} <= indexed(site.output)["2025/01/rain-in-leeds/index.html"]["words"]
    assert "wet" not in indexed(site.output)["2025/01/rain-in-leeds/index.html"]["words"]


def test_a_full_recent_shard_is_compacted_into_its_year(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RECENT_MAX", 1)
    _news(site)
    build(site.root)
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "Delegates signed a treaty.", section="World")
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    meta = manifest(site.output)
    assert [s["key"] for s in meta["shards"]] == ["2025", "2024"] and meta["removed"] == {}
    records = indexed(site.output)
    assert sorted(records) == ["2024/11/markets-rally/index.html", "2025/01/rain-in-leeds/index.html",
                               "2025/12/talks-open-in-baku/index.html"]  # fmt: skip
    assert "treaty" in records["2025/12/talks-open-in-baku/index.html"]["words"]
    live = {s["folder"] for s in meta["shards"]} | set(meta["retired"])
    assert {p.name for p in (site.output / "search-index").iterdir() if p.is_dir()} == live


def test_a_big_year_is_split_into_months(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "YEAR_SHARD_MAX", 1)
    _news(site)
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    assert [s["key"] for s in manifest(site.output)["shards"]] == ["2025-12", "2025-01", "2024"]
    assert len(indexed(site.output)) == 3


def test_pages_re_rendered_for_their_headlines_alone_stay_in_the_base(site: Site) -> None:
    _news(site)
    build(site.root)
    # In the earlier headlines of the articles after it.
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    shards = manifest(site.output)["shards"]
    assert [(s["key"], s["docs"]) for s in shards] == [("recent", 1), ("2025", 1), ("2024", 1)]
    assert manifest(site.output)["removed"] == {}
    assert len(indexed(site.output)) == 3


def test_the_recent_shard_is_written_again_from_the_documents_it_keeps(site: Site) -> None:
    _news(site)
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Flooded streets.", section="World", tags=["Weather"])
    build(site.root)
    site.add("markets-rally", "Markets rally", "2024-11-20", "Shares fell.", section="Business", tags=["Markets"])
    build(site.root)
    index = site.output / "search-index"
    recent = next(s for s in search._read_state(index).shards if s.key == search.RECENT)
    kept = search.shard_documents(index, recent)
    assert sorted(kept) == ["2024/11/markets-rally/index.html", "2025/01/rain-in-leeds/index.html"]
    assert all(doc == read_document(site.output, rel) for rel, doc in kept.items()), "as its page reads"
    found = indexed(site.output)
    assert {"flooded"} <= found["2025/01/rain-in-leeds/index.html"]["words"]
    assert found["2025/01/rain-in-leeds/index.html"]["filters"]["tag"] == ["Weather"]
    # Moved: its old address is a redirect now, and search must not find the article there.
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Flooded streets.", section="World", slug="leeds-rain",
             aliases=["/2025/01/rain-in-leeds/"])  # fmt: skip
    build(site.root)
    found = indexed(site.output)
    assert (site.output / "2025/01/rain-in-leeds/index.html").is_file()
    assert "2025/01/rain-in-leeds/index.html" not in found
    assert {"flooded"} <= found["2025/01/leeds-rain/index.html"]["words"]


def test_every_page_written_again_leaves_search_as_it_sees_them(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new site title writes every page again, and search reads each of them to see what changed, without
    holding them all (more than RECENT_MAX: here 2). Those it sees as before stay where they are; an article
    edited before, then moved, whose old address in `recent` is a redirect now, is found where it is now."""
    monkeypatch.setattr(search, "RECENT_MAX", 2)
    _news(site)
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Wet streets.", section="World")
    build(site.root)
    shards = manifest(site.output)["shards"]
    for title in ("Renamed Archive", "Third Name"):
        site.write("site.toml", f'title = "{title}"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
        if title == "Third Name":
            site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Flooded streets.", section="World")
        build(site.root)
        assert title in (site.output / "2025/01/rain-in-leeds/index.html").read_text()
        if title == "Renamed Archive":
            assert manifest(site.output)["shards"] == shards and manifest(site.output)["removed"] == {}
    assert [s["key"] for s in manifest(site.output)["shards"]] == ["recent", "2025", "2024"]
    site.write("site.toml", 'title = "Fourth Name"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
    site.add("rain-in-leeds", "Rain in Leeds", "2025-01-10", "Flooded streets.", section="World", slug="leeds-rain",
             aliases=["/2025/01/rain-in-leeds/"])  # fmt: skip
    build(site.root)
    found = indexed(site.output)
    assert sorted(found) == ["2024/11/markets-rally/index.html", "2025/01/leeds-rain/index.html",
                             "2025/12/talks-open-in-baku/index.html"]  # fmt: skip
    assert "flooded" in found["2025/01/leeds-rain/index.html"]["words"]
