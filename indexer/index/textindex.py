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
* ``sa``: the suffix array of ``text`` (pydivsufsort, libdivsufsort's C
  code; int32) and ``sadoc``: the article of each suffix, so the articles of
  a unit are one contiguous slice (uint16 when the segment has fewer than
  65,536 articles);
* ``bounds``: a bit per byte of text (``numpy.packbits``, little bit
  order), set where a word may begin or end: outside the words of the
  index's own segmentation (officials' names kept whole), or at a word's
  edge. An occurrence with both edges on a bound is a run of whole words;
  the others are inside words or across the segmenter's cuts;
* ``saflags``: per suffix, in suffix array order, what ranking asks of every
  occurrence of a unit: bit ``j`` (0-14) for a bound ``j`` bytes after the
  suffix's start, and ``HEADLINE`` when it starts in a headline. A unit's
  occurrences are a contiguous range of the suffix array, so whether each is
  whole words and in which field is one slice, not a read at a random place
  of the text per occurrence (six times faster for a common word, for two
  bytes a byte of text);
* ``docs``: per article its start in ``text``, headline and body lengths,
  publish day, category code and its officials (offsets into ``people``,
  each official's code once); ``roles``: a row (article, official's code,
  position's code) for each position an article names an official with, so
  the officials directory and an official's card are counted with numpy,
  not read from stored articles or a posting list per position;
  ``meta``: the category and official names those codes stand for.

What this costs and saves is measured in ``bench/`` (see bench/README.md).
"""

from __future__ import annotations

import ctypes
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .textcodec import DOC_END, NO_DAY, OTHER, TITLE_END, encode_array, fold, folded_points, upper_runs

__all__ = ["FORMAT", "FILES", "TextWriter", "SegmentText", "remove_files", "text_flags", "HEADLINE", "FLAG_REACH"]

FORMAT = 5  # bump SCHEMA_VERSION (schema.py) with it: open_index refuses other versions
FILES = {"text": ".text.npy", "sa": ".sa.npy", "sadoc": ".sadoc.npy", "bounds": ".bounds.npy",
         "saflags": ".saflags.npy", "docs": ".docs.npy", "people": ".people.npy", "roles": ".roles.npy",
         "others": ".others.npy", "upper": ".upper.npy", "meta": ".textmeta.json"}
# Suffixes whose article and flags are looked up at a time when a segment is written.
SADOC_CHUNK = 1 << 23
# ``saflags``: the bounds of the first FLAG_REACH bytes of a suffix, and the headline bit.
FLAG_REACH = 15
HEADLINE = np.uint16(1 << 15)
# Columns of the ``docs`` table.
START, TITLE_LEN, BODY_LEN, DAY, CATEGORY, PEOPLE_LO, PEOPLE_HI = range(7)


class TextWriter:
    """Collects a segment's articles in document order; ``close`` writes the files.

    ``add`` takes an article with its word bounds (a bool per character and
    one more for the end, True where a word may begin or end), ``add_copy``
    takes one already written to another segment's files (a merge), so
    neither re-segments text.
    """

    def __init__(self, folder: str | Path, segment_id: str):
        self._prefix = Path(folder) / segment_id
        self._text = bytearray()
        self._bounds = bytearray()
        self._docs: list[tuple[int, ...]] = []
        self._categories: dict[str, int] = {}
        self._people: dict[str, int] = {}
        self._mentions: list[int] = []
        self._positions: dict[str, int] = {}
        self._roles: list[tuple[int, int, int]] = []  # (article, official, position)
        self._others: list[np.ndarray] = []  # (position, code point) rows
        self._upper: list[np.ndarray] = []  # (start, end) rows

    def __len__(self) -> int:
        return len(self._docs)

    def _codes(self, category: str | None, people) -> tuple[int, int, int]:
        """The category's code and the article's officials (`people`: (name, position) pairs,
        the position "" when none) noted; the category code and the mentions' range."""
        code = -1 if not category else self._categories.setdefault(category, len(self._categories))
        lo = len(self._mentions)
        article = len(self._docs)
        for name, position in dict.fromkeys((name, position or "") for name, position in people or ()):
            person = self._people.get(name)
            if person is None:
                person = self._people[name] = len(self._people)
            if len(self._mentions) == lo or person not in self._mentions[lo:]:
                self._mentions.append(person)
            if position:
                self._roles.append((article, person, self._positions.setdefault(position, len(self._positions))))
        return code, lo, len(self._mentions)

    def add(self, title: str, body: str, title_bounds: np.ndarray, body_bounds: np.ndarray,
            day: int = NO_DAY, category: str | None = None, people=()) -> None:
        """Append an article (normalised text, as stored) with its word bounds."""
        start = len(self._text)
        full = title + "\x01" + body + "\x00"
        points = np.frombuffer(full.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        encoded = encode_array(full)
        encoded[len(title)] = TITLE_END
        encoded[-1] = DOC_END
        self._text += encoded.tobytes()
        placeholders = np.flatnonzero(encoded == OTHER)
        if len(placeholders):
            self._others.append(np.column_stack([placeholders + start, points[placeholders].astype(np.int64)]))
        runs = upper_runs(points, start)
        if len(runs):
            self._upper.append(runs)
        # a field's last bound (one past its end) falls on the separator after it
        self._bounds += title_bounds.astype(np.uint8).tobytes()
        self._bounds += body_bounds.astype(np.uint8).tobytes()
        self._docs.append((start, len(title), len(body), day, *self._codes(category, people)))

    def add_copy(self, source: SegmentText, docnum: int, day: int = NO_DAY, category: str | None = None,
                 people=()) -> None:
        """Append article `docnum` of another segment's index, bytes and bounds as they are."""
        lo, title_len, body_len = source.article_text(docnum)
        hi = lo + title_len + body_len + 2
        start = len(self._text)
        self._text += source.text[lo:hi].tobytes()
        self._bounds += source.bound_bits(lo, hi).astype(np.uint8).tobytes()
        rows, runs = source.patches(lo, hi)
        if len(rows):
            self._others.append(rows + np.array([start - lo, 0]))
        if len(runs):
            self._upper.append(runs + (start - lo))
        self._docs.append((start, title_len, body_len, day, *self._codes(category, people)))

    def close(self) -> None:
        """Build the suffix array and write every file (before Whoosh's TOC names the segment).

        Each array is written and let go before the next is made, and the
        article of each suffix is looked up a chunk at a time: a worker's
        segment of 45,000 articles holds 140 M bytes of text, and the suffix
        array alone is four bytes a byte.
        """
        docs = np.array(self._docs, dtype=np.int64).reshape(-1, 7)
        self._save("docs", docs)
        self._save("people", np.array(self._mentions, dtype=np.int32))
        self._save("roles", np.array(self._roles, dtype=np.int32).reshape(-1, 3))
        others = np.concatenate(self._others) if self._others else np.zeros((0, 2), dtype=np.int64)
        self._save("others", others.astype(np.int64))
        upper = np.concatenate(self._upper) if self._upper else np.zeros((0, 2), dtype=np.int64)
        self._save("upper", upper.astype(np.int64))
        bounds = np.frombuffer(self._bounds, dtype=np.uint8)
        self._save("bounds", np.packbits(bounds, bitorder="little"))
        flags = text_flags(bounds, docs)
        del bounds
        self._bounds = bytearray()
        text = np.frombuffer(self._text, dtype=np.uint8)  # writable: libdivsufsort takes a pointer
        self._save("text", text)
        sa = divsufsort(text) if len(text) else np.zeros(0, dtype=np.int32)
        del text
        self._text = bytearray()
        sa = sa.astype(np.int32, copy=False)
        self._save("sa", sa)
        ends = np.cumsum(docs[:, TITLE_LEN] + docs[:, BODY_LEN] + 2)
        self._save_chunked("sadoc", len(sa), np.uint16 if len(docs) < 0xFFFF else np.int32,
                           lambda lo, hi: np.searchsorted(ends, sa[lo:hi], side="right"))
        self._save_chunked("saflags", len(sa), np.uint16, lambda lo, hi: flags[sa[lo:hi]])
        meta = {"format": FORMAT, "categories": list(self._categories), "people": list(self._people),
                "positions": list(self._positions)}
        path = Path(f"{self._prefix}{FILES['meta']}")
        path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def _save(self, kind: str, array: np.ndarray) -> None:
        with open(f"{self._prefix}{FILES[kind]}", "wb") as fh:
            np.save(fh, array, allow_pickle=False)

    def _save_chunked(self, kind: str, size: int, dtype, rows) -> None:
        """Write an array of `size` made a chunk at a time (``rows(lo, hi)``), never whole in memory."""
        out = np.lib.format.open_memmap(f"{self._prefix}{FILES[kind]}", mode="w+", dtype=dtype, shape=(size,))
        for lo in range(0, size, SADOC_CHUNK):
            out[lo:lo + SADOC_CHUNK] = rows(lo, min(size, lo + SADOC_CHUNK))
        out.flush()
        del out


def text_flags(bounds: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Per byte of text, its ``saflags`` (see the module docstring): the bounds of
    the FLAG_REACH bytes from it (`bounds`: 0 or 1 per byte) and ``HEADLINE``."""
    size = len(bounds)
    flags = np.zeros(size, dtype=np.uint16)
    for lo in range(0, size, SADOC_CHUNK):  # a chunk at a time, in cache
        hi = min(size, lo + SADOC_CHUNK)
        ahead = bounds[lo:hi + FLAG_REACH - 1].astype(np.uint16)
        chunk = flags[lo:hi]
        for j in range(FLAG_REACH):
            part = ahead[j:j + hi - lo]
            chunk[:len(part)] |= part << np.uint16(j)
    titles = docs[:, TITLE_LEN]
    if titles.sum():
        starts = np.repeat(docs[:, START] - np.cumsum(titles) + titles, titles) + np.arange(int(titles.sum()))
        flags[starts] |= HEADLINE
    return flags


def divsufsort(text: np.ndarray) -> np.ndarray:
    """pydivsufsort's suffix array of `text`, built in the calling thread.

    pydivsufsort's libdivsufsort is built with OpenMP, and a process forked
    after OpenMP started its threads hangs in its next parallel region (seen:
    a parallel build's worker, forked by a process that had built a small
    index itself, never returned). With one OpenMP thread no team is
    started, so forking stays safe; a build's parallelism is its worker
    processes anyway.
    """
    import glob

    import pydivsufsort

    for lib in glob.glob(os.path.join(os.path.dirname(pydivsufsort.__file__), "..", "pydivsufsort.libs",
                                      "libgomp*.so*")):
        ctypes.CDLL(lib).omp_set_num_threads(1)
    return pydivsufsort.divsufsort(text)


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
    saflags: np.ndarray
    docs: np.ndarray
    mentions: np.ndarray
    roles: np.ndarray  # int32 rows (article, official, position), codes into ``people`` and ``positions``
    others: np.ndarray  # rows (position in text, code point), by position
    upper: np.ndarray  # rows (start, end) of capital ASCII runs in text, by position
    categories: list[str]
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

        return cls(load("text"), load("sa"), load("sadoc"), load("bounds"), load("saflags"), load("docs", mmap=False),
                   load("people", mmap=False), load("roles", mmap=False), load("others"), load("upper"),
                   meta["categories"], meta["people"], meta["positions"])

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

    def find(self, pattern: bytes) -> tuple[int, int]:
        """The suffix array range of every occurrence of `pattern` (empty: ``lo == hi``)."""
        n = len(self.text)
        if not pattern or not n:
            return 0, 0
        left = ctypes.c_int32()
        count = self._search(self._text_p, n, pattern, len(pattern), self._sa_p, n, ctypes.byref(left))
        return (left.value, left.value + count) if count > 0 else (0, 0)

    def count(self, pattern: bytes) -> int:
        lo, hi = self.find(pattern)
        return hi - lo

    def is_bound(self, positions: np.ndarray) -> np.ndarray:
        """For byte offsets into ``text``: may a word begin or end there?"""
        positions = np.asarray(positions, dtype=np.intp)
        return (self.bounds[positions >> 3] >> (positions & 7).astype(np.uint8) & 1).view(bool)

    def bound_bits(self, lo: int, hi: int) -> np.ndarray:
        """The bounds of ``text[lo:hi]`` as one bool per byte."""
        if hi <= lo:
            return np.zeros(0, dtype=bool)
        bits = np.unpackbits(self.bounds[lo >> 3:(hi + 7) >> 3], bitorder="little")
        return bits[lo & 7:(lo & 7) + hi - lo].view(bool)

    def whole_words(self, lo: int, hi: int, length: int, rows: np.ndarray | None = None) -> np.ndarray:
        """For the occurrences in suffix array rows `lo`:`hi` (or only those `rows` of
        them) of a pattern of `length` bytes: is each a run of whole words (a bound at
        both edges)?"""
        flags = self.saflags[lo:hi] if rows is None else self.saflags[lo:hi][rows]
        if length < FLAG_REACH:
            edges = np.uint16(1 | 1 << length)
            return (flags & edges) == edges
        starts = self.sa[lo:hi] if rows is None else self.sa[lo:hi][rows]
        return ((flags & np.uint16(1)) != 0) & self.is_bound(starts.astype(np.intp) + length)

    def in_headline(self, lo: int, hi: int, rows: np.ndarray | None = None) -> np.ndarray:
        """For the occurrences in suffix array rows `lo`:`hi` (or only those `rows` of
        them): does each start in a headline?"""
        return (self.saflags[lo:hi] if rows is None else self.saflags[lo:hi][rows]) >= HEADLINE

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
