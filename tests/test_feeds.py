"""Feeds as a feed reader sees them, parsed with feedparser."""

from __future__ import annotations

import json

import feedparser
import pytest
from conftest import Site

from generator.build import build


def _articles(site: Site, count: int) -> None:
    for n in range(1, count + 1):
        site.add(f"story-{n}", f"Story {n}", f"2025-03-{n:02d}T09:00:00+02:00", f"Body **{n}**.",
                 subtitle=f"Dek {n}", byline="Ann Lee", section="World", tags=["Politics", "Türkiye"])  # fmt: skip


def test_rss_and_atom_parse_cleanly_with_absolute_links_and_stable_ids(site: Site) -> None:
    _articles(site, 3)
    build(site.root)
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((site.output / name).read_bytes())
        assert feed.bozo == 0, (name, feed.get("bozo_exception"))
        assert [e.title for e in feed.entries] == ["Story 3", "Story 2", "Story 1"]
        first = feed.entries[0]
        assert first.link == "https://news.example.org/2025/03/story-3/"
        assert first.id == "https://news.example.org/2025/03/story-3/"
        assert "<strong>3</strong>" in first.content[0].value
        assert first.published_parsed[:5] == (2025, 3, 3, 7, 0)
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [f"https://news.example.org/{name}"]
    atom = feedparser.parse((site.output / "atom.xml").read_bytes())
    assert atom.feed.updated_parsed[:3] == (2025, 3, 3)
    assert atom.entries[0].author == "Ann Lee"


def test_feeds_hold_at_most_feed_limit_items(site: Site) -> None:
    site.write("site.toml", 'base_url = "https://news.example.org/"\nfeed_limit = 2\n')
    _articles(site, 5)
    build(site.root)
    assert len(feedparser.parse((site.output / "feed.xml").read_bytes()).entries) == 2
    assert len(json.loads((site.output / "feed.json").read_text())["items"]) == 2


def test_tag_and_section_feeds_carry_their_articles(site: Site) -> None:
    _articles(site, 2)
    site.add("other", "Elsewhere", "2025-03-05", section="Sport")
    build(site.root)
    tag = feedparser.parse((site.output / "tags/turkiye/feed.xml").read_bytes())
    assert tag.bozo == 0
    assert [e.title for e in tag.entries] == ["Story 2", "Story 1"]
    assert tag.entries[0].summary == "Dek 2"
    assert [link.href for link in tag.feed.links if link.rel == "self"] == [
        "https://news.example.org/tags/turkiye/feed.xml"
    ]
    section = feedparser.parse((site.output / "sections/sport/feed.xml").read_bytes())
    assert [e.title for e in section.entries] == ["Elsewhere"]


def test_json_feed_has_the_version_1_1_fields(site: Site) -> None:
    _articles(site, 1)
    build(site.root)
    feed = json.loads((site.output / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://news.example.org/feed.json"
    item = feed["items"][0]
    assert item["id"] == item["url"] == "https://news.example.org/2025/03/story-1/"
    assert item["date_published"] == "2025-03-01T07:00:00+00:00"
    assert item["authors"] == [{"name": "Ann Lee"}]
    assert item["content_html"] == "<p>Body <strong>1</strong>.</p>"


def test_feeds_take_dates_from_articles_so_rebuilding_changes_no_byte(site: Site) -> None:
    _articles(site, 2)
    build(site.root)
    first = {p: (site.output / p).read_bytes() for p in ("feed.xml", "atom.xml", "feed.json")}
    (site.root / ".newsarchive").rename(site.root / "old-cache")  # force every file to be rendered again
    build(site.root)
    assert {p: (site.output / p).read_bytes() for p in first} == first


def test_sitemap_and_robots(site: Site) -> None:
    _articles(site, 1)
    build(site.root)
    sitemap = (site.output / "sitemap.xml").read_text()
    assert "<loc>https://news.example.org/2025/03/story-1/</loc><lastmod>2025-03-01T07:00:00+00:00</lastmod>" in sitemap
    assert "404.html" not in sitemap
    robots = (site.output / "robots.txt").read_text()
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots


def test_a_large_sitemap_becomes_a_sitemap_index(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pages as pages_module
    from generator.config import SiteConfig
    from generator.content import ContentLoader
    from generator.errors import Report
    from generator.pages import flat, plan, site_specs, sitemap_parts
    from generator.scan import scan_content
    from generator.site import make_site

    _articles(site, 7)
    config = SiteConfig(base_url="https://news.example.org/")
    report = Report()
    articles = ContentLoader().load(site.root, scan_content(site.root, report), config.tz, report)
    model = make_site(articles, config, Report())
    _, groups, entries = plan(model)
    monkeypatch.setattr(pages_module, "SITEMAP_LIMIT", 5)
    files = {p.path: p for p in site_specs(sitemap_parts(entries), config)}
    index = files["sitemap.xml"]
    assert index.kind == "sitemapindex"
    chunks = [files[f"sitemap-{n}.xml"] for n in range(1, len(index.shows["sitemaps"]) + 1)]
    listed = [entry["loc"] for chunk in chunks for entry in chunk.shows["urls"]]
    pages = [p for p in flat(groups) if p.kind == "html" and p.path != "404.html"]
    assert sorted(listed) == sorted(config.absolute("/" + p.path.removesuffix("index.html")) for p in pages)
    assert index.shows["sitemaps"][0]["loc"] == "https://news.example.org/sitemap-1.xml"
    # The articles come last, oldest first, in files of their own: a new article changes the last file only.
    last = chunks[-1].shows["urls"]
    assert [entry["loc"] for entry in last] == [config.absolute(a.url) for a in reversed(model.articles[:len(last)])]
    assert all(entry["lastmod"] for entry in last)


def test_an_inferred_date_is_not_given_as_a_publication_date(site: Site) -> None:
    site.add("dated", "Dated story", "2025-03-02T09:00:00+00:00")
    site.add("saved", "Saved story", "2025-03-03T09:00:00+00:00", date_inferred=True)
    build(site.root)
    for name in ("feed.xml", "atom.xml"):
        entries = {e.title: e for e in feedparser.parse((site.output / name).read_bytes()).entries}
        assert entries["Dated story"].published_parsed[:3] == (2025, 3, 2), name
        assert "published" not in entries["Saved story"], name
    atom = {e.title: e for e in feedparser.parse((site.output / "atom.xml").read_bytes()).entries}
    assert atom["Saved story"].updated_parsed[:3] == (2025, 3, 3)  # Atom needs <updated>: when it was saved
    items = {i["title"]: i for i in json.loads((site.output / "feed.json").read_text())["items"]}
    assert items["Dated story"]["date_published"] == "2025-03-02T09:00:00+00:00"
    assert "date_published" not in items["Saved story"]
