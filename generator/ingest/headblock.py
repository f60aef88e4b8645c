"""The headline block of a text dump: what stands around the headline.

Under it: the dek, date, byline, agency and photo caption; above it: the
section label. A date line further off is the fallback date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from . import agencies, furniture
from .dates import DateValue, marked_date, published_and_updated
from .evidence import story_stems, support
from .headline import MAX_HEAD, headline_shaped
from .metalines import byline, is_date_line, is_meta
from .textlines import Line, nonblank, normalized, shouting, word_count

_ALL_CAPS_LABEL = re.compile(r"^[^\W\d_][^\W\d_ &'-]*(?:[ &'-]+[^\W\d_]+){0,2}$")

# A newsletter or promotion box between the dek and the date (see _boxed).
_STORY_SAMPLE = 200  # lines of the story read for its words
_BOX_SUPPORT = 0.25  # story lines share 40-80% of their content words with the rest
_BOX_LINES = 3
_COPY_SUPPORT = 0.5  # a box's second copy rewords it ("Get breaking news …", "Let our news …"): half its words
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
    lines: list[Line],
    first: int,
    last: int,
    region_start: int,
    year: int | None,
    saved: datetime | None = None,
    day_first: bool = False,
) -> Head:
    """Read the headline block: dek, date, byline, agency and caption.

    The block ends at its last date, byline or caption line before the story's
    second paragraph; a sentence under the headline that precedes such a line
    is the dek. `year` is the page's, for dates printed without one (and
    `day_first` its order of 04/12/2025); `saved`
    when the page was saved, for relative ones ("3 days ago").
    """
    head = Head()
    sample = [line.text for line in lines[region_start : region_start + _STORY_SAMPLE] if line.kind == "prose"]
    story = story_stems(sample)
    title = normalized(lines[first].text)
    following = [i for i in nonblank(lines, first, 1, 20) if normalized(lines[i].text) != title]
    prose_seen = 0
    head_end = last
    for index in following:
        text = lines[index].text
        if is_meta(text):
            head_end = max(head_end, index)
            if is_date_line(text) or byline(text):  # "By Jane Doe | November 18, 2019" holds both
                published, updated = published_and_updated(text, year, saved, day_first)
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
            boxed = not head.date and not head.byline and _boxed(lines, index, story, sample)
            if lines[index].kind == "bullet" or (prose_seen >= 2 and not boxed):
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


def _boxed(lines: list[Line], index: int, story: Counter[str], sample: list[str]) -> bool:
    """A sentence between the dek and the date that is a box of its own ("Get breaking news alerts …"):
    it shares next to nothing with the story, and a date or byline follows within a few lines. Asked
    only while the block has shown no date or byline: after them, a date is another story's. The date
    must have running text under it: a date closing the page ("Posted on … by …") ends a short story,
    whose paragraphs share few words with each other, not a box over it."""
    text = lines[index].text
    # A box the page shows again further down ("Let our news meet your inbox …") lends its words to the
    # story's: its copies are no evidence of what the story is about.
    copies = story_stems(line for line in sample if line != text and support(line, text) >= _COPY_SUPPORT)
    return support(text, story - copies, inside=True) < _BOX_SUPPORT and any(
        (is_date_line(lines[i].text) or byline(lines[i].text))
        and any(lines[j].kind == "prose" for j in nonblank(lines, i, 1, _BOX_LINES))
        for i in nonblank(lines, index, 1, _BOX_LINES)
    )


def section_label(lines: list[Line], title_index: int) -> str:
    """A shouted label just above the headline ("WORLD") is the section.

    Only right above it (furniture such as "3 min read" aside): a shouted line
    further up is a menu item or a masthead, and no section beats a wrong one.
    And only when the label opens the headline block: a line of text right
    over it (a menu, a list of other headlines, a tagline) makes it the last
    item of that list or a badge ("BREAKING NEWS") glued under the menu.
    And only when the page names it again, as a section is named in its menu
    or footer; a promotion or a run-together breadcrumb is shown once.
    """
    seen = 0
    for index in range(title_index - 1, max(-1, title_index - 12), -1):
        text = lines[index].text
        if not text or lines[index].kind == "furniture":
            continue
        seen += 1
        if seen > _SECTION_REACH:
            break
        if (
            shouting(text)
            and _ALL_CAPS_LABEL.match(text)
            and len(text) >= 3
            and not furniture.is_furniture(text)
            and not agencies.agency_in_trailer(text)
            and _opens_block(lines, index)
            and _shown_again(lines, index)  # last: it reads the whole page
        ):
            return text.title()
    return ""


def _opens_block(lines: list[Line], index: int) -> bool:
    """Nothing but the page's start, a blank line or furniture (share buttons, "1 min read") is right above."""
    return index == 0 or not lines[index - 1].text or lines[index - 1].kind == "furniture"


