"""Read a text dump: the visible text of a news page, copied from a browser.

A copied page is a column of lines: menus, the headline block, the story, then
lists of other stories, comments and the footer. The reading goes in stages,
each in its own module: mark every line (textlines), find the story's run of
lines (story), pick the headline above it (headline), read the headline block
around it (headblock), and write the story's lines as Markdown (body).
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import Link
from . import agencies
from .article import Extracted, IngestError
from .body import story_body
from .dates import DateValue, dateline_date, page_day_first, page_year
from .headblock import Head, fallback_date, marked_fallback, read_head, section_label
from .headline import closes_the_story, find_title
from .story import story_run
from .textlines import NOT_TEXT, PILCROW, Line, read_lines, word_count

_RELATED = re.compile(
    r"^(?i:related|read\s+more|read\s+also|also\s+read|see\s+also)(?:\s*[:\-–—]\s*|(?=[A-Z0-9“\"‘']))(.+)$"
)
_RELATED_HEADER = re.compile(r"^(?:related|related\s+links?)\s*:?$", re.IGNORECASE)
_SITE_PREFIX = re.compile(r"^(?P<site>[^-–—|:]{2,30}?)\s+[-–—|]\s+(?P<rest>.+)$")


def _related(lines: list[Line], start: int) -> tuple[list[Link], set[int]]:
    """Links announced by "Related…" after the story starts, and the lines they used."""
    links: list[Link] = []
    used: set[int] = set()
    for index in range(start, len(lines)):
        text = lines[index].text
        if lines[index].kind in NOT_TEXT:
            continue
        match = _RELATED.match(text)
        if match and word_count(match.group(1)) >= 3:
            links.append(Link(_strip_site(match.group(1).strip())))
            used.add(index)
        elif _RELATED_HEADER.match(text):
            used.add(index)
            follow = index + 1
            while follow < len(lines) and lines[follow].text and len(links) < 10:
                links.append(Link(_strip_site(lines[follow].text)))
                used.add(follow)
                follow += 1
    return links, used


def _strip_site(title: str) -> str:
    """Drop a short site name in front of a headline ("TRT World - Türkiye and …")."""
    match = _SITE_PREFIX.match(title)
    if match and len(match.group("site").split()) <= 3 and word_count(match.group("rest")) >= 4:
        return match.group("rest").strip()
    return title


def _headline(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """The headline's first and last line for the story run [start, end)."""
    first, last = find_title(lines, start, end)
    if closes_the_story(lines, start, end, first, last):
        first, last = find_title(lines, start, end, below=1)
    if first < 0:
        raise IngestError("no headline found above the article text")
    return first, last


def _agency(lines: list[Line], head: Head, kept: list[str], end: int) -> str:
    """The wire credit: a "Source:" line, the date line, the dateline, or the story's last lines."""
    agency = next((agencies.source_line(line.text) for line in lines if agencies.source_line(line.text)), "")
    agency = agency or head.agency or agencies.agency_in_dateline(kept[0] if kept else "")
    tail = [lines[i].text for i in range(end, min(len(lines), end + 5)) if lines[i].text]
    return agency or next(filter(None, map(agencies.agency_in_trailer, kept[-1:] + tail[:2])), "")


def _date(
    lines: list[Line],
    head: Head,
    first: int,
    end: int,
    year: int | None,
    saved: datetime | None,
    day_first: bool,
    lead: str,
    others: set[int],
) -> DateValue | None:
    """The headline block's published date; else a line elsewhere saying when the story was published,
    since one saying only when it was updated (in the block or not) comes later; else the update; else
    the day the dateline opening the story's `lead` paragraph names ("WASHINGTON, Nov 19 (Reuters) -"); else
    a sentence saying when the page was published ("This article was originally published on …").
    `others`: the lines of related stories, whose dates are theirs."""
    published = head.date or fallback_date(
        lines, first, end, year, saved, published_only=True, day_first=day_first, others=others
    )
    return (
        published
        or head.updated
        or fallback_date(lines, first, end, year, saved, day_first=day_first, others=others)
        or dateline_date(lead, year)
        or marked_fallback(lines, first, year, day_first, others)
    )


def parse_text(text: str, saved: datetime | None = None) -> Extracted:
    """Find the article in a text dump. Raises IngestError when there is none.

    `saved` is when the page was saved (aware): a date the page shows relative
    to it ("3 days ago", "Name • 8h") is read against it; without it, not at all.
    """
    lines = read_lines(text)
    start, end = story_run(lines)
    if end <= start:
        raise IngestError("no article text found (no paragraphs of running text)")
    first, last = _headline(lines, start, end)
    year = page_year([line.text for line in lines])
    day_first = page_day_first([line.text for line in lines])
    head = read_head(lines, first, last, start, year, saved, day_first)
    links, used = _related(lines, head.body_start)
    end = min(len(lines), max(end, head.body_start + 1))
    body, kept = story_body(lines, head.body_start, end, used)
    if not body.strip():
        raise IngestError("no article text found below the headline")
    return Extracted(
        title=PILCROW.sub("", lines[first].text).strip(),
        body=body,
        date=_date(lines, head, first, end, year, saved, day_first, kept[0] if kept else "", used),
        updated=head.updated,
        subtitle=head.subtitle,
        section=section_label(lines, first),
        agency=_agency(lines, head, kept, end),
        byline=head.byline,
        image_caption=head.caption,
        links=links,
    )
