"""The site model (generator/site.py): order, taxonomies, months and related articles, on plain records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import outline, pages
from generator.config import SiteConfig
from generator.errors import Report
from generator.model import Article, Term
from generator.outline import outline_from_rows, outline_of, outline_rows, sitemap_of, skeleton
from generator.permalinks import place
from generator.related import FULL_TAG, LIMIT, WINDOW
from generator.site import Site, insert_article, make_site
from generator.slugs import term_slug

START = datetime(2024, 1, 1, 12, tzinfo=UTC)


def story(n: int, days: float, tags: tuple[str, ...] | set[str] = (), section: str = "") -> Article:
    """Article n, `days` after START, in content/n.md."""
    return Article(
        title=f"Story {n}",
        date=START + timedelta(days=days),
        slug=f"story-{n}",
        source_path=Path(f"content/{n}.md"),
        tags=tuple(Term(t, term_slug(t)) for t in sorted(tags)),
        section=Term(section, term_slug(section)) if section else None,
    )


def numbers(articles: tuple[Article, ...]) -> list[int]:
    return [int(a.slug.removeprefix("story-")) for a in articles]


def related(site: Site, url: str) -> list[int]:
    """The story numbers of the articles related to the one at `url`."""
    return [int(u.rstrip("/").rsplit("-", 1)[1]) for u in site.related[url]]


def test_articles_are_newest_first_whatever_order_they_were_read_in() -> None:
    site = make_site([story(1, 1), story(3, 3), story(2, 2)], SiteConfig(), Report())
    assert numbers(site.articles) == [3, 2, 1]
    assert site.articles[0].url == "/2024/01/story-3/"


def test_spellings_of_one_tag_are_one_tag_shown_with_the_most_used_spelling() -> None:
    report = Report()
    articles = [story(1, 1, ("Türkiye",)), story(2, 2, ("Türkiye",)), story(3, 3, ("turkiye",))]
    site = make_site(articles, SiteConfig(), report)
    (tag,) = site.taxonomies["tags"].values()
    assert (tag.term.name, tag.url, numbers(tag.articles)) == ("Türkiye", "/tags/turkiye/", [3, 2, 1])
    (warning,) = report.warnings
    assert "'Türkiye'" in warning.message and "'turkiye'" in warning.message and "content/3.md" in warning.message


def test_months_are_newest_first_and_years_hold_their_months() -> None:
    site = make_site([story(1, 0), story(2, 40), story(3, 400)], SiteConfig(), Report())
    assert list(site.months) == [(2025, 2), (2024, 2), (2024, 1)]
    assert {year: numbers(a) for year, a in site.years().items()} == {2025: [3], 2024: [2, 1]}


def test_related_articles_share_the_most_tags_first_then_are_nearest_in_date() -> None:
    articles = [
        story(0, 0, ("a", "b")),
        story(1, 100, ("a", "b")),  # two shared tags, far in time
        story(2, 1, ("a",)),  # one shared tag, near
        story(3, 2, ("b",)),
        story(4, 50, ("a",)),
        story(5, 0.5, ("c",)),  # no shared tag: never related
    ]
    site = make_site(articles, SiteConfig(), Report())
    assert related(site, "/2024/01/story-0/") == [1, 2, 3, 4]
    assert related(site, "/2024/01/story-5/") == []


def test_related_articles_on_a_big_tag_are_its_nearest_neighbours_in_date() -> None:
    # Every article shares the one big tag; the related ones are the nearest in date, never the article itself.
    size = FULL_TAG * 4
    site = make_site([story(n, n, ("big",)) for n in range(size)], SiteConfig(), Report())
    for n in (0, size // 2, size - 1):
        near = related(site, f"/{(START + timedelta(days=n)):%Y/%m}/story-{n}/")
        assert len(near) == LIMIT and n not in near
        assert max(abs(r - n) for r in near) <= LIMIT


def test_a_second_shared_tag_outranks_nearness_even_on_a_big_tag() -> None:
    size = FULL_TAG * 4
    articles = [story(n, n, ("big",)) for n in range(size)]
    articles[100] = story(100, 100, ("big", "rare"))
    articles[110] = story(110, 110, ("big", "rare"))
    site = make_site(articles, SiteConfig(), Report())
    assert related(site, f"/{(START + timedelta(days=100)):%Y/%m}/story-100/")[0] == 110


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 30), st.sets(st.sampled_from("abc"))), min_size=FULL_TAG, max_size=130))
def test_related_articles_are_the_best_ranked_by_their_definition(drawn: list[tuple[int, set[str]]]) -> None:
    """Checked against the ranking written out plainly: tags shared within reach (a tag of FULL_TAG articles or
    fewer reaches all of them, a bigger one the WINDOW before and after the article's date), then distance in
    time, then place in the archive. Enough articles for tags to pass FULL_TAG; many share a day (ties)."""
    site = make_site([story(n, days, tuple(sorted(tags))) for n, (days, tags) in enumerate(drawn)], SiteConfig(),
                     Report())  # fmt: skip
    place = {a.url: i for i, a in enumerate(site.articles)}
    oldest_first = {slug: list(reversed(t.articles)) for slug, t in site.taxonomies["tags"].items()}

    def shared(me: Article, other: Article) -> int:
        count = 0
        for tag in me.tags:
            members = oldest_first[tag.slug]
            at = sum(m.date < me.date for m in members)
            reach = members if len(members) <= FULL_TAG else members[max(0, at - WINDOW) : at + WINDOW]
            count += other in reach
        return count

    for me in site.articles:
        ranked = sorted(
            (-shared(me, other), abs((other.date - me.date).total_seconds()), place[other.url], other.url)
            for other in site.articles
            if other is not me
        )
        expected = [url for count, _, _, url in ranked if count < 0][:LIMIT]
        assert list(site.related[me.url]) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 30), st.sets(st.sampled_from("abcd"))), min_size=1, max_size=80),
    st.lists(st.tuples(st.integers(0, 40), st.sets(st.sampled_from("cd"))), max_size=5),
    st.integers(0, 80),
)
def test_related_articles_worked_out_from_the_last_model_are_those_of_a_fresh_one(
    drawn: list[tuple[int, set[str]]], added: list[tuple[int, set[str]]], dropped: int
) -> None:
    """serve models a site again from the last model, keeping the lists of articles whose tags did not
    change: they must be the lists a fresh model gives. New articles and a deletion touch some tags only
    (tags a and b keep their members unless the deleted article had them)."""
    articles = [story(n, days, tuple(sorted(tags))) for n, (days, tags) in enumerate(drawn)]
    now = [a for i, a in enumerate(articles) if i != dropped]
    now += [story(100 + n, days, tuple(sorted(tags))) for n, (days, tags) in enumerate(added)]
    last = make_site(articles, SiteConfig(), Report())
    assert make_site(now, SiteConfig(), Report(), last).related == make_site(now, SiteConfig(), Report()).related


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 30), st.sets(st.sampled_from("abc")), st.sampled_from(["", "World"])),
             min_size=FULL_TAG, max_size=130),
    st.lists(st.tuples(st.integers(-1, 32), st.sets(st.sampled_from("abcd")), st.sampled_from(["", "World", "Sport"])),
             min_size=1, max_size=4),
)  # fmt: skip
def test_articles_inserted_into_the_last_model_give_the_model_a_fresh_one_would(drawn: list, added: list) -> None:
    """serve adds a new article to the last model (site.insert_article): the model, its lists' order and the
    related articles must be what modelling every article again gives. Enough articles for tags to pass
    FULL_TAG (their windows move); many share a day (ties); some new ones open a tag, a section or a month."""
    config = SiteConfig()
    articles = [story(n, days, tags, section) for n, (days, tags, section) in enumerate(drawn)]
    site = make_site(articles, config, Report())
    for n, (days, tags, section) in enumerate(added):
        new = place(story(1000 + n, days, tags, section), config.tz)
        inserted = insert_article(site, new)
        assert inserted is not None
        articles.append(new)
        site, fresh = inserted, make_site(articles, config, Report())
        assert site == fresh
        assert [list(terms) for terms in site.taxonomies.values()] == [list(t) for t in fresh.taxonomies.values()]
        assert list(site.months) == list(fresh.months)


def _places(site: Site) -> tuple[object, ...]:
    """Where each article sits in the lists, by URL: what the stored outline must give back."""
    urls = lambda articles: [a.url for a in articles]  # noqa: E731
    taxonomies = {kind: [(slug, t.term.name, t.mixed, urls(t.articles)) for slug, t in terms.items()]
                  for kind, terms in site.taxonomies.items()}  # fmt: skip
    return urls(site.articles), taxonomies, [(key, urls(found)) for key, found in site.months.items()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.floats(0, 400), st.sets(st.sampled_from("abc")), st.sampled_from(["", "World", "Sport"]),
                       st.sampled_from(["", "AA", "Reuters"])), min_size=1, max_size=60),
    st.sampled_from(["UTC", "Europe/Berlin", "America/Santiago", "Pacific/Apia"]),
    st.integers(1, 7),
)  # fmt: skip
def test_the_outline_gives_back_every_articles_places(drawn: list, zone: str, chunk: int) -> None:
    """A new process places a new article from the model of the outline the cache stores (outline.skeleton), not
    from the articles: its lists, their members and the months, in order, must be those of the model of the
    articles. Some articles have no section or agency, and the dates cross months in zones that change their
    clocks. The outline goes through the cache's rows and JSON, in chunks of `chunk` rows or groups."""
    config = SiteConfig(timezone=zone)
    articles = [replace(story(n, days, tags, section), agency=Term(agency, term_slug(agency)) if agency else None)
                for n, (days, tags, section, agency) in enumerate(drawn)]  # fmt: skip
    site = make_site(articles, config, Report())
    stored = outline_of(site, ["2020/01/old/index.html"], pages.plan(site)[2])
    with patch.object(outline, "CHUNK", chunk):
        rows = {key: orjson.loads(orjson.dumps(value)) for key, value in outline_rows(stored).items()}
    assert outline_from_rows(rows) == stored
    model = skeleton(stored, config)
    assert _places(model) == _places(site)
    assert [(a.date, a.updated, a.tags, a.section, a.agency) for a in model.articles] == [
        (a.date, a.updated, a.tags, a.section, a.agency) for a in site.articles
    ]


def test_the_outline_gives_back_a_month_its_clock_went_back_into() -> None:
    """St. John's set its clocks back a minute after midnight on 1 November 2009: 00:00:30 on the 1st came
    before 23:40 on 31 October. The list is in the order of the zone's clock (Python compares two times of
    one zone so), so each month is still one run of it: the outline's model counts on that."""
    config = SiteConfig(timezone="America/St_Johns")
    instants = ["2009-11-01T03:10", "2009-11-01T02:30:30", "2009-11-01T02:20", "2009-10-20T12:00", "2009-11-05T12:00"]
    articles = [replace(story(n, 0), date=datetime.fromisoformat(at).replace(tzinfo=UTC))
                for n, at in enumerate(instants)]  # fmt: skip
    site = make_site(articles, config, Report())
    assert [a.date.month for a in site.articles] == [11, 11, 10, 10, 10]
    assert _places(skeleton(outline_of(site, [], {}), config)) == _places(site)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    drawn=st.lists(st.tuples(st.integers(0, 90), st.sets(st.sampled_from("ab"))), min_size=1, max_size=30),
    added=st.lists(st.tuples(st.integers(-5, 95), st.sets(st.sampled_from("abc"))), min_size=1, max_size=3),
    limit=st.integers(1, 6),
)
def test_the_sitemap_files_an_insertion_leaves_out_are_as_they_were(
    drawn: list, added: list, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process plans of the sitemap only the files whose entries new articles change (outline.sitemap_of):
    those it plans must be the whole plan's, and those it leaves out the same as before. Small limits make
    the sitemap an index of many files; new articles go anywhere in the lists, and some open a tag."""
    monkeypatch.setattr(pages, "SITEMAP_LIMIT", limit)
    config = SiteConfig(per_page=2)
    articles = [story(n, days, tags) for n, (days, tags) in enumerate(drawn)]
    now = articles + [story(100 + n, days, tags) for n, (days, tags) in enumerate(added)]
    outlines, whole = [], []
    for listed in (articles, now):
        site = make_site(listed, config, Report())
        _, groups, entries = pages.plan(site)
        outlines.append(outline_of(site, [], entries))
        whole.append({spec.path: spec for spec in groups[pages.SITE_FILES]})
    planned = {spec.path: spec for spec in sitemap_of(outlines[1], outlines[0], config)}
    assert all(spec == whole[1][path] for path, spec in planned.items())
    assert all(whole[0].get(path) == spec for path, spec in whole[1].items() if path not in planned)
