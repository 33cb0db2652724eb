"""The HTML pages, /embed, /embed.js, /opensearch.xml and the serving headers,
through Flask's test client (fast; the real-browser tests are in tests/browser)."""

from __future__ import annotations

import gzip
import re
from urllib.parse import parse_qs, quote, unquote, urlparse

import pytest

from webui import create_app

SEED_ID = "corpus/000_a5a97db9e4167df2.txt#1"


def html(res) -> str:
    assert res.mimetype == "text/html"
    return res.get_data(as_text=True)


def links(page: str, css_class: str) -> list[str]:
    return re.findall(rf'<li class="{css_class}"[^>]*>.*?href="([^"]+)"', page, re.S)


# ---------------------------------------------------------------- highlighting


def _highlight(seed_index, text, q):
    from indexer.index.analysis import analyse
    from indexer.query.parse import parse
    from indexer.search import Searcher
    from indexer.search.articles import ArticleText, article_marks
    from indexer.search.probes import current_view

    a = analyse("", text)
    article = ArticleText("", text, a.title_bounds, a.body_bounds, a.title_cuts, a.body_cuts)
    marks = article_marks(current_view(Searcher(seed_index)), parse(q) if q else None, article)
    return marks.highlight(text, a.body_cuts)


def test_highlight_escapes_then_marks(seed_index):
    out = _highlight(seed_index, '<b class="x">สงขลา & ปัตตานี</b>', "สงขลา ปัตตานี")
    assert out == '&lt;b class="x"&gt;<mark>สงขลา</mark> &amp; <mark>ปัตตานี</mark>&lt;/b&gt;'
    assert _highlight(seed_index, "<script>", "") == "&lt;script&gt;"
    assert _highlight(seed_index, "Prime Minister", "minister") == "Prime <mark>Minister</mark>"


def test_highlight_skips_operators_and_exclusions(seed_index):
    out = _highlight(seed_index, "สงขลา ปัตตานี ยะลา", "สงขลา OR ปัตตานี -ยะลา")
    assert out == "<mark>สงขลา</mark> <mark>ปัตตานี</mark> ยะลา"


def test_highlight_never_cuts_a_vowel_from_its_consonant(seed_index):
    # "กร" of "กรัม" and "ท" of "ที่" are letters inside a syllable, not what a reader finds
    assert _highlight(seed_index, "กรัม", "กร") == "กรัม"
    assert _highlight(seed_index, "ที่นี่", "ท") == "ที่นี่"
    assert _highlight(seed_index, "ที่นี่", "ที่") == "<mark>ที่</mark>นี่"


# ---------------------------------------------------------------- search page


def test_home_page_focus_labels_skip_link_opensearch(client):
    page = html(client.get("/"))
    assert '<html lang="th">' in page
    assert 'id="q"' in page and "autofocus" in page and '<label for="q"' in page
    assert '<a class="skip-link" href="#main">' in page and 'id="main"' in page
    assert 'rel="search" type="application/opensearchdescription+xml"' in page
    assert 'href="/?sort=date"' in page  # browse newest
    assert "truncate" not in page


def test_results_page(client):
    res = client.get("/", query_string={"q": "วีรนันทน์ เพ็งจันทร์"})
    page = html(res)
    assert res.status_code == 200
    assert "<mark>วีรนันทน์</mark>" in page
    assert "พบ <strong>1</strong> ข่าว" in page and "มิลลิวินาที" in page
    assert '<time datetime="2019-08-26">26 ส.ค. 2562</time>' in page
    article = re.search(r'<h3><a href="([^"]+)">', page).group(1)
    assert article.startswith("/article/corpus/000_a5a97db9e4167df2.txt%231?q=")
    assert unquote(parse_qs(urlparse(article).query)["q"][0]) == "วีรนันทน์ เพ็งจันทร์"
    # the JSON twin is linked
    assert '<link rel="alternate" type="application/json" href="/api/search?q=' in page


