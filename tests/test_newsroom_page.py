"""Issue 24, the newsroom page's numbers, dates, exports and URLs, as a journalist meets
them on the newsroom archive the tests write (tests/newsroom_corpus.py: 40 articles,
1 มี.ค. - 28 มิ.ย. 2560):

- the time a page shows is its own request's, and a cached answer says so;
- English pages show Gregorian dates, Thai pages Buddhist-era ones;
- the quick ranges say what they count back from;
- exports are named after the search, mark the cap in the file and on the page, and
  offer the article's text and the officials it names;
- a date without a year reads the archive's latest such day;
- no page's links or forms carry an empty parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from webui import create_app

PM = "ประยุทธ์ จันทร์โอชา"
BUDGET = "งบประมาณแผ่นดิน"  # 23 articles, 18 of them politics
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
THAI_MONTHS = re.compile(r"(?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.|"
                         r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
                         r"พฤศจิกายน|ธันวาคม)")
BE_YEAR = re.compile(r"(?<!\d)25[5-7]\d(?!\d)")


def html(res) -> str:
    assert res.status_code == 200 and res.mimetype == "text/html", (res.status_code, res.mimetype)
    return res.get_data(as_text=True)


def shown(text: str) -> str:
    """What the reader sees and hears of a page: its text and its labels, without the
    markup, the query typed into the box and the JSON twin's address."""
    text = re.sub(r'<input[^>]*>|<link[^>]*>|<script.*?</script>|<title>.*?</title>', " ", text, flags=re.S)
    labels = " ".join(re.findall(r'(?:aria-label|title|data-cite)="([^"]*)"', text))
    return re.sub(r"<[^>]+>", " ", text) + " " + labels


# ---------------------------------------------------------------- the time shown


