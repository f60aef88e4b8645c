"""The archive's bar chart of articles per month, drawn as inline SVG at build time."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

BAR = 6
GAP = 2
HEIGHT = 120
LABEL = 16


def monthly_bars(counts: Mapping[tuple[int, int], int], month_names: Sequence[str], href: Callable[[str], str]) -> str:
    """One bar per month from the first to the last month with articles; empty months show as gaps.

    Each bar links to its month's archive page and carries a <title> for screen
    readers and hover text. Returns "" when there is nothing to draw.
    """
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    peak = max(counts.values())
    width = len(months) * (BAR + GAP)
    # A group, not an image: an image's contents are hidden from screen readers, and these bars are links.
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {HEIGHT + LABEL}" width="{width}" height="{HEIGHT + LABEL}" '
        f'role="group" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">Articles per month, {first[0]} to {last[0]}</title>',
    ]
    for i, (year, month) in enumerate(months):
        x = i * (BAR + GAP)
        count = counts.get((year, month), 0)
        if count:
            h = max(2, round(HEIGHT * count / peak))
            label = escape(f"{month_names[month - 1]} {year}: {count} article{'s' if count != 1 else ''}")
            link = href(f"/archive/{year}/{month:02d}/")
            parts.append(
                f'<a href="{link}"><rect x="{x}" y="{HEIGHT - h}" width="{BAR}" height="{h}">'
                f"<title>{label}</title></rect></a>"
            )
        if month == 1 or i == 0:
            parts.append(f'<text x="{x}" y="{HEIGHT + LABEL - 3}">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)
