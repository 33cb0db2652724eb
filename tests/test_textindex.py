"""The substring index beside each Whoosh segment: written with the segment, copied by
merges, blind to deleted articles, exact for characters outside its one-byte form."""

from __future__ import annotations

import json

import numpy as np
from whoosh import index as whoosh_index

from indexer.index.build import build_index
from indexer.index.textcodec import OTHER, encode
from indexer.index.textindex import PEOPLE_HI, PEOPLE_LO, SegmentText
from indexer.search import Searcher
from indexer.search.probes import search_ids
from indexer.settings import SMALL_SEGMENTS

from .conftest import stored_articles


def _write(folder, name, title, body, date="2019-08-26"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(
        {"title": title, "content": body, "url": f"https://example.test/{name}", "date": date},
        ensure_ascii=False), encoding="utf-8")


def _segments(ix):
    return whoosh_index.open_dir(str(ix))._segments()


def test_encode_gives_one_byte_a_character():
    assert encode("ผวจ.สงขลา") == "ผวจ.สงขลา".encode("cp874")
    assert encode("COVID-19") == b"covid-19"
    assert encode("é😀中") == bytes([OTHER, OTHER, OTHER])
    assert len(encode("ก้าว\n")) == 5


def test_each_segment_has_its_substring_index(tmp_path):
    _write(tmp_path / "src", "a", "ข่าวหนึ่ง", "โดยมีนายอุตตม สาวนายน เป็นประธาน")
    build_index([tmp_path / "src"], tmp_path / "ix", progress=False)
    (segment,) = _segments(tmp_path / "ix")
    text = SegmentText.open(tmp_path / "ix", segment.segment_id())
    assert len(text) == 1
    start, title_len, body_len = text.article_text(0)
    assert text.text[start:start + title_len].tobytes() == encode("ข่าวหนึ่ง")
    lo, hi = text.find(encode("นายอุตตม"))
    assert hi - lo == 1 and text.sadoc[lo] == 0
    # the name is kept whole by the segmentation: a word begins and ends around it
    at = int(text.sa[lo]) + len("นาย")
    assert text.is_bound(np.array([at, at + len("อุตตม")])).all()
    row = text.docs[0]
    assert [text.people[i] for i in text.mentions[row[PEOPLE_LO]:row[PEOPLE_HI]]] == ["อุตตม สาวนายน"]


