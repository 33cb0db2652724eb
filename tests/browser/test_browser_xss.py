"""Hostile document text and queries in a real browser: nothing runs, nothing is injected.

The app serves an index whose articles carry payloads in the title, body,
category and URL (``tests/conftest.py`` XSS_FILES: ``<script>``, ``<img
src=x onerror=...>``, ``"><svg onload=...>``, ``javascript:`` URLs, a fake
``<mark>``), and queries carry payloads too. On every page, and inside the
embed widget's shadow root on another origin: no dialog opens, no injected
element or event handler exists in the DOM, no ``javascript:`` link, the
payload text is visible as text, and the Content-Security-Policy reports no
violation (so the policy blocks nothing the pages need).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

pytestmark = pytest.mark.browser

# What an injection would leave, looked for in the document and every open
# shadow root; returns a description of each offender.
INJECTED = """() => {
    const found = [];
    const roots = [document];
    for (let i = 0; i < roots.length; i++) {
        for (const el of roots[i].querySelectorAll('*')) {
            if (el.shadowRoot) roots.push(el.shadowRoot);
            const tag = el.tagName.toLowerCase();
            const ownChart = tag === 'svg' && ['chart', 'spark', 'ticks'].some(c => el.classList.contains(c));
            if (['img', 'svg', 'iframe', 'object', 'embed'].includes(tag) && !ownChart) found.push(tag);
            if (tag === 'script' && (!el.src || el.textContent.includes('alert'))) found.push('inline script');
            for (const attr of el.getAttributeNames()) {
                if (attr.startsWith('on')) found.push(tag + '[' + attr + ']');
            }
            for (const name of ['href', 'src', 'action', 'formaction']) {
                const value = (el.getAttribute(name) || '').trim().toLowerCase();
                if (value.startsWith('javascript:') || value.startsWith('data:'))
                    found.push(tag + ' ' + name + '=' + value);
            }
            if (tag === 'mark' && el.textContent.includes('ปลอม')) found.push('injected <mark>');
            if (tag === 'b' && el.textContent.includes('ตัวหนา')) found.push('injected <b>');
        }
    }
    return found;
}"""

WATCH_CSP = """() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);
}"""

PAYLOAD_QUERIES = ['<script>alert("q1")</script> สงขลา', '"><svg onload=alert("q2")> สงขลา',
                   "<img src=x onerror=alert('q3')>", "javascript:alert('q4')"]


@pytest.fixture
def watched(context):
    """A page that records dialogs and CSP violations (checked by `check`)."""
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.add_init_script(f"({WATCH_CSP})()")
    yield page
    page.close()


def check(page, visible: list[str] = (), scope: str = "body") -> None:
    page.wait_for_timeout(150)  # an onerror/onload would have fired by now
    assert page.dialogs == [], page.url
    assert page.evaluate(INJECTED) == [], page.url
    assert page.evaluate("window.__csp || []") == [], page.url
    assert page.errors == [], page.url
    text = page.locator(scope).inner_text()  # locators pierce shadow roots
    for snippet in visible:
        assert snippet in text, (snippet, page.url)


def test_search_results_show_payloads_as_text(watched, xss_app_url):
    watched.goto(xss_app_url + "/?q=สงขลา")
    assert watched.locator("ol.hits > li.hit").count() == 4
    check(watched, ['<script>alert("xss-title")</script>', '<img src=x onerror=alert("xss-json-title")>',
                    '<img src=x onerror=alert("xss-img")>', "<mark>ปลอม</mark>"])
    # the category facet holds a payload: shown as text, and its link works
    facet = watched.locator(".facet-category a").first
    assert "svg onload" in facet.inner_text() or "ตัวหนา" in facet.inner_text()
    facet.click()
    watched.wait_for_load_state()
    check(watched)
    # original links: http(s) only
    hrefs = watched.locator("a.orig").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)


@pytest.mark.parametrize("q", PAYLOAD_QUERIES)
def test_query_payloads_on_pages(watched, xss_app_url, q):
    for path in ("/", "/people"):
        watched.goto(xss_app_url + path + "?" + urlencode({"q": q}))
        check(watched)
        assert watched.locator("input[name=q]").first.input_value() == q
    watched.goto(xss_app_url + "/?" + urlencode({"q": "สงขลา", "from": q, "category": q}))
    check(watched, [q.strip()])  # the unreadable date is quoted back, as text


def test_article_pages_show_payloads_as_text(watched, xss_app_url):
    ids = watched.request.get(xss_app_url + "/api/search?q=สงขลา&size=20").json()["hits"]
    assert len(ids) == 4
    for hit in ids:
        watched.goto(xss_app_url + "/article/" + quote(hit["id"], safe="") + "?" + urlencode({"q": PAYLOAD_QUERIES[0]}))
        check(watched, [hit["title"]])
        links = watched.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert not [h for h in links if h and "javascript" in h.lower() and not h.startswith("/")]
    watched.goto(xss_app_url + "/article/" + quote("xss/a.txt#1", safe="") + "?q=สงขลา")
    check(watched, ['"><svg onload=alert("xss-svg")>', "<a href=\"javascript:alert('xss-a')\">ลิงก์</a>"])
    assert watched.locator(".article-body mark").count() >= 2
    # a javascript: URL is printed, never linked
    watched.goto(xss_app_url + "/article/" + quote("javascript:alert('xss-url')", safe=""))
    check(watched, ["javascript:alert('xss-url')"])
    assert watched.locator("a.orig").count() == 0


def test_people_pages_show_payloads_as_text(watched, xss_app_url):
    watched.goto(xss_app_url + "/people")
    check(watched, ["สมศักดิ์ รักดี"])
    watched.locator(".people-list a", has_text="สมศักดิ์ รักดี").click()
    watched.wait_for_load_state()
    check(watched, ['<img src=x onerror=alert("xss-json-title")> สงขลา ข่าวที่สอง'])


def test_embed_page_with_payload_options(watched, xss_app_url):
    q = '"><svg onload=alert("opt")>'
    watched.goto(xss_app_url + "/embed?" + urlencode({"placeholder": q, "category": q}))
    check(watched)
    assert watched.locator(".preview thainews-search input[type=search]").get_attribute("placeholder") == q
    assert f'data-placeholder="{q}"' not in watched.locator("#snippet").input_value()  # escaped in the code
    watched.goto(xss_app_url + "/embed?" + urlencode({"from": q, "to": q}))
    check(watched, [q])


def test_embed_widget_on_another_origin_renders_text_and_marks_only(watched, xss_host_url):
    watched.goto(xss_host_url + "/")
    box = watched.locator("#panel-box thainews-search input[type=search]")
    box.fill("สงขลา")
    box.press("Enter")
    items = watched.locator("#panel-box thainews-search li")
    items.first.wait_for()
    assert items.count() == 4
    check(watched, ['<script>alert("xss-title")</script>', "<mark>ปลอม</mark>",
                    '<img src=x onerror=alert("xss-img")>'], scope="#panel-box thainews-search .panel")
    # the snippets' own <mark>s are elements; everything else in them is text
    marks = watched.locator("#panel-box thainews-search li .snip mark").all_inner_texts()
    assert marks and set(marks) == {"สงขลา"}
    # a query payload, echoed in the "nothing found" message, stays text
    box.fill('<img src=x onerror=alert("embed-q")>')
    box.press("Enter")
    watched.locator("#panel-box thainews-search .summary").filter(has_text="embed-q").wait_for()
    check(watched, ['<img src=x onerror=alert("embed-q")>'], scope="#panel-box thainews-search .panel")


def test_ui_pages_run_under_the_policy(watched, app_url):
    """The policy blocks nothing the normal pages use (scripts, styles, the widget preview)."""
    for path in ("/", "/?q=สงขลา", "/embed", "/people"):
        watched.goto(app_url + path)
        check(watched)
    watched.goto(app_url + "/embed")
    box = watched.locator(".preview thainews-search input[type=search]")
    box.fill("สงขลา")
    box.press("Enter")
    watched.locator(".preview thainews-search li").first.wait_for()
    # the widget is styled (its constructed style sheet was not blocked)
    assert watched.evaluate("""() => {
        const root = document.querySelector('.preview thainews-search').shadowRoot;
        return getComputedStyle(root.querySelector('button')).backgroundColor;
    }""") == "rgb(11, 83, 148)"
    check(watched)


def test_embed_widget_never_parses_snippets_as_html(watched, xss_host_url, xss_app_url):
    """Even markup the API never sends (a bug, a tampering proxy) shows as text:
    the widget builds text nodes and <mark> elements itself."""
    import json

    hostile = {"total": 1, "page": 1, "size": 10, "hits": [{
        "id": "x", "title": '<img src=x onerror=alert("t")>', "date": "2019-08-26", "date_thai": "26 ส.ค. 2562",
        "snippet": "ก่อน <img src=x onerror=alert(\"raw\")><mark>คำ</mark> &lt;b&gt; &amp;amp; "
                   "<script>alert(\"s\")</script><MARK>สอง</MARK> &#x3C;i&#62; หลัง"}]}
    watched.route(xss_app_url + "/api/search*", lambda route: route.fulfill(
        status=200, content_type="application/json", headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps(hostile)))
    watched.goto(xss_host_url + "/")
    box = watched.locator("#panel-box thainews-search input[type=search]")
    box.fill("คำ")
    box.press("Enter")
    snip = watched.locator("#panel-box thainews-search li .snip")
    snip.wait_for()
    check(watched, ['<img src=x onerror=alert("t")>'], scope="#panel-box thainews-search .panel")
    assert watched.locator("#panel-box thainews-search li .snip mark").all_inner_texts() == ["คำ", "สอง"]
    # any other tag stays literal text; entities are decoded once
    assert snip.inner_text() == ('ก่อน <img src=x onerror=alert("raw")>คำ <b> &amp; '
                                 '<script>alert("s")</script>สอง <i> หลัง')
