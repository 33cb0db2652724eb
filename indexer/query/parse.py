"""A user's query string as a tree of units: what to look for, not how.

Whoosh's query parser reads the syntax (spaces mean AND, ``"..."``, ``OR``,
``AND``, ``NOT``, ``-word``, ``+word``, brackets, ``title:`` and the other
field prefixes); it is given no schema, so it analyses nothing and hands
each space-free run over as a term. This module turns its tree into
:class:`Unit` leaves under :class:`All`, :class:`Any` and :class:`Without`:
the Thai meaning of a unit (its variants, its words when it occurs nowhere
as typed) is decided by the matching layer, against an index. Parsing needs
no index.

>>> parse('ผวจ.สงขลา "ประชุม เชิงปฏิบัติการ" -ปัตตานี')
All(parts=(Unit(text='ผวจ.สงขลา', field=None, phrase=False, literal=None), \
Unit(text='ประชุม เชิงปฏิบัติการ', field=None, phrase=True, literal=None), \
Without(part=Unit(text='ปัตตานี', field=None, phrase=False, literal=None))))
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from indexer.errors import QueryError
from indexer.thai.chars import THAI_BLOCK
from indexer.thai.normalize import normalize

__all__ = ["Unit", "All", "Any", "Without", "Node", "Visitor", "parse", "units_of", "positive_units", "FIELDS",
           "OPERATORS"]

# The fields a user may name in a query: the headline, the body, an
# official's name, an official's position.
FIELDS = ("title", "body", "person", "position")
# A unit holds at least one letter or digit (a lone `–` or `:` of a pasted
# headline is not a word to require).
_WORD = re.compile(r"[^\W_]")
# Characters trimmed from a unit's ends: punctuation pasted with it (`(`,
# `,`, `:`), but not Thai marks nor the dots of abbreviations (`ผวจ.`, `นายกฯ`).
_EDGE = re.compile(f"^[^\\w.{THAI_BLOCK}]+|[^\\w.{THAI_BLOCK}]+$")
# The operator words of the syntax (Whoosh's OperatorsPlugin): the one list,
# read by the syntax check below and by the limit's term count (``params``).
# ``_converters`` says what each becomes (REQUIRE makes a node it does not
# list: such a query has nothing to look for, as before).
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE")
# What Whoosh's parser reads as syntax (see ``_parser``): quotes, brackets, a
# field's colon, + and -, and the operator words.
_SYNTAX = re.compile(r"[\"'():+\-]|(?<!\S)(?:" + "|".join(OPERATORS) + r")(?!\S)")


R = TypeVar("R")


class Visitor(Generic[R]):
    """What is done with each kind of node: one method per kind (``Node.accept`` calls it).

    A new kind of node is a new method here, so every visitor (the matching
    layer's evaluation among them) is told of it in one place.
    """

    def unit(self, node: Unit) -> R:
        raise NotImplementedError

    def all(self, node: All) -> R:
        raise NotImplementedError

    def any(self, node: Any) -> R:
        raise NotImplementedError

    def without(self, node: Without) -> R:
        raise NotImplementedError


class Node:
    """A node of the query tree: a :class:`Unit`, or :class:`All`, :class:`Any` or
    :class:`Without` over other nodes. Each kind says for itself what the
    tree-wide questions ask of it; the visitor is for what other layers do."""

    def accept(self, visitor: Visitor[R]) -> R:
        raise NotImplementedError

    def units(self, excluded: bool = True) -> Iterator[Unit]:
        """Every unit below, in query order (repeats included); with `excluded=False`
        not those under ``Without``."""
        raise NotImplementedError

    def flat(self) -> Node:
        """The same tree with `All` inside `All` (and `Any` inside `Any`) as one level."""
        return self

    def only_excludes(self) -> bool:
        """Does the tree only exclude (nothing to find an article by)?"""
        return False

    def required_units(self) -> tuple[Unit, ...]:
        """The units an article must hold, each on its own (an AND's unit parts)."""
        return ()


@dataclass(frozen=True)
class Unit(Node):
    """A run of text the user typed without spaces, or a quoted phrase (`phrase`).

    `text` is normalised as indexed text is (``thai.normalize``); `field` is
    None for headline or body, or one of ``FIELDS``. `literal` is the unit
    with the punctuation it was typed or pasted with (`(MELB)`, a bullet's
    `-โรคไตเรื้อรัง`), where that was trimmed off `text`: articles holding
    it so rank first.
    """

    text: str
    field: str | None = None
    phrase: bool = False
    literal: str | None = None

    def accept(self, visitor: Visitor[R]) -> R:
        return visitor.unit(self)

    def units(self, excluded: bool = True) -> Iterator[Unit]:
        yield self


@dataclass(frozen=True)
class _Group(Node):
    """Parts combined (``All``, ``Any``)."""

    parts: tuple

    def units(self, excluded: bool = True) -> Iterator[Unit]:
        for part in self.parts:
            yield from part.units(excluded)

    def flat(self) -> Node:
        parts: list[Node] = []
        for part in (p.flat() for p in self.parts):
            parts.extend(part.parts if type(part) is type(self) else (part,))
        return type(self)(tuple(parts))

    def only_excludes(self) -> bool:
        return all(p.only_excludes() for p in self.parts)


@dataclass(frozen=True)
class All(_Group):
    """Every part must match."""

    def accept(self, visitor: Visitor[R]) -> R:
        return visitor.all(self)

    def required_units(self) -> tuple[Unit, ...]:
        return tuple(p for p in self.parts if isinstance(p, Unit))


@dataclass(frozen=True)
class Any(_Group):
    """At least one part must match."""

    def accept(self, visitor: Visitor[R]) -> R:
        return visitor.any(self)


@dataclass(frozen=True)
class Without(Node):
    """Articles that do not match `part` (only meaningful inside ``All``)."""

    part: Node

    def accept(self, visitor: Visitor[R]) -> R:
        return visitor.without(self)

    def units(self, excluded: bool = True) -> Iterator[Unit]:
        if excluded:
            yield from self.part.units(excluded)

    def flat(self) -> Node:
        return Without(self.part.flat())

    def only_excludes(self) -> bool:
        return True


@lru_cache(maxsize=1)
def _parser():
    from whoosh import qparser

    parser = qparser.QueryParser("text", None)
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.EveryPlugin, qparser.FieldsPlugin,
                   qparser.BoostPlugin, qparser.FuzzyTermPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.FieldsPlugin(expr=r"(?P<text>" + "|".join(FIELDS) + "):"))
    # `-word` excludes only at the start of a word (`COVID-19` is one unit),
    # only when a word follows (a headline's ` - ` is a dash) and not before a
    # digit (a headline's `COVID -19`, a negative number)
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=[^\s+-])",
                                              minusexpr=r"(?<![^\s(])-(?=[^\s+\-\d])"))
    return parser


