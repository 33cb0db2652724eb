"""The officials directory and name suggestions, read from the index.

Everything comes from the ``person``, ``position`` and ``role`` fields and
the ``date`` column: no document is unpickled to list people or count
their articles.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from whoosh import query as wq

from indexer.index.analysis import ROLE_SEPARATOR
from indexer.thai.officials import name_key

from .stats import column_dates

__all__ = ["directory", "person_page", "suggest"]


def _roles(reader) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for term in reader.lexicon("role"):
        name, _, position = term.decode("utf-8").partition(ROLE_SEPARATOR)
        roles[name]
        if position:
            roles[name].add(position)
    return roles


def _dates(searcher, docnums) -> tuple[str | None, str | None]:
    dates = column_dates(searcher.reader(), docnums)
    if not dates:
        return None, None
    return min(dates).date().isoformat(), max(dates).date().isoformat()


def _docs(searcher, name: str) -> list[int]:
    return list(wq.Term("person", name).matcher(searcher).all_ids()) \
        if searcher.reader().doc_frequency("person", name) else []


def directory(searcher, q: str = "", limit: int = 50, offset: int = 0) -> dict:
    """People with their positions, article counts and first and last dates.

    Sorted by number of articles; `q` keeps names or positions containing it.
    """
    reader = searcher.reader()
    roles = _roles(reader)
    key = name_key(q) if q else ""
    names = [n for n in roles if not key or key in n.replace(".", "") or
             any(key in p.replace(".", "") for p in roles[n])]
    counted = sorted(((reader.doc_frequency("person", n), n) for n in names), key=lambda x: (-x[0], x[1]))
    page = []
    for count, name in counted[offset:offset + limit]:
        first, last = _dates(searcher, _docs(searcher, name))
        page.append({"name": name, "positions": sorted(roles[name]), "articles": count,
                     "first_date": first, "last_date": last})
    return {"query": q, "total": len(counted), "offset": offset, "limit": limit, "people": page}


def person_page(searcher, name: str) -> dict | None:
    """One person's positions and articles, oldest first (a timeline)."""
    name = name_key(name)
    reader = searcher.reader()
    if not reader.doc_frequency("person", name):
        return None
    roles = _roles(reader)
    docnums = _docs(searcher, name)
    articles = []
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        when = stored.get("date")
        articles.append({"id": stored["id"], "title": stored.get("title", ""),
                         "date": when.date().isoformat() if isinstance(when, datetime) else None,
                         "url": stored.get("url"), "category": stored.get("category")})
    articles.sort(key=lambda a: (a["date"] or "9999", a["title"]))
    first, last = _dates(searcher, docnums)
    return {"name": name, "positions": sorted(roles.get(name, ())), "articles": articles,
            "count": len(articles), "first_date": first, "last_date": last}


def suggest(searcher, prefix: str, limit: int = 10) -> list[str]:
    """Completions for a search box: names, positions, then headline words.

    Full names come first (people are what archive users look for), then
    positions, then words of headlines, each ordered by how many articles
    hold them.
    """
    key = name_key(prefix)
    if not key:
        return []
    reader = searcher.reader()
    out: list[str] = []
    for fieldname, whole_names in (("person", True), ("position", False), ("title", False)):
        found = []
        for term in reader.expand_prefix(fieldname, key):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if whole_names and " " not in text:
                continue
            found.append((reader.doc_frequency(fieldname, text), text))
            if len(found) > 200:
                break
        for _, text in sorted(found, key=lambda x: (-x[0], x[1])):
            if text not in out:
                out.append(text)
            if len(out) >= limit:
                return out
    return out
