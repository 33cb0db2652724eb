"""Whoosh posting lists read a block at a time.

Whoosh's matcher for a posting list on disk reads it in blocks of up to 128
postings (ids, weights and values each one pickled tuple), but steps through
a block one Python call at a time: ``skip_to`` calls ``next`` and ``id`` per
posting, which was most of a common-word phrase's time (`ให้โอกาส` on 28,000
articles: 40,000 skip_to and 390,000 id calls). These helpers take a block's
tuples whole. They touch the matcher's block attributes, which Whoosh does
not promise; any other matcher (a short posting list is inlined as a
ListMatcher) goes through the public calls, and tests/test_runs.py and
tests/test_conjunction.py check the results against Whoosh's own queries.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.system import _INT_SIZE

__all__ = ["all_ids_of", "held_by", "docs_of", "decode_positions"]


def all_ids_of(matcher) -> list[int]:
    """Every document number of a fresh term matcher."""
    if not isinstance(matcher, W3LeafMatcher):
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i:])
        if matcher._lastblock:
            break
        matcher._next_block()
    return ids


def held_by(matcher, docs: list[int]) -> Iterator[int]:
    """Those of `docs` (sorted) a fresh term matcher holds, leaving it on each in turn."""
    if not isinstance(matcher, W3LeafMatcher):
        yield from _visits(matcher, docs)
        return
    j, n = 0, len(docs)
    asked = None
    while j < n and matcher.is_active():
        top = matcher.block_max_id()
        if docs[j] <= top:
            k = bisect_right(docs, top, j)
            if matcher._ids is None:
                matcher._read_ids()
            ids = matcher._ids
            i, size = matcher._i, len(ids)
            # value(), weight() and score() read the block at _i
            if k - j > size - i:  # more articles asked about than postings here
                asked = asked if asked is not None else set(docs)
                for i in range(i, size):
                    if ids[i] in asked:
                        matcher._i = i
                        yield ids[i]
            else:
                for doc in docs[j:k]:
                    i = bisect_left(ids, doc, i)
                    if i == size:
                        break
                    if ids[i] == doc:
                        matcher._i = i
                        yield doc
            j = k
        if matcher._lastblock:
            break
        matcher._next_block()


def docs_of(matcher, among: list[int] | None = None) -> Iterable[int]:
    """The documents of a fresh term matcher, or those of `among` (sorted) it holds."""
    return all_ids_of(matcher) if among is None else held_by(matcher, among)


def _visits(matcher, docs: list[int]) -> Iterator[int]:
    """Those of `docs` (sorted) the matcher holds, leaving it on each in
    turn: the matcher and the list leapfrog (a one-article term is one
    step, not one per article asked about)."""
    i, n = 0, len(docs)
    while i < n and matcher.is_active():
        at = matcher.id()
        if at < docs[i]:
            matcher.skip_to(docs[i])
            continue
        i = bisect_left(docs, at, i)
        if i < n and docs[i] == at:
            yield at
            i += 1


def decode_positions(value: bytes) -> Iterator[int]:
    """Whoosh's ``Positions.decode_positions``, with the running sum in C.

    A value is the count (4 bytes), then the gaps between positions pickled
    (its trailing stop byte may be trimmed); Whoosh adds the gaps up in a
    Python loop, a third of a common-word phrase's time.
    """
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_INT_SIZE:]))
