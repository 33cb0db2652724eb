"""Search on real indexes: the seed and (when present) the thaigov sample."""

from __future__ import annotations

import pytest

from indexer.index.build import build_index
from indexer.search import QueryError, Searcher
from indexer.search.probes import search_ids

SEED_ID_SUFFIX = "000_a5a97db9e4167df2.txt#1"
CONTRACT_KEYS = {"id", "title", "date", "url", "category", "source", "snippet", "score"}


@pytest.fixture(scope="module")
def seed(seed_index):
    return Searcher(seed_index)


def test_name_query_finds_seed_with_date_and_mark(seed):
    result = seed.search("วีรนันทน์ เพ็งจันทร์")
    assert result["total"] == 1
    hit = result["hits"][0]
    assert set(hit) >= CONTRACT_KEYS
    assert hit["id"].endswith(SEED_ID_SUFFIX)
    assert hit["date"] == "2019-08-26"
    assert hit["source"] == "corpus/000_a5a97db9e4167df2.txt"
    assert "<mark>" in hit["snippet"]
    assert hit["url"] is None


def test_result_shape(seed):
    result = seed.search("สงขลา", page=1, size=5)
    assert {"query", "total", "page", "size", "hits", "interpretation", "facets", "relaxed"} <= set(result)
    assert result["query"] == "สงขลา" and result["page"] == 1 and result["size"] == 5
    assert result["interpretation"]["units"] == [
        {"text": "สงขลา", "field": None, "match": "exact", "variants": [], "words": []}]


@pytest.mark.parametrize("q", ["ผู้ว่าราชการจังหวัดสงขลา", "หนูรอต", "เชิงปฏิบัติการ", "ยุทธศาสตร์ชาติ 20 ปี",
                               "ประชุมเชิงปฏิบัติการ", "ผวจ.สงขลา"])
def test_thai_units_match(seed, q):
    assert seed.search(q)["total"] == 1


def test_unspaced_unit_with_no_verbatim_occurrence_falls_back_to_its_words(seed):
    # every word of this unit occurs in the seed, but never in this order
    # with nothing between: the unit is answered by its words, and says so
    result = seed.search("สงขลาผู้ว่าราชการจังหวัด")
    assert result["total"] == 1
    assert result["relaxed"] == ["สงขลาผู้ว่าราชการจังหวัด"]
    unit = result["interpretation"]["units"][0]
    assert unit["match"] == "words" and unit["words"] == ["สงขลา", "ผู้ว่าราชการจังหวัด"]
    assert "สงขลา + ผู้ว่าราชการจังหวัด" in result["interpretation"]["message"]


def test_spaces_mean_and(seed):
    assert seed.search("สงขลา ไม่มีคำนี้ในข่าวแน่นอนเลย")["total"] == 0


def test_or_not_and_title_field(seed):
    assert seed.search("ไม่มีคำนี้ในข่าว OR หนูรอต")["total"] == 1
    assert seed.search("สงขลา -หนูรอต")["total"] == 0
    assert seed.search("สงขลา NOT หนูรอต")["total"] == 0
    assert seed.search("title:ผวจ.สงขลา")["total"] == 1
    assert seed.search("title:หนูรอต")["total"] == 0
    assert seed.search("body:หนูรอต")["total"] == 1
    assert seed.search("person:วีรนันทน์")["total"] == 1
    assert seed.search('person:"วีรนันทน์ เพ็งจันทร์"')["total"] == 1
    assert seed.search("position:ผวจ.สงขลา")["total"] == 1


def test_date_filters_accept_thai_forms(seed):
    assert seed.search("สงขลา", date_from="26 ส.ค. 62", date_to="26 ส.ค. 62")["total"] == 1
    assert seed.search("สงขลา", date_from="2019-08-27")["total"] == 0
    assert seed.search("สงขลา", date_from="ส.ค. 2562", date_to="2562")["total"] == 1
    assert seed.search("สงขลา", date_to="2019-08-25")["total"] == 0


