"""Text normalisation shared by ingest, indexing and queries.

Thai text arrives with invisible characters, Thai digits and vowels or tone
marks typed in a non-standard order. The same visible word must become the
same character string before segmentation, or an article and a query for it
segment differently and never meet. Everything here runs once at ingest (the
stored text is normalised, so character offsets used for highlighting stay
valid) and again on every query.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import (
    remove_dangling,
    remove_dup_spaces,
    remove_repeat_vowels,
    remove_spaces_before_marks,
)

__all__ = ["normalize"]

# Invisible characters that split or join words without showing: zero-width
# space/non-joiner/joiner, direction marks, word joiner, BOM, soft hyphen.
# PyThaiNLP's remove_zw only knows ZWSP and ZWNJ; news sites paste the rest.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
# PyThaiNLP's remove_repeat_vowels runs 22 backtracking substitutions over
# the whole text, 80% of normalisation time on news text, and changes about
# one article in twenty. It runs only where one of these could apply: a
# vowel or sign repeated (spaces between allowed), tone marks in a row, or a
# mark that reorder_vowels would move (tone/thanthakhat before an above or
# below vowel, nikhahit before sara aa, a follow vowel before a tone mark,
# two sara e, lakkhangyao).
_MAYBE_UNORDERED = re.compile(
    "([ะ-ฺเ-ๅ็์-๎])[ ]*\\1"
    "|[่-๋]{2}"
    "|[่-์][ัิ-ฺ็]"
    "|ํ[่-๋]*า"
    "|[ะาำๅ][่-๋]"
    "|เเ|ๅ"
)

# Thai digits to Arabic with str.translate: PyThaiNLP's
# thai_digit_to_arabic_digit does the same mapping a character at a time in
# Python, and was the slowest step of normalisation. translate itself looks
# up every character of the text in a dict (a third of normalisation on
# thaigov), so it runs on the runs of Thai digits only.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_DIGIT_RUN = re.compile("[๐-๙]+")

# Spaces of other widths (no-break, thin, ideographic ...) and tabs are
# ordinary word separators for search purposes.
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalize(text: str) -> str:
    """Return `text` in the one canonical form indexed and searched.

    NFC first (so decomposed input compares equal), then invisible
    characters out and odd spaces made plain, Thai digits to Arabic (both
    are written in the same news), and PyThaiNLP's Thai normalisation:
    vowels and tone marks reordered, repeated marks collapsed, runs of spaces
    and blank lines collapsed. No mark that carries meaning is removed.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    if _THAI_DIGIT_RUN.search(text):
        text = _THAI_DIGIT_RUN.sub(lambda m: m.group().translate(_THAI_DIGITS), text)
    # pythainlp.util.normalize, step by step, skipping the costly step where
    # it cannot change anything (tests check the outputs are identical)
    text = remove_dup_spaces(text)
    text = remove_spaces_before_marks(text)
    if _MAYBE_UNORDERED.search(text):
        text = remove_repeat_vowels(text)
    return remove_dangling(text)
