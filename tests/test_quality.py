"""Thai search semantics (issue 3), pinned on small real-Thai corpora."""

from __future__ import annotations

import json
import re

import pytest

from indexer.index.analysis import analyse
from indexer.index.build import build_index
from indexer.search import Searcher
from indexer.search.probes import search_ids
from indexer.search.snippets import Highlighter

ARTICLES = [
    ("a-meeting", "กระทรวงจัดการประชุมใหญ่", "วันจันทร์ที่ 5 มิถุนายน 2560 กระทรวงมหาดไทยจัดการประชุมผู้บริหารระดับสูง ณ ทำเนียบรัฐบาล"),
    ("b-word", "ประชุม ครม. นัดพิเศษ", "คณะรัฐมนตรี ประชุม นัดพิเศษ เพื่อพิจารณางบประมาณ"),
    ("c-pm", "นายกรัฐมนตรีลงพื้นที่", "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ลงพื้นที่จังหวัดสงขลา เมื่อวันจันทร์ที่ 3 กรกฎาคม 2560"),
    ("d-monday", "กิจกรรมวันจันทร์", "วันจันทร์ที่ 10 กรกฎาคม 2560 โรงเรียนจัดกิจกรรมหน้าเสาธง นักเรียนร่วมร้องเพลงชาติ"),
    ("e-abbrev", "ผวจ.สงขลา ตรวจเยี่ยมโรงพยาบาล", "ผวจ.สงขลา ตรวจเยี่ยมโรงพยาบาลหาดใหญ่ พร้อมมอบสิ่งของ"),
    ("f-gap", "ลดความเหลื่อมล้ำทางสังคม", "รัฐบาลเดินหน้าลดความเหลื่อมล้ำทางสังคม ด้วยโครงการสวัสดิการแห่งรัฐ"),
    ("g-radio", "วิทยวิธีการสอน", "ครูนำเสนอวิทยวิธีการสอนแบบใหม่"),
    ("h-radio2", "สถานีวิทยุชุมชน", "สถานีวิทยุชุมชนกระจายข่าวสารให้ประชาชน"),
    ("i-latin", "COVID-19 สถานการณ์ล่าสุด", "ศูนย์บริหารสถานการณ์ COVID-19 รายงานผู้ติดเชื้อรายใหม่"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    src = tmp_path_factory.mktemp("quality-src")
    for name, title, body in ARTICLES:
        (src / f"{name}.json").write_text(
            json.dumps({"title": title, "content": body, "url": f"https://example.test/{name}"},
                       ensure_ascii=False), encoding="utf-8")
    ix = tmp_path_factory.mktemp("quality-ix")
    build_index([src], ix, progress=False)
    return Searcher(ix)


def ids(result):
    return [h["id"].rsplit("/", 1)[-1] for h in result["hits"]]


def test_subword_recall_and_whole_word_first(searcher):
    found = ids(searcher.search("ประชุม"))
    assert set(found) == {"a-meeting", "b-word"}
    assert found[0] == "b-word"  # whole word above `การประชุม`


def test_unit_matches_across_word_boundaries(searcher, seed_index):
    seed = Searcher(seed_index)
    # the seed writes การประชุม|เชิงปฏิบัติการ; the query segments ประชุม|เชิงปฏิบัติการ
    assert seed.search("ประชุมเชิงปฏิบัติการ")["total"] == 1
    assert seed.search("หนูรอต")["total"] == 1
    assert seed.search("วรณัฐ หนูรอต")["total"] == 1


def test_surname_does_not_light_up_weekdays(searcher):
    result = searcher.search("ประยุทธ์ จันทร์โอชา")
    assert ids(result) == ["c-pm"]
    snippet = result["hits"][0]["snippet"]
    assert "<mark>จันทร์โอชา</mark>" in snippet
    assert "วัน<mark>จันทร์</mark>" not in snippet


def test_one_mark_per_unit(searcher):
    snippet = searcher.search("ผู้ว่าราชการจังหวัดสงขลา")["hits"][0]["snippet"]
    assert snippet.count("<mark>") >= 1
    assert "</mark><mark>" not in snippet


def test_abbreviations_both_ways(searcher, seed_index):
    assert "e-abbrev" in ids(searcher.search("ผู้ว่าราชการจังหวัดสงขลา"))
    assert Searcher(seed_index).search("ผวจ.สงขลา")["total"] == 1  # seed body has the full form
    assert "b-word" in ids(searcher.search("คณะรัฐมนตรี"))
    assert "b-word" in ids(searcher.search("ครม."))
    assert "c-pm" in ids(searcher.search("นรม."))


def test_relaxation_follows_exact(seed_index):
    result = Searcher(seed_index).search("ผู้ว่าสงขลา")
    assert result["total"] == 1 and result["relaxed"] == ["ผู้ว่าสงขลา"]


def test_typing_part_of_a_word(searcher):
    # a whole syllable of a word is found; a syllable cut short is no cut a reader makes
    assert ids(searcher.search("เหลื่อม")) == ["f-gap"]
    assert ids(searcher.search("เหลื่")) == []


def test_marks_are_never_dropped(searcher):
    assert ids(searcher.search("วิทยุ")) == ["h-radio2"]
    assert ids(searcher.search("วิทยวิธี")) == ["g-radio"]


def test_latin_is_case_insensitive(searcher):
    assert ids(searcher.search("covid")) == ["i-latin"]
    assert ids(searcher.search("Covid-19")) == ["i-latin"]


def test_headline_query_puts_the_article_first(searcher):
    assert ids(searcher.search("ผวจ.สงขลา ตรวจเยี่ยมโรงพยาบาล"))[0] == "e-abbrev"
    assert ids(searcher.search("ลดความเหลื่อมล้ำทางสังคม"))[0] == "f-gap"


def test_did_you_mean_a_missing_tone_mark(searcher):
    result = searcher.search("ความเหลือมล้ำ")
    assert result["suggestion"] == "ความเหลื่อมล้ำ"


def test_operators(searcher):
    assert set(ids(searcher.search("ประชุม -งบประมาณ"))) == {"a-meeting"}
    assert set(ids(searcher.search('title:ประชุม'))) == {"a-meeting", "b-word"}
    assert set(ids(searcher.search("วิทยุ OR วิทยวิธี"))) == {"g-radio", "h-radio2"}
    assert ids(searcher.search('"ประยุทธ์ จันทร์โอชา"')) == ["c-pm"]


# --- snippets ---------------------------------------------------------------

THAI_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e33"


def marks(*units: str) -> Highlighter:
    """A highlighter of plain texts, one unit each."""
    return Highlighter([[(text, ())] for text in units])


def snippet_of(highlighter: Highlighter, text: str) -> tuple[str, bool]:
    """A snippet with the bounds and cuts the build would give `text`."""
    analysed = analyse("", text)
    return highlighter.snippet(text, analysed.body_bounds, analysed.body_cuts)


def spans_of(highlighter: Highlighter, text: str):
    return highlighter.spans(text, analyse("", text).body_cuts)


def test_snippet_fragments_and_length(seed_index):
    searcher = Searcher(seed_index)
    text = searcher.article(searcher.search("หนูรอต")["hits"][0]["id"])["body"]
    snippet, matched = snippet_of(marks("หนูรอต", "ยุทธศาสตร์ชาติ"), text)
    assert matched
    plain = re.sub(r"</?mark>", "", snippet)
    assert 1 <= plain.count("…") <= 4
    assert len(plain) <= 320
    assert "<mark>หนูรอต</mark>" in snippet
    for piece in re.split(r"</?mark>| … |… | …", snippet):
        if piece:
            assert piece[0] not in THAI_MARKS, piece


def test_marks_are_where_a_reader_cuts():
    # a whole syllable is marked, a syllable cut short or the letters inside another never
    assert spans_of(marks("เหลื่อม"), "ลดความเหลื่อมล้ำ") == [[(6, 13)]]
    assert spans_of(marks("เหลื"), "ลดความเหลื่อมล้ำ") == [[]]
    assert spans_of(marks("กา"), "เกาะสมุย") == [[]]
    assert spans_of(marks("อาย"), "คนอายุมาก ไม่อาย") == [[(13, 16)]]


def test_snippet_escapes_document_text():
    snippet, _ = snippet_of(marks("สงขลา"), '<script>alert("x")</script> จังหวัดสงขลา & <FOR MY DEAR>')
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "&amp;" in snippet and "&lt;FOR MY DEAR&gt;" in snippet


def test_snippet_leaves_out_lines_that_are_not_prose_and_repeats():
    text = ("-----------------\n#ข่าวสงขลา #ภาคใต้\nhttps://example.com/a/b\n"
            "ผู้ว่าราชการจังหวัดสงขลา เป็นประธานเปิดงาน\n"
            "ผู้ว่าราชการจังหวัดสงขลา เป็นประธานเปิดงาน\n")
    snippet, matched = snippet_of(marks("สงขลา"), text)
    assert matched
    assert "---" not in snippet and "#" not in snippet and "https" not in snippet
    assert snippet.count("เป็นประธานเปิดงาน") == 1
    first, _ = snippet_of(marks("ไม่มี"), text)
    assert first.startswith("… ผู้ว่าราชการ") and "---" not in first


def test_pasted_headline_punctuation_is_not_an_operator(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i, (title, body) in enumerate([
        ("รมต. นร. นายเทวัญ ฯ พอใจมาตรการดูแล", "นายเทวัญ ลิปตพัลลภ รัฐมนตรีประจำสำนักนายกรัฐมนตรี"),
        ("อนุมัติงบแก้ประมงผิดกฎหมาย - ป้องกันทำผิดซ้ำ", "ครม. อนุมัติงบประมาณ"),
        ("ข่าวสุขภาพ", "- โรคไตเรื้อรัง และ -เด็กอายุต่ำกว่า 5 ปี"),
    ]):
        (src / f"{i}.json").write_text(json.dumps({"title": title, "content": body, "url": f"https://example.test/{i}"},
                                                  ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    searcher = Searcher(tmp_path / "ix")
    # a lone ฯ and a spaced dash in a pasted headline are text, not operators
    assert ids(searcher.search("รมต. นร. นายเทวัญ ฯ พอใจมาตรการดูแล")) == ["0"]
    assert ids(searcher.search("อนุมัติงบแก้ประมงผิดกฎหมาย - ป้องกันทำผิดซ้ำ")) == ["1"]
    # a dash glued to the only word is the bullet it was pasted with
    assert ids(searcher.search("-โรคไตเรื้อรัง")) == ["2"]
    # with another word, `-word` still excludes
    assert ids(searcher.search("ข่าวสุขภาพ -โรคไตเรื้อรัง")) == []


def test_units_typed_with_marks_the_index_drops_match_as_typed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    docs = [("ข่าวหนึ่ง", "รัฐมนตรีเข้าร่วมพิธี เข้าร่วมพิธี เข้าร่วมพิธี ที่ทำเนียบ"),
            ("ข่าวสอง", "ผู้ว่าราชการจังหวัดเข้าร่วมพิธี และเข้าร่วมพิธี อีกครั้ง"),
            ("ข่าวสาม", "ประธานในพิธี นายกรัฐมนตรีเข้าร่วมพิธีฯ ณ ทำเนียบรัฐบาล")]
    for i, (title, body) in enumerate(docs):
        (src / f"{i}.json").write_text(json.dumps({"title": title, "content": body, "url": f"https://example.test/{i}"},
                                                  ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    searcher = Searcher(tmp_path / "ix")
    plain = ids(searcher.search("เข้าร่วมพิธี"))
    assert set(plain) == {"0", "1", "2"}
    # typed with ฯ: only the article that holds it as typed (a mark never
    # degrades to the bare stem, as `นายกฯ` is not the `นายก` of `นายกอบต.`)
    assert ids(searcher.search("เข้าร่วมพิธีฯ")) == ["2"]
    assert search_ids(searcher, "เข้าร่วมพิธีฯ") == ["https://example.test/2"]
    assert searcher.search("เข้าร่วมพิธีฯ")["total"] == 1


def test_a_word_is_found_where_a_reader_finds_it_never_across_syllables(tmp_path):
    """`วงการ` is a word in `ใน วงการ กีฬา`, but `ช่วง|การแข่งขัน` only holds its letters,
    across a syllable: with or without a filter, only the word is found and marked."""
    src = tmp_path / "src"
    src.mkdir()
    for name, body in (("cross", "วันพฤหัสบดีที่ 20 กรกฎาคม 2560 ในช่วงการแข่งขันกีฬาสีของโรงเรียน ผู้ปกครองมาเชียร์"),
                       ("whole", "วันศุกร์ที่ 21 กรกฎาคม 2560 ความเคลื่อนไหวในวงการกีฬาไทย"),
                       ("other", "วันเสาร์ที่ 22 กรกฎาคม 2560 โรงเรียนจัดกิจกรรมหน้าเสาธง")):
        (src / f"{name}.json").write_text(json.dumps({"title": f"ข่าว {name}", "content": body,
                                                      "url": f"https://example.test/{name}"},
                                                     ensure_ascii=False), encoding="utf-8")
    build_index([src], tmp_path / "ix", progress=False)
    searcher = Searcher(tmp_path / "ix")
    filtered = searcher.search("วงการ", date_from="2017-07-01", date_to="2017-07-31")
    assert ids(filtered) == ["whole"] and filtered["total"] == 1
    assert "<mark>วงการ</mark>" in filtered["hits"][0]["snippet"]
    assert search_ids(searcher, "วงการ", "2017-07-01", "2017-07-31") == ["https://example.test/whole"]
    assert ids(searcher.search("วงการ")) == ["whole"]
    assert ids(searcher.search('"วงการ"')) == ["whole"]


def test_marks_read_around_fragments_are_the_whole_texts():
    # a snippet reads its marks only around its fragments (``_marks_within``): the
    # rendering of every fragment is the same as with the whole text's marks, for
    # texts that overlap themselves (`นานา`), across spaces, after a longer title's
    # lookahead (`พล.อ.` not in `พล.อ.อ.`), and fragments deep in a long text
    import random

    from indexer.search.snippets import _merged, _render

    rng = random.Random(7)
    words = ["นา", "นานา", "ให้", "มี", "การ", "ประชุม", "การ ประชุม", "พล.อ.", "อ.", "ประวิตร", " ", " ", "\n", "ขอ",
             "ไม่"]
    units = [[("นานา", ())], [("ให้", ()), ("ให้มี", ())], [("พล.อ.", ("อ.",))], [("การ ประชุม", ())],
             [("นา", ())]]
    highlighter = Highlighter(units)
    for _ in range(300):
        text = "".join(rng.choice(words) for _ in range(rng.randint(5, 400)))
        cuts = analyse("", text).body_cuts
        edges = cuts.tobytes()
        whole = _merged(highlighter.spans(text, cuts))
        windows: list[list[int]] = []
        at = 0
        while at < len(text) and len(windows) < 3:
            lo = rng.randint(at, len(text))
            hi = min(len(text), lo + rng.randint(1, 200))
            windows.append([lo, hi])
            at = hi + 1
        if not windows:
            continue
        near = highlighter._marks_within(text, edges, windows)
        for lo, hi in windows:
            assert _render(text, lo, hi, near) == _render(text, lo, hi, whole), (text, lo, hi)
