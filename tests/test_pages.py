"""The plan (generator/pages.py): stable pagination, on plain lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.pagination import paginate, settled


def shown(items: list[int], per_page: int) -> dict[str, tuple[int, ...]]:
    """URL -> the items that page shows; items are numbered oldest first, listed newest first."""
    return {p.url: p.items for p in paginate("/", items[::-1], per_page)}


@pytest.mark.parametrize("count", [0, 1, 19, 20, 21, 39, 40, 41, 99, 100, 101])
def test_a_new_item_changes_only_the_first_page_and_the_highest_numbered_one(count: int) -> None:
    before, after = shown(list(range(count)), 20), shown(list(range(count + 1)), 20)
    changed = {url for url in after if before.get(url) != after[url]}
    numbered = [url for url in after if url != "/"]
    assert changed <= {"/", *numbered[:1]}  # paginate lists the highest-numbered page first
    assert set(before) <= set(after)  # no page URL ever goes away


def test_page_one_holds_the_oldest_items_and_every_item_is_shown_once() -> None:
    pages = paginate("/tags/x/", list(range(45))[::-1], 20)
    by_url = {p.url: p for p in pages}
    assert by_url["/tags/x/"].items == tuple(range(44, 24, -1))
    assert by_url["/tags/x/page/1/"].items == tuple(range(19, -1, -1))
    assert sorted(i for p in pages for i in p.items) == list(range(45))
    first, page2, page1 = pages
    assert (first.newer, first.older) == (None, "/tags/x/page/2/")
    assert (page2.newer, page2.older) == ("/tags/x/", "/tags/x/page/1/")
    assert (page1.newer, page1.older) == ("/tags/x/page/2/", None)


@given(st.integers(0, 120), st.lists(st.integers(0, 120), min_size=1, max_size=4), st.integers(1, 7))
def test_the_pages_settled_by_new_items_are_as_they_were(count: int, places: list[int], per_page: int) -> None:
    """A new process plans only the numbered pages new articles can change (insertion.py): the others must be
    the same pages, items and links, and a new newest item must leave all but the last numbered page alone."""
    before = list(range(0, 2 * count, 2))  # oldest first; the new items go between them, or at either end
    new = sorted({min(2 * place - 1, 2 * count + 1) for place in places})
    after = sorted(before + new)
    old, now = (paginate("/", items[::-1], per_page) for items in (before, after))
    kept = settled(len(before), after.index(new[0]), per_page)
    numbered = len(old) - 1
    assert now[len(now) - kept :] == old[len(old) - kept :]  # numbered from the oldest, they come last
    if new == [2 * count + 1]:
        assert kept == max(0, numbered - 1)
