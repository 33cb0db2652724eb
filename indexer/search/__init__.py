"""The search service: queries in, results, articles, officials and statistics out (see ``service``)."""

from .service import MAX_PAGE_SIZE, QueryError, Searcher

__all__ = ["Searcher", "QueryError", "MAX_PAGE_SIZE"]
