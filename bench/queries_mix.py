"""A deterministic mix of realistic queries drawn from a corpus, for latency runs.

    make_mix(articles, n=300, seed=42) -> [{"type", "q", "from", "to", "facets"}, ...]

Types and their shares of `n` (see bench/README.md):

* ``word``: one word of the corpus (Thai, >= 3 letters, or Latin, >= 4
  letters), drawn uniformly from the vocabulary of a segmented sample;
* ``name``: ``first last`` of an official named after a Thai title
  (``titled_names.find_names``);
* ``multi``: two or three words of one article separated by spaces;
* ``phrase``: half a quoted phrase of 2-4 adjacent words (``"w1 w2 w3"``),
  half an unspaced chunk of 8-30 Thai characters copied from a body (which
  thainews reads as a phrase, the baseline as its words ANDed);
* ``date``: a word plus the calendar month (``from``..``to``) of an article
  that contains it;
* ``facet``: a word, with year/month/category facet counts requested.

Candidates come from thainews' own segmentation (``indexer.thai.segment``) of a
seeded sample of articles, so the same corpus and seed give the same mix.
"""

from __future__ import annotations

import calendar
import random
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

__all__ = ["make_mix", "SHARES"]

SHARES = {"word": 0.20, "name": 0.15, "multi": 0.15, "phrase": 0.20, "date": 0.17, "facet": 0.13}

_THAI_WORD = re.compile(r"[\u0e01-\u0e4e]{3,}")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def _counts(n: int) -> dict[str, int]:
    counts = {k: int(n * share) for k, share in SHARES.items()}
    rest = n - sum(counts.values())
    for k in list(SHARES)[:rest]:
        counts[k] += 1
    return counts


def _month(d: date) -> tuple[str, str]:
    last = calendar.monthrange(d.year, d.month)[1]
    return date(d.year, d.month, 1).isoformat(), date(d.year, d.month, last).isoformat()


def make_mix(articles: Sequence, n: int = 300, seed: int = 42, sample: int = 600) -> list[dict]:
    """`n` queries (shuffled, deterministic) drawn from `articles` (.title .body .date)."""
    from bench.query_words import STOP_WORDS, is_phrase_chunk
    from bench.titled_names import find_names, thai_dictionary, title_compounds
    from indexer.thai.segment import segment

    rng = random.Random(f"{seed}:mix")
    order = list(range(len(articles)))
    rng.shuffle(order)
    picked = order[:sample]
    tokens: dict[int, list[str]] = {}
    df: Counter[str] = Counter()
    for i in picked:
        a = articles[i]
        toks = segment(f"{a.title}\n{a.body}")
        tokens[i] = toks
        words = {t.lower() for t in toks if (_THAI_WORD.fullmatch(t) or _LATIN_WORD.fullmatch(t))}
        df.update(words - STOP_WORDS)
    # a word seen in >= 2 sampled articles (a typo-free, real word) and not in most of them
    top = 0.6 * len(picked)
    vocab = sorted(w for w, c in df.items() if 2 <= c <= top)
    vocab_set = set(vocab)
    if not vocab:
        raise ValueError("the corpus sample has no usable words")
    want = _counts(n)
    out: list[dict] = []
    used: set[tuple] = set()

    def add(kind: str, q: str, frm: str | None = None, to: str | None = None) -> bool:
        key = (q, frm, to, kind == "facet")
        if not q or key in used:
            return False
        used.add(key)
        out.append({"type": kind, "q": q, "from": frm, "to": to, "facets": kind == "facet"})
        return True

    def fill(kind: str, make) -> None:
        target = len(out) + want[kind]
        for _ in range(want[kind] * 30):
            if len(out) >= target:
                break
            make()

    fill("word", lambda: add("word", rng.choice(vocab)))
    fill("facet", lambda: add("facet", rng.choice(vocab)))

    names: list[str] = []
    title_words, dictionary = title_compounds(), thai_dictionary()
    for i in picked:
        names.extend(find_names(articles[i].body, title_words, dictionary))
    names = sorted(set(names))
    if names:
        fill("name", lambda: add("name", rng.choice(names)))

    def article_words(i: int) -> list[str]:
        return sorted({t.lower() for t in tokens[i]} & vocab_set)

    def multi() -> None:
        words = article_words(rng.choice(picked))
        k = rng.choice((2, 2, 3))
        if len(words) >= k:
            add("multi", " ".join(rng.sample(words, k)))

    fill("multi", multi)

    half = want["phrase"] // 2

    def quoted() -> None:
        if sum(1 for q in out if q["type"] == "phrase" and q["q"].startswith('"')) >= half:
            return unspaced()
        toks = tokens[rng.choice(picked)]
        k = rng.choice((2, 3, 4))
        if len(toks) <= k:
            return None
        at = rng.randrange(len(toks) - k)
        run = toks[at:at + k]
        if all(_THAI_WORD.fullmatch(t) or re.fullmatch(r"[\u0e01-\u0e4e]{2,}", t) for t in run):
            add("phrase", '"' + " ".join(run) + '"')
        return None

    def unspaced() -> None:
        chunks = [c for c in articles[rng.choice(picked)].body.split() if is_phrase_chunk(c)]
        if chunks:
            add("phrase", rng.choice(chunks))

    fill("phrase", quoted)

    dated = [i for i in picked if articles[i].date]

    def dated_query() -> None:
        i = rng.choice(dated)
        words = article_words(i)
        if words:
            frm, to = _month(articles[i].date)
            add("date", rng.choice(words), frm, to)

    if dated:
        fill("date", dated_query)
    # types that came short (no names in a corpus ...) are topped up with words
    for _ in range(n * 30):
        if len(out) >= n:
            break
        add("word", rng.choice(vocab))
    rng.shuffle(out)
    return out
