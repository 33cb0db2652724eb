"""Nothing inside the dates: the answer says how many match outside them (issue 24)."""

from __future__ import annotations

import re

from indexer.search import Searcher


def test_the_api_counts_the_matches_outside_the_dates(seed_index):
    searcher = Searcher(seed_index)
    try:
        inside = searcher.search("สงขลา", date_from="2563", date_to="2563")
        assert inside["total"] == 0 and inside["outside_dates"] == searcher.search("สงขลา")["total"] >= 1
        assert searcher.search("สงขลา")["outside_dates"] is None  # something matched
        assert searcher.search("ไม่มีคำนี้แน่นอน", date_from="2563")["outside_dates"] == 0
    finally:
        searcher.close()


def test_the_page_offers_to_widen_the_dates_instead_of_spelling_tips(client):
    html = client.get("/?q=สงขลา&from=2563&to=2563").get_data(as_text=True)
    assert "ในช่วงวันที่ที่เลือก" in html and "ข่าวนอกช่วงวันที่นี้" in html
    assert "ตรวจการสะกด" not in html
    link = re.search(r'class="outside-dates">[^<]*<a href="([^"]+)"', html).group(1)
    assert "from=" not in link and "to=" not in link and "q=" in link
    assert client.get(link.replace("&amp;", "&")).status_code == 200
