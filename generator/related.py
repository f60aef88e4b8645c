"""Related articles: for each article, the ones sharing the most tags with it, then the nearest in date.

Worked out for the whole archive at once with numpy: one (article, candidate) pair for each tag they
share within reach, counted and ranked by sorting. The loop it replaces ran Python code for every
candidate of every article, a third of modelling a 10,000-article archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from generator.model import Article

if TYPE_CHECKING:
    import numpy as np

LIMIT = 5
# For tags bigger than this, candidates come from the articles nearest in date (WINDOW on each side),
# so the cost stays linear in the archive's size.
FULL_TAG = 50
WINDOW = 15
CHUNK = 20_000  # articles whose pairs are ranked at once: bounds memory at 100,000 articles and more


def related_articles(articles: Sequence[Article], tags: Iterable[Sequence[Article]]) -> dict[str, tuple[str, ...]]:
    """The URLs of up to LIMIT related articles per article URL. `articles` and each tag's articles are newest
    first. URLs, not records: a body edit then swaps one record and leaves these as they are (edits.py).

    Ranked by tags shared (within reach), then distance in time, then place in `articles`."""
    import numpy as np  # here, not above: a build with nothing to do never models, and numpy takes a while to load
    position = {a.url: i for i, a in enumerate(articles)}
    stamps = np.array([a.date.timestamp() for a in articles], dtype=np.float64)
    members = []  # per tag: its articles' positions, oldest first, and where each one's date falls among them
    for tagged in tags:
        ids = np.array([position[a.url] for a in reversed(tagged)], dtype=np.int64)
        members.append((ids, np.searchsorted(stamps[ids], stamps[ids], side="left")))
    chosen: dict[int, list[str]] = defaultdict(list)
    for lo in range(0, len(articles), CHUNK):
        for me, other in _ranked(members, stamps, lo, min(lo + CHUNK, len(articles))):
            chosen[me].append(articles[other].url)
    return {a.url: tuple(chosen.get(i, ())) for i, a in enumerate(articles)}


def _ranked(
    members: list[tuple[np.ndarray, np.ndarray]], stamps: np.ndarray, lo: int, hi: int
) -> Iterable[tuple[int, int]]:
    """(article, related article) positions for the articles at positions lo..hi-1, best first for each."""
    import numpy as np
    mine, theirs = [], []
    offsets = np.arange(-WINDOW, WINDOW)
    for ids, at in members:
        inside = (ids >= lo) & (ids < hi)
        if not inside.any():
            continue
        if len(ids) <= FULL_TAG:
            mine.append(np.repeat(ids[inside], len(ids)))
            theirs.append(np.tile(ids, int(inside.sum())))
        else:
            reach = at[inside][:, None] + offsets  # the WINDOW members before and after each one's date
            valid = (reach >= 0) & (reach < len(ids))
            mine.append(np.broadcast_to(ids[inside][:, None], reach.shape)[valid])
            theirs.append(ids[reach[valid]])
    if not mine:
        return []
    me, other = np.concatenate(mine), np.concatenate(theirs)
    apart = me != other
    span = len(stamps)
    pairs, shared = np.unique(me[apart] * span + other[apart], return_counts=True)
    me, other = pairs // span, pairs % span  # sorted by article, then by candidate
    # One number per pair, as a shared tag outweighs any distance in time (< 1e11 s); the sort is stable,
    # so equal scores keep the candidates' order.
    score = np.abs(stamps[other] - stamps[me]) - shared * 1e11
    order = np.lexsort((score, me))
    me, other = me[order], other[order]
    rank = np.arange(len(me)) - np.searchsorted(me, me, side="left")
    best = rank < LIMIT
    return zip(me[best].tolist(), other[best].tolist(), strict=True)
