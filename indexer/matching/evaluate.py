"""A parsed query against one index generation: which articles match, and in what order.

Every unit is resolved first (``units``), then the query tree is evaluated
per segment with numpy: a bool per article for "matches", a BM25F score and
a tier. The order of results:

1. a query equal to an article's headline puts that article first;
2. the articles holding every unit verbatim, above those the words reading
   adds (below);
3. the tier: articles holding each unit as typed, above those holding an
   abbreviation variant, above those holding a unit only by its words;
4. the score: per unit BM25F over headline and body (whole-word occurrences
   weigh more than sub-word ones), summed, plus closeness.

Every weight and formula of that order is in ``ranking``; here the query
tree is walked (a ``query.parse.Visitor``) and the order applied.

What matched, and the page's candidates, closeness measured on their
window, are ``matches.Matches``.

**The words reading.** A unit typed without spaces that is made of
dictionary words (`นายกประยุทธ์`: `นายก` + `ประยุทธ์`) is what a reader means
whether an article writes it glued or apart. When the articles holding every
unit verbatim do not fill the first page, the result goes on with the
articles holding the words of such units instead (each word with its
variants, ranked by closeness and order), counted apart: one stray verbatim
occurrence never hides the five thousand articles a reader meant. When they
do fill it, the words reading is only offered (``Matches.readable``; the
search service counts it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from indexer.query.parse import All, Any, Node, Unit, Visitor, Without, positive_units, units_of
from indexer.settings import FIRST_PAGE

from .filters import Filters
from .matches import Matches
from .ranking import TIER_WORDS, ranking_key, unit_score, unit_tier, words_score
from .units import Form, Hits, Resolved, forms_of, read_words, resolve, split_words, with_words
from .view import IndexView

__all__ = ["evaluate"]

T = TypeVar("T")


@dataclass
class _Part:
    mask: np.ndarray
    score: np.ndarray
    tier: np.ndarray


class _Evaluation:
    """One evaluation of a query tree over every segment (see ``evaluate``)."""

    def __init__(self, view: IndexView, resolved: dict[Unit, Resolved], allowed: list[np.ndarray],
                 ranked: bool = True):
        self.view, self.resolved, self.allowed, self.ranked = view, resolved, allowed, ranked
        self._idf: dict[tuple, float] = {}

    def idf(self, key: tuple, per_segment: list[Hits]) -> float:
        """The idf of what the hits are of, counting the articles (within the filters) that hold it."""
        if key not in self._idf:
            df = sum(int(np.count_nonzero(h.articles(seg.size))) for seg, h in zip(self.view.segments, per_segment))
            self._idf[key] = self.view.idf(self.view.shared.df(key, df))  # a shard's: the archive's df
        return self._idf[key]

    def unit_idf(self, unit: Unit) -> float:
        return self.idf(("unit", unit), self.resolved[unit].hits)

    def word_idf(self, unit: Unit, w: int) -> float:
        r = self.resolved[unit]
        return self.idf(("word", r.words[w], unit.field), [h[w] for h in r.word_hits])

    def unit(self, unit: Unit, i: int) -> _Part:
        r = self.resolved[unit]
        size = self.view.segments[i].size
        zeros = np.zeros(size, dtype=np.float32)
        if r.match == "none":
            return _Part(np.zeros(size, dtype=bool), zeros, zeros)
        part = None
        # the idfs are asked unranked too: asking records the document frequencies (``shared``)
        if r.verbatim:
            hits = r.hits[i]
            idf_ = self.unit_idf(unit)
            score = unit_score(idf_, hits.tf(size)) if self.ranked else zeros
            tier = unit_tier(hits.typed_articles(size)) if self.ranked else zeros
            part = _Part(hits.articles(size), score, tier)
        if r.by_words:
            mask = np.ones(size, dtype=bool)
            score = zeros.copy()
            for w, hits in enumerate(r.word_hits[i]):
                mask = mask & hits.articles(size)
                idf_ = self.word_idf(unit, w)
                if self.ranked:
                    score += words_score(idf_, hits.tf(size))
            words = _Part(mask, score, np.full(size, TIER_WORDS, dtype=np.float32))
            # an article holding the unit verbatim ranks as such
            part = words if part is None else _Part(part.mask | words.mask, np.where(part.mask, part.score, score),
                                                    np.where(part.mask, part.tier, words.tier))
        assert part is not None  # a unit that matches is read verbatim, by its words, or both
        return part

    def node(self, node: Node, i: int) -> _Part:
        return node.accept(_InSegment(self, i))

    def slots(self, order: list[Unit], i: int) -> list[tuple[Hits, float]]:
        """What closeness measures in segment `i`, with each part's idf: each unit in query
        order, a unit read by its words word by word."""
        out: list[tuple[Hits, float]] = []
        for unit in order:
            r = self.resolved[unit]
            if r.by_words:
                out.extend((r.word_hits[i][w], self.word_idf(unit, w)) for w in range(len(r.words)))
            elif r.match == "exact" and unit.field not in ("person", "position"):
                out.append((r.hits[i], self.unit_idf(unit)))
        return out


class _InSegment(Visitor[_Part]):
    """The evaluation of each kind of node in segment `i`."""

    def __init__(self, evaluation: _Evaluation, i: int):
        self.evaluation, self.i = evaluation, i

    def unit(self, node: Unit) -> _Part:
        return self.evaluation.unit(node, self.i)

    def without(self, node: Without) -> _Part:
        inner = node.part.accept(self)
        zeros = np.zeros_like(inner.score)
        return _Part(~inner.mask, zeros, zeros)

    def all(self, node: All) -> _Part:
        parts = [p.accept(self) for p in node.parts]
        return self._combine(np.logical_and.reduce([p.mask for p in parts]), parts)

    def any(self, node: Any) -> _Part:
        parts = [p.accept(self) for p in node.parts]
        return self._combine(np.logical_or.reduce([p.mask for p in parts]), parts)

    def _combine(self, mask: np.ndarray, parts: list[_Part]) -> _Part:
        if not self.evaluation.ranked:  # every score and tier is zero
            return _Part(mask, parts[0].score, parts[0].tier)
        return _combine(mask, parts)


def _combine(mask: np.ndarray, parts: list[_Part]) -> _Part:
    # a part's score and tier where it matches (a product with the mask: four
    # times as fast as np.where over a segment's articles)
    score = sum(p.score * p.mask for p in parts)
    tier = sum(p.tier * p.mask for p in parts)
    return _Part(mask, score.astype(np.float32), tier.astype(np.float32))


def evaluate(node: Node | None, view: IndexView, filters: Filters, headline: np.ndarray | None = None,
             known: dict | None = None, first_page: int = FIRST_PAGE, ranked: bool = True) -> Matches:
    """Match a parsed query (None: every article) against the view, within the filters.

    `headline`: global numbers of the articles whose headline the query
    equals. `known`: units already resolved against the same view and
    filters (by unit; their words by ``("words", unit)``, their reading in
    full by ``("whole", unit)``, each of these with what it decided by under
    ``("decided", key)``), reused and added to (a did-you-mean tries the
    query again with one unit respelt: the others are not looked up again;
    a shard's match reuses its tally's). `first_page`: how
    many results the verbatim matches must give for the words reading to be
    only offered (see the module docstring). `ranked` False: only what matches, counted, no
    article scored or ordered (a shard's tally: the figures without the ranking).
    """
    allowed = filters.allowed(view)
    apart = filters.apart(view)

    def finish(mask_of, key_of, resolved, slots) -> Matches:
        masks, keys = [], []
        without: dict[str, list[np.ndarray]] = {name: [] for name in apart}
        for i in range(len(view.segments)):
            full = mask_of(i) & allowed[i]
            for name in apart:
                without[name].append(_within(full, [m[i] for n, m in apart.items() if n != name]))
            masks.append(_within(full, [m[i] for m in apart.values()]))
            keys.append(key_of(i))
        return Matches(view, resolved, masks, without, keys, slots)

    if node is None:
        return finish(lambda i: np.ones(view.segments[i].size, dtype=bool),
                      lambda i: np.zeros(view.segments[i].size, dtype=np.float64), {}, [])
    known = {} if known is None else known
    narrowed = _resolve_required(node, view, allowed, known)
    for unit in units_of(node):
        if unit not in known:
            known[unit] = resolve(unit, view, allowed)
    resolved = {u: known[u] for u in units_of(node)}
    exact = _evaluate(node, view, resolved, allowed, headline, finish, ranked=ranked)
    # a name the index knows is no words to read (`จันทร์โอชา` is not `จันทร์` + `โอชา`)
    readable = {u: words for u in positive_units(node) if not u.phrase and u.field is None
                and not view.names.knows(u.text) for words in [split_words(u.text, view)] if words}
    exact.readable = readable
    # a shard decides by the archive's totals (``shared``)
    exact_total = view.shared.total("exact", exact.total)
    if not readable or exact_total >= first_page:
        return exact
    # the verbatim matches do not fill the first page: go on with the words
    # reading (the units read only where rarer ones occur are read in full:
    # the words may hold them elsewhere)
    whole = {u: _kept(known, ("whole", u), view, resolve, u, view, allowed) for u in narrowed if u not in readable}
    both = {u: with_words(resolved[u], _kept(known, ("words", u), view, read_words, u, words, view, allowed))
            for u, words in readable.items()}
    combined = _evaluate(node, view, {**resolved, **whole, **both}, allowed, headline, finish, exact.masks, ranked)
    if view.shared.total("combined", combined.total) == exact_total and exact_total:
        return exact  # the words find no other article
    combined.exact_masks, combined.readable = exact.masks, readable
    return combined


def _kept(known: dict, key: tuple, view: IndexView, make: Callable[..., T], *args: object) -> T:
    """`known[key]`, made by `make(*args)` when missing, with what it decided by: a unit's
    reading kept for the next evaluation of the query (the words of a pasted phrase were
    a quarter of a 4-shard page, read again by each shard's match after its tally)."""
    if key not in known:
        mark = view.shared.mark()
        known[key] = make(*args)
        known["decided", key] = view.shared.decided_since(mark)
    return known[key]


def _within(mask: np.ndarray, filters: list[np.ndarray]) -> np.ndarray:
    """`mask` and every one of `filters`."""
    for kept in filters:
        mask = mask & kept
    return mask


def _resolve_required(node: Node, view: IndexView, allowed: list[np.ndarray], known: dict) -> set[Unit]:
    """Resolve the units an AND requires, rarest first, each read only in the articles
    that hold every rarer one (``units.resolve``'s `within`); return the units so narrowed.

    An article must hold all of them to match, so a common word's occurrences
    elsewhere need not be read: only which articles hold it (for the total and
    its idf), which is one pass over its articles. `known` units come first and
    narrow the rest when they occur.
    """
    required = list(node.required_units())
    if len(required) < 2:
        return set()
    forms = {u: forms_of(u, view) for u in required if u not in known and u.field not in ("person", "position")}
    fresh = [u for u in required if u not in known]
    counted = [_occurrences(forms.get(u), view) for u in fresh]
    fresh = [fresh[i] for i in view.shared.order([k for k, _ in counted], [n for _, n in counted])]
    within: list[np.ndarray] | None = None
    for unit in [u for u in required if u in known] + fresh:
        if unit not in known:
            known[unit] = resolve(unit, view, allowed, within=within, forms=forms.get(unit))
        r = known[unit]
        if r.match == "exact":
            holds = [h.articles(seg.size) for seg, h in zip(view.segments, r.hits)]
            within = holds if within is None else [w & a for w, a in zip(within, holds)]
    return {u for u in required if known[u].narrowed}


def _occurrences(forms: list[Form] | None, view: IndexView) -> tuple[tuple | None, int]:
    """How often a unit's forms occur in the index (a binary search each), with what the
    archive counts it by: the order in which an AND reads its units. None (``person:``,
    ``position:``): a posting list of articles, usually short, read first."""
    if forms is None:
        return None, 0
    return ("text", tuple(f.pattern for f in forms)), sum(seg.text.count(f.pattern) for seg in view.segments
                                                          for f in forms)


def _evaluate(node: Node, view: IndexView, resolved, allowed, headline, finish,
              exact_masks: list[np.ndarray] | None = None, ranked: bool = True) -> Matches:
    evaluation = _Evaluation(view, resolved, allowed, ranked)
    parts = [evaluation.node(node, i) for i in range(len(view.segments))]
    order = positive_units(node)

    def key_of(i: int) -> np.ndarray:
        seg = view.segments[i]
        local = np.zeros(0, dtype=np.int64)
        if headline is not None and len(headline):
            local = headline[(headline >= seg.base) & (headline < seg.base + seg.size)] - seg.base
        return ranking_key(parts[i].score, parts[i].tier, exact_masks[i] if exact_masks is not None else None, local)

    if not ranked:
        return finish(lambda i: parts[i].mask, lambda i: parts[i].score, resolved, [])
    slots = [evaluation.slots(order, i) for i in range(len(view.segments))]
    measured = any(len(s) > 1 for s in slots)
    return finish(lambda i: parts[i].mask, key_of, resolved, slots if measured else [])
