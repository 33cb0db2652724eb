"""A run of Thai words the dictionary cuts as few words more than one way: the way a reader cuts it.

newmm cuts text into as few dictionary words as it can, and between equally
few it keeps whichever its search meets first: `โครงการพัฒนา` (a development
project) comes out `โครง|การพัฒนา` (a frame | the development), `มาตรการ
เพิ่มเติม` as `มาตร|การเพิ่มเติม`, `สลากรวม` as `สลา|กรวม`. ``likeliest``
keeps the fewest words and chooses among such cuts by how often each word is
written: the Thai National Corpus's word counts, which PyThaiNLP ships
(``pythainlp.corpus.tnc``, read offline), multiplied as a unigram model
does: `โครงการ|พัฒนา`, `มาตรการ|เพิ่มเติม`, `สลาก|รวม`.

On 3,295 headline units of the thaigov archive it changed 29 cuts, about 22
to a reader's cut and 4 away from one, as I read them (`แนะ|แนวทาง` became
`แนะแนว|ทาง`): a word's count alone cannot tell that `ได้|รับทราบ` is read
before `ได้รับ|ทราบ`.

It reads a query's unit as its words (``matching.units.split_words``); the
index's own cuts are newmm's, unchanged. Written here because neither
PyThaiNLP nor nlpO3 breaks newmm's ties by frequency: a shortest path over
the run's prefixes, a few dozen set look-ups a unit.
"""

from __future__ import annotations

import math
from functools import lru_cache

from .chars import is_thai_word_char
from .segment import is_word

__all__ = ["likeliest"]

LONGEST_WORD = 30  # letters: no dictionary word is longer


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """Each word's log count in the Thai National Corpus (read once per process)."""
    from pythainlp.corpus import tnc

    return {word: math.log(count + 0.5) for word, count in tnc.word_freqs()}


def likeliest(pieces: list[str]) -> list[str]:
    """`pieces` (``segment.segment``'s), each run of two or more Thai dictionary words
    cut again into as few of them, the likeliest of those cuts (module docstring).

    >>> likeliest(["โครง", "การพัฒนา"])
    ['โครงการ', 'พัฒนา']
    >>> likeliest(["ตาม", "มาตรา", " ", "2562"])
    ['ตาม', 'มาตรา', ' ', '2562']
    """
    out: list[str] = []
    run: list[str] = []
    for piece in [*pieces, ""]:
        if piece and all(map(is_thai_word_char, piece)) and is_word(piece):
            run.append(piece)
            continue
        out.extend((_fewest_likeliest("".join(run)) or run) if len(run) >= 2 else run)
        run = []
        if piece:
            out.append(piece)
    return out


def _fewest_likeliest(run: str) -> list[str] | None:
    """`run` as the fewest dictionary words, the most often written among such cuts; None
    when it is not made of dictionary words."""
    weights = _weights()
    unseen = math.log(0.5)
    size = len(run)
    # best[i]: (words, -weight) of the best cut of run[i:], the smallest first; then[i]: where its first word ends
    best: list[tuple[int, float] | None] = [None] * (size + 1)
    then = [size] * (size + 1)
    best[size] = (0, 0.0)
    for start in range(size - 1, -1, -1):
        for end in range(min(size, start + LONGEST_WORD), start, -1):
            rest = best[end]
            if rest is None or not is_word(run[start:end]):
                continue
            cut = (rest[0] + 1, rest[1] - weights.get(run[start:end], unseen))
            chosen = best[start]
            if chosen is None or cut < chosen:
                best[start], then[start] = cut, end
    if best[0] is None:
        return None
    words, at = [], 0
    while at < size:
        words.append(run[at:then[at]])
        at = then[at]
    return words
