"""Ranking: every weight and formula that orders the matches (its constants in settings).

The order of a search's matches, highest key first (``evaluate`` applies it):

1. a query equal to an article's headline puts that article first
   (``HEADLINE_BONUS``);
2. the articles holding every unit verbatim, above those the words reading
   adds (``EXACT_PART``);
3. per unit a tier: as typed (``TIER_TYPED``), an abbreviation variant
   (``TIER_VARIANT``), by its words only (``TIER_WORDS``), times
   ``TIER_STEP``, above any score;
4. the score, per unit BM25F over headline and body: each occurrence weighs
   its field's length-normalised factor (``length_factors``: ``BM25_B``,
   ``TITLE_WEIGHT``), less inside a word (``SUBWORD_WEIGHT``) and for a
   variant (``VARIANT_WEIGHT``); per article the weights are summed,
   saturated (``saturate``: ``BM25_K1``) and times the idf (``idf``); a unit
   read as its words scores ``WORDS_WEIGHT`` of that per word;
5. closeness, for the best ``RERANK`` (``closeness_bonus``): each pair of
   consecutive slots (a unit, or one word of a unit read as its words) adds,
   per article, ``1 / (1 + gap / PROXIMITY_CHARS)`` for its closest
   occurrences in order (in the other order the gap counts
   ``REVERSED_PENALTY`` times and one ``PROXIMITY_CHARS`` more), weighted by
   the pair's idf (two rare names side by side count for much, two common
   words little), all times ``PROXIMITY_WEIGHT``.

Whoosh's own searcher ranks only "similar articles" (``whoosh_weighting``:
the same BM25 parameters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from indexer.settings import (
    BM25_B,
    BM25_K1,
    EXACT_PART,
    HEADLINE_BONUS,
    PROXIMITY_CHARS,
    PROXIMITY_WEIGHT,
    REVERSED_PENALTY,
    SUBWORD_WEIGHT,
    TIER_STEP,
    TITLE_WEIGHT,
    VARIANT_WEIGHT,
    WORDS_WEIGHT,
)

if TYPE_CHECKING:
    from .occurrences import Hits

__all__ = ["TIER_TYPED", "TIER_VARIANT", "TIER_WORDS", "length_factors", "idf", "saturate", "occurrence_weights",
           "dense_weights", "unit_score", "unit_tier", "words_score", "ranking_key", "closeness_bonus", "closeness",
           "whoosh_weighting"]

TIER_TYPED, TIER_VARIANT, TIER_WORDS = 2, 1, 0


def whoosh_weighting():
    """The weighting of Whoosh's searcher (its `more_like`): BM25F with our parameters."""
    from whoosh import scoring

    return scoring.BM25F(B=BM25_B, K1=BM25_K1)


def length_factors(title_len: np.ndarray, body_len: np.ndarray, avg_title: float, avg_body: float) -> np.ndarray:
    """Per article, two float32: the BM25F factor of an occurrence in its headline
    (TITLE_WEIGHT / length norm), then in its body (1 / length norm)."""
    title_norm = 1.0 - BM25_B + BM25_B * title_len / avg_title
    body_norm = 1.0 - BM25_B + BM25_B * body_len / avg_body
    return np.column_stack([TITLE_WEIGHT / title_norm, 1.0 / body_norm]).astype(np.float32).ravel()


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency of something `df` of `n` live articles hold."""
    return float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))


def saturate(tf: np.ndarray) -> np.ndarray:
    """BM25's term-frequency saturation."""
    return tf * (BM25_K1 + 1.0) / (tf + BM25_K1)


def occurrence_weights(factors: np.ndarray, docs: np.ndarray, in_title: np.ndarray, whole: np.ndarray,
                       variant: bool) -> np.ndarray:
    """Occurrences' weights: the field's factor (``length_factors``, one gather), less
    inside words and for a variant."""
    weights = factors[2 * docs + ~in_title]
    weights[~whole] *= np.float32(SUBWORD_WEIGHT)
    if variant:
        weights *= np.float32(VARIANT_WEIGHT)
    return weights


def dense_weights(factors: np.ndarray, docs: np.ndarray, counts: np.ndarray, variant: bool) -> np.ndarray:
    """A dense form's weight per article (``units``' ``DENSE_OCCURRENCES``): its
    occurrences there, each as inside the body's words."""
    weights = (counts * factors[2 * docs + 1] * SUBWORD_WEIGHT).astype(np.float32)
    if variant:
        weights *= np.float32(VARIANT_WEIGHT)
    return weights


def unit_score(idf_: float, tf: np.ndarray) -> np.ndarray:
    """A unit's score per article from its weighted frequency."""
    return (idf_ * saturate(tf)).astype(np.float32)


def unit_tier(typed: np.ndarray) -> np.ndarray:
    """A unit's tier per article holding it verbatim: typed, or a variant only."""
    return np.float32(TIER_VARIANT) + np.float32(TIER_TYPED - TIER_VARIANT) * typed


def words_score(idf_: float, tf: np.ndarray) -> np.ndarray:
    """What one word of a unit read as its words adds to the unit's score."""
    return WORDS_WEIGHT * idf_ * saturate(tf)


def ranking_key(score: np.ndarray, tier: np.ndarray, exact: np.ndarray | None, headline: np.ndarray) -> np.ndarray:
    """The key of a segment's articles (without closeness): the score, the tiers, the
    verbatim part (`exact`, when the words reading added articles) and the pasted
    headline's articles (`headline`: their numbers in the segment)."""
    # float64: a score's hundredths must survive next to the tiers and bonuses
    key = score.astype(np.float64) + TIER_STEP * tier
    if exact is not None:
        key += EXACT_PART * exact
    key[headline] += HEADLINE_BONUS
    return key


