"""Building a sharded index: read tasks, decisions taken once, then one write task per shard.

Three steps, in local processes or on a Ray cluster:

1. P read tasks (one per shard), each over a disjoint share of the source
   files or archive members (``shardplan.read_part``): it parses only its
   own files, spools their articles as documents into one file per shard,
   and returns only metadata (paths, hashes, ids, fingerprints);
2. the process that started them takes the ledger's decisions once, in walk
   order, as one index's build does (``shardplan.decide_shards``): the manifest,
   the report, and for each shard the list of its articles to add or
   update and of its ids to delete;
3. one write task per shard (``write_shard``) reads only its own spool files
   and writes its shard: an ordinary commit of the shard's index
   (``store``'s crash-safety rules), staging the one manifest every shard keeps.

So every file is read and parsed once in the whole build (before, each
shard's task read and parsed every file and kept its shard's articles: N
times the parsing, and every task reading every file), and no article text
passes through the process that starts the tasks: only paths, metadata and
decisions do. Parsing twice instead (the read tasks for the metadata, the
write tasks again for the text of their own files) would have spared the
spool, but costs a second parse of every file, as much as the old build's
second task parsed with 2 shards. The spool (``DIR/.spool-*``, about the
size of the corpus's text) is removed when the build ends, and a killed
build's at the start of the next.

With ``cluster`` (a Ray address, ``thainews index --cluster``), the tasks
are Ray tasks (``pip install 'thainews[cluster]'``): every node must see
the sources and the index directory at the same paths (a shared file
system; the spool is there too). Without it they are local processes
(forked), as many at a time as cores.

When the shards' manifests disagree (a build stopped after some shards
committed), or some shards have an index and others none, every shard is
built again from the sources (``rebuild``), with a warning.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .decide import start_plan
from .shardplan import decide_shards, read_part, spool_name
from .store import index_state, open_index, read_manifest

__all__ = ["build_shards", "write_shard"]

SPOOL_PREFIX = ".spool-"


def build_shards(paths: Sequence[Path], dirs: list[Path], *, rebuild: bool, prune: bool, procs: int | None,
                 cluster: str | None = None) -> dict:
    """Build every shard of `dirs` (``DIR/shard-K``) from `paths`; the report (``BuildReport``'s
    fields). The caller holds the build lock of the sharded directory."""
    from .build import BuildReport

    root = dirs[0].parent
    # the read tasks name files after the resolved sources (``iter_source``: `.` has no name),
    # and so must the decisions (``prune``)
    paths = [p.resolve() for p in paths]
    for stale in root.glob(SPOOL_PREFIX + "*"):  # a killed build's
        shutil.rmtree(stale, ignore_errors=True)
    fresh, rebuild, manifest = _starting_point(dirs, rebuild)
    plan = start_plan(paths, manifest, fresh=fresh, prune=prune)
    report = BuildReport()
    spool = Path(tempfile.mkdtemp(prefix=SPOOL_PREFIX, dir=root))
    try:
        with _Tasks(cluster) as run:
            sources = [str(p) for p in paths]
            known = plan.known()
            parts = run(read_part, [{"sources": sources, "part": p, "parts": len(dirs), "shards": len(dirs),
                                     "known": known, "spool": str(spool)} for p in range(len(dirs))])
            ops = decide_shards(plan, len(dirs), parts, report)
            if ops is not None:
                cores = os.cpu_count() or 1
                run(write_shard, [{"index_dir": str(d.resolve()), "shard": k, "parts": len(dirs),
                                   "spool": str(spool), "ops": ops[k], "manifest": plan.manifest,
                                   "rebuild": rebuild, "fresh": fresh,
                                   "procs": max(1, (procs or cores) // len(dirs))} for k, d in enumerate(dirs)])
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return report.to_json()


def _starting_point(dirs: list[Path], rebuild: bool) -> tuple[bool, bool, dict]:
    """Whether the shards start empty, whether they are rebuilt, and the manifest they share."""
    states = [index_state(d) for d in dirs]
    if not rebuild and "other" in states:
        open_index(dirs[states.index("other")])  # raises, advising --rebuild
    ready = [d for d, s in zip(dirs, states) if s == "ready"]
    if not rebuild and ready and (len(ready) < len(dirs) or not _manifests_agree(dirs)):
        print("warning: the shards' indexes or manifests differ (a build stopped after some shards "
              "committed, or a shard was lost): building every shard again from the sources", file=sys.stderr)
        rebuild = True
    fresh = rebuild or not ready
    manifests = [read_manifest(d) for d in ready]
    manifest = {} if fresh else dict(manifests[0])
    if any(m.get("untrusted") for m in manifests):
        manifest["untrusted"] = True
    return fresh, rebuild, manifest


def _manifests_agree(dirs: list[Path]) -> bool:
    """Do the shards record the same files, ids and fingerprints?"""
    kept = [(m.get("files", {}), m.get("fingerprints", {})) for m in map(read_manifest, dirs)]
    return all(k == kept[0] for k in kept[1:])


def write_shard(job: dict) -> dict:
    """One shard's write task: its index opened (or made), the decisions' writes applied in
    order with the documents read from its own spool files, the shared manifest staged and
    committed. Returns what it wrote."""
    from .build import _open_for_build, _writer, abandon, commit
    from .durable import clean_leftovers
    from .store import build_lock, settle_manifest, write_meta

    index_dir = Path(job["index_dir"])
    written = 0
    with build_lock(index_dir) as lock_fd:
        clean_leftovers(index_dir)  # what a killed or failed build left behind
        ix, fresh = _open_for_build(index_dir, job["rebuild"])
        if fresh != job["fresh"]:
            raise RuntimeError(f"the shard at {index_dir} changed while the build planned: run the build again")
        spool = _Spool(Path(job["spool"]), job["shard"], job["parts"])
        writer = _writer(ix, job["procs"], [], (lock_fd,), fresh)
        try:
            for op in job["ops"]:
                if op[0] == "delete":
                    writer.delete_by_term("id", op[1])
                    continue
                doc = spool.document(op[1], op[2])
                (writer.add_document if op[0] == "add" else writer.update_document)(**doc)
                written += 1
            spool.close()
            commit(writer, index_dir, job["manifest"], job["rebuild"])
        except BaseException:
            spool.close()
            abandon(writer, index_dir)
            raise
        finally:
            settle_manifest(index_dir)
        if job["rebuild"]:
            write_meta(index_dir)  # the segmenter may have changed
    return {"shard": job["shard"], "written": written}


class _Spool:
    """A shard's documents in the read tasks' spool files, each file read front to back:
    the writes ask for them in walk order, the order each file was written in."""

    def __init__(self, spool: Path, shard: int, parts: int):
        self.files = [open(spool / spool_name(p, shard), "rb") for p in range(parts)]
        self.parts = len(self.files)

    def document(self, record: int, article: int) -> dict:
        fh = self.files[record % self.parts]
        while True:
            try:
                i, a, doc = pickle.load(fh)
            except EOFError:
                raise RuntimeError(f"article {article} of walk record {record} is missing from the spool") from None
            if (i, a) == (record, article):
                return doc
            if (i, a) > (record, article):
                raise RuntimeError(f"article {article} of walk record {record} is missing from the spool")

    def close(self) -> None:
        for fh in self.files:
            fh.close()


class _Tasks:
    """Runs a function over jobs, in parallel: Ray tasks of one CPU on the cluster at
    `address`, or forked local processes, as many at a time as cores."""

    def __init__(self, address: str | None):
        self.address = address
        self.ray: Any = None

    def __enter__(self) -> Callable[[Callable[[dict], dict], list[dict]], list[dict]]:
        if self.address:
            try:
                import ray
            except ImportError:
                raise RuntimeError("--cluster needs Ray: pip install 'thainews[cluster]'") from None
            ray.init(address=self.address, log_to_driver=False, configure_logging=False)
            self.ray = ray
        return self.run

    def run(self, fn: Callable[[dict], dict], jobs: list[dict]) -> list[dict]:
        if self.ray is not None:
            task = self.ray.remote(num_cpus=1, max_retries=0)(fn)
            return self.ray.get([task.remote(job) for job in jobs])
        # forked, as the parallel build's own workers are (spawned ones re-import the caller's
        # __main__, which a script read from stdin does not have)
        cores = os.cpu_count() or 1
        with ProcessPoolExecutor(max_workers=min(len(jobs), cores), mp_context=get_context("fork")) as pool:
            return list(pool.map(fn, jobs))

    def __exit__(self, *exc: object) -> None:
        if self.ray is not None:
            self.ray.shutdown()
