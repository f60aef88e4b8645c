"""The site model: articles with final URLs, and every index over them. Pure, no I/O."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.config import CONFIG_FILE, SiteConfig
from generator.errors import Report
from generator.model import Article, Term
from generator.permalinks import assign_urls
from generator.related import related_after_insert, related_articles
from generator.slugs import term_slug

NAV_SECTIONS = 8  # sections in the header when site.toml names none
TAXONOMIES = ("tags", "sections", "sources")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The articles of one tag, section or agency (kind "sources", for its URLs), newest first."""

    kind: str
    term: Term
    articles: tuple[Article, ...]
    mixed: bool = False  # its articles spell the term in more than one way (the most used is `term.name`)

    @property
    def url(self) -> str:
        return f"/{self.kind}/{self.term.slug}/"


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    articles: tuple[Article, ...]  # newest first, every URL unique
    taxonomies: dict[str, dict[str, Taxonomy]]  # kind -> slug -> taxonomy, by name
    months: dict[tuple[int, int], tuple[Article, ...]]  # (year, month) -> newest first, newest month first
    related: dict[str, tuple[str, ...]]  # article URL -> related articles' URLs
    contested: frozenset[str]  # URLs claimed by more than one file, so none of them is published

    def years(self) -> dict[int, tuple[Article, ...]]:
        by_year: dict[int, list[Article]] = defaultdict(list)
        for (year, _), articles in self.months.items():
            by_year[year].extend(articles)
        return {year: tuple(articles) for year, articles in by_year.items()}


def _newest_first(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.date, a.url), reverse=True))


def _canonical_terms(
    articles: Iterable[Article], terms_of: Callable[[Article], Iterable[Term]], kind: str, report: Report
) -> tuple[dict[str, Term], set[str]]:
    """The display name of each slug, the spelling used most (ties: the first in sort order), and the slugs
    spelled in more than one way."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    files: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for article in articles:
        for term in terms_of(article):
            spellings[term.slug][term.name] += 1
            files[term.slug, term.name].append(article.source_path)
    canonical, mixed = {}, set()
    for slug, counts in spellings.items():
        names = sorted(counts, key=lambda n: (-counts[n], n))
        canonical[slug] = Term(names[0], slug)
        if len(names) > 1:
            mixed.add(slug)
            where = "; ".join(f"'{n}' in {', '.join(sorted(map(str, files[slug, n]))[:3])}" for n in names)
            report.warn(files[slug, names[-1]][0], f"{kind} spellings {where} are one {kind[:-1]} '{names[0]}'")
    return canonical, mixed


def terms_of(kind: str) -> Callable[[Article], tuple[Term, ...]]:
    if kind == "tags":
        return lambda a: a.tags
    attribute = {"sections": "section", "sources": "agency"}[kind]
    return lambda a: (term,) if (term := getattr(a, attribute)) else ()


def _by_name(term: Term) -> tuple[str, str]:
    """The order of a taxonomy's terms."""
    return term.name.casefold(), term.slug


def _taxonomy(kind: str, articles: tuple[Article, ...], report: Report) -> dict[str, Taxonomy]:
    terms = terms_of(kind)
    canonical, mixed = _canonical_terms(articles, terms, kind, report)
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for term in terms(article):
            members[term.slug].append(article)
    ordered = sorted(canonical.values(), key=_by_name)
    return {t.slug: Taxonomy(kind, t, tuple(members[t.slug]), t.slug in mixed) for t in ordered}


def make_site(articles: list[Article], config: SiteConfig, report: Report, last: Site | None = None) -> Site:
    """Everything the pages need, computed once from the loaded articles. `last`, the model this one
    replaces (serve), spares working out again the related articles that cannot have changed."""
    placed, contested = assign_urls(articles, config.tz, report)
    ordered = _newest_first(placed)
    taxonomies = {kind: _taxonomy(kind, ordered, report) for kind in TAXONOMIES}
    warn_unknown_nav(config, taxonomies["sections"], report)
    before = (_tag_members(last.taxonomies), last.related) if last else None
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in ordered:
        months[article.date.year, article.date.month].append(article)
    return Site(
        config=config,
        articles=ordered,
        taxonomies=taxonomies,
        months={key: tuple(months[key]) for key in sorted(months, reverse=True)},
        related=related_articles(ordered, _tag_members(taxonomies), before),
        contested=contested,
    )


