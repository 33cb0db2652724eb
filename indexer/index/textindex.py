"""The substring index of one Whoosh segment: its articles' text, a suffix array, word boundaries.

Thai has no spaces between words, so a query typed as users type it (a name
glued to its honorific and to the words before it, `โดยมีนายอุตตม`) need not
be a run of the words the segmenter cut in the article. Matching the text
itself is exact whatever the segmenter did: every article whose headline or
body contains the unit is found, however common the unit, with no list of
expansions to cap. A suffix array answers "where does this string occur" with
one binary search; the arrays live in files beside Whoosh's own and are
memory-mapped, so every worker process shares them through the page cache.

Per segment, in Whoosh's document order (files named after the segment, so
Whoosh's own cleanup removes them with it; see ``FILES``):

* ``text``: each article as ``title \\x01 body \\x00``, one byte per character
  (``textcodec``: cp874 gives every Thai letter and mark, digits and ASCII one
  byte; ASCII is lowercased; anything else is the placeholder ``OTHER``), with what it
  takes to give the text back exactly as stored: ``others``, the place and
  code point of every character behind a placeholder (so a unit holding one,
  `café`, an emoji, Chinese, is also checked there), and ``upper``, the runs
  of capital ASCII letters. Result lines read an article's text from here,
  not from Whoosh's stored copy, which is inflated and unpickled whole;
* ``sa``: the suffix array of ``text``, sparse: only the suffixes that start
  where a reader could cut the text (``cuts`` below; the separators and
  white space left out), about a third of them. A unit matches only there,
  so the others were never answers; binary search over sorted suffixes
  needs no more. Built by pydivsufsort (libdivsufsort's C code) over the
  whole text, then filtered; int32. ``sadoc``: the article of each suffix,
  so the articles of a unit are one contiguous slice (uint16 when the
  segment has fewer than 65,536 articles);
* ``bounds``: a bit per byte of text (``numpy.packbits``, little bit
  order), set where a word may begin or end: outside the words of the
  index's own segmentation (officials' names kept whole), or at a word's
  edge. An occurrence with both edges on a bound is a run of whole words;
  the others are inside words or across the segmenter's cuts;
* ``cuts``: likewise, set where a Thai reader could cut the text: a word
  bound, a syllable bound inside a word, letters meeting digits
  (``analysis``). An occurrence counts only from a cut to a cut: `อาย` is
  not in `อา|ยุ`, `19` not in `2019`, `โครงการ` is in `โครง|การพัฒนา`;
* ``saflags``: per suffix, in suffix array order, what matching and ranking
  ask of every occurrence of a unit (uint32): bit ``j`` (0-15) for a bound
  ``j`` bytes after the suffix's start, bit ``16 + j`` (j 0-14) for a cut
  ``j + 1`` bytes after it, and ``HEADLINE`` when it starts in a headline.
  A unit's occurrences are a contiguous range of the suffix array, so
  whether each ends at a cut, is whole words and is in which field is one
  slice, not a read at a random place of the text per occurrence (six times
  faster for a common word);
* ``docs``: per article its start in ``text``, headline and body lengths,
  publish day, its officials (offsets into ``people``, each official's code
  once), then a code for each keyword column (``facet_table``: the
  category ...), -1 for none; ``roles``: a row (article, official's code,
  position's code) for each position an article names an official with, so
  the officials directory and an official's card are counted with numpy,
  not read from stored articles or a posting list per position;
  ``meta``: the columns' values and the official names those codes stand for.

The writer is ``textwriter``. What this costs and saves is measured in ``bench/``
(see bench/README.md).
"""

from __future__ import annotations

import ctypes
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .textcodec import OTHER, encode_array, fold, folded_points

__all__ = ["FORMAT", "FILES", "SegmentText", "remove_files", "HEADLINE", "FLAG_REACH", "CUT_REACH", "CUT_SHIFT",
           "FIRST_COLUMN"]

FORMAT = 7  # bump SCHEMA_VERSION (schema.py) with it: open_index refuses other versions
FILES = {"text": ".text.npy", "sa": ".sa.npy", "sadoc": ".sadoc.npy", "bounds": ".bounds.npy",
         "cuts": ".cuts.npy", "saflags": ".saflags.npy", "docs": ".docs.npy", "people": ".people.npy",
         "roles": ".roles.npy", "others": ".others.npy", "upper": ".upper.npy", "meta": ".textmeta.json"}
# ``saflags``: the bounds of the first FLAG_REACH bytes of a suffix (offsets 0-15), the cuts
# after its first CUT_REACH bytes (offsets 1-15), and the headline bit.
FLAG_REACH = 16
CUT_REACH = 15
CUT_SHIFT = 16
HEADLINE = np.uint32(1 << 31)
# Columns of the ``docs`` table; the keyword columns follow, in ``meta["columns"]`` order.
START, TITLE_LEN, BODY_LEN, DAY, PEOPLE_LO, PEOPLE_HI = range(6)
FIRST_COLUMN = 6


