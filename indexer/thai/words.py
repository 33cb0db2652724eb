"""Thai text as indexable words: terms with character offsets and positions.

Segmentation (``segment``) cuts text into pieces; here the pieces become the
terms the index holds: Thai words (with abbreviation dots dropped), Latin and
digit runs, punctuation and spaces left out. Text reaching these functions is
already normalised (see ``normalize``): the stored text and the analysed text
are the same string, so offsets are right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .chars import PLAIN_WORD_CHARS, TERM_DROPPED, THAI_WORD_CHARS
from .normalize import normalize
from .segment import segment, segment_keeping

__all__ = ["terms", "term_spans", "positioned_terms", "title_key"]

# A Thai run may hold dots inside or at its end (ผวจ., ส.ค., พล.อ.): one
# abbreviation, one token. Anything else is a run of letters or digits;
# punctuation and spaces separate tokens and are not indexed.
_RUN = re.compile(
    f"[{THAI_WORD_CHARS}](?:[{THAI_WORD_CHARS}.]*[{THAI_WORD_CHARS}])?\\.?"
    r"|[^\W_]+"
)
# Dots, paiyannoi (ฯ) and mai yamok (ๆ) are spelling marks of abbreviation
# and repetition: `ผวจ.` and `ผวจ`, `นายกฯ` and `นายก` are the same term.
_DROP = str.maketrans("", "", TERM_DROPPED)
# What terms are made of (``title_key``): Thai letters and marks, and letters and digits.
_TERM_CHARS = re.compile(f"[{THAI_WORD_CHARS}]+|[^\\W_]+")
# Most segments are plain Thai words (no dot, ฯ or ๆ): they are terms as
# they are, and this one check saves the run regex on them (4x faster).
_PLAIN_THAI = re.compile(f"[{PLAIN_WORD_CHARS}]+")


def term_spans(text: str, keep=None) -> Iterator[tuple[str, int, int]]:
    """Yield ``(term, startchar, endchar)`` for each indexable word of `text`.

    Segments with newmm (keeping the words of `keep` whole, see
    :func:`~indexer.thai.segment.segment_keeping`), then splits each segment into
    runs: Thai words (with abbreviation dots) and Latin/digit words. Terms are
    not lowercased here; the analyzer's LowercaseFilter does that.
    """
    offset = 0
    plain = _PLAIN_THAI.fullmatch
    finditer = _RUN.finditer
    for piece in (segment_keeping(text, keep) if keep else segment(text)):
        size = len(piece)
        if plain(piece):
            yield piece, offset, offset + size
        elif not piece.isspace():
            for m in finditer(piece):
                term = m.group(0).translate(_DROP)
                if term:
                    yield term, offset + m.start(), offset + m.end()
        offset += size


def terms(text: str, *, normalise: bool = True) -> list[str]:
    """The lowercased terms of `text`, as the index sees them."""
    if normalise:
        text = normalize(text)
    return [t.lower() for t, _, _ in term_spans(text)]


def title_key(title: str) -> str:
    """A headline reduced to its terms joined: spacing, punctuation, dots and case ignored.

    The terms joined are the characters terms are made of, in order, whatever
    the segmentation: no segmenting needed (a query is looked up as a pasted
    headline every time).

    >>> title_key("ผวจ.สงขลา ตรวจเยี่ยม (ภาพ)")
    'ผวจสงขลาตรวจเยี่ยมภาพ'
    """
    return "".join(_TERM_CHARS.findall(normalize(title))).translate(_DROP).lower()


def positioned_terms(text: str, keep=None, start_pos: int = 0) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(term, position, startchar, endchar)`` for the words of `text`.

    A space or punctuation between two words leaves a hole of one position,
    so a phrase of adjacent positions is a run of text with nothing between
    its words: `ผู้ว่าราชการจังหวัดสงขลา` as a phrase does not match
    `ผู้ว่าราชการจังหวัด สงขลา` (a quoted phrase with spaces allows the holes,
    see ``query``).
    """
    pos = start_pos - 1
    last_end = None
    for term, start, end in term_spans(text, keep):
        pos += 1 if last_end is None or start == last_end else 2
        last_end = end
        yield term, pos, start, end
