"""Security at the HTTP edge: headers on every response, errors without
tracebacks, no write endpoint, and hostile document text shown as text.

The real-browser half (dialogs, injected elements, the embed's shadow root)
is tests/browser/test_browser_xss.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from markupsafe import escape

from webui import create_app
from webui.security import READ_ONLY_METHODS, is_web_url

SEED_ID = "corpus/000_a5a97db9e4167df2.txt#1"


@pytest.fixture(scope="module")
def xss_client(xss_index):
    return create_app({"INDEX_DIR": str(xss_index), "TESTING": True}).test_client()


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


# ---------------------------------------------------------------- headers

# (method, path, expected status): pages, API, static, errors, preflight
RESPONSES = [
    ("GET", "/", 200), ("GET", "/?q=สงขลา", 200), ("GET", "/?q=สงขลา&from=2563&to=2562", 400),
    ("GET", "/article/" + quote(SEED_ID, safe=""), 200), ("GET", "/article/nope", 404),
    ("GET", "/people", 200), ("GET", "/people?page=x", 400), ("GET", "/embed", 200),
    ("GET", "/api/search?q=สงขลา", 200), ("GET", "/api/search?q=สงขลา&size=500", 400),
    ("GET", "/api/article/nope", 404), ("GET", "/api/people", 200), ("GET", "/api/suggest?q=ส", 200),
    ("GET", "/api/stats", 200), ("GET", "/healthz", 200), ("GET", "/api/no-such", 404),
    ("GET", "/static/style.css", 200), ("GET", "/static/app.js", 200), ("GET", "/static/favicon.svg", 200),
    ("GET", "/embed.js", 200), ("GET", "/embed/search", 200), ("GET", "/embed/search?q=สงขลา", 200),
    ("GET", "/opensearch.xml", 200), ("GET", "/no/such/page", 404),
    ("POST", "/api/search", 405), ("POST", "/", 405), ("OPTIONS", "/api/search", 200), ("HEAD", "/", 200),
]


@pytest.mark.parametrize("method,path,status", RESPONSES)
def test_security_headers_on_every_response(client, method, path, status):
    res = client.open(path, method=method)
    assert res.status_code == status
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = directives(res.headers["Content-Security-Policy"])
    if res.mimetype == "text/html":
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        # only the embed's routes may be framed by any site; the rest by this origin only
        assert policy["frame-ancestors"] == (["*"] if path.startswith("/embed") else ["'self'"])
    else:  # nothing that is not a page may load or run anything if opened as one
        assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in res.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in res.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/?q=สงขลา", "/article/" + quote(SEED_ID, safe="") + "?q=สงขลา",
                                  "/people", "/embed?mode=panel&size=3", "/article/nope", "/people?page=x"])
def test_pages_need_no_inline_script_or_style(client, path):
    """The policy allows scripts and styles from files only: pages must not need more."""
    page = client.get(path).get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert "<style" not in page
    # attributes only (a <textarea> shows the embed snippet, with style="border:0", as text)
    tags = re.findall(r"<[a-zA-Z][^>]*>", page)
    assert not [t for t in tags if re.search(r"\sstyle=|\son[a-z]+=", t)]
    assert "javascript:" not in page.lower()


def test_api_errors_are_json_and_pages_readable(client):
    res = client.post("/api/search", data={"q": "x"})
    assert res.status_code == 405 and res.is_json and res.get_json()["error"]
    assert set(res.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    res = client.post("/")
    assert res.status_code == 405 and res.mimetype == "text/html"
    assert 'role="alert"' in res.get_data(as_text=True)
    res = client.get("/people", query_string={"page": "x"})
    assert res.status_code == 400 and res.mimetype == "text/html"
    assert "หน้าต้องเป็นตัวเลข" in res.get_data(as_text=True)  # said in Thai on the page
    res = client.get("/api/people", query_string={"page": "x"})
    assert res.status_code == 400
    assert res.get_json() == {"error": "page must be a whole number, not 'x'", "code": "bad_number"}


# ---------------------------------------------------------------- errors


@pytest.fixture
def raising_app(seed_index, monkeypatch):
    """The production app (not TESTING, FLASK_DEBUG set) with routes that fail."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(seed_index)})

    def boom():
        raise RuntimeError("secret-detail /etc/thainews/token")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    return app


def test_no_debug_mode_even_with_flask_debug_set(raising_app):
    assert raising_app.debug is False
    assert not raising_app.config["PROPAGATE_EXCEPTIONS"]


def test_unhandled_error_is_a_generic_500(raising_app, caplog):
    client = raising_app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert "เกิดข้อผิดพลาด" in body and 'role="alert"' in body
    api = client.get("/api/boom")
    assert api.status_code == 500 and api.get_json() == {"error": "internal server error", "code": "internal"}
    for res in (page, api):
        text = res.get_data(as_text=True)
        assert "Traceback" not in text and "secret-detail" not in text and "RuntimeError" not in text
        assert res.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in res.headers
    # the traceback goes to the log instead
    assert "secret-detail" in caplog.text


# ---------------------------------------------------------------- no writes over HTTP


def test_every_route_only_reads(app):
    """No endpoint changes the index (the CLI does): every route is GET/HEAD/OPTIONS.

    A write endpoint, if one is ever wanted, must be added here on purpose,
    with a token check and a test of it.
    """
    rules = list(app.url_map.iter_rules())
    assert len(rules) >= 10
    writers = {rule.rule: sorted(rule.methods - READ_ONLY_METHODS) for rule in rules
               if rule.methods - READ_ONLY_METHODS}
    assert writers == {}


