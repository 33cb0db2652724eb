"""The router's cost over one index, read in process and on Ray, and served over HTTP (issue 25, item 6).

    nice -n 19 .venv/bin/python -m bench.router_overhead ../shared/corpora/thaigov-2016-2020.tar.gz \\
        --single /tmp/tnC-single --sharded /tmp/tnC-shards2 /tmp/tnC-shards4 \\
        --queries 300 --http-seconds 30 --json /tmp/tnC-router.json

The indexes are built beforehand (``thainews index SRC --index DIR [--shards N]``).
The script starts a Ray head of its own on loopback (and ``--ray-nodes`` - 1
worker nodes), each in a process group of its own, and stops exactly those
groups by their ids at the end (never ``ray stop``).

1. **Result page** (``bench.timing.time_queries``, the page the web app
   serves: 10 hits, snippets, facets; no cached answer): one index, each
   sharded archive read in process (``router.Router.local``) and each served
   by Ray actors (``open_service(dir, cluster=ADDRESS)``), interleaved query
   by query over the mix of ``queries_mix``. Each layout's p95 is set
   against the single index's over the queries both answered, and against
   the issue's line: sharded p95 <= 2 x single p95 + 5 ms. Every page is
   also compared with the single index's (hits, scores, snippets, facets).
2. **HTTP** (``bench_http.run_http``: gunicorn as ``thainews serve`` starts
   it, 2 gevent workers): `--http-clients` concurrent clients for
   `--http-seconds` against the single index, then against the first
   sharded archive served from the cluster (``THAINEWS_CLUSTER``, as
   ``thainews serve --cluster`` sets it); requests/s, p50/p95, errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.bench_http import free_port
from bench.raynodes import ray_start, start_node, stop_node
from bench.timing import PAGE_SIZE, log, paired, time_queries

__all__ = ["main", "ray_cluster", "within_line"]



def within_line(sharded_p95: float, single_p95: float) -> bool:
    """The issue's line for the router's overhead: sharded p95 <= 2 x single p95 + 5 ms."""
    return sharded_p95 <= 2 * single_p95 + 5


@contextmanager
def ray_cluster(nodes: int = 1, cpus: int = 2) -> Iterator[str]:
    """A Ray cluster on loopback, a head and `nodes` - 1 worker nodes: its address (host:port)."""
    # short: Ray's socket paths under it must stay below 108 bytes
    temp = tempfile.mkdtemp(prefix="tnray", dir="/tmp")
    port = free_port()
    small = ["--num-cpus", str(cpus), "--object-store-memory", str(200 * 2**20),
             "--metrics-export-port", str(free_port()), "--dashboard-agent-listen-port", str(free_port())]
    started: list[subprocess.Popen] = []
    try:
        t0 = time.perf_counter()
        started.append(start_node(ray_start("--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                                            "--include-dashboard", "false", *small, "--temp-dir", temp),
                                  Path(temp, "head.log")))
        for n in range(1, nodes):
            started.append(start_node(ray_start("--address", f"127.0.0.1:{port}", "--node-ip-address", "127.0.0.1",
                                                *small, "--temp-dir", temp), Path(temp, f"node{n}.log")))
        log(f"ray: {nodes} node(s) on 127.0.0.1:{port} in {time.perf_counter() - t0:.1f} s")
        yield f"127.0.0.1:{port}"
    finally:
        for proc in reversed(started):
            stop_node(proc)
        subprocess.run(["rm", "-rf", temp], check=False)


class PageEngine:
    """A search service's result page (what /api/search serves), no cached answer: for ``time_queries``."""

    modes = ("page",)

    def __init__(self, service: Any):
        from indexer.search.probes import forget_results

        self.s, self._forget = service, forget_results

    def page(self, q: dict) -> int:
        self._forget(self.s)
        return self.s.search(q["q"], q["from"], q["to"], size=PAGE_SIZE, facets=True)["total"]

    def close(self) -> None:
        self.s.close()


def _ready(service: Any) -> float:
    """Wait until every Ray replica of a cluster router has opened its shard: seconds."""
    import ray

    t0 = time.perf_counter()
    ray.get([r.ready.remote() for b in service.backends for r in b.replicas], timeout=600)
    return time.perf_counter() - t0


def _answer(service: Any, q: dict) -> dict:
    """A query's whole answer, as a reader sees it: hits, scores, snippets, facets, did-you-mean."""
    try:
        result = dict(service.search(q["q"], q["from"], q["to"], size=PAGE_SIZE, facets=True))
    except Exception as exc:  # noqa: BLE001 - a refusal is refused by every layout alike
        return {"refused": str(exc)}
    # not what the layout answers but how: its time, its cache, its shards (``partial`` stays)
    return {k: v for k, v in result.items() if k not in ("took_ms", "cached", "shards")}


