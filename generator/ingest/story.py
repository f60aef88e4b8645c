"""Where the story stands in a text dump: the best-scoring run of lines.

The story is the stretch where long sentence-like lines outweigh short
labels (the body-text-extraction idea of Finn et al.: maximise text inside,
minimise furniture inside).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from .evidence import story_stems, support
from .textlines import Line, uniform, word_count

# Costs in the story search, in words of text.
_MIN_CELLS = 3  # a table's row: two cells are a label and its value
_MAX_GAP_COST = 6.0
_END = -1000.0  # "Comments", "Explore", "More stories": the story is over
_STORY_WORDS = 100  # the least weight of a run a comments header closes: a dek or a notice weighs less
# A dense tail (see _before_dense_tail): measured on the tuning half.
_MIN_BLOCKS = 5  # fewer paragraphs say too little about how the page sets them
_SPACED_SHARE = 0.8  # share of one-line blocks that marks a page setting its paragraphs apart
_DENSE_LINES = 4
# A dense block with the story going on under it is a box inside the story (an ad, a video player, links), not
# its end: two paragraphs or more whose content words the story before it uses, 30% of them at the mean. The
# story's own paragraphs reach that 90% of the time (measured on the tuning half: a paragraph brings new
# words), footers' and teasers' text half of the time, so the two paragraphs count as much as the words. A
# word the paragraphs under the block share among them counts too (2026-12-07: eval/crosssite.py with a
# widget inside 0.787 -> 0.817, the same without one, and the tuning half unchanged).
_GOES_ON = 2
_GOES_ON_SUPPORT = 0.3
# Items of a list under the story (see _before_stamped_items): measured on the tuning half.
_STAMP_WORDS = 8  # a stamp is a label: "Rating: 36 Votes", "2 days ago at 07:52 am", "Opening Bell 6.7.19"
_STAMP_REPEATS = 3  # twice may be a headline and its page title; three times is a list
_ITEM_WORDS = 60  # median prose between two stamps: comments and teasers are short, a document's pages long
_MIN_LEAD_WORDS = 100  # the story before the list: enough words that the cut does not take the story itself
# A box of links set inside the story (see _over_boxes): measured on the tuning half.
_BOX_SUPPORT = 0.4  # story lines share 40-80% of their content words with the rest; teasers 0-20%
# A widget set inside the story with no list header over it (see _across_widgets): a video player's labels, an
# ad's, a box of links. Up to this many lines of them; a footer runs longer, and past it there is no story.
_WIDGET_LINES = 12


def _row_cells(lines: list[Line], index: int) -> int:
    """The cells of a table's row, 0 for a line that is none: a browser's copy sets a table's cells apart
    with tabs and its rows on lines of their own, with no blank line between. A row needs a row next to
    it: one line with tabs is a header strip or a form, not a table."""
    cells = _cells(lines[index])
    if cells < _MIN_CELLS or lines[index].kind != "short":
        return 0
    near = [i for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return cells if any(_cells(lines[i]) >= _MIN_CELLS for i in near) else 0


def _cells(line: Line) -> int:
    return line.text.count("\t") + 1


def _weights(lines: list[Line]) -> list[float]:
    """Each line's worth for the story search.

    Prose earns its length, and a table's row its cells: a story may be a
    table (standings, results) with a sentence or two over it. The other
    lines cost more the longer the stretch of them: a story can hold a
    subheading or a "RECOMMENDED" between two paragraphs, but a footer is a
    long stretch of labels and links.
    """
    weights = []
    gap = 0
    for index, line in enumerate(lines):
        if line.kind == "blank":
            weights.append(0.0)
        elif line.kind in ("prose", "bullet"):
            weights.append(max(word_count(line.text), 2.0))
            gap = 0
        elif cells := _row_cells(lines, index):
            weights.append(float(cells))
            gap = 0
        elif line.kind in ("end", "listhead"):
            weights.append(_END)
        else:
            gap += 1
            cost = min(1.0 + (gap - 1) / 2, _MAX_GAP_COST)
            weights.append(-cost)
    return weights


def _best_run(weights: list[float], offset: int = 0) -> tuple[float, int, int]:
    """The run of lines [start, end) with the largest total weight (Kadane), and that total."""
    best, best_span = 0.0, (offset, offset)
    total, start = 0.0, offset
    for index, weight in enumerate(weights, start=offset):
        if total <= 0:
            total, start = 0.0, index
        total += weight
        if total > best:
            best, best_span = total, (start, index + 1)
    return best, *best_span


def story_run(lines: list[Line]) -> tuple[int, int]:
    """The first run of text that is at least half as heavy as the heaviest.

    Pages often carry a second block of running text after the story (teasers
    with summaries, a live feed); the story comes first.
    """
    weights = _weights(lines)
    runs: list[tuple[float, int, int]] = []
    pending = [(0, len(weights))]
    while pending:
        low, high = pending.pop()
        total, start, end = _best_run(weights[low:high], low)
        if total <= 0:
            continue
        runs.append((total, start, end))
        pending += [(low, start), (end, high)]
    if not runs:
        return 0, 0
    runs = _before_the_end(lines, runs)
    heaviest = max(total for total, _, _ in runs)
    _, start, end = min((run for run in runs if run[0] >= heaviest / 2), key=lambda run: run[1])
    start, end = _across_widgets(lines, weights, *_over_boxes(lines, weights, start, end))
    end = _before_stamped_items(lines, start, _before_dense_tail(lines, start, end))
    return start, _announced_list(lines, end)


def _before_the_end(lines: list[Line], runs: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The runs of text that may be the story: none after a line that closes a story above it ("Leave a
    reply", "167 comments", a wire's credit). The comments under a story can outweigh it, and the search
    would take them. A story is a run of _STORY_WORDS at least: a dek or a cookie notice over a comment
    count set by the byline is none, and that count closes nothing."""
    stories = [end for total, _, end in runs if total >= _STORY_WORDS]
    if not stories:
        return runs
    closing = next((i for i in range(min(stories), len(lines)) if lines[i].kind == "end"), len(lines))
    return [run for run in runs if run[1] < closing]


