"""The lines of a headline block that are not the headline: date lines, bylines and photo credits."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from .dates import MARKER, date_spans
from .textlines import word_count

_BYLINE = re.compile(
    r"^(?:by|par|por|von|di|door|av|de|(?:written|words|reporting|posted)\s+by)\s*:?\s+"
    r"(?P<name>[A-ZÀ-ÞĀ-Ž][^\d|•]{1,100})",
    re.IGNORECASE,
)
# "Jane Doe @janedoe": a name over the story with the writer's handle after it is the byline, "By" or not.
_HANDLE_BYLINE = re.compile(r"^(?P<name>[A-ZÀ-ÞĀ-Ž][\w.'’-]+(?:\s[A-ZÀ-ÞĀ-Ž][\w.'’-]+){1,3})\s*@\w{2,30}$")
CREDIT = re.compile(
    r"(?:\s[/|]\s?[A-Z][\w.&' -]{0,40}$"
    r"|\((?:photo|foto|bild|image|picture|credit|crédit|imagem)\s*:[^)]*\)$"
    r"|\([^()]{0,60}\b(?:photo|foto|image|imagem|picture)\s*/[^()]{0,60}\)$"  # "(AP Photo/Alan Diaz, File)"
    r"|\((?:photo|foto|image|picture)s?\s+(?:by|courtesy(?:\s+of)?|credit)\b[^()]{1,80}\)$"  # "(Photo by Jo Li/Getty)"
    r"|^(?:photo|foto|bild|image|picture|credit|crédit)\s*:"
    r"|credit\s*:?\s*[A-Z][\w.,&' /-]{0,80}$"
    r"|credit\s*:\s*\d[\w.,&' /-]{0,80}$"  # "Credit: 20th Century Fox": after the colon a name may open with a digit
    r"|(?:\s[-–—|]\s|^)[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s?/\s?[A-Z][\w .&'-]{1,40}$)",
    re.IGNORECASE,
)
CREDIT_ALONE_WORDS = 10  # a credit on a line of its own: "Photo: David Zalubowski, STF / Associated Press"
# A credit its label names ("… Credit: ESA", "(Photo: …)"): no sentence of a story ends like that.
LABELLED_CREDIT = re.compile(
    r"(?:\bcredit\s*:\s*\S[^:]{0,80}|\((?:photo|foto|image|picture|credit)\s*:[^)]*\))$", re.IGNORECASE
)
# Whether a line is a date line does not hang on the year its year-less dates take (2000 has every day),
# nor on the time its relative ones are read against.
_ANY_YEAR = 2000
_ANY_TIME = datetime(2000, 6, 15, 12, tzinfo=UTC)
_SEPARATOR = re.compile(r"\s[|·•—–]\s")
_CREDITED_WORDS = 16  # a byline's names and titles beside the date: a longer line is a sentence or a list
_LOWER_WORDS = 3  # "on", "by", "in": the small words a credit line has


# The headline search asks about the same few lines for every candidate near them: answers are kept.
@lru_cache(maxsize=4096)
def is_date_line(text: str) -> bool:
    """A line that is a date or a time stamp with a few words around it ("Updated", an agency)."""
    spans = date_spans(text, _ANY_YEAR, _ANY_TIME)
    if not spans:
        return False
    rest = text
    for start, end, _ in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    words = [word for word in rest.split() if re.search(r"[^\W\d_]{2}", word)]
    if len(words) <= 6:
        return True
    # A stamp with its credits: names, titles and a paper's name set apart from the date by separators or
    # "Published" ("Jane Doe, USA TODAY Published … | Updated …", "Jane Doe | Staff Writer | Nov 19, 2019"),
    # capitalised but for a few small words; a sentence around a date has its verbs and nouns in lower case.
    return (
        len(words) <= _CREDITED_WORDS
        and (bool(_SEPARATOR.search(text)) or bool(MARKER.search(text)))
        and sum(word[0].islower() for word in words) <= _LOWER_WORDS
        and not text.endswith(".")
    )


@lru_cache(maxsize=4096)
def byline(text: str) -> str:
    handled = _HANDLE_BYLINE.match(text)
    if handled:
        return handled.group("name")
    match = _BYLINE.match(text)
    if not match or word_count(text) > 16:
        return ""
    name = match.group("name")
    dates = date_spans(name, None, _ANY_TIME)  # "By Jane Doe 2 days ago", "By Jane Doe / 2 hours"
    name = (name[: dates[0][0]] if dates else name).rstrip(" /|•·-–—")
    name = re.split(r",\s+|\s+(?:updated|published|follow|on|at|le|el|am)\b", name, flags=re.I)[0].strip()
    return name if 1 <= len(name.split()) <= 8 else ""


def is_meta(text: str) -> bool:
    return is_date_line(text) or bool(byline(text)) or bool(CREDIT.search(text))
