"""Search: a query string in, ranked and highlighted results out.

``Searcher`` keeps one Whoosh searcher per process and refreshes it when the
index changes, so the web app and the CLI share the same code path and the
same JSON shape (the HTTP contract in the README).
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from whoosh import highlight, qparser, query as wq, scoring, sorting

from .dates import format_thai_date, format_thai_month, parse_date_range
from .store import open_index

__all__ = ["Searcher", "QueryError", "MAX_PAGE_SIZE"]

MAX_PAGE_SIZE = 100
SNIPPET_CHARS = 200


class QueryError(ValueError):
    """A query or parameter that cannot be accepted; the message says why."""


class _MarkFormatter(highlight.Formatter):
    """Wrap matches in ``<mark>``; every piece of document text is escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


@dataclass
class SearchParams:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    size: int = 10
    sort: str = "relevance"


def parse_params(q: str | None = "", date_from: str | None = None, date_to: str | None = None,
                 page: str | int | None = 1, size: str | int | None = 10,
                 sort: str | None = "relevance") -> SearchParams:
    """Validate raw request parameters; raise QueryError in plain words."""
    params = SearchParams(q=(q or "").strip())
    if len(params.q) > 1000:
        raise QueryError("the query is too long (1000 characters at most)")
    if date_from:
        try:
            params.date_from = parse_date_range(date_from)[0]
        except ValueError as exc:
            raise QueryError(f"from: {exc}") from None
    if date_to:
        try:
            params.date_to = parse_date_range(date_to)[1]
        except ValueError as exc:
            raise QueryError(f"to: {exc}") from None
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise QueryError("from is after to: the date range is empty")
    params.page = _positive_int(page, "page", 1)
    params.size = _positive_int(size, "size", 10)
    if params.size > MAX_PAGE_SIZE:
        raise QueryError(f"size must be at most {MAX_PAGE_SIZE}")
    params.sort = (sort or "relevance").strip().lower()
    if params.sort not in ("relevance", "date"):
        raise QueryError("sort must be 'relevance' or 'date'")
    return params


