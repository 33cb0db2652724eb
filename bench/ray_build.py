"""The sharded build on a loopback Ray cluster against today's parallel build (issue 25).

    nice -n 19 .venv/bin/python -m bench.ray_build ../shared/corpora/thaigov-2016-2020.tar.gz \\
        ../shared/corpora/thaigov-2020-2025.tar.gz --work /tmp/tn-ray --rounds 1 --json /tmp/tn-ray/91k.json

Starts a Ray head of its own on loopback with 2 CPUs (its own ports and
temporary directory, in a process group of its own) and measures its start:
until ``ray start`` prints that the runtime started, and until two tasks of
one CPU have answered from two worker processes (the cluster ready to
build). Then the memory of every process of the node, idle (the raylet, the
GCS server, the agents, the idle workers: RSS, USS, PSS).

Then, alternately for ``--rounds`` rounds, builds the corpus two ways, each
from scratch and driven by a child process (``scale.measured_build``):

* ``local``: today's parallel build, ``build_index(corpus, procs=2)``, one index;
* ``ray``: ``build_index(corpus, shards=2, cluster=ADDRESS)``: a read task and a write task per
  shard (``index.shardbuild``), Ray tasks of one CPU.

For each: wall time and CPU time (user + sys: the driving process' tree from
``wait4``, plus, for Ray, what every process of the node used during the
build, from /proc), and the memory peaks of the build processes (for Ray, the
node's workers). The head is stopped at the end by its process group's id,
never with ``ray stop`` (which stops every Ray process on the machine).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.bench_http import free_port
from bench.builds import log
from bench.raynodes import NodeDidNotStart, ray_start, start_node, stop_node

__all__ = ["main", "ray_head"]



@contextmanager
def ray_head(cpus: int = 2) -> Iterator[dict]:
    """A Ray head on loopback, started here and stopped by its process group's id: yields
    ``{"address", "pid", "temp", "started_s"}`` once ``ray start`` says the runtime started."""
    temp = tempfile.mkdtemp(prefix="tnrayb", dir="/tmp")  # short: Ray's socket paths stay < 108 bytes
    port = free_port()
    t0 = time.perf_counter()
    try:
        head = start_node(ray_start("--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                                    "--dashboard-agent-listen-port", str(free_port()),
                                    "--metrics-export-port", str(free_port()), "--include-dashboard", "false",
                                    "--num-cpus", str(cpus), "--temp-dir", temp), Path(temp, "head.log"))
    except NodeDidNotStart:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    log(f"ray head: pid {head.pid} (its process group), port {port}, {temp}")
    try:
        yield {"address": f"127.0.0.1:{port}", "pid": head.pid, "temp": temp,
               "started_s": round(time.perf_counter() - t0, 2), "t0": t0}
    finally:
        stop_node(head)
        shutil.rmtree(temp, ignore_errors=True)
        log(f"ray head {head.pid} stopped")


_READY = """
import os, sys, time, ray
ray.init(address=sys.argv[1], log_to_driver=False, configure_logging=False)
@ray.remote(num_cpus=1)
def pid():
    time.sleep(0.5)
    return os.getpid()