def test_query_is_escaped_everywhere(client):
    page = html(client.get("/", query_string={"q": '<script>alert("x")</script> สงขลา'}))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_facet_links_narrow_by_year_month_and_category(client):
    page = html(client.get("/", query_string={"q": "สงขลา"}))
    year = re.search(r'class="facet facet-year".*?href="([^"]+)"', page, re.S).group(1)
    params = parse_qs(urlparse(year.replace("&amp;", "&")).query)
    assert params["from"] == ["2562"] and params["to"] == ["2562"] and params["q"] == ["สงขลา"]
    # the month list is gone: the timeline's bars narrow the dates (one day here)
    bar = re.search(r'<a href="([^"]+)" class="bar-link"', page).group(1)
    params = parse_qs(urlparse(bar.replace("&amp;", "&")).query)
    assert params["from"] == ["26 ส.ค. 2562"] and params["to"] == ["26 ส.ค. 2562"]
    narrowed = html(client.get(year.replace("&amp;", "&")))
    assert 'aria-current="true"><span class="label">2562</span>' in narrowed
    assert "ลบตัวกรองช่วงวันที่" in narrowed


def test_unreadable_date_is_explained_by_its_field(client):
    res = client.get("/", query_string={"q": "สงขลา", "from": "เมื่อวาน", "to": "31 ก.พ. 2562"})
    page = html(res)
    assert 'id="from-error"' in page and "อ่าน “เมื่อวาน” เป็นวันที่ไม่ได้" in page
    assert 'id="to-error"' in page and "31 ก.พ. 2562" in page
    assert page.count('aria-invalid="true"') == 2
    assert "<details class=\"dates-box\" open>" in page


def test_date_range_after_is_a_plain_error_not_500(client):
    res = client.get("/", query_string={"q": "สงขลา", "from": "2563", "to": "2562"})
    assert res.status_code == 400
    assert 'class="error" role="alert"' in html(res)


def test_empty_result_page_helps(client):
    page = html(client.get("/", query_string={"q": "ไม่มีคำนี้แน่นอนซซซ", "from": "2562", "category": "x"}))
    assert "ไม่พบข่าว" in page
    assert "ใช้คำให้น้อยลง" in page and "ตรวจการสะกด" in page
    assert "ลบตัวกรองช่วงวันที่" in page and "ค้นหาในทุกหมวด" in page
    assert 'href="/?sort=date">ดูข่าวล่าสุด' in page


def test_browse_newest_without_query(client):
    page = html(client.get("/?sort=date"))
    assert "ข่าวทั้งหมด <strong>1</strong> ข่าว" in page


def test_did_you_mean(client, monkeypatch):
    import webui.pages as pages

    real = pages.get_searcher

    class WithSuggestion:
        def __getattr__(self, name):
            return getattr(real(), name)

        def search(self, **kwargs):
            out = real().search(**kwargs)
            out["suggestion"] = "สงขลา"
            return out

    monkeypatch.setattr(pages, "get_searcher", WithSuggestion)
    page = html(client.get("/", query_string={"q": "สงขา", "from": "2562"}))
    match = re.search(r'คุณหมายถึง <a href="([^"]+)"><strong>สงขลา</strong>', page)
    assert match
    params = parse_qs(urlparse(match.group(1).replace("&amp;", "&")).query)
    assert params == {"q": ["สงขลา"], "from": ["2562"]}


def test_pagination_links_keep_the_state(app, client, monkeypatch):
    import webui.pages as pages

    real = pages.get_searcher

    class Many:
        def __getattr__(self, name):
            return getattr(real(), name)

        def search(self, **kwargs):
            out = real().search(**kwargs)
            out.update(total=95, page=int(kwargs.get("page") or 1))
            return out

    monkeypatch.setattr(pages, "get_searcher", Many)
    page = html(client.get("/", query_string={"q": "สงขลา", "sort": "date", "page": "5"}))
    pager = re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)
    numbers = re.findall(r'aria-label="หน้า (\d+)"', pager)
    assert numbers == ["1", "3", "4", "5", "6", "7", "10"]
    assert 'aria-current="page" aria-label="หน้า 5"' in pager
    nxt = re.search(r'rel="next" href="([^"]+)"', pager).group(1).replace("&amp;", "&")
    assert parse_qs(urlparse(nxt).query) == {"q": ["สงขลา"], "sort": ["date"], "page": ["6"]}
    # a page past the end goes to the last page
    res = client.get("/", query_string={"q": "สงขลา", "page": "99"})
    assert res.status_code == 302 and "page=10" in res.headers["Location"]


# ---------------------------------------------------------------- article page


