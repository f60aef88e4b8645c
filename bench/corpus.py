"""A deterministic, realistic corpus for benchmarks: the same N articles on every run."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

SECTIONS = ("World", "Business", "Politics", "Science", "Sport", "Culture", "Technology", "Health", "Opinion", "Europe")
_SYLLABLES = ("ka", "lo", "mi", "ne", "ra", "to", "vi", "zu", "ber", "dan", "gor", "lin", "mar", "sel", "tur", "wen")
_SPECIAL_TAGS = ("Türkiye", "São Paulo", "Zürich", "Ελλάδα", "Москва", "東京", "Česko", "Kraków", "Île-de-France",
                 "Ñuñoa")  # fmt: skip
TAG_COUNT = 800
START = datetime(2016, 1, 1, 6, 0)
SPAN_DAYS = 3650


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


def article_text(n: int, rng: random.Random, vocab: list[str], tags: list[str], weights: list[float]) -> str:
    """Front matter and an ~800-word body for article number n."""
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
    tag_list = ", ".join(f'"{t}"' for t in chosen)
    return (
        f'---\ntitle: "{title}"\nsubtitle: "{subtitle}"\ndate: {date:%Y-%m-%dT%H:%M:00}+00:00\n'
        f"section: {rng.choice(SECTIONS)}\nsource: {rng.choice(('AA', 'Reuters', 'AP', 'AFP'))}\n"
        f"byline: {_word(rng).capitalize()} {_word(rng).capitalize()}\ntags: [{tag_list}]\n---\n"
        + "\n\n".join(paragraphs)
        + "\n"
    )


def write_corpus(site: Path, count: int, seed: int = 1) -> None:
    """Write `count` articles and a site.toml under `site` (per_page 20, like the Hugo and Pelican setups)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    tags = _tags(rng)
    weights = [1 / (rank + 1) for rank in range(len(tags))]  # Zipf-like: a few tags are on many articles
    content = site / "content"
    site.mkdir(parents=True, exist_ok=True)
    (site / "site.toml").write_text('title = "Bench"\nbase_url = "https://bench.example.org/"\nper_page = 20\n')
    for n in range(count):
        folder = content / f"{n % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"article-{n:06d}.md").write_text(article_text(n, rng, vocab, tags, weights), encoding="utf-8")
