"""Evaluate thainews search (and the naive baseline) on generated query sets.

    python -m bench.eval_search QUERIES.jsonl --index DIR [--naive-index DIR]
        [--build CORPUS ...] [--json OUT] [--types known-item,phrase] [--limit-queries N] [--no-fail]

With ``--build``, both indexes are built from the corpora first (into
``--index`` / ``--naive-index`` when given, else temporary directories that
are removed afterwards) and each build is timed. Without ``--naive-index``
or ``--build`` only thainews is evaluated. The table ends with PASS/FAIL
lines for thainews (issue 14's targets); the exit status is 1 when one
fails (``--no-fail``: 0). Metric definitions: bench/README.md; the metrics
are computed in ``eval_metrics.py``, the table and the PASS/FAIL lines made
in ``eval_report.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from bench import naive, oracle_corpus
from bench.eval_metrics import ALL_HITS_TYPES, CUTOFF, EVERY_HIT, score
from bench.eval_report import checks, format_checks, format_table

__all__ = ["Engine", "thainews_engine", "naive_engine", "load_queries", "run_engine", "evaluate", "main"]

TEXT_CACHE = 4096  # hit texts kept per engine (stored fields are read again after that)


@dataclass
class Engine:
    name: str
    search_ids: Callable[..., list[str]]
    date_of: Callable[[str], date | None]
    doc_count: int
    index_dir: str
    build_seconds: float | None = None
    notes: list[str] = field(default_factory=list)
    # title + "\n" + body of an article as the index stores it (for "held")
    text_of: Callable[[str], str | None] | None = None
    # the engine's reading of a query: {"units": [...], "message": ...} or None
    interpret: Callable[..., dict | None] | None = None


def thainews_engine(index_dir: str | Path, build_seconds: float | None = None) -> Engine:
    from indexer.search import Searcher
    from indexer.search.probes import search_ids as ranked_ids
    from indexer.thai.segment import engine_name

    searcher = Searcher(index_dir)
    notes = [f"segmenter={engine_name()}"]

    def search_ids(q, date_from=None, date_to=None, limit=CUTOFF):
        return ranked_ids(searcher, q, date_from=date_from, date_to=date_to, limit=limit)

    def date_of(doc_id):
        art = searcher.article(doc_id)
        return date.fromisoformat(art["date"]) if art and art.get("date") else None

    @lru_cache(maxsize=TEXT_CACHE)
    def text_of(doc_id):
        # through the public API: the body is not among Whoosh's stored fields
        # (it is a column of its own), so searcher.document() has no body
        art = searcher.article(doc_id)
        return f"{art.get('title', '')}\n{art.get('body', '')}" if art else None

    def interpret(q, date_from=None, date_to=None):
        """The search response's ``interpretation`` (None when the engine gives none)."""
        # the first page's size: whether the words reading goes on depends on it
        res = searcher.search(q, date_from=date_from, date_to=date_to, facets=False)
        return res.get("interpretation")

    return Engine("thainews", search_ids, date_of, searcher.doc_count(), str(index_dir), build_seconds, notes,
                  text_of, interpret)


def naive_engine(index_dir: str | Path, build_seconds: float | None = None) -> Engine:
    ns = naive.NaiveSearcher(index_dir)
    return Engine("naive", ns.search_ids, ns.date_of, ns.doc_count(), str(index_dir), build_seconds,
                  ["Whoosh defaults + pythainlp newmm"], lru_cache(maxsize=TEXT_CACHE)(ns.text_of))


def load_queries(path: str | Path, types: Sequence[str] | None = None,
                 limit_queries: int | None = None) -> list[dict]:
    """Queries of `path`, only `types` (all when None), at most `limit_queries` per type."""
    out: list[dict] = []
    per: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            q = json.loads(line)
            if types and q["type"] not in types:
                continue
            if limit_queries is not None and per.get(q["type"], 0) >= limit_queries:
                continue
            per[q["type"]] = per.get(q["type"], 0) + 1
            out.append(q)
    return out


def run_engine(engine: Engine, queries: Sequence[dict], limit: int = CUTOFF) -> list[dict]:
    """Run every query; return per query the ranked ids, milliseconds and any error."""
    try:  # warm-up: dictionaries, caches, first segment open
        engine.search_ids(queries[0]["query"] if queries else "ข่าว", None, None, 10)
    except Exception:
        pass
    runs = []
    for q in queries:
        started = time.perf_counter()
        error = None
        try:
            # a syllable query is judged on every hit: precision over all of them
            wanted = EVERY_HIT if q["type"] in ALL_HITS_TYPES else limit
            ids = list(engine.search_ids(q["query"], q.get("from"), q.get("to"), wanted))
        except Exception as exc:  # a rejected or crashing query counts as no results
            ids, error = [], f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - started) * 1000
        interpretation, interpret_error = None, None
        if engine.interpret is not None and error is None:
            try:  # untimed: a second request, for the units and variants the engine matched
                interpretation = engine.interpret(q["query"], q.get("from"), q.get("to"))
            except Exception as exc:
                interpret_error = f"{type(exc).__name__}: {exc}"
        runs.append({"ids": ids, "ms": ms, "error": error, "interpretation": interpretation,
                     "interpret_error": interpret_error})
    return runs



