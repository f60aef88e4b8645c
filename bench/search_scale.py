"""Search at scale: index time and memory, files written, bytes a browser fetches per query.

    python bench/search_scale.py site N       # the bench corpus of N articles, built without search
    python bench/search_scale.py measure N    # our index on it: cold, one edit, a compaction, queries
    python bench/search_scale.py pagefind N   # Pagefind on the same pages: whole site, and one shard per year

Big sizes go through the machine-wide lock: `flock /tmp/newsarchive-big.lock python bench/search_scale.py ...`.
Results are saved as JSON in .bench/search-scale/ and printed. Each index run is a fresh process whose
peak RSS is read from wait4; queries run in Debian's Chromium (Playwright) against a plain static
server on 127.0.0.1, counting the response bytes of every request from the search page's load on.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from corpus import _vocabulary, write_corpus  # noqa: E402

from generator.build import Builder  # noqa: E402
from generator.search_text import ARTICLE_PATH  # noqa: E402

WORK = HERE.parent / ".bench" / "search-scale"


def site_dir(n: int) -> Path:
    return WORK / str(n)


def make_site(n: int) -> None:
    site = site_dir(n)
    if not (site / "content").is_dir():
        write_corpus(site, n)
    started = time.perf_counter()
    Builder(site, search=False).build()
    print(f"built {n} articles without search in {time.perf_counter() - started:.0f} s")


def run_child(code: str, *args: str) -> dict:
    """Run `code` in a fresh Python; its wall time and peak RSS (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=HERE.parent)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"index run failed ({status}): {args}")
    return {"seconds": round(seconds, 2), "rss_mb": round(usage.ru_maxrss / 1024)}


INDEX = "import sys; from pathlib import Path; from generator.search import index_site; " \
        "index_site(Path(sys.argv[1]), sys.argv[2:])"  # fmt: skip


def article_pages(output: Path) -> list[str]:
    found = (p.relative_to(output).as_posix() for p in output.glob("[0-9]*/[0-9]*/*/index.html"))
    return sorted(rel for rel in found if ARTICLE_PATH.fullmatch(rel))


def edit_page(output: Path, rel: str, word: str) -> None:
    """Change one article page's body, as a rebuild after a body edit would (a new file, new inode)."""
    path = output / rel
    text = path.read_text(encoding="utf-8").replace('<div class="body">', f'<div class="body">\n<p>{word}</p>', 1)
    path.unlink()
    path.write_text(text, encoding="utf-8")


def files_report(folder: Path) -> dict:
    per_folder = Counter(p.parent for p in folder.rglob("*") if p.is_file())
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    disk = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True).stdout.split()[0]
    return {"files": len(sizes), "bytes": sum(sizes), "disk_mb": round(int(disk) / 1024),
            "most_in_a_folder": max(per_folder.values(), default=0)}  # fmt: skip


def measure(n: int) -> dict:
    output = site_dir(n) / "output"
    shutil.rmtree(output / "search-index", ignore_errors=True)
    pages = article_pages(output)
    result: dict = {"articles": len(pages), "cold": run_child(INDEX, str(output))}
    result["cold_files"] = files_report(output / "search-index")
    rng = random.Random(7)
    edits = []
    for k in range(3):
        rel = rng.choice(pages)
        edit_page(output, rel, f"benchedit{k}")
        edits.append(run_child(INDEX, str(output), rel))
    result["one_edit"] = edits
    from generator import search

    batch = rng.sample(pages, search.RECENT_MAX + 1)
    for rel in batch:
        edit_page(output, rel, "benchbatch")
    result["compaction"] = run_child(INDEX, str(output), *batch)
    result["files"] = files_report(output / "search-index")
    result["site"] = files_report(output)
    result["queries"] = queries(output)
    return result


def queries(output: Path) -> dict:
    """Bytes the search page fetches: loading it with a query, then each further query typed in."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, static_server
    from playwright.sync_api import sync_playwright

    vocab = _vocabulary(random.Random(1))  # the corpus's own words (write_corpus draws them first)
    one, three = vocab[100], " ".join(vocab[200:203])
    fetched: list = []
    out = {}
    with static_server(output) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def kb() -> dict:
            return {"kb": round(sum(r.sizes()["responseBodySize"] for r in fetched) / 1024, 1),
                    "requests": len(fetched), "status": page.inner_text(".search-status")}  # fmt: skip

        for first, further in ((one, three), (three, one)):
            context = browser.new_context()  # an empty cache: a reader's first visit
            page = context.new_page()
            page.on("requestfinished", lambda r: fetched.append(r))
            fetched.clear()
            page.goto(f"{root}search/index.html?q={first}")
            page.wait_for_selector(".search-status:not(:empty):not(:text('Searching…'))")
            page.wait_for_load_state("networkidle")
            out[f"first {first!r}"] = kb()
            fetched.clear()
            page.fill("#search-words", further)
            page.press("#search-words", "Enter")
            page.wait_for_function(
                "(w) => document.querySelector('.search-status').textContent.includes(w)", arg=further
            )
            page.wait_for_load_state("networkidle")
            out[f"then {further!r}"] = kb()
            context.close()
        browser.close()
    return out


def save(name: str, data: dict) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / f"{name}.json").write_text(json.dumps(data, indent=2))
    print(json.dumps(data, indent=2))


def main() -> None:
    command, n = sys.argv[1], int(sys.argv[2])
    if command == "site":
        make_site(n)
    elif command == "measure":
        save(f"ours-{n}", measure(n))
    elif command == "queries":
        save(f"queries-{n}", queries(site_dir(n) / "output"))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
