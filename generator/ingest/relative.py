"""Dates a page shows relative to when it was saved: "3 days ago", "8h", "vor 2 Stunden", "yesterday".

The words come from dateparser's language data (units, "ago" words and
named days in about 200 languages, read once); the arithmetic is ours.
`dateparser.parse` itself is not called: it costs 1 ms to 85 ms a line
(each language's first call loads its data), and a dump has hundreds of
short lines with a number in them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

# Where two languages spell different units alike ("h": hour in English, day in Indonesian), the
# first of these that has it gives the meaning; the rest follow in alphabetical order.
_PREFERRED_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl", "id", "ru", "tr", "pl", "sv", "da", "nb")
# Without an "ago" word the evidence is weaker: "Yesterday" counts in these languages only (some of the
# 200 spell it "pan" or "lido"), and a bare "8h" only in English: at the end of a byline ("Name • 8h",
# "Name @name / 2 days"), or abbreviated as a whole line ("8h", "2 hrs", "5 min"): "60 Minutes", "48 Hours"
# and "10K" on a line of their own are names.
_BARE_LANGUAGE = "en"
_BARE_UNIT_LETTERS = 3
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
_CLOCK = re.compile(
    r"^\s*,?\s*(?:at\s+|à\s+|um\s+|a\s+las\s+)?(?P<hour>[0-2]?\d)[:h.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_LONGEST = 80  # characters: a date line with a few words around it ("By Jane Doe • 2 hours ago")


@dataclass(frozen=True, slots=True)
class _Words:
    """Every language's words for the units, for "ago" and for the days next to today."""

    units: frozenset[str]  # every unit word of every language
    bare_units: dict[str, str]  # "h" -> "hour", "days" -> "day": the English units
    ago_units: dict[tuple[str, str], str]  # ("ago" word, unit word) -> unit, in the language using both
    agos: frozenset[str]
    days: dict[str, int]  # "yesterday" -> 1, "gestern" -> 1, "today" -> 0
    day_starts: frozenset[str]  # their first words: most words of a line are looked up once


@cache
def _words() -> _Words:
    from dateparser.data import date_translation_data

    names = [module.name for module in pkgutil.iter_modules(date_translation_data.__path__)]
    ordered = [name for name in _PREFERRED_LANGUAGES if name in names] + sorted(set(names) - set(_PREFERRED_LANGUAGES))
    bare_units: dict[str, str] = {}
    ago_units: dict[tuple[str, str], str] = {}
    days: dict[str, int] = {}
    for language in ordered:
        info = importlib.import_module(f"{date_translation_data.__name__}.{language}").info
        mine = {word.casefold().rstrip("."): unit for unit in _UNITS for word in info.get(unit, []) if word.strip(".")}
        if language == _BARE_LANGUAGE:
            bare_units = mine
        for word, unit in mine.items():
            for ago in info.get("ago", []):
                ago_units.setdefault((ago.casefold(), word), unit)
        for key, phrases in info.get("relative-type", {}).items() if language in _PREFERRED_LANGUAGES else ():
            match = re.fullmatch(r"([012]) day ago", key)
            for phrase in phrases if match else []:
                days.setdefault(phrase.casefold(), int(match.group(1)))
    units = frozenset(word for _, word in ago_units) | frozenset(bare_units)
    starts = frozenset(phrase.split()[0] for phrase in days)
    return _Words(units, bare_units, ago_units, frozenset(ago for ago, _ in ago_units), days, starts)


