"""Measure the near-duplicate threshold: precision and recall on story pairs built from the samples.

    python bench/dedup_eval.py [--samples ../shared/samples]

Positive pairs are a story and a lightly edited copy, as other outlets run a
wire story: a new first sentence, the last paragraphs cut, a local paragraph
added, a few words changed, paragraphs shortened. Negative pairs are
different stories on the same topic: two stories of the same site (same
beat, same house style), and a follow-up that quotes two paragraphs of the
first story and goes on with its own text. Bodies are the samples' true text
(truth.json), so the figure measures the detector, not the extractor.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.ingest.dedup import THRESHOLD, signature, similarity  # noqa: E402

LOCAL = "Our correspondent in the city added that local officials had not yet commented on the report."


def _stories(samples: Path) -> dict[str, list[str]]:
    stories = {}
    for truth in sorted(samples.glob("news/*/truth.json")):
        body = [p for p in json.loads(truth.read_text(encoding="utf-8"))["body"] if p.strip()]
        if len(" ".join(body).split()) >= 200 and len(body) >= 5:
            stories[truth.parent.name] = body
    return stories


def _edits(body: list[str], rng: random.Random) -> list[list[str]]:
    """Copies an editor makes of a wire story."""
    words = " ".join(body).split()
    swapped = list(words)
    for i in rng.sample(range(len(words)), max(1, len(words) // 30)):
        swapped[i] = rng.choice(["said", "told", "reported", "noted", "city", "officials"])
    first = body[0].split(". ", 1)
    return [
        [f"NEW YORK (Wire) — {first[-1]}", *body[1:]],  # a new dateline, the first sentence cut
        body[: max(3, len(body) * 2 // 3)],  # the last third cut for space
        [*body[:3], LOCAL, *body[3:]],  # a local paragraph added
        [" ".join(swapped)],  # one word in thirty changed, paragraphs run together
        [" ".join(p.split()[: max(8, len(p.split()) * 3 // 4)]) for p in body],  # every paragraph trimmed
    ]


Pair = tuple[str, str]


def _pairs(stories: dict[str, list[str]]) -> tuple[dict[str, str], list[Pair], list[Pair]]:
    """Every text by name, the copy pairs and the different-story pairs."""
    rng = random.Random(14)
    texts = {name: "\n\n".join(body) for name, body in stories.items()}
    positive, negative = [], []
    for name, body in stories.items():
        for number, copy in enumerate(_edits(body, rng)):
            texts[f"{name}~{number}"] = "\n\n".join(copy)
            positive.append((name, f"{name}~{number}"))
    for one, other in combinations(sorted(stories), 2):
        if one.split("-")[0] == other.split("-")[0]:
            negative.append((one, other))  # the same site: same beat and style, different story
    names = sorted(stories)
    for one, other in zip(names, names[1:] + names[:1], strict=True):
        follow_up = f"{other}+quotes"
        texts[follow_up] = "\n\n".join([*stories[one][1:3], *stories[other]])
        negative.append((one, follow_up))  # a follow-up quoting two paragraphs of the first story
    return texts, positive, negative


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=HERE.parent.parent / "shared" / "samples")
    args = parser.parse_args()
    stories = _stories(args.samples)
    texts, positive, negative = _pairs(stories)
    signatures = {name: signature(text) for name, text in texts.items()}
    scores = {}
    for one, other in positive + negative:
        a, b = signatures[one], signatures[other]
        scores[one, other] = similarity(a, b) if a is not None and b is not None else 0.0
    print(f"{len(stories)} stories, {len(positive)} copy pairs, {len(negative)} different-story pairs\n")
    print("| threshold | precision | recall | false merges | missed copies |")
    print("|---:|---:|---:|---:|---:|")
    for threshold in (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8):
        hits = sum(scores[pair] >= threshold for pair in positive)
        false = sum(scores[pair] >= threshold for pair in negative)
        precision = hits / (hits + false) if hits + false else 1.0
        mark = " (used)" if threshold == THRESHOLD else ""
        recall = hits / len(positive)
        print(f"| {threshold:.2f}{mark} | {precision:.3f} | {recall:.3f} | {false} | {len(positive) - hits} |")
    worst = sorted(scores[pair] for pair in positive)[:5]
    highest = sorted((scores[pair] for pair in negative), reverse=True)[:5]
    print(f"\nlowest copy scores: {worst}\nhighest different-story scores: {highest}")


if __name__ == "__main__":
    main()
