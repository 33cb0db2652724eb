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
from collections import Counter
from threading import Lock
from weakref import WeakKeyDictionary, ref

from whoosh.formats import Positions
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import NullQuery, Or, Phrase, Sequence, Term
from whoosh.query.terms import MultiTerm

from .blocks import decode_positions, docs_of, held_by

__all__ = ["WordRun", "TermSet", "DocNums", "segment_offset", "clear_run_cache", "per_segment"]


# Runs found, per segment reader (dropped with it), at most this many each.
RUN_CACHE_SIZE = 64
_RUN_CACHE: "WeakKeyDictionary[object, dict]" = WeakKeyDictionary()
_RUN_CACHE_LOCK = Lock()


def _NO_FILTER() -> None:
    """Stands for a weak reference to no filter."""


def clear_run_cache() -> None:
    """Forget every run found (timing a search from scratch)."""
    with _RUN_CACHE_LOCK:
        _RUN_CACHE.clear()


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
        # unscored (a boolean context: counting, filtering) when no weighting
        weighting = context.weighting if context is not None else searcher.weighting
        return per_segment(searcher, lambda segment: self._found(segment, weighting), self.boost)

    def _found(self, searcher, weighting, among: set[int] | None = None) -> dict[int, float]:
        """Article -> score (before the boost) in one segment, of `among` if
        given; 1.0 each unscored.

        Where the run is (before scoring) is kept per segment reader: the
        parser asks whether a unit is common by counting its exact form, and
        the search then evaluates the same run (`และประชาชน`: 0.3 s each).
        """
        reader = searcher.reader()
        field = self.fieldname
        # a filter's articles are known by identity (one DocNums per query),
        # held weakly: the cache must not keep every query's filter alive
        key = (field, tuple(map(tuple, self.slots)), self.slop, id(self.allowed))
        with _RUN_CACHE_LOCK:
            found = _RUN_CACHE.setdefault(reader, {}).get(key)
        ends = found[1] if found is not None and found[0]() is self.allowed else None
        if ends is None:
            slots = [[t for t in slot if reader.doc_frequency(field, t)] for slot in self.slots]
            ends = []
            if slots and all(slots):
                keep = self.allowed.in_segment(searcher) if self.allowed is not None else None
                docs = _docs_with_every_slot(reader, field, slots, keep)
                ends = _runs(reader, field, slots, docs, self.slop) if docs else []
            held = ref(self.allowed) if self.allowed is not None else _NO_FILTER
            with _RUN_CACHE_LOCK:
                cache = _RUN_CACHE.setdefault(reader, {})
                cache.pop(key, None)
                if len(cache) >= RUN_CACHE_SIZE:
                    del cache[next(iter(cache))]
                cache[key] = (held, ends)
        if among is not None:
            ends = [d for d in ends if d in among]
        if weighting is None:
            return dict.fromkeys(ends, 1.0)
        return _scores(searcher, weighting, field, self.slots, ends)


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
        wanted = self.allowed.in_segment(searcher) if self.allowed is not None else None
        docs = self.articles(searcher.reader(), wanted)
        if not docs:
            return NullMatcher()
        return ListMatcher(sorted(docs), all_weights=self.boost, term=None)

    def articles(self, reader, among: list[int] | None = None) -> set[int]:
        """The segment's articles holding any of the words, of `among` (sorted) if given."""
        docs: set[int] = set()
        if among is not None and not among:
            return docs
        for word in self.words:
            if reader.doc_frequency(self.fieldname, word):
                docs.update(docs_of(reader.postings(self.fieldname, word), among))
        return docs


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


def per_segment(searcher, found, boost: float = 1.0):
    """A matcher for `found(segment searcher) -> {document: score}`, asked of
    one segment (a search) or of the whole index (the parser's checks),
    each score times `boost`."""
    if searcher.is_atomic():
        scores = found(searcher)
    else:
        scores = {d + offset: score for sub, offset in searcher.subsearchers for d, score in found(sub).items()}
    if not scores:
        return NullMatcher()
    ids = sorted(scores)
    return ListMatcher(ids, weights=[scores[d] * boost for d in ids], term=None)


def segment_offset(searcher) -> int:
    """Where a segment's document numbers start in the whole index (0 for the whole).

    Whoosh asks a query for one matcher per segment, numbered from 0 in it.
    """
    parent = searcher.parent() if searcher.parent is not None else None
    return (parent._offset_for_subsearcher(searcher) or 0) if parent is not None else 0


def _docs_with_every_slot(reader, field: str, slots: list[list[str]],
                          keep: list[int] | None = None) -> list[int]:
    """Articles holding some term of every slot (document numbers only), of `keep` (sorted) if given."""
    order = sorted(slots, key=lambda slot: sum(reader.doc_frequency(field, t) for t in slot))
    docs: set[int] = set()
    for term in order[0]:
        docs.update(docs_of(reader.postings(field, term), keep))
    for slot in order[1:]:
        in_order = sorted(docs)
        docs = {doc for term in slot for doc in held_by(reader.postings(field, term), in_order)}
        if not docs:
            break
    return sorted(docs)


def _slot_positions(reader, field: str, slot: list[str], docs: list[int]) -> dict[int, set[int]]:
    """Positions of the slot's terms in each of `docs` (sorted)."""
    fmt = reader.schema[field].format
    decode = decode_positions if type(fmt) is Positions else fmt.decode_positions
    positions: dict[int, set[int]] = {}
    for term in slot:
        matcher = reader.postings(field, term)
        for doc in held_by(matcher, docs):
            positions.setdefault(doc, set()).update(decode(matcher.value()))
    return positions


def _runs(reader, field: str, slots: list[list[str]], docs: list[int], slop: int) -> list[int]:
    """The articles (of `docs`, sorted) where the slots occur in a row, sorted.

    `ends` holds, per article, the positions where a run that has met every
    slot so far can end; each slot keeps those it can follow within `slop`.
    """
    ends = _slot_positions(reader, field, slots[0], docs)
    for slot in slots[1:]:
        docs = sorted(ends)
        if not docs:
            return []
        positions = _slot_positions(reader, field, slot, docs)
        ends = {d: ps for d in docs if d in positions and (ps := _following(ends[d], positions[d], slop))}
    return sorted(ends)


def _following(ends: set[int], positions: set[int], slop: int) -> set[int]:
    """Those of `positions` 1 to `slop` after some position in `ends` (the
    smaller set is walked: `และ` is at 30 positions of an article where
    `ประชาชน` is at 3)."""
    if len(positions) < len(ends) * slop:
        return {p for p in positions if any(p - k in ends for k in range(1, slop + 1))}
    return positions.intersection([e + k for k in range(1, slop + 1) for e in ends])


def _scores(searcher, weighting, field: str, slots: list[list[str]], docs: list[int]) -> dict[int, float]:
    """Each of `docs` (sorted) scored as Whoosh scores a Phrase or Sequence:
    the sum of the Term scores of every slot term the article holds.

    Only the articles where the run was found are scored: most articles
    holding two common words do not hold them in a row.
    """
    reader = searcher.reader()
    to_bytes = searcher.schema[field].to_bytes
    times = Counter(t for slot in slots for t in slot if reader.doc_frequency(field, t))
    total = dict.fromkeys(docs, 0.0)
    for term, count in times.items():  # a word in two slots counts twice, as in Whoosh
        matcher = searcher.postings(field, to_bytes(term), weighting=weighting)
        for doc in held_by(matcher, docs):
            total[doc] += count * matcher.score()
    return total
