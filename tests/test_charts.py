"""The archive chart's numbers (charts.py) and the chart as built into the archive pages."""

from __future__ import annotations

import itertools

import pytest
from conftest import Site

from generator.build import Builder
from generator.charts import CHAR_PX, LABEL_GAP_PX, MIN_SLOTS, NARROWEST_PX, archive_chart
from generator.pages import MONTHS


def _span(months: int, start: tuple[int, int] = (2001, 3)) -> dict[tuple[int, int], int]:
    counts = {}
    year, month = start
    for i in range(months):
        counts[year, month] = 1 + i % 7
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return counts


@pytest.mark.parametrize("months", [1, 2, 11, 12, 13, 24, 36, 48])
def test_short_spans_get_a_bar_per_month(months: int) -> None:
    chart = archive_chart(_span(months), MONTHS)
    assert chart and chart["unit"] == "month"
    assert len(chart["bars"]) == months
    first = {"x": 0, "height": round(100 / min(months, 7)), "name": "March 2001: 1 article", "url": "/archive/2001/03/"}
    assert chart["bars"][0] == first
    assert chart["slots"] == max(months, MIN_SLOTS) == len(chart["ticks"]) == len(chart["years"])


@pytest.mark.parametrize("months", [49, 120, 360, 1200])
def test_long_spans_get_a_bar_per_year(months: int) -> None:
    counts = _span(months)
    chart = archive_chart(counts, MONTHS)
    assert chart and chart["unit"] == "year" and chart["years"] == []
    years = sorted({y for y, _ in counts})
    assert [b["url"] for b in chart["bars"]] == [f"/archive/{y}/" for y in years]
    assert sum(int(b["name"].split(": ")[1].split()[0]) for b in chart["bars"]) == sum(counts.values())
    assert max(b["height"] for b in chart["bars"]) == 100


@pytest.mark.parametrize("months", [1, 5, 12, 13, 23, 30, 48, 49, 100, 360, 1200, 6000])
def test_labels_never_come_closer_than_their_width_in_the_narrowest_column(months: int) -> None:
    chart = archive_chart(_span(months, (1990, 11)), MONTHS)
    assert chart
    slot_px = NARROWEST_PX / chart["slots"]
    for row in (chart["ticks"], chart["years"]):
        placed = [(i, label) for i, label in enumerate(row) if label]
        assert placed or not row
        for (i, a), (j, b) in itertools.pairwise(placed):
            # Both labels are centred on their bars: half of each must fit between the centres.
            assert (j - i) * slot_px >= (len(a) + len(b)) / 2 * CHAR_PX + LABEL_GAP_PX, (a, b)


def test_no_articles_no_chart() -> None:
    assert archive_chart({}, MONTHS) is None


def test_the_archive_and_year_pages_show_the_chart_as_links(site: Site) -> None:
    for year in range(2000, 2010):
        site.add(f"{year}/01/a", f"Story {year}", f"{year}-01-05")
        site.add(f"{year}/06/b", f"Later {year}", f"{year}-06-05")
    Builder(site.root, search=False).build()
    archive = site.page("/archive/")
    links = archive.xpath("//*[local-name()='svg']/*[local-name()='a']/@href")
    assert links == [f"../archive/{y}/index.html" for y in range(2000, 2010)]
    names = archive.xpath("//*[local-name()='svg']//*[local-name()='rect']/*[local-name()='title']/text()")
    assert names == [f"{y}: 2 articles" for y in range(2000, 2010)]
    year = site.page("/archive/2004/")
    assert year.xpath("//*[local-name()='svg']//*[local-name()='title']/text()") == [
        "Articles per month, 2004", "January 2004: 1 article", "June 2004: 1 article"
    ]  # fmt: skip
    assert year.xpath("//ol[@class='chart-ticks'][1]/li/span/text()")[:3] == ["Jan", "Feb", "Mar"]
