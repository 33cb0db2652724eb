"""thainews indexer: Thai news ingest, analysis, indexing and search.

The public API the web UI and other clients use::

    from indexer import build_index, open_service
    build_index(["corpus/"], "/tmp/index")
    open_service("/tmp/index").search("ผู้ว่าราชการจังหวัดสงขลา")

(``open_service`` gives a ``Searcher`` for one index, and for a sharded one
the router over its shards: ``search.router``.)

Sub-packages, each depending only on those before it (``tests/test_layout.py``
checks the imports):

1. ``thai``: Thai language (characters, normalisation, segmentation, words,
   dates, abbreviations, officials, spelling); pure functions of text.
2. ``ingest``: sources, encodings and readers, into ``Article`` records.
3. ``index``: the index on disk (Whoosh's schema, fields, codec; the
   substring index beside each segment; builds).
4. ``query``: request parameters and query syntax; needs no index.
5. ``matching``: a parsed query against one index generation: which
   articles match, in what order.
6. ``search``: the search service: results, snippets, facets, articles,
   officials, did-you-mean; a sharded archive's router and its shards
   (in process or as Ray actors).

``settings``, ``errors`` and ``facet_table`` (the facets, declared once)
sit below them all (any module may import them, they import nothing of
the package); ``cli`` above them all. The web
app (``webui``) calls ``search`` and renders what it returns; nothing here
imports ``webui`` (the command's ``serve`` lives in ``webui.cli``).
"""

from __future__ import annotations

__all__ = ["build_index", "Searcher", "QueryError", "open_service", "default_index_dir"]


def __getattr__(name: str):
    # Lazy so that `import indexer.thai.dates` does not load Whoosh and PyThaiNLP.
    if name == "build_index":
        from indexer.index.build import build_index

        return build_index
    if name in ("Searcher", "QueryError", "open_service"):
        from . import search

        return getattr(search, name)
    if name == "default_index_dir":
        from indexer.index.store import default_index_dir

        return default_index_dir
    raise AttributeError(name)
