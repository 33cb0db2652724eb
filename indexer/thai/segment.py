"""Thai word segmentation: PyThaiNLP's dictionary-based newmm.

The Rust build of newmm (nlpO3) is the default: on the thaigov sample it cuts
Thai text at the same places as PyThaiNLP's Python newmm (99.95% of word
boundaries inside Thai runs agree, see README) and runs about 7x faster. Set
``THAINEWS_SEGMENTER=newmm`` to use the pure-Python engine instead.

The dictionary is PyThaiNLP's word list plus ``data/words.txt`` (terms news
needs kept whole), loaded once per process. Officials' names are not in it:
the build keeps the names an article holds whole when it segments that
article (:func:`segment_keeping`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from bisect import bisect_right
from functools import lru_cache
from importlib.resources import files
from itertools import accumulate
from pathlib import Path

from indexer.settings import settings

from .chars import THAI_BLOCK, ends_cluster, is_thai_char, starts_cluster

__all__ = ["segment", "segment_keeping", "syllables", "syllables_of_many", "name_syllables", "syllables_han_solo",
           "compound_parts", "dictionary_words", "is_word", "engine_name"]

_lock = threading.Lock()


def engine_name() -> str:
    """The segmentation engine in use: ``nlpo3`` or ``newmm`` (``settings``: THAINEWS_SEGMENTER)."""
    return settings().segmenter


@lru_cache(maxsize=1)
def _base_words() -> tuple[str, ...]:
    from pythainlp.corpus import thai_words

    own = files("indexer").joinpath("data/words.txt").read_text(encoding="utf-8")
    mine = (w.strip() for w in own.splitlines())
    return tuple(sorted(set(thai_words()) | {w for w in mine if w and not w.startswith("#")}))


@lru_cache(maxsize=1)
def _word_set() -> frozenset[str]:
    return frozenset(_base_words())


def is_word(text: str) -> bool:
    """Is `text` a word of the segmentation dictionary (PyThaiNLP's and ``data/words.txt``)?"""
    return text in _word_set()


@lru_cache(maxsize=1)
def _nlpo3_dict() -> str:
    """Load the dictionary into nlpO3 once per process; return its name."""
    with _lock:
        return _load_nlpo3(set(_base_words()))


def _load_nlpo3(words: set[str]) -> str:
    """Load `words` into nlpO3 under a name of their own; return the name.

    nlpO3 reads dictionaries from files only and never replaces a loaded
    name, so each distinct word set gets a file and a name of its own.
    """
    blob = "\n".join(sorted(words)).encode("utf-8")
    name = "thainews-" + hashlib.sha1(blob).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"{name}.txt"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    from nlpo3 import load_dict

    load_dict(str(path), name)
    return name


@lru_cache(maxsize=1)
def _plain_nlpo3_dict() -> str:
    from pythainlp.corpus import thai_words

    with _lock:
        return _load_nlpo3(set(thai_words()))


@lru_cache(maxsize=1)
def _syllable_nlpo3_dict() -> str:
    from pythainlp.corpus import thai_syllables

    with _lock:
        return _load_nlpo3(set(thai_syllables()))


def syllables(word: str) -> list[str]:
    """Cut `word` into syllables with PyThaiNLP's syllable dictionary.

    PyThaiNLP's ``syllable_tokenize(engine="dict")`` is newmm over its
    syllable list; nlpO3 runs the same algorithm on the same list about
    seven times faster (same engine choice as :func:`segment`). Where a word
    may be cut is where a reader may cut it: `อาย` is not in `อายุ`
    (`อา|ยุ`), `ขา` not in `ขาย`, and `การ` is in `โครงการ`.
    They disagree on 13 of Daily News' 12,944 distinct words, mostly names
    and text the list does not hold (PyThaiNLP `นาค|วิ|เชียร`, nlpO3
    `นา|ควิ|เชียร`); sending those to PyThaiNLP's pure Python would cost more
    than the whole syllabification.

    >>> syllables("โครงการ")
    ['โครง', 'การ']
    """
    if not word:
        return []
    if engine_name() == "nlpo3":
        pieces = _nlpo3_pieces(word, _syllable_nlpo3_dict())
        if pieces is not None:
            return pieces
    from pythainlp.tokenize import syllable_tokenize

    return syllable_tokenize(word, engine="dict")


def syllables_of_many(words: list[str]) -> list[list[str]]:
    """:func:`syllables` of each of `words` (runs of Thai letters, no spaces), in one
    call of nlpO3 for all of them: a call costs tens of microseconds whatever
    its length, and an article brings a few hundred words a segment has not
    seen yet.

    >>> syllables_of_many(["โครงการ", "การพัฒนา"])
    [['โครง', 'การ'], ['การ', 'พัฒ', 'นา']]
    """
    if not words:
        return []
    if engine_name() == "nlpo3":
        pieces = _nlpo3_pieces(" ".join(words), _syllable_nlpo3_dict())
        if pieces is not None:
            out: list[list[str]] = [[]]
            for piece in pieces:
                if piece == " ":
                    out.append([])
                else:
                    out[-1].append(piece)
            if len(out) == len(words):
                return out
    return [syllables(word) for word in words]


def name_syllables(name: str) -> list[str]:
    """A name's syllables by PyThaiNLP's own syllable tokenizer (its dictionary
    engine, pure Python, about a millisecond a name).

    nlpO3 runs the same algorithm on the same list, but the two break ties
    and unknown letters differently, and names are where they part: 7% of
    Daily News' officials' names (`วา|ริส|รา` for PyThaiNLP's `วา|ริ|ส|รา`,
    `ธรร|มรงค์` for `ธรรม|รงค์`), against 0.1% of its other words.

    >>> name_syllables("ธรรมรงค์")
    ['ธรรม', 'รงค์']
    """
    if not name:
        return []
    from pythainlp.tokenize import syllable_dict_trie, word_tokenize

    # PyThaiNLP's syllable_tokenize(engine="dict") word by word, with its word
    # trie built once: PyThaiNLP 5.4 rebuilds that trie (62,000 words) on
    # every call without a dictionary, a tenth of a build's analysis
    return [piece for word in word_tokenize(name, custom_dict=_pythainlp_word_trie())
            for piece in word_tokenize(word, custom_dict=syllable_dict_trie())]


@lru_cache(maxsize=1)
def _pythainlp_word_trie():
    """PyThaiNLP's own word list as a trie (``syllable_tokenize``'s first cut), built once."""
    from pythainlp.tokenize import word_dict_trie

    return word_dict_trie()


def syllables_han_solo(word: str) -> list[str]:
    """Cut `word` into syllables with PyThaiNLP's han_solo engine (a CRF model
    shipped with PyThaiNLP; python-crfsuite runs it), a second opinion on
    :func:`syllables` where the dictionary's shortest cut is ambiguous.

    >>> syllables_han_solo("การกีฬา")
    ['การ', 'กี', 'ฬา']
    """
    from pythainlp.tokenize import syllable_tokenize

    return syllable_tokenize(word, engine="han_solo") if word else []


def compound_parts(word: str) -> list[str]:
    """`word` as the fewest dictionary words it is made of, at least two, or whole.

    newmm keeps a compound whole when the dictionary holds it (`การกีฬา`,
    `การพิจารณา`); a reader still reads its words (`การ|กีฬา`), and the
    syllable dictionary alone misreads some (`กา|รกี|ฬา`). Written here (a
    shortest path over prefixes, a few dozen set look-ups a word) as neither
    PyThaiNLP nor nlpO3 splits a word its dictionary holds.

    >>> compound_parts("การกีฬา"), compound_parts("เลขาธิการ")
    (['การ', 'กีฬา'], ['เลขาธิการ'])
    """
    words = _word_set()
    size = len(word)
    best: list[list[str] | None] = [None] * (size + 1)
    best[0] = []
    for end in range(1, size + 1):
        for start in range(max(0, end - 30), end):
            prior, current = best[start], best[end]
            if prior is not None and (start or end < size) and word[start:end] in words \
                    and (current is None or len(prior) + 1 < len(current)):
                best[end] = [*prior, word[start:end]]
    parts = best[size]
    return parts if parts and len(parts) >= 2 else [word]


def dictionary_words(text: str) -> list[str]:
    """Segment `text` with PyThaiNLP's own dictionary only, whitespace dropped.

    For judging whether a token reads as ordinary Thai words (the people
    extractor's test of a surname), where the project's added words and
    names must not count. Same engine choice as :func:`segment`; nlpO3
    saves building PyThaiNLP's Python trie (about 1 s in every process).
    """
    pieces = _nlpo3_pieces(text, _plain_nlpo3_dict()) if engine_name() == "nlpo3" else None
    if pieces is None:
        from pythainlp.tokenize import word_tokenize

        pieces = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return [p for p in pieces if p and not p.isspace()]


def _nlpo3_pieces(text: str, dictionary: str) -> list[str] | None:
    """nlpO3's segmentation of `text`, or None when it does not rebuild the text.

    nlpO3's safe mode returns pieces that do not add up to the input (seen
    with nlpo3 1.4.0 on the seed article), so it stays off, and callers fall
    back to PyThaiNLP's newmm on None.
    """
    from nlpo3 import segment as o3_segment

    pieces = o3_segment(text, dictionary, safe=False)
    return pieces if "".join(pieces) == text else None


@lru_cache(maxsize=1)
def _newmm_trie():
    from pythainlp.util import dict_trie

    with _lock:
        return dict_trie(set(_base_words()))


def segment(text: str) -> list[str]:
    """Cut `text` into tokens whose concatenation is exactly `text`.

    >>> segment("(ลดวงเงิน)")
    ['(', 'ลด', 'วงเงิน', ')']
    """
    if not text:
        return []
    pieces = _nlpo3_segment(text) if engine_name() == "nlpo3" else None
    if pieces is None:
        from pythainlp.tokenize.newmm import segment as newmm_segment

        pieces = newmm_segment(text, _newmm_trie())
    return _join_accented(pieces) if _ACCENTED.search(text) else pieces


# a mark (not a dot: `พล.อ.`) glued to the Thai letters after it: `(ลด`, `“ลด`
_GLUED_MARK = re.compile(f"(?<=[^\\w\\s.{THAI_BLOCK}])(?=[{THAI_BLOCK}])")


def _nlpo3_segment(text: str) -> list[str] | None:
    """nlpO3's segmentation of `text`, with a slip of its mended (PyThaiNLP's newmm
    does not make it): a mark glued before Thai letters is glued to the first
    letter, and the rest is misread: `(ลดวงเงิน)` gave `(ล|ดวง|เงิน|)`, so
    `ดวง` was "found" and `ลด` lost after every opening bracket or quote. The
    text goes to nlpO3 with a space after such marks, in one call still (a
    call costs tens of microseconds), and the spaces come out of its pieces.
    (Its cuts inside a character cluster, `เส|วี|ยง` of `เสวียง`, are no
    reader's cuts: ``chars.cluster_cuts``.)
    """
    cuts = [m.start() for m in _GLUED_MARK.finditer(text)]
    if not cuts:
        return _nlpo3_pieces(text, _nlpo3_dict())
    spaced = " ".join(text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]))
    pieces = _nlpo3_pieces(spaced, _nlpo3_dict())
    if pieces is None:
        return None
    added = [at + i for i, at in enumerate(cuts)]  # the spaces' places in `spaced`, in order
    # only the pieces holding an added space are rewritten (an article has hundreds
    # of pieces for a few marks); `ends[i]`: where piece i ends in `spaced`
    ends = list(accumulate(map(len, pieces)))
    holding: dict[int, set[int]] = {}
    for at in added:
        i = bisect_right(ends, at)
        holding.setdefault(i, set()).add(at - (ends[i] - len(pieces[i])))
    for i, mine in holding.items():
        pieces[i] = "".join(ch for k, ch in enumerate(pieces[i]) if k not in mine)
    return [piece for piece in pieces if piece] if holding else pieces


