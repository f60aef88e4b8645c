"""Permalinks: a URL comes from the file's name (or `slug:`) and date, and keeps serving its article."""

from __future__ import annotations

import itertools
from pathlib import Path

import lxml.html
import pytest
from conftest import Site, article

from generator.build import Builder, build
from generator.ingest import import_paths

TITLE = "Floods force thousands from homes in northern Italy"


def _raw(title: str, day: int, marker: str) -> str:
    """A raw text dump (as copied from a news page) whose body names `marker`."""
    return (
        f"WORLD\n{title}\nRescue teams reach villages cut off by the river.\nBy Maria Rossi\n"
        f"{day} Dec 2025, 10:32 GMT\n\nMILAN (Reuters) - Floods forced people from their homes, "
        f"officials said. Report {marker}.\n\nThe river burst its banks in several places on Thursday.\n"
    )


def _published(output: Path) -> dict[str, str]:
    """Every article page's URL with the report marker its body carries."""
    found = {}
    for path in output.glob("[0-9]*/[0-9]*/*/index.html"):
        body = " ".join(lxml.html.fromstring(path.read_bytes()).xpath("//div[@class='body']//text()"))
        marker = next(word for word in body.split() if word.startswith("M-"))
        found["/" + path.parent.relative_to(output).as_posix() + "/"] = marker.rstrip(".")
    return found


def test_articles_with_one_title_imported_in_any_order_keep_every_published_url(tmp_path: Path) -> None:
    stories = [(TITLE, 4, "M-a"), (TITLE, 2, "M-b"), (TITLE, 9, "M-c")]
    for order in itertools.permutations(stories):
        site = Site(tmp_path / "-".join(marker for _, _, marker in order))
        inbox = site.root / "inbox"
        seen: dict[str, str] = {}
        for title, day, marker in order:
            raw = inbox / f"{marker}.txt"
            raw.parent.mkdir(exist_ok=True)
            raw.write_text(_raw(title, day, marker), encoding="utf-8")
            assert not import_paths([raw], site.root).errors
            Builder(site.root, search=False).build()
            now = _published(site.output)
            assert now.items() >= seen.items(), f"a URL moved after adding {marker} (order {order})"
            seen = now
        # The importer's file names are the URLs: content/2025/12/<name>.md is at /2025/12/<name>/.
        names = {f"/2025/12/{p.stem}/" for p in (site.root / "content").rglob("*.md")}
        assert names == set(seen)
        # Retitling the first article (by hand) moves nothing either.
        first = next((site.root / "content/2025/12").glob("*.md"))
        first.write_text(first.read_text(encoding="utf-8").replace(TITLE, "A new headline"), encoding="utf-8")
        Builder(site.root, search=False).build()
        assert _published(site.output) == seen


def test_url_comes_from_the_file_name_or_slug_never_the_title(site: Site) -> None:
    site.add("2025/03/talks", "Talks open in Baku", "2025-03-04")
    site.add("2025/03/other", "Talks open in Baku", "2025-03-05", slug="Second Round")
    site.add("2025/03/bundle/index", "Talks open in Baku", "2025-03-06")
    result = build(site.root)
    assert not result.report.errors and not result.report.warnings
    for url in ("/2025/03/talks/", "/2025/03/second-round/", "/2025/03/bundle/"):
        assert site.page(url).xpath("//h1/text()") == ["Talks open in Baku"], url
    assert not (site.output / "2025/03/talks-open-in-baku").exists()