def _tag_members(taxonomies: dict[str, dict[str, Taxonomy]]) -> dict[str, tuple[Article, ...]]:
    return {slug: tag.articles for slug, tag in taxonomies["tags"].items()}


def nav_sections(sections: dict[str, Taxonomy], names: Sequence[str]) -> list[Taxonomy]:
    """The header's sections: those `nav` names, in its order, or else the NAV_SECTIONS
    biggest, by name. Names match as section names do (case and accents folded)."""
    if names:
        return [sections[slug] for slug in dict.fromkeys(map(term_slug, names)) if slug in sections]
    biggest = sorted(sections.values(), key=lambda t: (-len(t.articles), t.term.name))[:NAV_SECTIONS]
    return sorted(biggest, key=lambda t: t.term.name.casefold())


def warn_unknown_nav(config: SiteConfig, sections: dict[str, Taxonomy], report: Report) -> None:
    unknown = [name for name in config.nav if term_slug(name) not in sections]
    if unknown:
        known = ", ".join(t.term.name for t in sections.values()) or "none yet"
        names = ", ".join(repr(n) for n in unknown)
        report.warn(Path(CONFIG_FILE), f"nav: no section named {names}, so not in the header (sections: {known})")


def replace_article(site: Site, old: Article, new: Article) -> Site:
    """The same site with one article's record swapped for another that every index
    treats alike (same URL, date, tags, section and agency; only the body differs)."""

    def swap(articles: tuple[Article, ...]) -> tuple[Article, ...]:
        return tuple(new if a is old else a for a in articles) if any(a is old for a in articles) else articles

    taxonomies = {}
    for kind, terms in site.taxonomies.items():
        mine = {term.slug for term in terms_of(kind)(old)}
        taxonomies[kind] = terms | {slug: replace(terms[slug], articles=swap(terms[slug].articles)) for slug in mine}
    return replace(
        site,
        articles=swap(site.articles),
        taxonomies=taxonomies,
        months={key: swap(articles) for key, articles in site.months.items()},
    )


def _newer(a: Article, b: Article) -> bool:
    """Is `a` before `b` in a newest-first list (the order of `_newest_first`)?"""
    return (a.date, a.url) > (b.date, b.url)


def position(articles: tuple[Article, ...], article: Article) -> int:
    """Where `article` (placed: see permalinks.place) is, or would go, in a newest-first list."""
    lo, hi = 0, len(articles)
    while lo < hi:
        mid = (lo + hi) // 2
        if _newer(articles[mid], article):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _with(articles: tuple[Article, ...], new: Article) -> tuple[Article, ...]:
    """A newest-first list with `new` in its place."""
    at = position(articles, new)
    return (*articles[:at], new, *articles[at:])


def insert_article(site: Site, new: Article) -> Site | None:
    """The site that `make_site` would make with `new` (placed: see permalinks.place) among its articles,
    worked out from `site` alone; None when `new` would change more than its own places: its URL is
    taken or contested, or it spells a term otherwise than the term's articles do (the name shown, and a warning)."""
    if new.url in site.contested or any(a.url == new.url for a in site.articles):
        return None
    taxonomies = {}
    for kind, terms in site.taxonomies.items():
        joined = {}  # the taxonomies of its terms, with it
        for term in terms_of(kind)(new):
            known = terms.get(term.slug)
            if known is None:
                joined[term.slug] = Taxonomy(kind, term, (new,))
            elif known.term.name == term.name and not known.mixed:
                joined[term.slug] = replace(known, articles=_with(known.articles, new))
            else:
                return None
        merged = terms | joined
        if joined.keys() - terms.keys():  # a new term: in its place by name
            merged = {slug: merged[slug] for slug in sorted(merged, key=lambda slug: _by_name(merged[slug].term))}
        taxonomies[kind] = merged
    month = (new.date.year, new.date.month)
    months = site.months | {month: _with(site.months.get(month, ()), new)}
    if len(months) > len(site.months):
        months = {key: months[key] for key in sorted(months, reverse=True)}
    articles = _with(site.articles, new)
    related = related_after_insert(_tag_members(taxonomies), site.related, new)
    return Site(site.config, articles, taxonomies, months, related, site.contested)
