"""A deterministic, realistic corpus for benchmarks: the same N articles on every run."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

SECTIONS = ("World", "Business", "Politics", "Science", "Sport", "Culture", "Technology", "Health", "Opinion", "Europe")
_SYLLABLES = ("ka", "lo", "mi", "ne", "ra", "to", "vi", "zu", "ber", "dan", "gor", "lin", "mar", "sel", "tur", "wen")
_SPECIAL_TAGS = ("Türkiye", "São Paulo", "Zürich", "Ελλάδα", "Москва", "東京", "Česko", "Kraków", "Île-de-France",
                 "Ñuñoa")  # fmt: skip
TAG_COUNT = 800
START = datetime(2016, 1, 1, 6, 0)
SPAN_DAYS = 3650
SITE_TOML = 'title = "Bench"\nbase_url = "https://bench.example.org/"\nper_page = 20\n'


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


def _vocabulary(rng: random.Random) -> list[str]:
    return [_word(rng) for _ in range(5000)]


def _tags(rng: random.Random) -> list[str]:
    names = list(_SPECIAL_TAGS)
    while len(names) < TAG_COUNT:
        name = " ".join(_word(rng).capitalize() for _ in range(rng.randint(1, 2)))
        if name not in names:
            names.append(name)
    return names


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    """A sentence with the punctuation of news text: quotes, possessives, dashes."""
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.3:
        words[1] += "'s"
    if rng.random() < 0.25:
        words[-4] = '"' + words[-4]
        words[-1] += '"'
    if rng.random() < 0.15:
        words.insert(len(words) // 2, "--")
    return " ".join(words).capitalize() + "."


@dataclass(frozen=True)
class Story:
    """One generated article, before it is written in any tool's format."""

    rel: Path  # under content/, e.g. 07/article-000007.md
    title: str
    subtitle: str
    date: datetime
    section: str
    agency: str
    byline: str
    tags: list[str]
    body: str  # Markdown paragraphs


def story(n: int, rng: random.Random, vocab: list[str], tags: list[str], weights: list[float]) -> Story:
    """Article number n, with an ~800-word body."""
    date = START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
    chosen: list[str] = []
    for tag in rng.choices(tags, weights, k=rng.randint(1, 6)):
        if tag not in chosen:
            chosen.append(tag)
    paragraphs = []
    words = 0
    while words < 800:
        paragraph = " ".join(_sentence(rng, vocab) for _ in range(rng.randint(3, 6)))
        words += paragraph.count(" ") + 1
        paragraphs.append(paragraph)
    title = f"{_sentence(rng, vocab)[:-1]} {n}".replace('"', "")
    subtitle = _sentence(rng, vocab).replace('"', "")
    section, agency = rng.choice(SECTIONS), rng.choice(("AA", "Reuters", "AP", "AFP"))
    byline = f"{_word(rng).capitalize()} {_word(rng).capitalize()}"
    rel = Path(f"{n % 100:02d}", f"article-{n:06d}.md")
    return Story(rel, title, subtitle, date, section, agency, byline, chosen, "\n\n".join(paragraphs) + "\n")


def markdown(s: Story) -> str:
    """The story as newsarchive reads it: YAML front matter and a Markdown body."""
    tag_list = ", ".join(f'"{t}"' for t in s.tags)
    return (
        f'---\ntitle: "{s.title}"\nsubtitle: "{s.subtitle}"\ndate: {s.date:%Y-%m-%dT%H:%M:00}+00:00\n'
        f"section: {s.section}\nagency: {s.agency}\nbyline: {s.byline}\ntags: [{tag_list}]\n---\n{s.body}"
    )


def _world(rng: random.Random) -> tuple[list[str], list[str], list[float]]:
    """The corpus's vocabulary, tags and tag weights (Zipf-like: a few tags are on many articles)."""
    vocab, tags = _vocabulary(rng), _tags(rng)
    return vocab, tags, [1 / (rank + 1) for rank in range(len(tags))]


def stories(count: int, seed: int = 1) -> Iterator[Story]:
    """The corpus's `count` stories, one at a time (a million fit in no memory at once)."""
    rng = random.Random(seed)
    world = _world(rng)
    for n in range(count):
        yield story(n, rng, *world)


def new_story(number: int, seed: int = 1) -> Story:
    """A story that is not in the corpus, dated after all of it: the next article a newsroom adds."""
    made = story(number, random.Random(number), *_world(random.Random(seed)))
    return replace(made, rel=Path("new", f"new-{number:07d}.md"), date=START + timedelta(days=SPAN_DAYS + 1))


def write_corpus(site: Path, count: int) -> None:
    """A site folder holding the corpus's first `count` stories and the bench's site.toml."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "site.toml").write_text(SITE_TOML)
    for s in stories(count):
        path = site / "content" / s.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown(s), encoding="utf-8")
