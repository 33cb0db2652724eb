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

from dataclasses import dataclass

import numpy as np

from indexer.settings import RERANK, RERANK_ALL_OCCURRENCES

__all__ = ["Candidates", "merge", "top"]

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

    def __len__(self) -> int:
        return len(self.docs)

    def pick(self, rows: np.ndarray) -> Candidates:
        """These candidates only (`rows`, in the order given)."""
        return Candidates(self.docs[rows], self.keys[rows], self.ties[rows],
                          None if self.bonus is None else self.bonus[rows],
                          None if self.primary is None else self.primary[rows], self.complete, self.occurrences,
                          self.split)


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
