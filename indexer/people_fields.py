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

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from .entities import abbreviate_position, extract_people
from .textnorm import normalize

__all__ = ["PersonTokenizer", "PositionTokenizer", "RoleTokenizer", "people_of", "name_key"]

ROLE_SEPARATOR = "|"
_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """A name or position as typed by a user, in the form the fields hold."""
    return _SPACES.sub(" ", normalize(text)).strip().replace(".", "")


@lru_cache(maxsize=64)
def people_of(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """(name, first, last, position) for every mention in `text`, in order."""
    return tuple((m.name, m.first, m.last, m.position or "") for m in extract_people(text))


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
