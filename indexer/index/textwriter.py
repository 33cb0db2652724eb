"""Writing one segment's substring index (the format is ``textindex``'s).

The build hands each article with its word bounds and reader's cuts
(``analysis``), or a merge hands an article of another segment's index;
``close`` sorts the suffixes and writes every file before Whoosh's TOC names
the segment.
"""

from __future__ import annotations

import ctypes
import glob
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from indexer.settings import SADOC_CHUNK

from .textcodec import DOC_END, NO_DAY, OTHER, TITLE_END, encode_array, upper_runs
from .textindex import (
    BODY_LEN,
    CUT_REACH,
    CUT_SHIFT,
    FILES,
    FLAG_REACH,
    FORMAT,
    HEADLINE,
    PEOPLE_HI,
    START,
    TITLE_LEN,
    SegmentText,
)

__all__ = ["TextWriter", "text_flags"]

# Bytes no match starts on: the field separators and white space (units never begin with them).
_NO_START = np.zeros(256, dtype=bool)
_NO_START[[DOC_END, TITLE_END, 0x09, 0x0A, 0x0D, 0x20, 0xA0]] = True


class TextWriter:
    """Collects a segment's articles in document order; ``close`` writes the files.

    ``add`` takes an article with its word bounds (a bool per character and
    one more for the end, True where a word may begin or end), ``add_copy``
    takes one already written to another segment's files (a merge), so
    neither re-segments text. Each takes the article's value of each of the
    keyword `columns` (``facet_table``), coded per segment.
    """

    def __init__(self, folder: str | Path, segment_id: str, columns: Sequence[str] = ()):
        self._prefix = Path(folder) / segment_id
        self._text = bytearray()
        self._bounds = bytearray()
        self._cuts = bytearray()
        self._docs: list[tuple[int, ...]] = []
        self._columns: dict[str, dict[str, int]] = {column: {} for column in columns}
        self._people: dict[str, int] = {}
        self._mentions: list[int] = []
        self._positions: dict[str, int] = {}
        self._roles: list[tuple[int, int, int]] = []  # (article, official, position)
        self._others: list[np.ndarray] = []  # (position, code point) rows
        self._upper: list[np.ndarray] = []  # (start, end) rows

    def __len__(self) -> int:
        return len(self._docs)

    def _codes(self, values: Mapping[str, str | None], people) -> tuple[int, ...]:
        """The article's officials (`people`: (name, position) pairs, the position "" when
        none) and column `values` noted: the mentions' range, then a code per column."""
        codes = tuple(-1 if not (value := values.get(column)) else known.setdefault(value, len(known))
                      for column, known in self._columns.items())
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
        return (lo, len(self._mentions), *codes)

    def add(self, title: str, body: str, analysed, day: int = NO_DAY, values: Mapping[str, str | None] | None = None,
            people=()) -> None:
        """Append an article (normalised text, as stored) with its word bounds and cuts
        (`analysed`: ``analysis.Analysed``) and its value of each column."""
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
        self._bounds += analysed.title_bounds.astype(np.uint8).tobytes()
        self._bounds += analysed.body_bounds.astype(np.uint8).tobytes()
        self._cuts += analysed.title_cuts.astype(np.uint8).tobytes()
        self._cuts += analysed.body_cuts.astype(np.uint8).tobytes()
        self._docs.append((start, len(title), len(body), day, *self._codes(values or {}, people)))

    def add_copy(self, source: SegmentText, docnum: int, day: int = NO_DAY,
                 values: Mapping[str, str | None] | None = None, people=()) -> None:
        """Append article `docnum` of another segment's index, bytes and bounds as they are."""
        lo, title_len, body_len = source.article_text(docnum)
        hi = lo + title_len + body_len + 2
        start = len(self._text)
        self._text += source.text[lo:hi].tobytes()
        self._bounds += source.bound_bits(lo, hi).astype(np.uint8).tobytes()
        self._cuts += source.cut_bits(lo, hi).astype(np.uint8).tobytes()
        rows, runs = source.patches(lo, hi)
        if len(rows):
            self._others.append(rows + np.array([start - lo, 0]))
        if len(runs):
            self._upper.append(runs + (start - lo))
        self._docs.append((start, title_len, body_len, day, *self._codes(values or {}, people)))

    def close(self) -> None:
        """Build the suffix array and write every file (before Whoosh's TOC names the segment).

        Each array is written and let go before the next is made, and the
        suffixes are filtered, and their articles and flags looked up, a
        chunk at a time: a worker's segment of 45,000 articles holds 140 M
        bytes of text, and the whole suffix array is four bytes a byte.
        Arrays are written with checked writes (a full disk raises OSError,
        where a memory-mapped write would kill the process with SIGBUS).
        """
        docs = np.array(self._docs, dtype=np.int64).reshape(-1, PEOPLE_HI + 1 + len(self._columns))
        self._save("docs", docs)
        self._save("people", np.array(self._mentions, dtype=np.int32))
        self._save("roles", np.array(self._roles, dtype=np.int32).reshape(-1, 3))
        others = np.concatenate(self._others) if self._others else np.zeros((0, 2), dtype=np.int64)
        self._save("others", others.astype(np.int64))
        upper = np.concatenate(self._upper) if self._upper else np.zeros((0, 2), dtype=np.int64)
        self._save("upper", upper.astype(np.int64))
        bounds = np.frombuffer(self._bounds, dtype=np.uint8)
        cuts = np.frombuffer(self._cuts, dtype=np.uint8)
        self._save("bounds", np.packbits(bounds, bitorder="little"))
        self._save("cuts", np.packbits(cuts, bitorder="little"))
        flags = text_flags(bounds, cuts, docs)
        text = np.frombuffer(self._text, dtype=np.uint8)  # writable: libdivsufsort takes a pointer
        self._save("text", text)
        starts = cuts.view(bool) & ~_NO_START[text]
        del bounds, cuts
        self._bounds, self._cuts = bytearray(), bytearray()
        sa = _sparse_suffixes(text, starts)
        del text, starts
        self._text = bytearray()
        self._save("sa", sa)
        ends = np.cumsum(docs[:, TITLE_LEN] + docs[:, BODY_LEN] + 2)
        self._save_chunked("sadoc", len(sa), np.uint16 if len(docs) < 0xFFFF else np.int32,
                           lambda lo, hi: np.searchsorted(ends, sa[lo:hi], side="right"))
        self._save_chunked("saflags", len(sa), np.uint32, lambda lo, hi: flags[sa[lo:hi]])
        meta = {"format": FORMAT, "columns": {column: list(known) for column, known in self._columns.items()},
                "people": list(self._people), "positions": list(self._positions)}
        path = Path(f"{self._prefix}{FILES['meta']}")
        path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def _save(self, kind: str, array: np.ndarray) -> None:
        with open(f"{self._prefix}{FILES[kind]}", "wb") as fh:
            np.save(fh, array, allow_pickle=False)

    def _save_chunked(self, kind: str, size: int, dtype, rows) -> None:
        """Write an array of `size` made a chunk at a time (``rows(lo, hi)``), never whole in memory."""
        header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": (size,)}
        with open(f"{self._prefix}{FILES[kind]}", "wb") as fh:
            np.lib.format.write_array_header_1_0(fh, header)
            for lo in range(0, size, SADOC_CHUNK):
                fh.write(np.ascontiguousarray(rows(lo, min(size, lo + SADOC_CHUNK)), dtype=dtype).tobytes())


