"""The examples of issue 21, each on a corpus written here: what a Thai reader
finds is found, what only holds a word's letters inside other syllables is not,
and the obvious reading of an unspaced query is never hidden.

The expected articles are written down by hand from reading the Thai, not
computed by the engine.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from indexer.search import Searcher

from .conftest import json_corpus_index

FILLER = "ผู้สื่อข่าวรายงานว่า"
ARTICLES = {
    # อาย (shy) and อายุ (age)
    "shy": ("เด็กหญิงรู้สึกอายเมื่อได้รับรางวัล", "เด็กหญิงยิ้มอายต่อหน้าผู้ชม"),
    "age": ("ผู้สูงอายุรับเบี้ยยังชีพ", "ผู้มีอายุ 60 ปีขึ้นไปลงทะเบียนได้ที่เทศบาล"),
    # ขา (leg) and ขาย (sell)
    "leg": ("นักฟุตบอลเจ็บขาขวา", "แพทย์ตรวจขาของนักกีฬาหลังการแข่งขัน"),
    "sell": ("แม่ค้าขายผลไม้ริมถนน", "ผู้ค้าขายทุเรียนได้ราคาดี"),
    # ข้าว (rice), เข้าวัด, เข้าวงการ
    "rice": ("ชาวนาเก็บเกี่ยวข้าวหอมมะลิ", "ราคาข้าวเปลือกปรับตัวสูงขึ้น"),
    "temple": ("ประชาชนเข้าวัดทำบุญวันพระ", "นักร้องหน้าใหม่เข้าวงการบันเทิง"),
    # ป่า (forest) and เป่า (blow)
    "forest": ("เจ้าหน้าที่ดับไฟป่าบนดอย", "ไฟป่าลุกลามหลายจุด"),
    "blow": ("นักดนตรีเป่าแตรในงานพิธี", "วงโยธวาทิตเป่าเพลงชาติ"),
    # 19 and 2019, covid and COVID-19
    "covid": ("สถานการณ์ COVID-19 ล่าสุด", "ศูนย์บริหารสถานการณ์โควิดรายงานผู้ป่วย COVID-19 รายใหม่"),
    "year": ("เศรษฐกิจปี 2019", "ในปี 2019 การส่งออกชะลอตัว"),
    # a word a reader finds inside the segmenter's tokens
    "project": ("เปิดโครงการพัฒนาแหล่งน้ำ", "1. โครงการพัฒนาแหล่งน้ำ\n2. งานซ่อมถนน\n4. โครงการบัญชียาหลัก"),
    "name": ("นายกฤษศญพงษ์ ศิริ ตรวจงาน", "นายกฤษศญพงษ์ ศิริ อธิบดีกรมทางหลวง ลงพื้นที่"),
    "uttama": ("ประชุมคณะกรรมการ", "โดยมีนายอุตตม สาวนายน รัฐมนตรีว่าการกระทรวงการคลัง เป็นประธาน"),
    # ranks and titles, written out and abbreviated
    "gen-dot": ("พล.อ.ประวิตร วงษ์สุวรรณ ประชุม", "พล.อ.ประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี เป็นประธาน"),
    "gen-full": ("พลเอกประวิตร วงษ์สุวรรณ ตรวจเยี่ยม", "พลเอกประวิตร วงษ์สุวรรณ ตรวจเยี่ยมหน่วยทหาร"),
    "air": ("พล.อ.อ.สุทธิพันธ์ กฤษณคุปต์ ให้สัมภาษณ์", "พล.อ.อ.สุทธิพันธ์ กฤษณคุปต์ ที่ปรึกษา"),
    "police": ("พล.ต.อ.จักรทิพย์ ชัยจินดา แถลงข่าว", "พล.ต.อ.จักรทิพย์ ชัยจินดา ผู้บัญชาการตำรวจแห่งชาติ"),
    "doctor": ("นพ.โสภณ เมฆธน ตรวจโรงพยาบาล", "นพ.โสภณ เมฆธน ปลัดกระทรวงสาธารณสุข"),
    "miss": ("นางสาวสุดารัตน์ ใจดี รับรางวัล", "นางสาวสุดารัตน์ ใจดี นักเรียนดีเด่น"),
    "prof": ("รศ.ดร.สมชาย รักไทย บรรยาย", "รศ.ดร.สมชาย รักไทย อาจารย์มหาวิทยาลัย"),
    # one stray verbatim นายกประยุทธ์, and articles holding its words
    "pm-glued": ("นายกประยุทธ์ลงพื้นที่", "นายกประยุทธ์ลงพื้นที่ตรวจน้ำท่วม"),
    "pm-words-1": ("นายก ประยุทธ์ ประชุมครม.", "นายก ประยุทธ์ จันทร์โอชา เป็นประธานการประชุม"),
    "pm-words-2": ("นายกฯ ประยุทธ์ ตรวจราชการ", "นายกฯ ประยุทธ์ ตรวจราชการจังหวัดสงขลา"),
    "pm-words-3": ("นายกรัฐมนตรีพบประชาชน", "พลเอกประยุทธ์ จันทร์โอชา นายกรัฐมนตรี พบประชาชน"),
    # a rare respelling, a name the index knows beside a common word close to it
    "typo": ("ประยุธ ภู่เทียน ให้สัมภาษณ์", "นายประยุธ ภู่เทียน ประธานชมรม"),
    "anutin": ("อนุทิน ชาญวีรกูล ตรวจโรงพยาบาล", "นายอนุทิน ชาญวีรกูล รัฐมนตรีว่าการกระทรวงสาธารณสุข"),
    # a mark glued before a word (nlpO3 read `(ลดวงเงิน` as `(ล|ดวง|เงิน`), and a word it does
    # not know cut inside its split vowel (`เส|วี|ยง`); a short name is no cut inside `เคียง`
    "budget": ("ครม.ปรับเพิ่ม/ลดวงเงินกู้", "กระทรวงการคลัง (ลดวงเงิน) ตามมติ “ลดภาษี” ให้ประชาชน"),
    "moon": ("ดวงจันทร์เต็มดวง", "ประชาชนชมดวงจันทร์"),
    "wick": ("ชาวบ้านทำเสวียงรักษ์โลก", "ใช้เสวียงไม้ไผ่ใส่เศษใบไม้"),
    "senate": ("เสนาบดีเข้าเฝ้า", "เสนาบดีกระทรวงวังเข้าร่วมพิธี"),
    "side-effect": ("ศ.นพ.ยง ภู่วรวรรณ ชี้แจงเรื่องวัคซีน", "ศ.นพ.ยง ภู่วรวรรณ กล่าวว่า วัคซีนมีผลข้างเคียงน้อยมาก"),
    # positions abbreviated, for the search box
    "governor": ("ผวจ.ขอนแก่น ตรวจน้ำท่วม", "นายสมศักดิ์ ใจมั่น ผวจ.ขอนแก่น สั่งการช่วยเหลือผู้ประสบภัย"),
}
# ประยุทธ์ in many articles (did-you-mean needs 20 times as many); อนุชน in more than อนุทิน
# (numbered from 100: `19` is not in `119`)
for i in range(24):
    ARTICLES[f"pm-{i}"] = (f"พลเอกประยุทธ์ จันทร์โอชา ภารกิจที่ {i + 100}",
                           f"{FILLER} พลเอกประยุทธ์ จันทร์โอชา ประชุมวาระที่ {i + 100}")
for i in range(30):
    ARTICLES[f"youth-{i}"] = (f"อนุชนรุ่นใหม่ ครั้งที่ {i + 100}", f"{FILLER} อนุชนรุ่นใหม่ร่วมกิจกรรมครั้งที่ {i + 100}")


def _records(articles: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """Each (headline, body) as a JSON record of these examples' corpora."""
    return {name: {"title": title, "content": body, "url": f"https://example.test/{name}", "date": "2019-08-26"}
            for name, (title, body) in articles.items()}


