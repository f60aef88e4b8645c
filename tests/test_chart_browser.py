"""The archive chart in a real browser: archives of 1 month, 2 years and 30 years at 390, 1,280 and
1,920 px. It fits the column, its labels never overlap, and every bar is a link with a name.
Screenshots land in test-artifacts/screenshots/archive-chart-*.png."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Site, static_server
from playwright.sync_api import Browser, Locator, Page

from generator.build import Builder

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# span name -> (year, month) of each article: one month, two years, thirty years.
SPANS = {
    "1-month": [(2025, 12)] * 3,
    "2-years": [(2024 + i // 12, i % 12 + 1) for i in range(24) for _ in range(1 + i % 4)],
    "30-years": [(1996 + i, m) for i in range(30) for m in range(1, 13, 1 + i % 5)],
}


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The three archives, each built into its own folder of one local HTTP server."""
    docroot = tmp_path_factory.mktemp("charts")
    for span, months in SPANS.items():
        site = Site(tmp_path_factory.mktemp(span) / "site")
        site.write("site.toml", 'title = "Charts"\n')
        for n, (year, month) in enumerate(months):
            site.add(f"{year}/{month:02d}/a{n}", f"Story {n}", f"{year}-{month:02d}-{n % 28 + 1:02d}")
        Builder(site.root, docroot / span, search=False).build()
    with static_server(docroot) as root:
        yield root


def _boxes(page: Page | Locator, selector: str) -> list[dict[str, float]]:
    return [box for box in (e.bounding_box() for e in page.locator(selector).all()) if box]


def _check_chart(page: Page, width: int, bars: int) -> None:
    chart = page.locator("svg.chart").bounding_box()
    column = page.locator("main").bounding_box()
    assert chart and column
    assert column["x"] <= chart["x"] and chart["x"] + chart["width"] <= column["x"] + column["width"]
    assert chart["width"] >= 0.85 * (min(width, 704) - 32), "the chart should fill the column"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    for row in page.locator(".chart-ticks").all():
        labels = sorted(_boxes(row, "span"), key=lambda b: b["x"])
        assert labels, "each row of labels names something"
        for left, right in itertools.pairwise(labels):
            assert left["x"] + left["width"] + 2 <= right["x"], f"labels overlap at {width}px"
        assert labels[0]["x"] >= 0 and labels[-1]["x"] + labels[-1]["width"] <= width
    # Every bar is a link whose accessible name says what it counts ("May 2024: 3 articles").
    assert page.locator("svg.chart a").count() == bars
    assert page.get_by_role("link", name=re.compile(r"^(\w+ )?\d{4}: \d+ articles?$")).count() == bars
    for rect in _boxes(page, "svg.chart rect"):
        assert rect["width"] >= 2, "every bar is wide enough to see and to tap"


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_the_archive_chart_reads_at_any_size(browser: Browser, archives: str, width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    expected = {"1-month": 1, "2-years": 24, "30-years": 30}
    for span, bars in expected.items():
        page.goto(f"{archives}{span}/archive/index.html", wait_until="load")
        _check_chart(page, width, bars)
        page.screenshot(path=ARTIFACTS / f"archive-chart-{span}-{width}.png", full_page=True)
    # A long archive's year page shows that year's months.
    page.goto(f"{archives}30-years/archive/2000/index.html", wait_until="load")
    _check_chart(page, width, len(range(1, 13, 5)))
    page.screenshot(path=ARTIFACTS / f"archive-chart-30-years-year-{width}.png", full_page=True)
    # Each bar leads to its archive page.
    page.goto(f"{archives}30-years/archive/index.html", wait_until="load")
    page.locator("svg.chart a").first.click()
    assert page.url.endswith("30-years/archive/1996/index.html")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem_in_any_chart(browser: Browser, archives: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    serious = []
    for path in [f"{span}/archive/index.html" for span in SPANS] + ["30-years/archive/2000/index.html"]:
        page.goto(archives + path, wait_until="load")
        violations = Axe().run(page).response["violations"]
        serious += [f"{path}: {v['id']} ({v['impact']})" for v in violations if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == []
