"""The ``unspaced`` query type: nearby words of an article typed together without spaces.

``ตำรวจจับยาบ้า``, ``นายกประยุทธ์``: 2-3 words of one article glued in their
order into a string no article holds verbatim, so the engine must fall back
to the words. Its oracle is every article that holds every word as a reader
finds it (``oracle_corpus``). Called by ``make_queries.py``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bench.glued_queries import MARKS, THAI_RUN, names_written
from bench.oracle_corpus import Corpus
from bench.titled_names import thai_dictionary

__all__ = ["UNSPACED_SPAN", "UNSPACED_MAX_DF", "UNSPACED_MAX_CHARS", "make_unspaced"]

UNSPACED_SPAN = 80      # the words start within this many characters of the first one
UNSPACED_MAX_DF = 0.20  # content words: each in at most this share of articles
UNSPACED_MAX_CHARS = 30


def _stop_words() -> frozenset[str]:
    """Function words: those the latency mix leaves out (bench/queries_mix.py) and PyThaiNLP's stop words."""
    from pythainlp.corpus import thai_stopwords

    from bench.query_words import STOP_WORDS

    return STOP_WORDS | frozenset(thai_stopwords())


def _in_name(tokens: Sequence[str], k: int, names: frozenset[str]) -> bool:
    """Whether token `k` is a piece of a name cut into words (จิร|พงษ์, จันทร์|โอชา): 2-4
    glued tokens around it spell a known first name or surname."""
    for a in range(max(0, k - 3), k + 1):
        for b in range(max(k + 1, a + 2), min(len(tokens), a + 4) + 1):
            if "".join(tokens[a:b]) in names:
                return True
    return False


def make_unspaced(corpus: Corpus, rng: random.Random, n: int, *, span: int = UNSPACED_SPAN,
                  max_df: float = UNSPACED_MAX_DF, tries: int = 8) -> list[dict]:
    """2-3 nearby words of one article glued in their order, the glued string in no article.

    Words: Thai dictionary words (PyThaiNLP's list) of 2+ letters as the
    project's segmentation cuts the article, not pieces of a name the
    segmentation cut up (:func:`_in_name`; PyThaiNLP's name lists and the
    names written after a title in the corpus), not function words
    (``query_words.STOP_WORDS``, PyThaiNLP's stop words), each in at most `max_df` of the articles
    (or 2 articles, in a tiny corpus); no
    word inside another. The glued string must segment back into exactly
    those words (so "its dictionary words" are well defined) and occur in
    no article. Oracle: every article that holds every word (substring).
    """
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    from indexer.thai.segment import segment

    dictionary, stop = thai_dictionary(), _stop_words()
    names = {part for pair in names_written(a.body for a in corpus.articles) for part in pair}
    names = frozenset(names | set(thai_male_names()) | set(thai_female_names()) | set(thai_family_names()))
    df_cache: dict[str, int] = {}
    limit = max(max_df * len(corpus), 2)

    def df(word: str) -> int:
        if word not in df_cache:
            df_cache[word] = len(corpus.containing(word))
        return df_cache[word]

    def content(word: str) -> bool:
        return (len(word) >= 2 and word in dictionary and word not in stop
                and THAI_RUN.fullmatch(word) is not None and word[0] not in MARKS)

    out: list[dict] = []
    used: set[str] = set()
    order = list(range(len(corpus)))
    rng.shuffle(order)
    for i in order * 2:
        if len(out) >= n:
            break
        text = corpus.texts[i]
        tokens = segment(text)
        words_at, at = [], 0
        for k, t in enumerate(tokens):
            if content(t) and not _in_name(tokens, k, names):
                words_at.append((at, t))
            at += len(t)
        if len(words_at) < 2:
            continue
        for _ in range(tries):
            k = rng.choice((2, 2, 3))
            a = rng.randrange(len(words_at))
            near = [w for pos, w in words_at[a + 1:] if pos - words_at[a][0] < span]
            near = list(dict.fromkeys(w for w in near if w != words_at[a][1]))
            if len(near) < k - 1:
                continue
            picked = [words_at[a][1], *sorted(rng.sample(near, k - 1), key=near.index)]
            if any(x != y and x in y for x in picked for y in picked):
                continue
            query = "".join(picked)
            if len(query) > UNSPACED_MAX_CHARS or query in used or any(df(w) > limit for w in picked):
                continue
            used.add(query)
            if segment(query) != picked or corpus.containing(query):
                continue
            rarest = min(picked, key=df)
            oracle = [corpus.ids[j] for j in corpus.holders(rarest) if all(corpus.holds(j, w) for w in picked)]
            out.append({"type": "unspaced", "query": query, "words": picked, "from": None, "to": None,
                        "oracle": oracle, "origin": corpus.ids[i]})
            break
    return out
