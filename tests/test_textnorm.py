"""Normalisation: same visible word, same string; meaning never changes."""

import pytest

from indexer.thai.normalize import normalize


@pytest.mark.parametrize("word", ["วิทยุ", "มนุษย์", "จุฬาลงกรณ์", "ผู้ว่าราชการจังหวัด", "เพ็งจันทร์",
                                  "ประยุทธ์", "กรุงเทพฯ", "ต่างๆ", "ก๊วยเตี๋ยว", "น้ำ", "ฤดู", "ฤๅษี"])
def test_no_mark_is_dropped(word):
    assert normalize(word) == word


def test_invisible_characters_removed():
    assert normalize("\ufeffสวัสดี\u200bครับ\u200c\u200d") == "สวัสดีครับ"
    assert normalize("\u200bจิสด้ามอบของขวัญ") == "จิสด้ามอบของขวัญ"


def test_thai_digits_become_arabic():
    assert normalize("วันที่ ๒๖ ส.ค. ๖๒") == "วันที่ 26 ส.ค. 62"


def test_misordered_and_repeated_marks():
    assert normalize("เเปลก") == "แปลก"  # two sara e typed for sara ae
    assert normalize("นานาาา") == "นานา"
    # sara am typed before the tone mark, and sara am typed as nikhahit + sara aa
    assert normalize("\u0e01\u0e33\u0e49") == "\u0e01\u0e49\u0e33"
    assert normalize("\u0e01\u0e4d\u0e49\u0e32") == "\u0e01\u0e49\u0e33"


def test_nfc_and_spaces():
    assert normalize("a\u00a0b\tc") == "a b c"
    assert normalize("บรรทัด 1\r\n\r\n\r\nบรรทัด 2") == "บรรทัด 1\nบรรทัด 2"


def test_idempotent():
    text = "\ufeffนายวีรนันทน์  เพ็งจันทร์ ๒๕๖๒\u200b"
    assert normalize(normalize(text)) == normalize(text)


def test_same_output_as_pythainlp_normalize():
    """normalize skips PyThaiNLP's costly repeat-vowel pass where it cannot
    apply; the result must be exactly PyThaiNLP's."""
    from pythainlp.util import normalize as pythainlp_normalize

    samples = ["เเปลก", "นานาาา", "ก้ำ", "ดีีีี", "พ ุ่ม", "ก่่า", "นํ้า", "ฤๅษี", "กๅ", "น้ำ ้ใจ",
               "วันอังคารที่ 23 สิงหาคม 2559\nนายกรัฐมนตรี  กล่าว", "ผู้ว่าราชการจังหวัดสงขลา"]
    for text in samples:
        assert normalize(text) == pythainlp_normalize(text), text