def _unit(fieldname: str, text: str, phrase: bool = False) -> Unit | None:
    field = fieldname if fieldname in FIELDS else None
    typed = normalize(text).strip()
    if phrase:
        text = " ".join(_EDGE.sub("", word) for word in typed.split())
    else:
        text = _EDGE.sub("", typed)
    if not _WORD.search(text):
        return None
    return Unit(text, field, phrase and " " in text, typed if typed != text else None)


def _convert(q) -> Node | None:
    """Whoosh's tree of a query as ours (None: nothing to look for)."""
    for kind, convert in _converters():
        if isinstance(q, kind):
            return convert(q)
    return None  # NullQuery, and what the plugins left out


def _not(q) -> Node | None:
    inner = _convert(q.query)
    return Without(inner) if inner is not None else None


def _and_not(q) -> Node | None:
    keep, drop = _convert(q.a), _convert(q.b)
    if keep is None:
        return Without(drop) if drop is not None else None
    return All((keep, Without(drop))) if drop is not None else keep


def _group(kind: type[_Group]):
    def convert(q) -> Node | None:
        parts = tuple(p for p in (_convert(sub) for sub in q.subqueries) if p is not None)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else kind(parts)
    return convert


@lru_cache(maxsize=1)
def _converters() -> tuple:
    """Each node of Whoosh's parser (the operators of ``OPERATORS``, a term, a
    phrase) with what it is here, in the order they are tried."""
    from whoosh import query as wq

    return (
        (wq.Term, lambda q: _unit(q.fieldname, q.text)),
        (wq.Phrase, lambda q: _unit(q.fieldname, " ".join(q.words), phrase=True)),
        (wq.Not, _not),
        (wq.AndNot, _and_not),
        # `a ANDMAYBE b`: b only ranks, which units near each other do anyway
        (wq.AndMaybe, lambda q: _convert(q.a)),
        (wq.And, _group(All)),
        (wq.Or, _group(Any)),
    )


def _words(text: str) -> Node | None:
    """The tree Whoosh's parser makes of a query with no syntax in it (words and
    spaces: nearly every query), without running its taggers: each distinct
    space-free run a unit, all of them required."""
    units = [u for u in (_unit("text", run) for run in dict.fromkeys(text.split())) if u is not None]
    if len(units) < 2:
        return units[0] if units else None
    return All(tuple(units))


def parse(q: str) -> Node:
    """The tree of a query (see the module docstring); QueryError when it has nothing to look for.

    A query that only excludes (`-โรคไตเรื้อรัง`) is read as the text itself:
    the dash was pasted with it (a bullet), nothing is excluded from nothing.
    """
    text = q.strip()
    if not text:
        raise QueryError("the query is empty", code="empty_query")
    node = _words(text) if not _SYNTAX.search(text) else _convert(_parser().parse(text))
    if (node is None or node.only_excludes()) and text.startswith("-"):
        node = _convert(_parser().parse(text.lstrip("-")))
        if isinstance(node, Unit):
            node = Unit(node.text, node.field, node.phrase, normalize(text))
    if node is None or node.only_excludes():
        raise QueryError(f"the query {q!r} has no searchable words", code="no_words", query=q)
    return node.flat()


def units_of(node: Node, excluded: bool = True) -> list[Unit]:
    """Every unit of the tree, in query order, each once; with `excluded=False`
    only the units an article is found by (not under ``Without``)."""
    return list(dict.fromkeys(node.units(excluded)))


def positive_units(node: Node) -> list[Unit]:
    """The units an article is found by (not under ``Without``), in query order."""
    return units_of(node, excluded=False)
