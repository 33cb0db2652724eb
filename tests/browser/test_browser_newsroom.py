"""Issue 15 in a real browser, at 1280 and 390 px, on the newsroom archive the
tests write (tests/newsroom_corpus.py): search as you type (combobox), the
pending state, the timeline, filters that keep their counts (and the phone's
filter button), the person card, people pages, exports, citations, next and
previous match, the embed's suggestions and pending state; axe-core on every
state; screenshots in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from .conftest import run_axe

pytestmark = pytest.mark.browser

PM = "ประยุทธ์ จันทร์โอชา"


def no_serious(axe_js, page, state: str) -> None:
    bad = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]
    assert not bad, state + "\n" + "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes'][:3]}" for v in bad)


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def open_suggestions(page, text: str):
    box = page.locator("#q")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=40)
    listbox = page.locator("#q-listbox")
    listbox.locator("[role=option]").first.wait_for()
    return box, listbox


def test_combobox_keyboard_axe_and_screenshot(sized, width, newsroom_url, axe_js, screenshots):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote(PM))
    fits(page, width)
    # the person card and the timeline are on the page
    card = page.locator(".person-card")
    assert PM in card.inner_text() and "18 ข่าว" in card.inner_text()
    assert page.locator(".timeline svg.chart a.bar-link").count() >= 2
    # results pages leave focus where it was, not in the box
    assert page.evaluate("document.activeElement.id") != "q"

    box, listbox = open_suggestions(page, "ประ")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "q-listbox"
    groups = listbox.locator("[role=group]")
    assert groups.count() >= 2
    labels = [groups.nth(i).get_attribute("aria-labelledby") for i in range(groups.count())]
    assert "q-listbox-people" in labels and "q-listbox-headlines" in labels
    assert listbox.locator("#q-listbox-people").inner_text() == "บุคคล"
    no_serious(axe_js, page, f"combobox open at {width}px")
    page.screenshot(path=str(screenshots / f"search-newsroom-{width}.png"))

    box.press("ArrowDown")
    first = listbox.locator("[role=option]").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert box.input_value() == PM
    box.press("ArrowUp")  # back to what was typed
    assert box.input_value() == "ประ" and box.get_attribute("aria-activedescendant") is None
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "ประ"
    # choosing a person searches for them
    box.press("ArrowDown")  # opens the list again
    listbox.locator("[role=option]").first.wait_for()
    box.press("ArrowDown")
    assert listbox.locator("[role=option]").first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert parse_qs(urlparse(page.url).query)["q"] == [PM]


def test_pending_state_while_the_search_loads(page, newsroom_url):
    page.goto(newsroom_url + "/")
    page.wait_for_load_state()
    # hold the page where a slow search would leave it: the submit goes no further
    page.evaluate("document.getElementById('search-form').addEventListener('submit', e => e.preventDefault())")
    page.fill("#q", "น้ำท่วม")
    page.locator("#q").press("Enter")
    note = page.locator(".pending-note")
    note.wait_for()
    assert note.inner_text() == "กำลังค้นหา…"
    assert page.locator("#search-form").get_attribute("aria-busy") == "true"
    assert "pending" in page.locator("#search-form").get_attribute("class")


def test_timeline_narrows_the_dates(sized, width, newsroom_url, axe_js):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote("งบประมาณแผ่นดิน"))
    no_serious(axe_js, page, f"timeline at {width}px")
    bars = page.locator(".timeline a.bar-link")
    label = bars.last.get_attribute("aria-label")
    expected = int(re.search(r": (\d+) ข่าว", label).group(1))
    bars.last.click()
    page.wait_for_url(re.compile(r"[?&]from="))
    params = parse_qs(urlparse(page.url).query)
    assert params["from"] and params["to"]
    assert f"พบ {expected} ข่าว" in page.locator("#results-heading").inner_text()
    chips = page.locator(".chips").inner_text()
    assert f"{params['from'][0]} – {params['to'][0]}" in chips  # the range as read, in Thai
    assert page.locator(".timeline h3").inner_text().count("รายวัน") == 1
    fits(page, width)


def test_filters_keep_counts_and_the_phone_button(sized, width, newsroom_url, axe_js, screenshots):
    page = sized
    page.goto(newsroom_url + "/?q=" + quote("งบประมาณแผ่นดิน"))
    filters = page.locator("#filters")
    toggle = page.locator(".filter-toggle")
    # all the matches name officials (ประยุทธ์ in 18)
    assert page.locator(".facet-people a", has_text="ประยุทธ์").count() == 1
    if width < 600:
        assert filters.is_hidden() and toggle.is_visible()
        # the button is at the top: above the timeline and every result
        assert toggle.bounding_box()["y"] < page.locator(".timeline").bounding_box()["y"]
        assert toggle.bounding_box()["y"] < 600
        toggle.click()
        assert filters.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        no_serious(axe_js, page, "phone filters open")
    else:
        assert filters.is_visible() and toggle.is_hidden()
    cats = page.locator(".facet-category a")
    assert cats.all_inner_texts()[0].split()[0] == "การเมือง"
    page.locator(".facet-category a", has_text="อาชญากรรม").click()
    page.wait_for_url(re.compile(r"category=crime"))
    if width < 600:
        page.locator(".filter-toggle").click()
    after = {a.split()[0]: a for a in page.locator(".facet-category a").all_inner_texts()}
    assert set(after) == {"การเมือง", "อาชญากรรม"} and "18" in after["การเมือง"]
    assert page.locator(".facet-category a[aria-checked=true]").inner_text().startswith("อาชญากรรม")
    # the officials named in the matches filter too: the crime articles name none of them
    assert page.locator(".facet-people a").count() == 0
    fits(page, width)
    # filters are few Tab presses from the top of a results page (focus is not put in the
    # box): the results come first in Tab order (issue 24), and a skip link leads to the filters
    page.goto(newsroom_url + "/?q=" + quote("งบประมาณแผ่นดิน"))
    if width < 600:
        return
    presses = 0
    while presses < 39:
        presses += 1
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href') === '#filters'"):
            break
    assert presses <= 20, presses
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#filters')")


def test_people_pages(sized, width, newsroom_url, axe_js, screenshots):
    page = sized
    page.goto(newsroom_url + "/")
    page.locator("header.site nav a", has_text="บุคคลในข่าว").click()
    page.wait_for_url(re.compile(r"/people$"))
    names = page.locator(".people-list h2 a").all_inner_texts()
    assert names[0] == PM
    assert "นายกรัฐมนตรีมีคำ" not in page.locator(".people-list").inner_text()
    no_serious(axe_js, page, f"people at {width}px")
    fits(page, width)
    page.screenshot(path=str(screenshots / f"people-{width}.png"), full_page=True)
    page.fill("#people-q", "สงขลา")
    page.locator("#people-q").press("Enter")
    page.wait_for_url(re.compile(r"q="))
    assert page.locator(".people-list h2 a").all_inner_texts() == ["วีรนันทน์ เพ็งจันทร์"]
    page.locator(".people-list h2 a").first.click()
    page.wait_for_url(re.compile(r"/people/"))
    dates = page.locator(".person-timeline time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True) and len(dates) == 12
    assert page.locator(".roles-table tbody tr").count() >= 1
    no_serious(axe_js, page, f"person at {width}px")
    fits(page, width)
    page.screenshot(path=str(screenshots / f"person-{width}.png"), full_page=True)


def test_article_next_previous_match_and_citation(context, newsroom_url, axe_js):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(newsroom_url + "/?q=" + quote("งบประมาณแผ่นดิน"))
    cite = page.locator(".hit button.cite").first
    assert cite.is_visible()
    cite.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("ข่าวงบประมาณแผ่นดิน") and "เดลินิวส์" in copied and "2560" in copied
    assert copied.endswith(tuple("0123456789")) and "https://www.dailynews.co.th/" in copied
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    paragraphs = page.locator(".article-body p")
    assert paragraphs.count() == 3
    assert page.locator("h1#article-title mark").count() == 1  # the headline is highlighted
    nav = page.locator(".matchnav")
    # the count is the marks: the headline's and one in each paragraph
    assert "พบคำค้น 4 แห่ง" in nav.inner_text()
    assert page.locator(".article mark[id]").count() == 4
    nav.locator("button[data-step='1']").click()
    assert page.evaluate("document.activeElement.id") == "m1"
    nav.locator("button[data-step='1']").click()
    assert page.evaluate("document.activeElement.id") == "m2"
    assert "แห่งที่ 2 จาก 4" in nav.locator(".where").inner_text()
    nav.locator("button[data-step='-1']").click()
    nav.locator("button[data-step='-1']").click()
    assert page.evaluate("document.activeElement.id") == "m4"  # wraps around
    no_serious(axe_js, page, "article with match navigation")
    page.close()


def test_exports_and_feed_links(page, newsroom_url):
    page.goto(newsroom_url + "/?q=" + quote("งบประมาณแผ่นดิน"))
    page.locator(".exports summary").click()
    with page.expect_download() as download:
        page.locator(".exports button", has_text="CSV").click()
    with open(download.value.path(), encoding="utf-8") as fh:
        assert fh.read().lstrip("\ufeff").startswith("id,title,date")
    feed = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert page.request.get(newsroom_url + feed).text().count("<entry>") == 23


def test_embed_suggestions_and_pending_state(sized, width, newsroom_host_url, axe_js, screenshots):
    page = sized
    page.goto(newsroom_host_url + "/")
    box = page.locator("#panel-box thainews-search input[type=search]")
    box.wait_for()
    box.click()
    box.press_sequentially("ประ", delay=40)
    listbox = page.locator("#panel-box thainews-search [role=listbox]")
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    # the host page's styles do not reach the options
    assert listbox.locator("[role=option]").first.evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    no_serious(axe_js, page, f"embed suggestions at {width}px")
    page.screenshot(path=str(screenshots / f"embed-newsroom-{width}.png"))
    box.press("Escape")
    assert listbox.is_hidden()
    # pending: the panel says so while /api/search has not answered
    held = []
    page.route(re.compile(r".*/api/search\?.*"), lambda route: held.append(route))
    box.fill("งบประมาณแผ่นดิน")
    box.press("Enter", no_wait_after=True)
    pending = page.locator("#panel-box thainews-search .panel .pending")
    pending.wait_for()
    assert pending.inner_text().strip() == "กำลังค้นหา…"
    for route in held:
        route.continue_()
    page.unroute(re.compile(r".*/api/search\?.*"))
    page.locator("#panel-box thainews-search li").first.wait_for()
    assert page.locator("#panel-box thainews-search li .title mark").count() >= 1  # highlighted titles
    fits(page, width)
    no_serious(axe_js, page, f"embed results at {width}px")
    page.screenshot(path=str(screenshots / f"embed-newsroom-results-{width}.png"))
