"""The naive baseline: stock Whoosh + PyThaiNLP's pure-Python newmm.

What a developer gets by plugging ``pythainlp.tokenize.word_tokenize(text,
engine="newmm")`` into Whoosh and changing nothing else:

* a tokenizer that emits every newmm token except whitespace (punctuation
  tokens included), then Whoosh's ``LowercaseFilter``;
* fields ``id`` (unique), ``title``, ``body`` (TEXT, stored) and ``date``
  (DATETIME, stored), Whoosh's default ``multitoken_query`` ("default": an
  unspaced Thai run that segments into several words becomes those words
  ANDed, in any order and anywhere in the field);
* queries parsed by ``MultifieldParser(["title", "body"], schema)`` with its
  default settings (AND group) and ranked by Whoosh's default BM25F;
* the date filter is a ``DateRange`` on ``date`` (inclusive days).

    build_naive(articles, index_dir) -> seconds
    NaiveSearcher(index_dir).search_ids(q, date_from, date_to, limit) -> [id, ...]
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, Token, Tokenizer
from whoosh.fields import DATETIME, ID, TEXT, Schema

__all__ = ["NewmmTokenizer", "naive_schema", "build_naive", "NaiveSearcher"]


class NewmmTokenizer(Tokenizer):
    """Whoosh tokenizer calling PyThaiNLP ``word_tokenize(text, engine="newmm")``."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        from pythainlp.tokenize import word_tokenize

        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        offset = 0
        pos = start_pos
        for piece in word_tokenize(value, engine="newmm"):
            start = offset
            offset += len(piece)
            if not piece.strip():
                continue
            t.text = piece
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = piece
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + offset
            pos += 1
            yield t


def naive_schema() -> Schema:
    analyzer = NewmmTokenizer() | LowercaseFilter()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        date=DATETIME(stored=True),
    )


def build_naive(articles: Iterable, index_dir: str | Path) -> float:
    """Index `articles` (objects with .id .title .body .date) into a new index; return seconds."""
    started = time.perf_counter()
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), naive_schema())
    writer = ix.writer(limitmb=256)
    try:
        for a in articles:
            doc = {"id": a.id, "title": a.title or "", "body": a.body or ""}
            if a.date:
                doc["date"] = datetime(a.date.year, a.date.month, a.date.day)
            writer.add_document(**doc)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return time.perf_counter() - started


def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class NaiveSearcher:
    """Searches a naive index; ``search_ids`` returns ranked ids."""

    def __init__(self, index_dir: str | Path):
        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema)

    def close(self) -> None:
        self.searcher.close()

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def search_ids(self, q: str, date_from: str | date | None = None, date_to: str | date | None = None,
                   limit: int = 300) -> list[str]:
        query = self.parser.parse(q)
        lo, hi = _day(date_from), _day(date_to)
        filt = None
        if lo or hi:
            start = datetime.combine(lo or date(1, 1, 1), datetime.min.time())
            end = datetime.combine(hi or date(9999, 12, 30), datetime.min.time())
            filt = wq.DateRange("date", start, end + timedelta(days=1) - timedelta(microseconds=1))
        results = self.searcher.search(query, limit=limit, filter=filt)
        return [hit["id"] for hit in results]

    def text_of(self, doc_id: str) -> str | None:
        """Stored title, a newline and body (the text the oracles scan), or None."""
        fields = self.searcher.document(id=doc_id)
        return f"{fields.get('title', '')}\n{fields.get('body', '')}" if fields else None

    def date_of(self, doc_id: str) -> date | None:
        fields = self.searcher.document(id=doc_id)
        when = fields.get("date") if fields else None
        return when.date() if when else None
