"""Where a Thai reader finds a word in a text, decided by PyThaiNLP alone.

The oracle of the `syllable` query type (``make_queries``) and of the
default run's property test: an article holds a word where an occurrence of
it starts and ends at a cut that PyThaiNLP's own tokenizers make in the
article's text, its word tokenizer (``word_tokenize``, newmm) or its syllable
tokenizer (``syllable_tokenize``, the dictionary engine) run on each of those
words. Nothing of the engine under test is used: `ขา` is in `ขา|หัก` and in
`เล|ขา`, not in `ขาย`; `อาย` is not in `อา|ยุ`.

Syllables are cut word by word, as a reader reads them: run over the
running text, the syllable tokenizer also makes syllables that straddle two
words. The engines ending in ``-text`` do that instead (``dict-text``), for
comparison.

Tokenizing is PyThaiNLP's pure Python, so only the articles that hold the
word's letters at all are tokenized, each once (``ReaderOracle`` keeps their
cuts).
"""

from __future__ import annotations

from collections.abc import Sequence

from pythainlp.tokenize import syllable_tokenize, word_tokenize

__all__ = ["SYLLABLE_ENGINES", "reader_cuts", "holds", "ReaderOracle"]


def _edges(tokens: list[str]) -> set[int]:
    edges, at = {0}, 0
    for token in tokens:
        at += len(token)
        edges.add(at)
    return edges


SYLLABLE_ENGINES = ("dict", "han_solo", "dict-text", "han_solo-text")


def reader_cuts(text: str, syllables: str = "dict") -> frozenset[int]:
    """Offsets in `text` where PyThaiNLP's word tokenizer cuts it, or its syllable
    tokenizer cuts one of those words (`syllables`: the syllable engine, ``dict`` or
    ``han_solo``; with ``-text``, run over the whole text instead).

    >>> sorted(reader_cuts("อายุ"))
    [0, 2, 4]
    """
    words = word_tokenize(text, engine="newmm", keep_whitespace=True)
    engine, _, whole = syllables.partition("-")
    if whole:
        return frozenset(_edges(words) | _edges(syllable_tokenize(text, engine=engine, keep_whitespace=True)))
    cuts, at = {0}, 0
    for word in words:
        if len(word) > 1 and not word.isspace():
            cuts.update(at + edge for edge in _edges(syllable_tokenize(word, engine=engine)))
        at += len(word)
        cuts.add(at)
    return frozenset(cuts)


def holds(text: str, word: str, cuts: frozenset[int] | None = None, syllables: str = "dict") -> bool:
    """Does `text` hold `word` where a reader finds it (from a cut to a cut)?

    >>> holds("เด็กขาหัก", "ขา"), holds("ขายของ", "ขา")
    (True, False)
    """
    cuts = reader_cuts(text, syllables) if cuts is None else cuts
    at = text.find(word)
    while at != -1:
        if at in cuts and at + len(word) in cuts:
            return True
        at = text.find(word, at + 1)
    return False


class ReaderOracle:
    """The articles (texts, by position) that hold a word as a reader finds it."""

    def __init__(self, texts: Sequence[str], syllables: str = "dict"):
        self.texts = texts
        self.syllables = syllables
        self._cuts: dict[int, frozenset[int]] = {}

    def cuts(self, i: int) -> frozenset[int]:
        if i not in self._cuts:
            self._cuts[i] = reader_cuts(self.texts[i], self.syllables)
        return self._cuts[i]

    def holders(self, word: str, candidates: Sequence[int]) -> list[int]:
        """Of the `candidates` (texts holding `word`'s letters), those that hold the word."""
        return [i for i in candidates if holds(self.texts[i], word, self.cuts(i))]
