"""News pages the import tests serve, archive and list: each story's text is its own.

A story is made from its number: its own words (so no two stories share
their shingles), a headline, a date, and a page around it with the
furniture real pages have (a menu, a share prompt, a footer).
"""

from __future__ import annotations

import html
import http.server
import random
import threading
import time
from pathlib import Path

from generator.ingest.writer import split

_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "pel", "dri", "sun", "ba", "nor", "qui", "est", "mar", "zel", "tor"]
VOCABULARY = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "s", "an", "ed")})


def headline(number: int) -> str:
    return f"Story number {number} about the harbour council"


def published(number: int) -> str:
    return f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T09:30:00+00:00"


def paragraphs(number: int, count: int = 6) -> list[str]:
    """Sentences of words drawn for this story alone."""
    rng = random.Random(number)
    return [
        " ".join(rng.choice(VOCABULARY) for _ in range(45)).capitalize() + "." for _ in range(count)
    ]  # fmt: skip


def page(title: str, body: list[str], date: str = "", canonical: str = "", site_name: str = "The Harbour Times") -> str:
    """A whole saved page: metadata in the head, the story in <article>, furniture around it."""
    head = [
        f"<title>{html.escape(title)} | {site_name}</title>",
        f'<meta property="og:site_name" content="{site_name}">',
    ]
    if date:
        head.append(f'<meta property="article:published_time" content="{date}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    text = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{"".join(head)}</head><body>'
        '<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a></nav>'
        f"<main><article><h1>{html.escape(title)}</h1>{text}</article></main>"
        "<aside><p>Share this story on social media</p></aside>"
        f"<footer><p>© {site_name}. All rights reserved.</p></footer></body></html>"
    )


def story(number: int, canonical: str = "", dated: bool = True) -> str:
    return page(headline(number), paragraphs(number), published(number) if dated else "", canonical)


Route = tuple[int, dict[str, str], bytes]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: NewsServer

    def do_GET(self) -> None:
        path = self.path.split("?")[0]  # like most sites, the query does not choose the page
        if path.startswith("/hang/"):
            self.server.release.wait()  # answers only when the test is over: a timeout, whatever the speed
            return
        if path.startswith("/slow/"):
            time.sleep(0.05)
            path = path[len("/slow") :]
        self.server.hits.append(self.path)
        status, headers, body = self.server.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class NewsServer(http.server.ThreadingHTTPServer):
    """A real HTTP server on 127.0.0.1 answering each path from `routes`; /slow/… waits, /hang/… never answers."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.release = threading.Event()
        self.base = f"http://127.0.0.1:{self.server_port}"

    def html(self, path: str, text: str) -> str:
        self.routes[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, text.encode())
        return self.base + path

    def redirect(self, path: str, to: str) -> str:
        self.routes[path] = (301, {"Location": to}, b"")
        return self.base + path

    def __enter__(self) -> NewsServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


def imported_articles(site: Path) -> dict[str, dict]:
    """title -> front matter of every content file; fails if a title is there twice."""
    found: dict[str, dict] = {}
    for path in sorted((site / "content").rglob("*.md")):
        parsed = split(path.read_text(encoding="utf-8"))
        assert parsed is not None, path
        assert parsed[0]["title"] not in found, f"{parsed[0]['title']} imported twice"
        found[parsed[0]["title"]] = parsed[0]
    return found
