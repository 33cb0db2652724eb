"""What the home page says about the archive: its size, the dates it covers,
and example searches drawn from it (its most-named officials and frequent
headline words), so every example finds something.

``index_overview`` takes a Whoosh searcher (``Searcher.reading()``); it reads
the date column, the ``person`` field's postings and the headline lexicon,
never a stored document, and is cached per index reader.
"""

from __future__ import annotations

import threading

from pythainlp.corpus import thai_stopwords

from .people import people_in
from .stats import column_dates

__all__ = ["index_overview", "headline_words"]

# A headline word in more than this share of headlines is boilerplate
# (a site name), not an example.
BOILERPLATE_SHARE = 0.3
# News sites' names that scraped headlines carry ("... | เดลินิวส์"): not examples.
SITE_NAMES = frozenset({"เดลินิวส์", "ไทยรัฐ", "มติชน", "ข่าวสด", "ผู้จัดการ", "กรุงเทพธุรกิจ", "ประชาชาติ"})
_LOCK = threading.Lock()
_CACHE: dict = {}


def _thai_word(text: str) -> bool:
    return len(text) >= 4 and all("\u0e01" <= c <= "\u0e4e" for c in text)


def headline_words(reader, limit: int = 8) -> list[dict]:
    """The Thai words most headlines hold (stop words, words of fewer than 4
    letters and boilerplate left out): ``[{"word": str, "count": headlines}]``."""
    stop = thai_stopwords()
    ceiling = max(2, int(reader.doc_count() * BOILERPLATE_SHARE))
    found = []
    for term, info in reader.iter_field("title"):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        count = info.doc_frequency()
        if 2 <= count <= ceiling and _thai_word(text) and text not in stop and text not in SITE_NAMES:
            found.append((count, text))
    found.sort(key=lambda x: (-x[0], x[1]))
    return [{"word": text, "count": count} for count, text in found[:limit]]


def index_overview(searcher, people: int = 6, words: int = 6) -> dict:
    """``{"documents", "first_date", "last_date", "undated", "people": [{name,
    count}], "words": [{word, count}]}`` for the index `searcher` reads."""
    reader = searcher.reader()
    key = (id(reader), reader.generation(), people, words)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    count = reader.doc_count()
    dates = column_dates(reader, reader.all_doc_ids()) if reader.has_column("date") else []
    out = {
        "documents": count,
        "first_date": min(dates).date().isoformat() if dates else None,
        "last_date": max(dates).date().isoformat() if dates else None,
        "undated": count - len(dates),
        "people": people_in(searcher, reader.all_doc_ids(), limit=people) if "person" in reader.schema else [],
        "words": headline_words(reader, words) if "title" in reader.schema else [],
    }
    with _LOCK:
        _CACHE.clear()
        _CACHE[key] = out
    return out
