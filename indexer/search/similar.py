"""Similar articles: the same release filed again first, then Whoosh's more-like-this, reordered.

The steps are apart so that one index and a sharded archive's router
(``router_people``) take the same ones, the router adding up the shards'
figures where one index reads its own:

1. ``source``: the article's headline and text, the weight of each term
   of the text (headline twice, then body), and its traits (the category,
   the officials, the headline's words);
2. ``term_stats``: the archive's count of articles, the body's length and
   each term's occurrences and articles (summed over shards);
3. ``key_terms``: the text's ``numterms`` most telling terms (Whoosh's Bo1
   model, as ``Searcher.more_like`` picks them);
4. ``scored``: the articles the key terms find, BM25F with the archive's
   figures, the best ``SIMILAR_CANDIDATES`` (each with its traits);
5. ``order``: the twins (the same headline) first by id, then the
   candidates, each kind of trait shared multiplying the score by
   1 + ``SIMILAR_SHARED_BONUS``, equal scores by id.
"""

from __future__ import annotations

from collections import defaultdict

from whoosh import classify, query
from whoosh.searching import Searcher

from indexer.facet_table import FACETS
from indexer.matching.ranking import whoosh_weighting
from indexer.matching.view import IndexView
from indexer.settings import SIMILAR_CANDIDATES, SIMILAR_SHARED_BONUS
from indexer.thai.segment import is_word, segment
from indexer.thai.words import title_key

from .articles import _value, summary

__all__ = ["source", "term_stats", "key_terms", "scored", "twins", "order", "similar_articles", "added"]

FIELD = "body"
KEY_TERMS = 20


def source(view: IndexView, doc_id: str) -> dict | None:
    """The article's part of the steps (see the module docstring), or None when the view
    does not hold it (or it has no text)."""
    docnum = view.searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    seg, local = view.locate(docnum)
    title, body = seg.text.article_title(local), seg.body(local)
    text = "\n".join(part for part in (title, title, body) if part)
    if not text.strip():  # Whoosh would look for a stored body and raise
        return None
    weights: dict[str, float] = defaultdict(float)
    field = view.searcher.schema[FIELD]
    for term, _, weight, _ in field.index(text):
        weights[field.from_bytes(term)] += weight
    return {"id": doc_id, "title": title, "weights": dict(weights), "traits": traits(view, docnum)}


def term_stats(view: IndexView, terms: list[str]) -> dict:
    """The view's count of articles (deleted ones too, as Whoosh counts), the body's length,
    and each term's occurrences and articles (the terms it holds)."""
    reader = view.searcher.reader()
    field = view.searcher.schema[FIELD]
    held = [t for t in terms if (FIELD, field.to_bytes(t)) in reader]
    return {"documents": reader.doc_count_all(), "length": reader.field_length(FIELD),
            "frequency": {t: reader.frequency(FIELD, field.to_bytes(t)) for t in held},
            "articles": {t: reader.doc_frequency(FIELD, field.to_bytes(t)) for t in held}}


def added(parts: list[dict]) -> dict:
    """``term_stats`` of the archive from its shards'."""
    out: dict = {"documents": sum(p["documents"] for p in parts), "length": sum(p["length"] for p in parts),
                 "frequency": defaultdict(int), "articles": defaultdict(int)}
    for part in parts:
        for name in ("frequency", "articles"):
            for term, n in part[name].items():
                out[name][term] += n
    return {**out, "frequency": dict(out["frequency"]), "articles": dict(out["articles"])}


