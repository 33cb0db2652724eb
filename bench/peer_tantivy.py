"""The compiled peer: tantivy (Rust, from PyPI) on nlpO3-segmented text, in-process.

    build_peer(sources, index_dir, procs=2) -> {"articles", "files", "bytes", "seconds", ...}
    PeerSearcher(index_dir).search_ids(q, date_from, date_to, limit=10) -> [id, ...]

A speed anchor for ``bench.py``: what a compiled engine answers on the same
articles and the same query mix, ids only. It is not a second search engine
to compare results with.

What it indexes. The articles ``indexer.ingest.unique_articles(sources)``
yields (the ones thainews indexes, same dedup), read and parsed first in the
building process, then sent to a ``multiprocessing.Pool(procs)`` (fork,
started before the reading) whose workers segment the title and the body
with the project's own ``indexer.thai.segment.segment`` (nlpO3 newmm, with
the dictionary a fresh process has: PyThaiNLP's words plus
``indexer/data/words.txt``; queries are segmented by the same function in
the timing process, which must have the same dictionary). A text
becomes its pieces, whitespace-only pieces dropped, each piece lowercased
(``str.lower``) and split on whitespace, joined with single spaces. Schema:
``id`` (text, raw tokenizer, stored), ``title`` and ``body`` (text, tantivy's
``whitespace`` tokenizer, with frequencies and positions, not stored: the
text is lowercased before tantivy sees it, since ``whitespace`` does not
lowercase), ``date`` (date, indexed and fast; left out when an article has
none). One ``IndexWriter`` (256 MB heap, one indexing thread: the pool's two
processes already use both cores), one commit, then its merges are waited
for. The build's time (``seconds``) is segmentation and indexing, from the
first article sent to the pool to the end of the merges. The reading and
parsing before it is timed apart (``read_s``); the pool's start and its
dictionary load are in neither.

What it searches. A query is split on ``"``: text between a pair of quotes
is one unit, the rest is split on whitespace into units (an unpaired quote
is dropped). Each unit is segmented and lowercased as above, at query time
and inside the timed call; a unit of one word is a ``term_query``, of several
words a ``phrase_query`` (slop 0); a unit with no words is dropped. A unit
matches when it is in the title OR the body (``Should`` of the two fields);
units are ANDed (``Must``). A date window is a ``range_query`` on ``date``
(whole days, both ends included) ANDed with the rest. Ranking is tantivy's
BM25 over the two fields. ``search_ids`` returns the top `limit` ids, read
from the stored ``id`` field, and counts every match (``count=True``), as a
result page's total does.

What it does not do, so its answers differ from thainews': no substring or
sub-word matching (a word only matches the same whole token, so recall is
lower wherever segmentation cuts a word differently in the query and the
text: ``ประชุม`` does not find ``การประชุม``); no relaxation of an unspaced
run into nearby words, no spelling variants, abbreviations, names of
officials, normalisation beyond lowercasing, operators, fields, categories,
snippets, stored text, facets or "did you mean"; no result cache. Use its
latency as a floor for what the same work costs in compiled code, not its
hits as a quality reference.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

__all__ = ["words", "parse_units", "build_peer", "PeerSearcher", "HEAP_BYTES"]

HEAP_BYTES = 256_000_000
_QUOTED = re.compile(r'"([^"]*)"')


def words(text: str) -> list[str]:
    """`text` as the peer indexes and queries it: segmented, lowercased words."""
    from indexer.thai.segment import segment

    return [w for piece in segment(text) if not piece.isspace() for w in piece.lower().split()]


def parse_units(q: str) -> list[list[str]]:
    """The query's units, each a list of words (one word: a term; several: a phrase)."""
    units: list[list[str]] = []
    at = 0
    for m in _QUOTED.finditer(q):
        units.extend(words(u) for u in q[at:m.start()].split())
        units.append(words(m.group(1)))
        at = m.end()
    units.extend(words(u) for u in q[at:].replace('"', " ").split())
    return [u for u in units if u]


# ------------------------------------------------------------------ build

def _schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    sb.add_date_field("date", indexed=True, fast=True)
    return sb.build()


