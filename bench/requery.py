"""Time the query side again on the indexes an earlier ``bench.py --work DIR`` left.

    python -m bench.requery DIR [--warm 30] [--http-seconds 30] [--connections 8]
        [--baseline-index NAIVE] [--json OUT]

For work on searching, where rebuilding 91,000 articles (and the baseline,
35-40 minutes) for every change would measure nothing new. Uses DIR's
``index-thainews``, ``index-naive`` (or ``--baseline-index``),
``index-tantivy`` (when tantivy is installed) and ``queries.jsonl`` (the mix
that run drew) with ``bench.py``'s own timing (the engines interleaved query
by query, ids-only and result page) and its HTTP load test (gunicorn 2
workers, wrk or the Python client), and prints the query and HTTP lines with
their checks.
The indexes are as that run built them (its ``index-thainews`` includes the
100 added files).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from datetime import datetime
from pathlib import Path

from bench import timing
from bench.bench_http import run_http

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work", help="work directory of an earlier bench.py run")
    ap.add_argument("--warm", type=int, default=30, help="untimed warm-up queries per engine (default 30)")
    ap.add_argument("--http-seconds", type=int, default=30, help="load test length; 0 skips it (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent HTTP connections (default 8)")
    ap.add_argument("--baseline-index", metavar="DIR", help="the naive index (default DIR/index-naive)")
    ap.add_argument("--json", help="write all numbers to this JSON file")
    args = ap.parse_args(argv)
    work = Path(args.work).resolve()
    mix = [json.loads(line) for line in (work / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line]
    r: dict = {"command": "python -m bench.requery " + " ".join(argv or sys.argv[1:]),
               "started": datetime.now().isoformat(timespec="seconds"), "load_before": os.getloadavg(),
               "work": str(work), "n": len(mix)}
    print(f"command : {r['command']}\nload avg before: {' '.join(f'{x:.2f}' for x in r['load_before'])}", flush=True)

    engines = {"project": timing.ProjectEngine(work / "index-thainews")}
    naive_dir = Path(args.baseline_index).resolve() if args.baseline_index else work / "index-naive"
    if naive_dir.exists():
        engines["naive"] = timing.NaiveEngine(naive_dir)
    if (work / "index-tantivy").exists() and importlib.util.find_spec("tantivy"):
        engines["peer"] = timing.PeerEngine(work / "index-tantivy")
    timing.log(f"timing {len(mix)} queries ...")
    try:
        r["queries"] = queries = timing.time_queries(engines, mix, args.warm)
    finally:
        for engine in engines.values():
            engine.close()
    for name, engine in engines.items():
        for mode in engine.modes:
            q = queries[name][mode]
            print(f"{name:>8} {mode:>4}: p50 {q['p50_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms, {q['errors']} errors; "
                  "p95 by type " + ", ".join(f"{k} {t['p95_ms']:.0f}" for k, t in q["types"].items()))
    print(f"thainews page p95 {queries['project']['page']['p95_ms']:.1f} ms (issue 14: <= 50 ms at 91k)")
    r["compare"] = cmp = {}
    if "peer" in queries:
        c = cmp["page_vs_peer"] = timing.paired(queries, ("project", "page"), ("peer", "ids"))
        print(f"thainews page / peer ids p95: {c['ratio']:.2f}x ({c['a_p95_ms']:.1f} / {c['b_p95_ms']:.2f} ms, "
              f"{c['n']} queries): {'PASS' if c['ratio'] <= 10 else 'FAIL'} (issue 14: <= 10x)")
    if "naive" in queries:
        for mode in ("page", "ids"):
            c = cmp[f"{mode}_vs_naive"] = timing.paired(queries, ("project", mode), ("naive", mode))
            print(f"thainews / naive {mode} p95: {c['ratio']:.2f}x ({c['a_p95_ms']:.1f} / {c['b_p95_ms']:.1f} ms, "
                  f"{c['n']} queries; issue 6: <= 0.5x, {'met' if c['ratio'] <= 0.5 else 'not met'})")

    if args.http_seconds > 0:
        bad = set(queries["_failed"]["project"])
        urls = [timing.api_url(q) for i, q in enumerate(mix) if i not in bad]
        timing.log(f"HTTP: gunicorn 2 workers, {args.connections} connections, {args.http_seconds}s ...")
        r["http"] = h = run_http(work / "index-thainews", urls, args.http_seconds, args.connections, workdir=work)
        print(f"HTTP: {h['rps']:.1f} req/s, p50 {h['p50_ms']:.0f} ms, p95 {h['p95_ms']:.0f} ms, "
              f"max {h['max_ms']:.0f} ms, {h['errors']} errors of {h['requests']} ({h['client']}); "
              f"server peak RSS {h['server_peak_rss_mb']:.0f} MiB, "
              f"first search {h['first_search_s']:.2f} s from server start: "
              f"{'PASS' if h['errors'] == 0 else 'FAIL'} (0 errors)")
        for k, w in enumerate(h["worker_memory"], 1):
            pk = w["peak"]
            print(f"  worker {k}: RssAnon {pk['RssAnon'] / 1e6:.0f} MB, USS {pk['USS'] / 1e6:.0f}, "
                  f"Pss {pk['Pss'] / 1e6:.0f}, Rss {pk['Rss'] / 1e6:.0f} MB (peaks during the load)")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