def _positive_int(value, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise QueryError(f"{name} must be 1 or more")
    return number


class Searcher:
    """Searches one index; safe to share between threads of a process."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._ix = open_index(self.index_dir)
        self._lock = threading.Lock()
        self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
        parser = qparser.MultifieldParser(["title", "body"], self._ix.schema,
                                          fieldboosts={"title": 2.0})
        parser.add_plugin(qparser.PlusMinusPlugin())
        self._parser = parser

    def _current(self):
        with self._lock:
            if not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def close(self) -> None:
        self._searcher.close()

    def doc_count(self) -> int:
        return self._current().doc_count()

    def parse(self, q: str):
        """The Whoosh query for a user query string."""
        if not q:
            return wq.Every()
        parsed = self._parser.parse(q)
        if parsed is wq.NullQuery or not any(True for _ in parsed.iter_all_terms()):
            raise QueryError(f"the query {q!r} has no searchable words")
        return parsed

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance",
               category: str | None = None, facets: bool = True) -> dict:
        """Run a search and return the JSON-ready result (see README)."""
        started = time.perf_counter()
        params = parse_params(q, date_from, date_to, page, size, sort)
        query = self.parse(params.q)
        searcher = self._current()
        kwargs = {"filter": _filter(params.date_from, params.date_to, category), "terms": True}
        if params.sort == "date" or not params.q:
            kwargs["sortedby"] = "date"
            kwargs["reverse"] = True
        if facets:
            kwargs["groupedby"] = _FACETS
        results = searcher.search_page(query, params.page, pagelen=params.size, **kwargs)
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        results.results.formatter = _MarkFormatter()
        hits = [self._hit(hit) for hit in results]
        return {
            "query": params.q,
            "total": results.total,
            "page": params.page,
            "size": params.size,
            "sort": params.sort,
            "from": params.date_from.isoformat() if params.date_from else None,
            "to": params.date_to.isoformat() if params.date_to else None,
            "category": category or None,
            "hits": hits,
            "facets": _facet_counts(results.results) if facets else None,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def search_ids(self, q: str, date_from: str | None = None, date_to: str | None = None,
                   limit: int = 300, category: str | None = None) -> list[str]:
        """Ranked article ids only: no snippets, no stored documents read.

        For evaluation and tools that need many hits fast; ids come from the
        sortable ``id`` column.
        """
        params = parse_params(q, date_from, date_to)
        query = self.parse(params.q)
        searcher = self._current()
        results = searcher.search(query, limit=limit, filter=_filter(params.date_from, params.date_to, category))
        column = searcher.reader().column_reader("id")
        return [column[docnum] for _, docnum in results.top_n]

    def similar(self, doc_id: str, count: int = 5) -> list[dict]:
        """Articles like this one (Whoosh's more-like-this on the body)."""
        searcher = self._current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", top=count + 1, numterms=12)
        out = []
        for hit in results:
            if hit.docnum == docnum:
                continue
            stored = hit.fields()
            when = stored.get("date")
            out.append({"id": stored["id"], "title": stored.get("title", ""),
                        "date": when.date().isoformat() if when else None,
                        "date_thai": format_thai_date(when.date()) if when else None})
        return out[:count]

    def _hit(self, hit) -> dict:
        stored = hit.fields()
        when = stored.get("date")
        snippet = hit.highlights("body", top=3) or hit.highlights("title", top=1)
        if not snippet:
            snippet = html.escape(_lead(stored.get("body", "")), quote=False)
        return {
            "id": stored["id"],
            "title": stored.get("title", ""),
            "date": when.date().isoformat() if when else None,
            "date_thai": format_thai_date(when.date()) if when else None,
            "url": stored.get("url"),
            "category": stored.get("category"),
            "source": stored.get("source"),
            "snippet": snippet,
            "score": round(float(hit.score), 4) if hit.score is not None else None,
        }

    def article(self, doc_id: str) -> dict | None:
        """One stored article by id, or None."""
        fields = self._current().document(id=doc_id)
        if fields is None:
            return None
        when = fields.get("date")
        out = {k: v for k, v in fields.items() if k != "date"}
        out["date"] = when.date().isoformat() if when else None
        out["date_thai"] = format_thai_date(when.date()) if when else None
        return out


_FACETS = {
    "year": sorting.FieldFacet("year", maptype=sorting.Count),
    "month": sorting.FieldFacet("month", maptype=sorting.Count),
    "category": sorting.FieldFacet("category", maptype=sorting.Count),
}


def _filter(date_from: date | None, date_to: date | None, category: str | None = None):
    """A filter query for a date range (inclusive days) and a category."""
    parts = []
    if date_from or date_to:
        start = datetime.combine(date_from or date(1, 1, 1), datetime.min.time())
        end = datetime.combine(date_to or date(9999, 12, 30), datetime.min.time())
        parts.append(wq.DateRange("date", start, end + timedelta(days=1) - timedelta(microseconds=1)))
    if category:
        parts.append(wq.Term("category", category))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _facet_counts(results) -> dict:
    """Counts per year, month and category of all matching articles.

    Years and months come newest first (a news archive is browsed by time),
    categories by count. Articles without a date or category are not counted.
    """
    out = {}
    for name in ("year", "month", "category"):
        counts = {k: v for k, v in results.groups(name).items() if k}
        if name == "category":
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            items = sorted(counts.items(), reverse=True)
        entries = []
        for value, count in items:
            entry = {"value": value, "count": count}
            if name == "year":
                entry["label"] = str(int(value) + 543)
            elif name == "month":
                entry["label"] = format_thai_month(int(value[:4]), int(value[5:7]))
            else:
                entry["label"] = value
            entries.append(entry)
        out[name] = entries
    return out


def _lead(text: str) -> str:
    """The opening of an article, cut at a space so no word is broken."""
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > SNIPPET_CHARS // 2 else SNIPPET_CHARS] + " …"
