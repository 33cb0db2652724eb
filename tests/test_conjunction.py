"""AllOf answers exactly as Whoosh's And of the same units."""

from __future__ import annotations

from datetime import date

import pytest
from whoosh import query as wq

from indexer.conjunction import AllOf
from indexer.search import Searcher

# Several units: common words, a name, a sub-word unit, a phrase unit, an
# abbreviation (`ผวจ.`), a unit that is nowhere (no match at all).
QUERIES = ["จังหวัด ประจำ ส่งเสริม", "การพัฒนา เรื่อง", "ประยุทธ์ ประชุม", "ผวจ. สงขลา",
           "ประชุมเชิงปฏิบัติการ จังหวัด", "พร้อมคณะ ลงพื้นที่", "รัฐบาล ไม่มีคำนี้เลย"]


def _as_whoosh(query: wq.Query) -> wq.Query:
    return query.accept(lambda q: wq.And(q.subqueries, boost=q.boost) if isinstance(q, AllOf) else q)


def _hits(searcher, query, allowed=None) -> list[tuple[int, float]]:
    from indexer.collect import counted_search

    return sorted((h.docnum, round(h.score, 6)) for h in counted_search(searcher, query, 100000, filter=allowed))


@pytest.fixture(scope="module")
def engine(sample_index):
    return Searcher(sample_index)


@pytest.mark.parametrize("q", QUERIES)
def test_same_articles_and_scores_as_whoosh_and(engine, q):
    compiled = engine.compile(q).query
    # (a unit found nowhere is relaxed into a Sequence: Whoosh's And is kept)
    assert ("AllOf" in repr(compiled)) != (q == "รัฐบาล ไม่มีคำนี้เลย")
    with engine.reading() as searcher:
        ours = _hits(searcher, compiled)
        assert ours == _hits(searcher, _as_whoosh(compiled))
        assert q == "รัฐบาล ไม่มีคำนี้เลย" or ours
        # a boolean context (the parser's counts) asks the whole index
        assert list(compiled.matcher(searcher, searcher.boolean_context()).all_ids()) == \
            sorted(searcher.docs_for_query(_as_whoosh(compiled)))


@pytest.mark.parametrize("q", QUERIES[:3])
def test_within_a_filter(engine, q):
    from indexer.facets import make_filter

    with engine.reading() as searcher:
        allowed = searcher._filter_to_comb(make_filter(date(2020, 1, 1), date(2020, 12, 31)))
        compiled = engine.compile(q, allowed, scan=False).query
        assert _hits(searcher, compiled, allowed) == _hits(searcher, _as_whoosh(compiled), allowed)
