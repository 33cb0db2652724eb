"""The search service: results with snippets and facets, articles, officials, did-you-mean, overview.

``open_service`` gives what the web app and the CLI call (``results.SearchService``):
``Searcher`` (``service``) for one index, which owns the index generation it
reads through and shapes every answer; ``router.Router`` for a sharded archive
(``index.shards``), its shards read in this process or, given a Ray cluster's
address, by actors on the cluster (``cluster``).
"""

from __future__ import annotations

from pathlib import Path

from .results import SearchService
from .service import QueryError, Searcher

__all__ = ["Searcher", "QueryError", "open_service"]


def open_service(index_dir: str | Path, cluster: str | None = None) -> SearchService:
    """The search service of the index at `index_dir`: ``open_service("/tmp/index").search("สงขลา")``.

    One index: a ``Searcher``. A sharded archive: the router over its shards,
    read here, or served by actors on the Ray cluster at `cluster` (host:port).
    """
    from indexer.index.shards import is_sharded

    if cluster:
        from .cluster import cluster_router

        return cluster_router(cluster, index_dir)
    if is_sharded(index_dir):
        from .router import Router

        return Router.local(index_dir)
    return Searcher(index_dir)
