"""Issue 15 through Flask's test client, on a newsroom archive built here
(tests/newsroom_corpus.py): filters that keep their counts, Thai category
names, the people filter, the timeline, the person card, the query's
interpretation, exports and the feed, Thai and English messages, gzip."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pytest
from flask import render_template

from tests.newsroom_corpus import ARTICLES

ATOM = "{http://www.w3.org/2005/Atom}"
PM = "ประยุทธ์ จันทร์โอชา"


def page(res) -> str:
    assert res.mimetype == "text/html", res.mimetype
    return res.get_data(as_text=True)


def query_of(href: str) -> dict:
    return parse_qs(urlparse(href.replace("&amp;", "&")).query)


def facet_links(text: str, name: str) -> list[tuple[str, str, str, int]]:
    """(href, aria-checked, label, count) of a facet's entries."""
    section = re.search(rf'<section class="facet facet-{name}".*?</section>', text, re.S).group(0)
    return [(h, c, lab, int(n.replace(",", ""))) for h, c, lab, n in re.findall(
        r'<a href="([^"]+)" role="checkbox" aria-checked="(\w+)">.*?<span class="label">([^<]+)</span> '
        r'<span class="count">([\d,]+)</span>', section, re.S)]


# ---------------------------------------------------------------- home


def test_home_is_drawn_from_the_index(nr):
    text = page(nr.get("/"))
    assert f"คลังข่าวนี้มี {ARTICLES} ข่าว ตั้งแต่ 1 มี.ค. 2560 ถึง 28 มิ.ย. 2560" in text
    chips = re.findall(r'<ul class="examples"[^>]*>(.*?)</ul>', text, re.S)
    assert len(chips) == 2 and PM in chips[0] and "น้ำท่วม" in chips[1]
    assert f'placeholder="ค้นหาข่าว เช่น {PM}"' in text
    # every example finds something
    for href in re.findall(r'<a href="(/\?q=[^"]+)">', "".join(chips)):
        assert "พบ <strong>" in page(nr.get(href.replace("&amp;", "&")))
    # the box is free for the browser's own history, and focused on the home page only
    assert 'autocomplete="off"' not in text and "autofocus" in text
    assert "autofocus" not in page(nr.get("/?q=น้ำท่วม"))
    assert 'href="/people"' in text  # the directory is in the navigation


# ---------------------------------------------------------------- filters


