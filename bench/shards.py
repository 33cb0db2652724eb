"""A sharded archive against one index: build time, size, page latency and sameness (issue 25).

    .venv/bin/python -m bench.shards ../shared/corpora/thaigov-2016-2020.tar.gz \\
        --work /tmp/shards-bench --shards 2 4 --queries 200 --json /tmp/shards.json

Builds the corpus as one index and as each count of shards (local
processes: ``index.shardbuild``), then times the query mix of
``queries_mix`` on each, interleaved query by query (``timing``), both
modes: ranked ids only, and the result page the web app serves. Checks
too that every query's whole answer (hits, scores, snippets, facets,
did-you-mean) is the same on every layout. Times on a
shared machine are noisy: compare layouts within one run only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    from bench.queries_mix import make_mix
    from bench.timing import PAGE_SIZE, ProjectEngine, log, paired, time_queries
    from indexer.index.build import build_index
    from indexer.ingest import unique_articles

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--work", required=True, help="directory for the indexes (kept: a second run reuses them)")
    ap.add_argument("--shards", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    work = Path(args.work)
    out: dict = {"builds": {}}
    layouts = {"single": (work / "single", None), **{f"shards{n}": (work / f"shards{n}", n) for n in args.shards}}
    for name, (folder, shards) in layouts.items():
        log(f"building {name} ...")
        t0 = time.perf_counter()
        report = build_index(args.corpus, folder, progress=False, shards=shards)
        out["builds"][name] = {"seconds": round(time.perf_counter() - t0, 1), "articles": report.articles,
                               "indexed_files": report.indexed_files, "bytes": _size(folder)}
        log(f"  {out['builds'][name]}")
    log("query mix ...")
    mix = make_mix(list(unique_articles([Path(c) for c in args.corpus])), args.queries)
    engines = {name: ProjectEngine(folder) for name, (folder, _) in layouts.items()}
    log("timing ...")
    q = time_queries(engines, mix, args.warm)
    out["queries"] = {name: {mode: {k: v for k, v in s.items() if k != "per_query_ms"} for mode, s in modes.items()}
                      for name, modes in q.items() if not name.startswith("_")}
    out["paired_page"] = {name: paired(q, (name, "page"), ("single", "page")) for name in layouts if name != "single"}
    differ = {name: 0 for name in layouts}
    for query in mix:
        pages = {}
        for name, engine in engines.items():
            try:  # the whole answer: hits, scores, snippets, facets, did-you-mean ...
                result = dict(engine.s.search(query["q"], query["from"], query["to"], size=PAGE_SIZE))
                result.pop("took_ms")
            except Exception as exc:  # a refused query is refused by every layout alike
                result = {"refused": str(exc)}
            pages[name] = result
        for name in layouts:
            differ[name] += pages[name] != pages["single"]
    out["pages_differing_from_single"] = differ
    for engine in engines.values():
        engine.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
