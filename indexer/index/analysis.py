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

Besides the word bounds, the analysis gives the **reader's cuts**: where a
Thai reader could cut the text, so where a match may begin and end. A cut
is a word bound, a syllable bound inside a word (each word cut by
``segment.syllables``: `โครง|การ` of `โครงการพัฒนา`, `การ|พัฒ|นา` of
`การพัฒนา`; a compound's inner word bounds where the second syllable engine
confirms them, ``_with_compounds``), or a change between letters and digits inside a Latin or digit
run (`covid|19`), and around each Chinese, Japanese or Korean character.
Never inside a syllable (`อาย` is not in `อา|ยุ`, `ขา`
not in `ขาย`), nor inside a character cluster whatever the segmenter says
(``chars.cluster_cuts``: `เส` is not in `เสวียง`, which nlpO3 cuts
`เส|วี|ยง`), never inside a run of digits (`19` is not in `2019`) or of
Latin letters. Words are syllabified one by one, not the running text, so a
name the segmentation keeps whole is cut by its own syllables only
(`นาย|กฤษศญพงษ์`, never `นา|ยก|ฤษศญพงษ์`): `นายก` is not in `นายกฤษศญพงษ์`.

A name the extractor did not find (no surname after it, say) is still read
as a reader reads it: a title written out (``offices``: `นาย`, `พันเอก`)
glued to text the dictionary cannot read is cut after the title. The
segmenter reads `นายกลินท์` as `นายก|ลินท์` and `นายกฤษศญพงษ์` as
`นายก|ฤษศญ|พงษ์`; `ลินท์` and `ฤษศญ` are no words, so the text is `นาย` and a
name, and `กลินท์` is found. `นายกรัฐมนตรี` and `นายกประยุทธ์` read as words
and stay as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from indexer.thai.abbreviations import dotted_titles
from indexer.thai.chars import (
    PLAIN_WORD_CHARS,
    REPEAT_MARKS,
    SYLLABLE_START_CHARS,
    TERM_DROPPED,
    cluster_cuts,
    is_thai_word_char,
)
from indexer.thai.offices import lexicon
from indexer.thai.officials import name_parts, people_of
from indexer.thai.positions import abbreviate_position
from indexer.thai.segment import (
    compound_parts,
    is_word,
    name_syllables,
    syllables,
    syllables_han_solo,
    syllables_of_many,
)
from indexer.thai.words import term_spans, title_key

__all__ = ["Analysed", "Analyser", "analyse", "word_bounds"]


_PLAIN_THAI = re.compile(f"[{PLAIN_WORD_CHARS}]+")
# inside a Latin or digit run, a reader cuts only where letters and digits meet;
# in Chinese, Japanese and Korean, around each character (a syllable each)
_SYLLABIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_OTHER_CUTS = re.compile(f"(?<=\\d)(?=[^\\W\\d_])|(?<=[^\\W\\d_])(?=\\d)|(?<=[{_SYLLABIC}])|(?=[{_SYLLABIC}])")


@dataclass
class Analysed:
    """What every field of an article needs, from one segmentation and one extraction."""

    title_terms: list[str]
    body_terms: list[str]
    title_bounds: np.ndarray  # one bool per character and one for the end: may a word begin or end here?
    body_bounds: np.ndarray
    title_cuts: np.ndarray  # likewise: may a reader cut here (see the module docstring)?
    body_cuts: np.ndarray
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


def word_bounds(text: str, spans: list[tuple[int, int]], dropped: str = TERM_DROPPED) -> np.ndarray:
    """One bool per character of `text` and one for its end: True unless strictly inside a word.

    A word here is an index term's span; spelling marks an index term drops
    (`dropped`: `ฯ` of `นายกฯ`, dots) end the word before them, so `นายก` in
    `นายกฯ` is a whole word as it is a whole term.

    >>> word_bounds("นายกฯ มา", [(0, 5), (6, 8)]).astype(int).tolist()
    [1, 0, 0, 0, 1, 1, 1, 0, 1]
    """
    mark = np.zeros(len(text) + 2, dtype=np.int32)
    if spans:
        edges = np.array(spans, dtype=np.int64)
        mark[edges[:, 0] + 1] += 1
        mark[edges[:, 1]] -= 1
    return _with_marks(np.cumsum(mark[:len(text) + 1]) <= 0, text, dropped, copy=False)


def _with_marks(bounds: np.ndarray, text: str, marks: str, copy: bool = True) -> np.ndarray:
    """`bounds` with a bound before and after each of `marks` in `text`."""
    out = bounds.copy() if copy else bounds
    for ch in marks:
        at = text.find(ch)
        while at != -1:
            out[at] = out[at + 1] = True
            at = text.find(ch, at + 1)
    return out


