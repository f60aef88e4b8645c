"""Every input `newsarchive import` reads, made in its real format, imported and built.

WARCs are recorded by warcio from real HTTP traffic to a server on
127.0.0.1; the MHTML page is saved by Chromium (CDP Page.captureSnapshot);
bookmarks, Pocket, Wallabag and Omnivore exports and feeds are written as
those tools write them.
"""

from __future__ import annotations

import contextlib
import json
import urllib.request
import zipfile
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from newspages import NewsServer, headline, imported_articles, page, paragraphs, published, story
from playwright.sync_api import Browser
from warcio.archiveiterator import ArchiveIterator
from warcio.capture_http import capture_http

from generator.build import build
from generator.ingest.batch import import_inputs


def _built(site: Path, title: str) -> lxml.html.HtmlElement:
    """The built article page whose headline is `title`."""
    build(site, site / "output")
    for path in (site / "output").glob("[0-9]*/*/*/index.html"):
        tree = lxml.html.fromstring(path.read_bytes())
        if tree.xpath("//h1/text()") == [title]:
            return tree
    raise AssertionError(f"no built page titled {title!r}")


def _undated(number: int) -> str:
    return story(number, dated=False)


def test_a_text_file_of_urls(tmp_path: Path, server: NewsServer) -> None:
    urls = [server.html(f"/s/{n}", story(n)) for n in (1, 2)]
    (tmp_path / "links.txt").write_text(f"# my reading list\n{urls[0]}\n\n{urls[1]}\n")
    summary = import_inputs([str(tmp_path / "links.txt")], tmp_path)
    assert summary.line().startswith("2 imported") and not summary.errors
    articles = imported_articles(tmp_path)
    assert [articles[headline(n)]["source_url"] for n in (1, 2)] == urls
    tree = _built(tmp_path, headline(1))
    assert tree.xpath("//p[@class='original']/a/@href") == [urls[0]]
    assert tree.xpath("//time/@datetime")[0][:10] == published(1)[:10]


BOOKMARKS = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000000">Harbour</H3>
        <DL><p>
            <DT><A HREF="{one}" ADD_DATE="1704153600" LAST_MODIFIED="1704153600" TAGS="council,votes">One</A>
        </DL><p>
        <DT><A HREF="javascript:alert(1)" ADD_DATE="1704153600">A bookmarklet</A>
    </DL><p>
    <DT><A HREF="{two}" ADD_DATE="1709294400">Two</A>