def _sa_search():
    from pydivsufsort.dll import libdivsufsort

    fn = libdivsufsort.sa_search
    fn.restype = ctypes.c_int32
    fn.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p, ctypes.c_int32, ctypes.c_void_p,
                   ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)]
    return fn


@dataclass
class SegmentText:
    """One segment's substring index, memory-mapped (see the module docstring)."""

    text: np.ndarray
    sa: np.ndarray
    sadoc: np.ndarray
    bounds: np.ndarray  # packed bits, see the module docstring
    cuts: np.ndarray  # packed bits, likewise
    saflags: np.ndarray
    docs: np.ndarray
    mentions: np.ndarray
    roles: np.ndarray  # int32 rows (article, official, position), codes into ``people`` and ``positions``
    others: np.ndarray  # rows (position in text, code point), by position
    upper: np.ndarray  # rows (start, end) of capital ASCII runs in text, by position
    columns: dict[str, list[str]]  # per keyword column, the values its codes stand for
    people: list[str]
    positions: list[str]

    @classmethod
    def exists(cls, folder: str | Path, segment_id: str) -> bool:
        return Path(f"{Path(folder) / segment_id}{FILES['meta']}").exists()

    @classmethod
    def open(cls, folder: str | Path, segment_id: str) -> SegmentText:
        prefix = Path(folder) / segment_id
        meta = json.loads(Path(f"{prefix}{FILES['meta']}").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"substring index format {meta.get('format')} at {prefix}, need {FORMAT}")

        def load(kind: str, mmap: bool = True) -> np.ndarray:
            array = np.load(f"{prefix}{FILES[kind]}", mmap_mode="r" if mmap else None, allow_pickle=False)
            # a plain array over the mapping: numpy's memmap class costs a Python
            # call on every slice (a tenth of a query's time on 28,000 articles)
            return array.view(np.ndarray)

        return cls(load("text"), load("sa"), load("sadoc"), load("bounds"), load("cuts"), load("saflags"),
                   load("docs", mmap=False),
                   load("people", mmap=False), load("roles", mmap=False), load("others"), load("upper"),
                   meta["columns"], meta["people"], meta["positions"])

    def __post_init__(self) -> None:
        self._search = _sa_search()
        self._text_p = self.text.ctypes.data if len(self.text) else None
        # where the patch rows are, as plain arrays (binary searches on a column
        # of a two-column table would copy it first)
        self._others_at = np.ascontiguousarray(self.others[:, 0])
        self._upper_at = np.ascontiguousarray(self.upper[:, 0])
        self._sa_p = self.sa.ctypes.data if len(self.sa) else None

    def __len__(self) -> int:
        return len(self.docs)

    def codes(self, column: str) -> np.ndarray:
        """A keyword column's code per article (int32, -1 for none; all -1 for a column
        the segment was built without)."""
        if column not in self.columns:
            return np.full(len(self.docs), -1, dtype=np.int32)
        return self.docs[:, FIRST_COLUMN + list(self.columns).index(column)].astype(np.int32)

    def find(self, pattern: bytes) -> tuple[int, int]:
        """The suffix array range of every occurrence of `pattern` (empty: ``lo == hi``)."""
        n = len(self.text)
        if not pattern or not n:
            return 0, 0
        left = ctypes.c_int32()
        count = self._search(self._text_p, n, pattern, len(pattern), self._sa_p, len(self.sa), ctypes.byref(left))
        return (left.value, left.value + count) if count > 0 else (0, 0)

    def count(self, pattern: bytes) -> int:
        lo, hi = self.find(pattern)
        return hi - lo

    @staticmethod
    def _bit(packed: np.ndarray, positions: np.ndarray) -> np.ndarray:
        positions = np.asarray(positions, dtype=np.intp)
        return (packed[positions >> 3] >> (positions & 7).astype(np.uint8) & 1).view(bool)

    @staticmethod
    def _bits(packed: np.ndarray, lo: int, hi: int) -> np.ndarray:
        if hi <= lo:
            return np.zeros(0, dtype=bool)
        bits = np.unpackbits(packed[lo >> 3:(hi + 7) >> 3], bitorder="little")
        return bits[lo & 7:(lo & 7) + hi - lo].view(bool)

    def is_bound(self, positions: np.ndarray) -> np.ndarray:
        """For byte offsets into ``text``: may a word begin or end there?"""
        return self._bit(self.bounds, positions)

    def bound_bits(self, lo: int, hi: int) -> np.ndarray:
        """The bounds of ``text[lo:hi]`` as one bool per byte."""
        return self._bits(self.bounds, lo, hi)

    def is_cut(self, positions: np.ndarray) -> np.ndarray:
        """For byte offsets into ``text``: may a reader cut the text there?"""
        return self._bit(self.cuts, positions)

    def cut_bits(self, lo: int, hi: int) -> np.ndarray:
        """The reader's cuts of ``text[lo:hi]`` as one bool per byte."""
        return self._bits(self.cuts, lo, hi)

    def _flags(self, lo: int, hi: int, rows: np.ndarray | None) -> np.ndarray:
        return self.saflags[lo:hi] if rows is None else self.saflags[lo:hi][rows]

    def _starts(self, lo: int, hi: int, rows: np.ndarray | None) -> np.ndarray:
        return (self.sa[lo:hi] if rows is None else self.sa[lo:hi][rows]).astype(np.intp)

    def whole_words(self, lo: int, hi: int, length: int, rows: np.ndarray | None = None) -> np.ndarray:
        """For the occurrences in suffix array rows `lo`:`hi` (or only those `rows` of
        them) of a pattern of `length` bytes: is each a run of whole words (a bound at
        both edges)?"""
        flags = self._flags(lo, hi, rows)
        if length < FLAG_REACH:
            edges = np.uint32(1 | 1 << length)
            return (flags & edges) == edges
        return ((flags & np.uint32(1)) != 0) & self.is_bound(self._starts(lo, hi, rows) + length)

    def ends_at_cut(self, lo: int, hi: int, length: int, rows: np.ndarray | None = None) -> np.ndarray:
        """For the occurrences in suffix array rows `lo`:`hi` (or only those `rows`) of a
        pattern of `length` bytes: does each end where a reader could cut? (Each starts
        at a cut: the suffix array holds no other suffixes.)"""
        if 1 <= length <= CUT_REACH:
            return (self._flags(lo, hi, rows) & np.uint32(1 << (CUT_SHIFT + length - 1))) != 0
        return self.is_cut(self._starts(lo, hi, rows) + length)

    def in_headline(self, lo: int, hi: int, rows: np.ndarray | None = None) -> np.ndarray:
        """For the occurrences in suffix array rows `lo`:`hi` (or only those `rows` of
        them): does each start in a headline?"""
        return self._flags(lo, hi, rows) >= HEADLINE

    def holds_others(self, starts: np.ndarray, text: str) -> np.ndarray:
        """For occurrences (byte offsets) of `text`'s one-byte form: do the characters behind
        its placeholders match `text`'s own (case aside)?"""
        keep = np.ones(len(starts), dtype=bool)
        points = folded_points(text)
        for offset in np.flatnonzero(encode_array(text) == OTHER):
            at = starts + offset
            row = np.searchsorted(self._others_at, at)
            found = row < len(self.others)
            found[found] = self.others[row[found], 0] == at[found]
            keep &= found
            keep[found] &= fold(self.others[row[found], 1]) == points[offset]
        return keep

    def patches(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``others`` rows and ``upper`` runs that start in ``text[lo:hi]``."""
        others, upper = self._others_at, self._upper_at
        return (self.others[others.searchsorted(lo):others.searchsorted(hi)],
                self.upper[upper.searchsorted(lo):upper.searchsorted(hi)])

    def article_strings(self, docnum: int) -> tuple[str, str]:
        """The headline and body of article `docnum` exactly as stored (see the module docstring)."""
        lo, title_len, body_len = self.article_text(docnum)
        text = self._decode(lo, lo + title_len + 1 + body_len)
        return text[:title_len], text[title_len + 1:]

    def article_title(self, docnum: int) -> str:
        """The headline of article `docnum` exactly as stored."""
        lo, title_len, _ = self.article_text(docnum)
        return self._decode(lo, lo + title_len)

    def _decode(self, lo: int, hi: int) -> str:
        """``text[lo:hi]`` as the characters it stands for: capitals back in the bytes
        (ASCII letters are their own cp874 bytes), then each placeholder's character."""
        others, runs = self.patches(lo, hi)
        data = bytearray(self.text[lo:hi])
        for start, end in (runs - lo).tolist():
            data[start:end] = data[start:end].upper()
        pieces, at, text = [], 0, data.decode("cp874")
        for where, point in (others - (lo, 0)).tolist():
            pieces += [text[at:where], chr(point)]
            at = where + 1
        return "".join(pieces) + text[at:] if pieces else text

    def article_text(self, docnum: int) -> tuple[int, int, int]:
        """(start of the article in ``text``, headline length, body length)."""
        row = self.docs[docnum]
        return int(row[START]), int(row[TITLE_LEN]), int(row[BODY_LEN])


def remove_files(folder: str | Path, segment_id: str) -> None:
    """Remove a segment's substring index files (a cancelled writer's)."""
    for ext in FILES.values():
        try:
            os.unlink(f"{Path(folder) / segment_id}{ext}")
        except FileNotFoundError:
            pass
