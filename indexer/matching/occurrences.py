"""Where a form occurs in a segment, as the matching layer counts it.

A form (``Form``: one text a unit stands for) occurs where the substring
index finds its bytes; an occurrence counts where it also ends at a reader's
cut (``textindex``: a word or syllable bound) and does not begin a longer
title (`พล.อ.` of `พล.อ.อ.`). ``Hits`` are the counted occurrences, each
weighed for ranking (``ranking.occurrence_weights``).

Forms read on nearly every search of a generation are kept by the segment's
view (``kept.CommonForms``): a common form's counted occurrences grouped by
article (``common_form``), and a dense one's count per article
(``dense_counts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from indexer.index.textcodec import encode
from indexer.settings import COMMON_OCCURRENCES, DENSE_CHUNK

from .kept import runs
from .ranking import dense_weights, occurrence_weights
from .view import SegmentView

__all__ = ["Form", "Hits", "counted_rows", "counted_docs", "common_form", "held_articles", "find_within",
           "occurrence_hits", "dense_hits", "dense_counts"]


@dataclass(frozen=True)
class Form:
    """One text a unit stands for. `kind`: ``typed`` (as the user typed it, or a
    phrase's words glued or spaced), ``trimmed`` (without the punctuation it was
    pasted with), ``variant`` (an abbreviation swapped, or an official's name
    with its space) or ``word`` (one of the words a unit fell back to)."""

    text: str
    kind: str = "typed"
    # what would make an occurrence the start of a longer title (`อ.` after `พล.อ.`:
    # `พล.อ.อ.` is another rank), ``abbreviations.longer_titles``
    longer: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> bytes:
        """The text in the substring index's one-byte form (made once per form)."""
        return encode(self.text)


@dataclass
class Hits:
    """Occurrences of one unit (or one of its words) in one segment, within the allowed articles.

    Arrays run in parallel, one entry per occurrence; for a unit found through
    a Whoosh field (``person:``) or a dense form, one entry per article, with
    no position. Occurrences may be kept only in some articles (``resolve``'s
    `within`: where the query's rarer units are): the articles that hold the
    unit are then given whole, as ``_articles``, for matching and idf. A common
    form read in a few articles (``find_within``) is one entry per article too,
    its occurrences' weights summed, and gives its positions only when
    closeness asks for them (``positions``).
    """

    docs: np.ndarray  # int64 article numbers in the segment
    starts: np.ndarray  # int64 byte offsets in the segment's text (-1: no position)
    ends: np.ndarray
    weights: np.ndarray  # whole word or not, variant or not, headline or body (length-normalised)
    typed: np.ndarray  # bool: an occurrence of a typed form
    _articles: np.ndarray | None = field(default=None, repr=False)
    # kept per article: the number of occurrences, and their positions in given articles
    _occurrences: int | None = field(default=None, repr=False)
    _where: Callable[[np.ndarray], tuple[np.ndarray, ...]] | None = field(default=None, repr=False)

    @classmethod
    def empty(cls) -> Hits:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def occurrences(self) -> int:
        """How many occurrences (not articles) these are."""
        return len(self.docs) if self._occurrences is None else self._occurrences

    def found(self) -> bool:
        """Does any article (within the filters) hold the unit?"""
        return bool(self._articles.any()) if self._articles is not None else len(self.docs) > 0

    def articles(self, size: int) -> np.ndarray:
        """A bool per article of the segment: does it hold an occurrence? (Made once; do not change it.)"""
        if self._articles is None:
            self._articles = np.zeros(size, dtype=bool)
            self._articles[self.docs] = True
        return self._articles

    def typed_articles(self, size: int) -> np.ndarray:
        """A bool per article: does it hold an occurrence of a typed form?"""
        if self.typed.all():
            return self.articles(size)
        mask = np.zeros(size, dtype=bool)
        mask[self.docs[self.typed]] = True
        return mask

    def tf(self, size: int) -> np.ndarray:
        """The weighted frequency per article of the segment."""
        return np.bincount(self.docs, weights=self.weights, minlength=size).astype(np.float32)

    def positions(self, wanted: np.ndarray) -> tuple[np.ndarray, ...]:
        """The occurrences with a position in the `wanted` articles (a bool per article):
        ``(docs, starts, ends)``."""
        if self._where is not None:
            return self._where(wanted)
        keep = wanted[self.docs] & (self.starts >= 0)
        return self.docs[keep], self.starts[keep], self.ends[keep]

    @classmethod
    def join(cls, parts: list[Hits], size: int) -> Hits:
        parts = [p for p in parts if p.found()]
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        docs, starts, ends, weights, typed = (np.concatenate([getattr(p, name) for p in parts])
                                              for name in ("docs", "starts", "ends", "weights", "typed"))
        joined = cls(docs, starts, ends, weights, typed)
        if any(p._articles is not None for p in parts):
            joined._articles = np.logical_or.reduce([p.articles(size) for p in parts])
        if any(p._where is not None for p in parts):
            joined._occurrences = sum(p.occurrences for p in parts)
            joined._where = lambda wanted: tuple(np.concatenate(arrays)
                                                 for arrays in zip(*(p.positions(wanted) for p in parts)))
        return joined


