"""Every unit of a query, found by document numbers first.

A query of several units (`จังหวัด ประจำ ส่งเสริม`) is an And of one Or per
unit, each Or the unit's word in every field plus its sub-word and phrase
forms. Whoosh evaluates that as a binary tree of intersection and union
matchers stepped one document at a time, and every step asks each node of
the tree whether it is still active: for that query on 28,000 articles,
660,000 ``is_active`` calls and most of half a second, for 2,388 matches.

:class:`AllOf` reads the rarest unit's articles, keeps those each other
unit holds (reading only the posting blocks where they sit), and scores
only the articles left, as Whoosh would: the sum of the scores of every
part that holds the article, each part's score times its boost.
"""

from __future__ import annotations

from whoosh import query as wq

from .blocks import docs_of, held_by
from .runs import DocNums, TermSet, WordRun, per_segment

__all__ = ["AllOf", "all_of"]

_PARTS = (wq.Term, TermSet, WordRun)


def all_of(query: wq.Query, allowed: DocNums | None = None) -> wq.Query:
    """`query` with each And of plain units (an Or of terms, sub-word sets
    and word runs, or one of those) as an :class:`AllOf`; anything else is
    left to Whoosh."""
    def convert(q: wq.Query) -> wq.Query:
        if type(q) is wq.And and len(q.subqueries) > 1 and all(_plain(sub) for sub in q.subqueries):
            return AllOf(q.subqueries, boost=q.boost, allowed=allowed)
        return q
    return query.accept(convert)


def _plain(q: wq.Query) -> bool:
    if isinstance(q, _PARTS):
        return True
    return (type(q) is wq.Or and q.scale is None and not q.minmatch
            and all(isinstance(sub, _PARTS) for sub in q.subqueries))


class AllOf(wq.And):
    """Whoosh's And of plain units, with the same matches and scores."""

    def __init__(self, subqueries, boost: float = 1.0, allowed: DocNums | None = None):
        super().__init__(subqueries, boost=boost)
        self.allowed = allowed

    def apply(self, fn):
        return AllOf([fn(q) for q in self.subqueries], boost=self.boost, allowed=self.allowed)

    def __eq__(self, other):
        return super().__eq__(other) and self.allowed is other.allowed

    __hash__ = wq.And.__hash__

    def matcher(self, searcher, context=None):
        weighting = context.weighting if context is not None else searcher.weighting
        return per_segment(searcher, lambda segment: self._found(segment, weighting), self.boost)

    def _found(self, searcher, weighting) -> dict[int, float]:
        """Article -> score in one segment (1.0 each, unscored)."""
        units = [_parts(sub) for sub in self.subqueries]
        reader = searcher.reader()
        units.sort(key=lambda parts: sum(_estimate(reader, part) for part, _ in parts))
        # (under a filter only its articles are asked about)
        docs = _holding(searcher, units[0], self.allowed.in_segment(searcher) if self.allowed is not None else None)
        for parts in units[1:]:
            if not docs:
                return {}
            docs = _holding(searcher, parts, sorted(docs))
        if not docs:
            return {}
        docs = sorted(docs)
        if weighting is None:
            return dict.fromkeys(docs, 1.0)
        total = dict.fromkeys(docs, 0.0)
        for parts in units:
            for part, boost in parts:
                for doc, score in _scored(searcher, weighting, part, docs):
                    total[doc] += score * boost
        return total


def _parts(unit: wq.Query) -> list[tuple[wq.Query, float]]:
    """A unit's parts, each with the boost of the Or around it."""
    if isinstance(unit, wq.Or):
        return [(part, unit.boost) for part in unit.subqueries]
    return [(unit, 1.0)]


def _estimate(reader, part: wq.Query) -> int:
    if isinstance(part, wq.Term):
        return reader.doc_frequency(part.fieldname, part.text) if part.fieldname in reader.schema else 0
    return part.estimate_size(reader)


def _term_postings(searcher, term: wq.Term, weighting=None):
    """The term's matcher in this segment (scored if `weighting`), or None."""
    schema = searcher.schema
    if term.fieldname not in schema:
        return None
    try:
        text = schema[term.fieldname].to_bytes(term.text)
    except ValueError:
        return None
    if (term.fieldname, text) not in searcher.reader():
        return None
    if weighting is None:
        return searcher.reader().postings(term.fieldname, text)
    return searcher.postings(term.fieldname, text, weighting=weighting)


def _holding(searcher, parts, docs: list[int] | None) -> set[int]:
    """Which of `docs` (sorted; None: every article) some part of the unit
    holds; each part is asked only about the articles no earlier part held."""
    found: set[int] = set()
    for part, _ in parts:
        left = [d for d in docs if d not in found] if found and docs is not None else docs
        if left is not None and not left:
            break
        if isinstance(part, wq.Term):
            postings = _term_postings(searcher, part)
            if postings is not None:
                found.update(docs_of(postings, left))
        elif isinstance(part, TermSet):
            found.update(part.articles(searcher.reader(), left))
        else:
            found.update(part._found(searcher, None, among=set(left) if left is not None else None))
    return found


def _scored(searcher, weighting, part: wq.Query, docs: list[int]):
    """(article, score) for those of `docs` (sorted) the part holds, as
    Whoosh's matcher for the part would score them."""
    if isinstance(part, wq.Term):
        postings = _term_postings(searcher, part, weighting)
        if postings is not None:
            for doc in held_by(postings, docs):
                yield doc, postings.score() * part.boost
    elif isinstance(part, TermSet):
        for doc in part.articles(searcher.reader(), docs):
            yield doc, part.boost  # every match scores the same
    else:
        for doc, score in part._found(searcher, weighting, among=set(docs)).items():
            yield doc, score * part.boost