_NUMBER_UNIT = re.compile(r"(?<!\w)(?P<number>\d{1,3}|an?|one)\s*(?P<unit>[^\W\d_]+)\.?", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_PHRASE_WORDS = 3  # "il y a", "day before yesterday"
_MARKERS = frozenset(("posted", "published", "updated", "modified"))
_SEPARATORS = "•·|/"


def _cheap_shape(text: str) -> bool:
    """Whether the line could hold a relative date: a date line is short."""
    return len(text) <= _LONGEST


@dataclass(frozen=True, slots=True)
class _Offset:
    unit: str
    count: int
    start: int
    end: int


def _offsets(text: str) -> list[_Offset]:
    """The relative dates in `text`, found by looking its words up (no pattern of 1,500 alternatives)."""
    if not _cheap_shape(text):
        return []
    words = _words()
    found = [offset for match in _NUMBER_UNIT.finditer(text) if (offset := _numbered(match, text, words))]
    return found + [offset for offset in _named_days(text, words) if not any(_overlap(offset, o) for o in found)]


def _overlap(one: _Offset, other: _Offset) -> bool:
    return one.start < other.end and other.start < one.end


def _phrase(spans: list[re.Match[str]], known: frozenset[str] | dict[str, int]) -> tuple[str, int] | None:
    """The longest run of the first words in `spans` that is a known phrase, and how many words it takes."""
    for size in range(min(_PHRASE_WORDS, len(spans)), 0, -1):
        phrase = " ".join(span.group(0).casefold() for span in spans[:size])
        if phrase in known:
            return phrase, size
    return None


def _numbered(match: re.Match[str], text: str, words: _Words) -> _Offset | None:
    """A number and a unit with an "ago" word ("3 days ago", "hace 3 días", "3日前"), or a bare "8h"."""
    number, token = match.group("number"), match.group("unit").casefold()
    start, end = match.span()
    after = list(_WORD.finditer(text, end))
    before = list(reversed(list(_WORD.finditer(text[:start]))))
    for cut in range(len(token), 0, -1):  # Japanese and Chinese glue the "ago" word on: "3日前"
        unit_word, glued = token[:cut], token[cut:]
        if unit_word not in words.units:
            continue
        if glued:
            unit = words.ago_units.get((glued, unit_word))
            return _Offset(unit, _count(number), start, end) if unit else None
        following = _phrase(after, words.agos) if after and text[end : after[0].start()].strip() == "" else None
        if following:
            unit = words.ago_units.get((following[0], unit_word))
            last = after[following[1] - 1].end()
            return _Offset(unit, _count(number), start, last) if unit else None
        preceding = _phrase_before(before, text, start, words)
        if preceding:
            unit = words.ago_units.get((preceding[0], unit_word))
            return _Offset(unit, _count(number), preceding[1], end) if unit else None
        lead = text[:start].rstrip()
        bare = number.isdigit() and unit_word in words.bare_units and not text[end:].strip()
        if bare and ((not lead and len(unit_word) <= _BARE_UNIT_LETTERS) or (lead and lead[-1] in _SEPARATORS)):
            return _Offset(words.bare_units[unit_word], int(number), start, end)
        return None
    return None


def _phrase_before(before: list[re.Match[str]], text: str, start: int, words: _Words) -> tuple[str, int] | None:
    """An "ago" word right before the number ("hace 3 días", "il y a 3 jours"), and where it starts."""
    if not before or text[before[0].end() : start].strip():
        return None
    for size in range(min(_PHRASE_WORDS, len(before)), 0, -1):
        phrase = " ".join(span.group(0).casefold() for span in reversed(before[:size]))
        if phrase in words.agos:
            return phrase, before[size - 1].start()
    return None


def _named_days(text: str, words: _Words) -> list[_Offset]:
    """Named days: "Yesterday", "gestern", "Updated today", "Today at 10:32" ("Today" alone is a menu item)."""
    spans = list(_WORD.finditer(text))
    found = []
    index = 0
    while index < len(spans):
        hit = spans[index].group(0).casefold() in words.day_starts and _phrase(spans[index:], words.days)
        if not hit:
            index += 1
            continue
        count, end = words.days[hit[0]], spans[index + hit[1] - 1].end()
        marked = index > 0 and spans[index - 1].group(0).casefold() in _MARKERS
        if count or marked or _CLOCK.match(text[end:]):
            found.append(_Offset("day", count, spans[index].start(), end))
        index += hit[1]
    return found


def _count(number: str) -> int:
    return int(number) if number.isdigit() else 1  # "an hour ago", "a day ago", "one week ago"


def relative_spans(text: str, saved: datetime) -> list[tuple[int, int, date | datetime]]:
    """Every relative date in `text`, read against `saved` (an aware time), with its stretch of text.

    Hours, minutes and seconds give a time; days, weeks, months and years a day, or a
    day and the clock time printed after it ("2 days ago at 07:52 am").
    """
    spans: list[tuple[int, int, date | datetime]] = []
    for offset in _offsets(text):
        if offset.unit in ("hour", "minute", "second"):
            before = saved - timedelta(**{f"{offset.unit}s": offset.count})
            value: date | datetime = before.replace(second=0, microsecond=0)
        else:
            value = _days_before(saved.date(), offset.unit, offset.count)
            clock = _CLOCK.match(text[offset.end :])
            if clock:
                value = _at(value, clock)
        spans.append((offset.start, offset.end, value))
    return spans


def _days_before(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day - timedelta(days=count)
    if unit == "week":
        return day - timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last_day in (day.day, 30, 29, 28):  # 31 March less a month is the last day of February
        try:
            return date(year, month + 1, last_day)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def _at(day: date, clock: re.Match[str]) -> date | datetime:
    hour, minute = int(clock.group("hour")), int(clock.group("minute"))
    ampm = (clock.group("ampm") or "").replace(".", "").lower()
    hour = hour + 12 if ampm == "pm" and hour < 12 else 0 if ampm == "am" and hour == 12 else hour
    return datetime(day.year, day.month, day.day, hour, minute) if hour <= 23 else day
