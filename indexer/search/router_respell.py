"""Did-you-mean over a sharded archive, asked within the page's own round trips.

``readings.respelt`` tries a unit's respellings (``respell``): the whole-word
texts continuing it in every shard, then how many articles hold each near
one. On a cluster each of these is a round trip to every shard, whatever
the shards do in it (about 2 ms on loopback Ray, 4 shards). So the router
guesses after the tally which units ``respelt`` will try
(``readings.likely_respelt``), asks for their continuations with the match
and for the near ones' articles with the fetch: a misspelt query's page
takes the three round trips of any other. A unit it did not guess is asked
for when ``respelt`` tries it, in two round trips of its own, as before; the
suggestion is the same either way, only its cost differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from indexer.matching.shared import QueryStats
from indexer.query.parse import Unit

from .readings import likely_respelt
from .respell import longest_continuations, most_likely, near_respellings

__all__ = ["Respellings"]

Step = tuple[str, tuple]


class Respellings:
    """Units' respellings over the shards, gathered step by step (see the module docstring).

    `texts`: the units whose continuations the next round trip asks for."""

    def __init__(self, texts: Iterable[str] = ()):
        self.texts = sorted(set(texts))
        self._near: dict[str, list[tuple[str, int]]] = {}  # unit -> its near respellings, edits
        self._held: dict[str, int] = {}  # respelling -> the archive's articles holding it as whole words
        self._counting: list[str] = []  # respellings whose articles the next round trip asks for

    @classmethod
    def guessed(cls, q: str, units: list[Unit], stats: QueryStats, readable: list[tuple[Unit, list[str]]],
                total: int, doc_count: int, is_known: Callable[[str], bool]) -> Respellings:
        """For those of the query's (positive) `units` did-you-mean will likely try, from the
        query's tally over the archive (``readings.likely_respelt``: `stats.found`, the
        units' articles in `stats.df`)."""
        return cls(likely_respelt(q, units, stats.found, dict(readable), total,
                                  lambda unit: stats.df.get(("unit", unit), 0), doc_count, is_known))

    def continuations_asked(self, token: tuple) -> list[Step]:
        """The step asking every shard for the continuations of `texts` (none: nothing to ask)."""
        return [("respell", (token, self.texts))] if self.texts else []

    def took_continuations(self, parts: list[list[dict[int, set[str]]]]) -> None:
        """Every shard's answer to ``continuations_asked``: the near respellings, whose articles are asked next."""
        for i, text in enumerate(self.texts):
            self._near[text] = near_respellings(text, longest_continuations([part[i] for part in parts]))
        self.texts = []
        self._counting = sorted({t for near in self._near.values() for t, _ in near} - self._held.keys())

    def counts_asked(self, token: tuple) -> list[Step]:
        """The step asking every shard how many articles hold each near respelling."""
        return [("whole_words", (token, self._counting))] if self._counting else []

    def took_counts(self, parts: list[list[int]]) -> None:
        """Every shard's answer to ``counts_asked``, added up."""
        for i, text in enumerate(self._counting):
            self._held[text] = sum(part[i] for part in parts)
        self._counting = []

    def to_ask(self, texts: Iterable[str]) -> bool:
        """Ask next for those of `texts` not gathered yet (``respelt``'s units not guessed): any?"""
        self.texts = sorted({t for t in texts if t not in self._near})
        return bool(self.texts)

    def likeliest(self, text: str, at_least: int) -> list[str]:
        """`text`'s respellings held as whole words in more than `at_least` articles, most
        likely first (``respell.most_likely``), once gathered."""
        near = self._near[text]
        return most_likely(near, [self._held[t] for t, _ in near], at_least)
