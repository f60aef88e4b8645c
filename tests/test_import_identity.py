"""One key per article address, and one story however many outlets print it."""

from __future__ import annotations

import pytest
from newspages import paragraphs

from generator.ingest.dedup import StoryIndex, signature
from generator.ingest.identity import url_key

SAME = [
    "https://www.example.com/world/2024/harbour-vote",
    "http://example.com/world/2024/harbour-vote/",
    "https://example.com/world/2024/harbour-vote?utm_source=twitter&utm_medium=social&fbclid=IwAR0x",
    "https://m.example.com/world/2024/harbour-vote#comments",
    "https://amp.example.com/world/2024/harbour-vote",
    "https://www.example.com/amp/world/2024/harbour-vote",
    "https://www.example.com/world/2024/harbour-vote/amp",
    "https://EXAMPLE.com:443/world/2024/harbour-vote?amp=1&gclid=abc",
    "https://example.com/world/2024/harbour-vote/index.html",
]


@pytest.mark.parametrize("url", SAME)
def test_addresses_of_one_article_have_one_key(url: str) -> None:
    assert url_key(url) == url_key(SAME[0]) == "example.com/world/2024/harbour-vote"


@pytest.mark.parametrize(
    "other",
    [
        "https://example.com/world/2024/harbour-vote-2",
        "https://example.org/world/2024/harbour-vote",
        "https://example.com/world/2024/harbour-vote?id=7",  # a parameter that chooses the page stays
        "https://example.com:8080/world/2024/harbour-vote",
    ],
)
def test_other_articles_keep_their_own_key(other: str) -> None:
    assert url_key(other) != url_key(SAME[0])


def test_non_web_addresses_have_no_key() -> None:
    assert url_key("javascript:alert(1)") == url_key("mailto:a@b.c") == url_key("") == ""


def test_a_lightly_edited_copy_is_the_same_story_and_a_different_story_is_not() -> None:
    wire = paragraphs(40, 8)
    stories = StoryIndex()
    stories.add("wire", signature("\n\n".join(wire)))
    copy = [f"LONDON (Wire) — {wire[0]}", *wire[1:6], "A local paragraph the outlet added."]
    assert stories.match(signature("\n\n".join(copy))) == "wire"
    follow_up = [*wire[1:3], *paragraphs(41, 8)]  # quotes two paragraphs, then its own story
    assert stories.match(signature("\n\n".join(follow_up))) is None


def test_a_brief_is_too_short_to_judge() -> None:
    assert signature("Council votes yes. More soon.") is None
