"""Evidence that a line is the story's own: the content words it shares with the story.

A headline is about what the story says, so most of its content words come
back in the body; a button, a cookie notice or a newsletter box shares almost
none. The test needs no list of interface strings, so it holds on sites never
seen.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from ..chars import CJK

_WORD = re.compile(r"[^\W_]+")
# Words this short are mostly grammar ("the", "und", "que"); they prove nothing.
_MIN_LETTERS = 4


def content_words(text: str) -> set[str]:
    """Casefolded words of four or more letters, and each CJK character (one is a word there)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = {word for word in _WORD.findall(CJK.sub(" ", folded)) if len(word) >= _MIN_LETTERS}
    return words | set(CJK.findall(folded))


def _stems(words: Iterable[str]) -> set[str]:
    """The first five letters: "Swift's"/"swift", "AMAs"/"AMA" and most inflections meet."""
    return {word[:5] for word in words}


def support(candidate: str, story: str | Counter[str], *, inside: bool = False) -> float:
    """Share of the candidate's content words that the story also uses (0 when it has none).

    `inside`: the candidate is one of the story's own lines, so a word counts
    only when another line uses it too (a sentence always supports itself).
    """
    words = _stems(content_words(candidate))
    if not words:
        return 0.0
    known = story_stems([story]) if isinstance(story, str) else story
    needed = 2 if inside else 1
    return sum(1 for word in words if known[word] >= needed) / len(words)


def story_stems(lines: Iterable[str]) -> Counter[str]:
    """For each stem, how many of the story's lines use it; computed once for many candidates."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(_stems(content_words(line)))
    return counts
