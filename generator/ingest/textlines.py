"""A text dump as lines, each marked with what it is: prose, a short label, a list item, furniture.

Pure functions over the copied text; the readers of the story, the headline
and the headline block work on the marked lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..chars import CJK
from . import agencies, furniture

BULLET = re.compile(r"^(?:[-*+•·▪◦–]\s+|\d{1,3}[.)]\s+)")
SENTENCE_END = re.compile(r"[.!?。！？:;\"'”’»)\]…]$")
PILCROW = re.compile(r"[¶§#]+$")
_CUT_SHORT = re.compile(r"(?:\.\.\.|…)$")  # a teaser cut short ("Houston Housing Authority sued over…")
_MAX_LIST = 12  # items read as a list under a header like "More stories"
_MIN_ITEMS = 5  # lines of a list set out without bullets: fewer may be a headline block's lines
_UNIFORM_SHARE = 0.8  # share of a list's items that use its punctuation mark
_ITEM_WORDS = 10  # "6th round: 5 August – The Million Race"; a caption is a sentence or two
_OVERLONG = 0.1  # share of a fixed-width page's long lines that may overrun its width (a URL, a table)
# A hover card copied with the link it hangs on: the name, then glued to it the card's own heading that
# opens with the name's first word ("Rep. Ilhan OmarIlhan OmarHillicon Valley: … MORE (D-Minn.)").
_NAME_WORD = r"[A-Z][a-zß-ÿ'’.]*(?:-[A-Z]?[a-zß-ÿ'’.]+)*"  # "Omar", "Q.", "Ocasio-Cortez": no glue inside
_GLUED_NAME = re.compile(rf"\b(?P<first>{_NAME_WORD})(?:\s{_NAME_WORD}){{0,4}}?(?<=[a-zß-ÿ])(?=(?P=first)\b)")
# The card closes with its one shouted link ("MORE"): a story's sentence goes on after it.
_CARD_END = re.compile(r"\s[A-Z]{3,}\b(?![\w'’-])")
_MAX_CARD = 1500  # characters: a card's heading and a few headlines of its person's other stories

NOT_TEXT = ("furniture", "listhead", "listed", "end")


@dataclass(slots=True)
class Line:
    text: str
    indent: int
    kind: str = "short"  # blank | prose | short | bullet | furniture | listhead | listed | end


def word_count(text: str) -> float:
    """Word count, counting CJK text at two characters a word."""
    cjk = len(CJK.findall(text))
    return len(CJK.sub(" ", text).split()) + cjk / 2


def _is_prose(text: str) -> bool:
    """Running text: a sentence, or a line too long to be a label or a headline."""
    words = word_count(text)
    if len(re.findall(r"\s[•|·]\s", text)) >= 2 or "   " in text:
        return False  # "Topic • Topic • Topic": a line of links; "A      B": table columns
    return words >= 15 or (words >= 5 and len(text) >= 30 and bool(SENTENCE_END.search(text)))


def shouting(text: str) -> bool:
    """All capitals ("WORLD", "MONTHLY"); "DNC建立…" has no lower case but is not shouting."""
    return text.isupper() and not CJK.search(text)


@lru_cache(maxsize=8192)  # the headline search compares each line with its neighbours, for every candidate
def normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", PILCROW.sub("", text)).strip(" .")


def nonblank(lines: list[Line], index: int, step: int, count: int) -> list[int]:
    """The next `count` lines from `index` in direction `step` that are neither blank nor furniture."""
    found: list[int] = []
    index += step
    while 0 <= index < len(lines) and len(found) < count:
        if lines[index].text and lines[index].kind != "furniture":
            found.append(index)
        index += step
    return found


def uniform(items: list[Line]) -> bool:
    """Lines of one list: nearly all use the same punctuation ("June 9 -- Arena, City"), as a list's items
    do; a run of promoted links and their sources ("Say Goodbye To Snoring" / "My Snoring Solution") does not."""
    marks = Counter(mark for item in items for mark in set(re.findall(r"[^\w\s]", item.text)))
    return bool(items) and bool(marks) and max(marks.values()) >= _UNIFORM_SHARE * len(items)


def classify(lines: list[Line]) -> None:
    """Mark each line as blank, prose, bullet, furniture, listhead, listed, end or short."""
    for line in lines:
        text = line.text
        if not text:
            line.kind = "blank"
        elif furniture.is_end_header(text):
            line.kind = "end"
        elif furniture.is_list_header(text):
            line.kind = "listhead"
        elif agencies.source_line(text) or agencies.agency_in_trailer(text) == text.strip(" -–—"):
            line.kind = "end"  # a wire story closes with its credit ("AFP", "SOURCE:AA")
        elif furniture.is_furniture(text):
            line.kind = "furniture"
        elif BULLET.match(text):
            line.kind = "bullet"
        elif _is_prose(text):
            line.kind = "prose"
    # The lines under a list header, up to a blank line, are the list's items.
    for index, line in enumerate(lines):
        if line.kind != "listhead":
            continue
        for item in lines[index + 1 : index + 1 + _MAX_LIST]:
            if item.kind == "blank":
                break
            item.kind = "listed"
    # In a run of three or more lines with no blank between them, lines that
    # do not end like sentences, or end cut short, are links (menus, headline lists), not prose.
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].text:
            end += 1
        if end - start >= 3:
            for line in lines[start:end]:
                if line.kind == "prose" and (not SENTENCE_END.search(line.text) or _CUT_SHORT.search(line.text)):
                    line.kind = "short"
        # A list set out without bullets ("1st round: 10 March – City"): its items are the story's text. A
        # menu's links have no punctuation; a column of other headlines varies its own; a photo's caption
        # and credit, shown twice by a gallery, are longer or repeated.
        block = lines[start:end]
        if (
            end - start >= _MIN_ITEMS
            and all(line.kind == "short" and word_count(line.text) <= _ITEM_WORDS for line in block)
            and len({line.text for line in block}) == len(block)
            and uniform(block)
        ):
            for line in block:
                line.kind = "bullet"
        start = end + 1


def without_hover_cards(text: str) -> str:
    """A line without the hover cards copied into it: from the glued heading to the card's shouted link.
    A name glued to itself is never a sentence's; without a shouted word closing it the card's end is
    unknown, and the line stays as it is."""
    while match := _GLUED_NAME.search(text):
        end = _CARD_END.search(text, match.end(), match.end() + _MAX_CARD)
        if not end:
            break
        text = text[: match.end()] + text[end.end() :]
    return text


def _indent(line: str) -> int:
    expanded = line.expandtabs()
    return len(expanded) - len(expanded.lstrip())


def _is_hard_wrapped(block: list[str]) -> bool:
    """Lines broken at a fixed width mid-sentence (plain-text documents, <pre> pages)."""
    if len(block) < 2:
        return False
    width = max(len(line) for line in block)
    if not 50 <= width <= 100 or any(len(line) < 0.7 * width for line in block[:-1]):
        return False
    if len(block) == 2 and not SENTENCE_END.search(block[1]):
        return False  # one line of evidence: a headline over its byline ("Name @name / 2 days") looks alike
    open_ends = sum(1 for line in block[:-1] if not SENTENCE_END.search(line))
    return open_ends * 2 >= len(block) - 1


def _wraps_lines(lines: list[Line]) -> bool:
    """A page broken at a fixed width (plain text, <pre>): hardly a line runs past 100 characters. A
    browser's copy sets each paragraph on one line, so its headline over a byline of like length is no
    wrapped sentence."""
    long = [len(line.text) for line in lines if len(line.text) >= 50]
    return sum(1 for length in long if length > 100) <= _OVERLONG * len(long)


def unwrap(lines: list[Line]) -> list[Line]:
    """Join hard-wrapped paragraphs into one line each, as a browser would show them."""
    if not _wraps_lines(lines):
        return lines
    out: list[Line] = []
    block: list[Line] = []
    for line in [*lines, Line("", 0)]:
        if line.text:
            block.append(line)
            continue
        texts = [item.text for item in block]
        if _is_hard_wrapped(texts):
            out.append(Line(" ".join(texts), block[0].indent))
        else:
            out.extend(block)
        block = []
        out.append(line)
    return out[:-1]


def read_lines(text: str) -> list[Line]:
    """The dump's lines, hard-wrapped paragraphs joined, each marked with its kind."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = unwrap([Line(without_hover_cards(line.strip()), _indent(line)) for line in raw.split("\n")])
    classify(lines)
    return lines
