"""Index statistics for ``thainews stats`` and ``/api/stats``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from whoosh.util.times import long_to_datetime

from indexer.index.durable import read_json
from indexer.index.shards import is_sharded, shard_dirs
from indexer.index.store import META, live_files, open_index

__all__ = ["index_stats", "column_dates"]


def column_dates(reader, docnums) -> list[datetime]:
    """Publish dates of `docnums` from the sortable column, undated ones left out.

    Raw values are read: a document without a date holds the column's
    default, which does not translate to a datetime.
    """
    column = reader.column_reader("date", translate=False)
    default = reader.schema["date"].default
    raw = (column[n] for n in docnums)
    return [long_to_datetime(v) for v in raw if v is not None and v != default]


def index_stats(index_dir: str | Path) -> dict:
    """Count, date range and size on disk; dates come from the sortable column. A sharded
    index's (``index.shards``) are its shards' together."""
    path = Path(index_dir)
    parts = [_one_index(d) for d in (shard_dirs(path) if is_sharded(path) else [path])]
    firsts = [p["first_date"] for p in parts if p["first_date"]]
    lasts = [p["last_date"] for p in parts if p["last_date"]]
    return {
        "index": str(path),
        "documents": sum(p["documents"] for p in parts),
        "first_date": min(firsts) if firsts else None,
        "last_date": max(lasts) if lasts else None,
        "undated": sum(p["undated"] for p in parts),
        "size_bytes": sum(p["size_bytes"] for p in parts),
        "segmenter": parts[0]["segmenter"],
    }


def _one_index(path: Path) -> dict:
    """One index's statistics (a whole index, or one shard)."""
    ix = open_index(path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        dates = []
        if reader.has_column("date"):
            dates = column_dates(reader, reader.all_doc_ids())
        count = searcher.doc_count()
    meta = read_json(path / META) or {}
    # the files of the generation searches read (a failed build's leftovers, if any, are not the index)
    size = sum((path / name).stat().st_size for name in live_files(path))
    return {
        "documents": count,
        "first_date": min(dates).date().isoformat() if dates else None,
        "last_date": max(dates).date().isoformat() if dates else None,
        "undated": count - len(dates),
        "size_bytes": size,
        "segmenter": meta.get("segmenter"),
    }
