"""Exact text scan of a small filtered set: what the word index cannot see.

A unit is found through the words the segmenter cut, and a few Thai strings
are never one run of words: `วงการ` inside `ช่วง|การ`, `ห้อง` inside
`ให้|องค์การ`. No index over words finds those without also matching
junk; only the text does. When a filter (a month, a category) narrows the
search to a few thousand articles, reading their stored text costs tens of
milliseconds, so every article in the filter that holds each unit as typed
is found, and those the index missed are added below the indexed matches.
A search over the whole archive is not scanned: it has the index only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from whoosh import query as wq

from .query import Unit

__all__ = ["SCAN_LIMIT", "TextCache", "scannable", "missed_by_index", "scan_query"]

# Articles read at most per query (a month of the busiest source is ~1,500).
SCAN_LIMIT = 4000
# Added articles score below any indexed match.
SCAN_BOOST = 0.001
# Characters of article text kept per process for scans (Thai takes two
# bytes a character in Python: 24 M characters is about 50 MB).
CACHE_CHARS = 24_000_000


class TextCache:
    """Casefolded article text by document number, for one index generation.

    Reading an article's stored fields means decompressing and unpickling
    it (about 0.1 ms); readers ask about the same recent months again and
    again, so the texts a scan read are kept, least recently used first out.
    """

    def __init__(self, limit: int = CACHE_CHARS) -> None:
        self.limit = limit
        self.size = 0
        self.generation = None
        self._texts: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, searcher, generation, docnum: int) -> tuple[str, str]:
        """(id, casefolded title and body) of `docnum` in `generation`."""
        with self._lock:
            if generation != self.generation:
                self._texts.clear()
                self.size, self.generation = 0, generation
            hit = self._texts.get(docnum)
            if hit is not None:
                self._texts.move_to_end(docnum)
                return hit
        stored = searcher.stored_fields(docnum)
        entry = (stored["id"], (stored.get("title", "") + "\n" + stored.get("body", "")).casefold())
        with self._lock:
            if generation == self.generation and docnum not in self._texts:
                self._texts[docnum] = entry
                self.size += len(entry[1])
                while self.size > self.limit and self._texts:
                    self.size -= len(self._texts.popitem(last=False)[1][1])
        return entry


def scannable(units: list[Unit]) -> list[list[str]]:
    """For each unit, the texts any of which an article must hold; [] if the
    query is not plain units (operators, quoted phrases, exclusions)."""
    out = []
    for unit in units:
        if unit.phrase or unit.negated or not unit.text.strip():
            return []
        variants = {t.casefold() for t in (unit.texts or []) if t.strip()}
        variants.add(unit.text.casefold())
        out.append(sorted(variants))
    return out


def missed_by_index(searcher, allowed: Iterable[int], needs: list[list[str]], parsed: wq.Query,
                    cache: TextCache, generation) -> list[str]:
    """Ids of articles in `allowed` that hold every unit but `parsed` does not match.

    Articles the index matched are not read: only the rest can add anything.
    """
    matcher = parsed.matcher(searcher, searcher.boolean_context())
    missed = []
    for docnum in sorted(allowed):
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            continue
        doc_id, text = cache.get(searcher, generation, docnum)
        if all(any(v in text for v in variants) for variants in needs):
            missed.append(doc_id)
    return missed


def scan_query(parsed: wq.Query, missed: list[str]) -> wq.Query:
    """`parsed`, also matching the `missed` articles (by id), ranked below it."""
    if not missed:
        return parsed
    extra = wq.Or([wq.Term("id", doc_id) for doc_id in missed], boost=SCAN_BOOST)
    return wq.Or([parsed, extra])