@contextmanager
def _own_searcher(tmp_path_factory, name: str, articles: dict[str, tuple[str, str]]) -> Iterator[Searcher]:
    """A searcher of a corpus of `articles` alone, for an example that needs no others."""
    searcher = Searcher(json_corpus_index(tmp_path_factory, name, _records(articles)))
    try:
        yield searcher
    finally:
        searcher.close()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return json_corpus_index(tmp_path_factory, "examples", _records(ARTICLES))


@pytest.fixture(scope="module")
def searcher(index_dir):
    found = Searcher(index_dir)
    yield found
    found.close()


@pytest.fixture(scope="module")
def client(index_dir):
    from webui import create_app

    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def found(searcher, q, **kw) -> set[str]:
    result = searcher.search(q, size=100, **kw)
    names = {h["id"].rsplit("/", 1)[-1] for h in result["hits"]}
    assert result["total"] == len(names), q  # the total counts exactly what is listed
    return names


@pytest.mark.parametrize("q, holders", [
    ("อาย", {"shy"}),             # not in อายุ
    ("อายุ", {"age"}),
    ("ขา", {"leg"}),              # not in ขาย
    ("ขาย", {"sell"}),
    ("ข้าว", {"rice"}),           # not in เข้า|วัด, เข้า|วงการ
    ("ป่า", {"forest"}),          # not in เป่า
    ("เป่า", {"blow"}),
    ("19", {"covid"}),            # COVID-19, not 2019
    ("2019", {"year"}),
    ("covid", {"covid"}),
    ("โครงการ", {"project"}),     # in โครง|การพัฒนา
    ("กฤษศญพงษ์", {"name"}),      # glued to นาย
    ("โดยมีนายอุตตม", {"uttama"}),
    ("อุตตม", {"uttama"}),
    ("ลด", {"budget"}),           # after / ( “
    ("ดวง", {"moon"}),            # not in ลด|วงเงิน
    ("เสวียง", {"wick"}),
    ("เส", {"senate"}),           # in เส|นา, not in เสวียง
    ("เค", set()),                # not in เคียง
    ("ยง", {"side-effect"}),      # the name, not inside เคียง
])
def test_a_word_is_found_where_a_reader_finds_it(searcher, q, holders):
    assert found(searcher, q) == holders


