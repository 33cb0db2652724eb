"""Filters: which articles a search may return, as a bool per article of each segment.

The facets of ``facet_table`` say what there is to filter on. Dates and
keyword columns (the category ...) are read from the substring index's
per-article table (``view``), officials from Whoosh's ``person`` field
(each of an official's spellings, ``view.PeopleTable``); no stored
document is read. A keyword facet's filter is kept apart from the
others (``apart``) so that its own counts can still be given: choosing one
category does not hide the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from indexer.facet_table import FACETS, KEYWORD, NONE, PEOPLE
from indexer.index.textcodec import NO_DAY, day_number
from indexer.thai.officials import name_key

from .view import IndexView, SegmentView

__all__ = ["Filters"]


@dataclass(frozen=True)
class Filters:
    """A date range (inclusive days) and the values chosen per facet (``{"category":
    ("politics",), "person": ("วีรนันทน์ เพ็งจันทร์",)}``): any of a keyword facet's
    values, all of the officials."""

    date_from: date | None = None
    date_to: date | None = None
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.date_from or self.date_to or any(self.chosen.values()))

    def allowed(self, view: IndexView) -> list[np.ndarray]:
        """Per segment: live articles inside the date range and naming the chosen officials
        (each by any of its spellings, ``view.PeopleTable``)."""
        people = [view.people.spellings(name_key(person))
                  for facet in FACETS.kind(PEOPLE) for person in self.chosen.get(facet.name, ())]
        return [self._allowed(seg, people) for seg in view.segments]

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

    def apart(self, view: IndexView) -> dict[str, list[np.ndarray]]:
        """Per keyword facet with chosen values, per segment: the articles of any of them
        (``NONE``: the articles with no value, the facet's last bucket)."""
        out = {}
        for facet in FACETS.kind(KEYWORD):
            values = self.chosen.get(facet.name)
            if values:
                none = [-1] if NONE in values else []
                out[facet.name] = [np.isin(seg.codes[facet.column], seg.value_codes(facet.column, values) + none)
                                   for seg in view.segments]
        return out
