"""One searcher per process, opened on first use and shared by requests."""

from __future__ import annotations

import threading

from flask import current_app

from indexer.search import Searcher

_lock = threading.Lock()
_searchers: dict[str, Searcher] = {}


def get_searcher() -> Searcher:
    """The process's searcher for the app's index (raises IndexMissing)."""
    index_dir = current_app.config["INDEX_DIR"]
    searcher = _searchers.get(index_dir)
    if searcher is None:
        with _lock:
            searcher = _searchers.get(index_dir)
            if searcher is None:
                searcher = _searchers[index_dir] = Searcher(index_dir)
    return searcher


def warm() -> None:
    """Open the searcher and run one query so lexicons and dictionaries load."""
    from indexer.index.store import IndexMissing

    try:
        get_searcher().search("ข่าว", facets=False)
    except IndexMissing:
        current_app.logger.warning("no index yet at %s", current_app.config["INDEX_DIR"])