def test_a_title_is_not_found_inside_a_name(searcher):
    # นายก (the prime minister's title) is not in นาย|กฤษศญพงษ์
    assert "name" not in found(searcher, "นายก")


def test_marks_stay_inside_the_reader_cuts(searcher):
    result = searcher.search("ขา")
    marked = re.findall(r"<mark>(.*?)</mark>", result["hits"][0]["snippet"] + result["hits"][0]["title_html"])
    assert marked and set(marked) == {"ขา"}


@pytest.mark.parametrize("q, holders", [
    ("พลเอกประวิตร", {"gen-dot", "gen-full"}),
    ("พล.อ.ประวิตร", {"gen-dot", "gen-full"}),
    ("พล.อ.", {"gen-dot", "gen-full", *(f"pm-{i}" for i in range(24)), "pm-words-3"}),
    ("พลอากาศเอก", {"air"}),
    ("พล.อ.อ.", {"air"}),
    ("พลตำรวจเอกจักรทิพย์", {"police"}),
    ("นายแพทย์โสภณ", {"doctor"}),
    ("นพ.โสภณ", {"doctor"}),
    ("น.ส.สุดารัตน์", {"miss"}),
    ("รองศาสตราจารย์", {"prof"}),
    ("ผู้ว่าฯขอนแก่น", {"governor"}),  # the other short form of ผู้ว่าราชการจังหวัด: ผวจ.
    ("ผู้ว่าฯ ขอนแก่น", {"governor"}),
])
def test_ranks_and_titles_are_variants_both_ways(searcher, q, holders):
    assert found(searcher, q) == holders


