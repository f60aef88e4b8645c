"""`newsarchive check`, run as a user runs it, on built sites with and without broken links."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from conftest import Site
from test_cli import run

from generator.build import build


def _news(site: Site) -> None:
    site.add("talks-open-in-baku", "Talks open in Baku", "2025-12-04", "Body.",
             section="World", tags=["Azerbaijan", "Energy"])  # fmt: skip
    site.add("b", "Markets rally", "2025-11-20", "Shares rose.", section="Business", tags=["Markets"])


def test_check_passes_on_a_built_site(site: Site) -> None:
    _news(site)
    build(site.root)
    result = run("check", "--site", site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every internal link and asset resolves" in result.stdout


def test_check_names_each_page_and_link_that_leads_nowhere(site: Site) -> None:
    _news(site)
    build(site.root)
    (site.output / "tags/energy/index.html").unlink()
    site.write("output/notes/index.html", '<img src="../map.png" srcset="../map.png 1x, ../map@2x.png 2x" alt="">')
    result = run("check", "--site", site.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{site.output}/2025/12/talks-open-in-baku/index.html: broken link ../../../tags/energy/index.html" in lines
    assert f"{site.output}/tags/index.html: broken link ../tags/energy/index.html" in lines
    assert f"{site.output}/notes/index.html: broken link ../map@2x.png" in lines
    assert f"{site.output}/notes/index.html: broken link ../map.png" in lines
    assert "4 broken links in" in result.stderr


def test_check_follows_absolute_links_to_the_site_itself(site: Site) -> None:
    _news(site)
    build(site.root)
    site.write(
        "output/notes/index.html", '<a href="https://news.example.org/gone/">x</a><a href="https://x.org/">y</a>'
    )
    result = run("check", "--site", site.root, "--output", site.output)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{site.output}/notes/index.html: broken link https://news.example.org/gone/"]


def test_check_of_a_missing_output_folder_says_to_build_first(site: Site) -> None:
    result = run("check", "--site", site.root)
    assert result.returncode == 1
    assert "build the site first" in result.stderr


UNDATED = """Council approves new cycle lanes for the city centre

The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day.

The lanes will open next spring, the council said in a statement on its website after the vote.
"""


def test_an_undated_import_is_shown_as_an_estimate_and_listed_by_check(site: Site) -> None:
    _news(site)
    raw = site.write("sources/undated.txt", UNDATED)
    os.utime(raw, (0, datetime(2026, 3, 7, 12, tzinfo=UTC).timestamp()))
    built = run("build", "--site", site.root)
    assert "sources/undated.txt: no date found" in built.stderr
    url = "2026/03/council-approves-new-cycle-lanes-for-the-city-centre/"
    story = site.page(f"/{url}")
    assert story.xpath("//p[@class='meta']/time/text()") == ["saved 7 March 2026"]
    assert not story.xpath("//meta[@property='article:published_time']")
    listed = site.page("/").xpath("//h3/a[contains(@href, 'council-approves')]/ancestor::li//time/text()")
    assert listed == ["saved 7 March 2026"]
    assert site.page("/2025/12/talks-open-in-baku/").xpath("//p[@class='meta']/time/text()") == ["4 December 2025"]
    result = run("check", "--site", site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 article shows an estimated date" in result.stdout
    assert f"  content/{url[:-1]}.md: 2026-03-07 (date_inferred: true)" in result.stdout.splitlines()
    assert "talks-open-in-baku" not in result.stdout