def _seg_init() -> None:
    words("ทดสอบการตัดคำ")  # dictionary loaded once per worker


def _seg_doc(item: tuple) -> tuple:
    doc_id, title, body, when = item
    return doc_id, " ".join(words(title or "")), " ".join(words(body or "")), when


def build_peer(sources: Sequence[str | Path], index_dir: str | Path, procs: int = 2,
               articles: Iterable | None = None) -> dict:
    """Index the articles of `sources` (or the given `articles`) into a new tantivy index.

    ``seconds`` is segmentation + indexing (to the end of the merges);
    ``read_s`` the reading and parsing before it, not included.
    """
    import tantivy

    from indexer.ingest import unique_articles

    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    stats = {"files": 0, "bytes": 0}

    def on_file(src, result) -> None:
        stats["files"] += 1
        stats["bytes"] += len(src.data or b"")

    # workers forked (and their dictionary loaded) before the articles are read,
    # so they do not share the parent's copy of the corpus
    with mp.get_context("fork").Pool(procs, initializer=_seg_init) as pool:
        pool.map(_seg_doc, [("", "ทดสอบ", "", None)] * procs * 4, chunksize=1)
        t0 = time.perf_counter()
        if articles is None:
            articles = unique_articles(sources, on_file=on_file)
        items = [(a.id, a.title, a.body, a.date) for a in articles]
        read_s = time.perf_counter() - t0

        started = time.perf_counter()
        index = tantivy.Index(_schema(), path=str(path))
        writer = index.writer(heap_size=HEAP_BYTES, num_threads=1)
        for doc_id, title, body, when in pool.imap(_seg_doc, items, chunksize=16):
            doc = tantivy.Document()
            doc.add_text("id", doc_id)
            doc.add_text("title", title)
            doc.add_text("body", body)
            if when:
                doc.add_date("date", datetime(when.year, when.month, when.day))
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - started
    return {"articles": len(items), "files": stats["files"], "bytes": stats["bytes"], "seconds": seconds,
            "read_s": read_s, "procs": procs}


# ----------------------------------------------------------------- search

def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


class PeerSearcher:
    """Top ids of a peer index for a query of the mix (see the module docstring)."""

    def __init__(self, index_dir: str | Path):
        import tantivy

        self._t = tantivy
        self.index = tantivy.Index.open(str(index_dir))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def doc_count(self) -> int:
        return self.searcher.num_docs

    def close(self) -> None:
        self.searcher = None

    def query(self, q: str, date_from: str | date | None = None, date_to: str | date | None = None):
        """The tantivy query, or None when `q` has no words."""
        Q, Occur = self._t.Query, self._t.Occur
        units = parse_units(q)
        if not units:
            return None
        musts = []
        for unit in units:
            if len(unit) == 1:
                fields = [Q.term_query(self.schema, f, unit[0]) for f in ("title", "body")]
            else:
                fields = [Q.phrase_query(self.schema, f, unit) for f in ("title", "body")]
            musts.append(Q.boolean_query([(Occur.Should, fq) for fq in fields]))
        lo, hi = _day(date_from), _day(date_to)
        if lo or hi:
            lower = datetime.combine(lo, datetime.min.time()) if lo else None
            upper = datetime.combine(hi, datetime.min.time()) + timedelta(days=1) if hi else None
            musts.append(Q.range_query(self.schema, "date", self._t.FieldType.Date, lower, upper,
                                       include_lower=True, include_upper=upper is None))
        return Q.boolean_query([(Occur.Must, m) for m in musts])

    def search_ids(self, q: str, date_from: str | date | None = None, date_to: str | date | None = None,
                   limit: int = 10) -> list[str]:
        query = self.query(q, date_from, date_to)
        if query is None:
            return []
        result = self.searcher.search(query, max(1, limit), count=True)  # tantivy panics on 0
        return [self.searcher.doc(addr).get_first("id") for _, addr in result.hits[:limit]]

    def count(self, q: str, date_from: str | date | None = None, date_to: str | date | None = None) -> int:
        query = self.query(q, date_from, date_to)
        return 0 if query is None else self.searcher.search(query, 1, count=True).count
