"""Loading content files: every mistake is reported with file, line and field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content import decode, parse_article
from generator.errors import ContentError

PATH = Path("content/x.md")
IST = ZoneInfo("Europe/Istanbul")


def parse(text: str, warnings: list[str] | None = None):
    return parse_article(text, PATH, IST, lambda m, n: (warnings if warnings is not None else []).append(f"{n}: {m}"))


def load(text: str, warnings: list[str] | None = None):
    return parse(text, warnings)[0]


def test_a_full_article_is_read() -> None:
    text = """---
title: "Talks: day two"
subtitle: Leaders meet again
date: 2025-12-04T10:32:00+03:00
updated: 2025-12-05
section: World
source: AA
byline: Jane Doe
tags: [Azerbaijan, UK, 2025]
image_caption: Photo / AA
related:
  - title: Day one
    url: https://example.com/one
  - Plain title
slug: Custom Slug!
---
Body **here**.
"""
    a, body = parse(text)
    assert a.title == "Talks: day two"
    assert a.date == datetime(2025, 12, 4, 7, 32, tzinfo=UTC)
    assert a.updated == datetime(2025, 12, 5, tzinfo=IST)
    assert (a.section.name, a.agency.slug, a.byline) == ("World", "aa", "Jane Doe")
    assert [t.name for t in a.tags] == ["Azerbaijan", "UK", "2025"]
    assert [(r.title, r.url) for r in a.links] == [("Day one", "https://example.com/one"), ("Plain title", "")]
    assert a.slug == "custom-slug"
    assert body == "Body **here**.\n"
    assert a.lead == "Body here."


def test_the_old_names_source_and_related_read_as_agency_and_links() -> None:
    links = "  - title: Day one\n    url: https://example.com/one\n  - Plain title\n"
    new = load(f"---\ntitle: T\ndate: 2025-01-01\nagency: AA\nlinks:\n{links}---\nBody.\n")
    warnings: list[str] = []
    old = load(f"---\ntitle: T\ndate: 2025-01-01\nsource: AA\nrelated:\n{links}---\nBody.\n", warnings)
    assert (old.agency, old.links) == (new.agency, new.links)
    assert (new.agency.name, [link.title for link in new.links]) == ("AA", ["Day one", "Plain title"])
    assert warnings == []  # an old name is no unknown field


@pytest.mark.parametrize(("old", "new"), [("source", "agency"), ("related", "links")])
def test_a_field_under_both_its_names_is_an_error_naming_both(old: str, new: str) -> None:
    with pytest.raises(ContentError) as caught:
        load(f"---\ntitle: T\ndate: 2025-01-01\n{old}: [A]\n{new}: [B]\n---\n")
    assert str(caught.value).startswith(f"content/x.md:5: {old}: and {new}: are one field")


def test_a_date_without_offset_takes_the_site_timezone() -> None:
    a = load("---\ntitle: T\ndate: 2025-12-04 10:00\n---\n")
    assert a.date == datetime(2025, 12, 4, 10, 0, tzinfo=IST)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: T\ndate: yesterday\n---\n",
         "content/x.md:3: date: 'yesterday' is not a date (write 2025-12-04 or 2025-12-04T10:00:00+03:00)"),
        ("---\ndate: 2025-01-01\n---\n", "content/x.md:2: title: missing (every article needs a title)"),
        ("---\ntitle: T\n---\n", "content/x.md:2: date: missing"),
        ("---\ntitle: T\ndate: 2025-01-01\ntags: news\n---\n", "content/x.md:4: tags: must be a list"),
        ("---\ntitle: T\ndate: 2025-01-01\nsubtitle: [a, b]\n---\n", "content/x.md:4: subtitle: ['a', 'b'] is not"),
        ("---\ntitle: T\ndate: 2025-01-01\ndraft: maybe\n---\n", "content/x.md:4: draft: 'maybe' is not true or false"),
        ("---\ntitle: T\ndate: 2025-01-01\nrelated: [{url: 3}]\n---\n", "content/x.md:4: related:"),
        ("---\ntitle: [T\ndate: 2025-01-01\n---\n", "content/x.md:3: invalid YAML"),
        ("---\n- a\n- b\n---\n", "content/x.md:2: front matter must be a mapping"),
        ("title: T\n", "content/x.md:1: no front matter"),
        ("---\ntitle: T\n", "content/x.md:1: front matter is not closed"),
    ],
)  # fmt: skip
def test_mistakes_name_the_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        load(text)
    assert str(caught.value).startswith(message)


def test_unknown_fields_are_warned_about_with_their_line() -> None:
    warnings: list[str] = []
    load("---\ntitle: T\ndate: 2025-01-01\nauthr: Ann\n---\n", warnings)
    assert warnings[0].startswith("4: authr: unknown field")


def test_a_non_utf8_file_is_named() -> None:
    with pytest.raises(ContentError, match=r"content/x.md:2: not UTF-8 text \(byte 0xe9\)"):
        decode("---\ntitle: Caf\xe9\n".encode("latin-1"), PATH)
