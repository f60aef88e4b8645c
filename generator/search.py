"""Full-text search: a Pagefind index of the built site, in output/pagefind/.

Pagefind reads the written HTML and indexes only what the templates mark with
`data-pagefind-body` (the article pages). It cannot update an index in place,
so the index is rebuilt whole, and only when an HTML page changed or the index
is missing. The build runs it on the new site before that becomes output/
(see `OutputWriter.commit`), so pages and index change together; the new
index is written beside the site and swapped in, and if indexing fails the
previous index stays in place.

output/pagefind/ is not in the build's manifest, so the writer never removes it;
this module alone owns it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pagefind_bin

from generator.errors import NewsarchiveError
from generator.swap import exchange

INDEX_DIR = "pagefind"


def needs_index(output: Path, changed: Sequence[str]) -> bool:
    """Is the index missing, or did the last write change or remove an HTML page?"""
    return not (output / INDEX_DIR / "pagefind-entry.json").is_file() or any(p.endswith(".html") for p in changed)


def index_site(output: Path, changed: Sequence[str], *, niceness: int = 0) -> bool:
    """Re-index `output` if `needs_index`; return whether it did.

    `changed` lists the output paths the build wrote or removed (`WriteStats.changed`).
    `niceness` lowers Pagefind's CPU priority (POSIX nice), for indexing in the background.
    Raises NewsarchiveError if Pagefind fails.
    """
    if not needs_index(output, changed):
        return False
    final = output / INDEX_DIR
    staging = output.parent / f".{output.name}.{INDEX_DIR}"
    shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
    # The binary, not the `pagefind` Python API: that API polls for each answer every 100 ms, which
    # made indexing a small site ten times slower than running the binary once.
    command = [
        str(pagefind_bin.get_executable()),
        *("--site", str(output.resolve()), "--output-path", str(staging.resolve())),
        "--keep-index-url",  # result links name the index.html, like every other link of the site
        "--silent",
    ]
    # Run inside output/, so that no pagefind.yml lying in the caller's folder changes the index.
    if niceness and (nice := shutil.which("nice")):
        command = [nice, "-n", str(niceness), *command]  # not preexec_fn: that is unsafe in a threaded server
    run = subprocess.run(command, cwd=output, capture_output=True, text=True)
    if run.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        detail = (run.stderr or run.stdout).strip()
        raise NewsarchiveError(f"search index: Pagefind failed on {output}: {detail}")
    if final.exists():
        exchange(staging, final)  # in one step: a reader finds the old index or the new one
        shutil.rmtree(staging)
    else:
        staging.rename(final)
    return True
