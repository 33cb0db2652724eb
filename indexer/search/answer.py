"""A search's answer, shaped once: the keys of the JSON and when each part is worked out.

``service.Searcher`` (one index) and ``router.Router`` (a sharded archive)
compute the parts their own way and shape the answer here, so both give
the same keys under the same rules: the words reading and the official's
card on the first page only (not on a page after a cursor), did-you-mean
for a query, the matches outside the dates when none is inside.
"""

from __future__ import annotations

from collections.abc import Callable

from indexer.facet_table import FACETS
from indexer.query.params import SearchParams

__all__ = ["search_result"]


def search_result(params: SearchParams, total: int, exact_total: int, relaxed: list[str], interpretation: dict,
                  hits: list[dict], facets: Callable[[], dict] | None, after: str | None,
                  words_reading: Callable[[], dict | None], suggestion: Callable[[], str | None],
                  official: Callable[[], dict | None], outside_dates: Callable[[], int | None]) -> dict:
    """The JSON-ready answer (README, "HTTP API"); `facets` None: not asked for."""
    first = params.page == 1 and params.after is None
    return {
        "query": params.q,
        "total": total,
        "page": params.page,
        "size": params.size,
        "sort": params.sort,
        "from": params.date_from.isoformat() if params.date_from else None,
        "to": params.date_to.isoformat() if params.date_to else None,
        # the chosen values of each facet: "categories", "people"
        **{facet.chosen: list(params.chosen.get(facet.name, ())) for facet in FACETS.chosen()},
        "relaxed": relaxed,
        "counts": {"exact": exact_total, "words": total - exact_total},
        "words_reading": words_reading() if first else None,
        "interpretation": interpretation,
        "suggestion": suggestion() if params.q else None,
        "hits": hits,
        "facets": facets() if facets is not None else None,
        "official": official() if params.q and first else None,
        "outside_dates": outside_dates() if not total and params.q and (params.date_from or params.date_to)
        else None,
        "next": after,
    }