def _shown_again(lines: list[Line], index: int) -> bool:
    """The label is a line of its own elsewhere on the page (a menu item), or opens the page: a copy of the
    article alone, taken from its label down, has no menu to name it in."""
    label = lines[index].text.casefold()
    return index == 0 or any(line.text.casefold() == label for i, line in enumerate(lines) if i != index)


def fallback_date(
    lines: list[Line],
    title: int,
    end: int,
    year: int | None,
    saved: datetime | None = None,
    published_only: bool = False,
    day_first: bool = False,
    others: Collection[int] = (),
) -> DateValue | None:
    """The date line nearest the headline when the headline block has none ("Posted …").

    Searched from above the headline to just after the story, nearest first:
    a date line (a date with a few words) is rare inside running text. A page
    that shows only when it was updated was published no later than that,
    which is nearer the truth than the file's time. Then the rest of the page,
    nearest first: where the story search went astray (a story set as a table,
    its headline block far from the run it found), a date the page shows is
    still nearer the truth than the time the file was saved. `published_only`:
    where the headline block showed only when the story was updated, a line
    saying when it was published, wherever it stands. A line of a list under a header ("More stories") or
    one of `others` (the related stories text.py found) is never taken: its date is another story's, and a
    page showing none of its own gets none.
    """
    # Past a box set inside the story, the lines are further from the headline block than the story's
    # length says: their dates are the box's and the footer's.
    boxed = next((index for index in range(title, end) if lines[index].kind == "listed"), end)
    near = range(max(0, title - MAX_HEAD), min(len(lines), boxed + 30))
    far = [index for index in range(len(lines)) if index not in near]
    for index in sorted(near, key=lambda i: abs(i - title)) + sorted(far, key=lambda i: abs(i - title)):
        if (
            lines[index].kind != "listed"
            and index not in others
            and is_date_line(lines[index].text)
            and not _teaser_stamp(lines, index, title)
        ):
            published, updated = published_and_updated(lines[index].text, year, saved, day_first)
            if published or (updated and not published_only):
                return published or updated
    return None


def _teaser_stamp(lines: list[Line], index: int, title: int) -> bool:
    """The date of another story in a list of them ("Storm closes schools" / "November 17, 2019" /
    "Minister resigns" / "November 16, 2019"): a headline other than the page's right over it (or over
    its byline), and the next item's date a few lines away. The page's own date stamps its headline or
    its story."""
    above = nonblank(lines, index, -1, 2)
    if above and byline(lines[above[0]].text):
        above = above[1:]  # "Storm closes schools" / "By John Smith" / "November 17, 2019"
    if not above or normalized(lines[above[0]].text) == normalized(lines[title].text):
        return False
    if not headline_shaped(lines[above[0]].text) or is_meta(lines[above[0]].text):
        return False
    return any(is_date_line(lines[i].text) for i in nonblank(lines, index, -1, 4)[1:] + nonblank(lines, index, 1, 3))


def marked_fallback(
    lines: list[Line], title: int, year: int | None, day_first: bool = False, others: Collection[int] = ()
) -> DateValue | None:
    """Where the page shows no date line it can take, a sentence saying when the page itself was published
    ("This article was originally published on November 18, 2019 by …"), nearest the headline first; else
    one saying when it was updated. Any date the page gives itself is nearer the truth than the file's time.
    A list's line or one of `others` (related stories) is another story's."""
    order = sorted(range(len(lines)), key=lambda i: abs(i - title))
    found = [
        marked_date(lines[i].text, year, day_first)
        for i in order
        # A date line was weighed by fallback_date already, and passed over for a reason (a teaser's stamp).
        if lines[i].kind != "listed"
        and i not in others
        and word_count(lines[i].text) >= 3
        and not is_date_line(lines[i].text)
    ]
    return next((p for p, _ in found if p), None) or next((u for _, u in found if u), None)
