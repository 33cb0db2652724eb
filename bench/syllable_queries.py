"""The ``syllable`` query type: short dictionary words whose letters also stand inside other syllables.

`อาย` (shy) and `อายุ` (age), `ขา` (leg) and `ขาย` (sell), `ป่า` and `เป่า`:
a reader looking for the word finds it where it is a word or a syllable of
one, never where its letters are part of another syllable. The words are
PyThaiNLP dictionary words of 2-4 letters such that at least a fifth of the
articles holding their letters hold them only inside other syllables. The
oracle is the reader's (``oracle_corpus``, ``reader_oracle``: PyThaiNLP's
word and syllable tokenizers; none of the engine's code). Called by
``make_queries.py``.
"""

from __future__ import annotations

import random
import re

from bench.oracle_corpus import Corpus

__all__ = ["SYLLABLE_INSIDE_SHARE", "make_syllable"]

# at least this share of the articles holding a word's letters hold them only inside other syllables
SYLLABLE_INSIDE_SHARE = 0.2
# letters, vowels and marks a plain Thai word is written with
_PLAIN = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]{2,4}")


def make_syllable(corpus: Corpus, rng: random.Random, n: int, *, inside: float = SYLLABLE_INSIDE_SHARE,
                  min_articles: int = 3) -> list[dict]:
    """Short dictionary words mostly found inside other syllables (see the module docstring);
    oracle: the articles holding each as a reader finds it."""
    from pythainlp.corpus import thai_words

    words = sorted(w for w in thai_words() if _PLAIN.fullmatch(w))
    rng.shuffle(words)
    out: list[dict] = []
    for word in words:
        if len(out) >= n:
            break
        holding = corpus.containing(word)
        if len(holding) < min_articles:
            continue
        holders = corpus.reader.holders(word, holding)
        if not holders or len(holding) - len(holders) < inside * len(holding):
            continue
        out.append({"type": "syllable", "query": word, "from": None, "to": None,
                    "oracle": [corpus.ids[i] for i in holders], "origin": None,
                    "letters_in": len(holding)})
    return out