def latency(single: Path, sharded: Sequence[Path], address: str | None, mix: list[dict], warm: int,
            replicas: int) -> dict:
    """Part 1: every layout's result-page p95, paired with the single index's, and the line."""
    from indexer import open_service
    from indexer.search.cluster import cluster_router

    engines: dict[str, PageEngine] = {"single": PageEngine(open_service(single))}
    opened: dict[str, float] = {}
    for folder in sharded:
        engines[f"local-{folder.name}"] = PageEngine(open_service(folder))
        if address:
            service = cluster_router(address, folder, replicas=replicas)
            opened[f"ray-{folder.name}"] = round(_ready(service), 1)
            engines[f"ray-{folder.name}"] = PageEngine(service)
    log(f"timing {len(mix)} queries on {', '.join(engines)} (replicas ready in {opened} s) ...")
    q = time_queries(engines, mix, warm)
    out: dict = {"replicas_ready_s": opened, "layouts": {}}
    for name in engines:
        s = q[name]["page"]
        row = {k: s[k] for k in ("n", "errors", "p50_ms", "p95_ms", "mean_ms", "max_ms", "first_ms")}
        if name != "single":
            p = paired(q, (name, "page"), ("single", "page"))
            row["paired"] = p
            row["line_ms"] = 2 * p["b_p95_ms"] + 5
            row["within_line"] = within_line(p["a_p95_ms"], p["b_p95_ms"])
        out["layouts"][name] = row
    log("comparing every page with the single index's ...")
    differ = dict.fromkeys(engines, 0)
    for query in mix:
        want = _answer(engines["single"].s, query)
        for name, engine in engines.items():
            differ[name] += _answer(engine.s, query) != want
    out["pages_differing_from_single"] = differ
    for engine in engines.values():
        engine.close()
    return out


def http(single: Path, sharded: Path, address: str | None, urls: list[str], seconds: int, clients: int,
         rounds: int) -> dict:
    """Part 2: `clients` concurrent clients over HTTP, one index against the sharded archive on the
    cluster (or read in process without one), alternating for `rounds`."""
    from bench.bench_http import run_http

    keep = ("requests", "seconds", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors", "error_kinds",
            "first_search_s", "generator")
    out: dict[str, list[dict]] = {}
    for r in range(rounds):
        for name, folder, cluster in (("single", single, None), (f"cluster-{sharded.name}", sharded, address)):
            if cluster:
                os.environ["THAINEWS_CLUSTER"] = cluster  # what `thainews serve --cluster` sets
            else:
                os.environ.pop("THAINEWS_CLUSTER", None)
            log(f"http round {r + 1}: {name}, {clients} clients, {seconds} s ...")
            result = run_http(folder, urls, seconds=seconds, connections=clients)
            row = {k: result[k] for k in keep if k in result}
            log(f"  {row}")
            out.setdefault(name, []).append(row)
    os.environ.pop("THAINEWS_CLUSTER", None)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from bench.queries_mix import make_mix
    from bench.timing import api_url
    from indexer.ingest import unique_articles
    from indexer.settings import REPLICAS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="the corpus the indexes were built from (for the query mix)")
    ap.add_argument("--single", type=Path, required=True, help="the corpus as one index")
    ap.add_argument("--sharded", type=Path, nargs="+", required=True, help="the corpus as sharded archives")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--no-ray", action="store_true", help="in-process shards only")
    ap.add_argument("--ray-nodes", type=int, default=2, help="loopback Ray nodes (a head and N-1 workers)")
    ap.add_argument("--replicas", type=int, default=REPLICAS, help="Ray actors per shard")
    ap.add_argument("--no-latency", action="store_true", help="only the HTTP part")
    ap.add_argument("--http-seconds", type=int, default=30, help="0: no HTTP part")
    ap.add_argument("--http-clients", type=int, default=8)
    ap.add_argument("--http-rounds", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    log("query mix ...")
    mix = make_mix(list(unique_articles([Path(c) for c in args.corpus])), args.queries)
    out: dict = {"queries": len(mix), "argv": list(argv if argv is not None else sys.argv[1:])}

    def run(address: str | None) -> None:
        if not args.no_latency:
            out["latency"] = latency(args.single, args.sharded, address, mix, args.warm, args.replicas)
            log(json.dumps(out["latency"], ensure_ascii=False))
        if args.http_seconds:
            out["http"] = http(args.single, args.sharded[0], address, [api_url(q) for q in mix],
                               args.http_seconds, args.http_clients, args.http_rounds)

    if args.no_ray:
        run(None)
    else:
        import ray

        with ray_cluster(args.ray_nodes) as address:
            try:
                run(address)
            finally:
                ray.shutdown()
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