print("PIDS", sorted(set(ray.get([pid.remote() for _ in range(2)]))), flush=True)
ray.shutdown()
"""


def workers_ready(address: str) -> list[int]:
    """Two one-CPU tasks answered, by two worker processes: their pids."""
    out = subprocess.run([sys.executable, "-c", _READY, address], capture_output=True, text=True, timeout=300,
                         check=True).stdout
    return json.loads(next(ln for ln in out.splitlines() if ln.startswith("PIDS "))[5:])


def role(cmdline: str) -> str:
    """What a process of a Ray node is, from its command line: ``gcs_server``, ``raylet``,
    ``log_monitor.py``, ``ray start`` ..., or ``worker`` (a task's process: ``ray::read_part``,
    ``ray::write_shard``)."""
    if "default_worker.py" in cmdline or (cmdline.startswith("ray::") and "Agent" not in cmdline):
        return "worker"
    if cmdline.startswith("ray::"):
        return cmdline.split()[0][5:]
    if " ray start " in f" {cmdline} ".replace("/ray start", " ray start"):
        return "ray start"
    for arg in cmdline.split():
        name = arg.rsplit("/", 1)[-1]
        if arg.endswith(".py") or name in ("gcs_server", "raylet"):
            return name
    return cmdline[:40]


def node_memory(head_pid: int) -> list[dict]:
    """Every process of the node (the head's descendants): name, RSS, USS, PSS (bytes)."""
    from bench.procmem import descendants, process_memory, process_name

    rows = []
    for pid in [head_pid, *descendants(head_pid)]:
        mem = process_memory(pid)
        if mem:
            rows.append({"pid": pid, "role": role(process_name(pid)),
                         **{k: mem.get(k, 0) for k in ("Rss", "USS", "Pss", "RssAnon")}})
    return rows


def _sums(rows: Sequence[dict]) -> dict:
    workers = [r for r in rows if r["role"] == "worker"]
    daemons = [r for r in rows if r not in workers]
    return {part: {k: sum(r[k] for r in group) for k in ("Rss", "USS", "Pss")} | {"processes": len(group)}
            for part, group in (("daemons", daemons), ("workers", workers), ("node", rows))}


def one_build(kind: str, sources: Sequence[Path], work: Path, head: dict) -> dict:
    """One build from scratch, measured; for Ray, the node's processes' CPU and memory too."""
    from bench.procmem import WorkerMemory
    from bench.scale import measured_build

    index = work / f"index-{kind}"
    cluster = head["address"] if kind == "ray" else None
    with WorkerMemory(head["pid"], interval=1.0, tree=True) as node:
        out = measured_build(index, 2 if kind == "ray" else 1, sources, work / "build.log", cluster=cluster)
    if kind == "ray":
        out["driver_cpu_s"] = out["cpu_s"]
        out["node_cpu_s"] = round(node.cpu_used(), 1)
        out["cpu_s"] = round(out["cpu_s"] + node.cpu_used(), 1)
        out["node_peak"] = [{"pid": w["pid"], "role": role(w["name"]),
                             **{k: w["peak"].get(k, 0) for k in ("Rss", "USS", "Pss", "RssAnon")}}
                            for w in node.report()]
    shutil.rmtree(index)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", type=Path)
    ap.add_argument("--work", type=Path, required=True, help="for the indexes (removed after each build)")
    ap.add_argument("--rounds", type=int, default=1, help="local then ray, this many times")
    ap.add_argument("--order", default="local,ray", help="the builds of a round, in order")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    out: dict = {"command": " ".join(sys.argv), "started": time.strftime("%Y-%m-%d %H:%M:%S"), "builds": []}

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")

    with ray_head(cpus=2) as head:
        pids = workers_ready(head["address"])
        out["start"] = {"head_started_s": head["started_s"],
                        "two_workers_ready_s": round(time.perf_counter() - head["t0"], 2), "worker_pids": pids}
        log(f"start: {out['start']}")
        idle = node_memory(head["pid"])
        out["node_idle"] = {"processes": idle, "sums": _sums(idle)}
        log(f"idle node: {_sums(idle)}")
        save()
        for r in range(args.rounds):
            for kind in args.order.split(","):
                log(f"round {r + 1}: {kind} build ...")
                b = one_build(kind, args.corpus, args.work, head)
                out["builds"].append({"round": r + 1, "kind": kind, **b})
                log(f"  {kind}: wall {b['wall_s']} s, cpu {b['cpu_s']} s, {b['articles']} articles, "
                    f"{b['index_bytes'] / 1e6:.0f} MB")
                save()
        after = node_memory(head["pid"])
        out["node_after"] = {"processes": after, "sums": _sums(after)}
    walls = {k: [b["wall_s"] for b in out["builds"] if b["kind"] == k] for k in ("local", "ray")}
    if walls["local"] and walls["ray"]:
        out["ray_over_local_wall"] = round(sum(walls["ray"]) / sum(walls["local"]), 3)
    out["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    save()
    print(json.dumps({k: v for k, v in out.items() if k not in ("node_idle", "node_after")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
