"""What benchmarks, the evaluation and tests ask of a ``Searcher`` beyond its façade.

The web layer and the CLI call the ``SearchService`` (``results``) only. A
measurement needs more: a search's ranked ids with no snippet, facet or
stored document read (``search_ids``: the evaluation's engine interface),
a search done in full rather than answered from the result cache
(``forget_results``), and the generation being read (``current_view``,
``whoosh_searcher``: one index only). ``search_ids`` and ``forget_results``
take a sharded archive's router too. They read through the searcher's current generation
under its lock, as its own methods do: ``search_ids(searcher,
"ผู้ว่าราชการจังหวัดสงขลา", limit=10)`` is the ids of the first page's ten
articles, in the page's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from indexer.matching.view import IndexView
from indexer.query.params import parse_params

from .router import Router
from .service import Searcher, match

__all__ = ["search_ids", "forget_results", "current_view", "whoosh_searcher"]


def search_ids(searcher: Searcher | Router, q: str, date_from: str | None = None, date_to: str | None = None,
               limit: int = 300) -> list[str]:
    """The ids of the first `limit` matches of `q`, ranked as ``search`` ranks them (newest
    first for an empty query); refusals raise QueryError as ``search``'s do."""
    if isinstance(searcher, Router):
        return searcher.ranked_ids(q, date_from, date_to, limit)
    params = parse_params(q, date_from, date_to)
    with searcher._reading() as gen:
        _, matches = match(gen, params)
        docs, _ = matches.ranked(limit, "relevance" if params.q else "date")
        column = gen.ids()
        return [column[int(d)] for d in docs]


def forget_results(searcher: Searcher | Router) -> None:
    """Drop the searcher's cached results: its next searches are done in full (timing). (A
    sharded archive's router keeps none.)"""
    if isinstance(searcher, Searcher):
        searcher._forget_results()


def current_view(searcher: Searcher) -> IndexView:
    """The matching layer's view of the generation the searcher reads now."""
    with searcher._reading() as gen:
        return gen.view


@contextmanager
def whoosh_searcher(searcher: Searcher) -> Iterator[Any]:
    """The Whoosh searcher of the current generation, held by this thread until the block ends."""
    with searcher._reading() as gen:
        yield gen.searcher
