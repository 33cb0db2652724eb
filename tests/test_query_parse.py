"""Query semantics that need no index: syntax into units, a unit's forms, its words."""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.matching.units import forms_of, split_words
from indexer.matching.view import NameBook
from indexer.query.parse import All, Any, Unit, Without, parse, positive_units, units_of
from indexer.thai.abbreviations import variants


class _Names:
    """What the matching layer asks of an index here: the officials' names it knows."""

    def __init__(self, names=()):
        self.names = NameBook(names)


def test_spaces_separate_units_that_must_all_match():
    assert parse("นายกฯ ประยุทธ์") == All((Unit("นายกฯ"), Unit("ประยุทธ์")))


def test_an_unspaced_run_is_one_unit_whatever_its_words():
    assert parse("การเยือนประเทศไทยอย่างเป็นทางการของนายมุน") == Unit("การเยือนประเทศไทยอย่างเป็นทางการของนายมุน")


@pytest.mark.parametrize("q, tree", [
    ('"ประชุม เชิงปฏิบัติการ"', Unit("ประชุม เชิงปฏิบัติการ", phrase=True)),
    ('"ประชุม"', Unit("ประชุม")),
    ("สงขลา OR ปัตตานี", Any((Unit("สงขลา"), Unit("ปัตตานี")))),
    ("สงขลา -ปัตตานี", All((Unit("สงขลา"), Without(Unit("ปัตตานี"))))),
    ("สงขลา NOT ปัตตานี", All((Unit("สงขลา"), Without(Unit("ปัตตานี"))))),
    ("title:งบประมาณ", Unit("งบประมาณ", field="title")),
    ('person:"วีรนันทน์ เพ็งจันทร์"', Unit("วีรนันทน์ เพ็งจันทร์", field="person", phrase=True)),
    ("position:ผวจ.สงขลา", Unit("ผวจ.สงขลา", field="position")),
    ("โควิด-19 แช-อิน", All((Unit("โควิด-19"), Unit("แช-อิน")))),  # a dash inside a unit is text
    ("x:y", Unit("x:y")),  # an unknown field is text
])
def test_syntax(q, tree):
    assert parse(q) == tree


def test_punctuation_pasted_around_a_unit_is_kept_as_its_literal():
    assert parse("สงขลา,") == Unit("สงขลา", literal="สงขลา,")
    assert parse("(ข่าว)") == Unit("ข่าว")  # brackets are grouping
    assert parse("ผวจ.") == Unit("ผวจ.")  # an abbreviation's dot is part of it
    assert parse("-โรคไตเรื้อรัง") == Unit("โรคไตเรื้อรัง", literal="-โรคไตเรื้อรัง")  # a pasted bullet


def test_a_headline_dash_is_not_an_operator_and_lone_punctuation_is_no_unit():
    units = units_of(parse("อนุมัติงบแก้ประมงผิดกฎหมาย - ป้องกันทำผิดซ้ำ"))
    assert [u.text for u in units] == ["อนุมัติงบแก้ประมงผิดกฎหมาย", "ป้องกันทำผิดซ้ำ"]


def test_a_dash_before_a_digit_is_text_not_an_exclusion():
    """A pasted headline's `COVID -19` (thaigov writes it so) must not exclude every
    article holding 19, the headline's own article first."""
    tree = parse("ฉีดพ่นน้ำยาฆ่าเชื้อ “ไวรัส COVID -19”")
    assert not any(isinstance(part, Without) for part in tree.parts)
    assert [u.text for u in units_of(tree)] == ["ฉีดพ่นน้ำยาฆ่าเชื้อ", "ไวรัส", "COVID", "19"]
    assert parse("โควิด -ภูเก็ต") == All((Unit("โควิด"), Without(Unit("ภูเก็ต"))))


@pytest.mark.parametrize("q", ["", "   ", "NOT ข่าว", '"', "((", "–"])
def test_nothing_to_look_for_is_refused(q):
    with pytest.raises(QueryError) as caught:
        parse(q)
    assert caught.value.code in ("empty_query", "no_words")


