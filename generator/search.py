"""Full-text search: a Pagefind index of the built site, in output/pagefind/.

Pagefind reads the written HTML and indexes only what the templates mark with
`data-pagefind-body` (the article pages). It cannot update an index in place,
so the index is rebuilt whole, and only when an HTML page changed or the index
is missing. The new index is written beside output/ and swapped in at the end:
if indexing fails, the previous index stays in place.

output/pagefind/ is not in the build's manifest, so the writer never removes it;
this module alone owns it.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import PagefindIndex

from generator.errors import NewsarchiveError

INDEX_DIR = "pagefind"


def needs_index(output: Path, changed: Sequence[str]) -> bool:
    """Is the index missing, or did the last write change or remove an HTML page?"""
    return not (output / INDEX_DIR / "pagefind-entry.json").is_file() or any(p.endswith(".html") for p in changed)


def index_site(output: Path, changed: Sequence[str]) -> int | None:
    """Re-index `output` if `needs_index`: return the number of HTML files Pagefind read (the index holds
    the article pages among them), or None when the index was left as it was.

    `changed` lists the output paths the build wrote or removed (`WriteStats.changed`).
    Raises NewsarchiveError if Pagefind fails.
    """
    if not needs_index(output, changed):
        return None
    final = output / INDEX_DIR
    staging = output.parent / f".{output.name}.{INDEX_DIR}"
    old = output.parent / f".{output.name}.{INDEX_DIR}-old"
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        # The caller may be running an event loop of its own (a server, Playwright's sync API, a notebook),
        # and asyncio.run refuses to nest: the Pagefind service gets a loop in a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as worker:
            count = worker.submit(asyncio.run, _index(output, staging)).result()
    except Exception as exc:  # the Pagefind service reports failures as assorted exceptions
        shutil.rmtree(staging, ignore_errors=True)
        raise NewsarchiveError(f"search index: Pagefind failed on {output}: {exc}") from exc
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return count


async def _index(site: Path, into: Path) -> int:
    # Leaving the context writes the index to `output_path`, once; result links name the
    # index.html, like every other link of the site.
    async with PagefindIndex({"output_path": str(into.resolve()), "keep_index_url": True}) as index:
        found = await index.add_directory(str(site.resolve()))
    return found["page_count"]
