"""End to end: a site written to disk, built, and read back as a visitor would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Site, texts

from generator.build import build
from generator.errors import NewsarchiveError
from generator.layout import manifest_path
from generator.manifest import Manifest


def _news(site: Site) -> None:
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04T10:32:00+03:00", "First *story* body.",
             subtitle="Leaders meet", section="World", agency="AA", byline="Jane Doe",
             tags=["Azerbaijan", "United Kingdom"], image_caption="Leaders meet in Baku. / AA",
             links=[{"title": "Earlier talks", "url": "https://example.com/earlier"}])  # fmt: skip
    site.add("markets-rally", "Markets rally", "2025-11-20", "Second body.", section="Business", tags=["Markets"])
    site.add("baku-hosts-summit", "Baku hosts summit", "2025-12-01", "Third body.",
             section="World", tags=["Azerbaijan"])  # fmt: skip


def test_article_page_shows_the_story_as_a_news_page(site: Site) -> None:
    _news(site)
    build(site.root)
    page = site.page("/2025/12/talks-open-in-baku/")
    assert texts(page, "//article//h1") == ["Talks open in Baku"]
    assert texts(page, "//article//*[@class='kicker']") == ["World"]
    assert texts(page, "//article//p[@class='dek']") == ["Leaders meet"]
    assert page.xpath("//article//time/@datetime")[0] == "2025-12-04T07:32:00+00:00"
    assert "1 min read" in texts(page, "//article//p[@class='meta']")[0]
    assert texts(page, "//*[@class='author']") == ["By Jane Doe"]
    assert texts(page, "//*[@class='credit']") == ["Source: AA"]
    assert texts(page, "//*[@class='caption']") == ["Leaders meet in Baku. / AA"]
    assert page.xpath("//div[@class='body']//em/text()") == ["story"]
    assert texts(page, "//ul[@class='tags']/li") == ["Azerbaijan", "United Kingdom"]
    assert page.xpath("//section[@class='links']//a/@href") == ["https://example.com/earlier"]
    assert "Baku hosts summit" in texts(page, "//aside//section[h2='More on this']//a")
    assert texts(page, "//nav[@class='prevnext']/a[@rel='prev']") == ["Previous Baku hosts summit"]


def test_every_page_kind_is_built(site: Site) -> None:
    _news(site)
    build(site.root)
    home = site.page("/")
    assert texts(home, "//ol[@class='cards']//h3") == ["Talks open in Baku", "Baku hosts summit", "Markets rally"]
    assert texts(site.page("/tags/azerbaijan/"), "//h3") == ["Talks open in Baku", "Baku hosts summit"]
    tag_index = texts(site.page("/tags/"), "//ul[@class='terms']/li")
    assert tag_index == ["Azerbaijan 2", "Markets 1", "United Kingdom 1"]
    assert texts(site.page("/sections/world/"), "//h3") == ["Talks open in Baku", "Baku hosts summit"]
    assert texts(site.page("/sources/aa/"), "//h3") == ["Talks open in Baku"]
    assert texts(site.page("/archive/2025/12/"), "//h3") == ["Talks open in Baku", "Baku hosts summit"]
    assert texts(site.page("/archive/2025/"), "//h3") == ["Talks open in Baku", "Baku hosts summit", "Markets rally"]
    archive = site.page("/archive/")
    assert texts(archive, "//ul[@class='terms']/li") == ["2025 3"]
    bars = archive.xpath("//*[local-name()='svg']//*[local-name()='rect']/*[local-name()='title']/text()")
    assert bars == ["November 2025: 1 article", "December 2025: 2 articles"]
    for name in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html", "static/style.css"):
        assert (site.output / name).is_file(), name
    assert (site.output / "tags/azerbaijan/feed.xml").is_file()
    assert (site.output / "sections/world/feed.xml").is_file()


def test_every_internal_link_resolves(site: Site) -> None:
    _news(site)
    build(site.root)
    for path in site.output.rglob("*.html"):
        if path.name == "404.html":
            continue  # its links are absolute, for any address it is served at
        tree = site.page("/" + path.relative_to(site.output).as_posix())
        for link in tree.xpath("//a/@href | //link/@href"):
            if "://" in link or link.startswith("#"):
                continue
            assert (path.parent / link).resolve().is_file(), f"{path}: {link}"


def test_head_has_canonical_opengraph_and_feed_discovery(site: Site) -> None:
    _news(site)
    build(site.root)
    page = site.page("/tags/azerbaijan/")
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://news.example.org/tags/azerbaijan/"]
    assert page.xpath("//meta[@property='og:url']/@content") == ["https://news.example.org/tags/azerbaijan/"]
    assert page.xpath("//meta[@property='og:title']/@content") == ["Tag: Azerbaijan"]
    assert page.xpath("//meta[@name='description']/@content")
    feeds = page.xpath("//link[@rel='alternate']/@href")
    assert feeds == ["../../feed.xml", "../../tags/azerbaijan/feed.xml"]
    section = site.page("/sections/world/")
    assert section.xpath("//link[@rel='alternate']/@href") == ["../../feed.xml", "../../sections/world/feed.xml"]
    article = site.page("/2025/12/talks-open-in-baku/")
    assert article.xpath("//meta[@property='og:type']/@content") == ["article"]
    assert article.xpath("//link[@rel='alternate']/@href") == ["../../../feed.xml"]


def test_pagination_is_stable_when_an_article_is_added(site: Site) -> None:
    for n in range(1, 8):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}")
    build(site.root)
    assert texts(site.page("/"), "//h3") == ["Story 7", "Story 6", "Story 5"]
    assert texts(site.page("/page/1/"), "//h3") == ["Story 3", "Story 2", "Story 1"]
    assert texts(site.page("/page/2/"), "//h3") == ["Story 4"]
    assert site.page("/").xpath("//a[@rel='next']/@href") == ["page/2/index.html"]
    before = site.files()
    site.add("a8", "Story 8", "2025-01-08")
    build(site.root)
    after = site.files()
    changed = {p for p in after if p in before and after[p] != before[p]}
    assert "page/1/index.html" not in changed
    assert {"index.html", "page/2/index.html"} <= changed
    assert texts(site.page("/page/2/"), "//h3") == ["Story 5", "Story 4"]


def test_a_new_article_leaves_the_older_pages_of_its_tag_and_year_as_they_were(site: Site) -> None:
    # Per page 3 (conftest's site.toml): 10 stories make pages 1-3 of each list beside the newest page.
    for n in range(1, 11):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Energy"])
    build(site.root)
    assert texts(site.page("/archive/2025/"), "//nav[@aria-label='Months']//li") == ["January 10"]
    before = site.files()
    site.add("a11", "Story 11", "2025-01-20", tags=["Energy"])  # a month the year has: its links stay
    build(site.root)
    after = site.files()
    for folder in ("tags/energy", "archive/2025"):
        changed = {p for p in after if p.startswith(f"{folder}/page/") and after[p] != before.get(p)}
        assert changed == {f"{folder}/page/3/index.html"}, folder  # the page the oldest-but-newest story moved to
    assert texts(site.page("/archive/2025/"), "//nav[@aria-label='Months']//li") == ["January 11"]
    assert texts(site.page("/archive/2025/page/1/"), "//nav[@aria-label='Months']//li") == ["January"]


def test_second_build_changes_no_file(site: Site) -> None:
    _news(site)
    build(site.root)
    first = site.files()
    result = build(site.root)
    assert site.files() == first
    assert result.stats.written == 0


def test_a_build_right_after_saving_stops_at_the_scan_when_nothing_changed(site: Site) -> None:
    _news(site)  # saved moments ago: the files' times alone cannot prove them unchanged
    build(site.root)
    assert build(site.root).pages == 0  # the quick no-change check: nothing planned


def test_a_save_that_keeps_size_and_time_is_still_built(site: Site) -> None:
    # A coarse file-system clock: the second save within its tick leaves size and mtime as they were.
    path = site.add("markets-rally", "Markets rally", "2025-11-20", "First take.")
    build(site.root)
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("First take.", "Final take."), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    build(site.root)
    assert texts(site.page("/2025/11/markets-rally/"), "//div[@class='body']/p") == ["Final take."]


def test_broken_front_matter_is_reported_and_the_rest_builds(site: Site) -> None:
    _news(site)
    site.write("content/bad.md", "---\ntitle: Fine\ndate: yesterday\n---\nBody\n")
    site.write("content/worse.md", "---\ntitle: [unclosed\ndate: 2025-01-01\n---\n")
    result = build(site.root)
    messages = [str(p) for p in result.report.errors]
    hint = "(write 2025-12-04 or 2025-12-04T10:00:00+03:00)"
    assert f"content/bad.md:3: date: 'yesterday' is not a date {hint}" in messages
    assert any(m.startswith("content/worse.md:3: invalid YAML") for m in messages)
    assert (site.output / "2025/12/talks-open-in-baku/index.html").is_file()


def test_empty_content_builds_a_valid_empty_site(site: Site) -> None:
    build(site.root)
    assert texts(site.page("/"), "//p[@class='empty']")
    assert (site.output / "feed.xml").is_file()
    assert (site.output / "sitemap.xml").is_file()


def test_a_broken_template_leaves_the_last_good_site(site: Site) -> None:
    _news(site)
    build(site.root)
    good = site.files()
    site.write("templates/article.html", "{% extends 'base.html' %}{% block main %}{{ article.title | nosuchfilter }}")
    with pytest.raises(NewsarchiveError, match=r"templates/article.html:1: template error"):
        build(site.root)
    assert site.files() == good
    assert not list(site.root.glob(".output.staging*"))


def test_a_site_template_overrides_the_theme(site: Site) -> None:
    _news(site)
    site.write("templates/404.html", "<!doctype html><title>Lost</title><p id=lost>Nothing here, friend.")
    build(site.root)
    assert texts(site.page("/404.html"), "//p[@id='lost']") == ["Nothing here, friend."]


def test_removed_article_takes_its_pages_away_but_foreign_files_stay(site: Site) -> None:
    _news(site)
    build(site.root)
    (site.output / "CNAME").write_text("news.example.org")
    (site.root / "content/markets-rally.md").unlink()
    result = build(site.root)
    assert not (site.output / "2025/11").exists()
    assert not (site.output / "tags/markets").exists()
    assert (site.output / "CNAME").read_text() == "news.example.org"
    assert result.stats.removed > 0


def test_a_hand_edited_output_file_is_not_deleted(site: Site) -> None:
    _news(site)
    build(site.root)
    kept = site.output / "tags/markets/index.html"
    kept.write_text("my notes")
    (site.root / "content/markets-rally.md").unlink()
    build(site.root)
    assert kept.read_text() == "my notes"


def test_script_in_title_and_tag_is_escaped_in_html_and_feeds(site: Site) -> None:
    payload = "<script>alert(1)</script>"
    site.add("x", f"Title {payload}", "2025-01-01", tags=[f"tag{payload}"], subtitle=payload)
    build(site.root)
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    page = site.page("/2025/01/x/")
    assert texts(page, "//h1") == [f"Title {payload}"]
    assert page.xpath("//script") == []


@pytest.mark.parametrize("slug", ["../../escape", "/etc/passwd", "..", "a/../../b", "con"])
def test_a_hostile_slug_stays_inside_output(site: Site, slug: str) -> None:
    site.add("x", "Innocent", "2025-01-01", slug=slug)
    build(site.root)
    written = [p.resolve() for p in site.root.rglob("*") if p.is_file()]
    outside = [p for p in written if not p.is_relative_to(site.output.resolve()) and "content" not in p.parts
               and p.name != "site.toml" and ".newsarchive" not in p.parts]  # fmt: skip
    assert outside == []
    assert len(list(site.output.glob("2025/01/*/index.html"))) == 1


def test_non_latin_file_names_get_readable_slugs(site: Site) -> None:
    site.add("人工智能迈上新台阶", "AI", "2025-01-01")
    site.add("東京の天気", "Weather", "2025-01-01")
    site.add("x", "Same title", "2025-01-02", slug="Ünïcode Slug")
    result = build(site.root)
    assert not result.report.errors
    slugs = sorted(p.parent.name for p in site.output.glob("2025/01/*/index.html"))
    assert slugs == ["dong-jing-no-tian-qi", "ren-gong-zhi-neng-mai-shang-xin-tai-jie", "unicode-slug"]


def test_tags_fold_case_and_accents_and_show_the_most_used_spelling(site: Site) -> None:
    site.add("a", "One", "2025-01-01", tags=["Türkiye"])
    site.add("b", "Two", "2025-01-02", tags=["Türkiye"])
    site.add("c", "Three", "2025-01-03", tags=["turkiye"])
    result = build(site.root)
    assert texts(site.page("/tags/"), "//ul[@class='terms']/li") == ["Türkiye 3"]
    assert len(texts(site.page("/tags/turkiye/"), "//h3")) == 3
    warning = next(str(w) for w in result.report.warnings if "spellings" in str(w))
    assert "'Türkiye' in content/a.md, content/b.md" in warning and "'turkiye' in content/c.md" in warning


def test_drafts_are_not_published(site: Site) -> None:
    site.add("d", "Secret plans", "2025-01-01", draft=True)
    build(site.root)
    assert not (site.output / "2025").exists()


def test_output_outside_the_site_gets_its_own_manifest(site: Site, tmp_path: Path) -> None:
    _news(site)
    elsewhere = tmp_path / "public"
    build(site.root, elsewhere)
    assert (elsewhere / "index.html").is_file()
    assert not site.output.exists()
    mtime = os.stat(elsewhere / "index.html").st_mtime_ns
    assert build(site.root, elsewhere).stats.written == 0
    assert os.stat(elsewhere / "index.html").st_mtime_ns == mtime


@pytest.mark.parametrize("output", [".", "content", "content/built", "templates"])
def test_output_may_not_overwrite_the_site_itself(site: Site, output: str) -> None:
    site.add("a", "A", "2025-01-01")
    with pytest.raises(NewsarchiveError, match="would overwrite the site's own files"):
        build(site.root, site.root / output)
    assert (site.root / "content/a.md").is_file()


def test_a_site_built_with_the_whole_file_manifest_is_not_written_again(site: Site) -> None:
    """Builds before the SQLite manifest kept it as one JSON file; the first build after takes it over."""
    _news(site)
    build(site.root)
    manifest = manifest_path(site.root, site.output)
    entries = Manifest.open(manifest).files
    legacy = manifest.with_suffix(".json")
    legacy.write_bytes(json.dumps({"version": 1, "files": entries}).encode())
    manifest.unlink()
    edited = site.root / "content/markets-rally.md"
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    result = build(site.root)
    written = {"2025/11/markets-rally/index.html", "atom.xml", "feed.json", "feed.xml"}  # the story and the feeds
    assert set(result.stats.changed) == written and result.stats.unchanged == len(entries) - len(written)
    assert not legacy.exists()
