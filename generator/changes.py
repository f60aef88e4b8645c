"""Which pages a new site model changes, told from plain data the last build kept.

Each article gets two digests: of its list card, and of all it shows on its
own page and in feeds. Each page gets a key: a digest of its Spec (the
articles it shows by URL, in order, and the rest of what it shows), its
template chain and, for HTML, the site-wide data. A page must be made
again when its key is new or differs, or when an article whose card or whole
record it shows has a new digest. Nothing here renders or reads a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator import __version__
from generator.fingerprints import data_digest
from generator.pages import Planner, Spec

ArticleDigests = tuple[str, str]  # (card, whole record)


@dataclass(frozen=True)
class Changes:
    """What changed between two builds' articles."""

    cards: set[str]  # URLs of articles whose card changed (or that are new)
    full: set[str]  # URLs of articles whose record changed (or that are new)


def article_digests(planner: Planner, urls: Iterable[str]) -> dict[str, ArticleDigests]:
    by_url = planner.by_url
    return {u: (data_digest(planner.card(u)), data_digest(planner.own(by_url[u]))) for u in urls}


def changed_articles(new: Mapping[str, ArticleDigests], old: Mapping[str, ArticleDigests]) -> Changes:
    cards, full = set(), set()
    for url, digests in new.items():
        was = old.get(url)
        if was is None or was[0] != digests[0]:
            cards.add(url)
            full.add(url)  # the whole record holds the card
        elif was[1] != digests[1]:
            full.add(url)
    return Changes(cards, full)


def setup_digest(planner: Planner) -> tuple[str, str]:
    """(digest of what every page depends on, digest of what every HTML page also shows)."""
    config = data_digest([__version__, repr(planner.config)])
    return config, data_digest([config, planner.globals()])


def _shown(spec: Spec) -> tuple[object, ...]:
    """Everything a page shows, articles by URL and in order."""
    return spec.shows, spec.cards, spec.full


def page_keys(specs: Sequence[Spec], setup: tuple[str, str], templates: Mapping[str, str]) -> dict[str, str]:
    config, html = setup
    keys = {}
    for spec in specs:
        if spec.kind == "html":
            keys[spec.path] = data_digest([html, templates.get(spec.template, "missing"), *_shown(spec)])
        else:
            keys[spec.path] = data_digest([config, spec.kind, *_shown(spec)])
    return keys


def touched(spec: Spec, changes: Changes) -> bool:
    """Does the page show an article that changed?"""
    return any(u in changes.full for u in spec.full) or any(u in changes.cards for u in spec.cards)


def changed_pages(
    specs: Sequence[Spec], keys: Mapping[str, str], old_keys: Mapping[str, str], changes: Changes
) -> list[Spec]:
    return [s for s in specs if old_keys.get(s.path) != keys[s.path] or touched(s, changes)]
