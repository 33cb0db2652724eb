"""The search service of a sharded archive: a router that scatters to the shards and gathers.

``Router`` implements the ``SearchService`` (``results``) over one backend
per shard (``LocalShard`` in this process, or a shard's replicas on a Ray
cluster, ``cluster``), asked together (``scatter``), and answers exactly
what one index of the same articles answers (``tests/test_router.py``: 1,
2 and 3 shards, a term all in one shard):

1. **the archive's figures**, once per generation of the shards
   (``matching.shared.ArchiveStats``): article count, lengths, officials'
   spellings, given back to every shard;
2. **tally**: each shard's document frequencies, occurrences, found units
   and totals for the query, summed (``QueryStats``), asked in the same
   round trip as the official the query names (``Shard.steps``);
3. **match**: each shard evaluates with the summed figures and gives its
   totals, the facets' parts and its candidates (``matching.order``),
   merged into one order;
4. **fetch**: snippets only for the page shown, from the shard holding
   each article.

Did-you-mean's respellings ride along (``router_respell``): asked with the
match for the units the tally says it will try, counted with the fetch.

Deep pages: a result's ``next`` cursor (the last hit's score and id) given
back as `search_after` asks each shard only for what follows it.

A shard none of whose replicas answers within the timeout is left out
(``scatter``): the answer says ``shards: {"total", "ok", "failed"}`` and
``partial``, its totals and facets are then lower bounds
(``total_is_lower_bound``). A
shard down when the figures are gathered (a router started while a node is
gone) is left out of them too, so the router answers from the others
rather than not at all; each request asks it first whether it is back (one
wait, as for a shard lost later), and once it answers the figures are
gathered again, whole, and the answers are one index's again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from indexer.matching.order import cursor_after, merge, page_of
from indexer.matching.shared import QueryStats
from indexer.query.params import QueryError, SearchParams, parse_params
from indexer.query.parse import Node, Unit, parse, positive_units

from .answer import search_result
from .facets import facets_of
from .interpret import said
from .readings import respelt, words_query, words_reading
from .results import SearchResult
from .router_people import ArchiveParts
from .router_respell import Respellings
from .scatter import LocalShard

__all__ = ["Router"]


class _Tally:
    """A query's figures over the archive (phase 1): what the shards decide by, the total."""

    def __init__(self, parts: list[dict], first_page: int):
        self.stats = QueryStats.of([p["stats"] for p in parts])
        self.readable = parts[0]["readable"] if parts else []
        totals = self.stats.totals
        self.words = False  # the words reading adds articles
        if "exact" not in totals:
            self.total = sum(p["total"] for p in parts)
        elif not self.readable or totals["exact"] >= first_page:
            self.total = totals["exact"]
        else:
            combined = totals.get("combined", totals["exact"])
            self.words = not (combined == totals["exact"] and totals["exact"])
            self.total = combined if self.words else totals["exact"]

    @property
    def fell_back(self) -> bool:
        """Is a unit read only as its words (found nowhere verbatim)?"""
        return self.words and any(not self.stats.found.get(u, False) for u, _ in self.readable)


