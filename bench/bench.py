"""Performance benchmark of thainews against the naive baseline (issue 6), one table.

    python bench/bench.py CORPUS [CORPUS ...] [--work DIR] [--skip-baseline]
        [--queries N] [--http-seconds 30] [--limit-files N] [--json OUT]

In one run, on the same corpus and machine:

1. thainews full build (``indexer.index.build.build_index``) in a child process:
   wall time, docs/s, MB/s of raw input, CPU seconds, peak RSS of the process
   tree (polled from /proc, summed over the builder and its MpWriter workers;
   plus the largest single process from ``wait4``), index size on disk;
2. the same build rerun on the unchanged corpus;
3. the naive baseline (``bench/naive.py``: Whoosh, PyThaiNLP's pure-Python
   newmm, default writer, one process) built in a child process from the same
   sources (reading + parsing with thainews' ingest, streamed, included);
4. the tokenizer-only ceiling: every article's normalised ``title\\nbody``
   (read once, untimed) segmented by ``indexer.thai.segment.segment`` in a
   ``multiprocessing.Pool(2)`` and nothing else;
5. a mix of queries (``queries_mix``) timed on both warm indexes, two ways:
   *ids* (ranked top-10 ids only) and *page* (a first result page as a user
   gets it: thainews ``Searcher.search`` with snippets, facets for facet
   requests; baseline ``search_page`` + stored fields + Whoosh's
   ``hit.highlights("body")``, and ``FieldFacet("date")`` grouping for facet
   requests);
6. the JSON API under gunicorn (2 workers, gthread x4) at 8 connections;
7. 100 new files added to the index as a new directory source.

It ends with PASS/FAIL lines for the targets of issue 6. ``--limit-files N``
copies the first N files of the corpora (split evenly between them) into
tarballs of the same names under the work directory, for quick runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(HERE), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

from builds import (ADDED, dir_size, iter_articles, limit_corpora, log, make_added,  # noqa: E402
                    run_child, tokenizer_ceiling)
from floor import whoosh_floor  # noqa: E402
from report import checks, machine, render, versions  # noqa: E402
from timing import NaiveEngine, ProjectEngine, api_url, time_queries  # noqa: E402


# -------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="corpora (directories or archives), indexed together")
    ap.add_argument("--work", help="work directory (indexes, logs); default: a temporary directory, removed")
    ap.add_argument("--skip-baseline", action="store_true", help="do not build or query the naive baseline")
    ap.add_argument("--queries", type=int, default=300, help="size of the query mix (default 300)")
    ap.add_argument("--warm", type=int, default=30, help="untimed warm-up queries per engine (default 30)")
    ap.add_argument("--http-seconds", type=int, default=30, help="load test length; 0 skips it (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent HTTP connections (default 8)")
    ap.add_argument("--limit-files", type=int, help="only the first N files of the corpora (quick runs)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", help="write all numbers to this JSON file")
    args = ap.parse_args(argv)

    command = "python bench/bench.py " + " ".join(argv)
    corpora = [Path(c).resolve() for c in args.corpus]
    for c in corpora:
        if not c.exists():
            ap.error(f"corpus not found: {c}")
    tmp = None
    if args.work:
        work = Path(args.work).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="thainews-bench-")
        work = Path(tmp)
    r: dict = {"command": command, "machine": machine(), "versions": versions(),
               "load_before": os.getloadavg(), "started": datetime.now().isoformat(timespec="seconds"),
               "corpora": [str(c) for c in corpora], "limit_files": args.limit_files, "work": str(work)}
    header = [
        f"command : {command}",
        f"machine : {r['machine']['cores']} cores ({r['machine']['cpu']}), {r['machine']['memory']}, "
        f"{r['machine']['platform']}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()),
        f"load avg before: {' '.join(f'{x:.2f}' for x in r['load_before'])}",
        f"corpora : {', '.join(c.name for c in corpora)}"
        + (f" (first {args.limit_files} files)" if args.limit_files else ""),
    ]
    print("\n".join(header), flush=True)
    logfile = work / "builds.log"
    try:
        sources = limit_corpora(corpora, args.limit_files, work) if args.limit_files else corpora

        # 1. thainews: full build, then an unchanged rerun
        pdir = work / "index-thainews"
        if pdir.exists():
            shutil.rmtree(pdir)
        log("thainews full build ...")
        P = run_child("build-project", pdir, sources, logfile)
        P["index_bytes"] = dir_size(pdir)
        P["docs_per_s"] = P["articles"] / P["seconds"]
        r["project"] = P
        log(f"  {P['articles']} articles in {P['seconds']:.1f}s; peak tree RSS {P['peak_tree_rss'] / 2**20:.0f} MiB")
        log("thainews rerun on the unchanged corpus ...")
        r["rerun"] = run_child("build-project", pdir, sources, logfile)
        log(f"  {r['rerun']['seconds']:.2f}s")

        # 2. naive baseline
        N = None
        if not args.skip_baseline:
            ndir = work / "index-naive"
            if ndir.exists():
                shutil.rmtree(ndir)
            log("naive baseline build (pure-Python newmm, one process) ...")
            N = run_child("build-naive", ndir, sources, logfile)
            N["index_bytes"] = dir_size(ndir)
            N["docs_per_s"] = N["articles"] / N["seconds"]
            r["naive"] = N
            log(f"  {N['articles']} articles in {N['seconds']:.1f}s")
            if N["articles"] != P["articles"]:
                log(f"WARNING: baseline has {N['articles']} articles, thainews {P['articles']}")

        # 3. the text, read once (timed on its own, for reference), and the tokenizer ceiling
        log("reading articles once (for the ceiling and the query mix) ...")
        t0 = time.perf_counter()
        articles = list(iter_articles(sources))
        read_s = time.perf_counter() - t0
        r["read"] = {"articles": len(articles), "seconds": read_s, "docs_per_s": len(articles) / read_s}
        texts = [f"{a.title}\n{a.body}" for a in articles]
        log("tokenizer-only ceiling, Pool(2) ...")
        r["ceiling"] = tokenizer_ceiling(texts, 2)
        log(f"  {r['ceiling']['docs_per_s']:.1f} docs/s")
        log("bare Whoosh on pre-segmented text (a sample, one process) ...")
        r["floor"] = whoosh_floor(texts)
        del texts
        log(f"  best share of the ceiling for a Whoosh build: {r['floor']['best_share'] * 100:.0f}%")

        # 4. queries
        from queries_mix import make_mix

        mix = make_mix(articles, args.queries, args.seed)
        known_ids = {a.id for a in articles}
        del articles
        (work / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in mix),
                                            encoding="utf-8")
        if mix:
            log(f"timing {len(mix)} queries ...")
            engines = {"project": ProjectEngine(pdir)}
            if N:
                engines["naive"] = NaiveEngine(work / "index-naive")
            Q = time_queries(engines, mix, args.warm)
            Q["n"] = len(mix)
            Q["mix"] = {t: sum(1 for q in mix if q["type"] == t) for t in sorted({q["type"] for q in mix})}
            r["queries"] = Q
            engines["project"].s.close()
            if N:
                engines["naive"].ns.close()

        # 5. HTTP
        if args.http_seconds > 0 and mix:
            from bench_http import run_http

            bad = set(r["queries"]["_failed"]["project"])
            urls = [api_url(q) for i, q in enumerate(mix) if i not in bad]
            log(f"HTTP: gunicorn 2 workers, {args.connections} connections, {args.http_seconds}s ...")
            H = run_http(pdir, urls, args.http_seconds, args.connections, workdir=work)
            H["connections"] = args.connections
            r["http"] = H
            log(f"  {H['rps']:.1f} req/s, p95 {H['p95_ms']:.0f} ms, {H['errors']} errors")

        # 6. add 100 new files as a new directory source
        added_dir, what = make_added(sources, corpora, known_ids, work, args.seed)
        log(f"adding {ADDED} files ({what}) ...")
        A = run_child("build-project", pdir, [*sources, added_dir], logfile)
        A["what"] = what
        r["added"] = A
        log(f"  {A['articles']} articles in {A['seconds']:.2f}s")
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
    for label, ok, value in results:
        status = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{status}  {label:<44} {value}")
    if args.json:
        print(f"\nall numbers: {args.json}")
    return 0 if all(ok is not False for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
