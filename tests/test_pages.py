"""The plan (generator/pages.py): stable pagination, on plain lists."""

from __future__ import annotations

import pytest

from generator.pagination import paginate


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
