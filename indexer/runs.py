"""Words in a row, matched without Whoosh's span machinery.

A unit's exact form is a phrase (`พร้อม|คณะ`), and a unit glued across word
boundaries is a run of *slots*, each any of a few terms:
`ประชุมเชิงปฏิบัติการ` is indexed as `การประชุม|เชิงปฏิบัติการ`, so its first
slot is `การประชุม` or another term ending in `ประชุม`. Whoosh says both
(Phrase, Sequence of Or) and evaluates them by stepping span matchers, and
for a slot a binary tree of union matchers, one document at a time: for
`พร้อมคณะ` on 28,000 articles, 369,000 ``skip_to`` calls and 1.3 s, most of
a slow query. A :class:`WordRun` intersects the slots' documents first,
reading document numbers only (the rarest slot leads, the others are read
block by block or probed), and reads positions only for the articles left.

Scores are Whoosh's for the same Phrase or Sequence: the sum of the BM25
scores of the run's terms in the article, times the boost.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import NullQuery, Or, Phrase, Sequence, Term
from whoosh.query.terms import MultiTerm

__all__ = ["WordRun", "TermSet", "DocNums", "segment_offset"]

# A term held by at most this many times as many articles as are asked
# about has all its document numbers read (about 1.6 us each, block by
# block) rather than probed article by article (a skip_to each, several us).
READ_ALL_RATIO = 3


class WordRun(MultiTerm):
    """Some term of each slot, each slot 1 to `slop` positions after the last."""

    def __init__(self, fieldname: str, slots: list[list[str]], slop: int = 1, boost: float = 1.0,
                 allowed=None):
        self.fieldname = fieldname
        self.slots = [list(dict.fromkeys(slot)) for slot in slots]
        self.slop = max(1, slop)
        self.boost = boost
        self.allowed = allowed
        self.text = " ".join("|".join(slot) for slot in self.slots)

    def within(self, allowed: "DocNums") -> "WordRun":
        """The same run, evaluated only in `allowed`.

        The run is evaluated up front, before Whoosh applies a search's
        filter: a month of 91,000 articles is 1,500, and without this the
        run was read in all of them (3 s for one date-filtered query).
        """
        return WordRun(self.fieldname, self.slots, self.slop, self.boost, allowed)

    def __eq__(self, other):
        return (other.__class__ is self.__class__ and self.fieldname == other.fieldname
                and self.slots == other.slots and self.slop == other.slop and self.boost == other.boost
                and self.allowed is other.allowed)

    def __hash__(self):
        return hash((self.fieldname, tuple(map(tuple, self.slots)), self.slop, self.boost))

    def __repr__(self):
        return f"WordRun({self.fieldname!r}, {self.slots!r}, slop={self.slop}, boost={self.boost})"

    def __str__(self):
        return f'{self.fieldname}:"{" ".join("|".join(slot) for slot in self.slots)}"~{self.slop}'

    @property
    def words(self) -> list[str]:
        return [term for slot in self.slots for term in slot]

    def normalize(self):
        """As Phrase does: no words match nothing, one word is a Term."""
        slots = [slot for slot in self.slots if slot]
        if len(slots) < len(self.slots) or not slots:
            return NullQuery
        if len(slots) == 1 and len(slots[0]) == 1:
            return Term(self.fieldname, slots[0][0], boost=self.boost)
        return self

    def lazy(self):
        """The same query as Whoosh's Phrase or Sequence, which finds its
        first matches without evaluating all of them: for asking whether
        (or how often, up to a count) it matches at all."""
        if all(len(slot) == 1 for slot in self.slots):
            return Phrase(self.fieldname, self.words, slop=self.slop, boost=self.boost)
        return Sequence([Or([Term(self.fieldname, t) for t in slot]) for slot in self.slots],
                        slop=self.slop, boost=self.boost)

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = True):
        """The run's words, as a Phrase gives them (only with `phrases`)."""
        if phrases:
            for word in self.words:
                yield self.fieldname, word

    def _btexts(self, ixreader):
        return self.words

    def estimate_size(self, ixreader):
        return min(sum(ixreader.doc_frequency(self.fieldname, t) for t in slot) for slot in self.slots)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        field = self.fieldname
        slots = [[t for t in slot if reader.doc_frequency(field, t)] for slot in self.slots]
        if not slots or not all(slots):
            return NullMatcher()
        keep = None
        if self.allowed is not None:
            keep = set(self.allowed.in_segment(searcher))
        docs = _docs_with_every_slot(reader, field, slots, keep)
        if not docs:
            return NullMatcher()
        # unscored (a boolean context: counting, filtering) when no weighting
        weighting = context.weighting if context is not None else searcher.weighting
        scoring = (searcher, weighting) if weighting is not None else None
        found = _runs(reader, field, slots, docs, self.slop, scoring)
        if not found:
            return NullMatcher()
        ids = sorted(found)
        return ListMatcher(ids, weights=[found[d] * self.boost for d in ids], term=None)


