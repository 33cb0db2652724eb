"""Articles as the search shows them: one shape in every list, a hit, an article page.

Every list of articles (results, similar articles, a person's articles)
uses :func:`summary`; a result adds its snippet and marked headline, an
article page its marked paragraphs and the officials the build stored with
it. Document text leaves here HTML-escaped, with only ``<mark>`` added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from indexer.facet_table import FACETS, KEYWORD
from indexer.index.textcodec import EPOCH, NO_DAY
from indexer.matching.units import Form, forms_of, split_words
from indexer.matching.view import IndexView, SegmentView
from indexer.query.parse import Node, positive_units
from indexer.thai.date_format import format_thai_date

from .snippets import Highlighter

__all__ = ["summary", "hit", "article_page", "article_marks", "dates", "ArticleText"]


def dates(day: date | None) -> dict:
    """The ISO and Thai forms of an article's publish date."""
    if day is None:
        return {"date": None, "date_thai": None}
    return {"date": day.isoformat(), "date_thai": format_thai_date(day)}


def summary(seg: SegmentView, docnum: int, title: str | None = None) -> dict:
    """An article in a list: ``id, title, date, date_thai, url``, its value of each
    keyword facet (``category`` ...: ``facet_table``) and ``source``.

    Read from columns, not from the stored fields (a result page shows ten):
    Whoosh's ``id``, ``url`` and ``source`` columns, the substring index's
    headline (`title`, when the caller has it already), day and keyword columns.
    """
    day = int(seg.days[docnum])
    return {"id": seg.column("id")[docnum],
            "title": seg.text.article_title(docnum) if title is None else title,
            **dates(EPOCH + timedelta(days=day) if day != NO_DAY else None),
            "url": seg.column("url")[docnum] or None,
            **{facet.name: _value(seg, facet.column, docnum) for facet in FACETS.kind(KEYWORD)},
            "source": seg.column("source")[docnum] or None}


def _value(seg: SegmentView, column: str, docnum: int) -> str | None:
    """An article's value of a keyword column (None for none)."""
    code = int(seg.codes[column][docnum])
    return seg.values(column)[code] if code >= 0 else None


@dataclass
class ArticleText:
    """An article's headline and body with their word bounds and reader's cuts (a bool
    per character and one for the end), from the substring index."""

    title: str
    body: str
    title_bounds: np.ndarray
    body_bounds: np.ndarray
    title_cuts: np.ndarray
    body_cuts: np.ndarray

    @classmethod
    def read(cls, seg: SegmentView, docnum: int) -> ArticleText:
        start, title_len, body_len = seg.text.article_text(docnum)
        title, body = seg.text.article_strings(docnum)
        body_at, end = start + title_len + 1, start + title_len + body_len + 2
        return cls(title, body, seg.text.bound_bits(start, body_at), seg.text.bound_bits(body_at, end),
                   seg.text.cut_bits(start, body_at), seg.text.cut_bits(body_at, end))


def hit(view: IndexView, docnum: int, score: float, marks: Highlighter) -> dict:
    """One result: the summary, the headline marked, a snippet of the body.

    The text comes from the substring index, not from Whoosh: the body's
    column would be inflated whole for one snippet (``textindex``).
    """
    seg, local = view.locate(docnum)
    article = ArticleText.read(seg, local)
    snippet, _ = marks.snippet(article.body, article.body_bounds, article.body_cuts)
    return {**summary(seg, local, article.title), "title_html": marks.highlight(article.title, article.title_cuts),
            "snippet": snippet, "score": round(score, 4)}


def article_marks(view: IndexView, node: Node | None, article: ArticleText) -> Highlighter:
    """What to mark in one article: each unit's forms where the article holds one where the
    search counts it, else its words."""
    groups: list[list[Form]] = []
    for unit in positive_units(node) if node is not None else []:
        forms = forms_of(unit, view) if unit.field not in ("person", "position") else [Form(unit.text)]
        own = Highlighter.of_forms([forms])
        if own.count(article.title, article.title_cuts) or own.count(article.body, article.body_cuts):
            groups.append(forms)
        else:
            groups.extend([Form(w)] for w in split_words(unit.text, view))
    return Highlighter.of_forms(groups)


def article_page(view: IndexView, docnum: int, node: Node | None) -> dict:
    """The stored article with its headline and paragraphs marked, the number of marks,
    and the officials it names."""
    seg, local = view.locate(docnum)
    stored = seg.reader.stored_fields(local)
    article = ArticleText.read(seg, local)
    marks = article_marks(view, node, article)
    paragraphs = []
    # counted as marked, line by line, so the page's count equals its marks
    count = marks.count(article.title, article.title_cuts)
    at = 0
    for line in article.body.split("\n"):
        if line.strip():
            cuts = article.body_cuts[at:at + len(line) + 1]
            paragraphs.append(marks.highlight(line, cuts))
            count += marks.count(line, cuts)
        at += len(line) + 1
    people = [(name, position) for name, position in stored.get("people") or ()]
    out = {key: value for key, value in stored.items() if key not in ("people",)}
    out.update(summary(seg, local, article.title))
    out["body"] = article.body
    out["people"] = list(dict.fromkeys(name for name, _ in people))
    # positions as extracted: each ends at its office's last word (``thai.positions``)
    out["officials"] = [{"name": name, "position": position or None} for name, position in people]
    out["title_html"] = marks.highlight(article.title, article.title_cuts)
    out["body_html"] = paragraphs
    out["match_count"] = count
    return out
