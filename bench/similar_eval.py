"""Do "similar articles" share the story? (issue 24)

Two measures over an existing index, none of them computed by the code under
test:

- **twins**: articles filed twice (the same headline, spacing and case aside,
  under another id): is a twin among the first 3 similar ones? Up to
  ``--twins`` articles that have one.
- **related**: for ``--sample`` random articles, does the first similar one
  share the category, an official named in both, or a content word of both
  headlines (a dictionary word of two syllables or more, PyThaiNLP's own
  segmentation and stop words)?

Usage::

    .venv/bin/python -m bench.similar_eval INDEX [--sample 200] [--twins 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import defaultdict

from pythainlp.corpus import thai_stopwords, thai_words
from pythainlp.tokenize import syllable_tokenize, word_tokenize

from indexer.search import Searcher

__all__ = ["headline_words", "main"]

_SPACE = re.compile(r"\s+")


def _key(title: str) -> str:
    return _SPACE.sub("", title or "").lower()


def headline_words(title: str) -> set[str]:
    """Content words of a headline, by PyThaiNLP alone (newmm, its word list and stop words)."""
    words, stop = thai_words(), thai_stopwords()
    return {w for w in word_tokenize(title or "", engine="newmm", keep_whitespace=False)
            if w in words and w not in stop and len(syllable_tokenize(w, engine="dict")) >= 2}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--twins", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    searcher = Searcher(args.index)
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(args.index).reader() as reader:
        stored = {d: reader.stored_fields(d) for d in reader.all_doc_ids()}
    articles = {f["id"]: f for f in stored.values() if f.get("id")}
    by_title: dict[str, list[str]] = defaultdict(list)
    for doc_id, fields in articles.items():
        if len(_key(fields.get("title", ""))) >= 12:
            by_title[_key(fields["title"])].append(doc_id)
    rng = random.Random(args.seed)
    twinned = sorted(d for ids in by_title.values() if len(ids) > 1 for d in ids)
    rng.shuffle(twinned)
    started = time.perf_counter()
    hits = 0
    for doc_id in twinned[:args.twins]:
        twins = set(by_title[_key(articles[doc_id]["title"])]) - {doc_id}
        first = [s["id"] for s in searcher.similar(doc_id, 3)]
        hits += bool(twins & set(first))
    n_twins = min(len(twinned), args.twins)
    ids = sorted(articles)
    sample = rng.sample(ids, min(args.sample, len(ids)))
    shared = {"category": 0, "official": 0, "headline word": 0, "any": 0, "none found": 0}
    for doc_id in sample:
        similar = searcher.similar(doc_id, 1)
        if not similar:
            shared["none found"] += 1
            continue
        a, b = articles[doc_id], articles.get(similar[0]["id"], {})
        reasons = {
            "category": bool(a.get("category")) and a.get("category") == b.get("category"),
            "official": bool({n for n, _ in a.get("people") or ()} & {n for n, _ in b.get("people") or ()}),
            "headline word": bool(headline_words(a.get("title", "")) & headline_words(b.get("title", ""))),
        }
        for name, ok in reasons.items():
            shared[name] += ok
        shared["any"] += any(reasons.values())
    took = time.perf_counter() - started
    print(f"# python -m bench.similar_eval {' '.join(argv or [])}".rstrip())
    print(f"articles {len(articles):,}; with a twin {len(twinned):,}; checked {n_twins}")
    if n_twins:
        print(f"twin among the first 3 similar: {hits}/{n_twins} = {hits / n_twins:.3f}")
    print(f"first similar shares (of {len(sample)}): " + ", ".join(
        f"{k} {v}" for k, v in shared.items()) + f" -> any {shared['any'] / max(1, len(sample)):.3f}")
    print(f"{took:.1f} s")
    searcher.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
