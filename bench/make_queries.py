"""Generate evaluation query sets (with exact-match oracles) from news corpora.

    python -m bench.make_queries CORPUS... --out QUERIES.jsonl [--seed 42] [--per-type 200]

Articles are read with thainews' own ingest (``indexer.ingest``), deduplicated
exactly like ``indexer.index.build`` does (same id, or same title+body fingerprint:
the first one wins), so ids and normalised text are the ones in the index
(``oracle_corpus.py``).

Every line of the output is one query::

    {"type": "known-item" | "phrase" | "name" | "date-filtered" | "glued" | "unspaced" | "syllable",
     "query": "...", "from": "YYYY-MM-DD" | null, "to": "YYYY-MM-DD" | null,
     "target": id (known-item only), "oracle": [ids], "origin": id,
     "form", "title" (glued only), "words" (unspaced only)}

The oracle of phrase, name, glued, date-filtered and syllable queries is
every article whose ``title + "\\n" + body`` holds the query as a Thai reader
finds it: an occurrence from a cut to a cut of PyThaiNLP's word or syllable
tokenizer (``reader_oracle``; `อาย` is not in `อายุ`); that of an unspaced
query, every article holding each of its words so (see bench/README.md).
``origin`` is the article the query was taken from (informational).
A sidecar ``QUERIES.jsonl.meta.json`` records the corpus, seed and counts.

The known-item, phrase, name and date-filtered queries are made here; the
glued, unspaced and syllable ones in ``glued_queries.py``,
``unspaced_queries.py`` and ``syllable_queries.py``, the names after a title
in ``titled_names.py``.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from bench.glued_queries import make_glued
from bench.oracle_corpus import Corpus, load_articles
from bench.query_words import is_phrase_chunk
from bench.reader_oracle import SYLLABLE_ENGINES
from bench.syllable_queries import make_syllable
from bench.titled_names import find_names, thai_dictionary, title_compounds
from bench.unspaced_queries import make_unspaced
from indexer.ingest.article import Article

__all__ = [
    "make_known_item", "make_phrase", "is_phrase_chunk", "make_name", "make_date_filtered", "common_words",
    "make_queries", "TYPES", "main",
]

TYPES = ("known-item", "phrase", "name", "date-filtered", "glued", "unspaced", "syllable")


def _ws(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- known-item

def make_known_item(corpus: Corpus, rng: random.Random, n: int, min_chars: int = 10) -> list[dict]:
    """Unique headlines (after whitespace normalisation) of >= `min_chars` characters."""
    counts = Counter(_ws(a.title) for a in corpus.articles)
    pool = [a for a in corpus.articles
            if len(_ws(a.title)) >= min_chars and counts[_ws(a.title)] == 1]
    picked = rng.sample(pool, min(n, len(pool)))
    return [{"type": "known-item", "query": _ws(a.title), "from": None, "to": None,
             "target": a.id, "oracle": [a.id], "origin": a.id} for a in picked]


# -------------------------------------------------------------------- phrase

def make_phrase(corpus: Corpus, rng: random.Random, n: int, tries: int = 50) -> list[dict]:
    """A whole space-delimited chunk copied from a random body; oracle: the articles holding it."""
    out: list[dict] = []
    used: set[str] = set()
    order = list(range(len(corpus)))
    rng.shuffle(order)
    for i in order * 2:
        if len(out) >= n:
            break
        chunks = [c for c in corpus.articles[i].body.split() if is_phrase_chunk(c) and c not in used]
        if not chunks:
            continue
        chunk = rng.choice(chunks)
        used.add(chunk)
        oracle = corpus.oracle(chunk)
        if not oracle:  # cannot happen (it was copied from a body); be safe
            continue
        out.append({"type": "phrase", "query": chunk, "from": None, "to": None,
                    "oracle": oracle, "origin": corpus.ids[i]})
    return out


# ---------------------------------------------------------------------- name

def make_name(corpus: Corpus, rng: random.Random, n: int) -> list[dict]:
    """Names that follow a Thai title in bodies; oracle = articles holding ``first last``."""
    title_words, dictionary = title_compounds(), thai_dictionary()
    origin: dict[str, str] = {}
    for a in corpus.articles:
        for name in find_names(a.body, title_words, dictionary):
            origin.setdefault(name, a.id)
    names = sorted(origin)
    picked = rng.sample(names, min(n, len(names)))
    out = []
    for name in picked:
        oracle = corpus.oracle(name)
        if oracle:
            out.append({"type": "name", "query": name, "from": None, "to": None,
                        "oracle": oracle, "origin": origin[name]})
    return out


# ------------------------------------------------------------- date-filtered

def common_words(corpus: Corpus, rng: random.Random, min_df: float, max_df: float,
                 sample: int = 3000, min_chars: int = 3, max_candidates: int = 400) -> list[tuple[str, float]]:
    """Thai words found in [min_df, max_df] of articles, as substrings of the full corpus.

    Candidates come from a newmm segmentation (thainews' segmenter) of a
    random sample of articles; their document frequency is then counted
    exactly, by substring, over every article.
    """
    from indexer.thai.segment import segment

    idx = list(range(len(corpus)))
    rng.shuffle(idx)
    idx = idx[:sample]
    df: Counter[str] = Counter()
    for i in idx:
        words = {w for w in segment(corpus.texts[i])
                 if len(w) >= min_chars and all("\u0e01" <= ch <= "\u0e4e" for ch in w)}
        df.update(words)
    lo, hi = min_df * len(idx), max_df * len(idx)
    cands = sorted((w for w, c in df.items() if lo <= c <= hi), key=lambda w: (-df[w], w))
    if len(cands) > max_candidates:
        cands = sorted(rng.sample(cands, max_candidates), key=lambda w: (-df[w], w))
    out = []
    total = len(corpus)
    for w in cands:
        share = len(corpus.containing(w)) / total
        if min_df <= share <= max_df:
            out.append((w, share))
    return out


def _windows(corpus: Corpus, window: str) -> list[tuple[date, date]]:
    dates = sorted(a.date for a in corpus.articles if a.date)
    if not dates:
        return []
    if window == "month":
        months = sorted({(d.year, d.month) for d in dates})
        return [(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])) for y, m in months]
    days = int(window[:-1]) if window.endswith("d") else 7
    starts = sorted(set(dates))
    return [(d, d + timedelta(days=days - 1)) for d in starts]


def make_date_filtered(corpus: Corpus, rng: random.Random, n: int, *, min_df: float = 0.02,
                       max_df: float = 0.30, window: str = "month") -> list[dict]:
    """A common word plus a window that has articles; oracle = in-window articles holding it."""
    words = common_words(corpus, rng, min_df, max_df)
    windows = _windows(corpus, window)
    if not words or not windows:
        return []
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, a in enumerate(corpus.articles):
        if a.date:
            by_day[a.date].append(i)
    days = sorted(by_day)
    out: list[dict] = []
    used: set[tuple[str, date, date]] = set()
    for _ in range(n * 20):
        if len(out) >= n:
            break
        word, _share = rng.choice(words)
        lo, hi = rng.choice(windows)
        if (word, lo, hi) in used:
            continue
        used.add((word, lo, hi))
        a, b = bisect.bisect_left(days, lo), bisect.bisect_right(days, hi)
        oracle = [corpus.ids[i] for d in days[a:b] for i in by_day[d] if corpus.holds(i, word)]
        if not oracle:
            continue
        out.append({"type": "date-filtered", "query": word, "from": lo.isoformat(), "to": hi.isoformat(),
                    "oracle": oracle, "origin": None})
    return out


# ---------------------------------------------------------------------- main

def make_queries(articles: Sequence[Article], *, per_type: int = 200, seed: int = 42,
                 types: Iterable[str] = TYPES, min_df: float = 0.02, max_df: float = 0.30,
                 window: str = "month", syllables: str = "dict", log=None) -> list[dict]:
    """All query sets for `articles` (deterministic for a given seed; `syllables`: the
    oracle's syllable engine)."""
    corpus = Corpus(articles, syllables)
    queries: list[dict] = []
    for kind in types:
        rng = random.Random(f"{seed}:{kind}")  # each type independent of the others
        started = time.perf_counter()
        if kind == "known-item":
            got = make_known_item(corpus, rng, per_type)
        elif kind == "phrase":
            got = make_phrase(corpus, rng, per_type)
        elif kind == "name":
            got = make_name(corpus, rng, per_type)
        elif kind == "date-filtered":
            got = make_date_filtered(corpus, rng, per_type, min_df=min_df, max_df=max_df, window=window)
        elif kind == "glued":
            got = make_glued(corpus, rng, per_type)
        elif kind == "unspaced":
            got = make_unspaced(corpus, rng, per_type)
        elif kind == "syllable":
            got = make_syllable(corpus, rng, per_type)
        else:
            raise ValueError(f"unknown query type {kind!r}")
        if log:
            log(f"{kind}: {len(got)} queries ({time.perf_counter() - started:.1f}s)")
        queries.extend(got)
    return queries


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="directories, files or archives (.tar.gz, .zip)")
    ap.add_argument("--out", required=True, help="output JSON Lines file")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--per-type", type=int, default=200, help="queries per type (default 200)")
    ap.add_argument("--types", default=",".join(TYPES), help="comma-separated subset of " + ",".join(TYPES))
    ap.add_argument("--min-df", type=float, default=0.02, help="date-filtered word: min share of articles")
    ap.add_argument("--max-df", type=float, default=0.30, help="date-filtered word: max share of articles")
    ap.add_argument("--window", default="month",
                    help="date-filtered window: 'month' (calendar month, default) "
                         "or 'Nd' (N days from an article's date)")
    ap.add_argument("--oracle-syllables", choices=SYLLABLE_ENGINES, default="dict",
                    help="the oracle's PyThaiNLP syllable engine (default dict; han_solo needs python-crfsuite)")
    args = ap.parse_args(argv)
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    if not re.fullmatch(r"month|[1-9]\d*d", args.window):
        ap.error("--window must be 'month' or a number of days like '7d'")
    for t in types:
        if t not in TYPES:
            ap.error(f"unknown type {t!r}")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    errors: list = []
    articles = load_articles(args.corpus, errors=errors)
    log(f"{len(articles)} articles read ({len(errors)} files failed) in {time.perf_counter() - started:.1f}s")
    queries = make_queries(articles, per_type=args.per_type, seed=args.seed, types=types,
                           min_df=args.min_df, max_df=args.max_df, window=args.window,
                           syllables=args.oracle_syllables, log=log)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    meta = {
        "corpus": [str(c) for c in args.corpus], "articles": len(articles), "seed": args.seed,
        "per_type": args.per_type, "window": args.window, "min_df": args.min_df, "max_df": args.max_df,
        "oracle_syllables": args.oracle_syllables,
        "counts": dict(Counter(q["type"] for q in queries)),
        "command": " ".join(["python", "bench/make_queries.py", *(argv if argv is not None else sys.argv[1:])]),
    }
    Path(str(out) + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"{len(queries)} queries written to {out} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
