"""'Did you mean': close respellings of a query unit that the index knows.

Thai misspellings are mostly a missing, extra or wrong tone mark or short
vowel, or one of a set of letters that sound alike (ศ/ษ/ส, ท/ธ, ณ/น ...).
Whoosh's corrector measures edit distance against every term with the same
first letter, which takes seconds on a large lexicon and only knows single
terms, while a Thai unit spans several. So candidates are generated here
with those Thai edits and kept when they segment into fewer, known words.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.lexicon import Lexicon

from .words import terms

__all__ = ["respellings"]

_TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
_SMALL = "\u0e31\u0e47\u0e4c"  # ั ็ ์
_ALIKE = ["ศษส", "ทธฒฑ", "ณน", "พภ", "ลฬ", "ชฌ", "ตฏ", "ดฎ", "คฅฆ", "ขฃ", "ซศ", "จฉ", "ใไ", "ิี", "ุู", "ึื",
          "ะั", "าๅ"]
_CONSONANT = set("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ")


def _edits(unit: str) -> Iterator[str]:
    for i, ch in enumerate(unit):
        yield unit[:i] + unit[i + 1:]  # an extra mark or letter (สาธารณะสุข)
        for group in _ALIKE:
            if ch in group:
                for other in group:
                    if other != ch:
                        yield unit[:i] + other + unit[i + 1:]
        if ch in _TONES:
            for tone in _TONES:
                if tone != ch:
                    yield unit[:i] + tone + unit[i + 1:]
    for i in range(1, len(unit) + 1):
        before = unit[i - 1]
        if before in _CONSONANT or before in "\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e31":
            for mark in _TONES + _SMALL:
                yield unit[:i] + mark + unit[i:]  # a missing mark


def respellings(unit: str, lexicon: Lexicon, limit: int = 3) -> list[str]:
    """Up to `limit` respellings of `unit`, best first.

    A respelling qualifies when all of its words are in the lexicon and it
    has fewer words than the unit (a misspelt word falls apart into pieces;
    the right spelling is a dictionary word again). Ties go to the variant
    whose rarest word is most common in the index.
    """
    base = len(terms(unit, normalise=False))
    scored = []
    seen = {unit}
    for candidate in _edits(unit):
        if candidate in seen:
            continue
        seen.add(candidate)
        words = terms(candidate, normalise=False)
        if not words or len(words) >= base and base > 1:
            continue
        if all(w in lexicon for w in words):
            rarest = min(lexicon.df(w) for w in words)
            scored.append((len(words), -rarest, candidate))
    scored.sort()
    return [c for _, _, c in scored[:limit]]
