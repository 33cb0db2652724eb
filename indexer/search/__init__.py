"""The search service: results with snippets and facets, articles, officials, did-you-mean, overview.

``Searcher`` (``service``) is what the web app and the CLI call; it owns
the index generation it reads through and shapes every answer.
"""

from .service import QueryError, Searcher

__all__ = ["Searcher", "QueryError"]
