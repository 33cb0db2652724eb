"""Exact Thai matching (issue 14): every article holding the text as typed, honest totals,
unspaced queries answered by their words, variants that never degrade to a stem.

The corpus is written here, in a temp dir: sentences in the style of Thai
government and daily news, with names glued to honorifics and to the words
before them, words the segmenter cuts across (`โครง|การพัฒนา`) and the
abbreviations news uses.
"""

from __future__ import annotations

import json

import pytest

from indexer.index.build import build_index
from indexer.search import Searcher
from indexer.search.probes import forget_results, search_ids

ARTICLES = {
    "uttama": ("รัฐบาลหารือเศรษฐกิจ",
               "วันนี้ โดยมีนายอุตตม สาวนายน รัฐมนตรีว่าการกระทรวงการคลัง ร่วมประชุมหารือมาตรการกระตุ้นเศรษฐกิจ"),
    "kritsana": ("มอบรางวัล", "นายกฤษศญพงษ์ ศิริ อธิบดีกรมพัฒนาพลังงานทดแทน มอบรางวัลแก่ผู้ชนะ"),
    "korkaew": ("เปิดงานสัปดาห์หนังสือ", "คุณหญิงกอแก้ว วิไลลักษณ์ ผู้อำนวยการโรงเรียน เปิดงานสัปดาห์หนังสือ"),
    "suwit": ("ตรวจเยี่ยมค่ายทหาร", "ผู้ว่าราชการจังหวัดร่วมกับพันเอกสุวิทย์ แสงทอง ตรวจเยี่ยมค่ายทหารในพื้นที่"),
    "sirirerk": ("ประชุมสาธารณสุข", "นายแพทย์สิริฤกษ์ ทรงศิวิไล ปลัดกระทรวงสาธารณสุข ประชุมผู้บริหาร"),
    "kalin": ("หอการค้าเสนอแนะรัฐบาล", "นายกลินท์ สารสิน ประธานกรรมการหอการค้าไทย เสนอแนะรัฐบาลเรื่องการส่งออก"),
    "project1": ("ข่าวโครงการ", "กระทรวงเปิดโครงการพัฒนาฝีมือแรงงานในชุมชน"),
    "project2": ("ข่าวอนุรักษ์", "จังหวัดจัดโครงการอนุรักษ์ป่าชายเลน"),
    "project3": ("ข่าวประกวด", "มหาวิทยาลัยจัดโครงการประกวดสิ่งประดิษฐ์"),
    "pm-full": ("นายกรัฐมนตรีลงพื้นที่", "นายกรัฐมนตรี ลงพื้นที่ตรวจราชการ พลเอกประยุทธ์ จันทร์โอชา รับฟังปัญหา"),
    "pm-short": ("นายกฯ สั่งการ", "นายกฯ สั่งการให้หน่วยงานเร่งช่วยเหลือผู้ประสบภัย"),
    "obt": ("นายกอบต.แจกถุงยังชีพ", "นายกอบต.บ้านใหม่ แจกถุงยังชีพให้ผู้ประสบภัยน้ำท่วม"),
    "governor": ("ผู้ว่าราชการจังหวัดเชียงใหม่ประชุม", "ผู้ว่าราชการจังหวัดเชียงใหม่ ประชุมแก้ปัญหาหมอกควัน"),
    "police": ("จับกุมผู้ค้า", "ตำรวจสามารถจับกุมผู้ค้าพร้อมยาบ้า 2,000 เม็ด"),
    "moon": ("การเยือนประเทศไทยอย่างเป็นทางการของนายมุน แช-อิน ประธานาธิบดีสาธารณรัฐเกาหลี ระหว่างวันที่ 1 – 3 กันยายน 2562",
             "ประธานาธิบดีสาธารณรัฐเกาหลีเยือนประเทศไทยอย่างเป็นทางการ"),
    "moon-news": ("ข่าวต่างประเทศ", "นายมุน แช-อิน ประธานาธิบดีสาธารณรัฐเกาหลี พบนายกรัฐมนตรี ระหว่างวันที่ 1 – 3 กันยายน 2562"),
    "gap": ("ลดความเหลื่อมล้ำ", "รัฐบาลเดินหน้าลดความเหลื่อมล้ำทางสังคม"),
    "cross": ("กีฬาสี", "ในช่วงการแข่งขันกีฬาสีของโรงเรียน ผู้ปกครองมาเชียร์"),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    src = tmp_path_factory.mktemp("matching-src")
    for n, (name, (title, body)) in enumerate(ARTICLES.items()):
        (src / f"{name}.json").write_text(json.dumps(
            {"title": title, "content": body, "url": f"https://example.test/{name}",
             "date": f"2019-08-{n + 1:02d}"}, ensure_ascii=False), encoding="utf-8")
    ix = tmp_path_factory.mktemp("matching-ix")
    build_index([src], ix, progress=False)
    return Searcher(ix)


def found(searcher, q, **kw):
    result = searcher.search(q, size=100, **kw)
    names = [h["id"].rsplit("/", 1)[-1] for h in result["hits"]]
    assert result["total"] == len(names) == len(search_ids(searcher, q, kw.get("date_from"), kw.get("date_to"),
                                                                     limit=1000))
    return names


@pytest.mark.parametrize("q, expected", [
    ("โดยมีนายอุตตม", ["uttama"]), ("อุตตม สาวนายน", ["uttama"]),
    ("กฤษศญพงษ์", ["kritsana"]), ("นายกฤษศญพงษ์", ["kritsana"]),
    ("คุณหญิงกอแก้ว", ["korkaew"]), ("พันเอกสุวิทย์", ["suwit"]), ("ร่วมกับพันเอกสุวิทย์", ["suwit"]),
    ("แพทย์สิริฤกษ์", ["sirirerk"]), ("กลินท์ สารสิน", ["kalin"]), ("กลินท์", ["kalin"]),
])
def test_names_glued_to_honorifics_and_words_are_found(searcher, q, expected):
    assert found(searcher, q) == expected


def test_a_name_typed_without_its_space(searcher):
    # the officials extractor knows `อุตตม สาวนายน`: the unit stands for the name as written
    result = searcher.search("อุตตมสาวนายน")
    assert [h["id"].rsplit("/", 1)[-1] for h in result["hits"]] == ["uttama"]
    unit = result["interpretation"]["units"][0]
    assert unit["match"] == "exact" and unit["variants"] == ["อุตตม สาวนายน"]


def test_a_word_the_segmenter_cuts_across_is_found(searcher):
    assert sorted(found(searcher, "โครงการ")) == ["project1", "project2", "project3"]
    # but never inside a syllable: ช่วง|การ, กระ|ทรวง|การ hold the letters of วงการ, not the word
    assert found(searcher, "วงการ") == []


def test_a_variant_never_degrades_to_a_stem(searcher):
    names = found(searcher, "นายกรัฐมนตรี")
    assert "obt" not in names
    assert {"pm-full", "pm-short", "moon-news"} == set(names)
    assert names.index("pm-short") > names.index("pm-full")  # as typed above its abbreviation
    assert "obt" not in found(searcher, "นายกฯ")
    assert found(searcher, "นายก")  # the bare word is the user's to type
    assert "obt" in found(searcher, "นายก")


@pytest.mark.parametrize("q, words, expected", [
    ("นายกประยุทธ์", ["นายก", "ประยุทธ์"], "pm-full"),
    ("ผู้ว่าเชียงใหม่", ["ผู้ว่า", "เชียงใหม่"], "governor"),
    ("ตำรวจจับยาบ้า", ["ตำรวจ", "จับ", "ยาบ้า"], "police"),
])
def test_unspaced_queries_fall_back_to_their_words(searcher, q, words, expected):
    result = searcher.search(q)
    assert result["hits"] and result["hits"][0]["id"].endswith(expected)
    unit = result["interpretation"]["units"][0]
    assert unit["match"] == "words" and unit["words"] == words
    assert result["relaxed"] == [q]
    assert " + ".join(words) in result["interpretation"]["message"]
    assert " + ".join(words) in result["interpretation"]["message_th"]


def test_exact_matches_come_before_fallen_back_ones(searcher):
    # ผู้ว่าราชการจังหวัด occurs as typed in `governor`; เชียงใหม่ผู้ว่า nowhere
    names = found(searcher, "เชียงใหม่ ผู้ว่า")
    assert names == ["governor"]
    result = searcher.search("นายกประยุทธ์ หารือ")  # no article holds both: relaxed to words, and still none
    assert result["total"] == 0 and result["relaxed"] == ["นายกประยุทธ์"]
    assert [(u["text"], u["match"]) for u in result["interpretation"]["units"]] == \
        [("นายกประยุทธ์", "words"), ("หารือ", "exact")]


def test_a_pasted_headline_finds_its_article_first(searcher):
    headline = ARTICLES["moon"][0]
    assert found(searcher, headline) == ["moon"]
    # its units, the news article holds all but the first
    assert found(searcher, headline.split(" ", 1)[1]) == ["moon", "moon-news"]


def test_did_you_mean_is_a_word_the_index_holds_and_finds_more(searcher):
    result = searcher.search("ความเหลือมล้ำ")
    assert result["total"] == 0 and result["suggestion"] == "ความเหลื่อมล้ำ"
    result = searcher.search("ประยุธ")
    assert result["total"] == 0 and result["suggestion"] == "ประยุทธ์"
    # nothing close enough: no suggestion rather than a truncation or a stranger
    result = searcher.search("โควิด")
    assert result["total"] == 0 and result["suggestion"] is None


def test_no_suggestion_is_ever_a_truncation(searcher):
    for q in ("ประยุธ", "นายกอบจ", "เชียงใหม", "โครงกา", "สุวิทย"):
        suggestion = searcher.search(q)["suggestion"]
        assert suggestion is None or not (q.startswith(suggestion) or q.endswith(suggestion)), (q, suggestion)


def test_filters_keep_exact_totals(searcher):
    names = found(searcher, "โครงการ", date_from="2019-08-07", date_to="2019-08-08")
    assert sorted(names) == ["project1", "project2"]
    assert found(searcher, "โครงการ", date_from="2019-09-01") == []


@pytest.mark.parametrize("q", ["ข่าว", "การ", "โครงการ", "นายก", "ข่าว การ", "title:ข่าว", "body:การ",
                               "title:(ข่าว OR การ)"])
def test_text_in_nearly_every_article_is_counted_per_article_with_the_same_total(searcher, monkeypatch, q):
    """Past ``DENSE_OCCURRENCES`` occurrences in a segment a text is counted per article:
    the same articles match, with the same total, with and without filters."""
    import indexer.matching.occurrences as occurrences
    import indexer.matching.units as units

    exact = sorted(found(searcher, q)), sorted(found(searcher, q, date_from="2019-08-05"))
    monkeypatch.setattr(units, "DENSE_OCCURRENCES", 1)
    monkeypatch.setattr(occurrences, "DENSE_CHUNK", 3)
    forget_results(searcher)
    assert (sorted(found(searcher, q)), sorted(found(searcher, q, date_from="2019-08-05"))) == exact
    assert exact[0]
    forget_results(searcher)


def test_did_you_mean_weighs_how_common_a_respelling_is(tmp_path):
    # ประยุต is one edit from ประยุธ but held by one article; ประยุทธ์ is two
    # edits away and held by twelve: a reader who typed ประยุธ means ประยุทธ์
    src = tmp_path / "src"
    src.mkdir()
    bodies = [f"พลเอกประยุทธ์ จันทร์โอชา ประชุมครั้งที่ {n}" for n in range(12)] + ["นายประยุต ใจดี ชาวบ้าน"]
    for n, body in enumerate(bodies):
        (src / f"a{n}.json").write_text(json.dumps({"title": f"ข่าว {n}", "content": body, "date": "2019-08-01"},
                                                   ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    result = Searcher(tmp_path / "ix").search("ประยุธ")
    assert result["total"] == 0 and result["suggestion"] == "ประยุทธ์"


def test_a_quoted_phrase_matches_as_pasted_with_its_punctuation(tmp_path):
    # a Daily News headline: inside the quotes `-สันติ` is text, not an exclusion,
    # and the phrase is looked for as pasted (its words trimmed are only other forms)
    headline = '"พิษณุ-สมมาตร์ -สันติ"ชิงเลขาธิการสกสค.'
    src = tmp_path / "src"
    src.mkdir()
    for n, (title, body) in enumerate([(headline, "สามผู้สมัครชิงตำแหน่งเลขาธิการ"), ("ข่าวอื่น", "นายสันติ ลงพื้นที่")]):
        (src / f"a{n}.json").write_text(json.dumps({"title": title, "content": body, "date": "2017-06-01"},
                                                   ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    result = Searcher(tmp_path / "ix").search(headline)
    assert result["total"] == 1 and result["hits"][0]["title"] == headline


def test_the_text_as_typed_ranks_above_a_name_written_with_its_space(tmp_path):
    # อุตตมสาวนายน as typed is in one article, once, deep in a long body; the
    # official's name with its space is in the headline of three: the text as
    # typed comes first, the name's spaced form is a variant below it
    spaced = "นายอุตตม สาวนายน รัฐมนตรีว่าการกระทรวงการคลัง"
    articles = [(f"{spaced} ประชุมครั้งที่ {n}", f"{spaced} ชี้แจงมาตรการ {spaced} กล่าว") for n in range(3)]
    articles.append(("ข่าวสังคมออนไลน์", "ผู้ใช้สื่อสังคมออนไลน์ร่วมแสดงความคิดเห็นจำนวนมาก " * 20 + "แฮชแท็กอุตตมสาวนายน"))
    src = tmp_path / "src"
    src.mkdir()
    for n, (title, body) in enumerate(articles):
        (src / f"a{n}.json").write_text(json.dumps({"title": title, "content": body, "date": "2019-08-01"},
                                                   ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    result = Searcher(tmp_path / "ix").search("อุตตมสาวนายน")
    assert result["total"] == 4
    assert result["hits"][0]["title"] == "ข่าวสังคมออนไลน์"
    assert result["interpretation"]["units"][0]["variants"] == ["อุตตม สาวนายน"]


@pytest.mark.parametrize("q", ["โครงการ จังหวัด", "นายกรัฐมนตรี ลงพื้นที่ ประยุทธ์", "ผู้ประสบภัย นายกฯ",
                               "ประธานาธิบดี 2562 เกาหลี", "ชุมชน โครงการพัฒนา", "ยาบ้า -ตำรวจ ผู้ค้า",
                               "การ หารือ", "person:อุตตม หารือ", "title:ข่าว โครงการ"])
@pytest.mark.parametrize("common", [False, True])
def test_an_and_read_rarest_first_answers_as_if_read_in_full(searcher, monkeypatch, q, common):
    # the units of an AND are read rarest first, each only where the rarer ones
    # are: the same articles, total, order and scores as reading every unit whole;
    # also when every form is a common one, kept grouped by article and read per
    # article, its positions only where closeness measures (``find_within``)
    import indexer.matching.evaluate as evaluate
    import indexer.matching.occurrences as occurrences
    import indexer.matching.units as units

    monkeypatch.setattr(units, "NARROW_SHARE", 1.0)  # narrow however many articles the rarer units hold
    if common:
        monkeypatch.setattr(occurrences, "COMMON_OCCURRENCES", 0)
    calls = []
    find_within = units.find_within
    monkeypatch.setattr(units, "find_within", lambda *args: calls.append(1) or find_within(*args))
    forget_results(searcher)
    narrowed = searcher.search(q, size=100)
    assert calls  # the narrowed reading was taken
    monkeypatch.setattr(evaluate, "_resolve_required", lambda *args: set())
    forget_results(searcher)
    whole = searcher.search(q, size=100)
    assert narrowed["total"] == whole["total"]
    assert [(h["id"], h["score"]) for h in narrowed["hits"]] == [(h["id"], h["score"]) for h in whole["hits"]]
    assert narrowed["interpretation"] == whole["interpretation"]
