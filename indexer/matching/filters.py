"""Filters: which articles a search may return, as a bool per article of each segment.

Dates and categories are read from the substring index's per-article table
(``view``), officials from Whoosh's ``person`` field (each of the spellings
of an official, ``view.PeopleTable``); no stored document is read. The
category filter is kept apart from the others so that the counts of the
other categories can still be given (choosing one category does not hide
the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from indexer.index.textcodec import NO_DAY, day_number
from indexer.thai.officials import name_key

from .view import IndexView, SegmentView

__all__ = ["Filters"]


@dataclass(frozen=True)
class Filters:
    """A date range (inclusive days), categories (any of them) and officials (all of them)."""

    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.date_from or self.date_to or self.categories or self.people)

    def allowed(self, view: IndexView) -> list[np.ndarray]:
        """Per segment: live articles inside the date range and naming the officials."""
        spellings = [view.people.spellings(name_key(person)) for person in self.people]
        return [self._allowed(seg, spellings) for seg in view.segments]

    def _allowed(self, seg: SegmentView, people: list[list[str]]) -> np.ndarray:
        mask = seg.alive.copy()
        if self.date_from or self.date_to:
            dated = seg.days != NO_DAY
            if self.date_from:
                dated &= seg.days >= day_number(self.date_from)
            if self.date_to:
                dated &= seg.days <= day_number(self.date_to)
            mask &= dated
        for spellings in people:  # an official written several ways: any of them (``PeopleTable``)
            named = np.zeros(seg.size, dtype=bool)
            for term in spellings:
                if seg.reader.doc_frequency("person", term):
                    named[np.fromiter(seg.reader.postings("person", term).all_ids(), dtype=np.int64)] = True
            mask &= named
        return mask

    def in_categories(self, view: IndexView) -> list[np.ndarray | None]:
        """Per segment: articles of one of the categories (None: no category filter)."""
        if not self.categories:
            return [None] * len(view.segments)
        # "none": the articles with no category (the facet's last bucket)
        uncategorised = [-1] if "none" in self.categories else []
        return [np.isin(seg.categories, seg.category_codes(self.categories) + uncategorised) for seg in view.segments]
