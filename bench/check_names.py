"""Issue 4 check: a name query finds every article that contains the name.

Samples officials' names (``first last`` as the extractor finds them) from
the corpora, scans every article's normalised text for each name (the
oracle: a plain substring test), and checks that the name query's hits
include every such article. Prints the share of names fully covered and the
misses.

    .venv/bin/python -m bench.check_names CORPUS... --index DIR [--names 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from indexer.ingest import unique_articles
from indexer.search import Searcher
from indexer.search.probes import search_ids
from indexer.thai.officials import extract_people


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--index", required=True)
    ap.add_argument("--names", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    started = time.perf_counter()
    texts = {a.id: a.title + "\n" + a.body for a in unique_articles(args.corpus)}
    print(f"# {len(texts)} articles read in {time.perf_counter() - started:.0f}s", flush=True)

    rng = random.Random(args.seed)
    ids = sorted(texts)
    names: list[str] = []
    while len(names) < args.names:
        mentions = extract_people(texts[rng.choice(ids)])
        if mentions:
            name = rng.choice(mentions).name
            if name not in names:
                names.append(name)

    searcher = Searcher(args.index)
    covered = 0
    misses = []
    for name in names:
        oracle = {i for i, t in texts.items() if name in t}
        hits = set(search_ids(searcher, name, limit=len(oracle) + 500))
        missing = oracle - hits
        if not missing:
            covered += 1
        else:
            misses.append((name, len(oracle), len(missing), sorted(missing)[:3]))
    print(f"# command: {' '.join(sys.argv)}")
    print(f"names sampled: {len(names)}; fully covered: {covered} ({covered / len(names):.1%})")
    for name, size, missing, examples in misses:
        print(f"  miss: {name!r}: {missing} of {size} articles not found, e.g. {examples}")
    print(f"# {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
