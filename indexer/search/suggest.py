"""Search-box suggestions: names, positions and headline words as articles write them,
each with what a search for it finds.

Candidates come from Whoosh's ``person``, ``position`` and ``title`` terms
that begin like what was typed. Those terms are kept without the dots of
abbreviations (`ผวจขอนแก่น`), which no article writes and no search finds; a
suggestion shows the text as articles write it (`ผวจ.ขอนแก่น`, a name with
its space) and the number of articles a search for it finds. A candidate
that would find nothing is never shown.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from indexer.settings import SUGGEST_CANDIDATES, SUGGEST_COUNTS_KEPT
from indexer.thai.abbreviations import dotted_titles
from indexer.thai.offices import lexicon
from indexer.thai.officials import name_key

__all__ = ["Suggester", "GROUPS", "prefix_terms"]

# group, Whoosh field
GROUPS = (("people", "person"), ("positions", "position"), ("headlines", "title"))


class Suggester:
    """Suggestions over one index generation (the search service keeps one per generation).

    `lookup(field, prefix, group)`: the terms beginning with a prefix, with their
    articles (``prefix_terms``); `count(text)`: how many articles a search for `text` finds; `positions`:
    the positions the index's officials are named with, as written;
    `role(name)`: an official's most-named position, shown beside the name.
    """

    def __init__(self, lookup: Callable[[str, str, str], list[tuple[int, str]]], count: Callable[[str], int],
                 positions: list[str], role: Callable[[str], str | None] = lambda name: None):
        self._lookup = lookup  # (field, prefix, group) -> (articles, term) (``prefix_terms``)
        self._count = count
        self._role = role
        self._counts: OrderedDict[str, int] = OrderedDict()
        self._written = {p.replace(".", ""): p for p in positions if "." in p}
        # an abbreviation alone, as a headline word (`ผวจ` -> `ผวจ.`)
        self._dotted = {t.replace(".", ""): t for t in dotted_titles()}

    def count(self, text: str) -> int:
        """Articles a search for `text` finds (the last ``SUGGEST_COUNTS_KEPT`` remembered)."""
        if text not in self._counts:
            self._counts[text] = self._count(text)
            while len(self._counts) > SUGGEST_COUNTS_KEPT:
                self._counts.popitem(last=False)
        self._counts.move_to_end(text)
        return self._counts[text]

    def written(self, term: str, field: str) -> str:
        """A term as articles write it: a position with its abbreviations' dots
        (`ผวจขอนแก่น` -> `ผวจ.ขอนแก่น`), an abbreviation with its dots (`ผวจ` ->
        `ผวจ.`); other terms as they are."""
        if term in self._dotted:
            return self._dotted[term]
        if field != "position":
            return term
        if term in self._written:
            return self._written[term]
        lex = lexicon()
        for short in sorted({*lex.short.values(), *lex.abbr}, key=len, reverse=True):
            bare = short.replace(".", "")
            if "." in short and term.startswith(bare) and len(term) > len(bare):
                rest = term[len(bare):]
                ministry = {m.replace(".", ""): m for m in lex.ministry.values()}.get(rest, rest)
                return short + ministry
        return term

    def groups(self, prefix: str, limit: int = 5) -> dict[str, list[dict]]:
        """``{"people", "positions", "headlines"}``: each up to `limit` suggestions
        ``{"text", "count"}`` (people also ``role``), most articles first."""
        key = name_key(prefix)
        out: dict[str, list[dict]] = {group: [] for group, _ in GROUPS}
        if not key:
            return out
        for group, field in GROUPS:
            found: dict[str, int] = {}
            for term in self._terms(field, key, group):
                text = self.written(term, field)
                if text not in found and len(found) < limit * 3:
                    found[text] = self.count(text)
            ranked = sorted(((n, t) for t, n in found.items() if n), key=lambda x: (-x[0], x[1]))
            out[group] = [{"text": t, "count": n} for n, t in ranked[:limit]]
            if group == "people":
                for item in out[group]:
                    item["role"] = self._role(item["text"])
        return out

    def flat(self, prefix: str, limit: int = 10) -> list[str]:
        """The texts of ``groups``, people first, then positions, then headline words."""
        out: list[str] = []
        for items in self.groups(prefix, limit).values():
            out.extend(i["text"] for i in items if i["text"] not in out)
        return out[:limit]

    def _terms(self, field: str, key: str, group: str) -> list[str]:
        """The field's terms beginning with `key`, the most common first."""
        found = self._lookup(field, key, group)
        return [text for _, text in sorted(found, key=lambda x: (-x[0], x[1]))]


def prefix_terms(reader, field: str, key: str, group: str) -> list[tuple[int, str]]:
    """The first ``SUGGEST_CANDIDATES`` + 1 terms of a Whoosh field that begin with `key`
    (in term order; people's full names, headline words of 2+ letters), each with the
    articles holding it. Of an archive in shards, the first of every shard's together,
    counts added, are the archive's (``search.router``)."""
    found = []
    for term in reader.expand_prefix(field, key):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if group == "people" and " " not in text or group == "headlines" and len(text) < 2:
            continue
        found.append((reader.doc_frequency(field, text), text))
        if len(found) > SUGGEST_CANDIDATES:
            break
    return found
