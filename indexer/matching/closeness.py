"""Closeness: units near each other, and in the order typed, rank above units apart.

Each pair of consecutive slots (a unit, or one word of a unit read as its
words) adds, per article, ``1 / (1 + gap / PROXIMITY_CHARS)`` for its
closest occurrences in order (in the other order the gap counts
``REVERSED_PENALTY`` times and one ``PROXIMITY_CHARS`` more), weighted by the
pair's idf: two rare names side by side (`first last`) count for much, two
common words little.
"""

from __future__ import annotations

import numpy as np

from indexer.settings import PROXIMITY_CHARS, REVERSED_PENALTY

from .units import Hits

__all__ = ["closeness"]


def closeness(slots: list[tuple[Hits, float]], wanted: np.ndarray, size: int) -> np.ndarray:
    """Per article of a segment (`size`), the closeness of its consecutive `slots` (hits and
    idf), measured only in the `wanted` articles."""
    kept = [_Positions(hits, wanted) for hits, _ in slots]
    near = np.zeros(size, dtype=np.float64)
    for (a, (_, idf_a)), (b, (_, idf_b)) in zip(zip(kept, slots), zip(kept[1:], slots[1:])):
        near += _pair_closeness(a, b, size) * (idf_a + idf_b) / 2
    return near


class _Positions:
    """A slot's occurrences in the articles closeness is measured for, in text order
    (so by article too: articles are contiguous in the text), and their ends sorted."""

    def __init__(self, hits: Hits, wanted: np.ndarray):
        keep = wanted[hits.docs] & (hits.starts >= 0)
        starts = hits.starts[keep]
        order = _text_order(starts)
        self.docs, self.starts, ends = hits.docs[keep][order], starts[order], hits.ends[keep][order]
        if len(ends) > 1 and bool((ends[1:] < ends[:-1]).any()):  # forms of different lengths
            by_end = np.argsort(ends, kind="stable")
            self.sorted_ends, self.end_docs = ends[by_end], self.docs[by_end]
        else:
            self.sorted_ends, self.end_docs = ends, self.docs

    def __len__(self) -> int:
        return len(self.docs)


def _text_order(starts: np.ndarray) -> np.ndarray:
    """The permutation that sorts byte offsets (below 2**32), as two stable passes over
    16-bit halves: numpy sorts 16-bit keys by radix, in linear time, 2.5 times as fast
    as its comparison sort of the offsets themselves (which come in suffix array order)."""
    low = np.argsort((starts & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((starts[low] >> 16).astype(np.uint16), kind="stable")
    return low[high]


def _gaps(a: _Positions, b_docs: np.ndarray, b_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each b occurrence, the gap after the nearest a that ends before it in the same article."""
    at = np.searchsorted(a.sorted_ends, b_starts, side="right") - 1
    ok = at >= 0
    ok[ok] = a.end_docs[at[ok]] == b_docs[ok]
    return b_docs[ok], (b_starts[ok] - a.sorted_ends[at[ok]]).astype(np.float64)


def _pair_closeness(a: _Positions, b: _Positions, size: int) -> np.ndarray:
    """Per article: 1 / (1 + gap / PROXIMITY_CHARS) for the closest a-then-b (reversed: farther)."""
    best = np.full(size, np.inf)
    if len(a) and len(b):
        docs, gaps = _gaps(a, b.docs, b.starts)
        np.minimum.at(best, docs, gaps)
        docs, gaps = _gaps(b, a.docs, a.starts)
        np.minimum.at(best, docs, gaps * REVERSED_PENALTY + PROXIMITY_CHARS)
    # worked out only where a pair was found (a few articles of a segment): over
    # the whole segment, with infinities, it took most of a multi-word query's closeness
    near = np.zeros(size)
    found = np.flatnonzero(best != np.inf)
    near[found] = 1.0 / (1.0 + best[found] / PROXIMITY_CHARS)
    return near
