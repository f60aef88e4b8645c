"""The story's body as Markdown: the lines of the story run that are its text."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from operator import itemgetter

from .credits import is_sign_off
from .evidence import content_words, story_stems, support
from .markdown import escape_line
from .metalines import CREDIT, CREDIT_ALONE_WORDS, LABELLED_CREDIT, byline, is_date_line
from .textlines import BULLET, NOT_TEXT, PILCROW, SENTENCE_END, Line, shouting, word_count

# Trimming the story's edges by evidence (see trim_edges): measured on the tuning half.
_MIN_STORY_LINES = 12  # shorter stories give too little evidence to judge a line by (their last line included)
_LABEL_WORDS = 6  # a box's label: "Something to Consider", "More from the newsroom"
_CLOSING_BOX_LINES = 4  # the pitch under it is a paragraph or a few; a story's last section can be longer
_MAX_EDGE_WORDS = 40  # a long paragraph at the edge is the story's own, even when it wanders off
_EDGE_SUPPORT = 0.25  # story lines share 40-80% of their content words with the rest; furniture 0-20%
# Comments under the story (see _before_comments).
_NAME_WORDS = 3
_COMMENT_WINDOW = 8  # lines
_COMMENT_NAMES = 3
_PROMO_STORY_LINES = 4  # a shorter story gives its lead too few lines to share words with
_PROMO_WORDS = 5  # content words a promotion over the lead has; fewer prove nothing
_BOX_GAP = 3  # lines from an author box's name to the text about them: a handle, a job title
_BOXED_STORY_BLOCKS = 6  # paragraphs a story needs before a block can be told apart by its words
_BOX_BLOCK_LINES = 3  # a box inside the story: its label, a sentence or two
_ATTRIBUTION = ("—", "–", "― ")  # the dash before a quote's source
# Photo captions (see _captions).
_MAX_CAPTION_WORDS = 60  # a caption with its credit is a sentence or two; a paragraph ending "/ AP" is longer
_MAX_LABELLED_CAPTION_WORDS = 160  # science sites caption a diagram at length, then "Credit: ESA"


def _markdown(blocks: list[list[str]]) -> str:
    paragraphs: list[str] = []
    for block in blocks:
        items: list[str] = []
        for line in block:
            bullet = BULLET.match(line)
            if bullet:
                marker = "1." if bullet.group(0).strip()[0].isdigit() else "-"
                items.append(f"{marker} {escape_line(line[bullet.end() :])}")
                continue
            if items:
                paragraphs.append("\n".join(items))
                items = []
            quote = line.startswith(">")
            paragraphs.append("> " + escape_line(line[1:].strip()) if quote else escape_line(line))
        if items:
            paragraphs.append("\n".join(items))
    return "\n\n".join(paragraphs)


def _is_stray_label(text: str) -> bool:
    """Lines inside the story that are labels, not text: chart credits, dates of teasers, "MONTHLY".

    A date line opening with a dash signs the quote over it ("— Jane Roe (@janeroe) November 4, 2019"
    under an embedded post): the quote's attribution is the story's text."""
    return (
        bool(byline(text))
        or (is_date_line(text) and word_count(text) <= 8 and not text.startswith(_ATTRIBUTION))
        or (shouting(text) and len(text.split()) == 1 and len(text) > 3)
    )


def trim_edges(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop lines at either end of the story that share almost no words with the rest of it.

    Labels above the story and teasers, bios and "More great stories" below it
    survive the line rules when they read like sentences; what gives them away
    is that they are about something else.
    """
    if len(kept) < _MIN_STORY_LINES:
        return kept
    story = story_stems(text for _, text in kept)

    def weak(text: str) -> bool:
        return word_count(text) < _MAX_EDGE_WORDS and support(text, story, inside=True) < _EDGE_SUPPORT

    start, end = 0, len(kept)
    while end - start > _MIN_STORY_LINES and weak(kept[end - 1][1]):
        end -= 1
    # At the top only labels go: the lead paragraph introduces words the rest need not repeat.
    while end - start > _MIN_STORY_LINES and weak(kept[start][1]) and not SENTENCE_END.search(kept[start][1]):
        start += 1
    return kept[start:end]


