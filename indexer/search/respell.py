"""'Did you mean': a respelling of a unit that the index holds as words and that finds more.

Candidates come from two places. Thai edits (``thai.spelling``: a missing or
wrong tone mark or short vowel, letters that sound alike) catch mistakes
anywhere in a unit. The index itself catches the rest: the suffix array
lists, in order, every text that continues the longest prefix of the unit
the archive holds, so the words and names that begin like the unit are read
off it (`ประยุธ`: `ประยุ` continues as `ประยุทธ์`, `ประยุกต์` ...) and the
ones within two edits are kept.

A candidate qualifies only when it occurs as a run of whole words (both
edges on word bounds: a word, a name, a position; never the inside of a
word such as `โควิ` of `โควิด`), is not a truncation of the unit, and the
whole query with it finds more articles than the query did.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from rapidfuzz.distance import Levenshtein

from indexer.index.textcodec import encode
from indexer.matching.view import IndexView
from indexer.settings import RESPELL_EDIT_COST, RESPELL_MAX_CHARS, RESPELL_MAX_EDITS, RESPELL_SAMPLE, RESPELL_SHORT_UNIT
from indexer.thai.spelling import respellings

__all__ = ["candidates", "likeliest", "near_respellings", "most_likely", "continuations_by_length",
           "longest_continuations", "whole_word_articles"]


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance in letters and marks, or ``limit + 1`` once it must exceed `limit`.

    RapidFuzz's Levenshtein (C++, a band of the table, stops past the limit):
    a rare name tries about a hundred candidates per query, 40 us each in
    Python, a seventh of a microsecond here.

    >>> _distance("ประยุธ", "ประยุทธ์", 2), _distance("โควิด", "โควตา", 1)
    (2, 2)
    """
    return Levenshtein.distance(a, b, score_cutoff=limit)


def whole_word_articles(view: IndexView, text: str) -> int:
    """Articles holding `text` as a run of whole words (0 when it is only ever part of a word)."""
    pattern = encode(text)
    count = 0
    for seg in view.segments:
        lo, hi = seg.text.find(pattern)
        if lo == hi:
            continue
        docs = seg.text.sadoc[lo:hi][seg.text.whole_words(lo, hi, len(pattern))].astype(np.int64)
        count += int(np.count_nonzero(np.bincount(docs, minlength=seg.size).astype(bool) & seg.alive))
    return count