def _over_boxes(lines: list[Line], weights: list[float], start: int, end: int) -> tuple[int, int]:
    """The story's run, widened over boxes of links set inside it ("Related news" and its headlines).

    A list header ends the search's runs, so a story cut in two by one is
    found on one side of the box only. The run of text right across the box
    is the story's own when its lines use the story's words (a list of
    teasers under the story uses other words); the body leaves the box's
    items out.
    """
    story = story_stems(line.text for line in lines[start:end] if line.kind == "prose")
    while (header := _box(lines, start - 1, -1)) is not None:
        above = _run_from(weights, header, -1)
        if not _is_story(lines[above:header], story):
            break
        start = above
    while (header := _box(lines, end, 1)) is not None:
        below = _run_from(weights, _past_items(lines, header), 1)
        if not _is_story(lines[header:below], story):
            break
        end = below
    return start, end


def _across_widgets(lines: list[Line], weights: list[float], start: int, end: int) -> tuple[int, int]:
    """The story's run, read on across widgets set inside it with no list header over them.

    A few lines of labels (a video player, an ad, a box of links with its
    header under a label or two) cut the search's runs, and the story found
    may be the short part above the widget. The run of text under it is the
    story going on when it weighs as a story does (_STORY_WORDS, in two
    paragraphs or more) and uses the story's words as its own paragraphs do
    (_GOES_ON_SUPPORT); a footer's text is shorter or about something else.
    The widget's lines leave the body.
    """
    while True:
        story = story_stems(line.text for line in lines[start:end] if line.kind == "prose")
        index, labels = end, 0
        while index < len(lines) and lines[index].kind in ("blank", "short", "furniture", "listhead", "listed"):
            labels += bool(lines[index].text)
            index += 1
        if not 0 < labels <= _WIDGET_LINES or index >= len(lines) or lines[index].kind != "prose":
            return start, end
        below = _run_from(weights, index, 1)
        text = [line.text for line in lines[index:below] if line.kind == "prose"]
        if (
            len(text) < _GOES_ON
            or sum(word_count(line) for line in text) < _STORY_WORDS
            or sum(support(line, story) for line in text) < _GOES_ON_SUPPORT * len(text)
        ):
            return start, end
        _set_aside(lines[end:index], story + _prose_stems(lines[index:below]))
        end = below


