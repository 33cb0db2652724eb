"""WordRun answers exactly as Whoosh's Phrase and Sequence-of-Or, faster."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh import scoring

from indexer.index.store import open_index
from indexer.runs import WordRun

# Phrases of the sample's words: common pairs, a rare run, a gapped name,
# a repeated word, one that is nowhere.
PHRASES = [["พร้อม", "คณะ"], ["นายก", "รัฐมนตรี"], ["ได้", "กล่าว", "ว่า"], ["ครั้ง", "ที่"],
           ["ประยุทธ์", "จันทร์โอชา"], ["ที่", "ที่"], ["สงขลา", "ไม่มีคำนี้"]]
# Slots with alternatives: a glued head (`การประชุม` ends with `ประชุม`) and a glued tail.
SLOTS = [[["การประชุม", "ประชุม"], ["คณะรัฐมนตรี", "เชิงปฏิบัติการ"]],
         [["การ", "ความ"], ["พัฒนา", "ร่วมมือ"]],
         [["ให้", "ได้รับ"], ["ความช่วยเหลือ", "ความร่วมมือ"], ["แก่", "จาก"]]]


def _scored(searcher, query, field) -> dict:
    return {hit.docnum: round(hit.score, 6) for hit in searcher.search(query, limit=None)}


@pytest.fixture(scope="module")
def searcher(sample_index):
    with open_index(sample_index).searcher(weighting=scoring.BM25F(B=0.75, K1=1.2)) as s:
        yield s


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("slop", [1, 2])
def test_same_articles_and_scores_as_a_phrase(searcher, field, slop):
    for words in PHRASES:
        stock = wq.Phrase(field, words, slop=slop, boost=4.0)
        fast = WordRun(field, [[w] for w in words], slop=slop, boost=4.0)
        assert _scored(searcher, fast, field) == _scored(searcher, stock, field), words


def test_same_articles_and_scores_as_a_sequence_of_alternatives(searcher):
    for slots in SLOTS:
        stock = wq.Sequence([wq.Or([wq.Term("body", t) for t in slot]) for slot in slots])
        fast = WordRun("body", slots)
        expected = _scored(searcher, stock, "body")
        assert expected, slots  # the sample has each of them
        assert _scored(searcher, fast, "body") == expected, slots


def test_counts_in_a_boolean_context_and_gives_its_words(searcher):
    run = WordRun("body", [["พร้อม"], ["คณะ"]])
    found = set(searcher.docs_for_query(run))
    assert found and found == set(searcher.docs_for_query(wq.Phrase("body", ["พร้อม", "คณะ"])))
    assert list(run.iter_all_terms()) == [("body", "พร้อม"), ("body", "คณะ")]


def test_asked_of_the_whole_index_it_answers_segment_by_segment(sample_index):
    """The parser counts a unit's matches on the whole index, not per segment."""
    with open_index(sample_index).searcher() as whole:
        assert not whole.is_atomic()  # the sample is built by two workers: several segments
        matched = 0
        for words in PHRASES:
            run = WordRun("body", [[w] for w in words])
            found = list(run.matcher(whole, whole.boolean_context()).all_ids())
            assert found == sorted(whole.docs_for_query(wq.Phrase("body", words))), words
            matched += bool(found)
        assert matched >= 3


def test_a_run_is_found_once_per_segment_and_filter(searcher, monkeypatch):
    """The parser's count and the search share one evaluation; another
    query's filter (another DocNums) does not reuse it."""
    from indexer import runs

    calls = []
    real = runs._runs
    monkeypatch.setattr(runs, "_runs", lambda *a: calls.append(a) or real(*a))
    runs.clear_run_cache()
    run = WordRun("body", [["พร้อม"], ["คณะ"]])
    every = set(searcher.docs_for_query(run))
    assert len(every) >= 4 and len(calls) >= 1
    first = len(calls)
    assert _scored(searcher, run, "body") == _scored(searcher, wq.Phrase("body", ["พร้อม", "คณะ"]), "body")
    assert len(calls) == first  # scored from the run already found
    half = sorted(every)[::2]
    before = len(calls)
    one_filter = runs.DocNums(half)
    assert set(searcher.docs_for_query(run.within(one_filter))) == set(half)
    per_filter = len(calls) - before
    assert per_filter >= 1
    assert set(searcher.docs_for_query(run.within(one_filter))) == set(half)
    assert len(calls) - before == per_filter  # the same query's filter: found already
    assert set(searcher.docs_for_query(run.within(runs.DocNums(half)))) == set(half)
    assert len(calls) - before == 2 * per_filter  # another query's filter: found again