def evaluate(queries: Sequence[dict], engines: Sequence[Engine], cutoff: int = CUTOFF,
             log: Callable[[str], None] | None = None) -> tuple[dict, dict]:
    """Run and score every engine: ({engine: {type: metrics}}, {engine: per-query rows})."""
    results, details = {}, {}
    for engine in engines:
        started = time.perf_counter()
        runs = run_engine(engine, queries, cutoff)
        results[engine.name], details[engine.name] = score(queries, runs, engine.date_of, cutoff, engine.text_of)
        if log:
            log(f"{engine.name}: {len(queries)} queries in {time.perf_counter() - started:.1f}s")
    return results, details


def _build(corpora: Sequence[str], index_dir: Path, naive_dir: Path | None, log) -> dict:
    from indexer.index.build import build_index

    info = {}
    started = time.perf_counter()
    report = build_index(corpora, index_dir, rebuild=True, progress=False)
    info["thainews_seconds"] = time.perf_counter() - started
    info["thainews_report"] = report.summary()
    log(f"thainews index built: {report.summary()}")
    if naive_dir is not None:
        started = time.perf_counter()
        articles = oracle_corpus.load_articles(corpora)
        read = time.perf_counter() - started
        build_seconds = naive.build_naive(articles, naive_dir)
        info["naive_seconds"] = time.perf_counter() - started
        info["naive_read_seconds"] = read
        log(f"naive index built: {len(articles)} articles in {info['naive_seconds']:.1f}s "
            f"(read {read:.1f}s, index {build_seconds:.1f}s)")
    return info


def _clean(value):
    """NaN to None, recursively, so the JSON output is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("queries", help="JSON Lines written by bench/make_queries.py")
    ap.add_argument("--index", help="thainews index directory (built there with --build)")
    ap.add_argument("--naive-index", help="naive baseline index directory (built there with --build)")
    ap.add_argument("--build", nargs="+", metavar="CORPUS", help="build both indexes from these corpora first")
    ap.add_argument("--json", help="write metrics and per-query results here")
    ap.add_argument("--types", help="comma-separated query types to run (default: all)")
    ap.add_argument("--limit-queries", type=int, help="at most N queries per type")
    ap.add_argument("--no-naive", action="store_true", help="with --build: skip the naive baseline")
    ap.add_argument("--no-fail", action="store_true", help="exit 0 even when a PASS/FAIL line fails")
    args = ap.parse_args(argv)
    if not args.index and not args.build:
        ap.error("give --index DIR, or --build CORPUS ... (temporary indexes)")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    command = " ".join(["python", "-m", "bench.eval_search", *(argv if argv is not None else sys.argv[1:])])
    types = [t.strip() for t in args.types.split(",")] if args.types else None
    queries = load_queries(args.queries, types, args.limit_queries)
    meta_path = Path(str(args.queries) + ".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}

    tmp = None
    build_info: dict = {}
    index_dir = Path(args.index) if args.index else None
    naive_dir = Path(args.naive_index) if args.naive_index else None
    try:
        if args.build:
            if index_dir is None or (naive_dir is None and not args.no_naive):
                tmp = Path(tempfile.mkdtemp(prefix="thainews-eval-"))
            index_dir = index_dir or tmp / "thainews"
            if not args.no_naive:
                naive_dir = naive_dir or tmp / "naive"
                if naive_dir.exists():
                    shutil.rmtree(naive_dir)
            build_info = _build(args.build, index_dir, naive_dir, log)
        engines = [thainews_engine(index_dir, build_info.get("thainews_seconds"))]
        if naive_dir is not None:
            engines.append(naive_engine(naive_dir, build_info.get("naive_seconds")))

        corpus = args.build or meta.get("corpus") or ["?"]
        header = [f"# {command}",
                  f"# corpus: {' '.join(map(str, corpus))}"
                  + (f" ({meta['articles']} articles when the queries were made)" if meta.get("articles") else ""),
                  f"# queries: {args.queries} ({len(queries)}"
                  + (f"; seed {meta['seed']}, window {meta.get('window')}" if meta else "") + ")"]
        for e in engines:
            built = f", built in {e.build_seconds:.1f}s" if e.build_seconds is not None else ""
            header.append(f"# {e.name}: {e.index_dir} ({e.doc_count} docs{built}; {'; '.join(e.notes)})")
        if len({e.doc_count for e in engines}) > 1:
            header.append("# WARNING: the indexes hold different numbers of documents")
        if meta.get("articles") and any(e.doc_count != meta["articles"] for e in engines):
            header.append("# WARNING: an index does not hold the articles the queries were made from")

        results, details = evaluate(queries, engines, CUTOFF, log)
        for e in engines:
            if e.interpret is not None:
                rows = details[e.name]
                listed = sum(1 for r in rows if r.get("interpretation"))
                header.append(f"# {e.name}: interpretation listed for {listed} of {len(rows)} queries"
                              + ("" if listed == len(rows) else "; held uses the query's own parts for the others"))
        table = format_table(results, header)
        print(table)
        verdicts = checks(results["thainews"])
        print()
        print(format_checks(verdicts))
        failed = sum(1 for _, ok, _ in verdicts if not ok)
        if args.json:
            payload = {"command": command, "corpus": [str(c) for c in corpus], "queries_file": args.queries,
                       "meta": meta, "build": build_info,
                       "engines": {e.name: {"index": e.index_dir, "docs": e.doc_count,
                                            "build_seconds": e.build_seconds, "notes": e.notes} for e in engines},
                       "metrics": results, "per_query": details, "table": table,
                       "checks": [{"check": label, "pass": ok, "value": value} for label, ok, value in verdicts]}
            Path(args.json).write_text(json.dumps(_clean(payload), ensure_ascii=False, indent=1, default=str),
                                       encoding="utf-8")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