def test_categories_in_thai_multi_select_keeping_counts(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    cats = facet_links(text, "category")
    assert [(lab, n, c) for _, c, lab, n in cats] == [("การเมือง", 18, "false"), ("อาชญากรรม", 5, "false")]
    filters = re.search(r'<aside class="filters".*?</aside>', text, re.S).group(0)
    assert "politics" not in re.sub(r"<[^>]+>", "", filters)  # shown by name, not slug
    # choose one: the other keeps its count and can be added
    chosen = page(nr.get(cats[1][0].replace("&amp;", "&")))
    assert "พบ <strong>5</strong> ข่าว" in chosen
    cats2 = facet_links(chosen, "category")
    assert {(lab, n, c) for _, c, lab, n in cats2} == {("การเมือง", 18, "false"), ("อาชญากรรม", 5, "true")}
    both_href = next(h for h, _, lab, _ in cats2 if lab == "การเมือง")
    assert query_of(both_href)["category"] == ["crime", "politics"]
    both = page(nr.get(both_href.replace("&amp;", "&")))
    assert "พบ <strong>23</strong> ข่าว" in both
    assert "หมวด: การเมือง" in both and "หมวด: อาชญากรรม" in both  # removable chips
    # the API: several categories, categories echoed
    data = nr.get("/api/search?q=งบประมาณแผ่นดิน&category=crime&category=politics").get_json()
    assert data["total"] == 23 and data["categories"] == ["crime", "politics"]


def test_people_filter_narrows_to_an_official(nr):
    text = page(nr.get("/", query_string={"q": "น้ำท่วมภาคใต้"}))
    people = facet_links(text, "people")
    assert [(lab, n) for _, _, lab, n in people][:2] == [("วีรนันทน์ เพ็งจันทร์", 12), (PM, 4)]
    narrowed = page(nr.get(people[1][0].replace("&amp;", "&")))
    assert "พบ <strong>4</strong> ข่าว" in narrowed and f"บุคคล: {PM}" in narrowed
    assert nr.get("/api/search", query_string={"q": "น้ำท่วมภาคใต้", "person": PM}).get_json()["total"] == 4


def test_years_in_time_order_and_no_month_list(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    assert "facet-month" not in text
    years = re.findall(r'<section class="facet facet-year".*?</section>', text, re.S)
    assert years and "2560" in years[0]


# ---------------------------------------------------------------- timeline


def test_timeline_bars_narrow_the_dates_and_the_range_is_echoed(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    svg = re.search(r'<svg class="chart".*?</svg>', text, re.S).group(0)
    assert 'role="group"' in svg and "style=" not in svg
    bars = re.findall(r'<a href="([^"]+)" class="bar-link" aria-label="([^"]+)">', svg)
    assert bars and sum(int(re.search(r": (\d+) ข่าว", label).group(1)) for _, label in bars) == 23
    assert "รายสัปดาห์" in text  # March to June: a bar per week
    href, label = bars[-1]
    params = query_of(href)
    narrowed = nr.get(href.replace("&amp;", "&"))
    result = page(narrowed)
    data = nr.get("/api/search", query_string={"q": "งบประมาณแผ่นดิน", "from": params["from"][0],
                                               "to": params["to"][0]}).get_json()
    assert f"พบ <strong>{data['total']}</strong>" in result
    assert data["total"] == int(re.search(r": (\d+) ข่าว", label).group(1))
    # the range as the engine read it, in Thai, and one bar per day now
    assert f"ช่วงวันที่: {params['from'][0]} – {params['to'][0]}" in result
    assert "รายวัน" in result


def test_typed_dates_are_echoed_as_read(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน", "from": "1/6/2560", "to": "มิ.ย. 60"}))
    assert "ช่วงวันที่: 1 มิ.ย. 2560 – 30 มิ.ย. 2560" in text
    assert '<span class="dates-now">1 มิ.ย. 2560 – 30 มิ.ย. 2560</span>' in text


def test_quick_ranges_count_back_from_the_newest_article(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    quick = re.search(r'<nav class="quick".*?</nav>', text, re.S).group(0)
    links = dict((label, href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', quick))
    assert query_of(links["7 วันล่าสุด"]) == {"q": ["งบประมาณแผ่นดิน"], "from": ["22 มิ.ย. 2560"],
                                             "to": ["28 มิ.ย. 2560"]}
    assert query_of(links["ปี 2560"])["from"] == ["2560"]
    assert "from" not in query_of(links["ทั้งหมด"])


# ---------------------------------------------------------------- people


def test_person_card_for_a_query_naming_an_official(nr):
    for q in ("ประยุทธ์", PM, f"person:{PM}", "จันทร์โอชา"):
        text = page(nr.get("/", query_string={"q": q}))
        card = re.search(r'<section class="person-card".*?</section>', text, re.S)
        assert card, q
        card = card.group(0)
        assert PM in card and "18 ข่าว" in card
        assert "นายกรัฐมนตรี" in card and "นายกรัฐมนตรีมีคำ" not in card  # cleaned
        assert '<svg class="spark"' in card
    assert 'class="person-card"' not in page(nr.get("/", query_string={"q": "น้ำท่วม"}))


def test_people_directory_and_person_page(nr):
    text = page(nr.get("/people"))
    names = re.findall(r'<h2><a href="/people/[^"]+">([^<]+)</a></h2>', text)
    assert names == [PM, "วีรนันทน์ เพ็งจันทร์", "อนุทิน ชาญวีรกูล"]  # most articles first
    assert "นายกรัฐมนตรีมีคำ" not in text and "นายกรัฐมนตรี" in text
    assert 'aria-current="page"' in text  # the navigation shows where we are
    assert re.findall(r'<h2><a[^>]+>([^<]+)</a></h2>', page(nr.get("/people?q=สาธารณสุข"))) == ["อนุทิน ชาญวีรกูล"]
    person = page(nr.get("/people/" + PM))
    dates = re.findall(r'<time datetime="([\d-]+)">', person)
    assert len(dates) == 18 and dates == sorted(dates, reverse=True)  # newest first
    assert '<table class="roles-table">' in person and "นายกรัฐมนตรี</td>" in person
    data = nr.get("/api/people/" + PM).get_json()
    assert data["roles"][0]["position"] == "นายกรัฐมนตรี" and data["roles"][0]["articles"] == 18



def test_person_articles_come_a_page_at_a_time(nr, newsroom_index):
    """An official named in thousands of articles gets a page of them, not all: the
    pages continue each other, newest first, and the count is of all of them."""
    from indexer.search import Searcher
    from indexer.search.people import person_page

    searcher = Searcher(newsroom_index)
    officials = searcher._current().officials()
    every = person_page(officials, PM, 1, per_page=100)["articles"]
    pages = [person_page(officials, PM, n, per_page=5) for n in (1, 2, 3, 4, 5)]
    assert [a["id"] for p in pages for a in p["articles"]] == [a["id"] for a in every]
    assert all(p["count"] == 18 and p["per_page"] == 5 for p in pages) and pages[-1]["articles"] == []
    data = nr.get("/api/people/" + PM + "?page=2").get_json()
    assert data["count"] == 18 and data["page"] == 2 and data["articles"] == []
    assert nr.get("/api/people/" + PM + "?page=zero").status_code == 400
    assert 'rel="next"' not in page(nr.get("/people/" + PM))  # 18 fit on the first page


# ---------------------------------------------------------------- interpretation, no results


def test_interpretation_words_notice_renders_from_a_fake_result(nr_app):
    """The new engine's `interpretation` (absent today) as the page shows it."""
    fake = {"query": "นายกประยุทธ์", "total": 1, "page": 1, "size": 10, "sort": "relevance", "took_ms": 1.0,
            "hits": [], "relaxed": [], "suggestion": None, "facets": None,
            "interpretation": {"units": [{"text": "นายกประยุทธ์", "match": "words", "variants": [],
                                          "words": ["นายก", "ประยุทธ์"]},
                                         {"text": "สงขลา", "match": "exact", "variants": [], "words": ["สงขลา"]}],
                               "message": None}}
    from webui.searchview import interpretation

    with nr_app.test_request_context("/?q=นายกประยุทธ์"):
        units = interpretation(fake)
        assert [u["text"] for u in units] == ["นายกประยุทธ์"]
        html = render_template("search.html", args={"q": "นายกประยุทธ์"}, result=fake, error=None,
                               date_errors={}, active=True, state={"q": "นายกประยุทธ์"}, json_twin=None,
                               max_size=100, export_cap=1000,
                               view={"words": units, "hits": [], "first": 1, "last": 1, "pages": [1],
                                     "last_page": 1, "filters": {"year": [], "category": [], "people": []}})
    assert "ไม่พบ “นายกประยุทธ์” ตรงตัว จึงแสดงข่าวที่มีครบทุกคำ: นายก + ประยุทธ์" in html
    assert interpretation({"query": "x"}) == [] and interpretation(None) == []


def test_no_result_page_offers_split_range_and_tips(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณโควิดระบาด"}))
    assert "ไม่พบข่าวที่ตรงกับ “งบประมาณโควิดระบาด”" in text
    split = re.search(r'ลองค้นหาคำใดคำหนึ่ง: <a href="([^"]+)"><strong>([^<]+)</strong>', text)
    assert split and split.group(2) == "งบประมาณ OR โควิด OR ระบาด"
    assert "คลังข่าวนี้มีข่าวตั้งแต่ 1 มี.ค. 2560 ถึง 28 มิ.ย. 2560" in text


# ---------------------------------------------------------------- messages


def test_errors_in_thai_and_in_english_when_preferred(nr):
    res = nr.get("/", query_string={"q": " ".join(["ก"] * 30)})
    assert res.status_code == 400 and "คำค้นมีคำมากเกินไป (30 คำ ใส่ได้ไม่เกิน 24 คำ)" in page(res)
    text = page(nr.get("/", query_string={"q": "ข่าว", "from": "32 มิ.ย. 2560"}))
    assert "มิถุนายน 2560 ไม่มีวันที่ 32" in text and "out of range" not in text
    text = page(nr.get("/", query_string={"q": "ข่าว", "from": "31 มิ.ย. 2560"}))
    assert "อ่าน “31 มิ.ย. 2560” เป็นวันที่ไม่ได้ – มิถุนายน 2560 ไม่มีวันที่ 31" in text
    assert "out of range" not in text
    res = nr.get("/", query_string={"q": "ข่าว", "from": "2561", "to": "2560"})
    assert "วันเริ่มต้นอยู่หลังวันสิ้นสุด" in page(res)
    english = {"Accept-Language": "en-US,en;q=0.9,th;q=0.5"}
    text = page(nr.get("/", query_string={"q": "ข่าว", "from": "31 มิ.ย. 2560"}, headers=english))
    assert '<html lang="en">' in text and "June 2017 has no day 31" in text and "Search" in text
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}, headers=english))
    assert "<strong>23</strong> articles found" in text and "Politics" in text
    assert "Accept-Language" in nr.get("/").headers["Vary"]
    assert '<html lang="th">' in page(nr.get("/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.8"}))


def test_catalog_has_both_languages():
    from webui.messages import MESSAGES

    for key, (th, en) in MESSAGES.items():
        assert th and en, key
        assert set(re.findall(r"{(\w+)", th)) == set(re.findall(r"{(\w+)", en)), key


# ---------------------------------------------------------------- exports and feed


def test_csv_export_parses_with_a_header(nr):
    res = nr.get("/export.csv", query_string={"q": "งบประมาณแผ่นดิน", "sort": "oldest"})
    assert res.status_code == 200 and res.mimetype == "text/csv"
    assert "attachment" in res.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 23
    assert list(rows[0]) == ["id", "title", "date", "date_thai", "category", "category_name", "url", "source",
                             "snippet"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)  # oldest first, as asked
    assert {r["category_name"] for r in rows} == {"การเมือง", "อาชญากรรม"}
    assert all("<mark>" not in r["snippet"] and r["url"].startswith("https://") for r in rows)


def test_json_export_streams_every_match(nr):
    res = nr.get("/export.json", query_string={"q": "งบประมาณแผ่นดิน", "category": "politics"},
                 headers={"Accept-Encoding": "gzip"})
    assert res.headers["Content-Encoding"] == "gzip" and res.is_streamed
    data = json.loads(gzip.decompress(res.get_data()))
    assert data["total"] == 18 and len(data["hits"]) == 18 and data["cap"] == 1000
    assert data["categories"] == ["politics"]
    assert nr.get("/export.json", query_string={"q": "ก " * 30}).status_code == 400


def test_atom_feed_newest_first_one_entry_per_article(nr):
    res = nr.get("/feed.atom", query_string={"q": "งบประมาณแผ่นดิน"})
    assert res.status_code == 200 and res.mimetype == "application/atom+xml"
    root = ET.fromstring(res.get_data())
    assert root.tag == f"{ATOM}feed" and "งบประมาณแผ่นดิน" in root.find(f"{ATOM}title").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 23
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    # absolute IRIs that need no address (none is configured here: no Host header in the feed)
    assert len(set(ids)) == 23 and all(i.startswith("urn:thainews:article:") for i in ids)
    links = [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries]
    assert all(link.startswith("/article/") for link in links)
    assert root.find(f"{ATOM}updated").text == updated[0]
    # the results page links its feed, and its export form sends the search to both exports
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    assert 'type="application/atom+xml"' in text and 'href="/feed.atom?q=' in text
    form = re.search(r'<form class="export-form" action="/export.csv" method="get">.*?</form>', text, re.S).group(0)
    assert 'formaction="/export.json"' in form
    assert re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form) == [("q", "งบประมาณแผ่นดิน")]


def test_oldest_first_sort(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน", "sort": "oldest"}))
    dates = re.findall(r'<time datetime="([\d-]+)">', text)
    assert dates == sorted(dates) and '<span aria-current="true">เก่าสุดก่อน</span>' in text


# ---------------------------------------------------------------- results details


def test_titles_highlighted_and_citations(nr):
    text = page(nr.get("/", query_string={"q": "งบประมาณแผ่นดิน"}))
    assert re.search(r"<h3><a [^>]+>ข่าว<mark>งบประมาณแผ่นดิน</mark>", text)
    cite = re.search(r'data-cite="([^"]+)"', text).group(1)
    assert re.fullmatch(r"ข่าวงบประมาณแผ่นดิน ฉบับที่ \d+\. เดลินิวส์, \d+ \S+ 2560\. https://www\.dailynews\.co\.th/\S+",
                        cite), cite


def test_suggest_groups(nr):
    data = nr.get("/api/suggest?q=ประ").get_json()
    assert [item["text"] for item in data["groups"]["people"]] == [PM]
    # each with what it finds, counted by a search for it
    count = data["groups"]["people"][0]["count"]
    assert count > 0 and count == nr.get(f"/api/search?q={PM}").get_json()["total"]
    assert "suggestions" in data and PM in data["suggestions"]
    assert set(data["groups"]) == {"people", "positions", "headlines"}


@pytest.mark.parametrize("path", ["/", "/?q=งบประมาณแผ่นดิน", "/api/search?q=งบประมาณแผ่นดิน", "/people",
                                  "/feed.atom?q=งบประมาณแผ่นดิน", "/static/app.js", "/static/style.css"])
def test_gzip_on_pages_api_feed_and_static(nr, path):
    res = nr.get(path, headers={"Accept-Encoding": "gzip"})
    assert res.headers.get("Content-Encoding") == "gzip", path
    def steady(body: bytes) -> bytes:  # the search time differs between two requests
        return re.sub(r'(took_ms":\s*|ใช้เวลา )[\d.]+'.encode(), b"", body)

    assert steady(gzip.decompress(res.data)) == steady(nr.get(path).data)
