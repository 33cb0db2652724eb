"""What a query matched in one index generation, and the candidates it gives a page.

``evaluate`` makes a ``Matches``: per segment, the articles matching within
the filters (and within all but each facet's, for its own counts) and their
ranking key. From it come the totals, which part of the answer an article
belongs to when the words reading added articles, and the candidates for a
page of results (``order.Candidates``), ordered by date or by relevance.

Closeness needs positions, so it is computed for the best ``RERANK``
articles by tier and score (all of them when their occurrences are few,
unless the words reading added articles: a pasted phrase's common words
are few per article but in a thousand articles), as search engines rescore
a window; articles past it keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from indexer.query.params import Cursor
from indexer.query.parse import Unit

from .order import DATED, Candidates, follows, merge, top, window_of
from .ranking import closeness_bonus
from .units import Hits, Resolved
from .view import IndexView

__all__ = ["Matches"]


@dataclass
class Matches:
    """What a query matched in one index generation (per segment), and how it ranks."""

    view: IndexView
    resolved: dict[Unit, Resolved]
    masks: list[np.ndarray]  # per segment: matches within every filter
    # per keyword facet filtered on: per segment, matches within every filter but that facet's
    without: dict[str, list[np.ndarray]]
    keys: list[np.ndarray]  # per segment: the ranking key (see the module docstring), without closeness
    slots: list[list[tuple[Hits, float]]] = field(default_factory=list)  # per segment: what closeness measures
    # per segment, when the words reading added articles: those holding every unit verbatim
    exact_masks: list[np.ndarray] | None = None
    # the units that can be read as their words, with their words (the words reading)
    readable: dict[Unit, list[str]] = field(default_factory=dict)

    def masks_without(self, facet: str) -> list[np.ndarray]:
        """Per segment: the matches within every filter but `facet`'s (its own counts)."""
        return self.without.get(facet, self.masks)

    @property
    def relaxed(self) -> list[Resolved]:
        """The units read as their words (instead of, or besides, verbatim)."""
        return [r for r in self.resolved.values() if r.by_words]

    @property
    def fell_back(self) -> list[Resolved]:
        """The units read only as their words (no verbatim occurrence)."""
        return [r for r in self.resolved.values() if r.match == "words"]

    @cached_property
    def total(self) -> int:
        """The matches (counted once: the answer asks for it in several places)."""
        return int(sum(int(m.sum()) for m in self.masks))

    @cached_property
    def exact_total(self) -> int:
        """The matches holding every unit verbatim (all of them, unless the words reading added some)."""
        if self.exact_masks is None:
            return self.total
        return int(sum(int(m.sum()) for m in self.exact_masks))

    def readings(self, docs: np.ndarray) -> list[str | None]:
        """Which part of the answer each of `docs` (global numbers) belongs to when the words
        reading added articles: "exact" (every unit verbatim) or "words"; else None. (A
        shard answers it for its whole window, a few hundred articles: at once, in numpy.)"""
        if self.exact_masks is None:
            return [None] * len(docs)
        return np.where(self.view.values_at(self.exact_masks, docs), "exact", "words").tolist()

    def ranked(self, depth: int, sort: str = "relevance") -> tuple[np.ndarray, np.ndarray]:
        """The first `depth` matches (global article numbers) and their keys, in order (``order``)."""
        found = self.candidates(depth, sort)
        _, rows, keys = merge([found], depth, sort)
        return found.docs[rows], keys

    def candidates(self, depth: int, sort: str = "relevance", after: Cursor | None = None) -> Candidates:
        """The matches that can be among the first `depth` of this view or of the archive
        it is a shard of, with what orders them (``order``); after the cursor `after`,
        when the order allows (``Candidates.paged``), else the first `depth`."""
        docs = [seg.base + np.flatnonzero(m) for seg, m in zip(self.view.segments, self.masks)]
        all_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        # equal keys in the order of the articles' ids (``IndexView.id_ranks``)
        ties = np.concatenate([r[m] for r, m in zip(self.view.id_ranks(), self.masks)]) if docs \
            else np.zeros(0, dtype=np.int64)
        keys = np.concatenate([k[m] for k, m in zip(self.keys, self.masks)]) if docs else np.zeros(0)
        found = Candidates(all_docs, keys, ties, split=self.exact_masks is not None)
        if sort in DATED:
            days = np.concatenate([seg.days[m] for seg, m in zip(self.view.segments, self.masks)]) \
                if docs else np.zeros(0, dtype=np.int32)
            dated = days != np.iinfo(np.int32).min
            when = days.astype(np.int64)
            # newest (or oldest) first, undated last, relevance within a day
            found.primary = np.where(dated, -when if sort == "date" else when, np.iinfo(np.int64).max)
        else:
            found.primary = np.zeros(len(keys), dtype=np.int64)
        if after is not None and (sort in DATED or not self.slots):
            found = found.pick(np.flatnonzero(follows(found, after, self._ids)))
            found.paged, depth = True, depth - after.at
        if sort in DATED:
            assert found.primary is not None
            return found.pick(np.lexsort((found.ties, -found.keys, found.primary))[:depth])
        # closeness reorders the window: every match when their occurrences are
        # few, else the best RERANK; with nothing to measure, the page is the window
        found.occurrences = sum(h.occurrences for slots in self.slots for h, _ in slots)
        window = window_of(depth, found.occurrences, found.split, bool(self.slots), len(found))
        found.complete = window >= len(found)
        found = found.pick(top(found.keys, found.ties, window))
        if self.slots:
            found.bonus = self._closeness(found.docs)
        return found

    def _ids(self, docs: np.ndarray) -> list[str]:
        """The ids of articles (global numbers)."""
        return self.view.ids_of(docs).tolist()

    def _closeness(self, docs: np.ndarray) -> np.ndarray:
        """The closeness bonus of each of `docs` (global numbers)."""
        wanted, places, offset = [], [], 0
        for seg in self.view.segments:
            mask = np.zeros(seg.size, dtype=bool)
            inside = docs[(docs >= seg.base) & (docs < seg.base + seg.size)]
            mask[inside - seg.base] = True
            wanted.append(mask)
            places.append((seg.base, offset))  # each segment's text after the one before
            offset += len(seg.text.text) + 1
        if len(self.slots[0]) < 2:
            return np.zeros(len(docs), dtype=np.float64)
        size = self.view.segments[-1].base + self.view.segments[-1].size
        return closeness_bonus(self.slots, wanted, places, size)[docs]
