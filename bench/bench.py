"""Performance benchmark of thainews (issue 14, "Speed and memory"), one table.

    python -m bench.bench CORPUS [CORPUS ...] [--work DIR] [--skip-baseline | --baseline-index DIR]
        [--skip-peer] [--queries N] [--http-seconds 30] [--fuzz 10000] [--limit-files N] [--json OUT]

In one run, on the same corpus and machine, against the naive baseline
(``naive.py``) and a compiled peer (``peer_tantivy.py``):

1. thainews full build (``indexer.build_index``) in a child process: wall
   time, docs/s, MB/s of raw input, CPU seconds, peak RSS of the process tree,
   index size on disk; then the same build rerun on the unchanged corpus;
2. the naive baseline built in a child process from the same sources, or
   reused from an earlier run (``--baseline-index DIR``);
3. the peer built in a child process (nlpO3 segmentation in a Pool(2), tantivy);
4. the tokenizer-only ceiling and the bare-Whoosh bound (issue 6's build lines);
5. a query mix (``queries_mix``) timed on all three warm indexes, interleaved
   query by query (``timing``): ranked top-10 ids (every engine) and a result
   page (thainews and the baseline: 10 hits, snippets, facets);
6. the JSON API under gunicorn (2 workers, gthread x4) at 8 connections: from
   server start to the first search answered, latency and errors under load,
   memory per worker (``bench_http``, ``procmem``);
7. ``fuzz_http``'s hostile requests in-process against the index (1 s limit);
8. 100 new files added to the index as a new directory source.

It ends with issue 14's PASS/FAIL lines (``report.checks``; "at 91k" lines
count from 80,000 articles and are "info" below) and exits 1 when one fails.
``--limit-files N`` copies the first N files of the corpora (split evenly
between them) into tarballs of the same names under the work directory, for
quick runs. See bench/README.md for how each figure is measured.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bench.builds import (
    ADDED,
    check_baseline,
    corpus_key,
    dir_size,
    iter_articles,
    limit_corpora,
    log,
    make_added,
    record_baseline,
    reuse_baseline,
    run_child,
    tokenizer_ceiling,
)
from bench.floor import whoosh_floor
from bench.report import checks, machine, render, versions
from bench.timing import NaiveEngine, PeerEngine, ProjectEngine, api_url, paired, time_queries

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

FUZZ_LIMIT_S = 1.0


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="corpora (directories or archives), indexed together")
    ap.add_argument("--work", help="work directory (indexes, logs); default: a temporary directory, removed")
    base = ap.add_mutually_exclusive_group()
    base.add_argument("--skip-baseline", action="store_true", help="do not build or query the naive baseline")
    base.add_argument("--baseline-index", metavar="DIR",
                      help="reuse the naive index an earlier run built for the same corpus (its WORK/index-naive)")
    ap.add_argument("--skip-peer", action="store_true", help="do not build or query the tantivy peer")
    ap.add_argument("--queries", type=int, default=300, help="size of the query mix (default 300)")
    ap.add_argument("--warm", type=int, default=30, help="untimed warm-up queries per engine (default 30)")
    ap.add_argument("--http-seconds", type=int, default=30, help="load test length; 0 skips it (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent HTTP connections (default 8)")
    ap.add_argument("--fuzz", type=int, default=10_000, metavar="N",
                    help="fuzzed requests in-process after the load test; 0 skips (default 10000)")
    ap.add_argument("--fuzz-seed", type=int, default=1, help="fuzz_http seed (default 1)")
    ap.add_argument("--limit-files", type=int, help="only the first N files of the corpora (quick runs)")
    ap.add_argument("--seed", type=int, default=42, help="seed of the query mix (default 42)")
    ap.add_argument("--json", help="write all numbers to this JSON file")
    args = ap.parse_args(argv)
    args.corpora = [Path(c).resolve() for c in args.corpus]
    for c in args.corpora:
        if not c.exists():
            ap.error(f"corpus not found: {c}")
    if not args.skip_peer and importlib.util.find_spec("tantivy") is None:
        ap.error("the peer needs tantivy: make install-bench (or --skip-peer)")
    args.key = corpus_key(args.corpora, args.limit_files)
    if args.baseline_index:
        args.baseline_index = Path(args.baseline_index).resolve()
        why = check_baseline(args.baseline_index, args.key)
        if why:
            ap.error(f"--baseline-index: {why}")
    return args


def header(r: dict, args) -> str:
    m = r["machine"]
    return "\n".join([
        f"command : {r['command']}",
        f"machine : {m['cores']} cores ({m['cpu']}), {m['memory']}, {m['platform']}; nice {os.nice(0)}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()),
        f"load avg before: {' '.join(f'{x:.2f}' for x in r['load_before'])}",
        f"corpora : {', '.join(c.name for c in args.corpora)}"
        + (f" (first {args.limit_files} files)" if args.limit_files else ""),
    ])


def build_all(r: dict, args, sources: Sequence[Path], work: Path) -> None:
    """thainews full build and rerun, the baseline (built or reused), the peer."""
    logfile = work / "builds.log"
    pdir = work / "index-thainews"
    if pdir.exists():
        shutil.rmtree(pdir)
    log("thainews full build ...")
    P = r["project"] = run_child("build-project", pdir, sources, logfile)
    P["index_bytes"] = dir_size(pdir)
    P["docs_per_s"] = P["articles"] / P["seconds"]
    log(f"  {P['articles']} articles in {P['seconds']:.1f}s; peak tree RSS {P['peak_tree_rss'] / 2**20:.0f} MiB")
    log("thainews rerun on the unchanged corpus ...")
    r["rerun"] = run_child("build-project", pdir, sources, logfile)
    log(f"  {r['rerun']['seconds']:.2f}s")

    if args.baseline_index:
        N = r["naive"] = reuse_baseline(args.baseline_index)
        log(f"naive baseline reused from {args.baseline_index}: {N['articles']} articles")
    elif not args.skip_baseline:
        ndir = work / "index-naive"
        if ndir.exists():
            shutil.rmtree(ndir)
        log("naive baseline build (pure-Python newmm, one process) ...")
        N = r["naive"] = run_child("build-naive", ndir, sources, logfile)
        N["index_bytes"] = dir_size(ndir)
        record_baseline(ndir, N, args.key)
        log(f"  {N['articles']} articles in {N['seconds']:.1f}s")
    N = r.get("naive")
    if N:
        N["docs_per_s"] = N["articles"] / N["seconds"] if N.get("seconds") else None
        if N["articles"] != P["articles"]:
            log(f"WARNING: baseline has {N['articles']} articles, thainews {P['articles']}")

    if not args.skip_peer:
        tdir = work / "index-tantivy"
        if tdir.exists():
            shutil.rmtree(tdir)
        log("tantivy peer build (nlpO3 in a Pool(2), one tantivy writer) ...")
        T = r["peer"] = run_child("build-peer", tdir, sources, logfile)
        T["index_bytes"] = dir_size(tdir)
        T["docs_per_s"] = T["articles"] / T["seconds"]
        log(f"  {T['articles']} articles in {T['seconds']:.1f}s")
        if T["articles"] != P["articles"]:
            log(f"WARNING: peer has {T['articles']} articles, thainews {P['articles']}")


def time_mix(r: dict, args, mix: list[dict], work: Path) -> None:
    log(f"timing {len(mix)} queries ...")
    engines = {"project": ProjectEngine(work / "index-thainews")}
    if r.get("naive"):
        engines["naive"] = NaiveEngine(args.baseline_index or work / "index-naive")
    if r.get("peer"):
        engines["peer"] = PeerEngine(work / "index-tantivy")
    try:
        Q = r["queries"] = time_queries(engines, mix, args.warm)
    finally:
        for engine in engines.values():
            engine.close()
    Q["n"] = len(mix)
    Q["mix"] = {t: sum(1 for q in mix if q["type"] == t) for t in sorted({q["type"] for q in mix})}
    cmp = r["compare"] = {}
    if "peer" in Q:
        cmp["page_vs_peer"] = paired(Q, ("project", "page"), ("peer", "ids"))
    if "naive" in Q:
        cmp["page_vs_naive"] = paired(Q, ("project", "page"), ("naive", "page"))
        cmp["ids_vs_naive"] = paired(Q, ("project", "ids"), ("naive", "ids"))


def run(r: dict, args, work: Path) -> None:
    sources = limit_corpora(args.corpora, args.limit_files, work) if args.limit_files else args.corpora
    build_all(r, args, sources, work)
    pdir = work / "index-thainews"

    log("reading articles once (for the ceiling, the text size and the query mix) ...")
    t0 = time.perf_counter()
    articles = list(iter_articles(sources))
    read_s = time.perf_counter() - t0
    texts = [f"{a.title}\n{a.body}" for a in articles]
    r["read"] = {"articles": len(articles), "seconds": read_s, "docs_per_s": len(articles) / read_s,
                 "text_bytes": sum(len(a.title.encode()) + len(a.body.encode()) for a in articles)}
    log("tokenizer-only ceiling, Pool(2) ...")
    r["ceiling"] = tokenizer_ceiling(texts, 2)
    log("bare Whoosh on pre-segmented text (a sample, one process) ...")
    r["floor"] = whoosh_floor(texts)
    del texts

    from bench.queries_mix import make_mix

    mix = make_mix(articles, args.queries, args.seed)
    known_ids = {a.id for a in articles}
    del articles
    r["mix"] = mix
    (work / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in mix),
                                        encoding="utf-8")
    if mix:
        time_mix(r, args, mix, work)

    if args.http_seconds > 0 and mix:
        from bench.bench_http import run_http

        bad = set(r["queries"]["_failed"]["project"])
        urls = [api_url(q) for i, q in enumerate(mix) if i not in bad]
        log(f"HTTP: gunicorn 2 workers, {args.connections} connections, {args.http_seconds}s ...")
        H = r["http"] = run_http(pdir, urls, args.http_seconds, args.connections, workdir=work)
        H["connections"] = args.connections
        log(f"  first search {H['first_search_s']:.2f}s after start; {H['rps']:.1f} req/s, "
            f"p95 {H['p95_ms']:.0f} ms, {H['errors']} errors")

    if args.fuzz > 0:
        from bench.fuzz_http import run_in_process

        log(f"fuzz: {args.fuzz} requests of seed {args.fuzz_seed} in-process, {FUZZ_LIMIT_S:g} s limit ...")
        Z = r["fuzz"] = run_in_process(str(pdir), args.fuzz, args.fuzz_seed, FUZZ_LIMIT_S, log=sys.stderr)
        log(f"  {Z['server_errors']} 5xx, {Z['over_limit']} over {FUZZ_LIMIT_S:g} s, max {Z['max_ms']:.0f} ms")

    added_dir, what = make_added(sources, args.corpora, known_ids, work, args.seed)
    log(f"adding {ADDED} files ({what}) ...")
    A = r["added"] = run_child("build-project", pdir, [*sources, added_dir], work / "builds.log")
    A["what"] = what
    log(f"  {A['articles']} articles in {A['seconds']:.2f}s")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    tmp = None
    if args.work:
        work = Path(args.work).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="thainews-bench-")
        work = Path(tmp)
    r: dict = {"command": "python -m bench.bench " + " ".join(argv), "machine": machine(), "versions": versions(),
               "load_before": os.getloadavg(), "started": datetime.now().isoformat(timespec="seconds"),
               "corpora": [str(c) for c in args.corpora], "corpus_key": args.key, "limit_files": args.limit_files,
               "work": str(work)}
    print(header(r, args), flush=True)
    try:
        run(r, args, work)
    finally:
        r["load_after"] = os.getloadavg()
        if args.json:
            Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"load avg after : {' '.join(f'{x:.2f}' for x in r['load_after'])}")
    print()
    print(render(r))
    print()
    results = checks(r)
    for status, label, value in results:
        print(f"{status:<5} {label:<58} {value}")
    if args.json:
        print(f"\nall numbers: {args.json}")
    return 1 if any(status == "FAIL" for status, _, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