class _Slow:
    """The app's search service, 30 ms slower to answer a search (a busy server)."""

    def __init__(self, real):
        self.real = real

    def search(self, *args, **kwargs):
        time.sleep(0.03)
        return self.real.search(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_time_shown_is_the_requests_own_and_a_cached_answer_says_so(newsroom_index, monkeypatch):
    import webui.pages

    app = create_app({"INDEX_DIR": str(newsroom_index), "TESTING": True})
    client = app.test_client()
    first = html(client.get("/", query_string={"q": BUDGET}))
    assert "จากแคช" not in first
    real = webui.pages.get_searcher
    monkeypatch.setattr(webui.pages, "get_searcher", lambda: _Slow(real()))
    again = html(client.get("/", query_string={"q": BUDGET}))
    took = re.search(r'<span class="took">\(แสดง 1–10 · ใช้เวลา ([\d.]+) มิลลิวินาที · '
                     r'<span class="nowrap">จากแคช</span>\)</span>', again)
    assert took, re.search(r'<span class="took">.*?</span>', again).group(0)
    # the cache answered in a fraction of a millisecond; the page took its 30 ms and more
    assert float(took.group(1)) >= 30
    data = client.get("/api/search", query_string={"q": BUDGET}).get_json()
    assert data["cached"] is True and data["took_ms"] < 30
    assert client.get("/api/search", query_string={"q": "น้ำท่วมภาคใต้"}).get_json()["cached"] is False
    english = html(client.get("/", query_string={"q": BUDGET}, headers=ENGLISH))
    assert re.search(r'\(showing 1–10 · [\d.]+ ms · <span class="nowrap">cached</span>\)', english)


# ---------------------------------------------------------------- dates in the reader's language


def _english_and_thai(nr, path: str, **query) -> tuple[str, str]:
    return html(nr.get(path, query_string=query, headers=ENGLISH)), html(nr.get(path, query_string=query))


@pytest.mark.parametrize("path, query", [
    ("/", {"q": PM}),                                   # person card, timeline per week, hits
    ("/", {"q": BUDGET, "from": "1 มิ.ย. 2560", "to": "มิ.ย. 2560"}),  # the range as read; per day
    ("/", {"q": BUDGET, "from": "2560", "to": "2560"}),  # a year chosen
    ("/", {"q": "ไม่มีคำนี้เลย"}),                         # the archive's dates on the empty page
    ("/", {}),                                           # the home page
    ("/people", {}),
    ("/people/" + PM, {}),
])
def test_english_pages_show_gregorian_dates_and_thai_pages_buddhist_years(nr, path, query):
    english, thai = _english_and_thai(nr, path, **query)
    said = shown(english)
    assert not THAI_MONTHS.search(said) and not BE_YEAR.search(said), \
        (THAI_MONTHS.search(said) or BE_YEAR.search(said)).group(0)
    assert re.search(r"\b(?:Mar|Jun) 2017\b|\b2017\b", said)
    assert BE_YEAR.search(shown(thai)) and "2017" not in re.sub(r'datetime="[^"]*"', "", shown(thai))


def test_english_results_count_years_and_bars_the_gregorian_way(nr):
    english = html(nr.get("/", query_string={"q": BUDGET}, headers=ENGLISH))
    hits = re.findall(r'<time datetime="([\d-]+)">([^<]+)</time>', english)
    assert hits and all(re.fullmatch(r"\d{1,2} (?:Mar|Apr|May|Jun) 2017", text) for _, text in hits)
    year = re.search(r'<section class="facet facet-year".*?</section>', english, re.S).group(0)
    link = re.search(r'<a href="([^"]+)"><span class="label">2017</span>', year).group(1).replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(link).query))["from"] == "2017"
    chosen = html(nr.get(link, headers=ENGLISH))
    assert "Dates: 1 Jan 2017 – 31 Dec 2017" in chosen
    assert re.search(r'<a href="[^"]+" aria-current="true"><span class="label">2017</span>', chosen)
    bars = re.findall(r'class="bar-link" aria-label="([^"]+)"', english)
    assert bars and all(re.fullmatch(r"\d+ \w{3} 2017 – \d+ \w{3} 2017: \d+ articles", b) for b in bars), bars[:3]
    # a bar narrows the dates in the reader's forms, which the engine reads back
    bar = re.search(r'<a href="([^"]+)" class="bar-link"', english).group(1).replace("&amp;", "&")
    assert re.fullmatch(r"\d+ \w{3} 2017", dict(parse_qsl(urlsplit(bar).query))["from"])
    assert "<strong>" in html(nr.get(bar, headers=ENGLISH))


def test_english_article_page_and_citation(nr):
    hit = nr.get("/api/search", query_string={"q": BUDGET, "sort": "oldest"}).get_json()["hits"][0]
    english, thai = _english_and_thai(nr, "/article/" + hit["id"], q=BUDGET)
    day, month = int(hit["date"][8:]), int(hit["date"][5:7])
    months = ["January", "February", "March", "April", "May", "June"]
    assert f'<time datetime="{hit["date"]}">{day} {months[month - 1]} 2017</time>' in english
    assert re.search(rf'data-cite="[^"]*เดลินิวส์, {day} {months[month - 1]} 2017\. https://', english)
    said = shown(english)
    assert not THAI_MONTHS.search(said) and not BE_YEAR.search(said)
    assert re.search(rf'<time datetime="{hit["date"]}">{day} \S+ 2560</time>', thai)


def test_english_chart_and_sparkline_labels():
    import numpy as np

    from indexer.index.textcodec import EPOCH
    from indexer.search.facets import timeline
    from webui import timeline as tl

    days = np.array([(d - EPOCH).days for d in (dt.date(2017, 6, 1), dt.date(2017, 6, 28))], dtype=np.int32)
    english = tl.bars(timeline(days), english=True)
    assert english["bins"][0]["label"] == "1 Jun 2017" and english["bins"][0]["from"] == "1 Jun 2017"
    assert tl.bars(timeline(days))["bins"][0]["label"] == "1 มิ.ย. 2560"
    spark = tl.sparkline([{"value": "2017-05", "count": 2}, {"value": "2017-06", "count": 3}], english=True)
    assert [b["label"] for b in spark["bars"]] == ["May 2017", "Jun 2017"]


