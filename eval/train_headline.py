"""Fit the weights of the headline rules (generator/ingest/weights.py) on the tuning half of the samples.

    python eval/train_headline.py

For each tuning page with its title shown in the text dump, takes the lines
headline.py scores as candidates, with their features, and marks the ones
that are the page's title (the scorer's own comparison). The weights are
those of a softmax over each page's candidates (a conditional logit) with an
L2 penalty, fitted in numpy. Leave-one-site-out cross-validation prints, for
each site left out, how many of its titles the weights fitted on the other
sites get right, for each penalty in L2S, beside the hand-set weights of
weights.py; then the pooled figures, and the weights fitted on all tuning
pages with the best penalty. The hand-set weights were tuned on these same
pages, so their figure is not out of site: the fitted ones must beat it to be
shipped. The held-out half is never read.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from quality import TOOLS, split  # first: it puts the checkout on the path

from generator.ingest.decode import decode
from generator.ingest.headline import closes_the_story, headline_candidates, repeats
from generator.ingest.story import story_run
from generator.ingest.textlines import PILCROW, Line, read_lines
from generator.ingest.weights import HEADLINE_RULES

sys.path.insert(0, str(TOOLS))
from score_import import title_ok, title_visible  # the scorer's comparison, not a copy
from split_by_site import site_of  # a page's site as the split tells it

NAMES = list(HEADLINE_RULES)
# Penalties on the squared weights of features scaled to unit spread: the tuning half has some 40 sites,
# too few for 22 free weights.
L2S = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)


@dataclass
class Page:
    """One tuning page: its candidates' features, which of them are the title, and what picking needs."""

    name: str
    site: str
    lines: list[Line]
    start: int
    end: int
    index: np.ndarray  # the candidates' line numbers
    features: np.ndarray  # one row a candidate, one column a rule of NAMES
    right: np.ndarray  # which candidates are the title


def load(folder: Path) -> tuple[list[Page], int]:
    """The tuning pages whose title the text dump shows, and how many such pages have none to offer."""
    pages, scored = [], 0
    for page in sorted(folder.iterdir()):
        if not (page / "page.txt").exists():
            continue
        truth = json.loads((page / "truth.json").read_text())["title"] or ""
        if not title_visible(truth, (page / "page.txt").read_text(encoding="utf-8")):  # as the scorer reads it
            continue  # the scorer does not count it
        scored += 1
        lines = read_lines(decode((page / "page.txt").read_bytes()))  # as the importer reads it
        start, end = story_run(lines)
        found = headline_candidates(lines, start, end) if end > start else []
        if not found:
            continue
        pages.append(
            Page(
                page.name,
                site_of(page.name),
                lines,
                start,
                end,
                np.array([i for i, _ in found]),
                np.array([[float(features[name]) for name in NAMES] for _, features in found]),
                np.array([title_ok(PILCROW.sub("", lines[i].text).strip(), truth) for i, _ in found]),
            )
        )
    return pages, scored


def _best(page: Page, scores: np.ndarray, among: np.ndarray) -> int:
    """The best-scored candidate of `among`; of equals the one nearest the story, as find_title picks."""
    rows = np.flatnonzero(among)
    return int(max(rows, key=lambda row: (scores[row], -abs(page.index[row] - page.start))))


def pick(page: Page, weights: np.ndarray) -> int:
    """The candidate the importer takes with `weights`: text.py's _headline, its second search included."""
    scores = page.features @ weights
    row = _best(page, scores, np.ones(len(scores), dtype=bool))
    first, last = repeats(page.lines, int(page.index[row]))
    if closes_the_story(page.lines, page.start, page.end, first, last):
        row = _best(page, scores, page.index <= page.start)
    return row


def right(pages: list[Page], weights: np.ndarray) -> int:
    return sum(bool(page.right[pick(page, weights)]) for page in pages)


def _log_sum(rows: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """log(sum(exp(rows @ w))), and its gradient and Hessian in w: the softmax's mean row and their spread."""
    scores = rows @ w
    top = scores.max()
    p = np.exp(scores - top)
    total = p.sum()
    p /= total
    mean = p @ rows
    return top + np.log(total), mean, (rows * p[:, None]).T @ rows - np.outer(mean, mean)


def _loss(pages: list[Page], w: np.ndarray, l2: float) -> tuple[float, np.ndarray, np.ndarray]:
    """Minus the log-likelihood of the titles plus the penalty, its gradient and Hessian: for each page,
    the log-sum over all its candidates less that over the lines that are its title."""
    loss, grad, hess = l2 / 2 * w @ w, l2 * w, l2 * np.eye(len(w))
    for page in pages:
        every, titles = _log_sum(page.features, w), _log_sum(page.features[page.right], w)
        loss += every[0] - titles[0]
        grad += every[1] - titles[1]
        hess += every[2] - titles[2]
    return loss, grad, hess


def fit(pages: list[Page], l2: float) -> np.ndarray:
    """The penalised conditional logit's weights, by damped Newton steps on features scaled to unit spread."""
    learnable = [page for page in pages if page.right.any()]
    spread = np.concatenate([page.features for page in learnable]).std(axis=0)
    spread[spread == 0] = 1.0
    scaled = [replace(page, features=page.features / spread) for page in learnable]
    w = np.zeros(len(NAMES))
    loss, grad, hess = _loss(scaled, w, l2)
    damping = 1e-3
    for _ in range(200):
        step = np.linalg.solve(hess + damping * np.eye(len(w)), -grad)
        new_loss, new_grad, new_hess = _loss(scaled, w + step, l2)
        if new_loss < loss:
            w, damping = w + step, damping / 10
            done = loss - new_loss < 1e-9
            loss, grad, hess = new_loss, new_grad, new_hess
            if done:
                break
        else:
            damping *= 10
    return w / spread


def cross_validate(pages: list[Page], scored: int, hand: np.ndarray) -> float:
    """Leave one site out: fit on the others, count the left-out site's titles right, beside the hand-set
    weights. Returns the penalty that got the most right."""
    print(f"{'site left out':20s} pages  hand  " + "  ".join(f"L2={l2:<4g}" for l2 in L2S))
    totals = np.zeros(1 + len(L2S), dtype=int)
    for site in sorted({page.site for page in pages}):
        test = [page for page in pages if page.site == site]
        train = [page for page in pages if page.site != site]
        counts = np.array([right(test, hand), *(right(test, fit(train, l2)) for l2 in L2S)])
        totals += counts
        print(f"{site:20s} {len(test):5d} {counts[0]:5d}  " + "  ".join(f"{count:7d}" for count in counts[1:]))
    print(
        f"{'title right':20s} {scored:5d} {totals[0] / scored:5.3f}  "
        + "  ".join(f"{t / scored:7.3f}" for t in totals[1:])
    )
    print(
        f"of the {scored} tuning pages that show their title, {scored - len(pages)} have no candidates and "
        f"{sum(not page.right.any() for page in pages)} no candidate that is the title"
    )
    return L2S[int(np.argmax(totals[1:]))]


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        pages, scored = load(split(Path(temp)) / "tune")
    hand = np.array([rule.weight for rule in HEADLINE_RULES.values()])
    l2 = cross_validate(pages, scored, hand)
    weights = fit(pages, l2)
    print(f"fitted on all tuning pages with L2={l2:g}: {right(pages, weights)} right, hand-set {right(pages, hand)}")
    for name, weight, old in zip(NAMES, weights, hand, strict=True):
        print(f"  {name:22s} {weight:7.2f}  (hand-set {old:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
