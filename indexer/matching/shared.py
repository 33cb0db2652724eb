"""What a shard must know of the whole archive to match and rank as one index does.

A sharded archive is searched shard by shard (``search.router``). Ranking
and a few decisions of matching depend on the whole archive, not on the
articles one shard holds; they are gathered from every shard and given
back to each:

- **once per generation** (``ArchiveStats``): the article count and the
  headline and body lengths (BM25's idf and length norms), the officials'
  names (which units are names, how a unit splits into words) and how many
  articles write each spelling (a person's usual spelling);
- **per query** (``QueryStats``): how many articles hold each unit and
  word (idf, within the filters), how often each form occurs (a text in
  nearly every article is counted per article; an AND reads its rarest
  unit first), whether each unit occurs at all, and the totals that decide
  the words reading (do the verbatim matches fill the first page? do the
  words find more?).

A shard's view answers these through its ``Shared`` (``IndexView.shared``):
it records what the shard itself holds and, when the archive's figures
were given, answers with them. One index answers with its own: a
``Shared`` given nothing. `ทุเรียนหมอนทอง` held by 6 articles, all in shard
0 of 3, has the idf of 6 of the archive's articles in every shard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ArchiveStats", "QueryStats", "Shared", "LOCAL"]


@dataclass
class ArchiveStats:
    """The archive's figures every shard's view uses, gathered once per generation of the shards."""

    doc_count: int
    title_len: float  # the headlines' lengths, summed over live articles
    body_len: float
    spelled: dict[str, int]  # per spelling of an official's name: the articles writing it
    token: tuple = ()  # the shards' generations they were gathered from

    @classmethod
    def of(cls, parts: list[ArchiveStats]) -> ArchiveStats:
        """The archive's figures from its shards' own."""
        spelled: dict[str, int] = {}
        for part in parts:
            for name, n in part.spelled.items():
                spelled[name] = spelled.get(name, 0) + n
        return cls(sum(p.doc_count for p in parts), sum(p.title_len for p in parts),
                   sum(p.body_len for p in parts), spelled, tuple(t for p in parts for t in p.token))


@dataclass
class QueryStats:
    """One evaluation's figures (see the module docstring), by key: ``df`` by what an idf is
    of, ``occurrences`` by form or unit, ``found`` by unit, ``totals`` by ``exact`` /
    ``combined``."""

    df: dict[Any, int] = field(default_factory=dict)
    occurrences: dict[Any, int] = field(default_factory=dict)
    found: dict[Any, bool] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, parts: list[QueryStats]) -> QueryStats:
        """The archive's figures from the shards': counts summed, `found` when any shard found it."""
        out = cls()
        for part in parts:
            for name in ("df", "occurrences", "totals"):
                mine, theirs = getattr(out, name), getattr(part, name)
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            for key, found in part.found.items():
                out.found[key] = out.found.get(key, False) or found
        return out


class Shared:
    """The figures one evaluation decides by: the shard's own, recorded in ``seen``, or the
    archive's when `given` (see the module docstring).

    What the figures decide (a unit found, a form dense, an AND's order) is also kept when
    recording, so that ``decided_alike`` can tell whether the archive's would have decided
    the same: a shard then reuses what its tally read (``search.shard``)."""

    def __init__(self, given: QueryStats | None = None, record: bool = True):
        self.given, self.record = given, record
        self.seen = QueryStats()
        self._decided: list[tuple[str, Any, Any, Any]] = []  # (kind, key, local figure, outcome)

    def _value(self, kind: str, key: Any, local: Any) -> Any:
        if self.record:
            getattr(self.seen, kind)[key] = local
        if self.given is None:
            return local
        return getattr(self.given, kind).get(key, local)

    def _decide(self, kind: str, key: Any, local: Any, outcome: Any) -> Any:
        if self.record:
            self._decided.append((kind, key, local, outcome))
        return outcome

    def df(self, key: Any, local: int) -> int:
        """Articles holding what an idf is of (`key`: ``("unit", unit)``, ``("word", ...)``)."""
        return self._value("df", key, local)

    def occurrences(self, key: Any, local: int) -> int:
        """Occurrences of a form (``("find", pattern)``) or of a unit's forms (``("text", unit)``)."""
        return self._value("occurrences", key, local)

    def dense(self, key: Any, local: int, threshold: int) -> bool:
        """Does a form occur more than `threshold` times (`ๆ` in a 28k archive: counted per article)?"""
        return self._decide("dense", (key, threshold), local, self.occurrences(key, local) > threshold)

    def order(self, keys: list[Any], local: list[int]) -> list[int]:
        """The places of `keys` (each with its occurrences here, `local`; None: not the
        archive's, as is) from the rarest to the commonest, ties as given: an AND's order."""
        figures = [self.occurrences(k, n) if k is not None else n for k, n in zip(keys, local)]
        return self._decide("order", tuple(keys), tuple(local), _rarest_first(figures))

    def found(self, unit: Any, local: bool) -> bool:
        """Does the unit occur (as typed or through a variant) in the archive?"""
        return self._decide("found", unit, local, self._value("found", unit, local))

    def total(self, which: str, local: int) -> int:
        """The matches of the query's verbatim (``exact``) or words (``combined``) reading."""
        return self._value("totals", which, local)

    def mark(self) -> int:
        """Where the decisions recorded so far end (``decided_since``)."""
        return len(self._decided)

    def decided_since(self, mark: int) -> list[tuple[str, Any, Any, Any]]:
        """The decisions recorded since `mark`: what one reading decided by (``decided_alike``)."""
        return self._decided[mark:]

    def decided_alike(self, given: QueryStats, decided: list[tuple[str, Any, Any, Any]] | None = None) -> bool:
        """Would the archive's figures `given` have decided what this evaluation decided by
        its own (recorded; `decided`: only these of them)? Then every unit it read (those
        decisions' reading) reads the same under them.

        >>> mine = Shared()
        >>> mine.found("ทุเรียนหมอนทอง", False), mine.order([("text", "a"), ("text", "b")], [5, 9])
        (False, [0, 1])
        >>> archive = QueryStats(occurrences={("text", "a"): 5, ("text", "b"): 9})
        >>> mine.decided_alike(QueryStats(archive.df, archive.occurrences, {"ทุเรียนหมอนทอง": True}))
        False
        >>> mine.decided_alike(QueryStats(archive.df, archive.occurrences, {"ทุเรียนหมอนทอง": False}))
        True
        """
        for kind, key, local, outcome in self._decided if decided is None else decided:
            if kind == "found":
                alike = given.found.get(key, local) == outcome
            elif kind == "dense":
                (form, threshold) = key
                alike = (given.occurrences.get(form, local) > threshold) == outcome
            else:  # "order"
                figures = [given.occurrences.get(k, n) if k is not None else n for k, n in zip(key, local)]
                alike = _rarest_first(figures) == outcome
            if not alike:
                return False
        return True


def _rarest_first(figures: list[int]) -> list[int]:
    return sorted(range(len(figures)), key=figures.__getitem__)


LOCAL = Shared(record=False)  # one index: its own figures, nothing recorded