def test_two_files_claiming_one_url_are_an_error_and_neither_is_published(site: Site) -> None:
    site.add("2025/01/story", "The first story", "2025-01-10", "First body.")
    build(site.root)
    site.add("elsewhere/story", "Another story", "2025-01-20", "Second body.")
    site.add("2025/01/other", "A third story", "2025-01-15", "Third body.", slug="story")
    result = build(site.root)
    messages = [str(e) for e in result.report.errors]
    assert len(messages) == 3
    files = ("content/2025/01/story.md", "content/elsewhere/story.md", "content/2025/01/other.md")
    for name in files:
        (message,) = [m for m in messages if m.startswith(name)]
        assert "URL /2025/01/story/ is claimed by" in message
        assert all(other in message for other in files)
    assert not (site.output / "2025/01/story/index.html").exists()
    assert "/2025/01/story/" not in (site.output / "sitemap.xml").read_text()


@pytest.mark.parametrize("restart", [False, True], ids=["serve", "new process"])
def test_an_article_a_url_clash_held_back_is_published_with_its_body_once_the_clash_is_gone(
    site: Site, restart: bool
) -> None:
    first = site.add("2025/01/story", "The first story", "2025-01-10", "First body.")
    site.add("2025/01/other", "A third story", "2025-01-15", "Third body.", slug="story")
    builder = Builder(site.root)
    assert builder.build().report.errors
    first.unlink()
    result = (Builder(site.root) if restart else builder).build()
    assert not result.report.errors
    assert "Third body." in (site.output / "2025/01/story/index.html").read_text()


def test_an_alias_redirects_its_old_url_to_the_article(site: Site) -> None:
    site.add("2025/02/talks", "Talks open", "2025-02-04", aliases=["/2025/01/talks/", "/old/talks.html", "/news/x"])
    result = build(site.root)
    assert not result.report.errors
    for alias, link in (
        ("2025/01/talks/index.html", "../../../2025/02/talks/index.html"),
        ("old/talks.html", "../2025/02/talks/index.html"),
        ("news/x/index.html", "../../2025/02/talks/index.html"),
    ):
        page = lxml.html.fromstring((site.output / alias).read_bytes())
        assert page.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url={link}"]
        assert page.xpath("//link[@rel='canonical']/@href") == ["https://news.example.org/2025/02/talks/"]
        assert page.xpath("//body//a/@href") == [link]
        assert (site.output / alias).parent.joinpath(link).resolve() == site.output / "2025/02/talks/index.html"
    assert "/2025/01/talks/" not in (site.output / "sitemap.xml").read_text()


def test_an_alias_never_replaces_a_page_of_the_site(site: Site) -> None:
    site.add("2025/02/real", "The real page", "2025-02-04", "Real body.")
    taken = ["/2025/02/real/", "/tags/", "/static/style.css", "/search-index/manifest.idx"]
    site.add("2025/02/grabby", "Grabby", "2025-02-05", aliases=taken)
    result = build(site.root)
    errors = [str(e) for e in result.report.errors]
    assert len(errors) == 4
    assert all(e.startswith("content/2025/02/grabby.md: aliases: ") and "would replace it" in e for e in errors)
    assert site.page("/2025/02/real/").xpath("//h1/text()") == ["The real page"]
    assert site.page("/tags/").xpath("//h1/text()") == ["Tags"]
    assert (site.output / "static/style.css").read_text().startswith(":root")
    assert (site.output / "search-index/manifest.idx").read_bytes().startswith(b"\x1f\x8b")  # still the gzipped index


def test_two_files_with_one_alias_redirect_it_nowhere(site: Site) -> None:
    site.add("2025/02/a", "A", "2025-02-04", aliases=["/gone/"])
    site.add("2025/02/b", "B", "2025-02-05", aliases=["/gone/"])
    result = build(site.root)
    assert sorted(str(e) for e in result.report.errors) == [
        f"content/2025/02/{n}.md: aliases: /gone/ is claimed by content/2025/02/a.md, content/2025/02/b.md; "
        "it redirects nowhere until only one file names it"
        for n in "ab"
    ]
    assert not (site.output / "gone").exists()


