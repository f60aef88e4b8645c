"""Search at scale: index time and memory, files written, bytes a browser fetches per query.

    python bench/search_scale.py site N       # the bench corpus of N articles, built without search
    python bench/search_scale.py grow N K     # the site of N * K articles from N's pages, K times over (see grow)
    python bench/search_scale.py measure N    # our index on it: cold, one edit, a compaction, queries

Big sizes go through the machine-wide lock: `flock /tmp/newsarchive-big.lock python bench/search_scale.py ...`.
Results are saved as JSON in .bench/search-scale/ and printed. Each index run is a fresh process whose
peak RSS is read from wait4; queries run in Debian's Chromium (Playwright) against a plain static
server on 127.0.0.1, counting the response bytes of every request from the search page's load on.
"""

from __future__ import annotations

import json
import os
import random
import re
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
    """Run `code` in a fresh Python; its wall time and peak RSS (MB), and the seconds it prints, if any."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=HERE.parent, stdout=subprocess.PIPE, text=True)
    said = child.stdout.read().strip() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"index run failed ({status}): {args}")
    result = {"seconds": round(seconds, 2), "rss_mb": round(usage.ru_maxrss / 1024)}
    return result | ({"in_call_seconds": float(said)} if said else {})


# The time inside index_site is what a build or `serve` pays (they have Python and the modules loaded).
INDEX = "import sys, time; from pathlib import Path; from generator.search import index_site; " \
        "t = time.perf_counter(); index_site(Path(sys.argv[1]), sys.argv[2:]); " \
        "print(round(time.perf_counter() - t, 3))"  # fmt: skip


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


_WORD = re.compile(r"\b[a-z]+\b")
_TEXT = re.compile(r">([^<]+)<")


def _respell(html: str, swap: dict[str, str]) -> str:
    """`html` with every lowercase word of its text (never its markup) replaced through `swap`."""
    return _TEXT.sub(lambda m: ">" + _WORD.sub(lambda w: swap.get(w[0], w[0]), m[1]) + "<", html)


def grow(n: int, factor: int) -> None:
    """The article pages of the built site of `n` articles, `factor` times over, as the site of n * factor.

    Building 100,000 articles takes an hour on this shared machine; search needs only the article pages
    (and the search page). Copy k of a page gets the slug `slug-k` and its own words: every lowercase word
    of its title, dek and body goes through a permutation of the corpus vocabulary drawn for copy k, so
    the copies are as unlike each other as two articles of the corpus, with the same page markup.
    """
    source, target = site_dir(n) / "output", site_dir(n * factor) / "output"
    shutil.rmtree(target, ignore_errors=True)
    for folder in ("search", "static"):
        shutil.copytree(source / folder, target / folder)
    vocab = sorted(set(_vocabulary(random.Random(1))))
    for k in range(factor):
        shuffled = random.Random(k).sample(vocab, len(vocab))
        swap = dict(zip(vocab, shuffled, strict=True)) if k else {}
        for rel in article_pages(source):
            html = (source / rel).read_text(encoding="utf-8")
            if swap:
                head, rest = html.split("<h1", 1)
                story, tail = rest.split("<footer", 1)
                html = f"{head}<h1{_respell(story, swap)}<footer{tail}"
            out = target / (rel.removesuffix("/index.html") + (f"-{k}" if k else "") + "/index.html")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8")
    print(f"wrote {factor} x {len(article_pages(source))} article pages to {target}")


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

    # Edits cluster in the newest year; one more than `recent` holds makes a compaction of that year.
    newest = [rel for rel in pages if rel.startswith(pages[-1][:4])]
    batch = rng.sample(newest, search.RECENT_MAX + 1)
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
    elif command == "grow":
        grow(n, int(sys.argv[3]))
    elif command == "measure":
        save(f"ours-{n}", measure(n))
    elif command == "queries":
        save(f"queries-{n}", queries(site_dir(n) / "output"))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
