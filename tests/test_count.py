"""The count without ranking (``matching.count``) gives the total a full evaluation gives.

The words reading's offer shows a number a user can click: it must be the
total the search then shows. Checked on issue 21's corpus of examples, with
every kind of node, the fields, date filters, and queries whose units are
read by their words (left to the full evaluation: None).
"""

from __future__ import annotations

from datetime import date

import pytest

from indexer.matching.count import count
from indexer.matching.evaluate import evaluate
from indexer.matching.filters import Filters
from indexer.query.parse import parse
from indexer.search import Searcher
from indexer.search.probes import current_view

from .conftest import json_corpus_index
from .test_reader_examples import ARTICLES

QUERIES = [
    "อาย", "ขา", "ข้าว", "ป่า", "19", "covid", "โครงการ", "กฤษศญพงษ์", "อุตตม",
    "พลเอก ประวิตร", "พล.อ. ประวิตร", "พล.อ.", "นพ.", "นายกฯ ประยุทธ์", "นายก ประยุทธ์",
    "ประยุทธ์ -จันทร์โอชา", "ข้าว OR ป่า", "(ข้าว OR ป่า) -ไฟป่า", "title:ขา", "body:ขา",
    '"นายก ประยุทธ์"', "person:ประยุทธ์", "อนุชน ครั้งที่", "ผวจ.ขอนแก่น", "ไม่มีในคลัง",
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    index_dir = json_corpus_index(tmp_path_factory, "count", {
        name: {"title": title, "content": body, "url": f"https://example.test/{name}",
               "date": "2019-08-26" if i % 2 else "2020-01-15"}
        for i, (name, (title, body)) in enumerate(ARTICLES.items())})
    found = Searcher(index_dir)
    yield found
    found.close()


@pytest.mark.parametrize("dates", [(None, None), (date(2019, 1, 1), date(2019, 12, 31))])
@pytest.mark.parametrize("q", QUERIES)
def test_the_count_is_the_full_evaluations_total(searcher, q, dates):
    view = current_view(searcher)
    filters = Filters(*dates)
    node = parse(q)
    counted = count(node, view, filters, first_page=10)
    if counted is not None:
        assert counted == evaluate(node, view, filters, first_page=10).total


def test_a_unit_read_by_its_words_is_left_to_the_full_evaluation(searcher):
    # one verbatim นายกประยุทธ์ does not fill a page: its words are read, which only ranking tells
    assert count(parse("นายกประยุทธ์"), current_view(searcher), Filters(), first_page=10) is None


def test_the_offer_counts_what_its_query_finds(searcher):
    offer = searcher.search("นายกประยุทธ์", size=1)["words_reading"]
    assert offer["total"] == searcher.search(offer["query"])["total"] > 1


def test_the_count_answers_for_nearly_every_query(searcher):
    # the comparison above must not pass by leaving everything to the full evaluation
    view = current_view(searcher)
    unanswered = [q for q in QUERIES if count(parse(q), view, Filters(), first_page=10) is None]
    assert len(unanswered) <= 2, unanswered


def test_a_text_in_nearly_every_article_is_counted_alike(searcher, monkeypatch):
    # counted per article (``units.dense_counts``) when it occurs past DENSE_OCCURRENCES
    import indexer.matching.count as count_module
    import indexer.matching.units as units

    monkeypatch.setattr(units, "DENSE_OCCURRENCES", 3)
    monkeypatch.setattr(count_module, "DENSE_OCCURRENCES", 3)
    view = current_view(searcher)
    for q in ("ประ", "ที่ ข้าว", "title:ขา", "body:อาย", "พลเอก -ประวิตร"):
        counted = count(parse(q), view, Filters(), first_page=10)
        assert counted is not None and counted == evaluate(parse(q), view, Filters(), first_page=10).total, q
