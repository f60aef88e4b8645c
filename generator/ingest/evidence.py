"""Evidence that a line is the story's own: the content words it shares with the story.

A headline is about what the story says, so most of its content words come
back in the body; a button, a cookie notice or a newsletter box shares almost
none. The test needs no list of interface strings, so it holds on sites never
seen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+")
# Words this short are mostly grammar ("the", "und", "que"); they prove nothing.
_MIN_LETTERS = 4


def content_words(text: str) -> set[str]:
    """Casefolded words of four or more letters, and each CJK character (one is a word there)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = {word for word in _WORD.findall(_CJK.sub(" ", folded)) if len(word) >= _MIN_LETTERS}
    return words | set(_CJK.findall(folded))


def _stems(words: Iterable[str]) -> set[str]:
    """The first five letters: "Swift's"/"swift", "AMAs"/"AMA" and most inflections meet."""
    return {word[:5] for word in words}


def support(candidate: str, story: str | set[str]) -> float:
    """Share of the candidate's content words that the story also uses (0 when it has none)."""
    words = _stems(content_words(candidate))
    if not words:
        return 0.0
    known = _stems(content_words(story)) if isinstance(story, str) else story
    return len(words & known) / len(words)


def story_stems(story: str) -> set[str]:
    """The stems `support` compares against, computed once for many candidates."""
    return _stems(content_words(story))
