"""Related articles: for each article, the ones sharing the most tags with it, then the nearest in date.

Worked out for the whole archive at once with numpy: one (article, candidate) pair for each tag they
share within reach, counted and ranked by sorting. The loop it replaces ran Python code for every
candidate of every article, a third of modelling a 10,000-article archive.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def related_after_insert(tags: Tags, last: Related, new: Article) -> Related:
    """The lists of `related_articles` once `new` is in `tags`, from `last`, those before it was.

    An insertion keeps every other candidate's order, and the WINDOW of members a big tag offers an article
    is the same set unless it now reaches `new`; so only `new`'s list and those of the members of its tags
    that can see it (all of a tag of up to FULL_TAG before it came, else those whose window reaches it)
    are ranked again. Those are a few dozen lists, ranked in plain Python over just their own tags' reach:
    numpy's import alone, and a position for every article, would cost more than all of them."""
    rows = {new.url: new}
    for term in new.tags:
        members = tags[term.slug]
        rows |= {a.url: a for a in (members if len(members) <= FULL_TAG + 1 else _seeing(members, new))}
    return last | {url: _best(me, tags) for url, me in rows.items()}


def _reach(members: Sequence[Article], me: Article) -> Sequence[Article]:
    """The members of a tag (newest first) that `me` sees in it: all of a tag of up to FULL_TAG, else the
    WINDOW before and after where its date falls among them."""
    if len(members) <= FULL_TAG:
        return members
    at = _older(members, me.date.timestamp())
    return members[max(0, len(members) - at - WINDOW) : len(members) - max(0, at - WINDOW)]


def _older(members: Sequence[Article], stamp: float) -> int:
    """How many of a tag's members (newest first) are older than `stamp`: where it falls, oldest first."""
    return len(members) - bisect_right(members, -stamp, key=lambda a: -a.date.timestamp())


def _seeing(members: Sequence[Article], new: Article) -> Iterator[Article]:
    """The members of a tag bigger than FULL_TAG whose window reaches `new`, a member."""
    k = len(members) - 1 - next(i for i, a in enumerate(members) if a.url == new.url)  # oldest first
    # Where each member's date falls only grows with it, and never passes its own place.
    for j in range(max(0, k - WINDOW + 1), len(members)):
        member = members[len(members) - 1 - j]
        at = _older(members, member.date.timestamp())
        if at > k + WINDOW:
            return
        if k - WINDOW < at:
            yield member


def _best(me: Article, tags: Tags) -> tuple[str, ...]:
    """`me`'s related URLs, ranked as _ranked ranks them: tags shared within reach, then distance in time, then
    place in the archive."""
    shared: Counter[str] = Counter()
    found: dict[str, Article] = {}
    for term in me.tags:
        for other in _reach(tags[term.slug], me):
            if other.url != me.url:
                shared[other.url] += 1
                found[other.url] = other
    stamp = me.date.timestamp()
    ranked = sorted(found.values(), key=lambda a: (a.date, a.url), reverse=True)  # place in the archive
    ranked.sort(key=lambda a: abs(a.date.timestamp() - stamp) - shared[a.url] * 1e11)  # stable: ties keep place
    return tuple(a.url for a in ranked[:LIMIT])


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
