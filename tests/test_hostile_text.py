"""Text that reaches other software: bad records at ingest, spreadsheets, XML readers, a hostile Host.

- A record with a lone surrogate, control characters or Unicode
  noncharacters costs nothing: in every reader (JSON, JSON Lines, CSV, text)
  it is indexed with them repaired (U+FFFD, flagged) or dropped, and the
  build goes on.
- CSV export cells that a spreadsheet would run as a formula are written as
  text (OWASP: a leading ``'``); the JSON export keeps the values as they are.
- Every XML the app writes (Atom feed, OpenSearch description) parses, for
  any indexed text and any query.
- No page, feed or description carries the request's Host header: absolute
  URLs come from ``THAINEWS_BASE_URL`` or are relative.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.ingest.article import clean_text
from webui import create_app

from .conftest import stored_articles

ATOM = "{http://www.w3.org/2005/Atom}"
EVIL_HOST = "evil.example"

# one hostile record beside a good one in every reader's format
HOSTILE = {
    "h/a.jsonl": "\n".join([
        '{"title": "=1+2 ข่าวสงขลา \\ud800 หนึ่ง", "content": "เนื้อหา\\u0001สงขลา \\uffff \\ufffe '
        'ข่าว\\u0008\\u001b \\ufdd0 \\udbff", "date": "2019-08-26", "url": "http://a.example/1",'
        ' "category": "@SUM(A1)"}',
        '{"title": "ข่าวสงขลา สอง", "content": "เนื้อหาปกติ สงขลา", "date": "2019-08-26"}',
    ]),
    "h/b.json": ('[{"title": "+ข่าวสงขลา สาม \\udc00", "content": "สงขลา\\u007f\\u0085 เนื้อหา",'
                 ' "date": "2019-08-27", "url": "-http://b.example/3", "category": "\\tcat"}]'),
    "h/c.csv": "title,body,date,url\r\n\"-ข่าวสงขลา สี่\u0002\",\"สงขลา\u000b เนื้อหา\uffff\",2019-08-28,"
               "\"=HYPERLINK(\"\"http://attacker.example\"\")\"\r\n",
    "h/d.txt": "@ข่าวสงขลา ห้า\u001f\n28 สิงหาคม 2562\nเนื้อหา\u000c สงขลา \ufffe ข่าว\u0007\n",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    index, errors = root / "ix", root / "errors.json"
    res = CliRunner().invoke(main, ["index", str(root / "h"), "--index", str(index), "--errors", str(errors),
                                    "--no-progress"])
    return {"result": res, "index": index, "errors": json.loads(errors.read_text(encoding="utf-8"))}


def test_clean_text():
    assert clean_text("a\ud800b") == ("a\ufffdb", 1)
    assert clean_text("a\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x85\x9fb\tc\nd") == ("ab\tc\nd", 0)
    assert clean_text("a\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffffb") == ("ab", 0)
    assert clean_text("a\r\nb\rc") == ("a\nb\nc", 0)
    assert clean_text("ข่าว \ufffd ดี") == ("ข่าว \ufffd ดี", 0)  # U+FFFD itself is text


def test_bad_records_cost_nothing_and_are_flagged(hostile):
    res = hostile["result"]
    assert res.exit_code == 0, res.output
    assert "5 articles indexed from 4 files" in res.output
    flagged = {(e["path"], e["reason"]) for e in hostile["errors"]["flagged"]}
    assert any(p == "h/a.jsonl" and "record 1: 2 character(s)" in r and "U+FFFD" in r for p, r in flagged), flagged
    assert any(p == "h/b.json" and "U+FFFD" in r for p, r in flagged), flagged
    assert not hostile["errors"]["failed"]
    for article in stored_articles(hostile["index"]):
        for value in article.values():
            if isinstance(value, str):
                assert clean_text(value) == (value, 0), (article["title"], value)
                value.encode("utf-8")


def test_csv_cells_never_start_a_formula(hostile):
    client = create_app({"INDEX_DIR": str(hostile["index"]), "TESTING": True}).test_client()
    res = client.get("/export.csv", query_string={"q": "สงขลา"})
    assert res.status_code == 200
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 5
    for row in rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)
    titles = sorted(row["title"] for row in rows)
    assert "'=1+2 ข่าวสงขลา \ufffd หนึ่ง" in titles and "'+ข่าวสงขลา สาม \ufffd" in titles
    assert "'-ข่าวสงขลา สี่" in titles and "'@ข่าวสงขลา ห้า" in titles
    urls = {row["url"] for row in rows}
    assert "'-http://b.example/3" in urls and "'=HYPERLINK(\"http://attacker.example\")" in urls
    assert "'@SUM(A1)" in {row["category"] for row in rows}
    # the JSON export keeps the values as indexed
    data = json.loads(client.get("/export.json", query_string={"q": "สงขลา"}).get_data(as_text=True))
    assert "=1+2 ข่าวสงขลา \ufffd หนึ่ง" in {hit["title"] for hit in data["hits"]}


def _evil(client, path, **kwargs):
    return client.get(path, headers={"Host": EVIL_HOST, "X-Forwarded-Host": EVIL_HOST}, **kwargs)


@pytest.mark.parametrize("base", [None, "https://news.example/th/"])
def test_every_feed_parses_and_no_host_header_reaches_it(hostile, base):
    client = create_app({"INDEX_DIR": str(hostile["index"]), "TESTING": True, "BASE_URL": base}).test_client()
    for query in ({"q": "สงขลา"}, {}, {"q": "สงขลา", "category": "@SUM(A1)"}, {"q": "ข่าว\ufffd"},
                  {"q": "สงขลา", "_external": "1", "_scheme": "javascript"}):
        res = _evil(client, "/feed.atom", query_string=query)
        assert res.status_code == 200, query
        body = res.get_data()
        root = ET.fromstring(body)  # valid XML, whatever the articles hold
        assert EVIL_HOST.encode() not in body and b"javascript" not in body
        links = [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") != "related"]
        assert links and all(link.startswith(base or "/") for link in links), links
        assert root.find(f"{ATOM}id").text.startswith("urn:thainews:feed:")
        # no longer depends on the client's Host; it does on its language
        assert "Accept-Language" in res.headers["Vary"]
    entries = ET.fromstring(_evil(client, "/feed.atom", query_string={"q": "สงขลา"}).get_data()).findall(
        f"{ATOM}entry")
    assert len(entries) == 5
    res = _evil(client, "/opensearch.xml")
    root = ET.fromstring(res.get_data())
    templates = [url.get("template") for url in root.iter("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert len(templates) == 4 and all(t.startswith(base or "/") for t in templates), templates
    assert EVIL_HOST not in res.get_data(as_text=True)


def test_feed_drops_characters_xml_forbids_whatever_the_search_returns(hostile, monkeypatch):
    """The feed's own guard, beside ingest's: a hit with forbidden characters still gives valid XML."""
    from indexer.search import Searcher

    real = Searcher.search

    def search(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        for hit in result["hits"]:
            hit["title"] = "ข่าว\x01\x1b\ufffe\uffff\ud800 สงขลา"
            hit["snippet"] = "ส่วน\x0b<mark>สงขลา</mark>\x00"
            hit["category"] = "cat\x02"
        return result

    monkeypatch.setattr(Searcher, "search", search)
    client = create_app({"INDEX_DIR": str(hostile["index"]), "TESTING": True}).test_client()
    root = ET.fromstring(client.get("/feed.atom", query_string={"q": "สงขลา"}).get_data())
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles and set(titles) == {"ข่าว สงขลา"}


@pytest.mark.parametrize("path", ["/", "/?q=สงขลา", "/embed", "/embed/search?q=สงขลา", "/people",
                                  "/article/http%3A%2F%2Fa.example%2F1", "/api/search?q=สงขลา", "/no/such"])
def test_no_page_carries_the_host_header(hostile, path):
    client = create_app({"INDEX_DIR": str(hostile["index"]), "TESTING": True}).test_client()
    res = _evil(client, path)
    assert res.status_code in (200, 404)
    assert EVIL_HOST not in res.get_data(as_text=True)
    assert all(EVIL_HOST not in value for _name, value in res.headers.items())


def test_base_url_setting_is_checked():
    from indexer.settings import Settings

    assert Settings.from_env({"THAINEWS_BASE_URL": "https://news.example"}).base_url == "https://news.example/"
    for bad in ("javascript:alert(1)", "news.example", "https://news.example/?q=1", 'https://a"b.example/'):
        with pytest.raises(ValueError, match="THAINEWS_BASE_URL"):
            Settings.from_env({"THAINEWS_BASE_URL": bad})
