"""Which line of a text dump is the headline: each candidate scored by the rules in weights.py."""

from __future__ import annotations

import re
from collections import Counter

from .evidence import content_words, story_stems, support
from .metalines import CREDIT, byline, is_date_line, is_meta
from .textlines import SENTENCE_END, Line, nonblank, normalized, shouting, word_count
from .weights import HEADLINE_RULES

MAX_HEAD = 40  # lines above the story searched for the headline block

# Content words a line needs for its share in the story to count in full: two shared words prove less than six.
_FULL_EVIDENCE = 6
# Prose above a candidate inside the story counts against it only when it is the story's own: a disclaimer
# ("Quotes delayed at least 15 minutes") over the headline shares next to no words with the story.
_STORY_LINE_SUPPORT = 0.25
_SHAPED_WORDS = 4  # fewer words are mostly labels and menu items; see "short_head" for the headlines among them
_CREDIT_LINES = 2  # a writer's name and job title, each on a line of its own
_QUOTED_WORDS = 4  # a shorter phrase inside another line proves nothing
# A headline is shown again within this many lines (see "shown_twice"); a line repeated further down, inside
# the story, is one of the story's section headings, listed above it in a table of contents.
_REPEAT_REACH = 10
# "Home > News > …", "Home >> News >> …", "Home / News / …": two steps of a path, whatever marks the steps.
_CLOSING_QUOTES = "\"'”’»)"
_BREADCRUMB = re.compile(r"\s[>›»|/→]{1,2}\s.*\s[>›»|/→]{1,2}\s")


def closes_sentence(text: str) -> bool:
    """A closing full stop, comma or semicolon, also inside closing quotes ("… with the slogan “Meth.”")."""
    return text.rstrip(_CLOSING_QUOTES).endswith((".", ",", ";"))


def headline_shaped(text: str) -> bool:
    """4 to 25 words, no closing full stop, and no column gap: "Status: Draft      (independent)" is two cells."""
    return _SHAPED_WORDS <= word_count(text) <= 25 and not closes_sentence(text) and "   " not in text


def _centred(lines: list[Line], index: int) -> bool:
    """Set in the middle of a fixed-width page, as plain-text documents set titles."""
    line = lines[index]
    if line.indent < 10:
        return False
    edges = sorted(other.indent + len(other.text) for other in lines if 0 < len(other.text) <= 100)
    width = edges[int(len(edges) * 0.95)] if edges else 0  # the page width, ignoring a few overlong lines
    return abs(line.indent + len(line.text) / 2 - width / 2) <= 6


def _shape_features(lines: list[Line], index: int) -> dict[str, float]:
    """What the line itself looks like: length, punctuation, capitals, place on the page."""
    text = lines[index].text
    words = word_count(text)
    centred = _centred(lines, index)
    return {
        "shaped": headline_shaped(text),
        "too_short": not headline_shaped(text) and words < 2 and not centred,
        "ends_like_sentence": closes_sentence(text),
        "centred": centred,
        "pushed_right": not centred and lines[index].indent >= 10,
        "shouted_label": shouting(text) and words <= 3,
        "breadcrumb": bool(_BREADCRUMB.search(text)) or "  " in text,
        "listed": lines[index].kind == "listed",
        "prose": lines[index].kind == "prose",
    }


def _below(lines: list[Line], after: list[int]) -> list[int]:
    """The lines under a dek that could be its headline's date or byline: share buttons ("Copiar link")
    and a photo caption set between the dek and the date do not push the date away."""
    return [
        i
        for i in after
        if _is_meta_line(lines[i].text) or (word_count(lines[i].text) > 3 and not CREDIT.search(lines[i].text))
    ]


def _is_meta_line(text: str) -> bool:
    return is_date_line(text) or bool(byline(text))


def _over_credit(lines: list[Line], after: list[int]) -> bool:
    """Over a writer's credit set on short lines of its own and then the date ("Jane Doe" / "Games Editor" /
    "October 13, 2016"): many sites set the credit between the headline and its date, which pushes the
    date past the two lines "meta_follows" looks at."""
    for count, i in enumerate(after[: _CREDIT_LINES + 1]):
        if _is_meta_line(lines[i].text):
            return count > 0
        if word_count(lines[i].text) >= _SHAPED_WORDS or SENTENCE_END.search(lines[i].text):
            return False
    return False


def _neighbour_features(lines: list[Line], index: int) -> dict[str, float]:
    """What stands around the line: its repeat, a date or byline, a dek, a list of look-alikes.

    The date or byline must follow right under it or under its dek: further
    down it belongs to the line closer to it ("Sign in / Section / Headline /
    date").
    """
    text = lines[index].text
    norm = normalized(text)
    after = nonblank(lines, index, 1, 4)
    before = nonblank(lines, index, -1, 1)
    near = nonblank(lines, index, -1, _REPEAT_REACH) + nonblank(lines, index, 1, _REPEAT_REACH)
    dek = after and word_count(lines[after[0]].text) >= 6 and not is_meta(lines[after[0]].text)
    prefix = text.split()[:2]
    return {
        "shown_twice": word_count(text) >= 3 and any(normalized(lines[i].text) == norm for i in near),
        "quoted_nearby": word_count(text) >= _QUOTED_WORDS
        and any(
            norm in normalized(lines[i].text) and normalized(lines[i].text) != norm and lines[i].kind != "prose"
            for i in near
        ),
        "meta_follows": any(_is_meta_line(lines[i].text) for i in after[:2])
        or (bool(dek) and any(_is_meta_line(lines[i].text) for i in _below(lines, after[1:])[:1]))
        or (headline_shaped(text) and _over_credit(lines, after)),
        "stands_alone": not any(
            headline_shaped(lines[i].text) and lines[i].kind != "prose" for i in before + after[:1]
        ),
        "dek_then_meta": bool(dek) and headline_shaped(text) and any(is_meta(lines[i].text) for i in after[1:]),
        # The line shown again right under it is its repeat (see "shown_twice"), not a list's next item.
        "list_prefix": any(
            lines[i].text.split()[:2] == prefix and normalized(lines[i].text) != norm for i in before + after[:1]
        ),
        "date_above": bool(before) and is_date_line(lines[before[0]].text),
    }


