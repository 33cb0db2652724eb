"""One committed generation of the index as the search service reads it.

A ``Generation`` holds the Whoosh searcher of one commit and, made with it,
the matching layer's view of the same segments (``matching.view``), and
what is worked out from them on first use: the officials, the search-box
suggester, the archive's overview, officials' cards. ``service.Searcher``
replaces it whole when a build commits.
"""

from __future__ import annotations

import marshal
from collections import OrderedDict

from indexer.matching.evaluate import evaluate
from indexer.matching.filters import Filters
from indexer.matching.ranking import whoosh_weighting
from indexer.matching.view import IndexView
from indexer.query.params import QueryError
from indexer.query.parse import parse
from indexer.settings import RESULT_CACHE

from .overview import index_overview
from .people import Officials, person_summary
from .suggest import Suggester, prefix_terms

__all__ = ["Generation"]


class Generation:
    """What one committed generation of the index is read through, made and dropped together.

    The Whoosh searcher, the matching layer's view of the same segments,
    and what is worked out from them on first use (the officials and their
    positions, the archive's overview). An operation takes the current
    generation once and reads only through it: a commit landing halfway
    must not give it another generation's article numbers.
    """

    def __init__(self, ix):
        # a new searcher, not searcher.refresh(): Whoosh-Reloaded 2.7.5's
        # refresh reuses the old segment readers, so articles a commit
        # deleted or replaced, and segments it dropped, stay visible
        self.searcher = ix.searcher(weighting=whoosh_weighting())
        self.view = IndexView(self.searcher)
        # the generation this searcher reads, not the directory's latest: a
        # commit landing in between would file old results under the new one
        self.number = self.searcher.reader().generation()
        self._officials: Officials | None = None
        self._suggester: Suggester | None = None
        self._overview: dict | None = None
        self._ids = None
        self._cards: OrderedDict[str, bytes] = OrderedDict()

    def adopt(self, archive) -> None:
        """Rank and name officials by a sharded archive's figures (``matching.shared``): what
        was worked out from this shard's own (officials, suggester, overview, cards) goes."""
        self.view.adopt(archive)
        self._officials, self._suggester, self._overview = None, None, None
        self._cards.clear()

    def card(self, name: str) -> dict | None:
        """An official's card (``people.person_summary``), a copy of its own; the last
        ``RESULT_CACHE`` are kept (serialised), as a popular name is asked for again and
        again and its card reads all its articles' dates."""
        if name not in self._cards:
            self._cards[name] = marshal.dumps(person_summary(self.officials(), name))
            while len(self._cards) > RESULT_CACHE:
                self._cards.popitem(last=False)
        self._cards.move_to_end(name)
        return marshal.loads(self._cards[name])

    def ids(self):
        """The ``id`` column's reader, made once: making one reads every article's
        offset (5 ms at 28,000 articles)."""
        if self._ids is None:
            self._ids = self.searcher.reader().column_reader("id")
        return self._ids

    def officials(self) -> Officials:
        if self._officials is None:
            self._officials = Officials(self.searcher, self.view)
        return self._officials

    def suggester(self) -> Suggester:
        if self._suggester is None:
            reader = self.searcher.reader()
            self._suggester = Suggester(lambda field, key, group: prefix_terms(reader, field, key, group),
                                        self.count, self.view.people.positions, self.officials().main_role)
        return self._suggester

    def count(self, q: str) -> int:
        """How many articles a search for `q` finds (no filters)."""
        try:
            node = parse(q)
        except QueryError:
            return 0
        return evaluate(node, self.view, Filters()).total if node is not None else 0

    def overview(self) -> dict:
        if self._overview is None:
            self._overview = index_overview(self.view, self.searcher.reader())
        return self._overview

    def close(self) -> None:
        self.searcher.close()