def closeness_bonus(slots: list[list[tuple[Hits, float]]], wanted: list[np.ndarray], places: list[tuple[int, int]],
                    size: int) -> np.ndarray:
    """What closeness adds to the key of each article (global numbers, `size` of them): the
    consecutive `slots` of each segment (hits and idf), measured in its `wanted` articles;
    `places`: each segment's first article number and the offset its text is read at."""
    return PROXIMITY_WEIGHT * closeness(slots, wanted, places, size)


def closeness(slots: list[list[tuple[Hits, float]]], wanted: list[np.ndarray], places: list[tuple[int, int]],
              size: int) -> np.ndarray:
    """Per article (global numbers), the closeness of its consecutive slots (see
    ``closeness_bonus``), every segment's occurrences measured together: one pass of
    numpy per pair of slots, not one per segment, over the wanted articles only (a
    few hundred of a segment's thousands)."""
    kept = [_Positions.joined([(per_segment[j][0], mask, base, offset)
                               for per_segment, mask, (base, offset) in zip(slots, wanted, places)])
            for j in range(len(slots[0]))]
    idfs = [idf for _, idf in slots[0]]
    docs = np.concatenate([base + np.flatnonzero(mask) for mask, (base, _) in zip(wanted, places)])
    place = np.zeros(size, dtype=np.intp)  # each wanted article's place in `docs`
    place[docs] = np.arange(len(docs))
    near = np.zeros(len(docs), dtype=np.float64)
    for j in range(len(kept) - 1):
        near += _pair_closeness(kept[j], kept[j + 1], place, len(docs)) * (idfs[j] + idfs[j + 1]) / 2
    out = np.zeros(size, dtype=np.float64)
    out[docs] = near
    return out


class _Positions:
    """A slot's occurrences in the articles closeness is measured for, in text order
    (so by article too: articles are contiguous in the text), and their ends sorted;
    every segment's, each at its own offset and with global article numbers."""

    def __init__(self, docs: np.ndarray, starts: np.ndarray, sorted_ends: np.ndarray, end_docs: np.ndarray):
        self.docs, self.starts, self.sorted_ends, self.end_docs = docs, starts, sorted_ends, end_docs

    @classmethod
    def joined(cls, parts: list[tuple[Hits, np.ndarray, int, int]]) -> _Positions:
        """Of (hits, wanted articles, first article number, text offset) per segment."""
        pieces = []
        for hits, wanted, base, offset in parts:
            docs, starts, ends = hits.positions(wanted)
            if len(starts) > 1 and bool((starts[1:] < starts[:-1]).any()):  # else given in text order
                order = _text_order(starts)
                docs, starts, ends = docs[order], starts[order], ends[order]
            docs, starts, ends = docs + base, starts + offset, ends + offset
            if len(ends) > 1 and bool((ends[1:] < ends[:-1]).any()):  # forms of different lengths
                by_end = np.argsort(ends, kind="stable")
                pieces.append((docs, starts, ends[by_end], docs[by_end]))
            else:
                pieces.append((docs, starts, ends, docs))
        if len(pieces) == 1:
            return cls(*pieces[0])
        return cls(*(np.concatenate(arrays) for arrays in zip(*pieces)))

    def __len__(self) -> int:
        return len(self.docs)


def _text_order(starts: np.ndarray) -> np.ndarray:
    """The permutation that sorts byte offsets (below 2**32), as two stable passes over
    16-bit halves: numpy sorts 16-bit keys by radix, in linear time, 2.5 times as fast
    as its comparison sort of the offsets themselves (which come in suffix array order)."""
    low = np.argsort((starts & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((starts[low] >> 16).astype(np.uint16), kind="stable")
    return low[high]


def _gaps(first: _Positions, then: _Positions) -> tuple[np.ndarray, np.ndarray]:
    """Articles and gaps of occurrences of `first` followed by one of `then` in the same
    article, at least the closest such pair of each article: for each of the fewer
    occurrences, the nearest of the other slot (the closest pair of an article is a
    `then` with its nearest `first` before it, and that `first` with its nearest `then`
    after it, so either side finds it). A pasted phrase's common word (`ให้`) has
    thousands of occurrences where its neighbour has a few hundred."""
    if len(then) <= len(first):
        at = np.searchsorted(first.sorted_ends, then.starts, side="right") - 1
        ok = at >= 0
        ok[ok] = first.end_docs[at[ok]] == then.docs[ok]
        return then.docs[ok], (then.starts[ok] - first.sorted_ends[at[ok]]).astype(np.float64)
    at = np.searchsorted(then.starts, first.sorted_ends, side="left")
    ok = at < len(then)
    ok[ok] = then.docs[at[ok]] == first.end_docs[ok]
    return first.end_docs[ok], (then.starts[at[ok]] - first.sorted_ends[ok]).astype(np.float64)


def _pair_closeness(a: _Positions, b: _Positions, place: np.ndarray, count: int) -> np.ndarray:
    """Per wanted article (its `place`, `count` of them): 1 / (1 + gap / PROXIMITY_CHARS)
    for the closest a-then-b (reversed: farther)."""
    best = np.full(count, np.inf)
    if len(a) and len(b):
        docs, gaps = _gaps(a, b)
        np.minimum.at(best, place[docs], gaps)
        docs, gaps = _gaps(b, a)
        np.minimum.at(best, place[docs], gaps * REVERSED_PENALTY + PROXIMITY_CHARS)
    near = np.zeros(count)
    found = np.flatnonzero(best != np.inf)
    near[found] = 1.0 / (1.0 + best[found] / PROXIMITY_CHARS)
    return near
