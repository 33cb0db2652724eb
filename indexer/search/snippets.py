"""Snippets and highlighting: what was matched, marked whole, in clean fragments.

A snippet is up to three fragments of about 200 characters around the
matches, each matched unit (or fallen-back word) one ``<mark>``. The texts
marked are those the search matched (a unit's forms: as typed, its
abbreviation variants, a name with its space; or its words), found again in
the article's stored text, and an occurrence is marked exactly where the
search counts it: from a reader's cut to a cut (`อาย` is not marked in
`อายุ`), and not at the start of a longer title (`พล.อ.` of `พล.อ.อ.`). The
cuts come from the substring index (``textindex``), so nothing is segmented
again at search time, and a mark never separates a letter from its vowel
or tone marks.

Fragments are cut at spaces, else at word bounds; lines that are not prose
(rules of dashes, hashtags, bare URLs) and lines repeating an earlier one
are never shown; a fragment whose text another fragment already shows is
dropped. All document text is
HTML-escaped.
"""

from __future__ import annotations

import heapq
import html
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer.settings import MAX_FRAGMENTS, SNIPPET_CHARS
from indexer.thai.chars import ends_cluster, starts_cluster

__all__ = ["Highlighter", "HiddenLines"]

# Lines that are not prose: rules, a line of hashtags, a bare URL, a lone symbol run.
_BOILERPLATE = re.compile(r"^\s*(?:[-=_*~.•·#+]{3,}|(?:#\S+\s*)+|(?:https?://|www\.)\S+|[\W_]+)\s*$")


