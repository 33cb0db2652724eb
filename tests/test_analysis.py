"""Segmentation and the Whoosh tokenizer, on real Thai text."""


import pytest

from indexer.index.fields import thai_analyzer
from indexer.thai.normalize import normalize
from indexer.thai.segment import segment
from indexer.thai.words import term_spans, terms

from .conftest import SEED, THAIGOV_SAMPLE, need


def test_segments_rebuild_the_text():
    text = normalize(SEED.read_text(encoding="utf-8"))
    assert "".join(segment(text)) == text


@pytest.mark.corpus
def test_segments_rebuild_real_corpus_text():
    files = sorted(need(THAIGOV_SAMPLE).rglob("*.txt"))[:80]
    for path in files:
        text = normalize(path.read_text(encoding="utf-8-sig"))
        assert "".join(segment(text)) == text, path


def test_offsets_point_at_the_words():
    text = "ผวจ.สงขลา เปิดโครงการ นายวีรนันทน์ เพ็งจันทร์ (26 ส.ค. 62) COVID-19"
    spans = list(term_spans(text))
    for term, start, end in spans:
        assert term == text[start:end].replace(".", "")
    assert [t for t, _, _ in spans][:2] == ["ผวจ", "สงขลา"]


def test_abbreviation_dots_and_marks_are_one_term():
    assert terms("ผวจ.") == terms("ผวจ") == ["ผวจ"]
    assert terms("นายกฯ") == ["นายก"]
    assert "ต่าง" in terms("ต่างๆ")


def test_latin_lowercased_and_split_from_punctuation():
    assert terms("COVID-19 Thailand") == ["covid", "19", "thailand"]


def test_positions_are_consecutive_within_a_run_with_a_hole_at_spaces():
    tokens = [(t.text, t.pos) for t in thai_analyzer()("ผู้ว่าราชการจังหวัดสงขลา กล่าว", positions=True)]
    assert tokens == [("ผู้ว่าราชการจังหวัด", 0), ("สงขลา", 1), ("กล่าว", 3)]


def test_query_mode_normalises():
    got = [t.text for t in thai_analyzer()("\u200bเเปลก ๒๕๖๒", mode="query")]
    assert got == ["แปลก", "2562"]


@pytest.mark.parametrize("word", ["วิทยุ", "มนุษย์", "จุฬาลงกรณ์"])
def test_marks_survive_analysis(word):
    assert "".join(terms(word)) == word


def _random_headlines(count: int) -> list[str]:
    import random

    rng = random.Random(8)
    pieces = ["ผวจ.", "สงขลา", "นายกฯ", "ประชุม", "ๆ", " ", "  ", "-", "(", ")", "“", "”", "COVID-19", "Covid",
              "๒๕๖๒", "2562", "พล.อ.", "ส.ค.", "A.B", "_", "฿", "๏", "ไอ", "İstanbul", "café", "\u200b", "เ", "่"]
    return ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.corpus
def test_headline_key_is_the_terms_joined():
    """A pasted headline finds its article by the headline's terms joined; the key is
    made from the characters terms are made of, without segmenting (the build and
    every query use it): the same as joining the terms of the segmented headline."""
    from indexer.thai.words import title_key

    headlines = _random_headlines(3000)
    if THAIGOV_SAMPLE.exists():
        headlines += [path.read_text("utf-8", "replace").split("\n", 1)[0] for path in THAIGOV_SAMPLE.rglob("*.txt")]
    for headline in headlines:
        assert title_key(headline) == "".join(terms(headline)), headline
