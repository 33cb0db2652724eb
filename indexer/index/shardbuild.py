"""Building a sharded index: one task per shard, in local processes or on a Ray cluster.

Each task is an ordinary incremental build (``build.build_index``) into
its shard's directory that reads every source file itself and writes only
the articles of its shard (``shards.ShardWriter``). Reading and parsing
are a small share of a build (segmenting and indexing are the cost), so
every task reading every file costs little, and it makes every task take
the same decisions: the same ledger of ids and duplicates, the same
manifest, kept in every shard. Only paths go to a task and a report comes
back: no article text passes through the process that starts them.

With ``cluster`` (a Ray address, ``thainews index --cluster``), the tasks
are Ray tasks (``pip install 'thainews[cluster]'``): every node must see
the sources and the index directory at the same paths (a shared file
system). Without it they are local processes (forked), as many at a time as cores.

When the shards' manifests disagree (a build stopped after some shards
committed), their ledgers could take different decisions: every shard is
then built again from the sources (``rebuild``), with a warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from .store import index_exists, read_manifest

__all__ = ["build_shards"]


def build_shards(paths: Sequence[Path], dirs: list[Path], *, rebuild: bool, prune: bool, procs: int | None,
                 cluster: str | None = None) -> dict:
    """Build every shard of `dirs` from `paths`, one task each; the report (``BuildReport``'s
    fields) of shard 0's task, which counts what every task counted."""
    if not rebuild and not _manifests_agree(dirs):
        print("warning: the shards' manifests differ (a build stopped after some shards committed): "
              "building every shard again from the sources", file=sys.stderr)
        rebuild = True
    cores = os.cpu_count() or 1
    jobs = [{"sources": [str(p.resolve()) for p in paths], "index_dir": str(d.resolve()), "rebuild": rebuild,
             "prune": prune, "procs": max(1, (procs or cores) // len(dirs)), "shard": (k, len(dirs))}
            for k, d in enumerate(dirs)]
    if cluster:
        reports = _on_ray(cluster, jobs)
    else:
        # forked, as the parallel build's own workers are (spawned ones re-import the caller's
        # __main__, which a script read from stdin does not have)
        with ProcessPoolExecutor(max_workers=min(len(jobs), cores), mp_context=get_context("fork")) as pool:
            reports = list(pool.map(build_one, jobs))
    return reports[0]


def build_one(job: dict) -> dict:
    """One shard's task: its build, and the report as a dict."""
    from .build import build_index

    return build_index(**job, progress=False).to_json()


def _on_ray(address: str, jobs: list[dict]) -> list[dict]:
    """The shards' tasks on the Ray cluster at `address`, one CPU each."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("--cluster needs Ray: pip install 'thainews[cluster]'") from None
    ray.init(address=address, log_to_driver=False, configure_logging=False)
    try:
        task = ray.remote(num_cpus=1, max_retries=0)(build_one)
        return ray.get([task.remote(job) for job in jobs])
    finally:
        ray.shutdown()


def _manifests_agree(dirs: list[Path]) -> bool:
    """Do the shards that exist record the same files, ids and fingerprints?"""
    seen = [read_manifest(d) for d in dirs if index_exists(d)]
    kept = [(m.get("files", {}), m.get("fingerprints", {})) for m in seen]
    return all(k == kept[0] for k in kept[1:]) and len(seen) in (0, len(dirs))
