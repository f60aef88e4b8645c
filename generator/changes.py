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
from dataclasses import dataclass, field

from generator import __version__
from generator.fingerprints import data_digest
from generator.pages import Planner, Spec

ArticleDigests = tuple[str, str]  # (card, whole record)


@dataclass(frozen=True)
class Changes:
    """What changed between two builds' articles."""

    cards: set[str]  # URLs of articles whose card changed (or that are new)
    full: set[str]  # URLs of articles whose record changed (or that are new)


@dataclass
class Digested:
    """What the last build digested, by article URL and by page path, with the digests: a record or Spec
    equal to the last one has the same digest, and comparing costs a small part of digesting (serve)."""

    articles: dict[str, tuple[object, ArticleDigests]] = field(default_factory=dict)
    pages: dict[str, tuple[object, str]] = field(default_factory=dict)


def article_digests(
    planner: Planner, urls: Iterable[str], before: Digested | None = None, now: Digested | None = None
) -> dict[str, ArticleDigests]:
    """Each article's digests, taken from `before` where the record is the same; `now` learns them all."""
    by_url, known = planner.by_url, before.articles if before else {}
    digests = {}
    for url in urls:
        article, was = by_url[url], known.get(url)
        if was is not None and was[0] == article:
            digests[url] = was[1]
        else:
            digests[url] = data_digest(planner.card(url)), data_digest(planner.own(article))
        if now is not None:
            now.articles[url] = article, digests[url]
    return digests


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


def page_keys(
    specs: Sequence[Spec],
    setup: tuple[str, str],
    templates: Mapping[str, str],
    before: Digested | None = None,
    now: Digested | None = None,
) -> dict[str, str]:
    """Each page's key, taken from `before` where the page is the same; `now` learns them all."""
    config, html = setup
    known = before.pages if before else {}
    keys = {}
    for spec in specs:
        setup_of = (html, templates.get(spec.template, "missing")) if spec.kind == "html" else (config, spec.kind)
        was = known.get(spec.path)
        if was is not None and was[0] == (setup_of, spec):
            keys[spec.path] = was[1]
        else:
            keys[spec.path] = data_digest([*setup_of, *_shown(spec)])
        if now is not None:
            now.pages[spec.path] = (setup_of, spec), keys[spec.path]
    return keys


@dataclass(frozen=True)
class Readers:
    """For each article URL, the positions of the specs that show its card, and of those that show all of it."""

    cards: dict[str, list[int]]
    full: dict[str, list[int]]


def readers(specs: Sequence[Spec]) -> Readers:
    cards: dict[str, list[int]] = {}
    full: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        for url in spec.cards:
            cards.setdefault(url, []).append(i)
        for url in spec.full:
            full.setdefault(url, []).append(i)
    return Readers(cards, full)


def touched_specs(specs: Sequence[Spec], shown: Readers, changes: Changes) -> list[Spec]:
    """The specs that show an article that changed, in their order: `touched` without a look at every spec."""
    hit = {i for url in changes.full for i in shown.full.get(url, ())}
    hit.update(i for url in changes.cards for i in shown.cards.get(url, ()))
    return [specs[i] for i in sorted(hit)]


def touched(spec: Spec, changes: Changes) -> bool:
    """Does the page show an article that changed?"""
    return any(u in changes.full for u in spec.full) or any(u in changes.cards for u in spec.cards)


def changed_pages(
    specs: Sequence[Spec], keys: Mapping[str, str], old_keys: Mapping[str, str], changes: Changes
) -> list[Spec]:
    return [s for s in specs if old_keys.get(s.path) != keys[s.path] or touched(s, changes)]
