"""Instructions per result page, query by query, for two trees of the code (valgrind).

    .venv/bin/python -m bench.instructions run OLD_TREE OLD_INDEX /tmp/cg-old --mix WORK/queries.jsonl
    .venv/bin/python -m bench.instructions run . INDEX /tmp/cg-new --mix WORK/queries.jsonl
    .venv/bin/python -m bench.instructions compare /tmp/cg-old /tmp/cg-new --mix WORK/queries.jsonl

On this shared 2-core machine the neighbours moved a paired p95 by a
third between runs minutes apart; the instructions a query executes do
not move. ``run`` starts a search process of the tree at `TREE` (its
``indexer`` imported from there) under callgrind, warms it on the mix's
first 30 queries, then runs each query's result page twice (the result
cache forgotten) and has callgrind dump its counts after each
(``callgrind_control --dump``): the second run of each query is kept, as
a paired timing keeps the best. ``compare`` reads both directories and
prints p50/p95 of millions of instructions per page, overall and per
query type, and the queries that changed most.

Instructions are not time: a query heavy in numpy or in system calls
costs more or less per instruction than one in the interpreter. They are
a noise-free companion to ``pageab``-style paired timings, not a
replacement. A run takes 10-25 minutes for 300 queries.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

__all__ = ["main"]

WARM = 30


def _worker(index: str, mix: Path) -> None:
    """The search process run under callgrind (see the module docstring); its ``indexer``
    is the tree's, first on ``PYTHONPATH``."""
    from indexer.search import Searcher

    searcher = Searcher(index)
    try:
        from indexer.search import probes
        forget = probes.forget_results
    except ImportError:  # a tree from before ``probes`` (issue 21's baseline)
        forget = getattr(type(searcher), "forget_results")  # noqa: B009 (absent from today's Searcher)
    queries = [json.loads(line) for line in mix.read_text(encoding="utf-8").splitlines() if line]

    def page(q: dict) -> None:
        forget(searcher)
        searcher.search(q["q"], q.get("from"), q.get("to"), size=10, facets=True)

    def dump(tag: str) -> None:
        subprocess.run(["callgrind_control", f"--dump={tag}", str(os.getpid())],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    for q in queries[:WARM]:
        page(q)
    dump("warm")
    for i, q in enumerate(queries):
        page(q)
        dump(f"w{i}")
        page(q)
        dump(f"q{i}")


def _counts(folder: Path) -> dict[int, float]:
    """Millions of instructions of each query's second run, from callgrind's dumps."""
    out: dict[int, float] = {}
    for path in folder.glob("cg.*.*"):
        tag = None
        with path.open(errors="replace") as fh:
            for line in fh:
                if line.startswith("desc: Trigger: dump "):
                    tag = line.split()[-1]
                elif line.startswith("totals:"):
                    if tag and tag.startswith("q"):
                        out[int(tag[1:])] = int(line.split()[1]) / 1e6
                    break
    return out


def _p95(values: np.ndarray) -> float:
    return float(np.percentile(values, 95, method="inverted_cdf"))


def compare(old: Path, new: Path, mix: Path, top: int = 12) -> dict:
    """p50/p95 of both trees over the queries both ran, overall and per type."""
    queries = [json.loads(line) for line in mix.read_text(encoding="utf-8").splitlines() if line]
    a, b = _counts(old), _counts(new)
    both = sorted(set(a) & set(b))
    out: dict = {"queries": len(both), "types": {}}
    for kind in [None, *sorted({queries[i]["type"] for i in both})]:
        chosen = [i for i in both if kind is None or queries[i]["type"] == kind]
        x, y = np.array([a[i] for i in chosen]), np.array([b[i] for i in chosen])
        row = {"p50": [round(float(np.median(x)), 1), round(float(np.median(y)), 1)],
               "p95": [round(_p95(x), 1), round(_p95(y), 1)], "p95_ratio": round(_p95(y) / _p95(x), 3),
               "mean_ratio": round(float(y.mean() / x.mean()), 3)}
        if kind is None:
            out.update(row)
        else:
            out["types"][kind] = row
    moved = sorted(both, key=lambda i: b[i] - a[i], reverse=True)[:top]
    out["most_changed"] = [{"q": queries[i]["q"], "type": queries[i]["type"], "old": round(a[i], 1),
                            "new": round(b[i], 1)} for i in moved]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="count a tree's instructions per page under callgrind")
    run.add_argument("tree")
    run.add_argument("index")
    run.add_argument("out", help="directory for callgrind's dumps")
    run.add_argument("--mix", required=True, type=Path, help="queries.jsonl of a bench.py --work directory")
    worker = sub.add_parser("worker")  # what `run` starts under valgrind
    worker.add_argument("index")
    worker.add_argument("--mix", required=True, type=Path)
    cmp = sub.add_parser("compare", help="compare two runs")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    cmp.add_argument("--mix", required=True, type=Path)
    cmp.add_argument("--json")
    args = ap.parse_args(argv)
    if args.command == "worker":
        _worker(args.index, args.mix)
        return 0
    if args.command == "run":
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("cg.*"):
            old.unlink()
        # run as a script (its own folder first on the path, not a tree's root), so that
        # `indexer` is the tree's: PYTHONPATH comes before the editable install
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.resolve()}/cg.%p", sys.executable,
               str(Path(__file__).resolve()), "worker", args.index, "--mix", str(Path(args.mix).resolve())]
        env = {**os.environ, "PYTHONPATH": str(Path(args.tree).resolve())}
        return subprocess.run(cmd, env=env, check=False).returncode
    result = compare(args.old, args.new, args.mix)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
