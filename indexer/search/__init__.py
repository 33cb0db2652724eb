"""The search service: queries in, results, articles, officials and statistics out (see ``service``)."""

from .service import QueryError, Searcher

__all__ = ["Searcher", "QueryError"]
