"""The order of a query's matches: each index's or shard's candidates, then one order.

One index gives its candidates (``Matches.candidates``) and orders them
(``merge``); a sharded archive's router (``search.router``) merges the
candidates of every shard with the same ``merge``, so the order is one
index's: the ranking key (``ranking``), equal keys by the article's id.

Closeness (``ranking.closeness_bonus``) reorders a window of the best
matches by key: every match when the query's occurrences in the archive
are few (``RERANK_ALL_OCCURRENCES``, and the words reading added nothing),
else the best ``max(depth, RERANK)``. An article of the archive's window
is in its own shard's window (a shard's best are the archive's best
within it), so each shard measures closeness for its own window and the
merge adds a bonus only inside the archive's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.query.params import Cursor, QueryError
from indexer.settings import MAX_RESULT_DEPTH, RERANK, RERANK_ALL_OCCURRENCES

__all__ = ["Candidates", "merge", "top", "follows", "page_of", "cursor_after", "window_of", "DATED"]

DATED = ("date", "oldest")


@dataclass
class Candidates:
    """The matches of one index or shard that can be among the first `depth`, with what
    orders them. `docs`: article numbers of its view; `keys`: the ranking key without
    closeness; `ties`: what orders equal keys (id ranks in one view, ids across shards);
    `bonus`: closeness per candidate (None: nothing to measure); `primary`: the date
    order's key (``date``/``oldest``); `complete`: every match is here, measured;
    `occurrences`: what closeness would read; `split`: the words reading added articles."""

    docs: np.ndarray
    keys: np.ndarray
    ties: np.ndarray
    bonus: np.ndarray | None = None
    primary: np.ndarray | None = None
    complete: bool = False
    occurrences: int = 0
    split: bool = False
    paged: bool = False  # only those after a cursor (``follows``)

    def __len__(self) -> int:
        return len(self.docs)

    def pick(self, rows: np.ndarray) -> Candidates:
        """These candidates only (`rows`, in the order given)."""
        return Candidates(self.docs[rows], self.keys[rows], self.ties[rows],
                          None if self.bonus is None else self.bonus[rows],
                          None if self.primary is None else self.primary[rows], self.complete, self.occurrences,
                          self.split, self.paged)


def follows(found: Candidates, after: Cursor, ids: Callable[[np.ndarray], list[str]]) -> np.ndarray:
    """Which candidates come after the cursor `after` in the order (date key, then key
    down, then id); `ids(docs)` reads the ids of those tied with it. Exact where the
    order is the key's (no closeness window, ``Matches.candidates``)."""
    primary = found.primary if found.primary is not None else np.zeros(len(found), dtype=np.int64)
    later = (primary > after.primary) | ((primary == after.primary) & (found.keys < after.key))
    tied = np.flatnonzero((primary == after.primary) & (found.keys == after.key))
    if len(tied):
        later[tied] = np.array([i > after.id for i in ids(found.docs[tied])], dtype=bool)
    return later


def page_of(parts: list[Candidates], page: int, size: int, after: Cursor | None,
            sort: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The results of the page asked for (``page``, or those after the cursor `after`) from
    the candidates of an index or of every shard: per result its part, its row, its key,
    and how many results come before the page."""
    paged = after is not None and any(p.paged for p in parts)
    before = 0 if after is None else after.at
    if after is not None and not paged and before + size > MAX_RESULT_DEPTH:
        raise QueryError(f"only the first {MAX_RESULT_DEPTH:,} results of a query whose closeness reorders them "
                         "can be paged to", code="page_too_deep", page=before // size + 1, limit=MAX_RESULT_DEPTH)
    depth = size if paged else (before + size if after is not None else page * size)
    part, row, keys = merge(parts, depth, sort)
    start = 0 if paged else (before if after is not None else (page - 1) * size)
    return part[start:], row[start:], keys[start:], before if after is not None else (page - 1) * size


def cursor_after(at: int, found: Candidates, row: int, key: float, doc_id: str) -> str:
    """The ``next`` cursor of a page whose last result is `found`'s `row` (key `key` with
    closeness), `at` results in."""
    primary = int(found.primary[row]) if found.primary is not None else 0
    return str(Cursor(at, primary, float(key), doc_id))


def window_of(depth: int, occurrences: int, split: bool, measured: bool, matches: int) -> int:
    """How many of the best matches by key closeness reorders (see the module docstring):
    `occurrences` of the whole archive, `matches` its count."""
    if not measured:
        return depth
    if occurrences <= RERANK_ALL_OCCURRENCES and not split:
        return matches
    return max(depth, RERANK)


def merge(parts: list[Candidates], depth: int, sort: str = "relevance") -> tuple[np.ndarray, np.ndarray,
                                                                                   np.ndarray]:
    """The first `depth` of every part's candidates, in one order: per result its part, its
    row in that part and its key (closeness added where it counts)."""
    part = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)]) if parts \
        else np.zeros(0, dtype=np.int64)
    row = np.concatenate([np.arange(len(p)) for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    keys = np.concatenate([p.keys for p in parts]) if parts else np.zeros(0)
    ties = np.concatenate([p.ties for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    if sort in DATED:
        primary = np.concatenate([p.primary for p in parts if p.primary is not None]) if parts \
            else np.zeros(0, dtype=np.int64)
        order = np.lexsort((ties, -keys, primary))[:depth]
        return part[order], row[order], keys[order]
    measured = any(p.bonus is not None for p in parts)
    occurrences = sum(p.occurrences for p in parts)
    window = window_of(depth, occurrences, any(p.split for p in parts), measured, len(keys))
    chosen = top(keys, ties, window)
    chosen_keys = keys[chosen]
    if measured and len(chosen) > 1:
        bonus = np.concatenate([p.bonus if p.bonus is not None else np.zeros(len(p)) for p in parts])
        chosen_keys = chosen_keys + bonus[chosen]
        order = np.lexsort((ties[chosen], -chosen_keys))
        chosen, chosen_keys = chosen[order], chosen_keys[order]
    return part[chosen[:depth]], row[chosen[:depth]], chosen_keys[:depth]


def top(keys: np.ndarray, ties: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` largest keys, largest first (equal keys by their `ties`, the
    smallest first): the first `k` of the full order, so a deeper page never reorders
    the pages before it."""
    if len(keys) > k:
        kth = np.partition(keys, len(keys) - k)[len(keys) - k]  # the k-th largest
        above = np.flatnonzero(keys > kth)
        level = np.flatnonzero(keys == kth)
        level = level[np.argsort(ties[level], kind="stable")]
        part = np.concatenate([above, level[:k - len(above)]])
    else:
        part = np.arange(len(keys))
    return part[np.lexsort((ties[part], -keys[part]))]
