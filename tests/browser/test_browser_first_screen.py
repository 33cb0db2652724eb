"""Issue 24: the first result is on the first screen, for a person's name too (person
card and timeline included), and a keyboard reaches it in at most 5 Tabs from the
search box, with a skip link to the results; axe on each state."""

from __future__ import annotations

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
    for tabs in range(1, 6):
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