</DL>
"""


def test_browser_bookmarks_folders_become_tags_and_the_bookmark_time_the_fallback_date(
    tmp_path: Path, server: NewsServer
) -> None:
    one, two = server.html("/one", _undated(3)), server.html("/two", story(4))
    (tmp_path / "bookmarks.html").write_text(BOOKMARKS.replace("{one}", one).replace("{two}", two))
    summary = import_inputs([str(tmp_path / "bookmarks.html")], tmp_path)
    assert len(summary.imported) == 2 and not summary.errors, summary
    first = imported_articles(tmp_path)[headline(3)]
    assert {"Harbour", "council", "votes"} <= set(first["tags"]) and "Bookmarks Toolbar" not in first["tags"]
    assert first["date"] == datetime.fromisoformat("2024-01-02T00:00:00+00:00") and first["date_inferred"] is True
    assert "Harbour" not in imported_articles(tmp_path)[headline(4)].get("tags", [])
    tree = _built(tmp_path, headline(3))
    assert "Harbour" in tree.xpath("//a[@rel='tag']/text()")
    assert tree.xpath("//time/@datetime")[0].startswith("2024-01-02")


def test_a_pocket_export(tmp_path: Path, server: NewsServer) -> None:
    one, two = server.html("/p1", _undated(5)), server.html("/p2", story(6))
    (tmp_path / "part_000000.csv").write_text(
        "title,url,time_added,tags,status\n"
        f"Five,{one},1706745600,harbour|weekend reads,unread\n"
        f'"Six, again",{two},1706832000,,archive\n'
    )
    summary = import_inputs([str(tmp_path / "part_000000.csv")], tmp_path)
    assert len(summary.imported) == 2 and not summary.errors, summary
    five = imported_articles(tmp_path)[headline(5)]
    assert {"harbour", "weekend reads"} <= set(five["tags"])
    assert str(five["date"]).startswith("2024-02-01") and five["source_url"] == one
    assert _built(tmp_path, headline(6)).xpath("//p[@class='original']/a/@href") == [two]


def test_a_wallabag_export_uses_the_content_it_carries_and_fetches_the_rest(tmp_path: Path, server: NewsServer) -> None:
    fetched = server.html("/w2", story(8))
    entries = [
        {
            "is_archived": 0, "is_starred": 1, "tags": ["harbour", "council"], "is_public": False, "id": 7,
            "title": "Carried by Wallabag", "url": "https://news.example/carried",
            "content": "".join(f"<p>{p}</p>" for p in paragraphs(7)),
            "created_at": "2024-04-05T10:11:12+02:00", "updated_at": "2024-04-05T10:11:12+02:00",
            "published_at": "2024-04-04T08:00:00+00:00", "published_by": ["A. Reporter"], "annotations": [],
            "mimetype": "text/html; charset=utf-8", "language": "en", "reading_time": 2,
            "domain_name": "news.example", "preview_picture": None, "http_status": "200", "headers": {},
        },
        {"is_archived": 1, "tags": [], "id": 8, "title": "", "url": fetched, "content": "",
         "created_at": "2024-04-06T00:00:00+00:00", "published_at": None},
    ]  # fmt: skip
    (tmp_path / "wallabag.json").write_text(json.dumps(entries))
    summary = import_inputs([str(tmp_path / "wallabag.json")], tmp_path)
    assert len(summary.imported) == 2 and not summary.errors, summary
    assert server.hits == ["/w2"]  # the carried article was not fetched
    carried = imported_articles(tmp_path)["Carried by Wallabag"]
    assert carried["source_url"] == "https://news.example/carried" and {"harbour", "council"} <= set(carried["tags"])
    assert str(carried["date"]).startswith("2024-04-04")
    tree = _built(tmp_path, "Carried by Wallabag")
    assert paragraphs(7)[0][:60] in tree.text_content()


def test_an_omnivore_export_with_its_content_folder(tmp_path: Path) -> None:
    export = tmp_path / "omnivore"
    (export / "content").mkdir(parents=True)
    body = "".join(f"<p>{p}</p>" for p in paragraphs(9))
    (export / "content" / "harbour-story-18c0a1.html").write_text(f"<div class='page'>{body}</div>")
    metadata = [{
        "id": "6b9a", "slug": "harbour-story-18c0a1", "title": "Saved in Omnivore", "description": "A story",
        "author": "A. Reporter", "url": "https://news.example/omnivore", "state": "Active", "readingProgress": 0,
        "thumbnail": None, "labels": ["Harbour"], "savedAt": "2024-05-01T09:00:00.000Z",
        "updatedAt": "2024-05-01T09:00:00.000Z", "publishedAt": None,
    }]  # fmt: skip
    (export / "metadata_0_to_1.json").write_text(json.dumps(metadata))
    summary = import_inputs([str(export / "metadata_0_to_1.json")], tmp_path)
    assert len(summary.imported) == 1 and not summary.errors, summary
    meta = imported_articles(tmp_path)["Saved in Omnivore"]
    assert "Harbour" in meta["tags"] and meta["date_inferred"] is True and str(meta["date"]).startswith("2024-05-01")
    assert _built(tmp_path, "Saved in Omnivore").xpath("//p[@class='original']/a/@href") == [meta["source_url"]]


def _record(server: NewsServer, warc: Path, paths: list[str]) -> None:
    """Fetch `paths` from the server with urllib while warcio records the traffic into `warc`."""
    with capture_http(str(warc)):
        for path in paths:
            with contextlib.suppress(urllib.error.HTTPError):  # a 404 is recorded too
                urllib.request.urlopen(server.base + path).read()


def _capture_times(warc: Path) -> dict[str, str]:
    with warc.open("rb") as stream:
        return {
            r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Date")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz", ".wacz"])
def test_a_web_archive_imports_every_html_response(tmp_path: Path, server: NewsServer, suffix: str) -> None:
    server.html("/a", story(10))
    server.html("/b", _undated(11))
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")
    warc = tmp_path / ("crawl.warc.gz" if suffix == ".wacz" else f"crawl{suffix}")
    _record(server, warc, ["/a", "/b", "/logo.png", "/missing"])
    captured = _capture_times(warc)
    archive = warc
    if suffix == ".wacz":
        archive = tmp_path / "crawl.wacz"
        with zipfile.ZipFile(archive, "w") as wacz:
            wacz.write(warc, "archive/data.warc.gz")
            wacz.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
            wacz.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        warc.unlink()
    summary = import_inputs([str(archive)], tmp_path)
    assert len(summary.imported) == 2 and not summary.errors, summary
    articles = imported_articles(tmp_path)
    assert articles[headline(10)]["source_url"] == server.base + "/a"
    undated = articles[headline(11)]
    assert undated["date_inferred"] is True
    assert undated["date"] == datetime.fromisoformat(captured[server.base + "/b"].replace("Z", "+00:00"))
    tree = _built(tmp_path, headline(10))
    assert tree.xpath("//time/@datetime")[0][:10] == published(10)[:10]
    again = import_inputs([str(archive)], tmp_path)
    assert again.line().startswith("0 imported, 2 unchanged")


def test_an_mhtml_page_saved_by_chromium(tmp_path: Path, server: NewsServer, browser: Browser) -> None:
    url = server.html("/saved", story(12))
    tab = browser.new_page()
    try:
        tab.goto(url)
        snapshot = tab.context.new_cdp_session(tab).send("Page.captureSnapshot", {"format": "mhtml"})["data"]
    finally:
        tab.close()
    (tmp_path / "saved.mhtml").write_bytes(snapshot.encode())
    summary = import_inputs([str(tmp_path / "saved.mhtml")], tmp_path)
    assert len(summary.imported) == 1 and not summary.errors, summary
    meta = imported_articles(tmp_path)[headline(12)]
    assert meta["source_url"] == url
    tree = _built(tmp_path, headline(12))
    assert tree.xpath("//time/@datetime")[0][:10] == published(12)[:10]
    assert paragraphs(12)[1][:60] in tree.text_content()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Times</title><link>https://news.example/</link><description>News</description>
<item><title>Full text in the feed</title><link>https://news.example/full</link>
<pubDate>Mon, 10 Jun 2024 08:00:00 GMT</pubDate><category>Harbour</category>
<description>A teaser.</description><content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Only a teaser</title><link>{fetch}</link><pubDate>Tue, 11 Jun 2024 08:00:00 GMT</pubDate>
<description>Read the rest on the site.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Times</title><id>urn:uuid:harbour</id>
<updated>2024-06-12T08:00:00Z</updated>
<entry><title>Atom with content</title><link href="https://news.example/atom"/><id>urn:uuid:1</id>
<updated>2024-06-12T08:00:00Z</updated><content type="html">{body}</content></entry>
</feed>"""


