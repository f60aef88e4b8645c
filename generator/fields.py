"""Front-matter fields, typed: each value checked, each error naming its field and its line.

`Fields` reads plain values (text, flags, dates, lists); the functions below it
read the fields made of several values (tags, links, aliases, copies).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.chars import NOT_XML
from generator.errors import ContentError
from generator.limits import MAX_TAGS
from generator.model import SHARED_TERMS, Copy, Link, Term, shared_term
from generator.permalinks import alias_urls
from generator.slugs import term_slug
from generator.urls import is_web_url

DATE_HINT = "write 2025-12-04 or 2025-12-04T10:00:00+03:00"
Warn = Callable[[str, int], None]

# Values quoted in messages are cut short: an alias-built list can stand for billions of items.
_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 2, 80, 80, 6, 6


def show(value: object) -> str:
    try:
        return _repr.repr(value)
    except ValueError:  # Python refuses to print integers of more than 4,300 digits
        return "a number too long to show"


def _as_text(value: str | int | float | date) -> str | None:
    """str(value), or None for an integer too long to print (a YAML hex number can hold thousands of digits)."""
    try:
        return str(value)
    except ValueError:
        return None


class Fields:
    """Typed access to front-matter values, raising errors that point at the line."""

    def __init__(
        self, data: dict[str, Any], lines: dict[str, int], path: Path, tz: tzinfo, aliases: Mapping[str, str] = {}
    ) -> None:
        """`aliases` maps old field names to new ones: a value under an old name is read as the new one's."""
        self.lines, self.path, self.tz = lines, path, tz
        self.names = {new: old for old, new in aliases.items() if old in data}  # field -> the name the file uses
        for new, old in self.names.items():
            if new in data:
                message = f"{old}: and {new}: are one field ({old} is its old name); keep only {new}"
                raise ContentError(path, message, max(lines.get(old, 2), lines.get(new, 2)))
        self.data = data | {new: data[old] for new, old in self.names.items()}

    def name(self, key: str) -> str:
        """The field's name as the file writes it (an old name, maybe), for messages."""
        return self.names.get(key, key)

    def line(self, key: str) -> int:
        return self.lines.get(self.name(key), 2)

    def fail(self, key: str, message: str) -> ContentError:
        return ContentError(self.path, f"{self.name(key)}: {message}", self.line(key))

    def plain(self, key: str, value: str) -> str:
        """`value`, refused if a YAML escape put a character in it that no page or feed can hold."""
        found = NOT_XML.search(value)
        if found:
            raise self.fail(key, f"contains the control character U+{ord(found.group()):04X}; remove it")
        return value

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ContentError(self.path, f"{key}: missing (every article needs a {key})", 2)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            raise self.fail(key, f"{show(value)} is not text (put it in quotes)")
        text = _as_text(value)
        if text is None:
            raise self.fail(key, "is a number too long to be text (put it in quotes)")
        result = self.plain(key, text.strip())
        if required and not result:
            raise self.fail(key, "is empty")
        return result

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{show(value)} is not true or false")
        return value

    def datetime(self, key: str, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ContentError(self.path, f"{key}: missing (every article needs a {key}; {DATE_HINT})", 2)
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                raise self.fail(key, f"{show(value)} is not a date ({DATE_HINT})") from None
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=self.tz)
        elif isinstance(value, date):
            moment = datetime.combine(value, time(), self.tz)
        else:
            raise self.fail(key, f"{show(value)} is not a date ({DATE_HINT})")
        try:  # the site shows dates in its time zone, and feeds in UTC: both must exist
            moment.astimezone(UTC), moment.astimezone(self.tz)
        except (OverflowError, ValueError):
            raise self.fail(key, f"'{value}' is out of the range of dates (years 1 to 9999)") from None
        return moment

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, like [{self.name(key)[:-1]} one, {self.name(key)[:-1]} two]")
        return value


def term(name: str) -> Term | None:
    return _term(name) if name else None


@lru_cache(maxsize=SHARED_TERMS)
def _term(name: str) -> Term:
    """Worked out once per spelling: the record is shared (see `shared_term`), and so is the slugging."""
    return shared_term(name, term_slug(name))


def tags(fields: Fields) -> tuple[Term, ...]:
    items = fields.items("tags")
    if len(items) > MAX_TAGS:
        raise fields.fail("tags", f"{len(items):,} tags; an article may have at most {MAX_TAGS} (the limit)")
    found: dict[str, Term] = {}
    for item in items:
        name = None if isinstance(item, bool) or not isinstance(item, str | int | float) else _as_text(item)
        if name is None:
            raise fields.fail("tags", f"{show(item)} is not a tag name")
        tag = term(fields.plain("tags", name.strip()))
        if tag and tag.slug not in found:
            found[tag.slug] = tag
    return tuple(found.values())


def web_url(fields: Fields, key: str, url: str, warn: Warn) -> str:
    """`url` if it is an http(s) address; anything else is dropped with a warning (never linked)."""
    if not url or is_web_url(url):
        return url
    warn(f"{fields.name(key)}: {url[:100]!r} dropped: only http:// and https:// addresses are linked", fields.line(key))
    return ""


def links(fields: Fields, warn: Warn) -> tuple[Link, ...]:
    found = []
    for item in fields.items("links"):
        if isinstance(item, str):
            found.append(Link(fields.plain("links", item.strip())))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            url = item.get("url") or ""
            if not isinstance(url, str):
                raise fields.fail("links", f"url {show(url)} is not text")
            url = web_url(fields, "links", fields.plain("links", url.strip()), warn)
            found.append(Link(fields.plain("links", item["title"].strip()), url))
        else:
            raise fields.fail("links", f"{show(item)} is not a link (write '- title: ...' and 'url: ...')")
    return tuple(found)


def aliases(fields: Fields) -> tuple[str, ...]:
    items = [fields.plain("aliases", i) if isinstance(i, str) else show(i) for i in fields.items("aliases")]
    try:
        return alias_urls(items)
    except ValueError as exc:
        raise fields.fail("aliases", str(exc)) from None


def copies(fields: Fields, warn: Warn) -> tuple[Copy, ...]:
    """Other outlets' copies: `- source: ...`, `url: ...`, `date: ...` (written by the importer)."""
    found = []
    line = fields.line("also_published")
    for item in fields.items("also_published"):
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise fields.fail("also_published", f"{show(item)} is not a copy (write '- source: ...', 'url: ...')")
        copy = Fields(item, dict.fromkeys(item, line), fields.path, fields.tz)
        url = web_url(copy, "url", copy.text("url"), warn)
        found.append(Copy(copy.text("source"), url, copy.datetime("date")))
    return tuple(found)
