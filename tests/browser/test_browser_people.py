"""Issue 24, item 7 in a real browser, at 1280 and 390 px, on the officials archive the
tests write (tests/people_corpus.py): a person written three ways is one person, whose
page and card say how else the name is written; the directory reads a position's
short form; positions are offices. axe-core on every page; screenshots in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import people_corpus as pc

from .conftest import _serve_app, run_axe

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def people_url(tmp_path_factory) -> str:
    """The real app over the officials archive."""
    index = pc.build(tmp_path_factory.mktemp("people-corpus"), tmp_path_factory.mktemp("people-index"))
    yield from _serve_app(index)


def no_serious(axe_js: Path, page, state: str) -> None:
    bad = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]
    assert not bad, state + "\n" + "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes'][:3]}" for v in bad)


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_misspelt_name_opens_the_person_with_the_other_spellings(sized, width, people_url, axe_js, screenshots):
    page = sized
    page.goto(people_url + "/people/" + quote("อนุทิน ชาญวีกูล"))
    assert page.locator("h1").inner_text() == pc.ANUTIN
    assert f"{len(pc.ANUTIN_SENTENCES)} ข่าว" in page.locator(".meta").first.inner_text()
    also = page.locator(".also-written")
    assert also.is_visible()
    text = also.inner_text()
    assert text.startswith("เขียนอีกแบบว่า") and all(name in text for name in pc.ANUTIN_SPELLINGS)
    assert "นับรวมในจำนวนข่าวแล้ว" in text
    assert page.locator(".person-timeline li").count() == len(pc.ANUTIN_SENTENCES)
    no_serious(axe_js, page, f"person page at {width}px")
    fits(page, width)
    page.screenshot(path=str(screenshots / f"person-also-written-{width}.png"), full_page=True)


def test_the_card_says_how_else_the_name_is_written(sized, width, people_url, axe_js):
    page = sized
    page.goto(people_url + "/?q=" + quote("อนุทิน ชาญวีรกุล"))
    card = page.locator(".person-card")
    assert pc.ANUTIN in card.locator("h3").inner_text()
    also = card.locator(".also-written")
    assert also.is_hidden()  # the card stays compact: the spellings open with the details
    card.locator("summary").click()
    assert also.is_visible() and all(name in also.inner_text() for name in pc.ANUTIN_SPELLINGS)
    no_serious(axe_js, page, f"person card open at {width}px")
    fits(page, width)


def test_the_directory_reads_short_forms_and_shows_offices(sized, width, people_url, axe_js, screenshots):
    page = sized
    page.goto(people_url + "/people")
    listed = page.locator(".people-list").inner_text()
    assert "นายกรัฐมนตรีเข้า" not in listed and "ในฐานะ" not in listed
    assert not [n for n in page.locator(".people-list h2").all_inner_texts() if "คลินิก" in n or "เกียรติคุณ" in n]
    no_serious(axe_js, page, f"directory at {width}px")
    fits(page, width)
    page.fill("#people-q", "ผวจ.เชียงใหม่")
    page.locator("#people-q").press("Enter")
    page.wait_for_url(re.compile(r"q="))
    names = page.locator(".people-list h2 a").all_inner_texts()
    assert sorted(names) == sorted([pc.GOVERNOR_FULL, pc.GOVERNOR_SHORT])
    no_serious(axe_js, page, f"directory search at {width}px")
    page.screenshot(path=str(screenshots / f"people-short-form-{width}.png"), full_page=True)
