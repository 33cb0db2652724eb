"""A compiled query: the Whoosh query and what the rest of a search needs to know of it.

The snippet builder marks the units the user typed (not the sub-word forms
the query also matched), leaves negated units unmarked, and prefers the
text as typed where the index cannot tell it apart (`เข้าร่วมพิธีฯ`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .query import Unit

__all__ = ["Compiled", "mark_negated", "only_negative"]

# Marks the index does not keep in terms (ฯ, ๆ) or turns into word breaks
# (dots, dashes and other punctuation inside a unit: `โควิด-19`).
_LITERAL_MARKS = re.compile(r"[^\w\u0e00-\u0e7f]|[\u0e2f\u0e46]")


@dataclass
class Compiled:
    """A parsed query and what the snippet builder needs to know about it."""

    query: wq.Query
    units: list[Unit] = field(default_factory=list)
    patterns: list = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # text to prefer as typed (a pasted bullet's dash)

    @property
    def relaxed(self) -> list[str]:
        return [u.text for u in self.units if u.relaxed]

    @property
    def literals(self) -> list[str]:
        """Units typed with marks the index does not keep (ฯ, ๆ, dots).

        `เข้าร่วมพิธีฯ` is indexed as `เข้าร่วมพิธี`, so the index alone cannot
        tell the articles that hold it as typed from those that do not.
        """
        return self.typed + [u.text for u in self.units
                             if not (u.negated or u.relaxed or u.phrase) and _LITERAL_MARKS.search(u.text)]


def only_negative(parsed: wq.Query) -> bool:
    """True when every part of the query is excluded (`-word`, `NOT word`)."""
    if isinstance(parsed, wq.Not):
        return True
    if isinstance(parsed, (wq.And, wq.Or)) and parsed.subqueries:
        return all(isinstance(sub, wq.Not) for sub in parsed.subqueries)
    return False


def mark_negated(parsed: wq.Query, units: list[Unit]) -> None:
    """Flag units that only occur under NOT or `-`: they are not highlighted."""
    words = {True: set(), False: set()}

    def walk(q: wq.Query, negated: bool) -> None:
        if isinstance(q, wq.Not):
            walk(q.query, not negated)
        elif isinstance(q, wq.AndNot):
            walk(q.a, negated)
            walk(q.b, not negated)
        elif q.is_leaf() or isinstance(q, (wq.Phrase, wq.Sequence)):  # WordRun is a leaf
            words[negated].update(text for _, text in q.iter_all_terms())
        else:
            for child in q.children():
                walk(child, negated)

    walk(parsed, False)
    for unit in units:
        unit_words = set(unit.words)
        if unit_words and unit_words <= words[True] and not unit_words & words[False]:
            unit.negated = True