class TermSet(MultiTerm):
    """Any of a fixed list of terms, every match scoring the same.

    For sub-word expansions: which longer word held the unit says little
    about relevance, and BM25 over hundreds of terms costs more than the
    rest of the query.
    """

    constantscore = True

    def __init__(self, fieldname: str, words: list[str], boost: float = 1.0, allowed=None):
        self.fieldname = fieldname
        self.words = list(words)
        self.boost = boost
        self.allowed = allowed
        self.text = " ".join(self.words)

    def within(self, allowed: "DocNums") -> "TermSet":
        """The same set, read only in `allowed` (see ``WordRun.within``)."""
        return TermSet(self.fieldname, self.words, self.boost, allowed)

    def __eq__(self, other):
        return (other.__class__ is self.__class__ and self.fieldname == other.fieldname
                and self.words == other.words and self.boost == other.boost and self.allowed is other.allowed)

    def __hash__(self):
        return hash((self.fieldname, tuple(self.words), self.boost))

    def __repr__(self):
        return f"TermSet({self.fieldname!r}, {len(self.words)} words, boost={self.boost})"

    def _btexts(self, ixreader):
        return self.words

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        wanted = None
        if self.allowed is not None:
            wanted = self.allowed.in_segment(searcher)
            if not wanted:
                return NullMatcher()
        wanted_set = set(wanted) if wanted is not None else None
        docs: set[int] = set()
        for word in self.words:
            if reader.doc_frequency(self.fieldname, word):
                postings = reader.postings(self.fieldname, word)
                docs.update(postings.all_ids() if wanted is None else _ids_among(postings, wanted, wanted_set))
        if not docs:
            return NullMatcher()
        return ListMatcher(sorted(docs), all_weights=self.boost, term=None)


def _ids_among(matcher, wanted: list[int], wanted_set: set[int]) -> Iterator[int]:
    """The matcher's documents from `wanted` (sorted; `wanted_set` the same
    numbers): skips to the first, stops after the last (a date filter's
    articles are mostly one run of document numbers, as archives are
    indexed in order)."""
    matcher.skip_to(wanted[0])
    last = wanted[-1]
    while matcher.is_active():
        doc = matcher.id()
        if doc > last:
            break
        if doc in wanted_set:
            yield doc
        matcher.next()


class DocNums:
    """A filter's document numbers (of the whole index), sorted once.

    Whoosh gives a filter as a bit set; iterating one in Python walks every
    number up to the index size (0.3 s per query on 91,000 articles when
    each segment's matcher did it again).
    """

    def __init__(self, docnums):
        self.sorted = sorted(docnums)
        self._local: dict[tuple[int, int], list[int]] = {}

    def __len__(self) -> int:
        return len(self.sorted)

    def in_segment(self, searcher) -> list[int]:
        """The numbers inside the segment `searcher` reads, counted from its start."""
        offset, size = segment_offset(searcher), searcher.reader().doc_count_all()
        key = (offset, size)
        if key not in self._local:
            lo, hi = bisect_left(self.sorted, offset), bisect_left(self.sorted, offset + size)
            self._local[key] = [d - offset for d in self.sorted[lo:hi]]
        return self._local[key]


