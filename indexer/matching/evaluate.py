"""A parsed query against one index generation: which articles match, and in what order.

Every unit is resolved first (``units``), then the query tree is evaluated
per segment with numpy: a bool per article for "matches", a BM25F score and
a tier. The order of results:

1. a query equal to an article's headline puts that article first;
2. the tier: articles holding each unit as typed, above those holding an
   abbreviation variant, above those holding only the words a unit fell
   back to ("exact matches, when there are any, always come first");
3. the score: per unit BM25F over headline and body (whole-word occurrences
   weigh more than sub-word ones, see ``units``), summed, plus closeness:
   units (and a fallen-back unit's words) near each other and in order score
   above units apart, each pair by as much as its units weigh (their idf):
   two rare names side by side (`first last`) count for much, two common
   words little.

Closeness needs positions, so it is computed for the best ``RERANK``
articles by tier and score (all of them when their occurrences are few), as
search engines rescore a window; articles past it keep their order.

When every unit occurs but no article holds them all, units that can be
split into dictionary words are read as their words, and the result says
it was relaxed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.query.parse import All, Node, Unit, Without, positive_units, units_of
from indexer.settings import (
    PROXIMITY_CHARS,
    PROXIMITY_WEIGHT,
    RERANK,
    RERANK_ALL_OCCURRENCES,
    REVERSED_PENALTY,
    WORDS_WEIGHT,
)

from .filters import Filters
from .units import Form, Hits, Resolved, as_words, forms_of, resolve, split_words
from .view import BM25_K1, IndexView

__all__ = ["Matches", "evaluate", "RERANK"]

TIER_STEP = 1000.0
HEADLINE_BONUS = 1.0e6
TIER_TYPED, TIER_VARIANT, TIER_WORDS = 2, 1, 0


def _saturate(tf: np.ndarray) -> np.ndarray:
    return tf * (BM25_K1 + 1.0) / (tf + BM25_K1)


@dataclass
class _Part:
    mask: np.ndarray
    score: np.ndarray
    tier: np.ndarray


@dataclass
class Matches:
    """What a query matched in one index generation (per segment), and how it ranks."""

    view: IndexView
    resolved: dict[Unit, Resolved]
    masks: list[np.ndarray]  # per segment: matches within every filter
    uncategorised: list[np.ndarray]  # per segment: matches within every filter but the categories
    keys: list[np.ndarray]  # per segment: the ranking key (see the module docstring), without closeness
    slots: list[list[tuple[Hits, float]]] = field(default_factory=list)  # per segment: what closeness measures

    @property
    def relaxed(self) -> list[Resolved]:
        """The units that fell back to their words."""
        return [r for r in self.resolved.values() if r.match == "words"]

    @property
    def total(self) -> int:
        return int(sum(int(m.sum()) for m in self.masks))

    def ranked(self, depth: int, sort: str = "relevance") -> tuple[np.ndarray, np.ndarray]:
        """The first `depth` matches (global article numbers) and their keys, in order."""
        docs = [seg.base + np.flatnonzero(m) for seg, m in zip(self.view.segments, self.masks)]
        all_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        if sort in ("date", "oldest"):
            days = np.concatenate([seg.days[m] for seg, m in zip(self.view.segments, self.masks)]) \
                if docs else np.zeros(0, dtype=np.int32)
            keys = np.concatenate([k[m] for k, m in zip(self.keys, self.masks)]) if docs else np.zeros(0)
            dated = days != np.iinfo(np.int32).min
            when = days.astype(np.int64)
            # newest (or oldest) first, undated last, relevance within a day
            primary = np.where(dated, -when if sort == "date" else when, np.iinfo(np.int64).max)
            order = np.lexsort((-keys, primary))[:depth]
            return all_docs[order], keys[order]
        keys = np.concatenate([k[m] for k, m in zip(self.keys, self.masks)]) if docs else np.zeros(0)
        # closeness reorders the window: every match when their occurrences are
        # few, else the best RERANK; with nothing to measure, the page is the window
        occurrences = sum(len(h) for slots in self.slots for h, _ in slots)
        if not self.slots:
            window = depth
        elif occurrences <= RERANK_ALL_OCCURRENCES:
            window = len(keys)
        else:
            window = max(depth, RERANK)
        top = _top(keys, window)
        top_docs, top_keys = all_docs[top], keys[top]
        if self.slots and len(top_docs) > 1:
            top_keys = top_keys + self._closeness(top_docs)
            order = np.lexsort((top_docs, -top_keys))
            top_docs, top_keys = top_docs[order], top_keys[order]
        return top_docs[:depth], top_keys[:depth]

    def _closeness(self, docs: np.ndarray) -> np.ndarray:
        """The closeness bonus of each of `docs` (global numbers), see the module docstring."""
        bonus = np.zeros(len(docs), dtype=np.float64)
        for seg, slots in zip(self.view.segments, self.slots):
            inside = np.flatnonzero((docs >= seg.base) & (docs < seg.base + seg.size))
            if not len(inside) or len(slots) < 2:
                continue
            local = docs[inside] - seg.base
            wanted = np.zeros(seg.size, dtype=bool)
            wanted[local] = True
            kept = [_Positions(hits, wanted) for hits, _ in slots]
            near = np.zeros(seg.size, dtype=np.float64)
            for (a, (_, idf_a)), (b, (_, idf_b)) in zip(zip(kept, slots), zip(kept[1:], slots[1:])):
                near += _pair_closeness(a, b, seg.size) * (idf_a + idf_b) / 2
            bonus[inside] = PROXIMITY_WEIGHT * near[local]
        return bonus


def _top(keys: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` largest keys, largest first (ties by position): the first `k`
    of the full order, so a deeper page never reorders the pages before it."""
    if len(keys) > k:
        kth = np.partition(keys, len(keys) - k)[len(keys) - k]  # the k-th largest
        above = np.flatnonzero(keys > kth)
        part = np.concatenate([above, np.flatnonzero(keys == kth)[:k - len(above)]])
    else:
        part = np.arange(len(keys))
    return part[np.lexsort((part, -keys[part]))]


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