# Latin letters outside ASCII (é, ü, ß ...)
_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


def _join_accented(pieces: list[str]) -> list[str]:
    """newmm cuts a Latin word at each letter outside ASCII (`Caf|é`, `Z|ü|rich`); a
    reader does not: pieces glued by letters on both sides are joined again."""
    out: list[str] = []
    for piece in pieces:
        if out and piece and _latin(out[-1][-1]) and _latin(piece[0]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _latin(ch: str) -> bool:
    return ch.isalnum() and not is_thai_char(ch)


def segment_keeping(text: str, words) -> list[str]:
    """Segment `text`, keeping each of `words` that occurs in it whole.

    Officials' names are not in the dictionary, so `นายลวรณ` segments as
    `นา|ยล|วร|ณ` and the name `ลวรณ` never appears as a word. Names found by
    the extractor (at index time, the article's own; at query time, the
    index's names found in a unit) are kept whole here, longest first, and
    only the text between them goes to newmm: the effect of adding the
    names to the segmentation dictionary, without building a dictionary per
    article.
    """
    if not text:
        return []
    pattern = keep_pattern(frozenset(words))
    if pattern is None:
        return segment(text)
    pieces: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        i, end = m.start(), m.end()
        if not (starts_cluster(text, i) and ends_cluster(text, end)):
            continue  # would split a letter from its vowel or tone mark
        if start < i:
            pieces.extend(segment(text[start:i]))
        pieces.append(m.group(0))
        start = end
    if start < len(text):
        pieces.extend(segment(text[start:]))
    return pieces


@lru_cache(maxsize=1024)
def keep_pattern(words: frozenset[str]):
    """One regex for `words`, longest first so the longest name wins."""
    kept = [w for w in words if w]
    if not kept:
        return None
    import re

    return re.compile("|".join(re.escape(w) for w in sorted(kept, key=len, reverse=True)))
