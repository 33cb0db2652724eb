"""How many articles a query matches, without ranking them.

The words reading's offer (`นายกประยุทธ์`: "also 5,188 articles with
`นายก ประยุทธ์`") needs the total of another query on every such search.
``evaluate`` would find every occurrence's place and weight, score and order
the articles and measure closeness, to give a number; here each unit is only
the set of articles holding it (an occurrence from a reader's cut to a cut,
as ``units`` counts it), and the query tree combines the sets (a
``query.parse.Visitor`` over bool arrays). The total is the same as
``evaluate``'s, which tests check query by query; a query whose own units
would be read by their words is left to ``evaluate``.
"""

from __future__ import annotations

import numpy as np

from indexer.index.textcodec import OTHER
from indexer.query.parse import All, Any, Node, Unit, Visitor, Without, positive_units, units_of
from indexer.settings import DENSE_OCCURRENCES

from .filters import Filters
from .occurrences import Form, counted_docs, dense_counts, held_articles
from .units import field_hits, forms_of, split_words
from .view import IndexView, SegmentView

__all__ = ["count", "articles_total"]


def count(node: Node, view: IndexView, filters: Filters, first_page: int) -> int | None:
    """``evaluate(node, view, filters, first_page=first_page).total``, or None when only a full
    evaluation can tell: a unit read by its words (their articles are the ones verbatim
    matches leave the page to), or a character the index keeps as a placeholder."""
    total = articles_total(node, view, filters)
    if total is None:
        return None
    readable = any(split_words(u.text, view) for u in positive_units(node)
                   if not u.phrase and u.field is None and not view.names.knows(u.text))
    return None if readable and total < first_page else total


def articles_total(node: Node, view: IndexView, filters: Filters) -> int | None:
    """The articles holding what the query asks for, verbatim (None: a character the index
    keeps as a placeholder); a shard's part of ``count``'s total."""
    allowed = filters.allowed(view)
    held: dict[Unit, list[np.ndarray]] = {}
    for unit in units_of(node):
        articles = _articles_holding(unit, view, allowed)
        if articles is None:
            return None
        held[unit] = articles
    apart = filters.apart(view)
    total = 0
    for i in range(len(view.segments)):
        mask = node.accept(_Held(held, i)) & allowed[i]
        for kept in apart.values():
            mask &= kept[i]
        total += int(np.count_nonzero(mask))
    return total


def _articles_holding(unit: Unit, view: IndexView, allowed: list[np.ndarray]) -> list[np.ndarray] | None:
    """Per segment, the articles within `allowed` holding `unit` (any of its forms)."""
    if unit.field in ("person", "position"):
        return [field_hits(seg, unit, ok).articles(seg.size) for seg, ok in zip(view.segments, allowed)]
    forms = forms_of(unit, view)
    if any(OTHER in form.pattern for form in forms):
        return None
    out = []
    for seg, ok in zip(view.segments, allowed):
        mask = np.zeros(seg.size, dtype=bool)
        for form in forms:
            _mark_articles(seg, form, unit.field, mask)
        out.append(mask & ok if ok is not None else mask)
    return out


def _mark_articles(seg: SegmentView, form: Form, field: str | None, mask: np.ndarray) -> None:
    """Set `mask` where an article of `seg` holds `form` (in `field`, when given)."""
    lo, hi = seg.text.find(form.pattern)
    if lo == hi:
        return
    if hi - lo > DENSE_OCCURRENCES and not form.longer:  # a letter, a vowel sign: per article, as units reads it
        mask |= dense_counts(seg, form, field, lo, hi) > 0
        return
    if field is None:
        mask |= held_articles(seg, form, lo, hi)
        return
    rows, docs = counted_docs(seg, form, lo, hi)
    if field in ("title", "body"):
        in_title = seg.text.in_headline(lo, hi, rows)
        docs = docs[in_title if field == "title" else ~in_title]
    mask[docs] = True


class _Held(Visitor[np.ndarray]):
    """Which articles of segment `i` each kind of node matches."""

    def __init__(self, held: dict[Unit, list[np.ndarray]], i: int):
        self.held, self.i = held, i

    def unit(self, node: Unit) -> np.ndarray:
        return self.held[node][self.i]

    def without(self, node: Without) -> np.ndarray:
        return ~node.part.accept(self)

    def all(self, node: All) -> np.ndarray:
        return np.logical_and.reduce([p.accept(self) for p in node.parts])

    def any(self, node: Any) -> np.ndarray:
        return np.logical_or.reduce([p.accept(self) for p in node.parts])