class _Evaluation:
    """One evaluation of a query tree over every segment (see ``evaluate``)."""

    def __init__(self, view: IndexView, resolved: dict[Unit, Resolved], allowed: list[np.ndarray]):
        self.view, self.resolved, self.allowed = view, resolved, allowed
        self._idf: dict[tuple, float] = {}

    def idf(self, key: tuple, per_segment) -> float:
        """The idf of what the hits are of, counting the articles (within the filters) that hold it."""
        if key not in self._idf:
            df = sum(int(np.count_nonzero(h.articles(seg.size))) for seg, h in zip(self.view.segments, per_segment))
            self._idf[key] = self.view.idf(df)
        return self._idf[key]

    def unit(self, unit: Unit, i: int) -> _Part:
        r = self.resolved[unit]
        size = self.view.segments[i].size
        zeros = np.zeros(size, dtype=np.float32)
        if r.match == "none":
            return _Part(np.zeros(size, dtype=bool), zeros, zeros)
        if r.match == "words":
            mask = np.ones(size, dtype=bool)
            score = zeros.copy()
            for w, word in enumerate(r.words):
                hits = r.hits[i][w]
                mask = mask & hits.articles(size)
                idf = self.idf(("word", word, unit.field), [h[w] for h in r.hits])
                score += WORDS_WEIGHT * idf * _saturate(hits.tf(size))
            return _Part(mask, score, np.full(size, TIER_WORDS, dtype=np.float32))
        hits = r.hits[i][0]
        mask = hits.articles(size)
        idf = self.idf(("unit", unit), [h[0] for h in r.hits])
        score = (idf * _saturate(hits.tf(size))).astype(np.float32)
        tier = np.float32(TIER_VARIANT) + np.float32(TIER_TYPED - TIER_VARIANT) * hits.typed_articles(size)
        return _Part(mask, score, tier)

    def node(self, node: Node, i: int) -> _Part:
        if isinstance(node, Unit):
            return self.unit(node, i)
        if isinstance(node, Without):
            inner = self.node(node.part, i)
            zeros = np.zeros_like(inner.score)
            return _Part(~inner.mask, zeros, zeros)
        parts = [self.node(p, i) for p in node.parts]
        if isinstance(node, All):
            mask = np.logical_and.reduce([p.mask for p in parts])
        else:
            mask = np.logical_or.reduce([p.mask for p in parts])
        # a part's score and tier where it matches (a product with the mask: four
        # times as fast as np.where over a segment's articles)
        score = sum(p.score * p.mask for p in parts)
        tier = sum(p.tier * p.mask for p in parts)
        return _Part(mask, score.astype(np.float32), tier.astype(np.float32))


def _slots(evaluation: _Evaluation, order: list[Unit], i: int) -> list[tuple[Hits, float]]:
    """What closeness measures in segment `i`, with each part's idf: each unit in query order,
    a fallen-back unit word by word."""
    out: list[tuple[Hits, float]] = []
    for unit in order:
        r = evaluation.resolved[unit]
        if r.match == "exact" and unit.field not in ("person", "position"):
            out.append((r.hits[i][0], evaluation.idf(("unit", unit), [h[0] for h in r.hits])))
        elif r.match == "words":
            out.extend((r.hits[i][w], evaluation.idf(("word", word, unit.field), [h[w] for h in r.hits]))
                       for w, word in enumerate(r.words))
    return out