def test_suffix_flags_agree_with_the_text_order_bounds_and_cuts(tmp_path):
    """The suffix array holds exactly the suffixes that start at a reader's cut, and
    ``saflags`` answer, a slice per unit, what the bounds, the cuts and the headline
    ranges say occurrence by occurrence: for short units from the flags alone, for long
    ones (FLAG_REACH bytes and more) with the end read from the bit arrays."""
    _write(tmp_path / "src", "a", "นายกรัฐมนตรีเปิดโครงการพัฒนา",
           "นายกรัฐมนตรีเดินทางไปจังหวัดสงขลา โครงการพัฒนาฝีมือแรงงานของนายกรัฐมนตรี การพัฒนา อายุ")
    _write(tmp_path / "src", "b", "ข่าวการพัฒนาจังหวัด", "ผู้ว่าราชการจังหวัดสงขลาเปิดโครงการ พัฒนาการเด็ก 2019")
    build_index([tmp_path / "src"], tmp_path / "ix", progress=False)
    (segment,) = _segments(tmp_path / "ix")
    text = SegmentText.open(tmp_path / "ix", segment.segment_id())
    # the sparse suffix array: every suffix starting at a cut (white space and the
    # separators aside), in order, and no other
    size = len(text.text)
    starts = np.flatnonzero(text.cut_bits(0, size) & ~np.isin(text.text, [0, 1, 0x20, 0x0A]))
    assert sorted(text.sa.tolist()) == starts.tolist()
    suffixes = [text.text[s:].tobytes() for s in text.sa.tolist()]
    assert suffixes == sorted(suffixes)
    title_ranges = [(int(s), int(s) + int(t)) for s, t, _ in (text.article_text(d) for d in range(len(text)))]
    units = ["การ", "พัฒนา", "จังหวัด", "นายกรัฐมนตรี", "โครงการพัฒนา", "ผู้ว่าราชการจังหวัดสงขลา", "อา", "อาย",
             "20", "2019"]
    checked = 0
    for unit in units:
        pattern = encode(unit)
        lo, hi = text.find(pattern)
        starts = text.sa[lo:hi].astype(np.int64)
        assert text.is_cut(starts).all(), unit
        expected = text.is_bound(starts) & text.is_bound(starts + len(pattern))
        assert (text.whole_words(lo, hi, len(pattern)) == expected).all(), unit
        assert (text.ends_at_cut(lo, hi, len(pattern)) == text.is_cut(starts + len(pattern))).all(), unit
        in_title = [any(a <= s < b for a, b in title_ranges) for s in starts]
        assert text.in_headline(lo, hi).tolist() == in_title, unit
        checked += hi - lo
    assert checked > 20
    lo, hi = text.find(encode("ผู้ว่าราชการจังหวัดสงขลา"))  # longer than FLAG_REACH
    assert hi - lo == 1 and text.whole_words(lo, hi, len(encode("ผู้ว่าราชการจังหวัดสงขลา"))).all()
    assert text.ends_at_cut(lo, hi, len(encode("ผู้ว่าราชการจังหวัดสงขลา"))).all()
    lo, hi = text.find(encode("อาย"))  # อา|ยุ: it occurs, but never ends at a cut
    assert hi > lo and not text.ends_at_cut(lo, hi, 3).any()
    lo, hi = text.find(encode("20"))  # inside 2019: no suffix starts there that ends at a cut
    assert hi > lo and not text.ends_at_cut(lo, hi, 2).any()
    assert text.find(encode("ัฒ")) == (0, 0)  # no suffix starts on a vowel mark
    assert text.bound_bits(0, 0).tolist() == []
    assert text.bound_bits(3, 40).tolist() == text.is_bound(np.arange(3, 40)).tolist()
    assert text.cut_bits(3, 40).tolist() == text.is_cut(np.arange(3, 40)).tolist()


def _stored_texts(ix) -> dict[str, tuple[str, str]]:
    """Every live article's headline and body as Whoosh keeps them, by id."""
    return {a["id"]: (a.get("title", ""), a["body"]) for a in stored_articles(ix)}


def _index_texts(ix) -> dict[str, tuple[str, str]]:
    """Every live article's headline and body as the substring index gives them back, by id."""
    out = {}
    for reader, _ in whoosh_index.open_dir(str(ix)).reader().leaf_readers():
        text = SegmentText.open(ix, reader.segment().segment_id())
        for d in reader.all_doc_ids():
            out[reader.stored_fields(d)["id"]] = text.article_strings(d)
    return out


TRICKY = [
    ("COVID-19 ระบาด", "WHO แถลง COVID-19\nASEAN Summit ครั้งที่ 35 ณ กรุงเทพฯ"),
    ("Café เปิดใหม่ 😀", "ร้าน Café 😀 ริมน้ำ\tเปิด 08:00 น.\r\nโทร. 0-2123-4567 中文 ÀÉÎ"),
    ("ข่าว\u00a0ไม่มีอักษรอังกฤษ", "ผู้ว่าราชการจังหวัดสงขลา\u200bเป็นประธาน ฿1,000 €5 ๑๒๓"),
    ("", "no headline, ALL CAPS AND lower, MiXeD cAsE, x\x7fy, İstanbul ǅ ß"),
]


