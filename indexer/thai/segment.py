"""Thai word segmentation: PyThaiNLP's dictionary-based newmm.

The Rust build of newmm (nlpO3) is the default: on the thaigov sample it cuts
Thai text at the same places as PyThaiNLP's Python newmm (99.95% of word
boundaries inside Thai runs agree, see README) and runs about 7x faster. Set
``THAINEWS_SEGMENTER=newmm`` to use the pure-Python engine instead.

The dictionary is PyThaiNLP's word list plus ``data/words.txt`` (terms news
needs kept whole) plus any words added at run time (names of officials found
in the corpus), so that a name is one token wherever it appears.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["segment", "segment_keeping", "dictionary_words", "is_word", "engine_name", "add_words", "extra_words"]

# Thai marks that belong to the letter before them, and vowels written
# before their consonant: a cut or a kept word may not start or end beside
# them (snippets use the same sets).
MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e33\u0e45")
LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")

_lock = threading.Lock()
_extra: set[str] = set()
_state: dict[str, object] = {}


def engine_name() -> str:
    """The segmentation engine in use: ``nlpo3`` or ``newmm``."""
    name = os.environ.get("THAINEWS_SEGMENTER", "nlpo3").strip().lower()
    if name not in ("nlpo3", "newmm"):
        raise ValueError(f"THAINEWS_SEGMENTER must be nlpo3 or newmm, not {name!r}")
    return name


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


def extra_words() -> frozenset[str]:
    """Words added with :func:`add_words` in this process."""
    return frozenset(_extra)


def add_words(words: Iterable[str]) -> None:
    """Add words to the segmentation dictionary of this process.

    Call it before indexing or searching so both sides segment alike; the
    index stores the words it was built with and loads them on open.
    """
    new = {w.strip() for w in words if w and w.strip()} - _extra
    if new:
        with _lock:
            _extra.update(new)
            _state.clear()


def _nlpo3_dict() -> str:
    """Load the merged dictionary into nlpO3 once; return its name."""
    name = _state.get("nlpo3")
    if name:
        return name  # type: ignore[return-value]
    with _lock:
        name = _load_nlpo3(set(_base_words()) | _extra)
        _state["nlpo3"] = name
        return name


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


def _newmm_trie():
    trie = _state.get("newmm")
    if trie is None:
        from pythainlp.util import dict_trie

        with _lock:
            trie = dict_trie(set(_base_words()) | _extra)
            _state["newmm"] = trie
    return trie


def segment(text: str) -> list[str]:
    """Cut `text` into tokens whose concatenation is exactly `text`."""
    if not text:
        return []
    if engine_name() == "nlpo3":
        pieces = _nlpo3_pieces(text, _nlpo3_dict())
        if pieces is not None:
            return pieces
    from pythainlp.tokenize.newmm import segment as newmm_segment

    return newmm_segment(text, _newmm_trie())


def segment_keeping(text: str, words) -> list[str]:
    """Segment `text`, keeping each of `words` that occurs in it whole.

    Officials' names are not in the dictionary, so `นายลวรณ` segments as
    `นา|ยล|วร|ณ` and the name `ลวรณ` never appears as a word. Names found by
    the extractor (at index time, the article's own; at query time, every
    name the index knows) are kept whole here, longest first, and only the
    text between them goes to newmm: the effect of adding the names to the
    segmentation dictionary, without building a dictionary per article.
    `words` is a collection of strings, or anything with a ``finditer(text)``
    that yields regex matches (see :func:`keep_pattern`).
    """
    if not text:
        return []
    pattern = words if hasattr(words, "finditer") else keep_pattern(frozenset(words))
    if pattern is None:
        return segment(text)
    pieces: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        i, end = m.start(), m.end()
        if (i and text[i - 1] in LEADING) or (end < len(text) and text[end] in MARKS):
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
    words = [w for w in words if w]
    if not words:
        return None
    import re

    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class _Found:
    """The part of a regex match that segment_keeping reads."""

    __slots__ = ("_start", "_word")

    def __init__(self, start: int, word: str):
        self._start, self._word = start, word

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._start + len(self._word)

    def group(self, _: int = 0) -> str:
        return self._word


class WordFinder:
    """Finds known words in short text (a query unit), longest first.

    For tens of thousands of names a regex alternation is slow to build;
    PyThaiNLP's trie answers "which words start here" directly.
    """

    def __init__(self, words):
        from pythainlp.util import Trie

        self._trie = Trie(w for w in words if w)

    def finditer(self, text: str):
        i = 0
        while i < len(text):
            found = self._trie.prefixes(text[i:i + 64])
            if found:
                word = max(found, key=len)
                yield _Found(i, word)
                i += len(word)
            else:
                i += 1
