"""Snippets: up to three fragments of about 200 characters, matches marked.

Whoosh's highlighter marks individual index terms, so a Thai unit segmented
into three words gets three marks, and its fragments are cut at token
counts. Here a whole matched unit is one ``<mark>``, fragments are cut at
spaces (or, inside a long unspaced Thai run, at word boundaries), a mark
never separates a letter from its vowels and tone marks, and all document
text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from indexer.thai.segment import LEADING as _LEADING
from indexer.thai.segment import MARKS as _MARKS
from indexer.thai.segment import segment

__all__ = ["unit_patterns", "match_spans", "build_snippet", "highlight_text"]

SNIPPET_CHARS = 200
MAX_FRAGMENTS = 3
_OPTIONAL = "[.\u0e2f\u0e46]?"  # dots, ฯ and ๆ are not part of index terms


def _word_regex(word: str) -> str:
    return "".join(re.escape(c) + _OPTIONAL for c in word)


def unit_patterns(units: Iterable) -> list[re.Pattern]:
    """One regex per unit form: its words with nothing between them
    (a quoted phrase may have spaces or punctuation between words); a relaxed
    unit contributes each of its words separately."""
    patterns = []
    for unit in units:
        if unit.negated:
            continue
        for i, words in enumerate(unit.forms):
            variant = unit.texts[i] if i < len(unit.texts) and unit.texts[i] != unit.text else None
            if variant and not unit.relaxed:
                # an abbreviation's own text, dots included: `นรม.` is not the
                # `นรม` inside `รื่นรมย์`
                patterns.append(_compile(re.escape(variant)))
                continue
            if unit.relaxed:
                parts = [_word_regex(w) for w in words]
            elif unit.phrase:
                parts = [r"[\s\W_]{0,3}".join(_word_regex(w) for w in words)]
            else:
                parts = ["".join(_word_regex(w) for w in words)]
            for part in parts:
                if part:
                    patterns.append(_compile(part))
    return patterns


def _whole_word(text: str, start: int, end: int) -> bool:
    """Does text[start:end] begin and end on word boundaries?

    Only the stretch between the nearest spaces around the match is
    segmented: segmenting a whole 30,000-character article for every hit
    would cost more than the search.
    """
    lo = text.rfind(" ", max(0, start - 60), start) + 1 if start else 0
    if lo == 0 and start > 60:
        lo = start - 60
    hi = text.find(" ", end, end + 60)
    hi = hi if hi != -1 else min(len(text), end + 60)
    offset = lo
    bounds = {lo}
    for piece in segment(text[lo:hi]):
        offset += len(piece)
        bounds.add(offset)
    return start in bounds and end in bounds


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def match_spans(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int]]:
    """Sorted, merged character spans of every match in `text`.

    A match may not start on a vowel or tone mark, nor right after a leading
    vowel (that would split a cluster: `กา` is not in `เกาะ`); its end is
    extended over trailing marks so the mark closes after the whole cluster.
    Where a unit occurs as whole words somewhere in the text, only those
    occurrences are marked, not its appearances inside longer words
    (`การ` alone, not the `การ` of `ทางการ`).
    """
    spans = []
    for pattern in patterns:
        found = []
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if start == end or text[start] in _MARKS or (start and text[start - 1] in _LEADING):
                continue
            while end < len(text) and text[end] in _MARKS:
                end += 1
            found.append((start, end))
        if len(found) > 1:
            whole = [(s, e) for s, e in found[:50] if _whole_word(text, s, e)]
            found = whole or found
        spans.extend(found)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cut_start(text: str, pos: int, reach: int = 30) -> int:
    """A fragment start at or after `pos`: after a space, else a word boundary."""
    if pos <= 0:
        return 0
    space = text.rfind(" ", max(0, pos - 8), pos + reach)
    nl = text.rfind("\n", max(0, pos - 8), pos + reach)
    cut = max(space, nl)
    if cut != -1:
        return cut + 1
    return _word_boundary(text, pos)


def _cut_end(text: str, pos: int, reach: int = 30) -> int:
    """A fragment end at or before `pos`: at a space, else a word boundary."""
    if pos >= len(text):
        return len(text)
    lo = max(0, pos - reach)
    space = max(text.rfind(" ", lo, pos + 8), text.rfind("\n", lo, pos + 8))
    if space > lo:
        return space
    return _word_boundary(text, pos)


def _word_boundary(text: str, pos: int) -> int:
    """The word boundary nearest `pos` inside an unspaced run."""
    lo, hi = max(0, pos - 40), min(len(text), pos + 40)
    best, offset = pos, lo
    for piece in segment(text[lo:hi]):
        if abs(offset - pos) < abs(best - pos) or best == pos:
            best = offset
        offset += len(piece)
    while 0 < best < len(text) and text[best] in _MARKS:
        best -= 1
    return best


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out = []
    at = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[at:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        at = e
    out.append(html.escape(text[at:end], quote=False))
    return "".join(out).replace("\n", " ")


def build_snippet(text: str, patterns: list[re.Pattern], max_chars: int = SNIPPET_CHARS,
                  max_fragments: int = MAX_FRAGMENTS) -> tuple[str, bool]:
    """HTML snippet of `text` around the matches; (html, matched).

    Fragments start at the first match of each pattern (so every unit of
    the query is shown once when it can be), then at further matches, with
    the character budget shared between them.
    """
    spans = match_spans(text, patterns) if patterns else []
    if not spans:
        end = _cut_end(text, max_chars) if len(text) > max_chars else len(text)
        tail = " …" if end < len(text) else ""
        return html.escape(text[:end], quote=False).replace("\n", " ") + tail, False
    anchors: list[tuple[int, int]] = []
    for pattern in patterns:  # first match of each unit, in query order
        first = next((sp for sp in spans if pattern.match(text, sp[0]) or
                      (pattern.search(text, sp[0], sp[1]))), None)
        if first and first not in anchors:
            anchors.append(first)
    for sp in spans:
        if len(anchors) >= max_fragments:
            break
        if all(abs(sp[0] - a[0]) > max_chars // max_fragments for a in anchors):
            anchors.append(sp)
    anchors = sorted(anchors[:max_fragments])
    share = max_chars // len(anchors)
    windows: list[list[int]] = []
    for s, e in anchors:
        room = max(share - (e - s), 20)
        start = _cut_start(text, max(0, s - room // 3)) if s - room // 3 > 0 else 0
        if start > s:
            start = s
        end = _cut_end(text, min(len(text), max(e, start + share)))
        if end < e:
            end = e
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    parts = [_render(text, s, e, spans) for s, e in windows]
    body = " … ".join(parts)
    if windows[0][0] > 0:
        body = "… " + body
    if windows[-1][1] < len(text):
        body += " …"
    return body, True


def highlight_text(text: str, patterns: list[re.Pattern]) -> str:
    """The whole of `text`, escaped, with every match marked (article pages)."""
    return _render(text, 0, len(text), match_spans(text, patterns) if patterns else [])