class HiddenLines:
    """The lines of one text a snippet leaves out: lines that are not prose, and
    lines repeating an earlier line (articles paste a paragraph twice).

    Worked out only where a snippet looks (the lines holding a match, the
    lines of a fragment), not for the whole text: a law or a budget table
    runs to thousands of lines, and splitting them all cost more than the rest
    of its snippet.
    """

    def __init__(self, text: str):
        self.text = text
        self._known: dict[int, bool] = {}  # line start -> hidden

    def line(self, pos: int) -> tuple[int, int]:
        """The start and end (its newline excluded) of the line holding `pos`."""
        end = self.text.find("\n", pos)
        return self.text.rfind("\n", 0, pos) + 1, len(self.text) if end == -1 else end

    def hidden(self, start: int, end: int) -> bool:
        """Is the line ``text[start:end]`` left out?"""
        if start not in self._known:
            line = self.text[start:end]
            words = line.split()
            self._known[start] = bool(words) and (bool(_BOILERPLATE.match(line)) or self._repeats(start, words))
        return self._known[start]

    def _repeats(self, start: int, words: list[str]) -> bool:
        """Does a line before `start` read `words` (spacing aside)? Only the lines holding
        the line's longest word are compared."""
        if not start:
            return False
        plain = " ".join(words)
        word = max(words, key=len)
        at = self.text.find(word, 0, start)
        while at != -1:
            lo, hi = self.line(at)
            if " ".join(self.text[lo:hi].split()) == plain:
                return True
            at = self.text.find(word, hi, start)
        return False

    def covers(self, span: tuple[int, int]) -> bool:
        """Is `span` (within one line) inside a hidden line?"""
        return self.hidden(*self.line(span[0]))

    def within(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The hidden lines that overlap ``text[lo:hi]``."""
        out = []
        start = self.line(lo)[0]
        while start < hi:
            end = self.line(start)[1]
            if self.hidden(start, end):
                out.append((start, end))
            if end >= len(self.text):
                break
            start = end + 1
        return out

    def first_shown(self) -> int:
        """Where the text starts once the hidden lines it opens with are left out."""
        at = 0
        while at < len(self.text):
            start, end = self.line(at)
            if not self.hidden(start, end):
                break
            at = end + 1
        return min(at, len(self.text))


@dataclass
class Highlighter:
    """Marks the texts a search matched, grouped by unit (query order).

    `units`: per unit, the texts it matched (its forms, or a word), each with
    what may not follow it (``Form.longer``: the rest of a longer title).
    """

    units: list[list[tuple[str, tuple[str, ...]]]]

    def __post_init__(self) -> None:
        self._patterns = []
        # per pattern: does a text hold a space (else no occurrence runs across one), and
        # how far past a place an occurrence starting before it may look
        self._spaced: list[bool] = []
        self._reach: list[int] = []
        for group in self.units:
            texts = sorted({(t, longer) for t, longer in group if t}, key=lambda x: len(x[0]), reverse=True)
            if texts:
                self._patterns.append(re.compile("|".join(
                    re.escape(t) + (f"(?!{'|'.join(map(re.escape, longer))})" if longer else "")
                    for t, longer in texts), re.IGNORECASE))
                self._spaced.append(any(" " in t for t, _ in texts))
                longest_after = max((len(x) for _, after in texts for x in after), default=0)
                self._reach.append(max(len(t) for t, _ in texts) + longest_after)

    @classmethod
    def of_forms(cls, groups) -> Highlighter:
        """A highlighter of groups of ``units.Form`` (anything with ``text`` and ``longer``)."""
        return cls([[(f.text, f.longer) for f in group] for group in groups])

    def spans(self, text: str, cuts: np.ndarray) -> list[list[tuple[int, int]]]:
        """Per unit, the spans of its texts in `text` that the search counts (`cuts`: a
        bool per character and one for the end, True where a reader could cut)."""
        edges = cuts.tobytes()  # a byte each: faster to read one by one
        return [list(_counted(pattern, text, edges)) for pattern in self._patterns]

    def count(self, text: str, cuts: np.ndarray) -> int:
        """How many marks `text` gets (overlapping matches are one mark)."""
        return len(_merged(self.spans(text, cuts)))

    def highlight(self, text: str, cuts: np.ndarray) -> str:
        """All of `text`, escaped, every match marked (headlines, article pages)."""
        return _render(text, 0, len(text), _merged(self.spans(text, cuts)))

    def snippet(self, text: str, bounds: np.ndarray, cuts: np.ndarray, max_chars: int = SNIPPET_CHARS,
                max_fragments: int = MAX_FRAGMENTS) -> tuple[str, bool]:
        """HTML snippet of `text` around the matches, fragments cut at spaces or word
        `bounds`; (html, matched)."""
        lines = HiddenLines(text)
        # read as far as the snippet needs, not the whole body: a common word
        # of a words reading is in a long article a hundred times
        edges = cuts.tobytes()
        per_unit = [_Spans(_counted(pattern, text, edges)) for pattern in self._patterns]
        # the first match of each unit (every unit shown once when it can be), then
        # more matches; a match in a hidden line is never an anchor, and never shows
        # (rendering leaves hidden lines out), so only the candidates are checked
        anchors = [sp for found in per_unit for sp in [next((sp for sp in found if not lines.covers(sp)), None)]
                   if sp is not None]
        if not anchors:
            start = lines.first_shown()
            end = _cut_end(text, start + max_chars, bounds) if len(text) - start > max_chars else len(text)
            body = _render(text, start, end, [], lines.within(start, end))
            return ("… " if start else "") + body + (" …" if end < len(text) else ""), False
        for sp in _merged_stream(per_unit):
            if len(anchors) >= max_fragments:
                break
            if all(abs(sp[0] - a[0]) > max_chars // max_fragments for a in anchors) and not lines.covers(sp):
                anchors.append(sp)
        anchors = sorted(set(anchors[:max_fragments]))
        share = max_chars // len(anchors)
        windows: list[list[int]] = []
        for s, e in anchors:
            room = max(share - (e - s), 20)
            start = _cut_start(text, s - room // 3, bounds) if s - room // 3 > 0 else 0
            start = min(start, s)
            end = max(_cut_end(text, min(len(text), max(e, start + share)), bounds), e)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        spans = self._marks_within(text, edges, windows)
        parts: list[str] = []
        seen: list[str] = []
        for s, e in windows:
            plain = " ".join(text[s:e].split())
            if any(plain in other for other in seen):
                continue  # the article repeats itself: show the text once
            seen.append(plain)
            parts.append(_render(text, s, e, spans, lines.within(s, e)))
        body = " … ".join(p for p in parts if p)
        if windows[0][0] > 0:
            body = "… " + body
        if windows[-1][1] < len(text):
            body += " …"
        return body, True


    def _marks_within(self, text: str, edges: bytes, windows: list[list[int]]) -> list[tuple[int, int]]:
        """Every mark the fragments `windows` show (sorted, merged), read only around them.

        A long article holds a words reading's common word (`ให้`) a hundred times
        before the last fragment; reading them all was most of its snippet. A
        unit's marks are read from the last character before a fragment that
        none of its texts holds (a space, a line break): no mark of the whole
        text runs across it, and a reading started there finds what the whole
        text's reading (``_counted``) finds after it, so the marks are the same.
        A search stops `reach` past the fragment: far enough for any text that
        starts inside it, and for the lookahead of a longer title after it.
        """
        starts = [(max(text.rfind(" ", 0, lo), text.rfind("\n", 0, lo)) + 1, text.rfind("\n", 0, lo) + 1)
                  for lo, _ in windows]
        found: list[tuple[int, int]] = []
        for pattern, spaced, reach in zip(self._patterns, self._spaced, self._reach):
            search, done = pattern.search, 0  # the text before `done` is read
            for (lo, hi), (after_space, after_line) in zip(windows, starts):
                at, end = max(done, after_line if spaced else after_space), min(len(text), hi + reach)
                while (m := search(text, at, end)) is not None:
                    start, stop = m.span()
                    if start >= hi:
                        break
                    if edges[start] and edges[stop]:
                        if stop > lo:
                            found.append((start, stop))
                        at = stop
                    else:  # inside a syllable, as in ``_counted``
                        at = start + 1
                done = max(at, hi)
        return _merged([found])

def _counted(pattern: re.Pattern, text: str, edges: bytes) -> Iterator[tuple[int, int]]:
    """The spans of `pattern` in `text` from a cut to a cut (`edges`: a byte per
    character and one for the end), in order, none overlapping."""
    at, search = 0, pattern.search
    while (m := search(text, at)) is not None:
        start, end = m.span()
        if edges[start] and edges[end]:
            yield start, end
            at = end
        else:  # inside a syllable: an occurrence may still start within it
            at = start + 1


@dataclass
class _Spans:
    """A unit's counted spans read lazily, and each read once however often iterated."""

    source: Iterator[tuple[int, int]]
    read: list[tuple[int, int]] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        at = 0
        while True:
            if at == len(self.read):
                nxt = next(self.source, None)
                if nxt is None:
                    return
                self.read.append(nxt)
            yield self.read[at]
            at += 1


def _merged_stream(per_unit: Sequence[_Spans]) -> Iterator[tuple[int, int]]:
    """``_merged`` of the units' spans, read only as far as it is iterated."""
    current: tuple[int, int] | None = None
    for start, end in heapq.merge(*per_unit):
        if current is not None and start <= current[1]:
            current = (current[0], max(end, current[1]))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _merged(per_unit: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    spans = sorted(sp for found in per_unit for sp in found)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _bound_near(text: str, pos: int, bounds: np.ndarray | None, step: int) -> int:
    """The nearest place at or beyond `pos` (in direction `step`) where a cut splits no word."""
    pos = max(0, min(len(text), pos))
    for _ in range(40):
        if 0 < pos < len(text) and (bounds is None or bounds[pos]) and starts_cluster(text, pos) \
                and ends_cluster(text, pos):
            return pos
        if pos <= 0 or pos >= len(text):
            return max(0, min(len(text), pos))
        pos += step
    while 0 < pos < len(text) and not starts_cluster(text, pos):
        pos += step
    return pos


def _cut_start(text: str, pos: int, bounds: np.ndarray | None, reach: int = 30) -> int:
    """A fragment start at or after `pos`: after a space, else at a word bound."""
    if pos <= 0:
        return 0
    cut = max(text.rfind(" ", max(0, pos - 8), pos + reach), text.rfind("\n", max(0, pos - 8), pos + reach))
    return cut + 1 if cut != -1 else _bound_near(text, pos, bounds, 1)


def _cut_end(text: str, pos: int, bounds: np.ndarray | None, reach: int = 30) -> int:
    """A fragment end at or before `pos`: at a space, else at a word bound."""
    if pos >= len(text):
        return len(text)
    lo = max(0, pos - reach)
    cut = max(text.rfind(" ", lo, pos + 8), text.rfind("\n", lo, pos + 8))
    return cut if cut > lo else _bound_near(text, pos, bounds, -1)


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]],
            skip: Sequence[tuple[int, int]] = ()) -> str:
    """`text[start:end]` escaped, `spans` (sorted, disjoint) marked, lines in `skip` left out,
    line breaks as spaces."""
    pieces: list[tuple[int, int]] = [(start, end)]
    for lo, hi in skip:
        cut = []
        for a, b in pieces:
            if hi <= a or lo >= b:
                cut.append((a, b))
                continue
            if a < lo:
                cut.append((a, lo))
            if hi < b:
                cut.append((hi, b))
        pieces = cut
    out = []
    for a, b in pieces:
        at = a
        chunk = []
        # from the span holding `a` (the one before the first starting after it)
        for s, e in spans[max(0, bisect_right(spans, (a, len(text) + 1)) - 1):]:
            if s >= b:
                break
            if e <= a:
                continue
            s, e = max(s, a), min(e, b)
            chunk.append(html.escape(text[at:s], quote=False))
            chunk.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
            at = e
        chunk.append(html.escape(text[at:b], quote=False))
        rendered = " ".join("".join(chunk).split())
        if rendered:
            out.append(rendered)
    return " ".join(out)