# ---------------------------------------------------------------- quick ranges


def test_quick_ranges_say_they_count_back_from_the_newest_article(nr):
    text = html(nr.get("/", query_string={"q": BUDGET}))
    note = re.search(r'<p class="hint quick-note" id="quick-note">([^<]+)</p>', text)
    assert note and note.group(1) == "นับย้อนจากข่าวล่าสุดในคลัง (28 มิ.ย. 2560)"
    quick = re.search(r'<nav class="quick".*?</nav>', text, re.S).group(0)
    assert quick.count('aria-describedby="quick-note"') == 4  # each range is described by it
    english = html(nr.get("/", query_string={"q": BUDGET}, headers=ENGLISH))
    assert "counted back from the archive&#39;s newest article (28 Jun 2017)" in english
    last7 = re.search(r'<a href="([^"]+)"[^>]*>Last 7 days</a>', english).group(1).replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(last7).query))["from"] == "22 Jun 2017"
    chosen = html(nr.get(last7, headers=ENGLISH))
    assert re.search(r'aria-current="true">Last 7 days</a>', chosen)
    assert "Dates: 22 Jun 2017 – 28 Jun 2017" in chosen


# ---------------------------------------------------------------- exports


def _disposition(res) -> tuple[str, str]:
    """The ASCII ``filename`` and the UTF-8 ``filename*`` of an attachment."""
    header = res.headers["Content-Disposition"]
    assert header.startswith("attachment;") and "\r" not in header and "\n" not in header
    ascii_name = re.search(r'filename="([^"]*)"', header).group(1)
    utf8 = unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1))
    return ascii_name, utf8


@pytest.mark.parametrize("query, utf8, ascii_name", [
    ({"q": BUDGET, "from": "มิ.ย. 2560", "to": "มิ.ย. 2560"},
     f"thainews-{BUDGET}-2017-06-01_2017-06-30.csv", "thainews-2017-06-01_2017-06-30.csv"),
    ({"q": BUDGET, "category": "politics", "person": PM},
     f"thainews-{BUDGET}-politics-ประยุทธ์-จันทร์โอชา.csv", "thainews-politics.csv"),
    ({"q": "title:งบประมาณ OR \"น้ำท่วม\"", "from": "2560"},
     "thainews-title-งบประมาณ-OR-น้ำท่วม-from-2017-01-01.csv", "thainews-title-OR-from-2017-01-01.csv"),
    ({"q": '../../etc/passwd" \r\n x', "to": "2560"}, "thainews-etc-passwd-x-to-2017-12-31.csv",
     "thainews-etc-passwd-x-to-2017-12-31.csv"),
    ({}, "thainews-latest.csv", "thainews-latest.csv"),
])
def test_an_export_is_named_after_the_query_and_the_filters(nr, query, utf8, ascii_name):
    res = nr.get("/export.csv", query_string=query)
    assert res.status_code == 200 and res.get_data(as_text=True).startswith("\ufeffid,")
    assert _disposition(res) == (ascii_name, utf8)
    json_res = nr.get("/export.json", query_string=query)
    assert json.loads(json_res.get_data(as_text=True))["hits"] is not None
    assert _disposition(json_res)[1] == utf8.removesuffix(".csv") + ".json"


