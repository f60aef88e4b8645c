"""The search index as the search page will read it: which pages, which words, which filters."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path
from typing import Any

from conftest import Site

from generator.build import build


def indexed(output: Path) -> dict[str, dict[str, Any]]:
    """Every page record in the Pagefind index, by URL.

    Pagefind's fragment files are gzipped JSON behind a fixed signature; reading
    them is quicker than a browser and shows exactly what search can find.
    """
    records = {}
    for path in (output / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        records[record["url"]] = record
    return records


def _news(site: Site) -> None:
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "The delegates discussed *pipelines*.",
             subtitle="Leaders meet", section="World", tags=["Azerbaijan", "Energy"])  # fmt: skip
    site.add("markets-rally", "Markets rally", "2024-11-20", "Shares rose.", section="Business", tags=["Markets"])


def test_only_articles_are_indexed_with_title_body_and_filters(site: Site) -> None:
    _news(site)
    build(site.root)
    records = indexed(site.output)
    assert sorted(records) == ["/2024/11/markets-rally/index.html", "/2025/12/talks-open-in-baku/index.html"]
    talks = records["/2025/12/talks-open-in-baku/index.html"]
    assert talks["meta"]["title"] == "Talks open in Baku"
    assert "The delegates discussed pipelines." in talks["content"]
    assert talks["filters"] == {"section": ["World"], "tag": ["Azerbaijan", "Energy"], "year": ["2025"]}


def test_navigation_headlines_and_footers_are_not_indexed(site: Site) -> None:
    _news(site)
    build(site.root)
    talks = indexed(site.output)["/2025/12/talks-open-in-baku/index.html"]["content"]
    # "Markets rally" is in this page's earlier headlines and "Business" in its navigation.
    for furniture in ("Markets rally", "Business", "Skip to content", "min read", "Earlier headlines", "RSS"):
        assert furniture not in talks


def test_unchanged_rebuild_keeps_the_index_and_a_deleted_index_comes_back(site: Site) -> None:
    _news(site)
    for path in (site.root / "content").iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))  # saved long ago: the quick no-change check applies
    build(site.root)
    entry = site.output / "pagefind/pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    build(site.root)
    assert entry.stat().st_mtime_ns == before
    shutil.rmtree(site.output / "pagefind")
    build(site.root)
    assert entry.is_file()


def test_a_removed_article_leaves_the_index_and_an_edit_reaches_it(site: Site) -> None:
    _news(site)
    build(site.root)
    (site.root / "content/markets-rally.md").unlink()
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "Delegates signed a treaty.", section="World")
    build(site.root)
    records = indexed(site.output)
    assert list(records) == ["/2025/12/talks-open-in-baku/index.html"]
    assert "signed a treaty" in records["/2025/12/talks-open-in-baku/index.html"]["content"]
    assert not list(site.output.parent.glob(".output.pagefind*")), "no staging folder is left behind"