def evaluate(node: Node | None, view: IndexView, filters: Filters, headline: np.ndarray | None = None,
             known: dict[Unit, Resolved] | None = None) -> Matches:
    """Match a parsed query (None: every article) against the view, within the filters.

    `headline`: global numbers of the articles whose headline the query
    equals. `known`: units already resolved against the same view and
    filters, reused and added to (a did-you-mean tries the query again with
    one unit respelt: the others are not looked up again).
    """
    allowed = filters.allowed(view)
    in_categories = filters.in_categories(view)

    def finish(mask_of, key_of, resolved, slots) -> Matches:
        masks, uncategorised, keys = [], [], []
        for i, seg in enumerate(view.segments):
            full = mask_of(i) & allowed[i]
            uncategorised.append(full)
            masks.append(full & in_categories[i] if in_categories[i] is not None else full)
            keys.append(key_of(i))
        return Matches(view, resolved, masks, uncategorised, keys, slots)

    if node is None:
        return finish(lambda i: np.ones(view.segments[i].size, dtype=bool),
                      lambda i: np.zeros(view.segments[i].size, dtype=np.float32), {}, [])
    known = {} if known is None else known
    narrowed = _resolve_required(node, view, allowed, known)
    for unit in units_of(node):
        if unit not in known:
            known[unit] = resolve(unit, view, allowed)
    resolved = {u: known[u] for u in units_of(node)}
    matches = _evaluate(node, view, resolved, allowed, headline, finish)
    if matches.total == 0:
        # every unit occurs, but never all together: read the units that
        # split into words as their words (and the others in full: their
        # occurrences were read only where the rarer units are)
        relaxable = {u: as_words(u, words, view, allowed, r.forms)
                     for u, r in resolved.items() if r.match == "exact" and not u.phrase and u.field is None
                     and u in positive_units(node) for words in [split_words(u.text, view)] if words}
        if relaxable:
            whole = {u: resolve(u, view, allowed) for u in narrowed if u not in relaxable}
            relaxed = _evaluate(node, view, {**resolved, **whole, **relaxable}, allowed, headline, finish)
            if relaxed.total:
                return relaxed
    return matches


def _resolve_required(node: Node, view: IndexView, allowed: list[np.ndarray], known: dict) -> set[Unit]:
    """Resolve the units an AND requires, rarest first, each read only in the articles
    that hold every rarer one (``units.resolve``'s `within`); return the units so narrowed.

    An article must hold all of them to match, so a common word's occurrences
    elsewhere need not be read: only which articles hold it (for the total and
    its idf), which is one pass over its articles. `known` units come first and
    narrow the rest when they occur.
    """
    required = [p for p in node.parts if isinstance(p, Unit)] if isinstance(node, All) else []
    if len(required) < 2:
        return set()
    forms = {u: forms_of(u, view) for u in required if u not in known and u.field not in ("person", "position")}
    fresh = sorted((u for u in required if u not in known), key=lambda u: _occurrences(forms.get(u), view))
    within: list[np.ndarray] | None = None
    narrowed: set[Unit] = set()
    for unit in [u for u in required if u in known] + fresh:
        if unit not in known:
            known[unit] = resolve(unit, view, allowed, within=within, forms=forms.get(unit))
            if within is not None:
                narrowed.add(unit)
        r = known[unit]
        if r.match == "exact":
            holds = [h[0].articles(seg.size) for seg, h in zip(view.segments, r.hits)]
            within = holds if within is None else [w & a for w, a in zip(within, holds)]
    return narrowed


def _occurrences(forms: list[Form] | None, view: IndexView) -> int:
    """How often a unit's forms occur in the index (a binary search each): the order in
    which an AND reads its units. None (``person:``, ``position:``): a posting list of
    articles, usually short, read first."""
    if forms is None:
        return 0
    return sum(seg.text.count(f.pattern) for seg in view.segments for f in forms)


def _evaluate(node: Node, view: IndexView, resolved, allowed, headline, finish) -> Matches:
    evaluation = _Evaluation(view, resolved, allowed)
    parts = [evaluation.node(node, i) for i in range(len(view.segments))]
    order = positive_units(node)

    def key_of(i: int) -> np.ndarray:
        key = parts[i].score + TIER_STEP * parts[i].tier
        if headline is not None and len(headline):
            seg = view.segments[i]
            local = headline[(headline >= seg.base) & (headline < seg.base + seg.size)] - seg.base
            key[local] += HEADLINE_BONUS
        return key

    slots = [_slots(evaluation, order, i) for i in range(len(view.segments))]
    measured = any(len(s) > 1 for s in slots)
    return finish(lambda i: parts[i].mask, key_of, resolved, slots if measured else [])