def _sparse_suffixes(text: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The suffix array of `text` keeping only the suffixes that begin where `starts`
    is set (int32, in suffix order): a sorted subset of sorted suffixes is still
    searched by binary search."""
    if not len(text):
        return np.zeros(0, dtype=np.int32)
    full = divsufsort(text).astype(np.int32, copy=False)
    parts = [chunk[starts[chunk]] for chunk in (full[lo:lo + SADOC_CHUNK] for lo in range(0, len(full), SADOC_CHUNK))]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def text_flags(bounds: np.ndarray, cuts: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Per byte of text, its ``saflags`` (see the module docstring): the bounds of the
    FLAG_REACH bytes from it, the cuts of the CUT_REACH bytes after it (`bounds`,
    `cuts`: 0 or 1 per byte) and ``HEADLINE``."""
    size = len(bounds)
    flags = np.zeros(size, dtype=np.uint32)
    for lo in range(0, size, SADOC_CHUNK):  # a chunk at a time, in cache
        hi = min(size, lo + SADOC_CHUNK)
        chunk = flags[lo:hi]
        for source, first, count, shift in ((bounds, 0, FLAG_REACH, 0), (cuts, 1, CUT_REACH, CUT_SHIFT - 1)):
            ahead = source[lo:hi + first + count].astype(np.uint32)
            for j in range(first, first + count):
                part = ahead[j:j + hi - lo]
                chunk[:len(part)] |= part << np.uint32(j + shift)
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
    import pydivsufsort

    for lib in glob.glob(os.path.join(os.path.dirname(pydivsufsort.__file__), "..", "pydivsufsort.libs",
                                      "libgomp*.so*")):
        ctypes.CDLL(lib).omp_set_num_threads(1)
    return pydivsufsort.divsufsort(text)
