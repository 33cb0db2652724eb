"""Whoosh fields for officials: who an article names, in what position.

The fields take the article's text (title and body) and run the extractor
(``entities``) inside the analyzer, so extraction happens in the indexing
worker processes along with segmentation. One article feeds three fields;
the extraction is cached so it runs once per article.

* ``person``: each name whole (``วีรนันทน์ เพ็งจันทร์``), its first name and
  surname alone, and the two written together, so a name is found typed
  with or without the space, or as the surname alone.
* ``position``: each position (``ผู้ว่าราชการจังหวัดสงขลา``) and its
  abbreviations (``ผวจ.สงขลา``).
* ``role``: ``name|position`` pairs for the officials directory.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import LowercaseFilter, Token, Tokenizer
from whoosh.fields import TEXT

from indexer.thai.normalize import normalize
from indexer.thai.officials import abbreviate_position, name_key, people_of
from indexer.thai.words import index_keep, positioned_terms

__all__ = ["ThaiTokenizer", "thai_analyzer", "ThaiText", "PersonTokenizer", "PositionTokenizer", "RoleTokenizer",
           "ROLE_SEPARATOR"]

ROLE_SEPARATOR = "|"


class _ListTokenizer(Tokenizer):
    """Yields the strings ``values(text)`` gives, one token each, in order."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def values(self, text: str) -> list[str]:
        raise NotImplementedError

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # A query names one person or position, typed any way; an article is
        # read for all it mentions.
        items = [name_key(value)] if mode == "query" or not tokenize else self.values(value)
        for pos, item in enumerate(items, start_pos):
            if not item:
                continue
            t.text = item
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = item
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t


class PersonTokenizer(_ListTokenizer):
    def values(self, text: str) -> list[str]:
        out: list[str] = []
        for name, first, last, _ in people_of(text):
            for item in (name, first, last, first + last):
                item = item.replace(".", "")
                if item not in out:
                    out.append(item)
        return out


class PositionTokenizer(_ListTokenizer):
    def values(self, text: str) -> list[str]:
        out: list[str] = []
        for _, _, _, position in people_of(text):
            if not position:
                continue
            for item in (position, *abbreviate_position(position)):
                item = item.replace(".", "")
                if item not in out:
                    out.append(item)
        return out


class RoleTokenizer(_ListTokenizer):
    def values(self, text: str) -> list[str]:
        out: list[str] = []
        for name, _, _, position in people_of(text):
            item = f"{name}{ROLE_SEPARATOR}{position}"
            if item not in out:
                out.append(item)
        return out


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




def thai_analyzer():
    """The analyzer used for every Thai text field, at index and query time."""
    return ThaiTokenizer() | LowercaseFilter()


class ThaiText(TEXT):
    """A Thai text field whose index-time analysis skips Whoosh's token pipeline.

    Produces the same postings as ``TEXT(analyzer=thai_analyzer())`` (a test
    compares them on corpus text): lowercased terms of
    :func:`~indexer.thai.words.positioned_terms`, the article's officials'
    names kept whole, each occurrence weighing 1 times the field boost.
    """

    def index(self, value, **kwargs) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index":
            yield from super().index(value, **kwargs)
            return
        poses: dict[str, list[int]] = {}
        get = poses.get
        for term, pos, _, _ in positioned_terms(value, index_keep(value)):
            term = term.lower()
            found = get(term)
            if found is None:
                poses[term] = [pos]
            else:
                found.append(pos)
        fmt = self.format
        encode, boost = fmt.encode, fmt.field_boost
        for term, positions in poses.items():
            yield term.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)
