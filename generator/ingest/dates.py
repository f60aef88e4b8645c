"""Find publication dates in the forms news pages print them.

Pure functions over strings. A found date is a `datetime.date` when only the
day is known, or a `datetime.datetime` (aware when the page names an offset,
GMT/UTC or a zone of one place such as "EST" or "WIB", naive otherwise: the
site's timezone applies later).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from .relative import relative_spans

DateValue = date | datetime

# Month names and abbreviations in the languages our users meet most: English,
# French, Spanish, Portuguese, German, Italian, Dutch. They win where another
# language spells a different month the same way; the rest come from dateparser.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv enero ene janeiro januar jänner gennaio gen januari",
        "february feb février fevrier févr fevr febrero fevereiro fev februar febbraio febr februari",
        "march mar mars marzo março marco märz maerz maart mrt",
        "april apr avril avr abril abr aprile",
        "may mai mayo maio maggio mei mag",
        "june jun juin junio junho juni giugno giu",
        "july jul juillet juil julio julho juli luglio lug",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre set setembro settembre",
        "october oct octobre octubre out outubro oktober ottobre okt",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre déc diciembre dic dezembro dez dezember dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")  # fmt: skip
# Languages read next, in this order, where two spell different months alike ("mar", "listopad").
_PREFERRED_LANGUAGES = ("en", "id", "ru", "tr", "pl", "cs", "sv", "da", "nb", "fi", "ro", "hu", "uk", "el")


@cache
def _all_months() -> dict[str, int]:
    """Month names in every language dateparser knows (about 200), ours first.

    Read once, on the first date that our own names miss: dateparser's data
    modules take half a second to load, and its parser is far slower than a
    regular expression (measured: 30 ms to 2 s a line here), so only its data
    is used.
    """
    from dateparser.data import date_translation_data

    names = dict(_MONTHS)
    languages = [module.name for module in pkgutil.iter_modules(date_translation_data.__path__)]
    ordered = [name for name in _PREFERRED_LANGUAGES if name in languages] + sorted(
        set(languages) - set(_PREFERRED_LANGUAGES)
    )
    for language in ordered:
        info = importlib.import_module(f"{date_translation_data.__name__}.{language}").info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                name = name.lower().rstrip(".")
                # "see", "mar": too often words of another language; "ноя", "дек" (Cyrillic, Greek) are not
                if (len(name) >= 4 or not name.isascii()) and name.isalpha():
                    names.setdefault(name, number)
    return names


# Zones pages name after a time ("4:29 AM EST", "8:21 am ET", "10:33 WIB"), in capitals only ("et" is French for
# "and"). Each names the place whose clock it is, so daylight saving follows the date; "EST" printed in July
# still means New York's clock. Names that stand for two places (CST: China or Chicago, IST: India, Ireland or
# Israel) are left out: the site's timezone applies to them, as to a time with no zone.
_NAMED_ZONES = {
    **dict.fromkeys(("ET", "EST", "EDT"), "America/New_York"),
    **dict.fromkeys(("CT", "CDT"), "America/Chicago"),
    **dict.fromkeys(("MT", "MST", "MDT"), "America/Denver"),
    **dict.fromkeys(("PT", "PST", "PDT"), "America/Los_Angeles"),
    "BST": "Europe/London",
    **dict.fromkeys(("CET", "CEST"), "Europe/Paris"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    "MSK": "Europe/Moscow",
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore",
    "KST": "Asia/Seoul",
    "JST": "Asia/Tokyo",
    **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
}

# Up to 12 letters: the genitive month names of Finnish, Polish and Czech dates run long ("21. marraskuuta
# 2019", "21 października 2019").
_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?\.?"
_TIME = (
    r"(?:[\s,|·•]*(?:at|à|às|a las|um|alle|om|-)?\s*"
    r"(?P<hour>[0-2]?\d)[:h.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:(?P<zone>GMT|UTC|Z|[+-]\d\d:?\d\d)|(?-i:(?P<named>"
    + "|".join(sorted(_NAMED_ZONES, key=len, reverse=True))
    + r")\b))?(?P<zoneoff>[+-]\d\d?(?::?\d\d)?)?)?"
)

_MONTH_FIRST = re.compile(rf"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)\b{_TIME}")
_SLASHED = re.compile(r"\b(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?:19|20)?\d\d\b")  # either order
_PATTERNS = [
    # 2025-12-04, 2025-12-04T10:32:00+03:00, 2025-12-04 10:32
    re.compile(
        r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
        r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
        r"\s*(?P<zone>Z|[+-]\d\d:?\d\d)?)?"
    ),
    # 2016年10月14日07:17 (Chinese and Japanese), 2019년 11월 19일 (Korean)
    re.compile(
        r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"
        r"(?:\s*(?P<hour>[0-2]?\d)[:：](?P<minute>[0-5]\d))?"
    ),
    # December 4, 2025 / Dec. 6, 2024, 10:00 PM UTC / Sunday, May 8, 2016
    # (copied text glues words: "Yahoo FinanceOctober 13, 2016")
    # (and glue the time to the year: "NOV 15, 20195:45 AM")
    re.compile(
        rf"(?:\b|(?-i:(?<=[a-z])(?=[A-Z]))){_MONTH}\s+{_DAY},?\s+{_YEAR}(?:\b|(?=[0-2]?\d:[0-5]\d)){_TIME}",
        re.IGNORECASE,
    ),
    # 4 Dec 2025, 10:32 GMT / 30 avril 2015 à 07:19 / 4 de diciembre de 2025 / 21.dez.2018 às 12h55 / 4-Dec-2025
    # / 4 Dec, 2025 / 4th of December 2025
    re.compile(
        rf"\b{_DAY}\s*(?:de\s+|of\s+|\.\s*|-)?{_MONTH}(?:,?\s*|\s*de\s+|\.\s*|-){_YEAR}\b{_TIME}", re.IGNORECASE
    ),
    # 04.12.2025 08:30 and 04-12-2025 (day first, as where dots and dashes are used: Europe, India, Latin
    # America; Central Europe sets a space after each dot: 4. 12. 2025), then 11.14.2019 where it cannot be
    re.compile(rf"\b(?P<day>[0-3]?\d)(?P<sep>[.-])(?P<month>[01]?\d)(?P=sep){_YEAR}\b{_TIME}"),
    re.compile(rf"\b(?P<day>[0-3]?\d)\. (?P<month>[01]?\d)\. {_YEAR}\b{_TIME}"),
    re.compile(rf"\b(?P<month>[01]?\d)(?P<sep>[.-])(?P<day>[0-3]?\d)(?P=sep){_YEAR}\b{_TIME}"),
    # 2019. november 21. (Hungarian: the year first, a dot after it and after the day)
    re.compile(rf"\b{_YEAR}\.\s+{_MONTH}\s+(?P<day>[0-3]?\d)\.(?!\d){_TIME}", re.IGNORECASE),
    # 2025/12/04, 2019.11.19, 2019. 11. 19. (Korean)
    re.compile(r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[/.])\s?(?P<month>[01]?\d)(?P=sep)\s?(?P<day>[0-3]?\d)\b"),
    # 11/19/2019 and 11/19/19 06:56 AM (month first, as in the US), then 19/11/2019 where it cannot be
    _MONTH_FIRST,
    re.compile(rf"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)?\d\d)\b{_TIME}"),
]

# The same forms without the year, where the page takes this year for granted ("Posted Nov 19, 6:51 AM").
# Read only with a time after them, a "Posted"/"Updated" before them, or alone on the line: "March 3" in a
# sentence or a headline is an event, not a time stamp.
_STAMP = r"(?:posted|published|updated|modified|last\s+updated|created)\b\s*:?\s*(?:on\s+)?"
_CLOCK = _TIME.removesuffix("?")
_YEARLESS = [
    re.compile(rf"(?:\b|(?-i:(?<=[a-z])(?=[A-Z]))){_MONTH}\s+{_DAY}(?!\d),?\s*{_CLOCK}", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s*(?:de\s+|\.\s*)?{_MONTH}(?!\s*\d),?\s*{_CLOCK}", re.IGNORECASE),
    re.compile(rf"\b{_STAMP}{_MONTH}\s+{_DAY}(?!\d){_TIME}", re.IGNORECASE),
    re.compile(rf"\b{_STAMP}{_DAY}\s*(?:de\s+|\.\s*)?{_MONTH}(?!\s*\d){_TIME}", re.IGNORECASE),
    re.compile(rf"^\s*{_MONTH}\s+{_DAY}\s*$", re.IGNORECASE),
]
# A wire story's dateline opens its first paragraph: the place in capitals, the day, then the agency or a dash
# ("WASHINGTON, Nov 19 (Reuters) -", "SAN JOSÉ, Costa Rica, Nov 19 (AP) —", "LONDON, 19 November 2019 —",
# "NEW YORK, Nov. 19, 2019 /PRNewswire/ --"); the year is the page's where it is left out.
_PLACE = r"^[^\W\d_a-z](?:[^\W\d_a-z]|[ .'’/-]){1,40},\s+(?:[^\W\d_]+\.?(?:\s[^\W\d_]+\.?){0,2},\s+)?"
_DATELINE_END = r"\s*(?:\(|/|[-–—])"
_DATELINES = [
    re.compile(rf"{_PLACE}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_DATELINE_END}"),
    re.compile(rf"{_PLACE}{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?{_DATELINE_END}"),
]
# A copyright line names the year the page was made: the year of its year-less dates.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d\s*[-–]\s*)?(?P<year>(?:19|20)\d\d)\b", re.I)

MARKER = re.compile(
    r"\b(?:(?P<updated>updated|last modified|modified|mis à jour|actualizado|atualizado|aktualisiert|aggiornato)"
    r"|posted|published|publié|publicado|veröffentlicht|pubblicato)\b",
    re.IGNORECASE,
)


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    name = text.lower().rstrip(".")
    return _MONTHS.get(name) or _all_months().get(name)


def _zone(match: re.Match[str]) -> tzinfo | None:
    groups = match.groupdict()
    if groups.get("named"):
        return ZoneInfo(_NAMED_ZONES[groups["named"]])
    raw = groups.get("zone") or groups.get("zoneoff")
    if not raw:
        return None
    if raw.upper() in ("GMT", "UTC", "Z"):
        extra = groups.get("zoneoff")
        raw = extra if extra else "+00:00"
    sign = -1 if raw.startswith("-") else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(match: re.Match[str], this_year: int | None = None) -> DateValue | None:
    groups = match.groupdict()
    month = _month_number(groups["month"])
    if month is None:
        return None
    year = int(groups.get("year") or this_year or 0)
    try:
        day = date(year + 2000 if year < 100 else year, month, int(groups["day"]))
    except ValueError:
        return None
    if not groups.get("hour"):
        return day
    hour, minute = int(groups["hour"]), int(groups["minute"])
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return day
    second = int(groups.get("second") or 0)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_zone(match))


def find_dates(text: str, this_year: int | None = None) -> list[tuple[int, DateValue]]:
    """Every date in `text` with its position, in reading order (see `date_spans` for `this_year`)."""
    return [(start, value) for start, _, value in date_spans(text, this_year)]


def date_spans(
    text: str, this_year: int | None = None, saved: datetime | None = None, day_first: bool = False
) -> list[tuple[int, int, DateValue]]:
    """Every date in `text` with the stretch of text it was read from.

    Given `this_year`, time stamps that leave the year out ("Posted Nov 19,
    6:51 AM") are read as dates of that year; given `saved` (an aware time),
    relative ones ("3 days ago", "8h") are read as that long before it.
    `day_first`: the page writes 04/12/2025 for 4 December (see `page_day_first`).
    """
    found: list[tuple[int, int, DateValue]] = []
    patterns = [pattern for pattern in _PATTERNS if not (day_first and pattern is _MONTH_FIRST)]
    for pattern in patterns + (_YEARLESS if this_year else []):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e, _ in found):
                continue  # an earlier, more specific pattern already read this stretch
            value = _build(match, this_year)
            if value is not None:
                found.append((start, end, value))
    if saved is not None:
        relative = relative_spans(text, saved)
        found += [span for span in relative if not any(span[0] < e and s < span[1] for s, e, _ in found)]
    return sorted(found, key=lambda item: item[0])


def page_year(lines: list[str]) -> int | None:
    """The year a page was made, for its year-less dates: its copyright year, else its dates' commonest year."""
    for line in reversed(lines):
        match = _COPYRIGHT.search(line)
        if match:
            return int(match.group("year"))
    years = Counter(value.year for line in lines for _, value in find_dates(line))
    return years.most_common(1)[0][0] if years else None


def page_day_first(lines: list[str]) -> bool:
    """Whether the page writes its dates day first (19/11/2019): one that can only be read so, and none
    that can only be read month first (11/19/2019). A page keeps one order; 04/12/2025 alone is read as
    the US writes it."""
    orders = {
        int(match.group("first")) > 12
        for line in lines
        for match in _SLASHED.finditer(line)
        if (int(match.group("first")) > 12) != (int(match.group("second")) > 12)
    }
    return orders == {True}


def published_and_updated(
    text: str, this_year: int | None = None, saved: datetime | None = None, day_first: bool = False
) -> tuple[DateValue | None, DateValue | None]:
    """The published date in a date line, and the updated one where it says so.

    Each date belongs to the nearest marker before it: "Dec. 6, 2024 /
    Updated Dec. 7, 2024" and "Updated Nov 19, 9:41 AM; Posted Nov 18" both
    give both; a line holding only "Updated …" gives (None, updated). Given
    `saved` (when the page was saved, aware), relative dates ("3 days ago",
    "Updated 14 hours ago") are read against it.
    """
    markers = [(match.start(), bool(match.group("updated"))) for match in MARKER.finditer(text)]
    published: DateValue | None = None
    updated: DateValue | None = None
    for position, _, value in date_spans(text, this_year, saved, day_first):
        is_update = next((flag for start, flag in reversed(markers) if start <= position), False)
        if is_update:
            updated = updated or value
        else:
            published = published or value
    return published, updated


# A sentence saying when the page itself was published ("This article was originally published on November 18,
# 2019 by …", "First published 18 November 2019 in …"): the page as its subject, or the marker opening the line.
# A sentence about another document ("The report, published on November 12, …") has its own subject.
_SELF_MARKED = re.compile(
    r"^\W*(?:(?:this|the)\s+(?:article|story|post|piece|column|essay|page|report)\s+(?:was|is|has\s+been)\s+)?"
    r"(?:(?:originally|first|last)\s+)?(?:posted|published|updated)\b",
    re.IGNORECASE,
)
_MARKED_GAP = 20  # characters between the marker's end and its date: " on ", " in print on ", ": "


def marked_date(
    text: str, this_year: int | None = None, day_first: bool = False
) -> tuple[DateValue | None, DateValue | None]:
    """The published and the updated date of a line of any length that says when the page itself was
    published or updated, with the date right after the marker; (None, None) for other lines."""
    marked = _SELF_MARKED.match(text)
    if not marked:
        return None, None
    spans = date_spans(text, this_year, day_first=day_first)
    if not spans or spans[0][0] - marked.end() > _MARKED_GAP:
        return None, None
    return published_and_updated(text[marked.start() : spans[0][1]], this_year, day_first=day_first)


def dateline_date(paragraph: str, this_year: int | None = None) -> DateValue | None:
    """The day a wire story's dateline gives ("WASHINGTON, Nov 19 (Reuters) - …"), else None: the place
    is in capitals, as datelines set it, so a sentence opening with a name and a date does not count."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if match and (match.group("year") or this_year):
            value = _build(match, this_year)
            return value.date() if isinstance(value, datetime) else value
    return None


def parse_iso(value: str) -> DateValue | None:
    """Read a machine date (JSON-LD, meta tags); None when it is not one."""
    match = _PATTERNS[0].search(value or "")
    return _build(match) if match else None