def test_excluded_units_do_not_find_articles():
    tree = parse("สงขลา -ปัตตานี -ยะลา")
    assert [u.text for u in positive_units(tree)] == ["สงขลา"]
    assert [u.text for u in units_of(tree)] == ["สงขลา", "ปัตตานี", "ยะลา"]


def test_queries_are_normalised_as_text_is():
    assert parse("๒๕๖๒") == Unit("2562")  # Thai digits
    assert parse("กํา") == parse("กำ")  # a misordered sara am


def test_abbreviations_both_ways_with_their_marks():
    assert "ผู้ว่าราชการจังหวัดสงขลา" in variants("ผวจ.สงขลา")
    assert "ผวจ.สงขลา" in variants("ผู้ว่าราชการจังหวัดสงขลา")
    assert "นายกรัฐมนตรี" in variants("นายกฯ")
    assert "นายก" not in variants("นายกฯ")  # never the bare stem of นายกอบต.
    assert "นายกรมต." not in variants("นายกรัฐมนตรี")  # รัฐมนตรี inside it is not a word of it


def test_a_units_forms():
    index = _Names(["อุตตม สาวนายน"])
    assert [f.text for f in forms_of(Unit("อุตตมสาวนายน"), index)] == ["อุตตมสาวนายน", "อุตตม สาวนายน"]
    forms = {f.text: f.kind for f in forms_of(Unit("ผวจ.สงขลา"), index)}
    assert forms["ผวจ.สงขลา"] == "typed" and forms["ผู้ว่าราชการจังหวัดสงขลา"] == "variant"
    phrase = [f.text for f in forms_of(Unit("ประชุม เชิง ปฏิบัติการ", phrase=True), index)]
    assert phrase[0] == "ประชุม เชิง ปฏิบัติการ" and "ประชุมเชิงปฏิบัติการ" in phrase and len(phrase) == 4


@pytest.mark.parametrize("unit, words", [
    ("นายกประยุทธ์", ["นายก", "ประยุทธ์"]),
    ("ผู้ว่าเชียงใหม่", ["ผู้ว่า", "เชียงใหม่"]),
    ("ตำรวจจับยาบ้า", ["ตำรวจ", "จับ", "ยาบ้า"]),
    ("สิงหาคมลงนาม", ["สิงหาคม", "ลงนาม"]),
    ("ประยุธ", []),  # not made of dictionary words: a misspelling, for did-you-mean
    ("สงขลา", []),  # one word: nothing to fall back to
])
def test_a_unit_falls_back_to_its_dictionary_words(unit, words):
    assert split_words(unit, _Names(["คม วัน", "สิงหา นาม"])) == words


def test_a_name_the_dictionary_cannot_read_is_kept_whole():
    assert split_words("อุตตมสาวนายน", _Names(["อุตตม สาวนายน"])) == ["อุตตม", "สาวนายน"]


def test_queries_without_syntax_parse_as_whoosh_would():
    """A query of words and spaces skips Whoosh's parser (its taggers cost more than the
    rest of parsing): the same tree, on random queries of Thai, Latin, digits, odd
    spaces, punctuation Whoosh does not read as syntax and repeated words."""
    import random

    from indexer.query import parse as module

    rng = random.Random(3)
    pieces = ["ผวจ.", "สงขลา", "นายกฯ", "ประชุม", "ก", "ก.", ".", "–", "…", "COVID-19", "and", "ANDx", "๒๕๖๒",
              "2562", "\u200b", "_", "@", "#", "!", "*", "?", "~", "^", "[", "]", "{", "}", "<", ">", "&", "|", ",",
              "/",
              " ", " ", "  ", "\t", "\u3000", "\xa0"]
    plain = 0
    for _ in range(5000):
        q = "".join(rng.choices(pieces, k=rng.randint(1, 10))).strip()
        if not q or module._SYNTAX.search(q):
            continue
        plain += 1
        converted = module._convert(module._parser().parse(q))
        assert module._words(q) == (converted.flat() if converted is not None else None), q
    assert plain > 4000
    for q in ('a AND b', 'a OR b', 'NOT a', '"a b"', "'a'", "(a)", "title:a", "+a", "-a"):
        assert module._SYNTAX.search(q), q