class Analyser:
    """Analyses the articles of one segment writer (``writer``), remembering each
    word's syllable cuts: a segment repeats its words thousands of times (the
    thaigov sample: 508,000 words, 18,800 distinct), so each is syllabified once.
    """

    def __init__(self) -> None:
        self._inner: dict[str, tuple[int, ...]] = {}

    def inner_cuts(self, word: str) -> tuple[int, ...]:
        """Where a reader may cut inside `word` (offsets from its start; see the module docstring).

        >>> Analyser().inner_cuts("การพัฒนา")
        (3, 6)
        """
        if word not in self._inner:
            self._learn([word])
        return self._inner[word]

    def _learn(self, words: list[str], names: frozenset[str] = frozenset()) -> None:
        """Work out the inner cuts of `words` (none of them known yet), their Thai
        runs syllabified in one call (``segment.syllables_of_many``); officials'
        names (`names`) by PyThaiNLP itself (``segment.name_syllables``)."""
        runs: dict[str, None] = {}
        for word in words:
            if not _dotted_run(word) and word not in names:
                runs.update((m.group(), None) for m in _PLAIN_THAI.finditer(word))
        pieces = dict(zip(runs, syllables_of_many(list(runs))))
        pieces.update((m.group(), name_syllables(m.group())) for word in words if word in names
                      for m in _PLAIN_THAI.finditer(word) if m.group() not in pieces)
        for word in words:
            if _dotted_run(word):
                self._inner[word] = _stacked_titles(word)
                continue
            found = {m.start() for m in _OTHER_CUTS.finditer(word)}
            # each run of Thai letters by its own syllables: `เล|ขา` of `เลขาฯ`
            for run in _PLAIN_THAI.finditer(word):
                found.update(run.start() + at for at in _inside(_with_compounds(run.group(), pieces[run.group()])))
            self._inner[word] = tuple(sorted(at for at in found if 0 < at < len(word)))

    def terms_and_cuts(self, text: str, keep: frozenset[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The terms of `text`, its word bounds and its reader's cuts."""
        found = list(term_spans(text, keep or None))
        terms = [term.lower() for term, _, _ in found]
        spans = [(start, end) for _, start, end in found]
        words = [text[start:end] for start, end in spans]
        known = self._inner
        unseen = set(words).difference(known)
        if unseen:
            self._learn(sorted(unseen), keep)
        inside = [start + at for (start, _), word in zip(spans, words) for at in known[word]]
        plain = word_bounds(text, spans, "")
        bounds = _with_marks(plain, text, TERM_DROPPED)
        # an abbreviation's dots are no cuts (`มิ` is not in `มิ.ย.`); ฯ and ๆ are (`นายก|ฯ`)
        cuts = _with_marks(plain, text, REPEAT_MARKS)
        cuts[inside] = True
        for name_start, name_end in title_cuts(text, spans, bounds):
            # the segmenter's cuts inside the name are none (`นายก|ฤษศญ`): its own syllables
            cuts[name_start + 1:name_end] = False
            cuts[name_start] = True
            name = text[name_start:name_end]
            cuts[[name_start + at for at in _inside(syllables(name))]] = True
        # whatever the segmenter and the names say, never inside a character cluster
        whole = cluster_cuts(text)
        return terms, bounds & whole, cuts & whole

    def analyse(self, title: str, body: str) -> Analysed:
        """Segment and extract officials from one article (normalised text, as stored)."""
        mentions = people_of(title) + people_of(body)
        keep = _kept_words(mentions)
        title_terms, title_bounds, title_cuts = self.terms_and_cuts(title, keep)
        body_terms, body_bounds, body_cuts = self.terms_and_cuts(body, keep)
        return Analysed(title_terms, body_terms, title_bounds, body_bounds, title_cuts, body_cuts, mentions,
                        title_key(title))


def _dotted_run(word: str) -> bool:
    """A run of dotted Thai abbreviations (`รศ.ดร.`, `พล.อ.อ.`): cut only between its
    titles (``_stacked_titles``), never by syllables."""
    return "." in word[:-1] and is_thai_word_char(word[0])


def _with_compounds(word: str, pieces: list[str]) -> list[str]:
    """`word`'s syllables (`pieces`, ``segment.syllables``), with the bounds between
    the dictionary words of a compound that the syllable dictionary misses but
    PyThaiNLP's other syllable engine confirms: the dictionary reads
    `การกีฬา` as `กา|รกี|ฬา`, han_solo as `การ|กี|ฬา`, so `วงการ` is found in
    `ในวงการกีฬา` (newmm's `วง|การกีฬา`). Cuts are only ever added.

    >>> _with_compounds("การกีฬา", ["กา", "รกี", "ฬา"])
    ['กา', 'ร', 'กี', 'ฬา']
    """
    parts = compound_parts(word)
    if len(parts) > 1:
        cuts = set(_inside(pieces))
        missing = [at for at in _inside(parts) if at not in cuts]
        # han_solo (a CRF, ~0.3 ms a word) only where the dictionary missed a part's bound
        confirmed = set(_inside(syllables_han_solo(word))) if missing else set()
        extra = [at for at in missing if at in confirmed]
        if extra:
            edges = sorted({0, len(word), *cuts, *extra})
            return [word[a:b] for a, b in pairwise(edges)]
    return pieces


def _inside(pieces: list[str]) -> list[int]:
    """The offsets between consecutive `pieces` of a text.

    >>> _inside(["โครง", "การ"])
    [4]
    """
    out, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        out.append(at)
    return out


def _stacked_titles(run: str) -> tuple[int, ...]:
    """Inside a run of dotted abbreviations, where one title ends and another begins
    (`รศ.|ดร.`, `ศ.|นพ.|ดร.`): the rest of the run after a dot starts with a dotted
    title. One abbreviation is never cut (`มิ.ย.`, `พล.อ.อ.`: `อ.` is no title).

    >>> _stacked_titles("รศ.ดร."), _stacked_titles("มิ.ย."), _stacked_titles("พล.อ.อ.")
    ((3,), (), ())
    """
    titles = dotted_titles()
    return tuple(i + 1 for i, ch in enumerate(run[:-1])
                 if ch == "." and any(run.startswith(t, i + 1) for t in titles))


@lru_cache(maxsize=1)
def _glued_titles() -> re.Pattern[str]:
    """A title written out (the lexicon's), glued to a Thai letter after it."""
    return re.compile(f"{_trie_pattern(lexicon().titles)}(?=[{SYLLABLE_START_CHARS}])")


def _trie_pattern(words) -> str:
    """A regular expression for any of `words`, the longest that fits first, branching
    letter by letter. re tries an alternation's branches one by one wherever its first
    letter fits (81 titles, most beginning with น or พ); a branch per letter is tried
    once. Written here: re builds no such tree, and no maintained library does
    only this.

    >>> _trie_pattern(["นาย", "นาง", "นางสาว"])
    '(?:นา(?:ย|ง(?:สาว)?))'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        if set(node) == {""}:
            return ""
        nexts = [(ch, child) for ch, child in node.items() if ch]
        if len(nexts) == 1 and "" not in node:  # one way on: no group
            ch, child = nexts[0]
            return re.escape(ch) + branch(child)
        body = "|".join(re.escape(ch) + branch(child) for ch, child in nexts)
        return f"(?:{body})?" if "" in node else f"(?:{body})"

    return f"(?:{branch(tree)})"


def title_cuts(text: str, spans: list[tuple[int, int]], bounds: np.ndarray) -> list[tuple[int, int]]:
    """Where a title written out ends and a name the dictionary cannot read begins, and
    where that name ends (see the module docstring): after the title, when the word the
    segmenter cut across it is no dictionary word, or is followed, glued, by a Thai
    piece that is none. The name runs on over the glued pieces that are no words.

    >>> spans = [(0, 4), (4, 9), (10, 12)]
    >>> title_cuts("นายกลินท์ มา", spans, word_bounds("นายกลินท์ มา", spans))
    [(3, 9)]
    """
    out = []
    starts = [s for s, _ in spans]
    for m in _glued_titles().finditer(text):
        begin, end = m.span()
        k = bisect_right(starts, end) - 1
        if bounds[end] or k < 0 or not (spans[k][0] < end < spans[k][1]):
            continue
        at = bisect_left(starts, begin)
        if at == len(starts) or starts[at] != begin:  # the title begins no word
            continue
        word_start, word_end = spans[k]
        glued = not is_word(text[word_start:word_end])
        name_end = word_end
        for start, stop in spans[k + 1:]:
            piece = text[start:stop]
            if start != name_end or not _PLAIN_THAI.fullmatch(piece) or is_word(piece):
                break
            glued, name_end = True, stop
        if glued:
            out.append((end, name_end))
    return out


def analyse(title: str, body: str) -> Analysed:
    """One article analysed on its own (``Analyser.analyse``, with nothing remembered)."""
    return Analyser().analyse(title, body)
