"""Names written after a Thai title in news text (``นายวีรนันทน์ เพ็งจันทร์``), as the query sets take them.

Written here, not read from the engine's extractor (``indexer.thai.officials``),
so that the evaluation does not grade the engine with its own rules: a title
from a short list, two Thai words separated by one space, dropped when the
title and first word begin a dictionary word (``นายกรัฐมนตรี``) or the
"surname" reads as the rest of the sentence (``กล่าวว่า``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["TITLES", "name_pattern", "find_names", "title_compounds", "thai_dictionary"]

# Thai personal titles, longest first so นางสาว wins over นาง. Abbreviated
# titles keep their dots.
TITLES = (
    "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
    "ว่าที่ร้อยตรี", "พลอากาศเอก", "พลเรือเอก", "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท",
    "นางสาว", "นาง", "นาย", "ดร.", "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.",
    "พล.อ.", "พล.ท.", "พล.ต.", "พล.อ.อ.", "พล.ร.อ.", "พ.อ.", "พ.ท.", "น.ส.", "นพ.", "พญ.",
    "ศ.", "รศ.", "ผศ.",
)
_TITLE_ALT = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))


def name_pattern(titles: str) -> re.Pattern[str]:
    """A title of `titles` (a regex group: group 1) directly followed by two Thai words (groups 2 and 3).

    The words are separated by one space, the second ending at a space,
    punctuation or the end of the text (a Thai run glued after it would make
    it ambiguous). A title is glued only to a connecting word: see
    :func:`find_names` and ``_GLUE_BEFORE``.
    """
    return re.compile(
        rf"(?<![.]){titles}"
        r"([\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e4e]{1,24}) ([\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e4e]{1,29})"
        r"(?![\u0e01-\u0e4e.])"
    )


_NAME = name_pattern(f"({_TITLE_ALT})")


# A "surname" that starts with one of these is the next word of the sentence
# (``นายสมชาย กล่าวว่า``, ``นางสาวก หรือ``), not a surname.
_NOT_SURNAME = (
    "กล่าว", "หรือ", "ได้", "มี", "ถึง", "ผู้", "เป็น", "ที่", "และ", "ซึ่ง", "จึง", "ยัง", "อายุ",
    "เปิดเผย", "ระบุ", "ให้", "ว่า", "จะ", "ก็", "ไม่", "เคย", "บอก", "แถลง", "ชี้แจง", "ตำแหน่ง",
    "รอง", "หัวหน้า", "ประธาน", "อธิบดี", "เลขาธิการ", "รัฐมนตรี", "นายก", "อดีต", "พร้อม", "เข้า",
    "ออก", "ไป", "มา", "อยู่", "คือ", "เพื่อ", "โดย", "ใน", "จาก", "กับ", "แต่", "เมื่อ", "ทั้ง",
    "ต่อ", "เอง", "ตอบ", "ถาม", "แจ้ง", "เผย", "ยืนยัน", "อธิบาย", "ย้ำ", "สั่ง", "นำ", "ร่วม",
)


# Words a title may be glued to (``และนายสมชาย``, ``โดยนางสาว...``); any
# other Thai letter before a title makes it part of a word (``เจ้านาย``).
_GLUE_BEFORE = ("และ", "โดย", "ของ", "กับ", "ถึง", "จาก", "ให้", "ว่า", "คือ", "ที่", "ซึ่ง", "พร้อม",
                "ทั้ง", "หรือ", "เช่น", "ได้แก่", "ราย", "ตาม", "แก่", "ต่อ", "เป็น", "นำ")

# Pieces that hardly occur inside a Thai name but glue sentence text to one.
_NOT_IN_NAME = ("ว่า", "ที่", "ไม่", "และ", "ก็", "ของ", "ได้", "ให้")


def title_compounds() -> set[str]:
    """Dictionary words that start with a personal title (นายก, นายอำเภอ, นางงาม ...)."""
    from pythainlp.corpus import thai_words

    plain = [t for t in TITLES if "." not in t]
    return {w for w in thai_words() if any(w.startswith(t) and len(w) > len(t) for t in plain)}


@lru_cache(maxsize=1)
def thai_dictionary() -> frozenset[str]:
    """PyThaiNLP's word list (the dictionary of thainews' segmentation)."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def find_names(text: str, title_words: set[str] | None = None,
               dictionary: frozenset[str] | None = None, pattern: re.Pattern[str] = _NAME) -> list[str]:
    """``first last`` of every title + two Thai words in `text`.

    A match whose title plus first word begins with a dictionary word longer
    than the title (``นายกรัฐมนตรี``, ``นายอำเภอ``) is a rank, not a name, and
    is dropped; so is a "surname" that is a dictionary word or starts like
    the rest of a sentence (``กล่าวว่า``, ``หรือ``, ``ผู้อำนวยการ...``).
    """
    names = []
    for m in pattern.finditer(text):
        title, first, last = m.group(1), m.group(2), m.group(3)
        before = text[max(0, m.start() - 8):m.start()]
        if before and "\u0e01" <= before[-1] <= "\u0e4e" and not before.endswith(_GLUE_BEFORE):
            continue
        if title_words and "." not in title:
            head = title + first
            if any(head[:k] in title_words for k in range(len(title) + 1, len(head) + 1)):
                continue
        if last.startswith(_NOT_SURNAME) or (dictionary and last in dictionary):
            continue
        if any(p in first or p in last for p in _NOT_IN_NAME):
            continue
        names.append(f"{first} {last}")
    return names
