"""thainews indexer: Thai news ingest, analysis, indexing and search.

The public API the web UI and other clients use::

    from indexer import build_index, Searcher
    build_index(["corpus/"], "/tmp/index")
    Searcher("/tmp/index").search("ผู้ว่าราชการจังหวัดสงขลา")
"""

from __future__ import annotations

__all__ = ["build_index", "Searcher", "QueryError", "default_index_dir"]


def __getattr__(name: str):
    # Lazy so that `import indexer.thai.dates` does not load Whoosh and PyThaiNLP.
    if name == "build_index":
        from indexer.index.build import build_index

        return build_index
    if name in ("Searcher", "QueryError"):
        from . import search

        return getattr(search, name)
    if name == "default_index_dir":
        from indexer.index.store import default_index_dir

        return default_index_dir
    raise AttributeError(name)
