"""'Did you mean': close respellings of a Thai query unit.

Thai misspellings are mostly a missing, extra or wrong tone mark or short
vowel, or one of a set of letters that sound alike (ศ/ษ/ส, ท/ธ, ณ/น ...).
Whoosh's corrector measures edit distance against every term with the same
first letter, which takes seconds on a large lexicon and only knows single
terms, while a Thai unit spans several. So candidates are generated here
with those Thai edits (`ประยุธ` -> `ประยุทธ`, `ประยุทธ์` ...); the search keeps
those the index holds as words and that find more.
"""

from __future__ import annotations

from collections.abc import Iterator

from .chars import CONSONANTS, SMALL_MARKS, TONE_BEARING_VOWELS, TONE_MARK_CHARS

__all__ = ["respellings"]

_ALIKE = ["ศษส", "ทธฒฑ", "ณน", "พภ", "ลฬ", "ชฌ", "ตฏ", "ดฎ", "คฅฆ", "ขฃ", "ซศ", "จฉ", "ใไ", "ิี", "ุู", "ึื",
          "ะั", "าๅ"]


def _edits(unit: str) -> Iterator[str]:
    for i, ch in enumerate(unit):
        yield unit[:i] + unit[i + 1:]  # an extra mark or letter (สาธารณะสุข)
        for group in _ALIKE:
            if ch in group:
                for other in group:
                    if other != ch:
                        yield unit[:i] + other + unit[i + 1:]
        if ch in TONE_MARK_CHARS:
            for tone in TONE_MARK_CHARS:
                if tone != ch:
                    yield unit[:i] + tone + unit[i + 1:]
    for i in range(1, len(unit) + 1):
        before = unit[i - 1]
        if before in CONSONANTS or before in TONE_BEARING_VOWELS:
            for mark in TONE_MARK_CHARS + SMALL_MARKS:
                yield unit[:i] + mark + unit[i:]  # a missing mark


def respellings(unit: str) -> list[str]:
    """Close respellings of `unit`, each once, never a truncation of it.

    A candidate that is `unit` with letters cut off its start or end
    (`โควิ` for `โควิด`) is a prefix or suffix of what was typed, not a
    correction: those are left out. Which candidates are words the index
    holds, and which find more, is the search's to judge.
    """
    out: dict[str, None] = {}
    for candidate in _edits(unit):
        if candidate and candidate != unit and not unit.startswith(candidate) and not unit.endswith(candidate):
            out[candidate] = None
    return list(out)
