"""The headline block of a text dump: what stands around the headline.

Under it: the dek, date, byline, agency and photo caption; above it: the
section label. A date line further off is the fallback date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from . import agencies, furniture
from .dates import DateValue, published_and_updated
from .headline import MAX_HEAD
from .metalines import byline, is_date_line, is_meta
from .textlines import Line, nonblank, normalized, shouting, word_count

_ALL_CAPS_LABEL = re.compile(r"^[^\W\d_][^\W\d_ &'-]*(?:[ &'-]+[^\W\d_]+){0,2}$")

_SECTION_REACH = 2  # lines above the headline where its section label stands (a date line may come between)


@dataclass(slots=True)
class Head:
    subtitle: str = ""
    date: DateValue | None = None
    updated: DateValue | None = None
    byline: str = ""
    agency: str = ""
    caption: str = ""
    body_start: int = 0


def read_head(
    lines: list[Line], first: int, last: int, region_start: int, year: int | None, saved: datetime | None = None
) -> Head:
    """Read the headline block: dek, date, byline, agency and caption.

    The block ends at its last date, byline or caption line before the story's
    second paragraph; a sentence under the headline that precedes such a line
    is the dek. `year` is the page's, for dates printed without one; `saved`
    when the page was saved, for relative ones ("3 days ago").
    """
    head = Head()
    title = normalized(lines[first].text)
    following = [i for i in nonblank(lines, first, 1, 20) if normalized(lines[i].text) != title]
    prose_seen = 0
    head_end = last
    for index in following:
        text = lines[index].text
        if is_meta(text):
            head_end = max(head_end, index)
            if is_date_line(text) or byline(text):  # "By Jane Doe | November 18, 2019" holds both
                published, updated = published_and_updated(text, year, saved)
                head.date = head.date or published
                head.updated = head.updated or updated
                head.byline = head.byline or byline(text)
            if is_date_line(text):
                head.agency = head.agency or agencies.agency_leading(text)
            elif not byline(text) and not head.caption:
                head.caption = text
        elif lines[index].kind in ("prose", "bullet") or word_count(text) >= 6:
            if not prose_seen and word_count(text) >= 6 and lines[index].kind != "bullet":
                head.subtitle = text
            prose_seen += 1
            if prose_seen == 2 or lines[index].kind == "bullet":
                break
    if head.subtitle and not any(
        first < i < head_end and lines[i].text == head.subtitle for i in range(first + 1, head_end)
    ):
        head.subtitle = ""  # no headline block after it: it is the story's first paragraph
    start = max(head_end + 1, region_start if region_start > first else head_end + 1)
    while start < len(lines) and lines[start].kind not in ("prose", "bullet"):
        start += 1
    head.body_start = start
    return head


def section_label(lines: list[Line], title_index: int) -> str:
    """A shouted label just above the headline ("WORLD") is the section.

    Only right above it (furniture such as "3 min read" aside): a shouted line
    further up is a menu item or a masthead, and no section beats a wrong one.
    """
    seen = 0
    for index in range(title_index - 1, max(-1, title_index - 12), -1):
        text = lines[index].text
        if not text or lines[index].kind == "furniture":
            continue
        seen += 1
        if seen > _SECTION_REACH:
            break
        above = lines[index - 1] if index > 0 else Line("", 0)
        in_menu = above.kind != "furniture" and word_count(above.text) <= 3 and bool(above.text)
        if (
            not in_menu  # the last item of a menu ("CRAFTS & DIY", "TIPS & TRICKS") stands right above too
            and shouting(text)
            and _ALL_CAPS_LABEL.match(text)
            and len(text) >= 3
            and not furniture.is_furniture(text)
            and not agencies.agency_in_trailer(text)
        ):
            return text.title()
    return ""


def fallback_date(
    lines: list[Line], title: int, end: int, year: int | None, saved: datetime | None = None
) -> DateValue | None:
    """The date line nearest the headline when the headline block has none ("Posted …").

    Searched from above the headline to just after the story, nearest first:
    a date line (a date with a few words) is rare inside running text. A page
    that shows only when it was updated was published no later than that,
    which is nearer the truth than the file's time.
    """
    near = range(max(0, title - MAX_HEAD), min(len(lines), end + 30))
    for index in sorted(near, key=lambda i: abs(i - title)):
        if is_date_line(lines[index].text):
            published, updated = published_and_updated(lines[index].text, year, saved)
            if published or updated:
                return published or updated
    return None
