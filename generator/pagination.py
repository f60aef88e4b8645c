"""Stable pagination of a list page: a new article changes only its newest pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Pagination:
    url: str
    items: tuple[Any, ...]
    number: int  # 0 for the first (newest) page, else the page's fixed number
    newer: str | None
    older: str | None


def paginate(base: str, items: Sequence[Any], per_page: int) -> list[Pagination]:
    """Stable pagination: the base URL shows the newest `per_page` items; the rest
    are numbered from the oldest, so /page/1/ always holds the oldest items and
    a new article changes only the base page and the highest-numbered page."""
    rest = list(items[per_page:])[::-1]  # oldest first
    chunks = [tuple(rest[i : i + per_page])[::-1] for i in range(0, len(rest), per_page)]
    count = len(chunks)

    def url(n: int) -> str:
        return base if n == 0 else f"{base}page/{n}/"

    pages = [Pagination(base, tuple(items[:per_page]), 0, None, url(count) if count else None)]
    for n in range(count, 0, -1):
        pages.append(
            Pagination(url(n), chunks[n - 1], n, url(n + 1) if n < count else base, url(n - 1) if n > 1 else None)
        )
    return pages


def settled(before: int, older: int, per_page: int) -> int:
    """How many numbered pages of a list, from page 1, articles joining it leave as they were: the list held
    `before` items, and `older` of its items now are older than every article that joined. Such a page holds
    the same items (all older than those) and links the same pages, unless it was the last numbered one: its
    link to newer pages then leads to a new page."""
    numbered = -(-max(0, before - per_page) // per_page)
    return max(0, min(min(older, before - per_page) // per_page, numbered - 1))