def test_the_substring_index_gives_the_text_back_as_stored(tmp_path):
    """Result lines read an article from the substring index: exactly the stored text,
    capitals, emoji, other scripts, control characters and all, after merges too."""
    src = tmp_path / "src"
    for i, (title, body) in enumerate(TRICKY):
        _write(src, f"t{i}", title, body)
    build_index([src], tmp_path / "ix", progress=False)
    stored = _stored_texts(tmp_path / "ix")
    assert len(stored) == len(TRICKY) and _index_texts(tmp_path / "ix") == stored
    for n in range(SMALL_SEGMENTS + 2):  # small segments merge: their text is copied
        _write(src, f"add{n}", f"ข่าว ABC {n}", f"เนื้อหา XYZ {n} 😀 Ω")
        build_index([src], tmp_path / "ix", progress=False)
    stored = _stored_texts(tmp_path / "ix")
    assert len(stored) == len(TRICKY) + SMALL_SEGMENTS + 2 and _index_texts(tmp_path / "ix") == stored
    assert any("COVID-19" in body for _, body in stored.values())


def test_updates_merge_small_segments_and_keep_every_answer(tmp_path):
    src = tmp_path / "src"
    _write(src, "base", "ข่าวหลัก", "กระทรวงเปิดโครงการพัฒนาฝีมือแรงงาน")
    build_index([src], tmp_path / "ix", progress=False)
    for n in range(SMALL_SEGMENTS + 2):
        _write(src, f"add{n}", f"ข่าวเพิ่ม{n}", f"จังหวัดจัดโครงการอนุรักษ์ป่าชายเลน ครั้งที่ {n}")
        build_index([src], tmp_path / "ix", progress=False)
    assert len(_segments(tmp_path / "ix")) <= SMALL_SEGMENTS
    build_index([src], tmp_path / "fresh", progress=False)
    grown, fresh = Searcher(tmp_path / "ix"), Searcher(tmp_path / "fresh")
    for q in ("โครงการ", "อนุรักษ์ป่า", "ครั้งที่ 3", "นายก", "ข่าวเพิ่ม5"):
        assert sorted(search_ids(grown, q, limit=100)) == sorted(search_ids(fresh, q, limit=100)), q
        assert grown.search(q)["total"] == fresh.search(q)["total"], q


def test_replaced_and_removed_articles_are_not_found(tmp_path):
    src = tmp_path / "src"
    _write(src, "a", "ข่าวเก่า", "ข้อความเดิมที่จะถูกแทนที่")
    _write(src, "b", "ข่าวอื่น", "ข้อความอื่น")
    build_index([src], tmp_path / "ix", progress=False)
    _write(src, "a", "ข่าวใหม่", "ข้อความใหม่ล่าสุด")
    (src / "b.json").unlink()
    build_index([src], tmp_path / "ix", prune=True, progress=False)
    searcher = Searcher(tmp_path / "ix")
    assert searcher.search("ข้อความเดิม")["total"] == 0
    assert searcher.search("ข้อความอื่น")["total"] == 0
    assert searcher.search("ข้อความใหม่")["total"] == 1
    assert searcher.search("")["total"] == 1


def test_characters_outside_the_one_byte_form_are_checked_in_the_index(tmp_path):
    src = tmp_path / "src"
    _write(src, "cafe", "Café เปิดใหม่", "ร้าน Café 😀 ริมน้ำ")
    _write(src, "cafa", "Cafà เปิดใหม่", "ร้าน Cafà 😃 ริมน้ำ 中文")
    _write(src, "zh", "ข่าวจีน", "ประชุม 中国 文化")
    build_index([src], tmp_path / "ix", progress=False)
    (segment,) = _segments(tmp_path / "ix")
    others = SegmentText.open(tmp_path / "ix", segment.segment_id()).others
    assert len(others) == 12  # é é 😀 à à 😃 中 文 中 国 文 化: where they are and what they are
    searcher = Searcher(tmp_path / "ix")
    assert search_ids(searcher, "中文") == ["https://example.test/cafa"]
    # each Chinese character is a syllable: a reader finds 文 in 中文 and in 文化
    assert sorted(search_ids(searcher, "文")) == ["https://example.test/cafa", "https://example.test/zh"]
    assert search_ids(searcher, "café") == ["https://example.test/cafe"]
    assert search_ids(searcher, "Cafà") == ["https://example.test/cafa"]
    assert search_ids(searcher, "ร้าน café") == ["https://example.test/cafe"]
    assert searcher.search("caf")["total"] == 0  # not a word: inside café and cafà
