"""What making each commit durable costs a build: fsyncs on, against fsyncs off.

    python -m bench.fsync_cost SOURCE... --work DIR [--runs 1] [--json OUT]

Builds the sources from scratch into ``DIR`` (on the disk to measure: not a
tmpfs, where fsync is free) in a child process per build, alternating
builds with the fsyncs of ``indexer/index/store.py`` (``DurableCommit``,
manifests) and builds with them made no-ops (a monkeypatch in the child:
the switch is this script's, not a setting). Reported per build: wall
seconds, and for the builds with fsync the seconds spent inside fsync
calls and their count. The cost is (median wall with) / (median wall
without) - 1, and, less noisy on a shared machine, the time inside fsync
over the build's wall time. The target (issue 22) is at most 5% at 28k
articles: the thaigov 2016-2020 archive, as bench/bench.py builds it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
from indexer.index import durable, store
from indexer.index.build import build_index

fsync_s, fsyncs = [0.0], [0]
real = os.fsync
if {sync!r}:
    def timed(fd):
        t0 = time.perf_counter()
        real(fd)
        fsync_s[0] += time.perf_counter() - t0
        fsyncs[0] += 1
    durable._fsync = timed
else:
    durable._fsync = lambda fd: None
    for module in (durable, store):  # store calls them too (creating the index, adopting a manifest)
        module.fsync_file = module.fsync_dir = lambda path: None
t0 = time.perf_counter()
report = build_index({sources!r}, {index!r}, progress=False)
wall = time.perf_counter() - t0
print("FSYNCJSON " + json.dumps({{"wall_s": wall, "fsync_s": fsync_s[0], "fsyncs": fsyncs[0],
                                  "articles": report.articles}}))
"""


def one(sources: list[str], index: Path, sync: bool) -> dict:
    shutil.rmtree(index, ignore_errors=True)
    code = _CHILD.format(root=str(ROOT), sync=sync, sources=sources, index=str(index))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("FSYNCJSON "))
    result = json.loads(line[len("FSYNCJSON "):])
    result["fsync"] = sync
    result["index_mb"] = sum(p.stat().st_size for p in index.iterdir() if p.is_file()) / 1e6
    shutil.rmtree(index, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--work", required=True, help="a directory on the disk to measure")
    parser.add_argument("--runs", type=int, default=1, help="builds of each kind (alternated)")
    parser.add_argument("--json")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for i in range(args.runs):
        for sync in ((True, False) if i % 2 == 0 else (False, True)):
            r = one(args.sources, work / "index", sync)
            print(f"[{time.strftime('%H:%M:%S')}] fsync={'on ' if sync else 'off'} {r['articles']} articles "
                  f"{r['wall_s']:.1f} s, in fsync {r['fsync_s']:.2f} s ({r['fsyncs']} calls), "
                  f"index {r['index_mb']:.0f} MB", file=sys.stderr, flush=True)
            runs.append(r)
    on = statistics.median(r["wall_s"] for r in runs if r["fsync"])
    off = statistics.median(r["wall_s"] for r in runs if not r["fsync"])
    inside = statistics.median(r["fsync_s"] / r["wall_s"] for r in runs if r["fsync"])
    summary = {"runs": runs, "median_wall_on_s": on, "median_wall_off_s": off,
               "wall_cost": on / off - 1, "fsync_share_of_build": inside}
    print(json.dumps(summary, indent=2))
    print(f"fsync cost: {100 * (on / off - 1):+.1f}% wall (median {on:.1f} s on / {off:.1f} s off), "
          f"{100 * inside:.2f}% of the build inside fsync: {'PASS' if inside <= 0.05 else 'FAIL'} (<= 5%)",
          file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
