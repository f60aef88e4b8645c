"""The same story from several outlets: near-duplicate bodies by MinHash over word shingles.

A wire story that ten outlets publish differs in a headline, a dateline, a
paragraph cut or added; its five-word shingles still overlap far more than
two different stories on the same topic do. datasketch estimates that
overlap (Jaccard similarity) from 128 hash values per body, and its LSH index
finds the candidates without comparing every pair. THRESHOLD is measured by
bench/dedup_eval.py (see the README for precision and recall).
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
PERMUTATIONS = 128
THRESHOLD = 0.35  # estimated Jaccard similarity of shingle sets at or above which two bodies are one story
MIN_WORDS = 60  # shorter bodies (briefs, captions) share too few shingles to judge
_WORD = re.compile(r"\w+")
_SEED = 7  # fixed, so signatures computed in different processes compare
_SCHEME = "affine32"  # datasketch's hashing scheme, named so a new default never mixes two


def signature(body: str) -> np.ndarray | None:
    """The MinHash values of a body's word shingles; None when the body is too short to judge."""
    words = _WORD.findall(body.casefold())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = _minhash(None)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues


def similarity(one: np.ndarray, other: np.ndarray) -> float:
    """The estimated Jaccard similarity of two bodies' shingle sets."""
    return float(np.count_nonzero(one == other)) / PERMUTATIONS


class StoryIndex:
    """Bodies seen so far, by key; `match` finds the one a new body is a copy of."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self._signatures: dict[str, np.ndarray] = {}

    def add(self, key: str, values: np.ndarray) -> None:
        if key not in self._signatures:
            self._signatures[key] = values
            self._lsh.insert(key, _minhash(values))

    def match(self, values: np.ndarray) -> str | None:
        """The key of the most similar body at or above the threshold, or None."""
        best, best_score = None, self.threshold
        for key in sorted(self._lsh.query(_minhash(values))):
            score = similarity(values, self._signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best


_PERMUTATIONS = MinHash(num_perm=PERMUTATIONS, seed=_SEED, scheme=_SCHEME).permutations  # drawn once: it is slow


def _minhash(values: np.ndarray | None) -> MinHash:
    # crc32 is one C call a shingle, a third of the cost of datasketch's default SHA-1, and as good an input
    # to its random permutations here (bench/dedup_eval.py gives the same table with either).
    return MinHash(
        num_perm=PERMUTATIONS,
        seed=_SEED,
        hashfunc=zlib.crc32,
        hashvalues=values,
        permutations=_PERMUTATIONS,
        scheme=_SCHEME,
    )
