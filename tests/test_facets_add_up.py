"""The year and category facets add up to the total (issue 24): undated articles and
articles with no category are buckets of their own, and the latter a filter too."""

from __future__ import annotations

import re

import pytest

from indexer.search import Searcher

from .conftest import json_corpus_index

DOCS = [
    # (name, date, category)
    ("a", "2019-08-26", "politics"),
    ("b", "2019-09-01", "politics"),
    ("c", "2020-01-15", "sports"),
    ("d", None, "sports"),      # undated
    ("e", "2020-02-02", None),  # no category
    ("f", None, None),          # neither
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    records = {}
    for name, day, category in DOCS:
        record = {"title": f"ข่าวประชุม {name}", "content": "คณะกรรมการประชุมหารือแผนงานประจำปี",
                  "url": f"https://example.test/{name}"}
        if day:
            record["date"] = day
        if category:
            record["category"] = category
        records[name] = record
    return json_corpus_index(tmp_path_factory, "facets", records)


@pytest.fixture(scope="module")
def searcher(index_dir):
    found = Searcher(index_dir)
    yield found
    found.close()


@pytest.mark.parametrize("q", ["ประชุม", ""])
def test_years_and_categories_add_up_to_the_total(searcher, q):
    result = searcher.search(q)
    facets = result["facets"]
    assert result["total"] == len(DOCS)
    assert sum(f["count"] for f in facets["year"]) == result["total"]
    assert sum(f["count"] for f in facets["category"]) == result["total"]
    assert {"value": "undated", "label": "ไม่ระบุวันที่", "label_en": "Undated", "count": 2} in facets["year"]
    assert facets["category"][-1] == {"value": "none", "label": "ไม่มีหมวด", "label_en": "No section", "count": 2}


def test_the_no_category_bucket_is_a_filter(searcher):
    ids = {h["id"].rsplit("/", 1)[-1] for h in searcher.search("ประชุม", category="none")["hits"]}
    assert ids == {"e", "f"}
    both = searcher.search("ประชุม", category=["none", "sports"])
    assert both["total"] == 4


def test_the_page_shows_the_buckets(index_dir):
    from webui import create_app

    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    html = client.get("/?q=ประชุม").get_data(as_text=True)
    assert "ไม่ระบุวันที่" in html and "ไม่มีหมวด" in html
    # the no-category bucket narrows the page like any category
    narrowed = client.get("/?q=ประชุม&category=none").get_data(as_text=True)
    assert len(re.findall(r'<li class="hit[ "]', narrowed)) == 2


def test_numbers_are_formatted_one_way():
    from webui import create_app
    from webui.i18n import t

    with create_app({"INDEX_DIR": "/nonexistent", "TESTING": True}).test_request_context("/"):
        assert t("person.articles", n=4102) == t("person.articles", n="4,102")
        assert t("dates.this_year", year=2560) == "ปี 2560"


def test_home_examples_are_whole_words():
    from indexer.search.overview import _thai_word

    assert _thai_word("ประชาชน") and _thai_word("งบประมาณ")
    assert not _thai_word("บิ๊ก") and not _thai_word("เรื่อง") and not _thai_word("พฤษภาคม")