def key_terms(weights: dict[str, float], stats: dict, number: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The `number` most telling terms of the text and their weights (Whoosh's
    ``Expander.expanded_terms`` with the Bo1 model, unnormalised, as ``more_like`` asks)."""
    model = classify.Bo1Model(stats["documents"], stats["length"])
    total = sum(weights.values())
    scored = [(model.score(weight, stats["frequency"][word], total), word)
              for word, weight in weights.items() if word in stats["frequency"]]
    if not scored:
        return []
    top = max(s for s, _ in scored) or 1.0
    scored = [(s / top, w) for s, w in scored]
    scored.sort(key=lambda x: (0 - x[0], x[1]))
    return [(w, s) for s, w in scored[:number]]


def scored(view: IndexView, terms: list[tuple[str, float]], stats: dict, doc_id: str) -> list[tuple]:
    """The best ``SIMILAR_CANDIDATES`` articles the key terms find (not `doc_id`), scored with
    the archive's figures: ``(score, id, traits)``."""
    if not terms:
        return []
    searcher = Searcher(view.searcher.reader(), weighting=whoosh_weighting(), closereader=False)
    # the archive's figures where Whoosh reads the index's own (its idf and average length)
    reader_df = searcher.doc_frequency
    vars(searcher).update(
        _doccount=stats["documents"], doc_count_all=lambda: stats["documents"],
        field_length=lambda name: stats["length"] if name == FIELD else 0,
        doc_frequency=lambda name, text: stats["articles"].get(text if isinstance(text, str) else text.decode(), 0)
        if name == FIELD else reader_df(name, text))
    mine = view.searcher.document_number(id=doc_id)
    found = searcher.search(query.Or([query.Term(FIELD, word, boost=weight) for word, weight in terms]),
                            limit=SIMILAR_CANDIDATES, mask={mine} if mine is not None else None)
    return [(hit.score, _id(view, hit.docnum), traits(view, hit.docnum)) for hit in found]


def twins(view: IndexView, title: str, doc_id: str) -> list[str]:
    """The ids of the other articles with this headline (spacing, dots and case aside)."""
    key = title_key(title)
    reader = view.searcher.reader()
    if not key or not reader.doc_frequency("title_key", key):
        return []
    return [i for d in reader.postings("title_key", key).all_ids() if (i := _id(view, d)) != doc_id]


def order(mine: tuple, twin_ids: list[str], candidates: list[tuple], count: int) -> list[str]:
    """The ids shown (see the module docstring): `candidates` as ``scored`` gives them, from
    every shard (the best ``SIMILAR_CANDIDATES`` of them taken, equal scores by id)."""
    best = sorted(candidates, key=lambda c: (-c[0], c[1]))[:SIMILAR_CANDIDATES]
    twin_set = set(twin_ids)
    ranked = []
    for score, doc_id, theirs in best:
        if doc_id not in twin_set:
            shared = sum(bool(a & b) for a, b in zip(mine, theirs))
            ranked.append((-score * (1 + SIMILAR_SHARED_BONUS * shared), doc_id))
    return (sorted(twin_ids) + [i for _, i in sorted(ranked)])[:count]


def similar_articles(view: IndexView, doc_id: str, count: int = 5) -> list[dict]:
    """Articles that share the story, in one index (see the module docstring)."""
    found = source(view, doc_id)
    if found is None:
        return []
    stats = term_stats(view, list(found["weights"]))
    terms = key_terms(found["weights"], stats)
    shown = order(found["traits"], twins(view, found["title"], doc_id), scored(view, terms, stats, doc_id), count)
    out = []
    for i in shown:
        docnum = view.searcher.document_number(id=i)
        out.append(summary(*view.locate(docnum)))
    return out


def traits(view: IndexView, docnum: int) -> tuple[set, set, set]:
    """An article's keyword facets' values (its category), officials and headline words
    (dictionary words of 3+ letters)."""
    seg, local = view.locate(docnum)
    values = {(column, value) for column in FACETS.columns() if (value := _value(seg, column, local))}
    people = {name for name, _ in seg.reader.stored_fields(local).get("people") or ()}
    words = {w for w in segment(seg.text.article_title(local)) if len(w) >= 3 and is_word(w)}
    return values, people, words


def _id(view: IndexView, docnum: int) -> str:
    seg, local = view.locate(docnum)
    return seg.column("id")[local]
