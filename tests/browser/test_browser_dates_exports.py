"""Issue 24 in a real browser, at 1280 and 390 px, on the newsroom archive the tests
write (tests/newsroom_corpus.py, newest article 28 มิ.ย. 2560): the time a page shows
and the cache; Gregorian dates on English pages; quick ranges that say what they count
back from; exports named after the search, with the cap said and optional columns;
a date typed without a year; forms that send no empty parameter. axe-core on each
state (0 serious or critical).
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from .conftest import viewport
from .test_browser_newsroom import PM, fits, no_serious

pytestmark = pytest.mark.browser

BUDGET = "งบประมาณแผ่นดิน"
BE_YEAR = re.compile(r"(?<!\d)25[5-7]\d(?!\d)")
THAI_MONTH = re.compile(r"(?:ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|ก\.ย|ต\.ค|พ\.ย|ธ\.ค)\.")


@pytest.fixture
def english(browser, width):
    ctx = browser.new_context(viewport=viewport(width), locale="en-US",
                              extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ctx.close()
    assert not errors, errors


def params(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


# ---------------------------------------------------------------- dates in the reader's language


def test_english_pages_show_gregorian_dates(english, width, newsroom_url, axe_js, screenshots):
    page = english
    page.goto(newsroom_url + "/?q=" + quote(PM))
    assert page.locator("html").get_attribute("lang") == "en"
    dates = page.locator(".hit time").all_inner_texts()
    assert dates and all(re.fullmatch(r"\d{1,2} (?:Mar|Apr|May|Jun) 2017", d) for d in dates), dates
    ticks = page.locator(".timeline .ticks text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and all(re.fullmatch(r"\w{3} 2017|2017", t) for t in ticks), ticks
    assert page.locator(".quick-note").inner_text() == "counted back from the archive's newest article (28 Jun 2017)"
    # every date the page says (the articles' own text aside) is Gregorian
    said = page.evaluate("""() => { const c = document.querySelector('main').cloneNode(true);
        c.querySelectorAll('.snippet, .hit h3, input').forEach(e => e.remove()); return c.innerText; }""")
    assert not BE_YEAR.search(said) and not THAI_MONTH.search(said), (BE_YEAR.search(said) or THAI_MONTH.search(said))
    bar = page.locator(".timeline .bar-link").first
    bar.focus()
    readout = page.locator(".timeline .readout").inner_text()
    assert re.fullmatch(r"\d+ \w{3} 2017 – \d+ \w{3} 2017: \d+ articles?", readout), readout
    no_serious(axe_js, page, f"English results at {width}px")
    fits(page, width)
    page.screenshot(path=str(screenshots / f"english-results-{width}.png"))
    # a person's page and an article, in English
    page.goto(newsroom_url + "/people/" + quote(PM))
    cells = page.locator(".roles-table td").all_inner_texts()
    assert any(re.fullmatch(r"\d{1,2} \w{3} 2017", c) for c in cells), cells
    assert not BE_YEAR.search(page.locator("main").inner_text())
    no_serious(axe_js, page, f"English person page at {width}px")
    page.locator(".person-timeline a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert re.fullmatch(r"\d{1,2} (?:March|April|May|June) 2017", page.locator("header time").inner_text())
    assert re.search(r"เดลินิวส์, \d{1,2} \w+ 2017\.", page.locator("#cite-text").inner_text())


# ---------------------------------------------------------------- quick ranges, the time shown


def test_quick_ranges_say_what_they_count_from_on_the_first_screen(sized, width, newsroom_url, axe_js):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote(BUDGET))
    note = page.locator("#quick-note")
    assert note.inner_text() == "นับย้อนจากข่าวล่าสุดในคลัง (28 มิ.ย. 2560)"
    box = note.bounding_box()
    assert note.is_visible() and box["y"] + box["height"] <= page.viewport_size["height"] / 2
    link = page.locator(".quick a", has_text="30 วันล่าสุด")
    assert link.get_attribute("aria-describedby") == "quick-note"
    link.click()
    page.wait_for_url(re.compile(r"[?&]from="))
    assert (params(page.url)["from"], params(page.url)["to"]) == ("30 พ.ค. 2560", "28 มิ.ย. 2560")
    assert page.locator(".quick a[aria-current=true]").inner_text() == "30 วันล่าสุด"
    assert "ช่วงวันที่: 30 พ.ค. 2560 – 28 มิ.ย. 2560" in page.locator(".chips").inner_text()
    no_serious(axe_js, page, f"quick range chosen at {width}px")


def test_a_reload_says_it_came_from_the_cache(page, newsroom_url):
    page.goto(newsroom_url + "/?q=" + quote("ราคายางพารา"))
    page.reload()
    took = page.locator("#results-heading .took").inner_text()
    assert re.fullmatch(r"\(แสดง 1–6 · ใช้เวลา [\d.]+ มิลลิวินาที · จากแคช\)", took), took


# ---------------------------------------------------------------- exports


def test_export_named_after_the_search_with_the_columns_asked_for(sized, width, newsroom_url, axe_js, screenshots):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote(BUDGET) + "&category=politics&from=" + quote("มิ.ย. 2560"))
    box = page.locator("details.exports")
    summary = box.locator("summary")
    assert summary.inner_text().endswith("(ทั้ง 15 ข่าว)"), summary.inner_text()
    summary.click()
    page.locator("input[name=body]").check()
    page.locator("input[name=officials]").check()
    no_serious(axe_js, page, f"export options open at {width}px")
    fits(page, width)
    page.screenshot(path=str(screenshots / f"export-options-{width}.png"))
    with page.expect_download() as info:
        box.locator("button", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename == f"thainews-{BUDGET}-politics-from-2017-06-01.csv"
    assert params(download.url) == {"q": BUDGET, "from": "มิ.ย. 2560", "category": "politics", "body": "1",
                                    "officials": "1"}  # no empty field went with it
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("\ufeffid,title,date,date_thai,category,category_name,url,source,snippet,body,officials")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 15 and all("ประยุทธ์ จันทร์โอชา (นายกรัฐมนตรี)" in r["officials"] for r in rows)
    assert all(r["body"].count("\n") == 2 for r in rows)  # three paragraphs in one cell
    # JSON, without the columns
    page.locator("input[name=body]").uncheck()
    page.locator("input[name=officials]").uncheck()
    with page.expect_download() as info:
        box.locator("button", has_text="JSON").click()
    assert info.value.suggested_filename == f"thainews-{BUDGET}-politics-from-2017-06-01.json"
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert (data["count"], data["capped"]) == (15, False) and "body" not in data["hits"][0]


# ---------------------------------------------------------------- a date without a year


def test_a_date_typed_without_a_year(sized, width, newsroom_url, axe_js):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote(BUDGET))
    page.locator("details.dates-box summary").click()
    page.fill("#from", "1 มิ.ย.")
    page.fill("#to", "10 มิ.ย.")
    page.locator("#to").press("Enter")
    page.wait_for_url(re.compile(r"[?&]from="))
    assert "ช่วงวันที่: 1 มิ.ย. 2560 – 10 มิ.ย. 2560" in page.locator(".chips").inner_text()
    assert page.locator("[role=alert]").count() == 0
    dates = page.locator(".hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and all("2017-06-01" <= d <= "2017-06-10" for d in dates)
    no_serious(axe_js, page, f"yearless dates at {width}px")


# ---------------------------------------------------------------- no empty parameters


def test_forms_send_no_empty_parameter(page, newsroom_url):
    page.goto(newsroom_url + "/")
    page.fill("#q", BUDGET)
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert params(page.url) == {"q": BUDGET}  # not &from=&to=
    page.locator("details.dates-box summary").click()
    page.fill("#from", "2560")
    page.locator("button", has_text="ใช้ช่วงวันที่").click()
    page.wait_for_url(re.compile(r"[?&]from="))
    assert params(page.url) == {"q": BUDGET, "from": "2560"}
    # the fields sent are usable again on the page the back button brings back
    page.go_back()
    page.wait_for_url(re.compile(r"[?&]q=[^&]*$"))
    assert page.locator("#to").is_enabled() and page.locator("#from").is_enabled()
    # every link of the page: no empty parameter
    hrefs = page.locator("a[href]").evaluate_all(  # SVG links too (the timeline's bars)
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)")
    assert hrefs and all("" not in params(h).values() for h in hrefs), [h for h in hrefs if "" in params(h).values()]
    page.goto(newsroom_url + "/people")
    page.fill("#people-q", "")
    page.locator("#people-q").press("Enter")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/people" and urlsplit(page.url).query == ""


def test_without_javascript_an_empty_parameter_is_dropped_by_a_redirect(browser, newsroom_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(newsroom_url + "/")
    page.fill("#q", BUDGET)
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert params(page.url) == {"q": BUDGET}
    assert page.locator(".hit").count() == 10
    ctx.close()