class Router(ArchiveParts):
    """The ``SearchService`` of a sharded archive (see the module docstring), over one
    backend per shard (``scatter.Shards``)."""

    @classmethod
    def local(cls, index_dir: str | Path) -> Router:
        """The router over a sharded archive's shards, read in this process."""
        from indexer.index.shards import shard_dirs

        return cls([LocalShard(d) for d in shard_dirs(index_dir)], index_dir)

    # ------------------------------------------------------------ searching

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance", facets: bool = True,
               search_after: str | None = None, **chosen: Any) -> SearchResult:
        """A search of the archive, as ``Searcher.search`` answers it (see the module docstring)."""
        started = time.perf_counter()
        params = parse_params(q, date_from, date_to, page, size, sort, chosen=chosen, newest=self.newest_date,
                              search_after=search_after)
        out = self._ask(lambda token: self._search(token, params, facets))
        out["took_ms"], out["cached"] = round((time.perf_counter() - started) * 1000, 1), False
        return cast(SearchResult, out)

    def tally(self, token: tuple, params: SearchParams) -> _Tally:
        """A query's figures over the archive (phase 1)."""
        parts = self._scatter("tally", token, params)
        return _Tally(list(parts.values()), params.size)

    def _search(self, token: tuple, params: SearchParams, facets: bool) -> dict:
        # the official named is asked with the tally: one round trip fewer on a cluster
        asked: list[tuple[str, tuple]] = [("tally", (token, params, True))]  # kept for the match
        opening = self._scatter("steps", asked + ([("named", (token, params.q))] if params.q else []))
        tally = _Tally([a[0] for a in opening.values()], params.size)
        named = [a[1] for a in opening.values()] if params.q else []
        order = params.sort if params.q else ("oldest" if params.sort == "oldest" else "date")
        depth = params.after.at + params.size if params.after else params.page * params.size
        # the words reading's count, when the tally says it will be offered: in the same round trip
        spaced = words_query(params.q, tally.readable) if params.q and not tally.words else None
        # did-you-mean's respellings, of the units it will likely try: with the match and the fetch
        node = parse(params.q) if params.q else None
        units = positive_units(node) if node is not None else []
        respellings = Respellings.guessed(params.q, units, tally.stats, tally.readable, tally.total,
                                          self.archive.doc_count, self.is_known)
        asked = [("match", (token, params, tally.stats, depth, order, facets))]
        answered = self._scatter("steps", asked + ([("count", (token, spaced[1], params))] if spaced else [])
                                 + respellings.continuations_asked(token))
        answers = {k: a[0] for k, a in answered.items()}
        counted = {k: a[1] for k, a in answered.items()} if spaced else {}
        if respellings.texts:
            respellings.took_continuations([a[-1] for a in answered.values()])
        shards = sorted(answers)
        part, row, keys, before = page_of([answers[k]["candidates"] for k in shards], params.page, params.size,
                                          params.after, order)
        page = [(shards[int(p)], int(r), float(key)) for p, r, key in zip(part, row, keys)]
        first = answers[shards[0]] if shards else None
        total = sum(a["total"] for a in answers.values())
        exact_total = sum(a["exact_total"] for a in answers.values())
        fetched = self._fetch(token, page, answers, first["groups"] if first else [], respellings)
        try:  # the facets added up while the shards make the page's snippets
            merged = facets_of([a["facets"] for a in answers.values()], total, params.date_from, params.date_to,
                               self.official_names) if facets else {}
        finally:
            hits = fetched()
        readable: list[tuple[Unit, list[str]]] = first["readable"] if first else []
        after = cursor_after(before + len(hits), answers[page[-1][0]]["candidates"], page[-1][1], page[-1][2],
                             hits[-1]["id"]) if len(hits) == params.size and len(page) == len(hits) else None
        outside = SearchParams(**{**params.__dict__, "date_from": None, "date_to": None})
        out = search_result(
            params, total, exact_total, first["relaxed"] if first else [],
            said(first["described"] if first else [], exact_total, total), hits,
            (lambda: merged) if facets else None, after,
            lambda: self._words_reading(token, params, readable, bool(first and first["split"]), total,
                                        (spaced[1], counted) if spaced else None),
            lambda: self._did_you_mean(token, params, answers, units, total, respellings) if first else None,
            lambda: self.official(token, named),
            lambda: self.tally(token, outside).total)
        said_shards = self._shards_said()
        out["shards"] = said_shards
        if said_shards["failed"]:
            out["partial"] = out["total_is_lower_bound"] = True
        return out

    def ranked_ids(self, q: str, date_from: str | None = None, date_to: str | None = None,
                   limit: int = 300) -> list[str]:
        """The ids of the first `limit` matches, in order, with no snippet or facet made
        (``probes.search_ids``)."""
        params = parse_params(q, date_from, date_to, newest=self.newest_date)
        order = "relevance" if params.q else "date"

        def work(token: tuple) -> list[str]:
            stats = self.tally(token, params).stats
            answers = self._scatter("match", token, params, stats, limit, order, False)
            shards = sorted(answers)
            found = [answers[k]["candidates"] for k in shards]
            part, row, _ = merge(found, limit, order)
            return [str(found[int(p)].ties[int(r)]) for p, r in zip(part, row)]

        return self._ask(work)

    def _fetch(self, token: tuple, page: list[tuple[int, int, float]], answers: dict, groups: list,
               respellings: Respellings) -> Callable[[], list[dict]]:
        """The page's hits with snippets, each from its shard (phase 3), and in the same round
        trip the articles of the respellings gathered with the match: asked now, gathered by
        the call it returns (``_scattered``)."""
        by_shard: dict[int, list[int]] = {}
        for at, (k, _, _) in enumerate(page):
            by_shard.setdefault(k, []).append(at)
        docs = {k: [int(answers[k]["candidates"].docs[page[at][1]]) for at in ats] for k, ats in by_shard.items()}
        keys = {k: [page[at][2] for at in ats] for k, ats in by_shard.items()}
        counting = respellings.counts_asked(token)

        def steps(k: int) -> tuple[list]:
            return ([("fetch", (token, docs[k], keys[k], groups))] if k in by_shard else []) + counting,

        asked = sorted(set(by_shard) | (set(range(len(self.backends))) if counting else set()))
        gather = self._scattered("steps", shards=asked, each=steps)

        def gathered() -> list[dict]:
            fetched = gather()
            if counting:
                respellings.took_counts([a[-1] for a in fetched.values()])
            hits: list[dict | None] = [None] * len(page)
            for k, answered in fetched.items():
                if k not in by_shard:
                    continue
                for at, record in zip(by_shard[k], answered[0]):
                    record["reading"] = answers[k]["readings"][page[at][1]]
                    hits[at] = record
            return [h for h in hits if h is not None]

        return gathered

    def _count(self, token: tuple, q: str, params: SearchParams | None = None) -> int:
        """What a search for `q` finds (within `params`' filters, else none)."""
        try:
            spaced = SearchParams(**{**(params or SearchParams()).__dict__, "q": q})
            return self.tally(token, spaced).total
        except QueryError:
            return 0

    def _words_reading(self, token: tuple, params: SearchParams, readable: list, split: bool,
                       total: int, counted: tuple[Node, dict] | None) -> dict | None:
        """`counted`: the spaced query's node and each shard's count of it, asked with the match."""
        def count_of(node: Node) -> int | None:
            parts = counted[1] if counted is not None and counted[0] == node else \
                self._scatter("count", token, node, params)
            if any(p is None for p in parts.values()):
                return None
            found = sum(parts.values())
            words = any(self.split_words(u.text) for u in positive_units(node)
                        if not u.phrase and u.field is None and not self.names.knows(u.text))
            return None if words and found < params.size else found

        return words_reading(params.q, readable, split, total, count_of, lambda alt: self._count(token, alt, params))

    def _did_you_mean(self, token: tuple, params: SearchParams, answers: dict, units: list[Unit],
                      total: int, respellings: Respellings) -> str | None:
        first = next(iter(answers.values()))

        def tried(alt: str) -> tuple[int, bool] | None:
            try:
                found = self.tally(token, SearchParams(**{**params.__dict__, "q": alt}))
            except QueryError:
                return None
            return found.total, found.fell_back

        def expect(asks: list[tuple[str, int]]) -> None:
            """The respellings of the units not guessed with the tally: two round trips
            whatever the units (each unit's own two were most of a misspelt query's page)."""
            if not respellings.to_ask(text for text, _ in asks):
                return
            respellings.took_continuations([a[0] for a in self._scatter(
                "steps", respellings.continuations_asked(token)).values()])
            counting = respellings.counts_asked(token)
            if counting:
                respellings.took_counts([a[0] for a in self._scatter("steps", counting).values()])

        return respelt(params.q, units, first["resolved"], dict(first["readable"]), total,
                       lambda unit: sum(a["holding"].get(unit, 0) for a in answers.values()),
                       self.archive.doc_count, self.is_known, respellings.likeliest, tried, expect)

    def count(self, q: str) -> int:
        """How many articles a search for `q` finds (no filters): the suggestions' counts."""
        return self._ask(lambda token: self._count(token, q))