def continuations_by_length(view: IndexView, unit: str) -> dict[int, set[str]]:
    """The longest prefix of `unit` the index holds, by its length `k`, with the whole-word
    texts that begin with it (a shard's part of ``candidates``' pool): ``{k: texts}``.

    Only the longest is read: the archive's longest prefix is the longest of
    its shards' own, and a shard holding a shorter one holds nothing at that
    length (reading every length made a rare name's did-you-mean ten times
    as costly)."""
    out: dict[int, set[str]] = {}
    longest = len(unit) + RESPELL_MAX_EDITS
    for k in range(len(unit) - 1, max(1, len(unit) // 2) - 1, -1):
        prefix = encode(unit[:k])
        found: set[str] = set()
        for seg in view.segments:
            lo, hi = seg.text.find(prefix)
            if lo == hi:
                continue
            picks = np.linspace(lo, hi - 1, num=min(RESPELL_SAMPLE, hi - lo)).astype(np.int64)
            starts = seg.text.sa[picks].astype(np.int64)
            starts = starts[seg.text.is_bound(starts)]
            found.update(_whole_words_from(seg.text, starts, max(k, len(unit) - RESPELL_MAX_EDITS), longest + 1))
        if found:
            out[k] = found
            break
    return out


_CONTROL = re.compile(b"[\\x00-\\x1f]")


def _whole_words_from(text, starts: np.ndarray, shortest: int, reach: int) -> set[str]:
    """The texts from each of `starts` (word bounds of a segment's `text`) to a word bound
    at least `shortest` and at most `reach` bytes on, or to `reach` bytes on; none
    running into a control byte (an article's end). The windows are read as one
    array and the same window once: a common prefix has hundreds of samples, most
    of them the same few words (a Python loop per sample and end was 11 ms of a
    91k archive's page)."""
    if not len(starts):
        return set()
    size = len(text.text)
    places = starts[:, None] + np.arange(reach + 1)
    inside = places < size  # a window cut short by the end of the text
    windows = np.where(inside[:, :-1], text.text[np.minimum(places[:, :-1], size - 1)], 0)
    bounds = np.where(inside, text.is_bound(np.minimum(places, size - 1)), False)
    lengths = inside[:, :-1].sum(axis=1)
    rows = np.column_stack([windows, bounds, lengths]).astype(np.uint8)  # reach + 1 < 256
    data, width = rows.tobytes(), rows.shape[1]
    out: set[str] = set()
    for row in {data[i:i + width] for i in range(0, len(data), width)}:
        length = row[-1]
        control = _CONTROL.search(row, 0, length)
        last = min(length, control.start()) if control else length
        decoded = row[:length].decode("cp874", errors="replace")
        for end in range(shortest, last + 1):
            if end == length or row[reach + end]:
                out.add(decoded[:end])
    return out


def longest_continuations(parts: list[dict[int, set[str]]]) -> set[str]:
    """Whole-word texts of the archive (of its shards' parts) that begin with the longest
    prefix of the unit it holds."""
    lengths = sorted({k for part in parts for k in part}, reverse=True)
    return set().union(*(part.get(lengths[0], set()) for part in parts)) if lengths else set()


def candidates(view: IndexView, unit: str, at_least: int = 0) -> list[str]:
    """Respellings of `unit` the index holds as whole words (in more than `at_least`
    articles), most likely first (``likeliest``)."""
    if not unit or len(unit) > RESPELL_MAX_CHARS:
        return []
    pool = longest_continuations([continuations_by_length(view, unit)])
    return likeliest(unit, pool, lambda texts: [whole_word_articles(view, t) for t in texts], at_least)


def likeliest(unit: str, continuations: set[str], articles: Callable[[list[str]], list[int]],
              at_least: int = 0) -> list[str]:
    """The respellings of `unit` among its Thai edits and the archive's `continuations`,
    held as whole words in more than `at_least` articles (`articles(texts)`: how many
    hold each), most likely first (``near_respellings``, then ``most_likely``)."""
    near = near_respellings(unit, continuations)
    return most_likely(near, articles([t for t, _ in near]) if near else [], at_least)


def near_respellings(unit: str, continuations: set[str]) -> list[tuple[str, int]]:
    """The texts close enough to `unit` to be its respelling, with their edits: its Thai
    edits and the archive's `continuations` within ``RESPELL_MAX_EDITS`` (one in a short
    unit), none a truncation of it (`ประยุธ`: `ประยุทธ์`, 2; `ประยุต`, 1)."""
    if not unit or len(unit) > RESPELL_MAX_CHARS:
        return []
    # two edits in a short unit make another word (`โควิด` / `โควตา`)
    max_edits = 1 if len(unit) <= RESPELL_SHORT_UNIT else RESPELL_MAX_EDITS
    pool = {text.strip() for text in set(respellings(unit)) | continuations}
    near = []
    for text in sorted(pool):
        if not text or text == unit or unit.startswith(text) or unit.endswith(text) or "\ufffd" in text:
            continue
        distance = _distance(text, unit, max_edits)
        if distance <= max_edits:
            near.append((text, distance))
    return near


def most_likely(near: list[tuple[str, int]], counts: list[int], at_least: int = 0) -> list[str]:
    """The `near` respellings held as whole words in more than `at_least` articles
    (`counts`, in their order), most likely first.

    Likely is common and close: articles holding the respelling, divided by
    ``RESPELL_EDIT_COST`` per edit, as a noisy-channel speller weighs a word's
    frequency against the typo it takes. `ประยุธ` on Daily News 2017:
    `ประยุทธ์` (two edits, 117 articles) before `ประยุต` (one edit, one article).
    """
    scored = [(-found / RESPELL_EDIT_COST ** distance, distance, text)
              for (text, distance), found in zip(near, counts) if found > at_least]
    return [text for _, _, text in sorted(scored)]