# ---------------------------------------------------------------- hostile document text


def test_only_http_links(xss_client):
    assert is_web_url("https://example.com/a") and is_web_url("HTTP://example.com")
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//example.com",
                "http:/x", "vbscript:x", "https://exa\nmple.com", "", None, "ftp://x"):
        assert not is_web_url(bad), bad


@pytest.mark.parametrize("path", ["/?q=สงขลา", "/?q=สงขลา&sort=date", "/people", "/people/" + quote("สมศักดิ์ รักดี"),
                                  "/embed"])
def test_document_text_is_escaped_on_pages(xss_client, path):
    page = xss_client.get(path).get_data(as_text=True)
    _assert_no_payload_markup(page)


def test_document_text_is_escaped_on_article_pages(xss_client):
    hits = xss_client.get("/api/search", query_string={"q": "สงขลา", "size": 20}).get_json()["hits"]
    assert len(hits) == 4
    for hit in hits:
        for q in ("", "สงขลา", '<script>alert("q")</script>'):
            res = xss_client.get("/article/" + quote(hit["id"], safe=""), query_string={"q": q})
            assert res.status_code == 200
            _assert_no_payload_markup(res.get_data(as_text=True))
    page = xss_client.get("/article/" + quote("xss/a.txt#1", safe="")).get_data(as_text=True)
    assert '&lt;script&gt;alert(&#34;xss-title&#34;)&lt;/script&gt;' in page
    assert "&lt;img src=x onerror=alert(&#34;xss-img&#34;)&gt;" in page or \
        '&lt;img src=x onerror=alert("xss-img")&gt;' in page


def _hrefs(page: str) -> list[str]:
    parsed = _Elements()
    parsed.feed(page)
    return [attrs["href"] for tag, attrs in parsed.tags if attrs.get("href")]


def test_javascript_urls_never_become_links(xss_client):
    for q in ("สงขลา", "ข่าวที่สอง", "ข่าวที่สาม"):
        hrefs = _hrefs(xss_client.get("/", query_string={"q": q}).get_data(as_text=True))
        assert hrefs and not [h for h in hrefs if "javascript" in h.lower() and not h.startswith("/")]
    for doc_id in ("javascript:alert('xss-url')", "JaVaScRiPt:alert('xss-url2')"):
        page = xss_client.get("/article/" + quote(doc_id, safe="")).get_data(as_text=True)
        assert "<dt>ต้นฉบับ</dt>" in page and str(escape(doc_id)) in page  # shown, as text
        assert not [h for h in _hrefs(page) if "javascript" in h.lower() and not h.startswith("/")]
    # an http URL holding markup is a link, its quotes escaped inside the attribute
    page = xss_client.get("/article/" + quote("https://example.com/a?b=\"><script>alert('xss-href')</script>",
                                               safe="")).get_data(as_text=True)
    assert 'href="https://example.com/a?b=&#34;&gt;&lt;script&gt;' in page
    _assert_no_payload_markup(page)


def test_api_snippets_carry_only_mark_tags(xss_client):
    data = xss_client.get("/api/search", query_string={"q": "สงขลา", "size": 20}).get_json()
    for hit in data["hits"]:
        for key in ("snippet", "title_html"):
            tags = re.findall(r"<[^>]*>", hit[key])
            assert set(tags) <= {"<mark>", "</mark>"}, (key, hit[key])
    assert data["hits"][0]["title"]  # titles are plain text in JSON (clients escape them)


def test_query_payloads_are_escaped(xss_client):
    for q in ('<script>alert("q")</script>', '"><svg onload=alert(1)>', "<img src=x onerror=alert(1)> สงขลา",
              "javascript:alert(1)", "</textarea><script>alert(1)</script>"):
        for path in ("/", "/people"):
            res = xss_client.get(path, query_string={"q": q})
            assert res.status_code in (200, 400)
            _assert_no_payload_markup(res.get_data(as_text=True))
        res = xss_client.get("/embed", query_string={"placeholder": q, "category": q, "from": q})
        _assert_no_payload_markup(res.get_data(as_text=True))


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each <mark> and <b>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.open: list[str] = []
        self.text_in: dict[str, list[str]] = {"mark": [], "b": []}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.text_in:
            self.open.append(tag)
            self.text_in[tag].append("")

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        for tag in self.open:
            self.text_in[tag][-1] += data


def _assert_no_payload_markup(page: str) -> None:
    """No payload became markup: no injected element, handler or javascript: link."""
    parsed = _Elements()
    parsed.feed(page)
    for tag, attrs in parsed.tags:
        # the pages' own charts (timeline, person sparkline) are the only <svg>
        own_chart = tag == "svg" and attrs.get("class") in ("chart", "spark", "ticks")
        assert tag not in ("img", "svg", "iframe", "object", "embed") or own_chart, (tag, attrs)
        assert tag != "script" or attrs.get("src"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert "ปลอม" not in "".join(parsed.text_in["mark"])  # a <mark> in the text stays text
    assert "ตัวหนา" not in "".join(parsed.text_in["b"])


def test_frame_ancestors_setting_cannot_add_directives():
    from webui.security import page_policy

    policy = directives(page_policy("'self'; script-src https://evil.example"))
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"][0] == "'self'"
