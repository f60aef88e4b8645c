"""The built site in a real browser, served over HTTP from a sub-path, read the way a person reads it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BODY_WORD, PAGE_KINDS, TITLE_WORD, Served, Site
from playwright.sync_api import Browser, Page, expect
from waiting import wait_for

from generator.serve import DevServer

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
RESULT = ".search-result"
RESULT_TITLE = ".search-result h3"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def open_kind(page: Page, served: Served, kind: str) -> None:
    """Open one page kind and wait until it is complete: pages run no script but the search page, whose
    results show last."""
    page.goto(served.url(PAGE_KINDS[kind]), wait_until="load")
    if kind == "search":
        expect(page.locator(RESULT)).to_have_count(1)


def cards(page: Page) -> list[str]:
    return page.locator("ol.cards h3").all_inner_texts()


def test_a_reader_walks_from_home_to_an_article_a_tag_a_month_and_its_next_page(page: Page, served: Served) -> None:
    page.goto(served.url())
    expect(page.locator("h1")).to_have_text("Latest")
    assert cards(page) == ["Zeppelin returns to the skies", "Story 7 of a busy December", "Story 6 of a busy December"]

    page.get_by_role("link", name="Story 7 of a busy December").click()
    expect(page.locator("article h1")).to_have_text("Story 7 of a busy December")
    expect(page.locator("article .dek")).to_have_text("What happened on day 21")
    expect(page.locator("article .body blockquote")).to_contain_text("This is a new page in our relations")
    assert page.url == served.url("2025/12/dec-7/index.html")

    page.locator(".story-foot").get_by_role("link", name="Energy").click()
    expect(page.locator("h1")).to_have_text("Energy")
    assert cards(page) == ["Story 7 of a busy December", "Story 3 of a busy December", "Story 2 of a busy December"]

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Archive").click()
    expect(page.locator("h1")).to_have_text("Archive")
    page.get_by_role("link", name="2025", exact=True).click()
    expect(page.locator("h1")).to_have_text("2025")
    page.get_by_role("navigation", name="Months").get_by_role("link", name="December").click()
    expect(page.locator("h1")).to_have_text("December 2025")
    assert cards(page) == ["Zeppelin returns to the skies", "Story 7 of a busy December", "Story 6 of a busy December"]

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Older").click()
    expect(page.locator("h1")).to_have_text("December 2025 page 2")
    assert cards(page) == ["Story 5 of a busy December", "Story 4 of a busy December"]


def test_searching_a_word_from_one_article_body_lands_on_that_article(page: Page, served: Served) -> None:
    page.goto(served.url("tags/index.html"))
    page.get_by_role("searchbox", name="Search the archive").fill(BODY_WORD)
    page.get_by_role("searchbox", name="Search the archive").press("Enter")
    results = page.locator(RESULT)
    expect(results).to_have_count(1)
    expect(results.locator("h3")).to_have_text("Wildlife survey counts more animals")
    results.get_by_role("link").first.click()
    expect(page.locator("article h1")).to_have_text("Wildlife survey counts more animals")


def test_search_finds_titles_not_headline_lists(page: Page, served: Served) -> None:
    # Five later articles show the wildlife story among their earlier headlines; only its own page may match.
    page.goto(served.url(f"search/index.html?q={TITLE_WORD}"))
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT_TITLE)).to_have_text("Wildlife survey counts more animals")


def test_filters_narrow_the_results_by_section_tag_and_year(page: Page, served: Served) -> None:
    page.goto(served.url("search/index.html?q=ministers"))
    expect(page.locator(RESULT)).to_have_count(7)  # every December story's body
    page.get_by_label("Section", exact=True).select_option("Business")
    expect(page.locator(RESULT_TITLE)).to_have_text(["Story 5 of a busy December", "Story 2 of a busy December"])
    page.get_by_label("Tag", exact=True).select_option("Energy")
    expect(page.locator(RESULT_TITLE)).to_have_text(["Story 2 of a busy December"])
    assert page.url.endswith("?q=ministers&section=Business&tag=Energy"), "the address keeps the search"
    page.get_by_label("Words", exact=True).fill("")
    page.get_by_label("Section", exact=True).select_option("")
    page.get_by_label("Tag", exact=True).select_option("")
    page.get_by_label("Year", exact=True).select_option("2024")
    expect(page.locator(RESULT_TITLE)).to_have_text(["A year-old report"])
    expect(page.get_by_role("status")).to_have_text("1 result for these filters")


def test_a_word_in_no_article_says_so(page: Page, served: Served) -> None:
    page.goto(served.url("search/index.html?q=ministers+zebra"))
    expect(page.get_by_role("status")).to_have_text("No results for “ministers zebra”")
    expect(page.locator(RESULT)).to_have_count(0)


def test_search_under_serve_finds_a_word_saved_a_moment_ago(page: Page, site: Site) -> None:
    site.add("a", "Talks open in Baku", "2025-12-04", "First body.", section="World")
    site.add("b", "Markets rally", "2025-11-20", "Second body.", section="Business")
    server = DevServer(site.root, port=0)
    server.start()
    try:
        wait_for(lambda: server.indexer.runs >= 1, "the first index")
        runs = server.indexer.runs
        site.add("a", "Talks open in Baku", "2025-12-04", "Delegates saw wombats.", section="World")
        wait_for(lambda: server.indexer.runs > runs, "the edit's re-index")
        page.goto(server.url + "search/index.html?q=wombats")
        expect(page.locator(RESULT_TITLE)).to_have_text(["Talks open in Baku"])
        page.get_by_label("Words", exact=True).fill("second")
        page.get_by_label("Words", exact=True).press("Enter")
        expect(page.locator(RESULT_TITLE)).to_have_text(["Markets rally"])
    finally:
        server.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_has_no_console_errors_or_failed_requests(page: Page, served: Served, kind: str) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    open_kind(page, served, kind)
    assert problems == []


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_every_page_kind_fit_the_screen(browser: Browser, served: Served, width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for kind in PAGE_KINDS:
            open_kind(page, served, kind)
            page.screenshot(path=ARTIFACTS / f"{kind}-{width}-{scheme}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"
        context.close()
