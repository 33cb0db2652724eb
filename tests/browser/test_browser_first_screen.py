"""Issue 24: the first result is on the first screen, for a person's name too (person
card and timeline included), and a keyboard reaches it in at most 5 Tabs from the
search box, with a skip link to the results; axe on each state."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .test_browser_newsroom import PM, no_serious

pytestmark = pytest.mark.browser

SCREENS = [(1280, 800), (390, 844)]


@pytest.fixture(params=SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def screen(page, request):
    width, height = request.param
    page.set_viewport_size({"width": width, "height": height})
    return page, height


@pytest.mark.parametrize("q", [PM, "งบประมาณแผ่นดิน", "ประชุม"])
def test_the_first_result_is_on_the_first_screen(screen, newsroom_url, axe_js, screenshots, q):
    page, height = screen
    page.goto(newsroom_url + "/?q=" + quote(q))
    first = page.locator(".hit").first
    box = first.bounding_box()
    if q == PM:
        page.screenshot(path=str(screenshots / f"first-screen-{page.viewport_size['width']}.png"))
    assert box is not None and box["y"] + 40 <= height, (q, box)  # its headline is in view
    if q == PM:
        assert page.locator(".person-card").is_visible() and page.locator(".timeline").is_visible()
    no_serious(axe_js, page, f"results for {q}")


def test_five_tabs_from_the_box_to_the_first_result(screen, newsroom_url):
    page, _ = screen
    page.goto(newsroom_url + "/?q=" + quote(PM))
    page.locator("#q").focus()
    page.keyboard.press("Escape")  # close the suggestions, if any
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.hit')"):
            break
    else:
        raise AssertionError("the first result is more than 5 Tabs from the box")
    assert page.evaluate("document.activeElement.closest('.hit') === document.querySelector('.hit')")


def test_a_skip_link_goes_to_the_results(page, newsroom_url):
    page.goto(newsroom_url + "/?q=" + quote(PM))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-to[href='#results-heading']")
    assert skip.count() == 1
    skip.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#results-heading"


def test_timeline_ticks_and_the_bar_under_focus(screen, newsroom_url, axe_js):
    page, _ = screen
    page.goto(newsroom_url + "/?q=" + quote(PM))
    ticks = page.locator(".timeline .ticks text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and all(re.fullmatch(r"\S+ 25\d\d|25\d\d", t) for t in ticks), ticks  # Thai months, BE years
    bar = page.locator(".timeline .bar-link").first
    bar.focus()
    readout = page.locator(".timeline .readout").inner_text()
    assert readout == bar.get_attribute("aria-label") and re.search(r"\d", readout)
    second = page.locator(".timeline .bar-link").nth(1)
    second.hover()
    assert page.locator(".timeline .readout").inner_text() == second.get_attribute("aria-label")
    no_serious(axe_js, page, "timeline with a bar focused")


def test_one_day_is_one_bar_in_the_middle(page, newsroom_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(newsroom_url + "/?q=" + quote(PM) + "&from=" + quote("28 มิ.ย. 2560") + "&to=" + quote("28 มิ.ย. 2560"))
    bars = page.locator(".timeline rect.bar")
    assert bars.count() == 1
    chart = page.locator(".timeline svg.chart").bounding_box()
    bar = bars.first.bounding_box()
    assert bar["width"] < chart["width"] / 8  # a bar, not a block across the chart
    assert abs((bar["x"] + bar["width"] / 2) - (chart["x"] + chart["width"] / 2)) < chart["width"] / 10