def test_feeds_import_each_entry_from_a_file_and_from_a_url(tmp_path: Path, server: NewsServer) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs(13))
    teaser = server.html("/teaser", story(14))
    (tmp_path / "feed.rss").write_text(RSS.replace("{body}", body).replace("{fetch}", teaser))
    other = "".join(f"<p>{p}</p>" for p in paragraphs(16))
    escaped = other.replace("<", "&lt;").replace(">", "&gt;")
    server.routes["/atom.xml"] = (
        200,
        {"Content-Type": "application/atom+xml"},
        ATOM.replace("{body}", escaped).encode(),
    )
    summary = import_inputs([str(tmp_path / "feed.rss"), server.base + "/atom.xml"], tmp_path)
    assert not summary.errors, summary
    articles = imported_articles(tmp_path)
    assert set(articles) == {"Full text in the feed", headline(14), "Atom with content"}
    full = articles["Full text in the feed"]
    assert "Harbour" in full["tags"] and str(full["date"]).startswith("2024-06-10")
    assert articles[headline(14)]["source_url"] == teaser  # fetched from its link
    assert "/full" not in "".join(server.hits)
    tree = _built(tmp_path, "Atom with content")
    assert tree.xpath("//p[@class='original']/a/@href") == ["https://news.example/atom"]


def test_an_unreadable_list_names_the_file_and_the_rest_imports(tmp_path: Path, server: NewsServer) -> None:
    (tmp_path / "broken.json").write_text("[{")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    good = tmp_path / "page.html"
    good.write_text(page("A saved page", paragraphs(15), "2024-07-01"))
    summary = import_inputs([str(tmp_path / "broken.json"), str(tmp_path / "other.csv"), str(good)], tmp_path)
    assert len(summary.imported) == 1
    assert any("broken.json" in m and "not valid JSON" in m for m in map(str, summary.errors))
    assert any("other.csv" in m and "Pocket" in m for m in map(str, summary.errors))


def test_the_progress_reports_every_page(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"p{n}.html").write_text(page(f"Page {n}", paragraphs(30 + n), "2024-07-01"))
    counts: dict[str, list[int]] = {}

    def progress(label: str, total: int):  # type: ignore[no-untyped-def]
        counts[label] = [total, 0]
        return lambda n: counts[label].__setitem__(1, counts[label][1] + n)

    import_inputs([str(tmp_path / f"p{n}.html") for n in range(5)], tmp_path, progress=progress)
    assert counts == {"pages": [5, 5]}
