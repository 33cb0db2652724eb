"""Articles as the search shows them: one shape in every list, a hit, an article page.

Every list of articles (results, similar articles, a person's articles)
uses :func:`summary`; a result adds its snippet and marked headline, an
article page its marked paragraphs and the officials the build stored with
it. Document text leaves here HTML-escaped, with only ``<mark>`` added.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from indexer.index.textcodec import EPOCH, NO_DAY
from indexer.matching.units import forms_of, split_words
from indexer.matching.view import IndexView, SegmentView
from indexer.query.parse import Node, positive_units
from indexer.thai.dates import format_thai_date

from .snippets import Highlighter

__all__ = ["summary", "hit", "article_page", "article_marks", "similar_articles", "dates"]


def dates(day: date | None) -> dict:
    """The ISO and Thai forms of an article's publish date."""
    if day is None:
        return {"date": None, "date_thai": None}
    return {"date": day.isoformat(), "date_thai": format_thai_date(day)}


def summary(seg: SegmentView, docnum: int, title: str | None = None) -> dict:
    """An article in a list: ``id, title, date, date_thai, url, category, source``.

    Read from columns, not from the stored fields (a result page shows ten):
    Whoosh's ``id``, ``url`` and ``source`` columns, the substring index's
    headline (`title`, when the caller has it already), day and category.
    """
    day, code = int(seg.days[docnum]), int(seg.categories[docnum])
    return {"id": seg.column("id")[docnum],
            "title": seg.text.article_title(docnum) if title is None else title,
            **dates(EPOCH + timedelta(days=day) if day != NO_DAY else None),
            "url": seg.column("url")[docnum] or None,
            "category": seg.text.categories[code] if code >= 0 else None,
            "source": seg.column("source")[docnum] or None}


def _bounds(seg: SegmentView, docnum: int) -> tuple[np.ndarray, np.ndarray]:
    """Word bounds of the headline and of the body (a bool per character and one for the end)."""
    start, title_len, body_len = seg.text.article_text(docnum)
    title = seg.text.bound_bits(start, start + title_len + 1)
    body = seg.text.bound_bits(start + title_len + 1, start + title_len + body_len + 2)
    return title, body


def hit(view: IndexView, docnum: int, score: float, marks: Highlighter) -> dict:
    """One result: the summary, the headline marked, a snippet of the body.

    The body's text comes from the substring index, not from Whoosh: its
    column would be inflated whole for one snippet (``textindex``).
    """
    seg, local = view.locate(docnum)
    title_bounds, body_bounds = _bounds(seg, local)
    title, body = seg.text.article_strings(local)
    snippet, _ = marks.snippet(body, body_bounds if len(body_bounds) == len(body) + 1 else None)
    return {**summary(seg, local, title),
            "title_html": marks.highlight(title, title_bounds if len(title_bounds) == len(title) + 1 else None),
            "snippet": snippet, "score": round(score, 4)}


def article_marks(view: IndexView, node: Node | None, text: str) -> Highlighter:
    """What to mark in one article: each unit's forms where it holds one, else its words."""
    groups: list[list[str]] = []
    folded = text.lower()
    for unit in positive_units(node) if node is not None else []:
        forms = [f.text for f in forms_of(unit, view)] if unit.field not in ("person", "position") else [unit.text]
        if any(f.lower() in folded for f in forms):
            groups.append(forms)
        else:
            groups.extend([w] for w in split_words(unit.text, view))
    return Highlighter(groups)


def article_page(view: IndexView, docnum: int, node: Node | None) -> dict:
    """The stored article with its headline and paragraphs marked, and the officials it names."""
    seg, local = view.locate(docnum)
    stored = seg.reader.stored_fields(local)
    title, body = stored.get("title", ""), seg.body(local)
    marks = article_marks(view, node, title + "\n" + body)
    title_bounds, body_bounds = _bounds(seg, local)
    paragraphs = []
    at = 0
    for line in body.split("\n"):
        if line.strip():
            paragraphs.append(marks.highlight(line, body_bounds[at:at + len(line) + 1]))
        at += len(line) + 1
    people = [(name, position) for name, position in stored.get("people") or ()]
    out = {key: value for key, value in stored.items() if key not in ("people",)}
    out.update(summary(seg, local, title))
    out["body"] = body
    out["people"] = list(dict.fromkeys(name for name, _ in people))
    out["officials"] = [{"name": name, "position": position or None} for name, position in people]
    out["title_html"] = marks.highlight(title, title_bounds)
    out["body_html"] = paragraphs
    return out


def similar_articles(view: IndexView, doc_id: str, count: int = 5) -> list[dict]:
    """Articles like this one: Whoosh's more-like-this on the body's words."""
    searcher = view.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return []
    seg, local = view.locate(docnum)
    results = searcher.more_like(docnum, "body", text=seg.body(local), top=count + 1, numterms=12)
    return [summary(*view.locate(h.docnum)) for h in results if h.docnum != docnum][:count]
