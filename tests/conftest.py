"""Shared helpers: real sites written to temporary folders and built for real."""

from __future__ import annotations

import functools
import http.server
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
import yaml
from newspages import NewsServer
from playwright.sync_api import Browser, sync_playwright

from generator.build import build


def article(title: str, date: str, body: str = "Body text.", **fields: object) -> str:
    """The text of a content file with the given front matter."""
    front = yaml.safe_dump({"title": title, "date": date, **fields}, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{textwrap.dedent(body).strip()}\n"


class Site:
    """A site folder under tmp_path with helpers to write content and read output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add(self, name: str, title: str, date: str, body: str = "Body text.", **fields: object) -> Path:
        return self.write(f"content/{name}.md", article(title, date, body, **fields))

    def page(self, rel: str) -> lxml.html.HtmlElement:
        """Parse an output file as HTML; `rel` is a site URL like /tags/uk/."""
        path = self.output / (rel.lstrip("/") + ("index.html" if rel.endswith("/") else ""))
        return lxml.html.fromstring(path.read_bytes())

    def files(self) -> dict[str, tuple[bytes, int]]:
        """Every output file with its bytes and mtime."""
        return {
            p.relative_to(self.output).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(self.output.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def site(tmp_path: Path) -> Site:
    s = Site(tmp_path / "site")
    s.write("site.toml", 'title = "Test Archive"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
    return s


def reproducible(rel: str) -> bool:
    """Is output file `rel` byte-for-byte the same as in a clean build of the same site? All are but the
    search index, which keeps the articles changed since its last compaction in a shard of their own
    (test_search.py checks that it finds the same pages)."""
    return not rel.startswith("search-index/")


def texts(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


# --- A browsable site, served over HTTP, and a real browser to read it ---------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium as root in a closed network: no sandbox, no GPU, and no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A word that occurs in one article body only, and a word that occurs only in one article's title
# (which the five articles after it show among their earlier headlines).
BODY_WORD = "quokkas"
TITLE_WORD = "Wildlife"
SUB_PATH = "news/"
# One page of each kind, by its path under the site root.
PAGE_KINDS = {
    "home": "index.html",
    "older-page": "page/1/index.html",
    "article": "2025/12/dec-7/index.html",
    "tag": "tags/energy/index.html",
    "tags": "tags/index.html",
    "section": "sections/world/index.html",
    "sections": "sections/index.html",
    "source": "sources/aa/index.html",
    "archive": "archive/index.html",
    "year": "archive/2025/index.html",
    "month": "archive/2025/12/index.html",
    "search": f"search/index.html?q={BODY_WORD}",
    "not-found": "404.html",
}


def news_corpus(site: Site) -> None:
    """Articles enough for every page kind: two years, a month with three pages, sections, sources, tags."""
    body = """
        Ministers met on Thursday to discuss the agreement.

        > “This is a new page in our relations,” the president said.

        The talks covered:

        - energy and transport,
        - trade, and
        - education.

        | Year | Trade (bn) |
        |------|-----------:|
        | 2024 | 1.2 |
        | 2025 | 1.9 |
        """
    stories = [
        ("World", "AA", ["Azerbaijan", "United Kingdom"]),
        ("Business", "Reuters", ["Markets", "Energy"]),
        ("World", "AA", ["Azerbaijan", "Energy"]),
        ("Science", "AP", ["Space"]),
        ("Business", "Reuters", ["Markets"]),
        ("World", "AP", ["United Kingdom"]),
        ("Science", "AA", ["Space", "Energy"]),
    ]
    for n, (section, agency, tags) in enumerate(stories, 1):
        site.add(f"dec-{n}", f"Story {n} of a busy December", f"2025-12-{n * 3:02d}T09:30:00+03:00", body,
                 subtitle=f"What happened on day {n * 3}", section=section, agency=agency, byline="Jane Doe",
                 tags=tags, image_caption="Delegates at the summit. / AA")  # fmt: skip
    site.add("animals", f"{TITLE_WORD} survey counts more animals", "2025-11-14",
             f"Rangers counted {BODY_WORD} at dawn.", section="Science", agency="AP", tags=["Nature"])  # fmt: skip
    site.add("airship", "Zeppelin returns to the skies", "2025-12-31", "An airship flew over the city.",
             section="Science", tags=["Transport"])  # fmt: skip
    site.add("old", "A year-old report", "2024-01-15", "Older news.", section="World", agency="AA", tags=["Archive"])


@dataclass
class Served:
    """The built corpus under http://127.0.0.1:PORT/news/; `url(path)` gives a page's address."""

    root: str
    output: Path

    def url(self, path: str = "") -> str:
        return self.root + path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the test output is for failures


@contextmanager
def static_server(docroot: Path) -> Iterator[str]:
    """A real HTTP server on loopback serving `docroot` (as any static host would); yields its root URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(docroot)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The corpus, built for and served from a sub-path of a real HTTP server on loopback."""
    docroot = tmp_path_factory.mktemp("docroot")
    with static_server(docroot) as base:
        root = base + SUB_PATH
        site = Site(tmp_path_factory.mktemp("corpus") / "site")
        site.write("site.toml", f'title = "Test Archive"\nbase_url = "{root}"\nper_page = 3\n')
        news_corpus(site)
        build(site.root, docroot / SUB_PATH)
        yield Served(root, docroot / SUB_PATH)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright. Missing Chromium fails the tests: they are never skipped."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium` (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server() -> Iterator[NewsServer]:
    """A news site on 127.0.0.1 for the import tests (tests/newspages.py)."""
    with NewsServer() as running:
        yield running
