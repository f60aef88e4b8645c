"""The archive's bar chart as plain numbers; templates/_chart.html draws it.

Short spans get one bar per month, long ones one bar per year (each year's
page then shows its months). Bars share the column's width equally, so the
chart fits any screen; tick labels are thinned at build time so that they
cannot overlap even in the narrowest column, and only grow apart on wider ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MAX_MONTH_BARS = 48  # beyond four years of months, one bar per year
MIN_SLOTS = 12  # a chart of fewer bars keeps room for a year's, so one bar is not the column's width
NARROWEST_PX = 334  # the chart on a 390 px screen (1rem of page padding and .75rem of its own, each side)
CHAR_PX = 6.5  # a tick label's character at the chart's font size (.7rem): digits measure 6.2 px
LABEL_GAP_PX = 6
MONTH_STEPS = (1, 2, 3, 6, 12)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000)
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Chart = dict[str, Any]
Month = tuple[int, int]


def _step(slots: int, label_chars: int, steps: Sequence[int]) -> int:
    """The fewest bars between two labels that keeps labels apart in the narrowest column."""
    slot_px = NARROWEST_PX / max(slots, MIN_SLOTS)
    need = label_chars * CHAR_PX + LABEL_GAP_PX
    return next((s for s in steps if s * slot_px >= need), steps[-1])


def _plural(count: int) -> str:
    return f"{count} article{'s' if count != 1 else ''}"


def _months_between(first: Month, last: Month) -> list[Month]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _chart(
    title: str,
    unit: str,
    counts: Sequence[int],
    urls: Sequence[str],
    names: Sequence[str],
    ticks: Sequence[str],
    years: Sequence[str],
) -> Chart:
    """Bars at slot positions (0..slots-1) with heights in percent of the tallest; a tick row, a year row."""
    peak = max(counts, default=0) or 1
    bars = [
        {"x": i, "height": max(2, round(100 * n / peak)), "name": f"{name}: {_plural(n)}", "url": url}
        for i, (n, url, name) in enumerate(zip(counts, urls, names, strict=True))
        if n
    ]
    pad = [""] * max(0, MIN_SLOTS - len(counts))
    return {
        "title": title,
        "unit": unit,
        "bars": bars,
        "slots": len(counts) + len(pad),
        "ticks": [*ticks, *pad],
        "years": [*years, *pad] if years else [],
    }


def month_chart(counts: Mapping[Month, int], month_names: Sequence[str], first: Month, last: Month) -> Chart:
    """One bar per month from `first` to `last`; a tick per month (thinned), the year under each January."""
    months = _months_between(first, last)
    step = _step(len(months), 3, MONTH_STEPS)
    ticks = [SHORT_MONTHS[m - 1] if (m - 1) % step == 0 or len(months) == 1 else "" for _, m in months]
    # The first bar names its year too, unless the next January is too close for both labels.
    room = _step(len(months), 4, range(1, 13))
    first_named = 13 - first[1] >= min(room, len(months))
    years = [str(y) if m == 1 or (i == 0 and first_named) else "" for i, (y, m) in enumerate(months)]
    span = f"{first[0]}" if first[0] == last[0] else f"{first[0]} to {last[0]}"
    return _chart(
        f"Articles per month, {span}",
        "month",
        [counts.get(k, 0) for k in months],
        [f"/archive/{y}/{m:02d}/" for y, m in months],
        [f"{month_names[m - 1]} {y}" for y, m in months],
        ticks,
        years,
    )


def year_chart(counts: Mapping[Month, int]) -> Chart:
    """One bar per year from the first to the last year with articles; years labelled at round steps."""
    by_year: dict[int, int] = {}
    for (year, _), n in counts.items():
        by_year[year] = by_year.get(year, 0) + n
    years = list(range(min(by_year), max(by_year) + 1))
    step = _step(len(years), 4, YEAR_STEPS)
    return _chart(
        f"Articles per year, {years[0]} to {years[-1]}",
        "year",
        [by_year.get(y, 0) for y in years],
        [f"/archive/{y}/" for y in years],
        [str(y) for y in years],
        [str(y) if y % step == 0 else "" for y in years],
        [],
    )


def archive_chart(counts: Mapping[Month, int], month_names: Sequence[str]) -> Chart | None:
    """The archive page's chart: by month for short spans, by year for long ones; None with no articles."""
    if not counts:
        return None
    first, last = min(counts), max(counts)
    if len(_months_between(first, last)) <= MAX_MONTH_BARS:
        return month_chart(counts, month_names, first, last)
    return year_chart(counts)
