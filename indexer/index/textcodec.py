"""The substring index's one-byte text: how an article's characters become bytes and come back.

A suffix array over bytes is small and fast when every character is one
byte. cp874 (Thai Windows) gives every Thai letter and mark, digits and ASCII
one byte, so the text of a Thai archive needs no wider alphabet; ASCII is
lowercased so that units match case-insensitively, and any character cp874
has no byte for (emoji, accented Latin, CJK ...) becomes the placeholder
``OTHER``. What it takes to give the text back exactly (the code point behind
each placeholder, the runs of capital letters) is kept beside it by
``textindex``; the helpers here compute it.

    >>> encode("ผวจ.A")
    b'\\xbc\\xc7\\xa8.a'
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

__all__ = ["OTHER", "TITLE_END", "DOC_END", "EPOCH", "NO_DAY", "encode", "encode_array", "folded_points",
           "fold", "upper_runs", "day_number"]

# Separators: after a headline and after a body. Queries never hold them
# (control characters are refused), so no match spans two fields or articles.
TITLE_END, DOC_END = 0x01, 0x00
# Any character cp874 has no byte for (emoji, accented Latin, CJK ...).
OTHER = 0x1A
EPOCH = date(1970, 1, 1)
NO_DAY = np.iinfo(np.int32).min


def _byte_table() -> np.ndarray:
    table = np.full(0x10000, OTHER, dtype=np.uint8)
    table[0x20:0x80] = np.arange(0x20, 0x80, dtype=np.uint8)
    table[ord("A"):ord("Z") + 1] += 32
    table[ord("\n")] = ord("\n")
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            encoded = ch.encode("cp874")
        except UnicodeEncodeError:
            continue
        table[cp] = encoded[0]
    table[OTHER] = OTHER
    return table


_TABLE = _byte_table()
_BYTES = _TABLE.tolist()  # the same, as a list: ``encode`` of a short text looks up each character
_SHORT = 64


def encode_array(text: str) -> np.ndarray:
    """`text` in the index's one-byte form, one uint8 per character (see ``encode``)."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = _TABLE[np.minimum(points, 0xFFFF)]
    out[points > 0xFFFF] = OTHER
    return out


def folded_points(text: str) -> np.ndarray:
    """The code points of `text` lowercased one by one (as units are matched)."""
    return np.array([ord(ch.lower()) if len(ch.lower()) == 1 else ord(ch) for ch in text], dtype=np.int64)


def fold(points: np.ndarray) -> np.ndarray:
    """``folded_points`` of an array of code points (each distinct one folded once)."""
    if not len(points):
        return points.astype(np.int64)
    distinct, where = np.unique(points, return_inverse=True)
    return folded_points("".join(map(chr, distinct.tolist())))[where]


def upper_runs(points: np.ndarray, start: int) -> np.ndarray:
    """(start, end) rows of the runs of capital ASCII letters, as offsets into the segment's text."""
    capital = (points >= ord("A")) & (points <= ord("Z"))
    if not capital.any():
        return np.zeros((0, 2), dtype=np.int64)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], capital.astype(np.int8), [0]])))
    return edges.reshape(-1, 2) + start


def encode(text: str) -> bytes:
    """`text` in the index's one-byte form: ``encode("ผวจ.A") == b"\\xbc\\xc7\\xa8.a"``."""
    if len(text) <= _SHORT:  # a unit or a candidate: a loop of lookups beats numpy's setup
        return bytes(_BYTES[cp] if cp <= 0xFFFF else OTHER for cp in map(ord, text))
    return encode_array(text).tobytes()


def day_number(value) -> int:
    """Days since 1970-01-01 of a date or datetime; ``NO_DAY`` for anything else."""
    if isinstance(value, datetime):
        value = value.date()
    return (value - EPOCH).days if isinstance(value, date) else NO_DAY
