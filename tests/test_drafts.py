"""Drafts: never published; with --drafts (build and serve) shown, marked, and kept out of feeds and the sitemap."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import feedparser
import lxml.html
from conftest import Site, texts
from test_standards import nu_validator_errors

from generator.build import Builder
from generator.serve import DevServer

DRAFT = "/2025/01/plans/"


def _site(site: Site) -> None:
    site.add("2025/01/plans", "Secret plans", "2025-01-02", "Draft body.", draft=True, tags=["Plans"], section="World")
    site.add("2025/01/news", "Public news", "2025-01-01", "Public body.", tags=["Plans"], section="World")


def _build(site: Site, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site", str(site.root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _in_feeds_or_sitemap(site: Site) -> list[str]:
    """The output files that mention the draft's URL among feeds and the sitemap."""
    named = []
    for rel in ("feed.xml", "atom.xml", "tags/plans/feed.xml", "sections/world/feed.xml"):
        if any("plans" in e.link for e in feedparser.parse((site.output / rel).read_bytes()).entries):
            named.append(rel)
    if any("plans" in item["url"] for item in json.loads((site.output / "feed.json").read_text())["items"]):
        named.append("feed.json")
    if DRAFT in (site.output / "sitemap.xml").read_text():
        named.append("sitemap.xml")
    return named


def test_a_preview_shows_drafts_marked_but_never_in_feeds_or_the_sitemap(site: Site) -> None:
    _site(site)
    _build(site, "--drafts")
    page = site.page(DRAFT)
    assert texts(page, "//h1") == ["Secret plans"]
    assert texts(page, "//article//*[@class='draft-mark']") == [
        "Draft: shown only in a preview (--drafts), not published"
    ]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    home = site.page("/")
    assert texts(home, "//li[@class='card'][.//h3='Secret plans']//*[@class='draft-mark']") == ["Draft"]
    assert texts(home, "//li[@class='card'][.//h3='Public news']//*[@class='draft-mark']") == []
    assert texts(site.page("/tags/plans/"), "//h3") == ["Secret plans", "Public news"]
    assert _in_feeds_or_sitemap(site) == []
    assert "/2025/01/news/" in (site.output / "sitemap.xml").read_text()


def test_the_next_build_without_drafts_takes_the_draft_away(site: Site) -> None:
    _site(site)
    _build(site, "--drafts")
    assert (site.output / DRAFT.strip("/") / "index.html").is_file()
    _build(site)
    assert not (site.output / DRAFT.strip("/")).exists()
    assert texts(site.page("/"), "//h3") == ["Public news"]
    assert not site.page("/").xpath("//*[@class='draft-mark']")


def test_serve_with_drafts_serves_the_draft(site: Site) -> None:
    _site(site)
    server = DevServer(site.root, port=0, drafts=True)
    server.start()
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + DRAFT) as response:
            page = lxml.html.fromstring(response.read())
    finally:
        server.close()
    assert texts(page, "//h1") == ["Secret plans"]
    assert page.xpath("//article//*[@class='draft-mark']")


def test_drafts_flag_is_on_build_and_serve(tmp_path: Path) -> None:
    for command in ("build", "serve"):
        result = subprocess.run([sys.executable, "-m", "generator", command, "--help"], capture_output=True, text=True)
        assert "--drafts" in result.stdout, command
    assert Builder(tmp_path).drafts is False


def test_draft_and_redirect_pages_pass_the_nu_html_validator(site: Site) -> None:
    _site(site)
    site.add("2025/01/moved", "Moved", "2025-01-03", aliases=["/2024/12/moved/", "/old/moved.html"])
    _build(site, "--drafts")
    pages = [site.output / p for p in ("index.html", "2025/01/plans/index.html", "2024/12/moved/index.html",
                                       "old/moved.html", "archive/index.html", "archive/2025/index.html")]  # fmt: skip
    assert all(p.is_file() for p in pages)
    assert nu_validator_errors(pages) == []
