"""Feed autodiscovery: every page's <head> names the site feed (and its tag's or section's feed),
so a feed reader given any address of the site, the home page first, finds the feeds."""

from __future__ import annotations

import posixpath

import lxml.html
from conftest import PAGE_KINDS, Site, news_corpus

from generator.build import Builder


def _feeds(site: Site, rel: str) -> list[tuple[str, str]]:
    """The (type, site path) of each <link rel="alternate"> in the head of output file `rel`."""
    head = lxml.html.fromstring((site.output / rel).read_bytes()).find("head")
    found = []
    for link in head.xpath("link[@rel='alternate']"):
        href = link.get("href")
        # The 404 page links from the site's root; every other page relatively, from its own folder.
        path = href if href.startswith("/") else "/" + posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
        found.append((link.get("type"), path))
    return found


def test_every_page_kind_names_the_site_feed_and_its_taxonomy_feed(site: Site) -> None:
    news_corpus(site)
    Builder(site.root, search=False).build()
    site_feed = ("application/rss+xml", "/feed.xml")
    for kind, rel in PAGE_KINDS.items():
        rel = rel.split("?")[0]
        expected = [site_feed]
        if kind in ("tag", "section"):
            expected.append(("application/rss+xml", "/" + posixpath.dirname(rel) + "/feed.xml"))
        assert _feeds(site, rel) == expected, kind


def test_every_html_page_of_the_site_names_the_site_feed(site: Site) -> None:
    news_corpus(site)
    Builder(site.root, search=False).build()
    pages = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html"))
    assert len(pages) > 40
    for rel in pages:
        feeds = _feeds(site, rel)
        assert feeds[0] == ("application/rss+xml", "/feed.xml"), rel
        for _, path in feeds:
            assert (site.output / path.lstrip("/")).is_file(), (rel, path)
        if rel.startswith(("tags/", "sections/")) and rel.count("/") >= 2:
            taxonomy = "/".join(rel.split("/")[:2])
            assert feeds[1:] == [("application/rss+xml", f"/{taxonomy}/feed.xml")], rel
