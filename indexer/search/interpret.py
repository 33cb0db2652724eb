"""How a query was read, said back to the user, and what to mark in the results.

For each unit the response tells whether it was found as typed (or through a
variant), fell back to its dictionary words, or was not found, with the
variants and words used, so a reader (and an evaluation) can check every hit
against them. The page and the API say it in words when a unit fell back:
"no exact match for “นายกประยุทธ์”; showing articles with นายก + ประยุทธ์".
"""

from __future__ import annotations

from indexer.matching.matches import Matches
from indexer.matching.units import Form
from indexer.query.parse import Node, Unit, positive_units

from .snippets import Highlighter

__all__ = ["interpretation", "said", "highlighter_for", "mark_groups"]


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def interpretation(matches: Matches, units: list[Unit]) -> dict:
    """``{"units": [...], "message", "message_th"}`` (see the module docstring)."""
    described = [matches.resolved[u].describe() for u in units if u in matches.resolved]
    return said(described, matches.exact_total, matches.total)


def said(described: list[dict], exact_total: int, total: int) -> dict:
    """``interpretation`` from the units as resolved (``Resolved.describe``) and the totals
    (of one index, or of every shard)."""
    fell_back = [d for d in described if d["match"] == "words"]
    both = [d for d in described if d["match"] == "exact+words"]
    missing = [d for d in described if d["match"] == "none"]
    message = message_th = None
    if fell_back or both:
        exact, words = exact_total, total - exact_total
        parts = [f"no exact match for {_quoted(d['text'])}" for d in fell_back]
        parts_th = [f"ไม่พบ {_quoted(d['text'])} ตรงตัว" for d in fell_back]
        if both:
            texts = ", ".join(_quoted(d["text"]) for d in both)
            parts.append(f"{exact:,} exact {'match' if exact == 1 else 'matches'} for {texts}, then {words:,} "
                         "with all of its words")
            parts_th.append(f"{texts} ตรงตัว {exact:,} ข่าว แล้วจึงข่าวที่มีทุกคำ {words:,} ข่าว")
        shown = " + ".join(w for d in fell_back + both for w in d["words"])
        message = "; ".join(parts) + f"; showing articles with {shown}"
        message_th = "; ".join(parts_th) + f" แสดงข่าวที่มี {shown}"
    elif missing and not total:
        message = "; ".join(f"no article holds {_quoted(d['text'])}" for d in missing)
        message_th = "; ".join(f"ไม่มีข่าวที่มี {_quoted(d['text'])}" for d in missing)
    return {"units": described, "message": message, "message_th": message_th}


def highlighter_for(matches: Matches, node: Node | None) -> Highlighter:
    """Marks for the texts the query matched: ``Highlighter.of_forms(mark_groups(...))``."""
    return Highlighter.of_forms(mark_groups(matches, node))


def mark_groups(matches: Matches, node: Node | None) -> list[list[Form]]:
    """What to mark, by group: a unit's forms together, a unit read by its words word by
    word (each with its variants)."""
    groups: list[list[Form]] = []
    for unit in positive_units(node) if node is not None else []:
        resolved = matches.resolved.get(unit)
        if resolved is None or resolved.match == "none":
            continue
        if resolved.verbatim:
            groups.append(resolved.forms if unit.field not in ("person", "position") else [Form(unit.text)])
        if resolved.by_words:
            groups.extend(resolved.word_forms)
    return groups