def test_article_page(client):
    res = client.get("/article/" + quote(SEED_ID, safe="/"), query_string={"q": "ผู้ว่าราชการจังหวัดสงขลา หนูรอต"})
    page = html(res)
    # each mark has an id for the next/previous match links
    assert re.search(r'<mark id="m\d+" tabindex="-1">ผู้ว่าราชการจังหวัดสงขลา</mark>', page)
    assert re.search(r'<mark id="m\d+" tabindex="-1">หนูรอต</mark>', page)
    assert 'href="#m1"' in page and 'class="matchnav"' in page
    for expected in ("26 สิงหาคม 2562", "ศิริลักษณ์ แคล้วคลาด", "ประชา-อมลรดา",
                     "สำนักงานประชาสัมพันธ์จังหวัดสงขลา", "corpus/000_a5a97db9e4167df2.txt"):
        assert expected in page
    assert 'href="/api/article/corpus/000_a5a97db9e4167df2.txt%231"' in page


def test_article_people_link_to_people_pages(client, monkeypatch):
    import webui.pages as pages

    real = pages.get_searcher

    class WithPeople:
        def __getattr__(self, name):
            return getattr(real(), name)

        def article(self, doc_id, q=""):
            out = real().article(doc_id, q)
            out["people"] = ["วีรนันทน์ เพ็งจันทร์", "วรณัฐ หนูรอต"]
            return out

    monkeypatch.setattr(pages, "get_searcher", WithPeople)
    page = html(client.get("/article/" + quote(SEED_ID, safe="")))
    assert f'href="/people/{quote("วีรนันทน์ เพ็งจันทร์", safe="")}">วีรนันทน์ เพ็งจันทร์</a>' in page
    assert "บุคคลในข่าว" in page


def test_missing_article_is_a_helpful_404(client):
    res = client.get("/article/nope")
    assert res.status_code == 404 and "ไม่พบข่าวนี้" in html(res)
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/no-such").is_json


# ---------------------------------------------------------------- embed, opensearch


@pytest.fixture(scope="module")
def based_client(seed_index):
    """The app with a public base URL (THAINEWS_BASE_URL)."""
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                       "BASE_URL": "https://news.example/th"}).test_client()


def test_embed_page_builds_the_snippet(based_client):
    client = based_client
    page = html(client.get("/embed", query_string={"placeholder": 'ค้น "ข่าว" <b>', "mode": "newtab",
                                                   "from": "2562", "category": "ข่าวทำเนียบรัฐบาล"}))
    snippet = re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    # shown as text: the tag is escaped once for the textarea, attribute values twice
    assert snippet.startswith("&lt;script src=&#34;https://news.example/th/embed.js&#34;")
    assert "data-placeholder=&#34;ค้น &amp;#34;ข่าว&amp;#34; &amp;lt;b&amp;gt;&#34;" in snippet
    assert "data-mode=&#34;newtab&#34;" in snippet and "data-from=&#34;2562&#34;" in snippet
    # the live preview is the same tag
    assert '<script src="https://news.example/th/embed.js" data-placeholder="ค้น &#34;ข่าว&#34; &lt;b&gt;"' in page
    assert "https://news.example/th/embed/search" in page  # the iframe snippet
    bad = html(client.get("/embed", query_string={"from": "ก่อนเที่ยง", "size": "500"}))
    assert 'id="e-from-error"' in bad and 'id="e-size-error"' in bad


def test_embed_js_is_cacheable_and_cross_origin(client):
    res = client.get("/embed.js")
    assert res.status_code == 200 and res.mimetype in ("text/javascript", "application/javascript")
    assert re.fullmatch(r"public, max-age=\d+", res.headers["Cache-Control"])
    assert res.headers["Access-Control-Allow-Origin"] == "*"
    body = res.get_data(as_text=True)
    assert "attachShadow" in body and "api/search" in body and "document.currentScript" in body
    # not the pages' policy: a script response's own CSP does not govern it on other sites
    assert res.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_embed_snippet_without_a_base_url_is_relative_and_says_so(client):
    page = html(client.get("/embed"))
    snippet = re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert snippet.startswith("&lt;script src=&#34;/embed.js&#34;")
    assert "THAINEWS_BASE_URL" in page


