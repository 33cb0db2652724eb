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
from dataclasses import dataclass
from functools import lru_cache

from indexer.thai.chars import THAI_BLOCK
from indexer.thai.normalize import normalize

from .params import QueryError

__all__ = ["Unit", "All", "Any", "Without", "Node", "parse", "units_of", "positive_units", "FIELDS"]

# The fields a user may name in a query: the headline, the body, an
# official's name, an official's position.
FIELDS = ("title", "body", "person", "position")
# A unit holds at least one letter or digit (a lone `–` or `:` of a pasted
# headline is not a word to require).
_WORD = re.compile(r"[^\W_]")
# Characters trimmed from a unit's ends: punctuation pasted with it (`(`,
# `,`, `:`), but not Thai marks nor the dots of abbreviations (`ผวจ.`, `นายกฯ`).
_EDGE = re.compile(f"^[^\\w.{THAI_BLOCK}]+|[^\\w.{THAI_BLOCK}]+$")
# What Whoosh's parser reads as syntax (see ``_parser``): quotes, brackets, a
# field's colon, + and -, and the operator words.
_SYNTAX = re.compile(r"[\"'():+\-]|(?<!\S)(?:AND|OR|NOT|ANDNOT|ANDMAYBE|REQUIRE)(?!\S)")


@dataclass(frozen=True)
class Unit:
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


@dataclass(frozen=True)
class All:
    """Every part must match."""

    parts: tuple


@dataclass(frozen=True)
class Any:
    """At least one part must match."""

    parts: tuple


@dataclass(frozen=True)
class Without:
    """Articles that do not match `part` (only meaningful inside ``All``)."""

    part: object


Node = Unit | All | Any | Without


@lru_cache(maxsize=1)
def _parser():
    from whoosh import qparser

    parser = qparser.QueryParser("text", None)
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.EveryPlugin, qparser.FieldsPlugin,
                   qparser.BoostPlugin, qparser.FuzzyTermPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.FieldsPlugin(expr=r"(?P<text>%s):" % "|".join(FIELDS)))
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
    from whoosh import query as wq

    if isinstance(q, wq.Term):
        return _unit(q.fieldname, q.text)
    if isinstance(q, wq.Phrase):
        return _unit(q.fieldname, " ".join(q.words), phrase=True)
    if isinstance(q, wq.Not):
        inner = _convert(q.query)
        return Without(inner) if inner is not None else None
    if isinstance(q, wq.AndNot):
        keep, drop = _convert(q.a), _convert(q.b)
        if keep is None:
            return Without(drop) if drop is not None else None
        return All((keep, Without(drop))) if drop is not None else keep
    if isinstance(q, wq.AndMaybe):  # `a ANDMAYBE b`: b only ranks, which units near each other do anyway
        return _convert(q.a)
    if isinstance(q, (wq.And, wq.Or)):
        parts = tuple(p for p in (_convert(sub) for sub in q.subqueries) if p is not None)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return All(parts) if isinstance(q, wq.And) else Any(parts)
    return None  # NullQuery and anything the plugins left out


def _words(text: str) -> Node | None:
    """The tree Whoosh's parser makes of a query with no syntax in it (words and
    spaces: nearly every query), without running its taggers: each distinct
    space-free run a unit, all of them required."""
    units = [u for u in (_unit("text", run) for run in dict.fromkeys(text.split())) if u is not None]
    if len(units) < 2:
        return units[0] if units else None
    return All(tuple(units))


def _flatten(node: Node) -> Node:
    """`All` inside `All` (and `Any` inside `Any`) as one level."""
    if isinstance(node, (All, Any)):
        parts = []
        for part in (_flatten(p) for p in node.parts):
            parts.extend(part.parts if type(part) is type(node) else (part,))
        return type(node)(tuple(parts))
    if isinstance(node, Without):
        return Without(_flatten(node.part))
    return node


def _only_negative(node: Node) -> bool:
    if isinstance(node, Without):
        return True
    if isinstance(node, (All, Any)):
        return all(_only_negative(p) for p in node.parts)
    return False


def parse(q: str) -> Node:
    """The tree of a query (see the module docstring); QueryError when it has nothing to look for.

    A query that only excludes (`-โรคไตเรื้อรัง`) is read as the text itself:
    the dash was pasted with it (a bullet), nothing is excluded from nothing.
    """
    text = q.strip()
    if not text:
        raise QueryError("the query is empty", code="empty_query")
    node = _words(text) if not _SYNTAX.search(text) else _convert(_parser().parse(text))
    if (node is None or _only_negative(node)) and text.startswith("-"):
        node = _convert(_parser().parse(text.lstrip("-")))
        if isinstance(node, Unit):
            node = Unit(node.text, node.field, node.phrase, normalize(text))
    if node is None or _only_negative(node):
        raise QueryError(f"the query {q!r} has no searchable words", code="no_words", query=q)
    return _flatten(node)


def units_of(node: Node, excluded: bool = True) -> list[Unit]:
    """Every unit of the tree, in query order, each once; with `excluded=False`
    only the units an article is found by (not under ``Without``)."""
    out: dict[Unit, None] = {}

    def walk(n: Node) -> None:
        if isinstance(n, Unit):
            out[n] = None
        elif isinstance(n, Without):
            if excluded:
                walk(n.part)
        else:
            for p in n.parts:
                walk(p)

    walk(node)
    return list(out)


def positive_units(node: Node) -> list[Unit]:
    """The units an article is found by (not under ``Without``), in query order."""
    return units_of(node, excluded=False)