def test_a_bad_alias_names_the_file_and_line(site: Site) -> None:
    bad = ["../../etc/passwd", "https://evil.example/", "/a/../../b/", "/%2e%2e/", 7]
    bad += ["/x/con/", "/a./", "/y/" + "z" * 300]  # names some file system refuses
    for n, alias in enumerate(bad):
        site.write(f"content/bad{n}.md", article("Bad", "2025-02-04").replace("date:", f"aliases: [{alias!r}]\ndate:"))
    result = build(site.root)
    assert sorted(str(e).split(": aliases: ")[0] for e in result.report.errors) == [
        f"content/bad{n}.md:3" for n in range(len(bad))
    ]
    assert [p.name for p in site.output.iterdir() if p.name in ("etc", "b", "a")] == []


def test_a_moved_url_warns_with_the_aliases_line_to_add(site: Site) -> None:
    path = site.add("2025/02/talks", "Talks", "2025-02-04", "Talks body.")
    build(site.root)
    path.write_text(article("Talks", "2025-03-01", "Talks body."), encoding="utf-8")
    builder = Builder(site.root)
    warnings = [str(w) for w in builder.build().report.warnings]
    assert warnings == [
        "content/2025/02/talks.md: its URL moved from /2025/02/talks/ to /2025/03/talks/ (new date or slug); "
        'links to the old one now break. To redirect them, add to the front matter: aliases: ["/2025/02/talks/"]'
    ]
    path.write_text(article("Talks", "2025-03-01", "Talks body.", aliases=["/2025/02/talks/"]), encoding="utf-8")
    result = builder.build()
    assert not result.report.warnings and not result.report.errors
    redirect = lxml.html.fromstring((site.output / "2025/02/talks/index.html").read_bytes())
    assert redirect.xpath("//body//a/@href") == ["../../../2025/03/talks/index.html"]


def test_a_new_slug_warns_too_and_keeps_earlier_aliases_in_the_line(site: Site) -> None:
    path = site.add("2025/02/talks", "Talks", "2025-02-04", aliases=["/first/"])
    build(site.root)
    path.write_text(article("Talks", "2025-02-04", aliases=["/first/"], slug="baku-talks"), encoding="utf-8")
    warnings = [str(w) for w in build(site.root).report.warnings]
    assert len(warnings) == 1
    assert warnings[0].endswith('aliases: ["/first/", "/2025/02/talks/"]')


def test_the_importer_never_names_a_file_whose_url_a_sibling_claims(site: Site, tmp_path: Path) -> None:
    site.write("content/2025/12/Floods-Force-Thousands-From-Homes-In-Northern-Italy.md", article("Mine", "2025-12-01"))
    site.add("2025/12/floods-force-thousands-from-homes-in-northern-italy-2/index", "Mine too", "2025-12-02")
    raw = tmp_path / "wire.txt"
    raw.write_text(_raw(TITLE, 4, "M-x"), encoding="utf-8")
    report = import_paths([raw], site.root)
    assert [p.name for p in report.written] == ["floods-force-thousands-from-homes-in-northern-italy-3.md"]
    result = Builder(site.root, search=False).build()
    assert not result.report.errors
    base = "/2025/12/floods-force-thousands-from-homes-in-northern-italy"
    titles = {url: site.page(url).xpath("//h1/text()") for url in (f"{base}/", f"{base}-2/", f"{base}-3/")}
    assert titles == {f"{base}/": ["Mine"], f"{base}-2/": ["Mine too"], f"{base}-3/": [TITLE]}


def test_a_move_made_while_the_file_was_broken_still_warns(site: Site) -> None:
    path = site.add("2025/02/talks", "Talks", "2025-02-04")
    build(site.root)
    path.write_text("---\ntitle: Talks\ndate: [broken\n---\nBody.\n", encoding="utf-8")
    assert build(site.root).report.errors
    path.write_text(article("Talks", "2025-04-01"), encoding="utf-8")
    warnings = [str(w) for w in build(site.root).report.warnings]
    assert len(warnings) == 1 and "moved from /2025/02/talks/ to /2025/04/talks/" in warnings[0]