def _box(lines: list[Line], index: int, step: int) -> int | None:
    """The list header next to `index` in direction `step` (over blank lines and the list's items)."""
    index = _skip_items(lines, index, step)
    return index if 0 <= index < len(lines) and lines[index].kind == "listhead" else None


def _past_items(lines: list[Line], header: int) -> int:
    return _skip_items(lines, header + 1, 1)


def _skip_items(lines: list[Line], index: int, step: int) -> int:
    """The first line from `index` in direction `step` that is neither blank nor a list's item."""
    while 0 <= index < len(lines) and lines[index].kind in ("blank", "listed"):
        index += step
    return index


def _is_story(span: list[Line], story: Counter[str]) -> bool:
    texts = [line.text for line in span if line.kind == "prose"]
    return bool(texts) and sum(support(text, story) for text in texts) >= _BOX_SUPPORT * len(texts)


def _run_from(weights: list[float], edge: int, step: int) -> int:
    """The far end of the heaviest run of lines that begins at `edge` going in direction `step`
    (a start when going up, a past-the-end when going down; `edge` itself when none weighs anything)."""
    best, best_edge, total = 0.0, edge, 0.0
    index = edge - 1 if step < 0 else edge
    while 0 <= index < len(weights) and weights[index] > _END:
        total += weights[index]
        if total > best:
            best, best_edge = total, index if step < 0 else index + 1
        index += step
    return best_edge


