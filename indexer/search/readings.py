"""Two offers a result makes from how its query was read: the words reading and did-you-mean.

The rules are here once; the search service (``service``) applies them to
one index and the router of a sharded archive (``router``) to the
archive's totals, through the callables each passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from indexer.query.params import QueryError
from indexer.query.parse import Node, Unit, parse
from indexer.settings import RESPELL_MAX_TRIES, RESPELL_MORE, RESPELL_MORE_MAX_ARTICLES, RESPELL_MORE_MAX_CHARS
from indexer.thai.segment import is_word

__all__ = ["words_reading", "words_query", "respelt", "likely_respelt"]


def words_reading(q: str, readable: Sequence[tuple[Unit, list[str]]], split: bool, total: int,
                  count_of: Callable[[Node], int | None], total_of: Callable[[str], int]) -> dict | None:
    """When the verbatim matches filled the first page (`split`: they did not): the query
    with its unspaced units spaced into their words (`นายกประยุทธ์` -> `นายก ประยุทธ์`) and
    what it finds, when that is more than the `total` found. `count_of(node)`: its total
    counted without ranking, or None when only ranking can tell (then `total_of(q)`)."""
    if split or not readable:
        return None
    spaced = words_query(q, readable)
    if spaced is None:
        return None
    alt, node = spaced
    found = count_of(node)
    if found is None:
        found = total_of(alt)
    if found <= total:
        return None  # the words find nothing more: nothing to offer
    return {"query": alt, "total": found, "words": [w for _, words in readable for w in words]}


def words_query(q: str, readable: Sequence[tuple[Unit, list[str]]]) -> tuple[str, Node] | None:
    """The query with its unspaced units spaced into their words, and its parse
    (`นายกประยุทธ์` -> `นายก ประยุทธ์`); None when nothing changes or it does not parse."""
    alt = q
    for unit, words in readable:
        alt = alt.replace(unit.text, " ".join(words)) if unit.text in alt else alt
    if alt == q:
        return None
    try:
        node = parse(alt)
    except QueryError:
        return None
    return (alt, node) if node is not None else None


def respelt(q: str, units: list[Unit], read: Mapping[Unit, str], readable: Mapping[Unit, list[str]], total: int,
            holding: Callable[[Unit], int], doc_count: int, is_known: Callable[[str], bool],
            candidates: Callable[[str, int], list[str]],
            tried: Callable[[str], tuple[int, bool] | None],
            expect: Callable[[list[tuple[str, int]]], None] | None = None) -> str | None:
    """The query with one unit respelt, finding more than it did (see ``respell``).

    Never for a dictionary word (`อนุทิน` stays as typed). Tried for a unit
    found nowhere; for one read by its words when nothing was found; and
    for a unit that occurs but is not made of dictionary words, where the
    respelling must be in ``RESPELL_MORE`` times as many articles. A name
    the index knows is respelt only that way (`ประยุธ`, a real ประยุธ
    ภู่เทียน in 1 article, -> `ประยุทธ์` in 5,257).

    `read`: how each unit matched (``Resolved.match``); `holding(unit)`: the articles
    holding it verbatim; `candidates(text, at_least)`: ``respell.candidates``;
    `tried(alt)`: the total of another query and whether it fell back to words (None: refused);
    `expect(asks)`: told first every ``(text, at_least)`` `candidates` may be asked for
    (a sharded archive asks its shards for all of them at once).
    """
    asks = _to_respell(q, units, read, readable, total, holding, doc_count, is_known)
    if asks and expect is not None:
        expect([(unit.text, at_least) for unit, at_least, _ in asks])
    tries = 0
    for unit, at_least, floor in asks:
        for candidate in candidates(unit.text, at_least):
            tries += 1
            if tries > RESPELL_MAX_TRIES:
                return None
            alt = q.replace(unit.text, candidate)
            found = tried(alt)
            if found is not None and found[0] > max(total, floor) and not found[1]:
                return alt
    return None


def likely_respelt(q: str, units: list[Unit], found: Mapping[Unit, bool], readable: Mapping[Unit, list[str]],
                   total: int, holding: Callable[[Unit], int], doc_count: int,
                   is_known: Callable[[str], bool]) -> list[str]:
    """The texts of the units ``respelt`` will likely try, guessed before the query is
    matched, from whether each unit occurs anywhere (`found`) and can be read as words
    (`readable`): a sharded archive asks the shards for their respellings in the match's
    round trip (``router_respell``). Only a guess: ``respelt`` asks for what it missed.

    A unit found anywhere is read as typed (and as its words, when it has them); one
    found nowhere as its words when it has them, else not at all (``units.resolve``).
    """
    def read(unit: Unit) -> str:
        if found.get(unit, False):
            return "exact+words" if readable.get(unit) else "exact"
        return "words" if readable.get(unit) else "none"

    asks = _to_respell(q, units, {u: read(u) for u in units}, readable, total, holding, doc_count, is_known)
    return [unit.text for unit, _, _ in asks]


def _to_respell(q: str, units: list[Unit], read: Mapping[Unit, str], readable: Mapping[Unit, list[str]],
                total: int, holding: Callable[[Unit], int], doc_count: int,
                is_known: Callable[[str], bool]) -> list[tuple[Unit, int, int]]:
    """The units ``respelt`` tries, in order, each with the articles its respellings must
    be in more than (``candidates``' `at_least`) and the total a respelt query must beat."""
    out = []
    for unit in units:
        match = read[unit]
        by_words = match in ("words", "exact+words")
        if unit.phrase or unit.field in ("person", "position") or unit.text not in q or is_word(unit.text):
            continue
        if is_known(unit.text) and match != "exact":
            continue
        if match == "none" or (by_words and not total):
            floor = total
        elif match == "exact" and not readable.get(unit):
            held = holding(unit)
            # a spelling many articles use is no typo (and respelling costs 10 ms)
            if held > RESPELL_MORE_MAX_ARTICLES or held * RESPELL_MORE > doc_count \
                    or len(unit.text) > RESPELL_MORE_MAX_CHARS:
                continue
            floor = RESPELL_MORE * held - 1
        else:
            continue
        out.append((unit, floor if match == "exact" else 0, floor))
    return out
