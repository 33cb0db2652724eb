"""Result-page time of two trees of the code, paired query by query.

    .venv/bin/python -m bench.paired_pages mix ../shared/corpora/thaigov-2016-2020.tar.gz /tmp/mix28.jsonl
    chrt -f 50 .venv/bin/python -m bench.paired_pages run /tmp/mix28.jsonl \\
        /work/base:/tmp/ix28base .:/tmp/ix28main --rounds 5

``mix`` writes the bench's 300-query mix (``queries_mix``, the same seed
as ``bench.py``) for a corpus. ``run`` starts one search process per
``TREE:INDEX`` (its ``indexer`` imported from `TREE`, first on
``PYTHONPATH``), warms each on the mix's first 30 queries, then asks both
for the same query in turn (which one goes first alternates), each
timing the page the web app serves (10 hits, snippets, facets; the
result cache forgotten) twice and keeping the faster. Over ``--rounds``
rounds each query keeps its fastest; the table is p50/p95 (nearest rank)
of both, their ratio, per query type, and the slowest queries of the
second tree.

On this shared 2-core machine a p95 taken minutes apart moved by a
third; taken in turn, query by query, both trees meet the same
neighbours. `chrt -f 50` (real-time priority, as root) keeps most of
them off. Instruction counts (``instructions``) are the noise-free
companion.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["main"]

WARM = 30


def _worker(index: str, mix: Path) -> None:
    """A tree's search process: answers each query number read on stdin with the ms of
    its page (the faster of two)."""
    from indexer.search import Searcher

    searcher = Searcher(index)
    try:
        from indexer.search import probes
        forget = probes.forget_results
    except ImportError:  # a tree from before ``probes`` (issue 21's baseline)
        forget = getattr(type(searcher), "forget_results")  # noqa: B009 (absent from today's Searcher)
    queries = [json.loads(line) for line in mix.read_text(encoding="utf-8").splitlines() if line]

    def page(q: dict) -> float:
        forget(searcher)
        t0 = time.perf_counter()
        searcher.search(q["q"], q.get("from"), q.get("to"), size=10, facets=True)
        return (time.perf_counter() - t0) * 1000

    for q in queries[:WARM]:
        page(q)
    print("ready", flush=True)
    for line in sys.stdin:
        q = queries[int(line)]
        print(min(page(q), page(q)), flush=True)


def _pct(values: np.ndarray, p: float) -> float:
    return float(np.percentile(values, p, method="inverted_cdf"))


def run(mix: Path, trees: list[tuple[str, str]], rounds: int = 1, slowest: int = 12) -> dict:
    """Both trees' page times, paired (see the module docstring)."""
    kinds = [json.loads(line)["type"] for line in mix.read_text(encoding="utf-8").splitlines() if line]
    procs = []
    try:
        for tree, index in trees:
            env = dict(os.environ, PYTHONPATH=str(Path(tree).resolve()))
            proc = subprocess.Popen([sys.executable, __file__, "worker", index, "--mix", str(mix.resolve())],
                                    cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            procs.append(proc)
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        best = np.full((len(procs), len(kinds)), np.inf)
        for r in range(rounds):
            for i in range(len(kinds)):
                for k in ([0, 1] if (i + r) % 2 == 0 else [1, 0]):
                    assert procs[k].stdin is not None and procs[k].stdout is not None
                    procs[k].stdin.write(f"{i}\n")
                    procs[k].stdin.flush()
                    best[k, i] = min(best[k, i], float(procs[k].stdout.readline()))
    finally:
        for proc in procs:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=60)
    out: dict = {"rounds": rounds, "queries": len(kinds), "types": {}}
    for kind in [None, *sorted(set(kinds))]:
        chosen = [i for i, k in enumerate(kinds) if kind is None or k == kind]
        a, b = best[0, chosen], best[1, chosen]
        row = {"p50": [round(_pct(a, 50), 2), round(_pct(b, 50), 2)],
               "p95": [round(_pct(a, 95), 2), round(_pct(b, 95), 2)], "p95_ratio": round(_pct(b, 95) / _pct(a, 95), 3)}
        if kind is None:
            out.update(row)
        else:
            out["types"][kind] = row
    out["slowest"] = [{"i": int(i), "type": kinds[i], "ms": [round(float(best[0, i]), 2), round(float(best[1, i]), 2)]}
                      for i in np.argsort(-best[1])[:slowest]]
    return out


def write_mix(corpora: list[Path], out: Path) -> int:
    """The bench's query mix of `corpora`, as ``bench.py`` writes it."""
    from bench.builds import iter_articles
    from bench.queries_mix import make_mix

    mix = make_mix(list(iter_articles(corpora)), 300, 42)
    out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in mix), encoding="utf-8")
    return len(mix)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mix", help="write the bench's query mix of a corpus")
    m.add_argument("corpora", type=Path, nargs="+")
    m.add_argument("out", type=Path)
    r = sub.add_parser("run", help="time two trees' pages, paired")
    r.add_argument("mix", type=Path)
    r.add_argument("trees", nargs=2, metavar="TREE:INDEX")
    r.add_argument("--rounds", type=int, default=1)
    r.add_argument("--json")
    w = sub.add_parser("worker")  # what `run` starts, one per tree
    w.add_argument("index")
    w.add_argument("--mix", required=True, type=Path)
    args = ap.parse_args(argv)
    if args.command == "worker":
        _worker(args.index, args.mix)
        return 0
    if args.command == "mix":
        print(write_mix(args.corpora, args.out), "queries ->", args.out)
        return 0
    trees = [tuple(spec.rsplit(":", 1)) for spec in args.trees]
    out = run(args.mix, trees, args.rounds)  # type: ignore[arg-type]
    print(f"all     p50 {out['p50'][0]:.2f} / {out['p50'][1]:.2f}  p95 {out['p95'][0]:.2f} / {out['p95'][1]:.2f}  "
          f"ratio {out['p95_ratio']:.3f}")
    for kind, row in out["types"].items():
        print(f"{kind:7s} p50 {row['p50'][0]:.2f} / {row['p50'][1]:.2f}  p95 {row['p95'][0]:.2f} / {row['p95'][1]:.2f}")
    for row in out["slowest"]:
        print(f"  #{row['i']:<3d} {row['type']:7s} {row['ms'][0]:.2f} / {row['ms'][1]:.2f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
