"""Officials (issue 4): name and position search, the directory, suggestions."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from indexer.search import Searcher
from webui import create_app

SEED_SOURCE = "corpus/000_a5a97db9e4167df2.txt"


@pytest.fixture(scope="module")
def seed(seed_index):
    return Searcher(seed_index)


@pytest.mark.parametrize("q", ["วีรนันทน์", "นายวีรนันทน์", "วีรนันทน์ เพ็งจันทร์", "เพ็งจันทร์",
                               "วีรนันทน์เพ็งจันทร์", "ผู้ว่าราชการจังหวัดสงขลา", "ผวจ.สงขลา",
                               "person:วีรนันทน์", 'person:"วีรนันทน์ เพ็งจันทร์"', "person:เพ็งจันทร์",
                               "position:ผู้ว่าราชการจังหวัดสงขลา", "position:ผวจ.สงขลา"])
def test_seed_first_for_name_and_position_queries(seed, q):
    result = seed.search(q)
    assert result["hits"] and result["hits"][0]["source"] == SEED_SOURCE
    assert not result["relaxed"]


def test_position_field_is_exact(seed):
    assert seed.search("position:ปลัดจังหวัดสงขลา")["total"] == 1
    assert seed.search("position:ผู้ว่าราชการจังหวัดปัตตานี")["total"] == 0
    assert seed.search("person:ศิริลักษณ์")["total"] == 0  # the reporter has no title: not an official


def test_directory_lists_officials_with_positions(seed):
    people = {p["name"]: p for p in seed.directory()["people"]}
    only_deputy = [p["name"] for p in seed.directory(q="ปลัด")["people"]]
    assert people["วีรนันทน์ เพ็งจันทร์"]["positions"] == ["ผู้ว่าราชการจังหวัดสงขลา"]
    assert people["วรณัฐ หนูรอต"]["positions"] == ["ปลัดจังหวัดสงขลา"]
    assert people["วีรนันทน์ เพ็งจันทร์"]["articles"] == 1
    assert people["วีรนันทน์ เพ็งจันทร์"]["first_date"] == "2019-08-26"
    assert only_deputy == ["วรณัฐ หนูรอต"]


def test_person_page_and_suggestions(seed):
    page = seed.person("วรณัฐ  หนูรอต")
    assert page["count"] == 1 and page["articles"][0]["date"] == "2019-08-26"
    assert seed.person("ไม่มี คนนี้") is None
    assert seed.suggestions("วีร") == ["วีรนันทน์ เพ็งจันทร์"]
    assert "ผู้ว่าราชการจังหวัดสงขลา" in seed.suggestions("ผู้ว่า")
    assert seed.suggestions("   ") == []


def test_people_pages_and_json_twins(seed_index):
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()
    html = client.get("/people").get_data(as_text=True)
    assert "วีรนันทน์ เพ็งจันทร์" in html and "ผู้ว่าราชการจังหวัดสงขลา" in html
    assert "วรณัฐ หนูรอต" in html and "ปลัดจังหวัดสงขลา" in html
    res = client.get("/people/" + quote("วีรนันทน์ เพ็งจันทร์"))
    assert res.status_code == 200 and "26 ส.ค. 2562" in res.get_data(as_text=True)
    assert client.get("/api/people").get_json()["total"] == 3
    assert client.get("/api/people/" + quote("วีรนันทน์ เพ็งจันทร์")).get_json()["count"] == 1
    assert client.get("/api/people/nobody").status_code == 404
    assert client.get("/api/people?page=zero").status_code == 400
    assert client.get("/api/suggest?q=วีร").get_json()["suggestions"] == ["วีรนันทน์ เพ็งจันทร์"]
    assert client.get("/api/suggest?q=วีร&format=opensearch").get_json() == ["วีร", ["วีรนันทน์ เพ็งจันทร์"]]


def test_sample_directory_has_the_prime_minister(sample_index):
    searcher = Searcher(sample_index)
    people = searcher.directory(q="ประยุทธ์")["people"]
    names = [p["name"] for p in people]
    assert "ประยุทธ์ จันทร์โอชา" in names
    pm = people[names.index("ประยุทธ์ จันทร์โอชา")]
    assert "นายกรัฐมนตรี" in pm["positions"]
    assert pm["first_date"] <= pm["last_date"]
    hits = searcher.search("ประยุทธ์ จันทร์โอชา", size=100)
    assert hits["total"] >= pm["articles"]


def test_top_officials_ties_go_by_name_not_by_build_order():
    """The person facet's last places among equal counts go to names in alphabetical
    order, whatever order the build numbered them in (two builds of one corpus agree)."""
    import numpy as np

    from indexer.matching.view import PeopleTable, most_counted

    for names in (["ชวน หลีกภัย", "กอบศักดิ์ ภูตระกูล", "ดอน ปรมัตถ์วินัย", "กนก วงษ์ตระหง่าน", "อนุทิน ชาญวีรกูล"],
                  ["อนุทิน ชาญวีรกูล", "กนก วงษ์ตระหง่าน", "ดอน ปรมัตถ์วินัย", "กอบศักดิ์ ภูตระกูล", "ชวน หลีกภัย"]):
        table = PeopleTable.__new__(PeopleTable)
        table.names, table._by_name = names, None
        counts = np.array([3 if name == "ดอน ปรมัตถ์วินัย" else 1 for name in names])
        want = [("ดอน ปรมัตถ์วินัย", 3), ("กนก วงษ์ตระหง่าน", 1), ("กอบศักดิ์ ภูตระกูล", 1)]
        assert table.top(counts, 3) == want
        # the router's: the shards' counts added up, no alphabetical order made beforehand
        assert most_counted(names, counts, 3) == want


def test_most_counted_agrees_with_or_without_the_alphabetical_order():
    import random

    import numpy as np

    from indexer.matching.view import most_counted

    rng = random.Random(7)
    names = [f"ชื่อ{rng.randrange(10**6):06d}" for _ in range(60)]
    by_name = np.argsort(np.argsort(np.array(names, dtype=object), kind="stable"))
    for _ in range(200):
        counts = np.array([rng.choice([0, 0, 1, 1, 2, 5]) for _ in names])
        limit = rng.randrange(1, 12)
        want = sorted(((n, int(c)) for n, c in zip(names, counts) if c), key=lambda nc: (-nc[1], nc[0]))[:limit]
        assert most_counted(names, counts, limit) == want
        assert most_counted(names, counts, limit, by_name) == want
