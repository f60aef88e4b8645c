"""Size limits that keep one oversized or pathological file from stalling a build.

Python-Markdown's time grows faster than linearly with the number of
paragraphs, with inline markup inside one paragraph and with nesting depth
(deep lists and quotes also exhaust Python's recursion limit). These limits
lie far beyond any real news article, so only broken or hostile files meet
them, and then get one message naming the file, the line and the limit.
"""

from __future__ import annotations

import re
from itertools import chain

MAX_RAW_BYTES = 16_000_000  # a raw .txt/.html page for the importer (the largest of our 26 samples: 1.2 MB)
MAX_CONTENT_BYTES = 2_000_000  # a content file (front matter and Markdown body)
MAX_PARAGRAPHS = 10_000  # blocks separated by blank lines in one body (long reports have ~1,000)
# Characters in one block: a long news paragraph has ~2,000, but a saved page can hold a whole
# story in one table cell (82,000 in our samples). 200,000 of dense inline markup take ~5 s.
MAX_PARAGRAPH_CHARS = 200_000
MAX_NESTING_COLUMNS = 128  # indentation plus four columns per '>' quote marker, on any line
MAX_TAGS = 200  # tags on one article

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_LEAD = re.compile(r"[ \t>]*")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def body_problem(body: str) -> tuple[str, int] | None:
    """What makes a Markdown body too big to render, with the body line where it is; None when fine."""
    blocks = 0
    line = 1
    start = 0
    for separator in chain(_BLANK_LINES.finditer(body), [None]):
        end = separator.start() if separator else len(body)
        block = body[start:end]
        if block.strip():
            blocks += 1
            if blocks > MAX_PARAGRAPHS:
                return f"the body has more than {MAX_PARAGRAPHS:,} paragraphs (the limit); split the article", line
            if len(block) > MAX_PARAGRAPH_CHARS:
                return (
                    f"a paragraph of {len(block):,} characters is longer than {MAX_PARAGRAPH_CHARS:,} (the limit); "
                    "separate its paragraphs with blank lines",
                    line,
                )
            depth = _deepest(block)
            if depth is not None:
                return (
                    f"lists, quotes or indentation nest deeper than {MAX_NESTING_COLUMNS} columns (the limit)",
                    line + depth,
                )
        if separator is None:
            break
        line += body.count("\n", start, separator.end())
        start = separator.end()
    return None


def _deepest(block: str) -> int | None:
    """The offset in lines of the first line of `block` nested beyond the limit, or None."""
    if len(block) * 4 <= MAX_NESTING_COLUMNS:
        return None  # too short to hold such a line (a character is at most 4 columns): the common case
    for offset, text in enumerate(block.split("\n")):
        lead = _LEAD.match(text)
        assert lead is not None  # the pattern matches the empty string
        prefix = lead.group()
        if len(prefix) >= MAX_NESTING_COLUMNS // 4 and _columns(prefix) > MAX_NESTING_COLUMNS:
            return offset
    return None


def _columns(prefix: str) -> int:
    return len(prefix.replace(">", "    ").expandtabs(4))
