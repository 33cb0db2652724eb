"""Thai characters: which are letters, which are marks, and where text may be cut.

One home for the character classes the rest of the project needs, named as
PyThaiNLP names its own (``thai_consonants``, ``thai_tonemarks`` ...):

* a cut (a snippet's edge, a highlight's edge, a kept word) never separates a
  letter from the vowel or tone marks written above or below it, nor a
  leading vowel (``เ แ โ ใ ไ``) from the letter after it: ``กา`` is not in
  ``เกาะ``, and ``ก|่`` is not a cut;
* index terms drop the spelling marks of abbreviation and repetition
  (``.``, ``ฯ``, ``ๆ``): ``ผวจ.`` and ``ผวจ``, ``นายกฯ`` and ``นายก`` are one term.

>>> starts_cluster("เกาะ", 1), starts_cluster("เกาะ", 0)
(False, True)
>>> ends_cluster("ก่อน", 1), ends_cluster("ก่อน", 2)
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_consonants,
    thai_lead_vowels,
    thai_tonemarks,
)

__all__ = ["THAI_BLOCK", "THAI_WORD_CHARS", "PLAIN_WORD_CHARS", "CONSONANTS", "MARKS", "LEADING_VOWELS",
           "TONE_MARKS", "TERM_DROPPED", "REPEAT_MARKS", "SYLLABLE_START_CHARS", "NON_INITIAL_CHARS", "NAME_CHARS",
           "TONE_MARK_CHARS", "SMALL_MARKS", "TONE_BEARING_VOWELS", "is_thai_char", "is_thai_word_char",
           "starts_cluster", "ends_cluster", "cluster_spans", "cluster_cuts"]

# The Unicode Thai block, for regex character classes (``[%s]`` % THAI_BLOCK).
THAI_BLOCK = "\u0e00-\u0e7f"
# What Thai words are written with: consonants, vowels, tone and other marks
# (the block without the currency sign, digits and punctuation ๏ ๚ ๛), and
# the same without the spelling marks ฯ and ๆ (a plain word).
THAI_WORD_CHARS = "\u0e01-\u0e4e"
PLAIN_WORD_CHARS = "\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e"
CONSONANTS = frozenset(thai_consonants)
LEADING_VOWELS = frozenset(thai_lead_vowels)
TONE_MARKS = frozenset(thai_tonemarks)
# Written on or after the letter before them and read with it: above and
# below vowels (phinthu too), tone marks, thanthakhat, nikhahit, yamakkan, sara am, and
# lakkhangyao. Neither a match nor a cut may start on one of them.
MARKS = frozenset(thai_above_vowels) | frozenset(thai_below_vowels) | TONE_MARKS | frozenset(
    "\u0e3a\u0e47\u0e4c\u0e4d\u0e4e\u0e33\u0e45")
# Spelling marks an index term leaves out (see the module docstring), and of
# them the marks of abbreviation and repetition ฯ and ๆ (a reader cuts at
# them, unlike at an abbreviation's dots).
TERM_DROPPED = ".\u0e2f\u0e46"
REPEAT_MARKS = "\u0e2f\u0e46"
# For regex character classes: what a Thai syllable starts with (a consonant
# or a leading vowel).
SYLLABLE_START_CHARS = "\u0e01-\u0e2e\u0e40-\u0e44"
# For regex character classes: the vowels and marks that cannot start a
# syllable, and the letters of a name (no digits, ฯ, ๆ).
NON_INITIAL_CHARS = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"
NAME_CHARS = f"\u0e01-\u0e2e{NON_INITIAL_CHARS}\u0e40-\u0e44"
# In order, for the respellings of a did-you-mean (``spelling``): the tone
# marks, the small marks a writer drops (mai han-akat, mai taikhu,
# thanthakhat), and the vowels written over or under a letter that a tone
# mark may follow.
TONE_MARK_CHARS = thai_tonemarks
SMALL_MARKS = "\u0e31\u0e47\u0e4c"
TONE_BEARING_VOWELS = "\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e31"


def is_thai_char(ch: str) -> bool:
    """True for a character of the Unicode Thai block."""
    return "\u0e00" <= ch <= "\u0e7f"


def is_thai_word_char(ch: str) -> bool:
    """True for a Thai letter, vowel or mark (see ``THAI_WORD_CHARS``)."""
    return "\u0e01" <= ch <= "\u0e4e"


def starts_cluster(text: str, i: int) -> bool:
    """May a match or a cut start at ``text[i]``? Not on a mark, not after a leading vowel.
    (A cluster's start is the previous one's end: the two questions have one answer.)"""
    if i <= 0 or i >= len(text):
        return True
    return text[i] not in MARKS and text[i - 1] not in LEADING_VOWELS


def ends_cluster(text: str, i: int) -> bool:
    """May a match or a cut end just before ``text[i]``? Not before a mark, not after a leading vowel."""
    return starts_cluster(text, i)


def cluster_spans(matches: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The `matches` (spans of `text`, in order) that ``starts_cluster`` and
    ``ends_cluster`` allow: none starting on a mark or after a leading vowel, each
    taking the marks written on its last letter along. (The two rules inline: a
    common word matches hundreds of times in a long article, and two calls per
    match were a third of a snippet's search.)

    >>> cluster_spans([(1, 3), (5, 7)], "เกาะ กาก่า")
    [(5, 7)]
    >>> cluster_spans([(0, 1)], "ก่อน")
    [(0, 2)]
    """
    out = []
    size = len(text)
    for start, end in matches:
        if end == start or 0 < start < size and (text[start] in MARKS or text[start - 1] in LEADING_VOWELS):
            continue
        while 0 < end < size and (text[end] in MARKS or text[end - 1] in LEADING_VOWELS):
            end += 1
        out.append((start, end))
    return out


# a leading vowel written apart from the rest of its vowel, with the letters
# between: เ-ีย and เ-ือ (`เคีย` of `เคียง`, `เสวีย` of `เสวียง`, `เตรีย` of `เตรียม`)
_SPLIT_VOWEL = re.compile("\u0e40[\u0e01-\u0e2e]{1,2}[\u0e35\u0e37][\u0e48-\u0e4b]?[\u0e22\u0e2d]")


def cluster_cuts(text: str) -> np.ndarray:
    """A bool per place of `text` (its ``len + 1`` places): False inside a split vowel
    (เ-ีย, เ-ือ) and the letters it holds, which a reader reads as one.

    The segmenter's word bounds and syllable cuts are mostly good, but not
    there: nlpO3 cuts a word it does not know anywhere (`เส|วี|ยง` of
    `เสวียง`), the syllable dictionary reads `เต|รียม`, and a short name kept
    whole (`ยง` of ยง ภู่วรวรรณ) was kept inside `เคียง`. (A cut just before
    a vowel or tone mark is no reader's either, but PyThaiNLP's syllable
    tokenizer makes it in words it does not know, typos above all: `เก|ื่ยว`,
    `โพธ|ิ์`; the evaluation's oracle is that tokenizer, and ruling those
    cuts out lost more than it won there: README, issue 21.) PyThaiNLP's TCC
    tokenizer tells every cluster, at a microsecond a character (a second
    for the thaigov sample, more than its segmentation); this is a regex.

    >>> cluster_cuts("เคียง").tolist()
    [True, False, False, False, True, True]
    """
    ok = np.ones(len(text) + 1, dtype=bool)
    for m in _SPLIT_VOWEL.finditer(text):
        ok[m.start() + 1:m.end()] = False
    return ok
