"""Officials data a desk can trust (issue 24, item 7), on an archive the tests write
(tests/people_corpus.py): positions are offices, not the sentence after them; one
person written three ways is one person; titles are not names; short forms of
positions find the same people as the full ones."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from indexer.search import Searcher
from indexer.thai.names import canonical_names, one_edit
from tests import people_corpus as pc
from webui import create_app


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return pc.build(tmp_path_factory.mktemp("people-corpus"), tmp_path_factory.mktemp("people-index"))


@pytest.fixture(scope="module")
def searcher(index_dir):
    found = Searcher(index_dir)
    yield found
    found.close()


def _people(searcher, q: str = "") -> dict[str, dict]:
    return {p["name"]: p for p in searcher.directory(q=q, limit=100)["people"]}


# --- positions are offices ------------------------------------------------------
def test_the_prime_minister_holds_offices_not_sentences(searcher):
    pm = _people(searcher)[pc.PM]
    assert set(pm["positions"]) == pc.PM_POSITIONS
    card = searcher.person(pc.PM)
    assert {r["position"] for r in card["roles"]} == pc.PM_POSITIONS
    assert sum(r["articles"] for r in card["roles"]) == len(pc.PM_SENTENCES)


# --- one person, several spellings ---------------------------------------------
def test_a_person_written_three_ways_is_one_person_with_every_article(searcher):
    people = _people(searcher)
    assert not set(pc.ANUTIN_SPELLINGS) & set(people)
    anutin = people[pc.ANUTIN]
    assert anutin["articles"] == len(pc.ANUTIN_SENTENCES)  # the article with two spellings counts once
    assert {v["name"]: v["articles"] for v in anutin["also_written"]} == pc.ANUTIN_SPELLINGS


def test_a_misspelling_opens_the_person_and_the_filter_counts_every_spelling(searcher):
    page = searcher.person("อนุทิน ชาญวีกูล")
    assert page["name"] == pc.ANUTIN and page["count"] == len(pc.ANUTIN_SENTENCES)
    assert [v["name"] for v in page["also_written"]] == list(pc.ANUTIN_SPELLINGS)
    facet = {p["value"]: p["count"] for p in searcher.search("กระทรวงสาธารณสุข")["facets"]["person"]}
    filtered = searcher.search("กระทรวงสาธารณสุข", person=[pc.ANUTIN])
    assert filtered["total"] == facet[pc.ANUTIN] == 4  # his articles naming the ministry, all spellings
    card = searcher.search("อนุทิน ชาญวีรกุล")["official"]
    assert card["name"] == pc.ANUTIN


def test_short_names_one_letter_apart_stay_two_people(searcher):
    people = _people(searcher)
    assert set(pc.BROTHERS) <= set(people)
    assert not people[pc.BROTHERS[0]]["also_written"] and not people[pc.BROTHERS[1]]["also_written"]


@pytest.mark.parametrize("a, b, same", [
    ("ชาญวีรกูล", "ชาญวีรกุล", True),      # a vowel mark
    ("ชาญวีรกูล", "ชาญวีกูล", True),       # a letter dropped
    ("จันทร์โอชา", "จันทร์ โอชา", True),   # a space
    ("วงษ์สุวรรณ", "วงศ์สุวรรณ", True),     # letters that sound alike
    ("ชาญวีรกูล", "ชาญวีกุล", False),      # two edits
    ("ชาญวีรกูล", "ชาญวีรกูล", False),     # the same
])
def test_one_edit(a, b, same):
    assert one_edit(a, b) is same


def test_every_spelling_goes_to_the_most_used_one():
    counts = {"ประยุทธ์ จันทร์โอชา": 5487, "ประยุทธ์ จันทรโอชา": 19, "ประยุทธ จันทร์โอชา": 38,
              "ประยุทธ์ จันทโอชา": 1, "ณัฐ มินทราศักดิ์": 3, "นัฐ มินทราศักดิ์": 1}
    assert canonical_names(counts) == {"ประยุทธ์ จันทรโอชา": "ประยุทธ์ จันทร์โอชา",
                                       "ประยุทธ จันทร์โอชา": "ประยุทธ์ จันทร์โอชา",
                                       "ประยุทธ์ จันทโอชา": "ประยุทธ์ จันทร์โอชา"}


# --- titles are not names ------------------------------------------------------
def test_a_professors_titles_are_not_a_name(searcher):
    people = _people(searcher)
    assert people[pc.PIYASAKOL]["articles"] == 2
    assert not [n for n in people if {"คลินิก", "เกียรติคุณ", "พิเศษ"} & set(n.split())]


def test_nai_klin_is_a_mister_not_a_prime_minister(searcher):
    people = _people(searcher)
    assert people[pc.KALIN]["positions"] == ["ประธานสภาหอการค้าแห่งประเทศไทย"]
    result = searcher.search("นายกลินท์")
    assert result["total"] == 1 and result["official"]["name"] == pc.KALIN


# --- a name after a rank or a position -------------------------------------------------
@pytest.mark.parametrize("q", ["นายกประยุทธ์", "นายกฯ ประยุทธ์", "นายกฯประยุทธ์", "นายกรัฐมนตรีประยุทธ์",
                               "พล.อ.ประยุทธ์", "พลเอกประยุทธ์", "นายกฯ พล.อ.ประยุทธ์", "นายกรัฐมนตรีพลเอกประยุทธ์"])
def test_the_prime_minister_by_his_office_or_rank_and_name_opens_his_card(searcher, q):
    """A reader types `นายกประยุทธ์` and means the prime minister (the guide's first example)."""
    assert searcher.search(q)["official"]["name"] == pc.PM


@pytest.mark.parametrize("q, official", [
    ("รองนายกฯอนุทิน", pc.ANUTIN),  # his office, abbreviated
    ("รมว.สาธารณสุขอนุทิน", pc.ANUTIN),  # his ministry's minister
    ("นายกอนุทิน", None),  # he was the deputy, never the prime minister, in this archive
    ("ผวจ.ประยุทธ์", None),  # the prime minister was never a governor
    ("นายกลินท์", pc.KALIN),  # a mister, not a prime minister named ลินท์
])
def test_a_name_after_a_position_names_only_who_held_it(searcher, q, official):
    card = searcher.search(q)["official"]
    assert (card["name"] if card else None) == official


# --- short forms of positions ------------------------------------------------------
def test_short_and_full_forms_of_a_position_find_the_same_people(searcher):
    short = set(_people(searcher, "ผวจ.เชียงใหม่"))
    full = set(_people(searcher, "ผู้ว่าราชการจังหวัดเชียงใหม่"))
    assert short == full == {pc.GOVERNOR_FULL, pc.GOVERNOR_SHORT}


def test_the_directory_finds_a_person_by_another_spelling(searcher):
    assert list(_people(searcher, "ชาญวีรกุล")) == [pc.ANUTIN]


# --- the pages -------------------------------------------------------------------
def test_people_pages_show_the_other_spellings_in_thai_and_english(index_dir):
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    html = client.get("/people/" + quote("อนุทิน ชาญวีกูล")).get_data(as_text=True)
    assert pc.ANUTIN in html and "เขียนอีกแบบว่า" in html and "ชาญวีรกุล" in html
    english = client.get("/people/" + quote(pc.ANUTIN), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Also written" in english
    twin = client.get("/api/people/" + quote(pc.ANUTIN)).get_json()
    assert twin["also_written"] == [{"name": n, "articles": c} for n, c in pc.ANUTIN_SPELLINGS.items()]
    directory = client.get("/people?q=" + quote("ผวจ.เชียงใหม่")).get_data(as_text=True)
    assert pc.GOVERNOR_FULL in directory and pc.GOVERNOR_SHORT in directory


# --- the bench that measures the rules on the archives (bench/people_quality.py) -------------
def test_the_bench_lists_every_merge_and_draws_the_same_sample(searcher):
    from bench.people_quality import drawn, merges

    people = searcher.directory(limit=100)["people"]
    assert {(variant, usual) for variant, usual, *_ in merges(people)} == {
        (variant, pc.ANUTIN) for variant in pc.ANUTIN_SPELLINGS}
    pairs = [(p["name"], pos) for p in people for pos in p["positions"]]
    assert drawn(pairs, 5, 24) == drawn(list(reversed(pairs)), 5, 24)
    assert drawn(pairs, 5, 24) != drawn(pairs, 5, 25)
