"""The web UI and the embeddable search box, driven in a real browser.

The app runs on a real WSGI server over the thaigov sample + seed index (the
seed alone when ../shared is absent); the embed widget is loaded into a page
served by a second server on another port. Screenshots go to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import THAIGOV_SAMPLE

from .conftest import run_axe

pytestmark = pytest.mark.browser

SAMPLE = THAIGOV_SAMPLE.exists()
# a word present in many sample articles; the seed alone has one article
QUERY = "นายกรัฐมนตรี" if SAMPLE else "สงขลา"
SEED_QUERY = "ผู้ว่าราชการจังหวัดสงขลา"
# a Thai date range with results, and the Gregorian bounds it means
DATE_FROM, DATE_TO = ("1 ม.ค. 2563", "31 ธ.ค. 2563") if SAMPLE else ("1 ม.ค. 2562", "31 ธ.ค. 2562")
YEAR = 2020 if SAMPLE else 2019
THAI_DIGITS_OR_VOWEL_ALONE = re.compile(r"(^|\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def shown_dates(page) -> list[date]:
    return [date.fromisoformat(d) for d in page.locator(".hit time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")]


def search(page, app_url, q):
    page.goto(app_url + "/")
    box = page.locator("#q")
    box.fill(q)
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))


def test_search_highlights_paginates_and_screenshots(page, app_url, screenshots):
    page.goto(app_url + "/")
    # the search box has focus on arrival and is labelled
    assert page.evaluate("document.activeElement && document.activeElement.id") == "q"
    assert page.locator("label[for=q]").count() == 1
    page.keyboard.type(QUERY)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert parse_qs(urlparse(page.url).query)["q"] == [QUERY]
    hits = page.locator("ol.hits > li.hit")
    assert hits.count() >= 1
    marks = page.locator(".hit .snippet mark")
    assert marks.count() >= 1
    assert any(QUERY in t or t in QUERY for t in marks.all_inner_texts())
    summary = page.locator("#results-heading").inner_text()
    assert re.search(r"พบ\s*[\d,]+\s*ข่าว", summary) and "มิลลิวินาที" in summary
    # dates are in Thai form (Buddhist era)
    first_date = page.locator(".hit time").first.inner_text()
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d", first_date), first_date
    # titles and snippets never start with a detached Thai vowel or tone mark
    for text in page.locator(".hit h3, .hit .snippet").all_inner_texts():
        assert not THAI_DIGITS_OR_VOWEL_ALONE.search(text), text
    # the query stays in the box after searching; focus is not put back in it
    # (the filters and results are a few Tab presses away, issue 15)
    assert page.locator("#q").input_value() == QUERY
    assert page.evaluate("document.activeElement && document.activeElement.id") != "q"

    page.screenshot(path=str(screenshots / "search-results-1280.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    # responsive: nothing wider than the phone screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "search-results-390.png"), full_page=False)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})

    if not SAMPLE:
        pytest.skip("page 2 needs the thaigov sample (../shared absent)")
    first_page_ids = page.locator(".hit h3 a").evaluate_all("els => els.map(e => e.href)")
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url(re.compile(r"[?&]page=2"))
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "2"
    assert int(page.locator("ol.hits").get_attribute("start")) == 11
    second_page_ids = page.locator(".hit h3 a").evaluate_all("els => els.map(e => e.href)")
    assert second_page_ids and not set(first_page_ids) & set(second_page_ids)
    assert page.locator(".hit .snippet mark").count() >= 1


def test_thai_date_filter_and_unreadable_date(page, app_url):
    search(page, app_url, QUERY)
    # on a results page the date filter is folded (<details>): open it
    assert page.locator("#from").is_hidden()
    page.locator("details.dates-box summary").click()
    page.fill("#from", DATE_FROM)
    page.fill("#to", DATE_TO)
    page.locator("#to").press("Enter")
    page.wait_for_url(re.compile(r"[?&]from="))
    dates = shown_dates(page)
    assert dates, "no results in the date range"
    assert all(date(YEAR, 1, 1) <= d <= date(YEAR, 12, 31) for d in dates), dates
    assert all(t.endswith(str(YEAR + 543)) for t in page.locator(".hit time").all_inner_texts())
    # the filter stays open and filled in, so the URL state is visible
    assert page.locator("#from").input_value() == DATE_FROM
    # the active filter can be removed with one link
    assert page.locator(".chips a[aria-label='ลบตัวกรองช่วงวันที่']").count() == 1

    # a date that cannot be read: the reason is shown by the field
    page.fill("#from", "32 ม.ค. 2563")
    page.locator("#from").press("Enter")
    page.wait_for_load_state()
    error = page.locator("#from-error")
    assert error.is_visible()
    assert "32 ม.ค. 2563" in error.inner_text()
    assert page.locator("#from").get_attribute("aria-invalid") == "true"


@pytest.mark.corpus
def test_clicking_a_year_facet_narrows_to_that_year(page, app_url):
    if not THAIGOV_SAMPLE.exists():  # the seed alone has one article and no category facet
        pytest.skip("needs the thaigov sample in ../shared")
    search(page, app_url, QUERY)
    year_links = page.locator(".facet-year a")
    assert year_links.count() >= 1
    link = page.locator(".facet-year a", has_text=str(YEAR + 543)).first
    count = int(link.locator(".count").inner_text().replace(",", ""))
    link.click()
    page.wait_for_url(re.compile(r"[?&]from="))
    params = parse_qs(urlparse(page.url).query)
    assert params["from"] == [str(YEAR + 543)] and params["to"] == [str(YEAR + 543)]
    assert page.locator("#from").input_value() == str(YEAR + 543)
    assert all(d.year == YEAR for d in shown_dates(page))
    assert f"{count:,}" in page.locator("#results-heading strong").inner_text()
    assert page.locator(".facet-year a[aria-current]").inner_text().startswith(str(YEAR + 543))
    # a timeline bar narrows further (months replaced the month list), a category facet adds category=
    page.locator(".timeline a.bar-link").first.click()
    page.wait_for_load_state()
    assert all(d.year == YEAR for d in shown_dates(page))
    page.locator(".facet-category a").first.click()
    page.wait_for_url(re.compile(r"[?&]category="))
    assert page.locator(".hit").count() >= 1


def test_open_article_with_highlights_metadata_and_similar(page, app_url):
    search(page, app_url, SEED_QUERY)
    link = page.locator(".hit h3 a").first
    link.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert "%23" in page.url  # the seed's id `corpus/...txt#1` is percent-encoded
    assert page.locator("h1#article-title").inner_text().startswith("ผวจ.สงขลา")
    marks = page.locator(".article-body mark")
    assert marks.count() >= 1
    assert SEED_QUERY in marks.all_inner_texts()
    facts = page.locator("dl.facts").inner_text()
    for expected in ("26 สิงหาคม 2562", "ศิริลักษณ์ แคล้วคลาด", "ประชา-อมลรดา", "สำนักงานประชาสัมพันธ์จังหวัดสงขลา"):
        assert expected in facts
    if SAMPLE:
        assert page.locator("ul.similar li a").count() >= 1
    # the JSON twin is linked from the page head
    twin = page.locator("link[rel=alternate][type='application/json']").get_attribute("href")
    assert twin.startswith("/api/article/")
    data = page.request.get(app_url + twin).json()
    assert data["reporter"] == "ศิริลักษณ์ แคล้วคลาด"
    # back to the results
    page.locator("nav.crumbs a").click()
    page.wait_for_url(re.compile(r"[?&]q="))


def test_keyboard_skip_link_and_slash_shortcut(page, app_url):
    page.goto(app_url + "/?q=" + QUERY)
    page.locator("body").click(position={"x": 5, "y": 400})
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    # the focused skip link is on screen with a visible outline
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Escape")
    page.locator(".hit h3 a").first.focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.locator("#q").input_value() == QUERY  # "/" was not typed into the box


def test_works_without_javascript(browser, app_url):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="th-TH")
    try:
        page = ctx.new_page()
        page.goto(app_url + "/")
        page.fill("#q", QUERY)
        page.locator(".searchbar button[type=submit]").click()
        page.wait_for_url(re.compile(r"[?&]q="))
        assert page.locator(".hit .snippet mark").count() >= 1
        page.locator(".sort a", has_text="ใหม่สุดก่อน").click()
        page.wait_for_url(re.compile(r"sort=date"))
        dates = shown_dates(page)
        assert dates == sorted(dates, reverse=True)
    finally:
        ctx.close()


def test_embed_widget_on_another_origin(page, app_url, host_url, screenshots):
    page.goto(host_url + "/")
    h2_style = "(() => { const s = getComputedStyle(document.getElementById('host-h2'));" \
               " return [s.color, s.fontSize, s.fontFamily, s.textTransform, s.margin].join('|'); })()"
    p_style = "getComputedStyle(document.getElementById('host-p')).color"
    mark_style = "getComputedStyle(document.getElementById('host-mark')).backgroundColor"
    before = page.evaluate(f"[{h2_style}, {p_style}, {mark_style}]")

    box = page.locator("#panel-box thainews-search input[type=search]")
    box.wait_for()
    assert box.get_attribute("placeholder") == "ค้นหาข่าวรัฐบาล"
    # the widget lives in a shadow root: the host page cannot see its nodes
    assert page.evaluate("document.querySelectorAll('input[type=search]').length") == 0
    box.fill(QUERY)
    box.press("Enter")
    items = page.locator("#panel-box thainews-search li")
    items.first.wait_for()
    assert 1 <= items.count() <= 3  # data-size="3"
    first = items.first
    title = first.locator("a").first
    assert title.inner_text().strip()
    assert title.get_attribute("href").startswith(app_url + "/article/")
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d", first.locator("time").inner_text())
    assert page.locator("#panel-box thainews-search li .snip mark").count() >= 1
    assert "พบ" in page.locator("#panel-box thainews-search .summary").inner_text()

    # no leaks either way: host styles unchanged, widget unaffected by host rules
    assert page.evaluate(f"[{h2_style}, {p_style}, {mark_style}]") == before
    widget = page.evaluate("""() => {
        const root = document.querySelector('#panel-box thainews-search').shadowRoot;
        const s = (sel) => getComputedStyle(root.querySelector(sel));
        return {snip: s('.snip').color, input: s('input').borderTopStyle, body: s('.tn').letterSpacing,
                font: s('.tn').fontFamily, mark: s('.snip mark').backgroundColor, link: s('li a').color};
    }""")
    assert widget["snip"] != "rgb(255, 0, 255)" and widget["input"] != "dotted"
    assert widget["body"] in ("normal", "0px") and "Times" not in widget["font"]
    assert widget["mark"] != "rgb(0, 255, 255)" and widget["link"] != "rgb(0, 160, 0)"

    page.screenshot(path=str(screenshots / "embed-host-1280.png"))

    # Escape closes the panel
    box.press("Escape")
    assert page.locator("#panel-box thainews-search .panel").is_hidden()

    # newtab mode (rendered into data-target): the full results page opens in a new tab
    other = page.locator("#newtab-target thainews-search input[type=search]")
    assert other.get_attribute("placeholder") == "ค้นในแท็บใหม่"
    other.fill(QUERY)
    with page.context.expect_page() as new_tab:
        other.press("Enter")
    results = new_tab.value
    results.wait_for_load_state()
    params = parse_qs(urlparse(results.url).query)
    assert results.url.startswith(app_url + "/")
    assert params["q"] == [QUERY] and params["from"] == ["2562"] and params["to"] == ["2563"]
    results.close()


def test_embed_page_snippet_preview_and_screenshots(page, app_url, screenshots):
    page.goto(app_url + "/embed?placeholder=ค้นหาข่าวจังหวัด&size=3")
    snippet = page.locator("#snippet").input_value()
    assert snippet.startswith(f'<script src="{app_url}/embed.js"')
    assert 'data-placeholder="ค้นหาข่าวจังหวัด"' in snippet and 'data-size="3"' in snippet
    preview = page.locator(".preview thainews-search input[type=search]")
    preview.fill(QUERY)
    preview.press("Enter")
    page.locator(".preview thainews-search li").first.wait_for()
    page.screenshot(path=str(screenshots / "embed-page-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "embed-page-390.png"), full_page=True)
    # an unreadable fixed date is explained
    page.goto(app_url + "/embed?from=ก่อนเที่ยง")
    assert "ก่อนเที่ยง" in page.locator("#e-from-error").inner_text()


def test_article_page_screenshot_narrow(page, app_url, screenshots):
    search(page, app_url, SEED_QUERY)
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "article-390.png"))


@pytest.mark.parametrize("path", ["/", f"/?q={QUERY}", "article", "/embed", "/?q=ไม่มีคำนี้แน่นอนซซซ&from=2562"])
def test_axe_no_serious_or_critical_violations(axe_js, page, app_url, path):
    if path == "article":
        search(page, app_url, SEED_QUERY)
        page.locator(".hit h3 a").first.click()
        page.wait_for_url(re.compile(r"/article/"))
    else:
        page.goto(app_url + path)
    if path == "/embed":  # check the widget's shadow DOM with results in it too
        box = page.locator(".preview thainews-search input[type=search]")
        box.fill(QUERY)
        box.press("Enter")
        page.locator(".preview thainews-search li").first.wait_for()
    violations = run_axe(page, axe_js)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes'][:3]}" for v in bad)