def _before_sign_off(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without the credit or bio that signs it off, and what follows it (promotions, other
    stories): from the first sign-off in the story's second half ("Reporting by …", "Jane Doe is a reporter
    for …"). In the first half such a line is the story's own, a story about a reporter."""
    second_half = range(max(1, len(kept) // 2), len(kept))
    return next((kept[:index] for index in second_half if is_sign_off(kept[index][1])), kept)


def _before_closing_box(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without a box closing it: a label on a line of its own in its second half ("Something to
    Consider", "Go further") over the last few paragraphs, none of whose words and almost none of theirs
    the story above uses (a pitch for a membership, a newsletter, the site's app). A subheading over the
    story's last section names more of the story's subject ("Merritt Island d. Titusville" in a roundup),
    and a list's items are the story's ("- The Po delta near Rovigo", "Riverside Park, North Gate")."""
    for index in range(max(1, len(kept) // 2), len(kept) - 1):
        label, tail = kept[index][1], [text for _, text in kept[index + 1 :]]
        if word_count(label) > _LABEL_WORDS or SENTENCE_END.search(label) or len(tail) > _CLOSING_BOX_LINES:
            continue
        alone = kept[index - 1][0] != kept[index][0] != kept[index + 1][0]
        if BULLET.match(label) or not alone:
            continue
        story = story_stems(text for _, text in kept[:index])
        if support(label, story) == 0 and sum(support(text, story) for text in tail) < _EDGE_SUPPORT * len(tail):
            return kept[:index]
    return kept


def _before_comments(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without the comments a long run of prose carried on into.

    Comments alternate their writers' names ("Woyzeck", "Nick A", "Татьяна")
    with what they wrote: short lines that share no word with the story. Where,
    in the story's second half, such a line opens a stretch holding three of
    them, the story has ended.
    """
    if len(kept) < _MIN_STORY_LINES:
        return kept
    story = story_stems(text for _, text in kept)
    named = [_is_name(text, story) for _, text in kept]
    for index in range(len(kept) // 2, len(kept)):
        if named[index] and sum(named[index : index + _COMMENT_WINDOW]) >= _COMMENT_NAMES:
            return kept[:index]
    return kept


def _without_promo_lead(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without a promotion set over its lead ("Chat with us in Messenger. Find out what's
    happening …"): a first paragraph none of whose content words comes back in the story. A lead
    introduces what the story goes on about; one word of it at least returns."""
    if len(kept) < _PROMO_STORY_LINES:
        return kept
    story = story_stems(text for _, text in kept)
    first = kept[0][1]
    if len(content_words(first)) >= _PROMO_WORDS and support(first, story, inside=True) == 0:
        return kept[1:]
    return kept


def _without_boxes(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without the boxes set inside it: a block of two or three lines, a label over a
    sentence ("Sign up for the Morning Briefing" / "Get the day's top stories …"), none of whose words
    the story's other blocks use. A story's paragraph, or a subheading over one, shares its subject."""
    blocks = [list(group) for _, group in groupby(kept, key=itemgetter(0))]
    if len(blocks) < _BOXED_STORY_BLOCKS:
        return kept
    story = story_stems(text for _, text in kept)

    def boxed(block: list[tuple[int, str]]) -> bool:
        if not 2 <= len(block) <= _BOX_BLOCK_LINES or SENTENCE_END.search(block[0][1]):
            return False
        if any(BULLET.match(text) for _, text in block):
            return False  # a list the story sets out ("- Piacenza province"), named once
        own = story_stems(text for _, text in block)
        words = sum(len(content_words(text)) for _, text in block)
        return words >= _PROMO_WORDS and all(support(text, story - own) == 0 for _, text in block)

    return [item for block in blocks if not boxed(block) for item in block]


def _before_author_box(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The story without the author's box under it: a name on a line of its own, then a paragraph opening
    with that name, a handle or a job title between ("Jane Doe" / "@janedoe" / "Jane Doe is a reporter for
    …"). A story names a person in a sentence; only a box sets the name over the text about them. Looked
    for in the story's second half only, and only where it comes once: a story of profiles sets each
    person's name over their paragraph."""

    def named_over_text(index: int) -> bool:
        name = kept[index][1]
        return (
            2 <= word_count(name) <= _NAME_WORDS
            and not SENTENCE_END.search(name)
            and any(text.startswith(name + " ") for _, text in kept[index + 1 : index + 1 + _BOX_GAP])
        )

    boxes = [index for index in range(len(kept) - 1) if named_over_text(index)]
    if len(boxes) != 1 or boxes[0] < len(kept) // 2:
        return kept
    start = boxes[0]
    heading = kept[start - 1][1]  # the box's own label ("About the Author") goes with it
    labelled = word_count(heading) <= _NAME_WORDS and not SENTENCE_END.search(heading)
    return kept[: start - 1 if labelled else start]


def _is_name(text: str, story: Counter[str]) -> bool:
    return (
        word_count(text) <= _NAME_WORDS
        and not SENTENCE_END.search(text)
        and not any(char.isdigit() for char in text)
        and support(text, story, inside=True) == 0
    )


def _captions(lines: list[Line], start: int, end: int) -> set[str]:
    """Photo captions in the story: lines that carry a photo credit, and the line above a credit alone
    when the page shows it more than once (a gallery repeats its captions; a story never repeats a
    paragraph, and an image without a caption has its credit under the paragraph before it)."""
    shown = Counter(line.text for line in lines)  # the copies above the story count too: galleries open pages
    texts = [line.text for line in lines[start:end] if line.text and line.kind != "furniture"]
    captions: set[str] = set()
    for index, text in enumerate(texts):
        previous = texts[index - 1] if index else ""
        longest = _MAX_LABELLED_CAPTION_WORDS if LABELLED_CREDIT.search(text) else _MAX_CAPTION_WORDS
        if CREDIT.search(text) and word_count(text) <= longest:
            captions.add(text)
            if previous and shown[previous] > 1 and word_count(text) <= CREDIT_ALONE_WORDS:
                captions.add(previous)
    return captions


def story_body(lines: list[Line], start: int, end: int, skip: set[int]) -> tuple[str, list[str]]:
    """Markdown for the story lines, and its plain lines (for agency credits)."""
    kept: list[tuple[int, str]] = []  # (paragraph number, line)
    paragraph = 0
    in_list = False
    captions = _captions(lines, start, end)
    for index in range(start, end):
        line = lines[index]
        # A list of other headlines runs from its header to the next blank line.
        in_list = line.kind == "listhead" or (in_list and line.kind != "blank")
        if in_list or index in skip or line.kind in NOT_TEXT or _is_stray_label(line.text) or line.text in captions:
            continue
        if line.kind == "blank":
            paragraph += 1
            continue
        kept.append((paragraph, PILCROW.sub("", line.text).rstrip() if line.text.endswith("¶") else line.text))
    kept = _before_closing_box(_before_sign_off(_before_author_box(_before_comments(kept))))
    kept = trim_edges(_without_boxes(_without_promo_lead(kept)))
    # Paragraph numbers only grow along `kept`: one pass groups them (a page may hold 100,000 paragraphs).
    blocks = [[text for _, text in group] for _, group in groupby(kept, key=itemgetter(0))]
    return _markdown(blocks), [text for _, text in kept]
