"""Whoosh field types for articles: Thai headline and body, officials' names.

The build analyses each article once (``analysis.analyse``) and hands the
fields what they index: ``ThaiText`` takes the headline's or body's terms,
the officials' fields take their lists of strings (Whoosh indexes a list as
given). Matching the text a user typed is the substring index's work
(``textindex``); these postings serve Whoosh's more-like-this, the
directory of officials and suggestions, so they keep frequencies but no
positions. The analyzer stays for text Whoosh reads itself (an article's
body for more-like-this).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh.analysis import IDTokenizer, LowercaseFilter, Token, Tokenizer
from whoosh.columns import CompressedBytesColumn, VarBytesColumn
from whoosh.fields import COLUMN, TEXT
from whoosh.system import pack_uint

from indexer.thai.normalize import normalize
from indexer.thai.words import positioned_terms

__all__ = ["ThaiTokenizer", "thai_analyzer", "ThaiText", "NameList", "TextColumn"]


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
        for term, pos, start, end in positioned_terms(value, None, start_pos):
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


def thai_analyzer():
    """The analyzer of the headline and body fields, for text Whoosh reads itself (more-like-this)."""
    return ThaiTokenizer() | LowercaseFilter()


class ThaiText(TEXT):
    """A Thai headline or body: indexed as the given list of terms, with frequencies.

    ``ThaiText.index(["การ", "ประชุม", "การ"])`` gives the postings of
    ``การ`` (2) and ``ประชุม`` (1), each weighing its frequency times the
    field boost, as Whoosh's Frequency format does, without Whoosh's
    token pipeline (a Token object and a filter chain per word).
    """

    def __init__(self, stored: bool = True, field_boost: float = 1.0, column: bool = False):
        super().__init__(analyzer=thai_analyzer(), stored=stored, field_boost=field_boost, phrase=False)
        if column:
            # the text as given (``_stored_<field>``), deflated, in a column of
            # its own: reading an article's other stored fields does not inflate it
            self.column_type = CompressedBytesColumn()

    def to_column_value(self, value) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else b""

    def from_column_value(self, value) -> str:
        return value.decode("utf-8")

    def index(self, value, **kwargs) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, list):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for term, freq in Counter(value).items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class NameList(TEXT):
    """Officials' names, positions or pairs: indexed as the given list of strings, each one term."""

    def __init__(self):
        super().__init__(analyzer=IDTokenizer(), phrase=False)
        self.scorable = False  # no field lengths: these postings are looked up, never ranked


class TextColumn(COLUMN):
    """A string kept in a column of its own, not with the stored fields: a result
    line reads it in about a microsecond, where the stored fields are inflated and
    unpickled whole (16-28 us). Absent is ``""``."""

    def __init__(self):
        super().__init__(VarBytesColumn())

    def to_column_value(self, value) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else b""

    def from_column_value(self, value) -> str:
        return value.decode("utf-8")
