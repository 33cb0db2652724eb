"""Time the query side again on the indexes an earlier ``bench.py --work DIR`` left.

    python bench/requery.py DIR [--warm 30] [--http-seconds 30] [--connections 8] [--json OUT]

For work on searching, where rebuilding 91,000 articles (and the baseline,
40 minutes) for every change would measure nothing new. Uses DIR's
``index-thainews``, ``index-naive`` and ``queries.jsonl`` (the mix that run
drew) with ``bench.py``'s own timing (both engines interleaved query by
query, ids-only and result page) and its HTTP load test (gunicorn 2 workers,
wrk or the Python client), and prints the same lines and PASS/FAIL checks.
The indexes are as that run built them (its ``index-thainews`` includes the
100 added files).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (str(HERE), str(HERE.parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

import timing  # noqa: E402
from bench_http import run_http  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work", help="work directory of an earlier bench.py run")
    ap.add_argument("--warm", type=int, default=30, help="untimed warm-up queries per engine (default 30)")
    ap.add_argument("--http-seconds", type=int, default=30, help="load test length; 0 skips it (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent HTTP connections (default 8)")
    ap.add_argument("--json", help="write all numbers to this JSON file")
    args = ap.parse_args(argv)
    work = Path(args.work).resolve()
    mix = [json.loads(line) for line in (work / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line]
    r: dict = {"command": "python bench/requery.py " + " ".join(argv or sys.argv[1:]),
               "started": datetime.now().isoformat(timespec="seconds"), "load_before": os.getloadavg(),
               "work": str(work), "n": len(mix)}
    print(f"command : {r['command']}\nload avg before: {' '.join(f'{x:.2f}' for x in r['load_before'])}", flush=True)

    engines = {"project": timing.ProjectEngine(work / "index-thainews")}
    if (work / "index-naive").exists():
        engines["naive"] = timing.NaiveEngine(work / "index-naive")
    timing.log(f"timing {len(mix)} queries ...")
    r["queries"] = queries = timing.time_queries(engines, mix, args.warm)
    engines["project"].s.close()
    for mode in ("ids", "page"):
        line = f"{mode:>5}: thainews p50 {queries['project'][mode]['p50_ms']:.1f} p95 {queries['project'][mode]['p95_ms']:.1f} ms"
        if "naive" in queries:
            naive = queries["naive"][mode]
            ratio = queries["project"][mode]["p95_ms"] / naive["p95_ms"]
            line += (f"; naive p50 {naive['p50_ms']:.1f} p95 {naive['p95_ms']:.1f} ms; "
                     f"p95 {ratio:.2f}x baseline: {'PASS' if ratio <= 0.5 else 'FAIL'} (target <= 0.5x)")
        print(line)
        for kind, t in queries["project"][mode]["types"].items():
            other = queries.get("naive", {}).get(mode, {}).get("types", {}).get(kind)
            print(f"       {kind:<7} p95 {t['p95_ms']:.0f} ms" + (f" (naive {other['p95_ms']:.0f})" if other else ""))

    if args.http_seconds > 0:
        bad = set(queries["_failed"]["project"])
        urls = [timing.api_url(q) for i, q in enumerate(mix) if i not in bad]
        timing.log(f"HTTP: gunicorn 2 workers, {args.connections} connections, {args.http_seconds}s ...")
        r["http"] = h = run_http(work / "index-thainews", urls, args.http_seconds, args.connections, workdir=work)
        print(f"HTTP: {h['rps']:.1f} req/s, p50 {h['p50_ms']:.0f} ms, p95 {h['p95_ms']:.0f} ms, max {h['max_ms']:.0f} ms, "
              f"{h['errors']} errors of {h['requests']} ({h['client']}); server peak RSS {h['server_peak_rss_mb']:.0f} MiB, "
              f"first request {h['first_request_ms']:.0f} ms: {'PASS' if h['errors'] == 0 else 'FAIL'} (0 errors)")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
