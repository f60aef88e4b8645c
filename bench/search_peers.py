"""The alternatives to our search index, measured on the same built pages (see search_scale.py).

    python bench/search_peers.py binary N     # the Pagefind binary over the whole site (what the build ran before)
    python bench/search_peers.py shards N     # Pagefind's Python API, add_custom_record, one bundle per year,
                                              # then the bytes a query fetches with mergeIndex in Chromium
    python bench/search_peers.py binary-shards N  # the same with the binary, one run per year (no filters:
                                                  # the templates no longer carry Pagefind's attributes)
    python bench/search_peers.py fts5 N       # SQLite FTS5 (Python's sqlite3): cold index, one edit, file size

Needs the `bench` extra (`pip install -e ".[bench]"`: pagefind-bin and pagefind). Results go to .bench/search-scale/.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from search_scale import article_pages, files_report, run_child, save, site_dir  # noqa: E402

# Pagefind indexes what search.py indexes: the marked article, without its ignored parts.
BINARY = (
    "import subprocess, sys, pagefind_bin; site, out = sys.argv[1:3]; "
    "subprocess.run([str(pagefind_bin.get_executable()),"
    " '--site', site, '--output-path', out, '--root-selector', 'article[data-search-body]',"
    " '--exclude-selectors', '[data-search-ignore]', '--silent', *sys.argv[3:]], check=True)"
)
# One year's bundle through the Python API, from the same Documents our index reads (no HTML parsing by Pagefind).
SHARD = """
import asyncio, sys
from pathlib import Path
from pagefind.index import PagefindIndex
from generator.search_text import read_document
output, out, pages = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).read_text().split()
async def main():
    # Leaving the context writes the bundle to output_path.
    async with PagefindIndex(config={"keep_index_url": True, "output_path": out}) as index:
        for rel in pages:
            doc = read_document(output, rel)
            filters = {}
            for kind, value in doc.filters:
                filters.setdefault(kind, []).append(value)
            await index.add_custom_record(url="/" + rel, content=" ".join(sorted(doc.words)), language="en",
                                          meta={"title": doc.title}, filters=filters)
asyncio.run(main())
"""
FTS5 = """
import sqlite3, sys, time
from pathlib import Path
from generator.search_text import read_document
output, db, pages = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).read_text().split()
con = sqlite3.connect(db)
con.execute("create virtual table if not exists docs using fts5(url unindexed, title, body, filters)")
with con:
    for rel in pages:
        d = read_document(output, rel)
        con.execute("delete from docs where url = ?", (rel,))
        con.execute("insert into docs values (?, ?, ?, ?)", (rel, d.title, " ".join(sorted(d.words)),
                    " ".join(f"{k}_{v}" for k, v in d.filters)))
"""

PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title><script type="module">
const years = %s;
const base = new URL("./", location.href);
const pagefind = await import(new URL(years[0] + "/pagefind.js", base).href);
await pagefind.options({});
for (const year of years.slice(1)) await pagefind.mergeIndex(new URL(year + "/", base).href);
await pagefind.init();
window.query = async (q) => {
  await pagefind.filters();  // the Pagefind UI shows its filters, so it loads them
  const found = await pagefind.search(q);
  await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
  return found.results.length;
};
window.ready = true;
</script>"""


def listed(n: int, pages: list[str]) -> str:
    """A file naming `pages`, for a child process (100,000 paths are too many for a command line)."""
    path = site_dir(n) / "pages.txt"
    path.write_text("\n".join(pages))
    return str(path)


def binary(n: int) -> dict:
    output = site_dir(n) / "output"
    out = site_dir(n) / "pagefind-binary"
    shutil.rmtree(out, ignore_errors=True)
    return {"cold": run_child(BINARY, str(output), str(out)), "files": files_report(out)}


def shards(n: int, api: bool) -> dict:
    """A Pagefind bundle per year, through the Python API (`api`) or the binary, merged in the browser."""
    output = site_dir(n) / "output"
    root = output / "pf-shards"
    shutil.rmtree(root, ignore_errors=True)
    pages = article_pages(output)
    years = sorted({rel[:4] for rel in pages}, reverse=True)
    result: dict = {"years": {}}
    for year in years:
        if api:
            mine = [rel for rel in pages if rel.startswith(year + "/")]
            run = run_child(SHARD, str(output), str(root / year), listed(n, mine))
        else:
            run = run_child(BINARY, str(output), str(root / year), "--glob", f"{year}/*/*/index.html")
        result["years"][year] = run
        print(year, run, flush=True)
    result["files"] = files_report(root)
    (root / "index.html").write_text(PAGE % years)
    result["queries"] = pagefind_queries(output)
    return result


def pagefind_queries(output: Path) -> dict:
    from conftest import CHROMIUM, CHROMIUM_ARGS, static_server
    from corpus import _vocabulary
    from playwright.sync_api import sync_playwright

    vocab = _vocabulary(random.Random(1))
    one, three = vocab[100], " ".join(vocab[200:203])
    out = {}
    with static_server(output) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for first, further in ((one, three), (three, one)):
            context = browser.new_context()
            page = context.new_page()
            fetched: list = []
            page.on("requestfinished", lambda r, fetched=fetched: fetched.append(r))
            page.goto(f"{root}pf-shards/index.html")
            page.wait_for_function("window.ready === true", timeout=120_000)
            for label, q in ((f"first {first!r}", first), (f"then {further!r}", further)):
                count = page.evaluate("(q) => window.query(q)", q)
                page.wait_for_load_state("networkidle")
                kb = round(sum(max(r.sizes()["responseBodySize"], 0) for r in fetched) / 1024, 1)
                out[label] = {"kb": kb, "requests": len(fetched), "results": count}
                fetched.clear()
            context.close()
        browser.close()
    return out


def fts5(n: int) -> dict:
    output = site_dir(n) / "output"
    db = site_dir(n) / "fts5.sqlite"
    db.unlink(missing_ok=True)
    pages = article_pages(output)
    result = {"cold": run_child(FTS5, str(output), str(db), listed(n, pages))}
    result["one_edit"] = run_child(FTS5, str(output), str(db), listed(n, [random.Random(7).choice(pages)]))
    result["bytes"] = db.stat().st_size
    return result


def main() -> None:
    command, n = sys.argv[1], int(sys.argv[2])
    measures = {
        "binary": binary,
        "shards": lambda n: shards(n, api=True),
        "binary-shards": lambda n: shards(n, api=False),
        "fts5": fts5,
    }
    if command not in measures:
        raise SystemExit(__doc__)
    save(f"{command}-{n}", measures[command](n))


if __name__ == "__main__":
    main()
