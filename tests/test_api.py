"""The HTTP contract, driven through the real Flask app."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from webui import create_app


def test_api_search_contract(client):
    res = client.get("/api/search", query_string={"q": "วีรนันทน์ เพ็งจันทร์"})
    assert res.status_code == 200
    data = res.get_json()
    assert data["total"] == 1 and data["page"] == 1 and data["size"] == 10
    hit = data["hits"][0]
    assert hit["date"] == "2019-08-26"
    assert "<mark>" in hit["snippet"]
    assert res.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("params", [
    {"q": "สงขลา", "size": "500"}, {"q": "สงขลา", "page": "-1"}, {"q": "สงขลา", "page": "x"},
    {"q": "สงขลา", "from": "yesterday-ish"}, {"q": "สงขลา", "to": "31 ก.พ. 2562"},
    {"q": "สงขลา", "sort": "random"}, {"q": "x" * 2000},
])
def test_bad_parameters_are_400_with_plain_error(client, params):
    res = client.get("/api/search", query_string=params)
    assert res.status_code == 400
    assert isinstance(res.get_json()["error"], str) and res.get_json()["error"]


@pytest.mark.parametrize("q", ['"', '"สงขลา', "(", ")", "title:", ":", "*", "?", "AND", "OR", "NOT", "-",
                               "[", "]", "{", "}", "^", "~", "สงขลา^", "สงขลา~", "title:(", "a:b:c",
                               "[a TO", "\\", "\x00", "'", "ผวจ.", "((((สงขลา", "สงขลา AND OR NOT",
                               "<script>alert(1)</script>", "%", "😀", "ๆ", "ฯ", "...", "　"])
def test_odd_queries_never_500(client, q):
    res = client.get("/api/search", query_string={"q": q})
    assert res.status_code in (200, 400), (q, res.status_code, res.data[:200])
    assert res.is_json


def test_article_json_twin(client):
    hit = client.get("/api/search?q=หนูรอต").get_json()["hits"][0]
    # ids are URLs or paths with '#': clients percent-encode them
    res = client.get("/api/article/" + quote(hit["id"], safe=""))
    assert res.status_code == 200
    art = res.get_json()
    assert art["reporter"] == "ศิริลักษณ์ แคล้วคลาด"
    assert art["date"] == "2019-08-26"
    assert client.get("/api/article/nope").status_code == 404


def test_healthz(client):
    res = client.get("/healthz")
    assert res.status_code == 200 and res.get_json()["documents"] == 1


def test_search_page_escapes_and_marks(client):
    res = client.get("/", query_string={"q": "หนูรอต"})
    assert res.status_code == 200
    assert "<mark>หนูรอต</mark>" in res.get_data(as_text=True)


def test_search_page_bad_date_shows_error_not_500(client):
    res = client.get("/", query_string={"q": "สงขลา", "from": "ไม่ใช่วันที่"})
    assert res.status_code == 200
    assert "from" in res.get_data(as_text=True)


def test_concurrent_requests_share_the_searcher_safely(sample_index):
    """Threads of one worker search at once: no corrupted reads, no errors."""
    import threading

    app = create_app({"INDEX_DIR": str(sample_index), "TESTING": True})
    queries = ["นายกรัฐมนตรี", "ประชุม", "กระทรวงสาธารณสุข", "โควิด", "งบประมาณ", "สงขลา",
               "ผู้ว่าราชการจังหวัด", "เศรษฐกิจ", "การท่องเที่ยว", "รัฐบาล"] * 3
    failures = []

    def worker(chunk):
        client = app.test_client()
        for q in chunk:
            res = client.get("/api/search", query_string={"q": q, "size": 20})
            if res.status_code != 200:
                failures.append((q, res.status_code))

    threads = [threading.Thread(target=worker, args=(queries[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_threads_share_one_whoosh_searcher(sample_index):
    """One searcher (readers, caches) per process, not one per thread."""
    import threading

    from indexer.search import Searcher
    from indexer.search.probes import whoosh_searcher

    searcher = Searcher(sample_index)
    seen = set()

    def work(q):
        searcher.search(q)
        with whoosh_searcher(searcher) as whoosh:
            seen.add(id(whoosh))

    threads = [threading.Thread(target=work, args=(q,)) for q in ("ประชุม", "สงขลา", "โควิด", "รัฐบาล")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 1


@pytest.mark.parametrize("path, status, code", [
    ("/api/article/no-such-id", 404, "no_article"),
    ("/api/people/ไม่มีคนนี้", 404, "no_person"),
    ("/api/no-such-route", 404, "not_found"),
    ("/api/search?q=" + "ก" * 400, 400, "query_too_long"),
    ("/api/search?page=abc", 400, "bad_number"),
])
def test_every_api_error_has_one_shape(client, path, status, code):
    res = client.get(path)
    assert res.status_code == status and set(res.get_json()) == {"error", "code"}
    assert res.get_json()["code"] == code


def test_a_missing_article_or_person_page_is_a_404_page(client):
    for path in ("/article/no-such-id", "/people/ไม่มีคนนี้"):
        res = client.get(path)
        assert res.status_code == 404 and res.mimetype == "text/html"
