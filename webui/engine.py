"""The app's search service: one per app, opened on first use, shared by requests.

It lives in ``app.extensions`` (Flask's place for per-app state), not in a
module global, so two apps in one process (tests, an embedding host) each
have their own, and it is closed when its app goes away.
"""

from __future__ import annotations

import threading
import weakref

from flask import Flask, current_app

from indexer.search import open_service
from indexer.search.results import SearchService

__all__ = ["get_searcher", "warm", "close_searcher"]

_KEY = "thainews.searcher"
_lock = threading.Lock()


def get_searcher() -> SearchService:
    """The app's search service for its index (raises IndexMissing): the one
    interface pages and the API call (``indexer.search.results.SearchService``)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    searcher: SearchService | None = app.extensions.get(_KEY)
    if searcher is None:
        with _lock:
            searcher = app.extensions.get(_KEY)
            if searcher is None:
                searcher = app.extensions[_KEY] = _service(app)
                weakref.finalize(app, searcher.close)
    return searcher


def _service(app: Flask) -> SearchService:
    """The index (or a sharded archive's shards) read in this process, or a sharded archive's
    shards served on the Ray cluster of ``CLUSTER`` (``THAINEWS_CLUSTER``, ``thainews serve
    --cluster``): ``indexer.search.open_service``."""
    return open_service(app.config["INDEX_DIR"], app.config.get("CLUSTER") or None)


def close_searcher(app: Flask) -> None:
    """Close the app's searcher, if it was opened (a new one opens on next use)."""
    with _lock:
        searcher = app.extensions.pop(_KEY, None)
    if searcher is not None:
        searcher.close()


def warm() -> None:
    """Open the searcher and run one query so lexicons and dictionaries load (a unit of two
    words: reading it as its words loads the words' frequencies, ``thai.likeliest``)."""
    from indexer.index.store import IndexMissing

    try:
        get_searcher().search("ข่าวรัฐบาล", facets=False)
    except IndexMissing:
        current_app.logger.warning("no index yet at %s", current_app.config["INDEX_DIR"])