def segment_offset(searcher) -> int:
    """Where a segment's document numbers start in the whole index (0 for the whole).

    Whoosh asks a query for one matcher per segment, numbered from 0 in it.
    """
    parent = searcher.parent() if searcher.parent is not None else None
    return (parent._offset_for_subsearcher(searcher) or 0) if parent is not None else 0


def _docs_with_every_slot(reader, field: str, slots: list[list[str]], keep=None) -> list[int]:
    """Articles holding some term of every slot (document numbers only), of `keep` if given."""
    order = sorted(slots, key=lambda slot: sum(reader.doc_frequency(field, t) for t in slot))
    docs: set[int] = set()
    for term in order[0]:
        docs.update(reader.postings(field, term).all_ids())
    if keep is not None:
        docs &= keep
    for slot in order[1:]:
        docs = _holding(reader, field, slot, docs)
        if not docs:
            break
    return sorted(docs)


def _holding(reader, field: str, slot: list[str], docs: set[int]) -> set[int]:
    """Which of `docs` hold some term of `slot`."""
    found: set[int] = set()
    in_order = None
    for term in slot:
        matcher = reader.postings(field, term)
        if reader.doc_frequency(field, term) <= READ_ALL_RATIO * len(docs):
            found.update(docs.intersection(matcher.all_ids()))
            continue
        in_order = in_order or sorted(docs)
        found.update(_visits(matcher, in_order))
    return found


def _visits(matcher, docs: list[int]) -> Iterator[int]:
    """Those of `docs` (sorted) the matcher holds, leaving it on each in turn."""
    for doc in docs:
        at = matcher.id()
        if at < doc:
            matcher.skip_to(doc)
            if not matcher.is_active():
                return
            at = matcher.id()
        if at == doc:
            yield doc


def _slot_positions(reader, field: str, slot: list[str], docs: list[int], scoring) -> tuple[dict, dict]:
    """Positions of the slot's terms in each of `docs` (sorted), and their summed scores.

    `scoring` is (searcher, weighting), scored as Whoosh's Term query would, or None.
    """
    positions: dict[int, set[int]] = {}
    scores: dict[int, float] = {}
    for term in slot:
        if scoring is not None:
            searcher, weighting = scoring
            matcher = searcher.postings(field, searcher.schema[field].to_bytes(term), weighting=weighting)
        else:
            matcher = reader.postings(field, term)
        for doc in _visits(matcher, docs):
            positions.setdefault(doc, set()).update(matcher.value_as("positions"))
            if scoring is not None:
                scores[doc] = scores.get(doc, 0.0) + matcher.score()
    return positions, scores


def _runs(reader, field: str, slots: list[list[str]], docs: list[int], slop: int, scoring) -> dict[int, float]:
    """Article -> score, for the articles where the slots occur in a row.

    `ends` holds, per article, the positions where a run that has met every
    slot so far can end; each slot keeps those it can follow within `slop`.
    """
    ends, total = _slot_positions(reader, field, slots[0], docs, scoring)
    for slot in slots[1:]:
        docs = sorted(ends)
        if not docs:
            return {}
        positions, scores = _slot_positions(reader, field, slot, docs, scoring)
        ends = {d: positions[d].intersection(p for e in ends[d] for p in range(e + 1, e + slop + 1))
                for d in docs if d in positions}
        ends = {d: ps for d, ps in ends.items() if ps}
        total = {d: total.get(d, 0.0) + scores.get(d, 0.0) for d in ends}
    return {d: total.get(d, 1.0) for d in ends}
