"""Related articles: for each article, the ones sharing the most tags with it, then the nearest in date.

Worked out for the whole archive at once with numpy: one (article, candidate) pair for each tag they
share within reach, counted and ranked by sorting. The loop it replaces ran Python code for every
candidate of every article, a third of modelling a 10,000-article archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from generator.model import Article

if TYPE_CHECKING:
    import numpy as np

LIMIT = 5
# For tags bigger than this, candidates come from the articles nearest in date (WINDOW on each side),
# so the cost stays linear in the archive's size.
FULL_TAG = 50
WINDOW = 15
CHUNK = 5_000  # articles whose pairs are ranked at once: their pairs (about 100 each) are the model's peak


Tags = Mapping[str, Sequence[Article]]  # tag slug -> its articles, newest first
Related = dict[str, tuple[str, ...]]  # article URL -> the URLs of its related articles, best first


def related_articles(articles: Sequence[Article], tags: Tags, last: tuple[Tags, Related] | None = None) -> Related:
    """Up to LIMIT related articles per article URL. `articles` are newest first. URLs, not records:
    a body edit then swaps one record and leaves these as they are (edits.py).

    Ranked by tags shared (within reach), then distance in time, then place in `articles`. Only the tags
    decide, so with `last` (the tags and result of the last model of this site, under serve) an article
    whose tags are the same, none of them having gained, lost or moved a member, keeps its list."""
    import numpy as np  # here, not above: a build with nothing to do never models, and numpy takes a while to load

    stamps, position = _positions(articles)
    members = _members(tags.values(), position, stamps)
    kept = _unchanged(articles, tags, last) if last else {}
    rows = np.array([i for i, a in enumerate(articles) if a.url not in kept], dtype=np.int64)
    chosen = _chosen(articles, rows, members, stamps)
    return {a.url: kept[a.url] if a.url in kept else tuple(chosen.get(i, ())) for i, a in enumerate(articles)}


def related_after_insert(articles: Sequence[Article], tags: Tags, last: Related, new: Article) -> Related:
    """The lists of `related_articles` once `new` is in `articles` and `tags`, from `last`, those before it was.

    An insertion keeps every other candidate's order, and the WINDOW of members a big tag offers an article
    is the same set unless it now reaches `new`; so only `new`'s list and those of the members of its tags
    that can see it (all of a tag of up to FULL_TAG before it came, else those whose window reaches it)
    are ranked again, over just the tags those articles have."""
    import numpy as np

    stamps, position = _positions(articles)
    rows = {position[new.url]}
    for term in new.tags:
        (ids, at), = _members([tags[term.slug]], position, stamps)
        if len(ids) <= FULL_TAG + 1:
            rows.update(ids.tolist())
        else:
            k = int(np.flatnonzero(ids == position[new.url])[0])
            rows.update(ids[(at - WINDOW <= k) & (k < at + WINDOW)].tolist())
    seen = {t.slug for i in rows for t in articles[i].tags}
    members = _members((tags[slug] for slug in seen), position, stamps)
    chosen = _chosen(articles, np.array(sorted(rows), dtype=np.int64), members, stamps)
    return last | {articles[i].url: tuple(chosen.get(i, ())) for i in rows}


def _positions(articles: Sequence[Article]) -> tuple[np.ndarray, dict[str, int]]:
    """Each article's time stamp, by position, and each URL's position."""
    import numpy as np

    stamps = np.array([a.date.timestamp() for a in articles], dtype=np.float64)
    return stamps, {a.url: i for i, a in enumerate(articles)}


def _members(
    tagged: Iterable[Sequence[Article]], position: Mapping[str, int], stamps: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per tag: its articles' positions, oldest first, and where each one's date falls among them."""
    import numpy as np

    members = []
    for articles in tagged:
        ids = np.array([position[a.url] for a in reversed(articles)], dtype=np.int64)
        members.append((ids, np.searchsorted(stamps[ids], stamps[ids], side="left")))
    return members


def _chosen(
    articles: Sequence[Article], rows: np.ndarray, members: list[tuple[np.ndarray, np.ndarray]], stamps: np.ndarray
) -> dict[int, list[str]]:
    """The related URLs of the articles at positions `rows`, best first, CHUNK articles at a time."""
    import numpy as np

    chosen: dict[int, list[str]] = defaultdict(list)
    for lo in range(0, len(rows), CHUNK):
        wanted = np.zeros(len(articles), dtype=bool)
        wanted[rows[lo : lo + CHUNK]] = True
        for me, other in _ranked(members, stamps, wanted):
            chosen[me].append(articles[other].url)
    return chosen


def _unchanged(articles: Sequence[Article], tags: Tags, last: tuple[Tags, Related]) -> Related:
    """The last lists of the articles whose tags, and those tags' members with their dates, are as they were."""
    last_tags, last_related = last

    def members(tagged: Sequence[Article]) -> list[tuple[str, object]]:
        return [(a.url, a.date) for a in tagged]

    changed = last_tags.keys() - tags.keys()
    changed |= {slug for slug, tagged in tags.items() if members(tagged) != members(last_tags.get(slug, ()))}
    had: dict[str, set[str]] = defaultdict(set)
    for slug, tagged in last_tags.items():
        for a in tagged:
            had[a.url].add(slug)
    kept = {}
    for a in articles:
        slugs = {t.slug for t in a.tags}
        if a.url in last_related and slugs == had.get(a.url, set()) and not slugs & changed:
            kept[a.url] = last_related[a.url]
    return kept


def _ranked(
    members: list[tuple[np.ndarray, np.ndarray]], stamps: np.ndarray, wanted: np.ndarray
) -> Iterable[tuple[int, int]]:
    """(article, related article) positions for the articles whose positions are `wanted`, best first for each."""
    import numpy as np

    mine, theirs = [], []
    offsets = np.arange(-WINDOW, WINDOW)
    for ids, at in members:
        inside = wanted[ids]
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