def _story_features(
    lines: list[Line], index: int, body_start: int, story: Counter[str], headings: dict[str, int]
) -> dict[str, float]:
    """Where the line stands against the story starting at `body_start`, and what words they share."""
    text = lines[index].text
    between = sum(1 for i in range(index + 1, body_start) if lines[i].kind not in ("blank", "furniture"))
    inside = index > body_start
    count = len(content_words(text))
    backing = support(text, story, inside=lines[index].kind == "prose" and index >= body_start)
    words = word_count(text)
    return {
        "short_head": 2 <= words < _SHAPED_WORDS
        and not inside
        and not shouting(text)
        and count >= 2
        and backing == 1
        and _meta_right_under(lines, index),
        "distance": min(between, 30),
        "inside_story": inside,
        "story_words_inside": inside
        * sum(
            word_count(lines[i].text)
            for i in range(body_start, index)
            if lines[i].kind == "prose" and support(lines[i].text, story, inside=True) >= _STORY_LINE_SUPPORT
        ),
        "story_support": backing * min(count, _FULL_EVIDENCE) / _FULL_EVIDENCE,
        "no_support": count >= 2 and backing == 0,
        "story_heading": _in_contents(lines, index, headings),
    }


def _meta_right_under(lines: list[Line], index: int) -> bool:
    return any(_is_meta_line(lines[i].text) for i in nonblank(lines, index, 1, 1))


def _in_contents(lines: list[Line], index: int, headings: dict[str, int]) -> bool:
    """Is the line an entry of a table of contents: repeated as a heading far down inside the story, with a
    line next to it repeated so too? A contents lists several of the headings; a news page that shows its
    headline again further down (over a gallery, by the share buttons) shows that line alone."""

    def repeated(at: int) -> bool:
        return headings.get(normalized(lines[at].text), -1) > at + _REPEAT_REACH

    return repeated(index) and any(repeated(i) for i in nonblank(lines, index, -1, 1) + nonblank(lines, index, 1, 1))


def _story_headings(lines: list[Line], start: int, end: int) -> dict[str, int]:
    """The story's lines that are not running text (its section headings), each with its last place."""
    return {normalized(lines[i].text): i for i in range(start, end) if lines[i].text and lines[i].kind != "prose"}


def _features(
    lines: list[Line], index: int, body_start: int, story: Counter[str], headings: dict[str, int]
) -> dict[str, float]:
    """Every feature of the line, by the rule's name in weights.py."""
    return (
        _shape_features(lines, index)
        | _neighbour_features(lines, index)
        | _story_features(lines, index, body_start, story, headings)
    )


def headline_score(features: dict[str, float]) -> float:
    """Weight x feature summed over the rules of weights.py, in the table's order."""
    return sum(rule.weight * float(features[name]) for name, rule in HEADLINE_RULES.items())


def headline_candidates(lines: list[Line], start: int, end: int, below: int = 6) -> list[tuple[int, dict[str, float]]]:
    """The lines that could be the headline of the story run [start, end), each with its features.

    Searched from `MAX_HEAD` lines above the story to `below` lines of text into it.
    eval/train_headline.py fits the weights on these.
    """
    into = [start, *nonblank(lines, start, 1, below - 1)][:below]  # lines of text: blank lines do not count
    window = range(max(0, start - MAX_HEAD), into[-1] + 1 if below > 1 else min(len(lines), start + below))
    candidates = [
        i
        for i in window
        if lines[i].text
        and lines[i].kind not in ("furniture", "listhead", "end", "bullet")
        and 2 <= len(lines[i].text) <= 300
        and word_count(lines[i].text) <= 40
        and not is_date_line(lines[i].text)
        and not byline(lines[i].text)
        and not CREDIT.search(lines[i].text)
    ]
    if not candidates:
        return []
    story = story_stems(line.text for line in lines[start:end] if line.kind == "prose")
    headings = _story_headings(lines, start, end)
    return [(i, _features(lines, i, start, story, headings)) for i in candidates]


def repeats(lines: list[Line], index: int) -> tuple[int, int]:
    """The headline's first and last line: the last is its repeat within the next ten lines, if any."""
    norm = normalized(lines[index].text)
    same = [i for i in [index, *nonblank(lines, index, 1, 10)] if normalized(lines[i].text) == norm]
    return same[0], same[-1]


def closes_the_story(lines: list[Line], start: int, end: int, first: int, last: int) -> bool:
    """Is the headline found at [first, last] a line inside the story run [start, end) with no running text
    under it? Then it was the story's last line, not its headline, and the search is made again nearer."""
    return first > start and not any(lines[i].kind == "prose" for i in range(last + 1, end))


def find_title(lines: list[Line], start: int, end: int, below: int = 6) -> tuple[int, int]:
    """The headline's first and last line index (the last when it is shown twice), or (-1, -1).

    The best-scored candidate; of equals, the one nearest the story.
    """
    candidates = headline_candidates(lines, start, end, below)
    if not candidates:
        return -1, -1
    best = max(candidates, key=lambda c: (headline_score(c[1]), -abs(c[0] - start)))[0]
    return repeats(lines, best)
