"""Whoosh analysis for Thai news text.

``ThaiTokenizer`` turns PyThaiNLP's segmentation into Whoosh tokens with
positions and character offsets, so phrase queries and highlighting work on
Thai exactly as on spaced languages. Compose it with Whoosh filters as usual::

    analyzer = ThaiTokenizer() | LowercaseFilter()

Text reaching the tokenizer is already normalised (see ``textnorm``): the
stored text and the analysed text are the same string, so offsets are right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import LowercaseFilter, Token, Tokenizer

from .segment import segment, segment_keeping
from .textnorm import normalize

__all__ = ["ThaiTokenizer", "thai_analyzer", "terms", "term_spans", "positioned_terms", "index_keep", "title_key"]

# A Thai run may hold dots inside or at its end (ผวจ., ส.ค., พล.อ.): one
# abbreviation, one token. Anything else is a run of letters or digits;
# punctuation and spaces separate tokens and are not indexed.
_RUN = re.compile(
    r"[\u0e01-\u0e4e](?:[\u0e01-\u0e4e.]*[\u0e01-\u0e4e])?\.?"
    r"|[^\W_]+"
)
# Dots, paiyannoi (ฯ) and mai yamok (ๆ) are spelling marks of abbreviation
# and repetition: `ผวจ.` and `ผวจ`, `นายกฯ` and `นายก` are the same term.
_DROP = str.maketrans("", "", ".\u0e2f\u0e46")
# Most segments are plain Thai words (no dot, ฯ or ๆ): they are terms as
# they are, and this one check saves the run regex on them (4x faster).
_PLAIN_THAI = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+")


def term_spans(text: str, keep=None) -> Iterator[tuple[str, int, int]]:
    """Yield ``(term, startchar, endchar)`` for each indexable word of `text`.

    Segments with newmm (keeping the words of `keep` whole, see
    :func:`~indexer.segment.segment_keeping`), then splits each segment into
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
    """A headline reduced to its terms joined: spacing, dots and case ignored."""
    return "".join(terms(title))


class ThaiTokenizer(Tokenizer):
    """Whoosh tokenizer over PyThaiNLP newmm segmentation."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        if mode == "query":
            # Queries come from users: normalise them like stored text was.
            value = normalize(value)
        keep = None if mode == "query" else index_keep(value)
        for term, pos, start, end in positioned_terms(value, keep, start_pos):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = term
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


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


def index_keep(text: str) -> frozenset[str]:
    """The words segmentation keeps whole when `text` is indexed: first
    names and surname parts of the officials it names."""
    from .people_fields import people_of

    words = set()
    for _, first, last, _ in people_of(text):
        words.add(first)
        words.update(part for part in last.split() if part != "ณ")
    return frozenset(w for w in words if len(w) >= 2)


def thai_analyzer():
    """The analyzer used for every Thai text field, at index and query time."""
    return ThaiTokenizer() | LowercaseFilter()