def _csv(res) -> list[list[str]]:
    body = res.get_data(as_text=True)
    assert body.startswith("\ufeff") and "\r\n" in body  # Excel reads the BOM as UTF-8
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_cap_is_marked_in_the_files_and_on_the_page(nr, monkeypatch):
    import webui.exports
    import webui.pages

    monkeypatch.setattr(webui.exports, "EXPORT_CAP", 10)
    monkeypatch.setattr(webui.pages, "EXPORT_CAP", 10)
    rows = _csv(nr.get("/export.csv", query_string={"q": BUDGET}))
    assert len(rows) == 1 + 10 + 1
    assert rows[-1][0] == "# ไฟล์นี้มี 10 ข่าวแรกจาก 23 ข่าวที่ตรงกับการค้นหา (ส่งออกได้ไม่เกิน 10 ข่าว)"
    assert not any(rows[-1][1:])
    english = _csv(nr.get("/export.csv", query_string={"q": BUDGET}, headers=ENGLISH))
    assert english[-1][0].startswith("# this file holds the first 10 of the 23 matching articles")
    data = json.loads(nr.get("/export.json", query_string={"q": BUDGET}).get_data(as_text=True))
    assert (data["total"], data["cap"], data["count"], data["capped"], len(data["hits"])) == (23, 10, 10, True, 10)
    page = html(nr.get("/", query_string={"q": BUDGET}))
    assert '<span class="export-cap">(10 ข่าวแรกจาก 23 ข่าว)</span>' in page
    assert "ไฟล์ส่งออกมีได้ไม่เกิน 10 ข่าว" in page
    # under the cap: every match, no mark
    rows = _csv(nr.get("/export.csv", query_string={"q": BUDGET, "category": "crime"}))
    assert len(rows) == 1 + 5 and not rows[-1][0].startswith("#")
    assert '<span class="export-cap">(ทั้ง 5 ข่าว)</span>' in html(nr.get("/", query_string={"q": BUDGET,
                                                                                          "category": "crime"}))
    data = json.loads(nr.get("/export.json", query_string={"q": BUDGET, "category": "crime"}).get_data(as_text=True))
    assert (data["count"], data["capped"]) == (5, False)


def test_body_and_officials_columns_on_request(nr):
    plain = list(csv.DictReader(io.StringIO(nr.get("/export.csv", query_string={"q": BUDGET, "sort": "oldest"})
                                            .get_data(as_text=True).lstrip("\ufeff"))))
    assert "body" not in plain[0] and "officials" not in plain[0]
    res = nr.get("/export.csv", query_string={"q": BUDGET, "sort": "oldest", "body": "1", "officials": "1"})
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    assert list(rows[0])[-2:] == ["body", "officials"] and [r["id"] for r in rows] == [r["id"] for r in plain]
    for row in rows:
        article = nr.get("/api/article/" + row["id"]).get_json()
        assert row["body"] == article["body"] and "ย่อหน้าที่สอง" in row["body"] and "\n" in row["body"]
    politics = [r for r in rows if r["category"] == "politics"]
    assert all(f"{PM} (นายกรัฐมนตรี)" in r["officials"] for r in politics)
    assert any(r["officials"] == "" for r in rows if r["category"] == "crime")
    # JSON: the text whole, the officials as records
    data = json.loads(nr.get("/export.json", query_string={"q": BUDGET, "officials": "1"}).get_data(as_text=True))
    assert "body" not in data["hits"][0]
    named = [h for h in data["hits"] if h["officials"]]
    assert named and {"name": PM, "position": "นายกรัฐมนตรี"} in named[0]["officials"]


def test_a_long_text_is_cut_where_a_spreadsheet_cell_ends(nr, monkeypatch):
    import webui.exports

    monkeypatch.setattr(webui.exports, "EXPORT_CELL_CHARS", 40)
    rows = list(csv.DictReader(io.StringIO(nr.get("/export.csv", query_string={"q": BUDGET, "body": "1"})
                                           .get_data(as_text=True).lstrip("\ufeff"))))
    whole = json.loads(nr.get("/export.json", query_string={"q": BUDGET, "body": "1"}).get_data(as_text=True))
    for row, hit in zip(rows, whole["hits"]):
        assert len(hit["body"]) > 40 and row["body"].startswith(hit["body"][:30])
        assert row["body"].endswith("… [ตัดที่ 40 ตัวอักษร ข้อความเต็มอยู่ในไฟล์ JSON]")


