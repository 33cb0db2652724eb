"""Index statistics for ``thainews stats`` and ``/api/stats``."""

from __future__ import annotations

from pathlib import Path

from whoosh.util.times import long_to_datetime

from .store import META, _read_json, open_index

__all__ = ["index_stats"]


def index_stats(index_dir: str | Path) -> dict:
    """Count, date range and size on disk; dates come from the sortable column."""
    path = Path(index_dir)
    ix = open_index(path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        dates = []
        if reader.has_column("date"):
            # Read raw column values: a document without a date holds the
            # column's default, which does not translate to a datetime.
            column = reader.column_reader("date", translate=False)
            default = reader.schema["date"].default
            raw = [column[n] for n in reader.all_doc_ids()]
            dates = [long_to_datetime(v) for v in raw if v is not None and v != default]
        count = searcher.doc_count()
    meta = _read_json(path / META) or {}
    size = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return {
        "index": str(path),
        "documents": count,
        "first_date": min(dates).date().isoformat() if dates else None,
        "last_date": max(dates).date().isoformat() if dates else None,
        "undated": count - len(dates),
        "size_bytes": size,
        "segmenter": meta.get("segmenter"),
    }