def _blocks(lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """The runs of lines with no blank between them in [start, end), as (first, past-last)."""
    blocks = []
    index = start
    while index < end:
        if not lines[index].text:
            index += 1
            continue
        first = index
        while index < end and lines[index].text:
            index += 1
        blocks.append((first, index))
    return blocks


def _before_dense_tail(lines: list[Line], start: int, end: int) -> int:
    """The story's end, moved up to a dense block in its second half when its paragraphs stand apart.

    A page that sets its paragraphs one to a block (blank lines between them)
    and then shows a block of many lines with no blank between them has left
    the story: "More great stories" lists, author bios and topic links run
    together like that. A block that a line ending with a colon announces is
    the story's own list. A block with the story going on under it is a box
    set inside the story (an ad, a video player, a box of links), wherever it
    stands after the first paragraph: it is set aside, and the story read on.
    """
    blocks = _blocks(lines, start, end)
    if len(blocks) < _MIN_BLOCKS or sum(1 for a, b in blocks if b - a == 1) < _SPACED_SHARE * len(blocks):
        return end
    words = [sum(word_count(lines[i].text) for i in range(a, b) if lines[i].kind == "prose") for a, b in blocks]
    dense = [past - first >= _DENSE_LINES and not _announced(lines, first) for first, past in blocks]
    seen = 0.0
    for number, ((first, past), weight) in enumerate(zip(blocks, words, strict=True)):
        if dense[number] and seen > 0:
            story = story_stems(line.text for line in lines[start:first] if line.kind == "prose")
            cut = _past_glued_paragraphs(lines, story, first, past)
            upto = next((blocks[later][0] for later in range(number + 1, len(blocks)) if dense[later]), end)
            if _goes_on(lines[past:upto], story):
                # A box has the story on both sides; a notice the search began at ("Quotes delayed at least 15
                # minutes …") shares no words with the story, and the dense block under it is the headline's.
                under = _prose_stems(lines[past:upto])
                if _goes_on(lines[start:first], under):
                    _set_aside(lines[cut:past], story + under)
            elif seen >= sum(words) / 2:
                return cut
        seen += weight
    return end


def _goes_on(span: list[Line], story: Counter[str]) -> bool:
    """Is `span` (the lines from a dense block to the next) the story going on? Paragraphs that use the
    story's words or each other's, as many and as much as _GOES_ON and _GOES_ON_SUPPORT ask: a story
    moves on to new subjects a paragraph at a time, and its next paragraphs share them; a footer's lines
    and teasers are each about something else."""
    after = [line.text for line in span if line.kind == "prose"]
    words = story + story_stems(after)
    shared = sum(support(text, words, inside=True) for text in after)
    return len(after) >= _GOES_ON and shared >= _GOES_ON_SUPPORT * len(after)


def _prose_stems(span: list[Line]) -> Counter[str]:
    return story_stems(line.text for line in span if line.kind == "prose")


def _set_aside(box: list[Line], story: Counter[str]) -> None:
    """Mark the lines of a box set inside the story as a list's items, which the body leaves out; the
    story's own text in it, if any, uses the story's words (`story`: the text above the box and under it)."""
    for line in box:
        if line.kind != "prose" or support(line.text, story) < _BOX_SUPPORT:
            line.kind = "listed"


def _past_glued_paragraphs(lines: list[Line], story: Counter[str], first: int, past: int) -> int:
    """Where a dense block leaves the story: after the story's own paragraphs that open it.

    A page may set its footer right under the story's last paragraph, with no
    blank line between ("… the agency said." / "Provided by the Agency" /
    "Citation: …"): that paragraph is the story's, as its words show.
    """
    while first < past and lines[first].kind == "prose" and support(lines[first].text, story) >= _BOX_SUPPORT:
        first += 1
    return first


def _announced(lines: list[Line], index: int) -> bool:
    before = [i for i in range(index - 1, max(-1, index - 3), -1) if lines[i].text]
    return bool(before) and lines[before[0]].text.endswith(":")


def _announced_list(lines: list[Line], end: int) -> int:
    """The story's end, moved past the list its last line announces ("The tour's dates:").

    A list of short lines (dates, places, scores) weighs little against the
    search, but a story that ends with a colon goes on: its block of lines, up
    to the next blank line, is the story's own.
    """
    last = end - 1
    while last > 0 and not lines[last].text:
        last -= 1
    if not lines[last].text.endswith(":") or lines[last].kind not in ("prose", "short"):
        return end
    follow = last + 1
    while follow < len(lines) and not lines[follow].text:
        follow += 1
    block = follow
    while block < len(lines) and lines[block].text and lines[block].kind in ("short", "prose", "bullet"):
        block += 1
    return max(end, block) if uniform(lines[follow:block]) else end


def _stamp(text: str) -> str:
    return re.sub(r"\d+", "0", text.casefold())


def _before_stamped_items(lines: list[Line], start: int, end: int) -> int:
    """The story's end, moved up to a list of items that each carry a numbered stamp.

    Comments ("Name" / "2 days ago at 07:52 am" / text / "Rating: 36 Votes")
    and teaser lists ("Opening Bell" / "Opening Bell 6.7.19" / summary) show
    one short label per item, the same but for its numbers: a date, a time, a
    count. Long prose between the stamps makes the search take them for the
    story. The same label with the same text each time ("Advertisement") says
    nothing of the kind: a story repeats its interstitials, not its numbers;
    and stamps far apart are a document's page footers ("[Page 4]"), not a
    list's short items. The list begins with the block (lines with no blank
    between them) of its first stamp.
    """
    found: dict[str, list[int]] = {}
    for index in range(start, end):
        line = lines[index]
        if line.text and line.kind not in ("prose", "furniture") and word_count(line.text) <= _STAMP_WORDS:
            found.setdefault(_stamp(line.text), []).append(index)
    firsts = [at[0] for at in found.values() if _is_list_stamp(lines, at, end)]
    if not firsts:
        return end
    first = min(firsts)
    while first > start and lines[first - 1].text:
        first -= 1
    return first if _prose_words(lines, start, first) >= _MIN_LEAD_WORDS else end


def _is_list_stamp(lines: list[Line], at: list[int], end: int) -> bool:
    """Shown three times or more, with different numbers, a short item's text apart, and on to the end:
    a list under the story runs to the page's footer, where examples in a manual ("Content-Length: 91")
    have more of the document after them than between them."""
    if len(at) < _STAMP_REPEATS or len({lines[i].text for i in at}) < 2:
        return False
    gaps = sorted(_prose_words(lines, a, b) for a, b in pairwise(at))
    return gaps[len(gaps) // 2] <= _ITEM_WORDS and _prose_words(lines, at[-1], end) < _prose_words(lines, at[0], at[-1])


def _prose_words(lines: list[Line], start: int, end: int) -> float:
    return sum(word_count(line.text) for line in lines[start:end] if line.kind == "prose")