@pytest.mark.parametrize("kwargs, code", [
    ({"date_from": "ไม่ใช่วันที่"}, "bad_date"), ({"date_to": "32 ส.ค. 62"}, "bad_date"),
    ({"size": 101}, "size_too_large"), ({"size": 0}, "bad_number"), ({"page": 0}, "bad_number"),
    ({"page": "abc"}, "bad_number"), ({"sort": "popularity"}, "bad_sort"),
    ({"date_from": "2019-09-01", "date_to": "2019-08-01"}, "dates_reversed"),
])
def test_bad_parameters_raise_query_error(seed, kwargs, code):
    with pytest.raises(QueryError) as caught:
        seed.search("สงขลา", **kwargs)
    assert caught.value.code == code and caught.value.status == 400


def test_empty_query_lists_newest_first(seed):
    result = seed.search("")
    assert result["total"] == 1


def test_document_text_is_escaped_in_snippets(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.json").write_text(
        '{"title": "ทดสอบ <b>หัวข่าว</b>", "content": "แฟนมีตติ้ง <FOR MY DEAR> & <img src=x onerror=alert(1)> จังหวัดสงขลา '
        'มีคำว่า <script>alert(1)</script>", "date": "2019-08-26"}',
        encoding="utf-8",
    )
    build_index([src], tmp_path / "ix", progress=False)
    hit = Searcher(tmp_path / "ix").search("สงขลา")["hits"][0]
    snippet = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in snippet and ">" not in snippet
    assert "&lt;FOR MY DEAR&gt;" in hit["snippet"]


def test_sample_known_headline_ranks_first(sample_index):
    searcher = Searcher(sample_index)
    result = searcher.search("รมช.สธ. แนะออกกำลังกายสร้างวัคซีนธรรมชาติ ต้านโควิด 19")
    assert result["hits"][0]["url"] == "https://www.thaigov.go.th/news/contents/details/32177"
    assert result["hits"][0]["date"] == "2020-06-10"


def test_sample_date_filter_only_in_range(sample_index):
    searcher = Searcher(sample_index)
    result = searcher.search("รัฐบาล", date_from="2020-01-01", date_to="2020-12-31", size=100)
    assert result["total"] > 0
    assert all("2020-01-01" <= h["date"] <= "2020-12-31" for h in result["hits"])


@pytest.mark.parametrize("sort", ["date", "oldest"])
def test_sort_by_date(sample_index, sort):
    hits = Searcher(sample_index).search("รัฐบาล", sort=sort, size=50)["hits"]
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=sort == "date")


@pytest.mark.parametrize("q, date_from, date_to", [
    ("ไทย", "2019-01-01", "2019-12-31"), ("การพัฒนา เรื่อง", None, None), ("พร้อมคณะ", None, None),
    ("นายกรัฐมนตรี", None, None)])
def test_total_counts_every_match(sample_index, q, date_from, date_to):
    """The total is every matching article, with or without facets, and a page is one page."""
    searcher = Searcher(sample_index)
    plain = searcher.search(q, date_from=date_from, date_to=date_to, facets=False)
    faceted = searcher.search(q, date_from=date_from, date_to=date_to, facets=True)
    assert plain["total"] == faceted["total"] == sum(y["count"] for y in faceted["facets"]["year"])
    assert len(search_ids(searcher, q, date_from, date_to, limit=10_000)) == plain["total"]
    assert len(plain["hits"]) == len(faceted["hits"]) == min(10, plain["total"])


def test_ids_with_a_date_filter(sample_index):
    searcher = Searcher(sample_index)
    page = searcher.search("รัฐบาล", date_from="2020-01-01", date_to="2020-12-31", size=20, facets=False)
    ids = search_ids(searcher, "รัฐบาล", date_from="2020-01-01", date_to="2020-12-31", limit=20)
    assert ids and ids == [hit["id"] for hit in page["hits"]]
