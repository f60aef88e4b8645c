"""`newsarchive import URL…` against a real HTTP server on 127.0.0.1: pages, errors, duplicates, 1,000 URLs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lxml.html
from newspages import NewsServer, headline, imported_articles, page, paragraphs, published, story

from generator.build import build
from generator.ingest.batch import import_inputs
from generator.ingest.fetch import USER_AGENT, Fetcher


def test_a_fetched_page_is_saved_in_sources_and_built_with_its_final_address(
    tmp_path: Path, server: NewsServer
) -> None:
    final = server.html("/news/2024/harbour.html", story(1))
    start = server.redirect("/short/1", final)
    summary = import_inputs([start], tmp_path)
    assert summary.line() == "1 imported, 0 unchanged, 0 updated, 0 kept as edited, 0 duplicates merged, 0 failed"
    assert summary.redirects == [f"{start} -> {final}"]
    [raw] = (tmp_path / "sources/web").rglob("*.html")
    assert raw.read_text(encoding="utf-8") == story(1)  # the original, byte for byte
    meta = imported_articles(tmp_path)[headline(1)]
    assert meta["source_url"] == final and meta["source_file"] == raw.relative_to(tmp_path).as_posix()
    build(tmp_path, tmp_path / "output")
    [built] = (tmp_path / "output").glob("2024/*/story-number-1-*/index.html")
    tree = lxml.html.fromstring(built.read_bytes())
    assert tree.xpath("//h1/text()") == [headline(1)]
    assert tree.xpath("//p[@class='original']/a/@href") == [final]
    assert tree.xpath("//time/@datetime")[0].startswith(published(1)[:10])


def test_the_next_build_does_not_import_a_fetched_page_again(tmp_path: Path, server: NewsServer) -> None:
    url = server.html("/a.html", story(2))
    import_inputs([url], tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*.md")}
    build(tmp_path, tmp_path / "output")
    assert {p: p.read_bytes() for p in (tmp_path / "content").rglob("*.md")} == before


def test_a_users_file_in_sources_is_never_overwritten(tmp_path: Path, server: NewsServer) -> None:
    url = server.html("/a.html", story(3))
    mine = tmp_path / "sources/web/127-0-0-1/a-html.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes")
    import_inputs([url], tmp_path)
    assert mine.read_text() == "my own notes"
    assert (mine.parent / "a-html-2.html").read_text(encoding="utf-8") == story(3)


def test_the_request_says_who_asks(tmp_path: Path, server: NewsServer) -> None:
    seen: list[str] = []
    original = server.RequestHandlerClass.do_GET

    def record(handler) -> None:  # type: ignore[no-untyped-def]
        seen.append(handler.headers["User-Agent"])
        original(handler)

    server.RequestHandlerClass.do_GET = record  # type: ignore[method-assign]
    try:
        import_inputs([server.html("/a.html", story(4))], tmp_path)
    finally:
        server.RequestHandlerClass.do_GET = original  # type: ignore[method-assign]
    assert seen == [USER_AGENT] and "newsarchive" in USER_AGENT


def test_errors_name_the_url_and_the_rest_imports(tmp_path: Path, server: NewsServer) -> None:
    good = server.html("/good.html", story(5))
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n")
    server.routes["/broken"] = (500, {"Content-Type": "text/html"}, b"oops")
    urls = [server.base + "/missing", server.base + "/logo.png", server.base + "/broken", server.base + "/hang/1", good]
    urls.append("http://127.0.0.1:1/refused")
    summary = import_inputs(urls, tmp_path, fetcher=Fetcher(timeout=1))
    assert len(summary.imported) == 1 and len(summary.errors) == 5
    assert f"{server.base}/missing: HTTP 404 Not Found" in map(str, summary.errors)
    assert any(f"{server.base}/logo.png: not an HTML page" in m and "image/png" in m for m in map(str, summary.errors))
    assert f"{server.base}/broken: HTTP 500 Internal Server Error" in map(str, summary.errors)
    assert any(m.startswith(f"{server.base}/hang/1: ") and "timed out" in m for m in map(str, summary.errors))
    assert any(m.startswith("http://127.0.0.1:1/refused: ") and "refused" in m for m in map(str, summary.errors))


def test_a_page_over_the_size_limit_is_refused(tmp_path: Path, server: NewsServer) -> None:
    server.routes["/huge.html"] = (200, {"Content-Type": "text/html"}, b"<html>" + b" " * 16_000_001)
    summary = import_inputs([server.base + "/huge.html"], tmp_path)
    assert len(summary.errors) == 1 and "16.0 MB" in str(summary.errors[0]) and "/huge.html" in str(summary.errors[0])
    assert not (tmp_path / "content").exists()


def test_the_same_article_under_other_addresses_is_kept_once(tmp_path: Path, server: NewsServer) -> None:
    first = server.html("/world/story-6/", story(6))
    server.html("/world/story-6", story(6))  # the site answers with and without the slash
    server.html("/amp/world/story-6", story(6, canonical=first))
    variants = [
        first.replace("/story-6/", "/story-6") + "?utm_source=twitter&fbclid=abc",  # tracking, no trailing slash
        server.base + "/amp/world/story-6",  # the AMP page, whose canonical link is the first
        server.redirect("/go/6", first),  # a short link to the first
    ]
    summary = import_inputs([first, *variants], tmp_path)
    assert len(summary.imported) == 1 and len(summary.duplicates) == 3, summary
    assert len(imported_articles(tmp_path)) == 1
    again = import_inputs([first], tmp_path)
    assert again.duplicates and not again.imported and not again.updated  # a second copy updates nothing


def test_a_dry_run_writes_nothing_and_tells_the_same_summary(tmp_path: Path, server: NewsServer) -> None:
    urls = [server.html(f"/s/{n}.html", story(n)) for n in range(10, 14)] + [server.base + "/s/10.html?utm_medium=x"]
    dry = import_inputs(urls, tmp_path, dry_run=True)
    assert not (tmp_path / "content").exists() and not (tmp_path / "sources").exists()
    real = import_inputs(urls, tmp_path)
    assert (
        dry.line()
        == real.line()
        == ("4 imported, 0 unchanged, 0 updated, 0 kept as edited, 1 duplicates merged, 0 failed")
    )


def test_wire_copies_from_other_outlets_become_one_article_that_lists_them(tmp_path: Path, server: NewsServer) -> None:
    wire = paragraphs(20, 8)
    edited = [wire[0].replace("Ka", "Our city's", 1), *wire[1:6], "Our reporter adds a local line here."]
    wire_url = server.html("/ap/story-20", page("Harbour council votes", wire, "2024-03-01T08:00:00+00:00"))
    copy_url = server.html("/local/harbour-vote", page("Council votes on the harbour", edited, "2024-03-02"))
    other = server.html("/other", page("Harbour council budget row", paragraphs(21, 8), "2024-03-02"))
    summary = import_inputs([wire_url, copy_url, other], tmp_path)
    assert len(summary.imported) == 2 and len(summary.merged) == 1, summary
    meta = imported_articles(tmp_path)["Harbour council votes"]
    assert meta["also_published"] == [
        {"source": "127.0.0.1", "url": copy_url, "date": meta["also_published"][0]["date"]}
    ]
    assert str(meta["also_published"][0]["date"]).startswith("2024-03-02")
    build(tmp_path, tmp_path / "output")
    [built] = (tmp_path / "output").glob("2024/03/harbour-council-votes/index.html")
    tree = lxml.html.fromstring(built.read_bytes())
    assert tree.xpath("//section[@class='copies']/h2/text()") == ["Also published by"]
    assert tree.xpath("//section[@class='copies']//a/@href") == [copy_url]
    again = import_inputs([copy_url], tmp_path)  # the copy's address is known now
    assert len(again.duplicates) == 1 and len(imported_articles(tmp_path)) == 2


def test_a_thousand_urls_slow_failing_redirecting_and_repeated_import_each_story_once(
    tmp_path: Path, server: NewsServer
) -> None:
    urls: list[str] = []
    for n in range(700):
        url = server.html(f"/story/{n}", story(n))
        urls.append(url.replace("/story/", "/slow/story/") if n % 10 == 0 else url)
    for n in range(100):
        urls.append(server.base + f"/gone/{n}")  # 404
    for n in range(100):
        urls.append(server.redirect(f"/r/{n}", f"{server.base}/story/{700 + n}"))
        server.html(f"/story/{700 + n}", story(700 + n))
    for n in range(100):
        urls.append(f"{server.base}/story/{n}?utm_source=feed&utm_campaign={n}")  # the same 100 stories again
    summary = import_inputs(urls, tmp_path)
    assert summary.line() == "800 imported, 0 unchanged, 0 updated, 0 kept as edited, 100 duplicates merged, 100 failed"
    articles = imported_articles(tmp_path)  # asserts no story twice
    assert set(articles) == {headline(n) for n in range(800)}
    assert all(f"{server.base}/gone/{n}: HTTP 404 Not Found" in map(str, summary.errors) for n in range(100))


def test_the_command_prints_each_outcome_and_the_summary_line_and_dry_run_writes_nothing(
    tmp_path: Path, server: NewsServer
) -> None:
    urls = [server.html("/c/1", story(50)), server.base + "/c/1?utm_source=x", server.base + "/c/missing"]
    (tmp_path / "links.txt").write_text("\n".join(urls) + "\n")
    command = [sys.executable, "-m", "generator", "import", str(tmp_path / "links.txt"), "--site", str(tmp_path)]
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True)
    assert dry.returncode == 1  # one URL failed
    assert dry.stdout.splitlines()[-1] == (
        "1 imported, 0 unchanged, 0 updated, 0 kept as edited, 1 duplicates merged, 1 failed (dry run: nothing written)"
    )
    assert f"{server.base}/c/missing: HTTP 404 Not Found" in dry.stderr
    assert not (tmp_path / "content").exists() and not (tmp_path / "sources").exists()
    real = subprocess.run(command, capture_output=True, text=True)
    assert (
        real.stdout.splitlines()[-1]
        == "1 imported, 0 unchanged, 0 updated, 0 kept as edited, 1 duplicates merged, 1 failed"
    )
    assert f"duplicate links.txt: {urls[1]}: the same article as content/2024/" in real.stdout