def test_a_minister_written_out_is_a_minister(searcher):
    """`รัฐมนตรีว่าการกระทรวงการคลัง` is a `รัฐมนตรีว่าการ` and a `รัฐมนตรี`: a name of an
    office written out is found where it goes on into a longer one (only an abbreviated
    rank is not: `พล.อ.อ.` is no `พล.อ.`). Both were lost, the longer office being
    another rule's full form."""
    ministers = {"uttama", "anutin"}  # รัฐมนตรีว่าการกระทรวงการคลัง, ...สาธารณสุข
    assert found(searcher, "รัฐมนตรีว่าการ") == ministers
    assert ministers <= found(searcher, "รัฐมนตรี")
    assert found(searcher, "รมว.") == ministers


def test_an_agency_is_found_short_and_written_out(tmp_path_factory):
    """News writes agencies short (`ปภ.`, `รพ.`, `ธ.ก.ส.`, `อสม.`) or in full: either finds
    both, and a short form finds its sibling (`ผู้ว่าฯ` and `ผวจ.`)."""
    articles = {
        "full": ("กรมป้องกันและบรรเทาสาธารณภัยเตือนพายุ",
                 "กรมป้องกันและบรรเทาสาธารณภัยประสานโรงพยาบาลและธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"
                 " ให้อาสาสมัครสาธารณสุขประจำหมู่บ้านช่วยประชาชน ผู้ว่าราชการจังหวัดสั่งการ"),
        "short": ("ปภ.เตือนพายุ", "ปภ.ประสานรพ.และธ.ก.ส. ให้อสม.ช่วยประชาชน ผวจ.สั่งการ"),
        "other": ("ผู้ว่าฯ ตรวจงาน", "ผู้ว่าฯ ตรวจงานก่อสร้างถนน"),
    }
    with _own_searcher(tmp_path_factory, "agencies", articles) as searcher:
        for short, full in (("ปภ.", "กรมป้องกันและบรรเทาสาธารณภัย"), ("รพ.", "โรงพยาบาล"),
                            ("ธ.ก.ส.", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"),
                            ("อสม.", "อาสาสมัครสาธารณสุขประจำหมู่บ้าน")):
            assert found(searcher, short) == found(searcher, full) == {"full", "short"}, short
        assert found(searcher, "ผวจ.") == found(searcher, "ผู้ว่าฯ") == {"full", "short", "other"}


def test_the_finance_minister_abbreviated_is_the_finance_minister_written_out(searcher):
    """`รมว.คลัง` is `รัฐมนตรีว่าการกระทรวงการคลัง` (the ministry's name begins with การ,
    which the abbreviation drops): found as written out, not only by its words."""
    result = searcher.search("รมว.คลัง", size=100)
    assert {h["id"].rsplit("/", 1)[-1] for h in result["hits"]} == {"uttama"}
    unit = result["interpretation"]["units"][0]
    assert unit["match"] == "exact" and "รัฐมนตรีว่าการกระทรวงการคลัง" in unit["variants"]


def test_a_rank_never_matches_the_start_of_a_longer_one(searcher):
    # พล.อ. (general) is not the start of พล.อ.อ. (air chief marshal)
    assert "air" not in found(searcher, "พล.อ.")
    assert "air" not in found(searcher, "พลเอก")


def test_the_words_reading_follows_a_stray_verbatim_match(searcher):
    result = searcher.search("นายกประยุทธ์", size=10)
    names = [h["id"].rsplit("/", 1)[-1] for h in result["hits"]]
    # the one verbatim match first, then the articles holding นายก and ประยุทธ์
    # (นายกฯ and นายกรัฐมนตรี read as นายก's variants)
    assert names[0] == "pm-glued" and result["hits"][0]["reading"] == "exact"
    assert result["counts"] == {"exact": 1, "words": result["total"] - 1}
    assert {"pm-words-1", "pm-words-2", "pm-words-3"} <= set(names[1:])
    assert all(h["reading"] == "words" for h in result["hits"][1:])
    assert result["interpretation"]["units"][0]["match"] == "exact+words"


def test_the_words_reading_keeps_the_variants_of_an_abbreviation(searcher):
    glued = found(searcher, "นายกฯประยุทธ์")
    assert {"pm-words-2", "pm-words-3"} <= glued  # นายกฯ, and นายกรัฐมนตรี written out
    # but not the bare นายก: `นายกฯ` is not the นายก of `นายก อบต.`
    assert "pm-words-1" not in glued


def test_the_words_reading_is_offered_when_verbatim_matches_fill_the_page(searcher):
    result = searcher.search("นายกประยุทธ์", size=1)
    assert result["total"] == 1 and result["counts"] == {"exact": 1, "words": 0}
    offer = result["words_reading"]
    assert offer["query"] == "นายก ประยุทธ์" and offer["total"] == searcher.search("นายก ประยุทธ์")["total"] > 1


@pytest.mark.parametrize("q, articles, hits, words", [
    # `โครงการพัฒนา`, a development project: newmm cuts it `โครง|การพัฒนา` (a frame | the
    # development); the words reading finds the project and the developing written apart,
    # not a structure of development
    ("โครงการพัฒนา", {
        "glued": ("เปิดโครงการพัฒนาแหล่งน้ำ", "กรมชลประทานเปิดโครงการพัฒนาแหล่งน้ำในจังหวัดขอนแก่น"),
        "apart": ("โครงการนี้จะพัฒนาแหล่งน้ำในชุมชน", "ชาวบ้านร่วมโครงการซึ่งมุ่งพัฒนาอาชีพ"),
        "structure": ("โครงสร้างของการพัฒนาเมือง", "นักวิชาการวิจารณ์โครงสร้างการพัฒนาประเทศ"),
    }, ["glued", "apart"], ["โครงการ", "พัฒนา"]),
    # `รองนายกฯประวิตร`, the deputy prime minister Prawit: found as the deputy prime
    # minister written out, not where the prime minister (`นายกฯ`), a deputy governor
    # (`รอง...`) and he are named apart
    ("รองนายกฯประวิตร", {
        "glued": ("รองนายกฯประวิตรลงพื้นที่", "รองนายกฯประวิตรลงพื้นที่ตรวจน้ำท่วมจังหวัดอุบลราชธานี"),
        "deputy": ("พล.อ.ประวิตร วงษ์สุวรรณ ตรวจน้ำท่วม", "พล.อ.ประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี ตรวจน้ำท่วม"),
        "apart": ("นายกฯ สั่งการแก้น้ำท่วม", "นายกฯ สั่งการให้รองผู้ว่าราชการจังหวัดประชุมร่วมกับ พล.อ.ประวิตร"),
    }, ["glued", "deputy"], ["รองนายกฯ", "ประวิตร"]),
])
def test_past_a_stray_verbatim_match_a_glued_unit_is_read_as_a_readers_words(tmp_path_factory, q, articles,
                                                                              hits, words):
    """Past its one verbatim match, a glued unit is read as the words a reader reads in it."""
    with _own_searcher(tmp_path_factory, "glued-words", articles) as searcher:
        result = searcher.search(q)
        assert [h["id"].rsplit("/", 1)[-1] for h in result["hits"]] == hits
        assert result["counts"] == {"exact": 1, "words": len(hits) - 1}
        offer = searcher.search(q, size=1)["words_reading"]
        assert offer["words"] == words and offer["query"] == " ".join(words)


def test_did_you_mean_a_far_more_common_spelling(searcher):
    assert searcher.search("ประยุธ")["suggestion"] == "ประยุทธ์"


def test_did_you_mean_never_replaces_a_name_the_index_knows(searcher):
    result = searcher.search("อนุทิน")
    assert result["total"] == 1 and result["suggestion"] is None


def test_suggestions_show_the_text_as_written_and_find_it(searcher):
    groups = searcher.suggestions("ผวจ", grouped=True)
    texts = {item["text"]: item["count"] for items in groups.values() for item in items}
    assert "ผวจ.ขอนแก่น" in texts and "ผวจขอนแก่น" not in texts
    for text, count in texts.items():
        assert searcher.search(text)["total"] == count > 0, text


def test_the_article_page_marks_every_counted_occurrence(searcher):
    page = searcher.article("https://example.test/project", "โครงการ")
    marks = sum(html.count("<mark>") for html in [page["title_html"], *page["body_html"]])
    # the headline's, and each numbered line's (`4. โครงการบัญชียาหลัก` included)
    assert marks == page["match_count"] == 3
    assert "<mark>โครงการ</mark>บัญชียาหลัก" in page["body_html"][-1]


def test_a_short_name_is_marked_where_it_is_and_not_inside_a_word(searcher):
    page = searcher.article("https://example.test/side-effect", "ยง")
    marks = sum(html.count("<mark>") for html in [page["title_html"], *page["body_html"]])
    assert marks == page["match_count"] == 2  # the name, twice; not the ยง of ผลข้างเคียง
    assert "ผลข้างเคียง" in page["body_html"][-1]


def _prefixes(texts: list[str], count: int, seed: int = 21) -> list[str]:
    """`count` random prefixes of the space-separated chunks of `texts` (glued names with
    their titles, positions, headline words), as a user starts typing them."""
    rng = random.Random(seed)
    chunks = sorted({c for t in texts for c in t.split() if len(c) >= 2})
    out = []
    for _ in range(count):
        chunk = rng.choice(chunks)
        out.append(chunk[:rng.randint(1, len(chunk))])
    return out


def _check_suggestions(searcher, prefixes: list[str]) -> int:
    shown = 0
    for prefix in prefixes:
        for items in searcher.suggestions(prefix, grouped=True).values():
            for item in items:
                shown += 1
                total = searcher.search(item["text"])["total"]
                assert total == item["count"] > 0, (prefix, item)
    return shown


def test_every_suggestion_finds_what_it_says(searcher):
    texts = [t for pair in ARTICLES.values() for t in pair]
    assert _check_suggestions(searcher, _prefixes(texts, 300)) > 100


@pytest.mark.corpus
def test_every_suggestion_finds_what_it_says_on_real_news(sample_index):
    from .conftest import stored_articles

    texts = [a.get("title") or "" for a in stored_articles(sample_index)]
    found = Searcher(sample_index)
    try:
        assert _check_suggestions(found, _prefixes(texts, 300)) > 300
    finally:
        found.close()


def test_the_page_shows_the_two_parts_apart(client, searcher):
    total = searcher.search("นายกประยุทธ์")["total"]
    html = client.get("/?q=นายกประยุทธ์").get_data(as_text=True)
    assert f"1 ตรงตัว · {total - 1:,} มีทุกคำ" in html
    # the verbatim match, then the words part under its own heading, in its own list
    first, _, rest = html.partition('class="part-heading"')
    assert "pm-glued" in first and "pm-glued" not in rest
    assert "ข่าวที่มีครบทุกคำ (นายก + ประยุทธ์)" in rest and "pm-words-1" in rest
    assert re.search(r'<ol class="hits by-words" start="2">', rest)


def test_the_page_offers_the_words_reading_when_the_verbatim_matches_fill_it(client):
    html = client.get("/?q=นายกประยุทธ์&size=1").get_data(as_text=True)
    assert "ค้นแบบแยกคำ" in html and "นายก ประยุทธ์" in html and 'class="part-heading"' not in html


def test_the_article_page_count_is_its_marks(client):
    html = client.get("/article/https://example.test/project?q=โครงการ").get_data(as_text=True)
    marks = re.findall(r'<mark id="m(\d+)"', html)
    assert "พบคำค้น 3 แห่ง" in html and marks == ["1", "2", "3"]


def test_the_article_api_marks_the_query(client):
    data = client.get("/api/article/https://example.test/project?q=โครงการ").get_json()
    assert data["match_count"] == 3 and "<mark>โครงการ</mark>" in data["title_html"]
    plain = client.get("/api/article/https://example.test/project").get_json()
    assert plain["match_count"] == 0 and "<mark>" not in plain["title_html"]


def test_people_suggestions_show_their_role(searcher):
    people = searcher.suggestions("สมศักดิ์", grouped=True)["people"]
    assert people and people[0]["text"] == "สมศักดิ์ ใจมั่น" and people[0]["role"] == "ผวจ.ขอนแก่น"