def test_the_page_offers_the_columns_in_a_form_that_needs_no_script(nr):
    page = html(nr.get("/", query_string={"q": BUDGET, "category": "politics", "from": "2560", "sort": "date"}))
    form = re.search(r'<form class="export-form" action="/export.csv" method="get">.*?</form>', page, re.S).group(0)
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
    assert hidden == [("q", BUDGET), ("from", "2560"), ("sort", "date"), ("category", "politics")]
    assert '<input type="checkbox" name="body" value="1">' in form
    assert '<input type="checkbox" name="officials" value="1">' in form
    assert 'formaction="/export.json"' in form


# ---------------------------------------------------------------- a date without a year


@pytest.mark.parametrize("typed, read", [
    ("5 มิ.ย.", "5 มิ.ย. 2560 – 5 มิ.ย. 2560"),      # the newest article is of 28 มิ.ย. 2560
    ("วันที่ 28 มิ.ย.", "28 มิ.ย. 2560 – 28 มิ.ย. 2560"),
    ("29 มิ.ย.", "29 มิ.ย. 2559 – 29 มิ.ย. 2559"),    # after the newest article: the year before
    ("1-10 มิ.ย.", "1 มิ.ย. 2560 – 10 มิ.ย. 2560"),
    ("๕ มิ.ย.", "5 มิ.ย. 2560 – 5 มิ.ย. 2560"),
])
def test_a_date_without_a_year_reads_the_archives_latest_such_day(nr, typed, read):
    page = html(nr.get("/", query_string={"q": BUDGET, "from": typed, "to": typed}))
    assert f"ช่วงวันที่: {read}" in page and 'role="alert"' not in page
    data = nr.get("/api/search", query_string={"q": BUDGET, "from": typed, "to": typed}).get_json()
    assert re.sub(r"[^\d]", "", read[:3]) == str(int(data["from"][8:]))


def test_a_yearless_date_that_no_year_has_is_refused_in_thai(nr):
    page = nr.get("/", query_string={"q": BUDGET, "from": "31 มิ.ย."}).get_data(as_text=True)
    assert "มิถุนายน 2560 ไม่มีวันที่ 31" in page
    assert nr.get("/api/search", query_string={"q": BUDGET, "from": "31 มิ.ย."}).status_code == 400


def test_the_embed_builder_reads_a_yearless_date_too(nr):
    page = html(nr.get("/embed", query_string={"from": "5 มิ.ย.", "size": "5"}))
    assert 'aria-invalid="true"' not in page and "data-from=&#34;5 มิ.ย.&#34;" in page


# ---------------------------------------------------------------- no empty parameters


@pytest.mark.parametrize("path, clean", [
    ("/?q=ข่าว&from=&to=", "/?q=ข่าว"),
    ("/?q=&from=2560&to=&category=politics&category=", "/?from=2560&category=politics"),
    ("/?q=&from=&to=", "/"),
    ("/people?q=", "/people"),
    ("/embed?placeholder=&mode=panel&from=&to=&category=&size=5", "/embed?mode=panel&size=5"),
])
def test_a_url_with_empty_parameters_redirects_to_one_without(nr, path, clean):
    res = nr.get(path)
    assert res.status_code == 302
    assert unquote(res.headers["Location"]) == clean


def _links(text: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'(?:href|action|formaction)="([^"]*)"', text)]


@pytest.mark.parametrize("path, query", [
    ("/", {"q": BUDGET}),
    ("/", {"q": BUDGET, "from": "1 มิ.ย. 2560", "category": "politics", "person": PM, "sort": "date", "page": "2"}),
    ("/", {"q": "ไม่มีคำนี้เลย", "from": "2560"}),
    ("/", {}),
    ("/", {"sort": "date"}),
    ("/people", {}),
    ("/people/" + PM, {}),
    ("/embed", {}),
])
def test_no_link_or_form_of_a_page_carries_an_empty_parameter(nr, path, query):
    text = html(nr.get(path, query_string=query))
    links = _links(text)
    assert links
    for link in links:
        pairs = parse_qsl(urlsplit(link).query, keep_blank_values=True)
        assert all(value for _, value in pairs), link
    # the hidden fields a form sends hold something
    assert not re.findall(r'<input type="hidden" name="\w+" value="">', text)