def test_opensearch_description(based_client, client):
    res = based_client.get("/opensearch.xml")
    assert res.mimetype == "application/opensearchdescription+xml"
    body = res.get_data(as_text=True)
    assert 'template="https://news.example/th/?q={searchTerms}"' in body
    assert ('type="application/x-suggestions+json" method="get" '
            'template="https://news.example/th/api/suggest?q={searchTerms}"') in body
    # without a base URL: relative, never the Host header's
    body = client.get("/opensearch.xml").get_data(as_text=True)
    assert 'template="/?q={searchTerms}"' in body and "localhost" not in body
    # cached by anyone: the same description, in the archive's language, for every reader
    english = client.get("/opensearch.xml", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert english == body and "<Description>ค้นหาคลังข่าวภาษาไทย</Description>" in body


def test_embed_iframe_and_date_examples_in_the_readers_language(client):
    thai = html(client.get("/embed"))
    assert 'title=&#34;ค้นหาข่าว thainews&#34;' in thai and 'placeholder="1 ม.ค. 2563"' in thai
    assert 'placeholder="ค้นหาข่าว"' in thai  # the widget's own default, shown as the hint
    english = html(client.get("/embed", headers={"Accept-Language": "en"}))
    assert 'title=&#34;thainews news search&#34;' in english
    assert 'placeholder="ค้นหาข่าว"' in english  # the widget speaks Thai whatever the page


@pytest.mark.parametrize("path", ["/", "/?q=สงขลา", "/article/" + quote(SEED_ID, safe=""), "/embed", "/article/nope",
                                  "/embed/search", "/embed/search?q=สงขลา"])
def test_every_page_links_opensearch_and_only_the_embed_is_frameable_anywhere(client, path):
    res = client.get(path)
    assert 'rel="search" type="application/opensearchdescription+xml"' in html(res)
    framed = path.startswith("/embed")
    assert res.headers["Content-Security-Policy"].endswith("; frame-ancestors *" if framed
                                                           else "; frame-ancestors 'self'")
    # the framed search page opens its links and searches in a new tab (not framed there)
    assert ('<base target="_blank">' in html(res)) == path.startswith("/embed/")


# ---------------------------------------------------------------- serving headers


def test_frame_ancestors_and_cors_are_configurable(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                      "FRAME_ANCESTORS": "'self' https://a.example, https://b.example",
                      "CORS_ORIGINS": "https://a.example"})
    client = app.test_client()
    res = client.get("/")
    assert res.headers["Content-Security-Policy"].endswith(
        "; frame-ancestors 'self' https://a.example https://b.example")
    # the API is no page: it gets the locked-down policy, not the pages' frame-ancestors
    assert client.get("/api/search?q=สงขลา").headers["Content-Security-Policy"].startswith("default-src 'none'")
    ok = client.get("/api/search?q=สงขลา", headers={"Origin": "https://a.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://a.example" and "Origin" in ok.headers["Vary"]
    other = client.get("/api/search?q=สงขลา", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_preflight(client):
    res = client.options("/api/search?q=x", headers={
        "Origin": "https://news.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type"})
    assert res.status_code in (200, 204)
    assert res.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in res.headers["Access-Control-Allow-Methods"]
    assert res.headers["Access-Control-Allow-Headers"] == "content-type"
    assert int(res.headers["Access-Control-Max-Age"]) > 0


@pytest.mark.parametrize("path", ["/embed", "/api/article/" + quote(SEED_ID, safe=""), "/static/style.css", "/embed.js",
                                  "/article/" + quote(SEED_ID, safe="")])
def test_gzip_for_clients_that_accept_it(client, path):
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert "Content-Encoding" not in plain.headers


def test_no_gzip_for_small_bodies(client):
    res = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in res.headers and res.is_json


def test_static_files_are_cached_and_versioned(client):
    page = html(client.get("/"))
    css = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', page).group(1)
    res = client.get(css)
    assert res.status_code == 200
    assert re.fullmatch(r"public, max-age=\d+", res.headers["Cache-Control"])
    assert int(res.headers["Cache-Control"].split("=")[1]) >= 86400


def test_pages_without_an_index_say_so(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    res = client.get("/", query_string={"q": "สงขลา"})
    assert res.status_code == 503 and "ค้นหาไม่ได้" in html(res)
    res = client.get("/article/x")
    assert res.status_code == 503 and "ยังค้นหาไม่ได้" in html(res)
    assert client.get("/").status_code == 200
    assert client.get("/embed").status_code == 200
    assert client.get("/api/search?q=x").status_code == 503