def counted_rows(seg: SegmentView, form: Form, lo: int, hi: int) -> np.ndarray:
    """The rows of suffix array range `lo`:`hi` (a form's occurrences) that count: those
    ending at a reader's cut and not beginning a longer title."""
    rows = np.flatnonzero(seg.text.ends_at_cut(lo, hi, len(form.pattern)))
    for longer in form.longer:
        a, b = seg.text.find(encode(form.text + longer))
        if a < b:
            rows = rows[~np.isin(seg.text.sa[lo:hi][rows], seg.text.sa[a:b])]
    return rows


def counted_docs(seg: SegmentView, form: Form, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """The counted rows of `form`'s range `lo`:`hi` and each one's article (intp: numpy
    indexes with it two to three times as fast as with sadoc's uint16); a common form's
    kept by the segment's view, grouped by article (``common_form``)."""
    if hi - lo < COMMON_OCCURRENCES:
        rows = counted_rows(seg, form, lo, hi)
        return rows, seg.text.sadoc[lo:hi][rows].astype(np.intp)
    rows, docs, _ = common_form(seg, form, lo, hi)
    return rows, docs


def common_form(seg: SegmentView, form: Form, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A common form's counted rows and their articles, grouped by article (each article's
    in suffix array order, so per-article sums add in the same order as ungrouped), and
    where each article's run starts (``offsets[d]:offsets[d + 1]``): kept by the view
    (``kept.CommonForms``) for the generation's life.

    Grouped, the occurrences in a few hundred articles are read as their runs
    (``_find_within``) instead of by testing every one of 230,000 (`และ`)."""
    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = counted_rows(seg, form, lo, hi)
        by_article = np.argsort(seg.text.sadoc[lo:hi][rows], kind="stable")  # uint16: a radix sort
        rows = rows[by_article]
        docs = seg.text.sadoc[lo:hi][rows].astype(np.intp)
        return rows, docs, np.searchsorted(docs, np.arange(seg.size + 1))

    rows, docs, offsets = seg.common.get((form.pattern, form.longer), make)
    return rows, docs, offsets


def held_articles(seg: SegmentView, form: Form, lo: int, hi: int) -> np.ndarray:
    """A bool per article of `seg`: does it hold a counted occurrence of `form` (its suffix
    array range `lo`:`hi`)? A common form's articles are where its runs are not empty."""
    if hi - lo >= COMMON_OCCURRENCES:
        _, _, offsets = common_form(seg, form, lo, hi)
        return offsets[1:] != offsets[:-1]
    _, docs = counted_docs(seg, form, lo, hi)
    held = np.zeros(seg.size, dtype=bool)
    held[docs] = True
    return held


def find_within(seg: SegmentView, form: Form, lo: int, hi: int, rows: np.ndarray, all_docs: np.ndarray,
                allowed: np.ndarray | None, within: np.ndarray, alone: bool) -> Hits:
    """A form's hits when only the articles `within` matter (a unit of an AND whose rarer
    units hold only those, a word of a unit read as its words): every occurrence tells
    which articles hold the form (matching, idf), but only those in `within` are read
    further (a common word beside a rare one: `รับ กระตุ้น บัญชี`).

    A common form that is its unit's (or word's) `alone` form is given per article:
    its weights summed once per generation (``_article_weights``), its positions read
    only for the articles closeness measures (`และ` in the 850 articles holding a
    pasted phrase's other words is 37,000 occurrences; closeness wants 200 articles).
    """
    if hi - lo < COMMON_OCCURRENCES:
        articles = np.zeros(seg.size, dtype=bool)
        articles[all_docs] = True
        keep = within[all_docs]
        rows, docs = rows[keep], all_docs[keep]
    else:
        _, _, offsets = common_form(seg, form, lo, hi)
        articles = held_articles(seg, form, lo, hi)
        if alone:
            return _per_article(seg, form, lo, hi, np.flatnonzero(within & articles),
                                articles & allowed if allowed is not None else articles)
        at = runs(offsets, np.flatnonzero(within))  # grouped by article: read the runs
        rows, docs = rows[at], all_docs[at]
    if allowed is not None:
        articles = articles & allowed
    starts = seg.text.sa[lo:hi][rows].astype(np.int64)
    hits = occurrence_hits(seg, form, docs, starts, seg.text.in_headline(lo, hi, rows),
                           seg.text.whole_words(lo, hi, len(form.pattern), rows))
    hits._articles = articles
    return hits


def _per_article(seg: SegmentView, form: Form, lo: int, hi: int, docs: np.ndarray, articles: np.ndarray) -> Hits:
    """A common form's hits in articles `docs`, one entry per article (see ``find_within``).

    Its weights are the per-article sums of its occurrences' weights, in the
    order ``Hits.tf`` adds them, so scores are the same to the last bit. Its
    positions are given in text order, from its starts sorted once (articles
    follow each other in the text, so sorted starts keep the grouping by
    article): closeness sorts them no more."""
    rows, all_docs, offsets = common_form(seg, form, lo, hi)
    (weights,) = seg.common.get(("weights", form.pattern, form.longer, form.kind == "variant"),
                                lambda: _article_weights(seg, form, lo, hi))

    def where(wanted: np.ndarray) -> tuple[np.ndarray, ...]:
        at = runs(offsets, docs[wanted[docs]])
        (in_text_order,) = seg.common.get(("starts", form.pattern, form.longer),
                                          lambda: (np.sort(seg.text.sa[lo:hi][rows]),))
        starts = in_text_order[at].astype(np.int64)
        return all_docs[at], starts, starts + len(form.pattern)

    none = np.full(len(docs), -1, dtype=np.int64)
    counts = offsets[docs + 1] - offsets[docs]
    return Hits(docs, none, none, weights[docs], np.full(len(docs), form.kind == "typed"), articles,
                int(counts.sum()), where)


def _article_weights(seg: SegmentView, form: Form, lo: int, hi: int) -> tuple[np.ndarray]:
    """A common form's occurrences' weights summed per article (float64, as ``np.bincount`` sums)."""
    rows, docs, _ = common_form(seg, form, lo, hi)
    hits = occurrence_hits(seg, form, docs, np.zeros(len(docs), dtype=np.int64), seg.text.in_headline(lo, hi, rows),
                           seg.text.whole_words(lo, hi, len(form.pattern), rows))
    return (np.bincount(docs, weights=hits.weights, minlength=seg.size),)


def occurrence_hits(seg: SegmentView, form: Form, docs: np.ndarray, starts: np.ndarray, in_title: np.ndarray,
                    whole: np.ndarray) -> Hits:
    """Occurrences with their weights: the field's BM25F factor (headline or body,
    length-normalised, one gather), less inside words and for a variant."""
    weights = occurrence_weights(seg.field_factors, docs, in_title, whole, form.kind == "variant")
    typed = np.full(len(docs), form.kind == "typed")
    return Hits(docs, starts, starts + len(form.pattern), weights, typed)


def dense_hits(seg: SegmentView, form: Form, field: str | None, lo: int, hi: int, allowed: np.ndarray | None) -> Hits:
    """A form found in nearly every article (see ``DENSE_OCCURRENCES``): one entry per
    article, weighing its occurrences (those ending at a cut) as inside the body's
    words, with no position (closeness leaves it out)."""
    counts = dense_counts(seg, form, field, lo, hi)
    docs = np.flatnonzero(counts)
    if allowed is not None:
        docs = docs[allowed[docs]]
    weights = dense_weights(seg.field_factors, docs, counts[docs], form.kind == "variant")
    none = np.full(len(docs), -1, dtype=np.int64)
    return Hits(docs, none, none, weights, np.full(len(docs), form.kind == "typed"))


def dense_counts(seg: SegmentView, form: Form, field: str | None, lo: int, hi: int) -> np.ndarray:
    """A dense form's occurrences per article of `seg` (those ending at a cut, in `field` when
    given), read a chunk at a time (no request holds millions of occurrences) and kept by the
    segment's view: `และ` of a pasted phrase is read on nearly every such search."""
    def make() -> tuple[np.ndarray, ...]:
        counts = np.zeros(seg.size, dtype=np.int64)
        for at in range(lo, hi, DENSE_CHUNK):
            end = min(hi, at + DENSE_CHUNK)
            counted = seg.text.ends_at_cut(at, end, len(form.pattern))
            if field in ("title", "body"):
                in_title = seg.text.in_headline(at, end)
                counted &= in_title if field == "title" else ~in_title
            counts += np.bincount(seg.text.sadoc[at:end][counted], minlength=seg.size)
        return (counts,)

    (counts,) = seg.common.get(("dense", form.pattern, field), make)
    return counts
