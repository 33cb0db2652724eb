"""An article analysed once, at build time, for every field that needs it.

Segmenting is the cost of a build, and the officials extractor reads the
same text: both run here once per article, in the indexing worker, and every
field takes its share of the result: the headline and body terms (Whoosh
postings), the word bounds (the substring index, ``textindex``), the
officials' names and positions (their own fields), the names with their
positions as stored with the article (its page lists them without
extracting again; the substring index counts them), and
the headline key (a pasted headline finds its article).

Officials are read from the headline and the body, and their names are kept
whole when both are segmented: `นายอุตตม` is `นาย|อุตตม`, not `นา|ยอุ|ตต|ม`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.thai.chars import TERM_DROPPED
from indexer.thai.officials import name_parts, people_of
from indexer.thai.positions import abbreviate_position
from indexer.thai.words import term_spans, title_key

__all__ = ["Analysed", "analyse", "word_bounds"]


@dataclass
class Analysed:
    """What every field of an article needs, from one segmentation and one extraction."""

    title_terms: list[str]
    body_terms: list[str]
    title_bounds: np.ndarray  # one bool per character and one for the end: may a word begin or end here?
    body_bounds: np.ndarray
    mentions: tuple[tuple[str, str, str, str], ...]  # (name, first, last, position), headline first
    title_key: str  # the headline's terms joined (``words.title_key``, as a query is looked up)

    @property
    def people(self) -> list[tuple[str, str]]:
        """(name, position) pairs, each once, in order: stored with the article."""
        return list(dict.fromkeys((name, position) for name, _, _, position in self.mentions))

    @property
    def person_terms(self) -> list[str]:
        """Each name whole, its first name and surname alone and the two joined, dots dropped."""
        out: dict[str, None] = {}
        for name, first, last, _ in self.mentions:
            for item in (name, first, last, first + last):
                out[item.replace(".", "")] = None
        return [t for t in out if t]

    @property
    def position_terms(self) -> list[str]:
        """Each position and its abbreviations (`ผวจ.สงขลา`), dots dropped."""
        out: dict[str, None] = {}
        for *_, position in self.mentions:
            if position:
                for item in (position, *abbreviate_position(position)):
                    out[item.replace(".", "")] = None
        return [t for t in out if t]


def _kept_words(mentions) -> frozenset[str]:
    """First names and surname parts of the officials named: kept whole by segmentation."""
    words = set()
    for _, first, last, _ in mentions:
        words.update(name_parts(first, last))
    return frozenset(w for w in words if len(w) >= 2)


def word_bounds(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """One bool per character of `text` and one for its end: True unless strictly inside a word.

    A word here is an index term's span; spelling marks an index term drops
    (`ฯ` of `นายกฯ`, dots) end the word before them, so `นายก` in `นายกฯ`
    is a whole word as it is a whole term.

    >>> word_bounds("นายกฯ มา", [(0, 5), (6, 8)]).astype(int).tolist()
    [1, 0, 0, 0, 1, 1, 1, 0, 1]
    """
    mark = np.zeros(len(text) + 2, dtype=np.int32)
    if spans:
        edges = np.array(spans, dtype=np.int64)
        mark[edges[:, 0] + 1] += 1
        mark[edges[:, 1]] -= 1
    bounds = np.cumsum(mark[:len(text) + 1]) <= 0
    for ch in TERM_DROPPED:
        at = text.find(ch)
        while at != -1:
            bounds[at] = bounds[at + 1] = True
            at = text.find(ch, at + 1)
    return bounds


def _terms_and_bounds(text: str, keep: frozenset[str]) -> tuple[list[str], np.ndarray]:
    terms: list[str] = []
    spans: list[tuple[int, int]] = []
    for term, start, end in term_spans(text, keep or None):
        terms.append(term.lower())
        spans.append((start, end))
    return terms, word_bounds(text, spans)


def analyse(title: str, body: str) -> Analysed:
    """Segment and extract officials from one article (normalised text, as stored)."""
    mentions = people_of(title) + people_of(body)
    keep = _kept_words(mentions)
    title_terms, title_bounds = _terms_and_bounds(title, keep)
    body_terms, body_bounds = _terms_and_bounds(body, keep)
    return Analysed(title_terms, body_terms, title_bounds, body_bounds, mentions, title_key(title))
