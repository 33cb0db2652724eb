"""The plan of a sharded build: its read tasks, and the ledger's decisions taken once.

A read task (``read_part``: part p of P) walks every source, but reads and
parses only the files whose place in the walk is p modulo P (for an
archive, its members: ``iter_source``'s `pick`; a .tar.gz is still
decompressed from the start, which costs a fraction of parsing). Of each
of its files it returns only metadata: the path, the content hash, what
the reader said (status, reason, problems, warnings) and each article's id
and fingerprint. The articles themselves, already made into documents
(``build.to_document``), go to one spool file per shard (``p{p}-s{k}.pickle``
in the build's spool directory, on the file system every task sees): no
article text passes through the process that takes the decisions.

The decisions (``decide``) are those of one index's build (``build._build``),
in the same walk order, so "first one wins" is unchanged: the same manifest
and ``Ledger``, unchanged files skipped by their hash, duplicates by id or
by headline and body, a changed file's stale ids deleted, ``--prune``'s
releases and removals. They come out as the manifest every shard stages
and, per shard, the list of what to write: ``("add" | "update", i, a)`` for
article a of walk record i, ``("delete", id)``. Each shard's task then
reads only its own spool files, in that order (``shardbuild``).

Files the manifest says are unchanged are not parsed by a read task at all
(their hash is compared there); a file that may have to be read again
because it holds a duplicate of a released article (``prune``) is parsed
in case. Every task hashes the sequence of names it walked: if the sources
changed between the read tasks' walks, the build stops before writing.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from indexer.errors import ThainewsError
from indexer.ingest import Ledger, iter_source, read_file

from .prune import claims_released, prune_unseen, release_gone
from .shards import shard_of

__all__ = ["SourcesChanged", "Plan", "read_part", "start_plan", "decide", "spool_name"]


class SourcesChanged(ThainewsError, RuntimeError):
    """The sources changed while the read tasks walked them: nothing was written."""


def spool_name(part: int, shard: int) -> str:
    """The spool file of read task `part`'s articles of shard `shard`."""
    return f"p{part}-s{shard}.pickle"


class _Seen(NamedTuple):
    """What the ledger needs of an article (``Ledger.admit``)."""

    id: str
    fingerprint: str


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()  # as build._hash


def read_part(job: dict) -> dict:
    """Read task `job["part"]` of `job["parts"]`: its files' metadata, keyed by walk record,
    and its shards' spool files written; `job["known"]` maps the paths that need no parse
    when unchanged to their manifest hash."""
    part, parts, shards = job["part"], job["parts"], job["shards"]
    known: dict[str, str] = job["known"]
    spool = Path(job["spool"])
    from .build import to_document

    outs = [open(spool / spool_name(part, k), "wb") for k in range(shards)]
    try:
        records: dict[int, dict] = {}
        names = hashlib.blake2b(digest_size=16)
        turn = [0]

        def mine() -> bool:
            return turn[0] % parts == part

        for source in job["sources"]:
            for src in iter_source(source, pick=mine):
                i = turn[0]
                turn[0] += 1
                names.update(src.path.encode("utf-8", "backslashreplace") + b"\0")
                if i % parts != part:
                    continue
                meta: dict = {"path": src.path}
                records[i] = meta
                if src.data is None:
                    meta.update(unreadable=True, status="skipped" if src.skip else "failed",
                                reason=src.error or "cannot read")
                    continue
                meta["hash"] = digest = _digest(src.data)
                meta["bytes"] = len(src.data)
                if known.get(src.path) == digest:
                    continue  # unchanged: the decisions skip it unparsed
                result = read_file(src)
                meta.update(parsed=True, status=result.status, reason=result.reason, problems=result.problems,
                            warnings=result.warnings, articles=[(a.id, a.fingerprint) for a in result.articles])
                for a, article in enumerate(result.articles):
                    # one pickle each (no memo shared between them): the write task loads them one by one
                    pickle.dump((i, a, to_document(article)), outs[shard_of(article.id, shards)],
                                protocol=pickle.HIGHEST_PROTOCOL)
        return {"records": records, "count": turn[0], "names": names.hexdigest()}
    finally:
        for fh in outs:
            fh.close()


@dataclass
class Plan:
    """The state of a sharded build's decisions, from the shards' manifest."""

    paths: list[Path]
    shards: int
    manifest: dict
    fresh: bool
    prune: bool
    reread: bool = False
    released: set[str] = field(default_factory=set)
    ledger: Ledger = field(default_factory=Ledger)

    @property
    def files(self) -> dict[str, dict]:
        return self.manifest["files"]

    def known(self) -> dict[str, str]:
        """The paths a read task compares by hash and does not parse when unchanged."""
        if self.reread:
            return {}
        return {path: entry["hash"] for path, entry in self.files.items()
                if entry.get("hash") and not (self.released and entry.get("duplicates"))}


def start_plan(paths: Sequence[Path], shards: int, manifest: dict, *, fresh: bool, prune: bool) -> Plan:
    """The decisions' starting point, as ``build._build`` sets it up: the manifest (empty when
    `fresh`), whether every file is read again, the ledger, and ``--prune``'s releases."""
    from .build import start_ledger

    manifest, reread, ledger = start_ledger({} if fresh else manifest)
    plan = Plan(list(paths), shards, manifest, fresh, prune, reread, ledger=ledger)
    plan.released = release_gone(plan.paths, manifest["files"], ledger.owner) if prune else set()
    return plan


class _Deletions:
    """``prune_unseen``'s writer: each deletion goes to its article's shard's list."""

    def __init__(self, ops: list[list[tuple]], shards: int):
        self.ops, self.shards = ops, shards

    def delete_by_term(self, fieldname: str, text: str) -> None:
        assert fieldname == "id", fieldname
        self.ops[shard_of(text, self.shards)].append(("delete", text))


def decide(plan: Plan, parts: list[dict], report) -> list[list[tuple]] | None:
    """Take the ledger's decisions over the read tasks' metadata (`parts`), counting into
    `report` (a ``BuildReport``): each shard's list of writes, or None when nothing is to be
    committed (no new generation anywhere). The manifest to stage is `plan.manifest`."""
    counts = {(p["count"], p["names"]) for p in parts}
    if len(counts) != 1:
        raise SourcesChanged("the sources changed while the build read them: nothing was written; "
                             "run the build again")
    total = parts[0]["count"]
    records = {i: meta for p in parts for i, meta in p["records"].items()}
    assert sorted(records) == list(range(total)), "every walk record has one read task"
    ledger, owner, files = plan.ledger, plan.ledger.owner, plan.files
    ops: list[list[tuple]] = [[] for _ in range(plan.shards)]
    seen: set[str] = set()
    unreadable: set[str] = set()
    for i in range(total):
        meta = records[i]
        path = meta["path"]
        report.files += 1
        seen.add(path)
        if meta.get("unreadable"):
            unreadable.add(path)
        digest = meta.get("hash")
        report.bytes += meta.get("bytes", 0)
        previous = files.get(path)
        if previous and digest and previous.get("hash") == digest and not plan.reread \
                and not claims_released(previous, plan.released, owner):
            report.unchanged_files += 1
            if path in plan.released:  # back again: it keeps what no other file claimed
                for doc_id in previous.get("ids", []):
                    owner.setdefault(doc_id, path)
            continue
        if "status" not in meta:  # (a read task skips only what ``Plan.known`` lists)
            raise AssertionError(f"{path} was not read, yet it is to be indexed")
        if meta["status"] == "skipped":
            report.skipped_files += 1
            report.skipped.append({"path": path, "reason": meta["reason"]})
            continue
        if meta["status"] == "failed":
            report.failed_files += 1
            report.errors.append({"path": path, "reason": meta["reason"]})
            continue
        for problem in meta["problems"]:
            report.errors.append({"path": path, "reason": problem, "record_dropped": True})
        for warning in meta["warnings"]:
            report.flagged.append({"path": path, "reason": warning})
        ids: list[str] = []
        duplicates: list[str] = []
        for a, (doc_id, fingerprint) in enumerate(meta["articles"]):
            new = doc_id not in owner
            if not ledger.admit(_Seen(doc_id, fingerprint), path, ids):
                report.duplicates += 1
                if doc_id not in ids:
                    duplicates.append(doc_id)
                continue
            ops[shard_of(doc_id, plan.shards)].append(("add" if plan.fresh and new else "update", i, a))
            ids.append(doc_id)
            report.articles += 1
        old_ids = set(previous.get("ids", [])) if previous else set()
        for stale in old_ids - set(ids):
            ops[shard_of(stale, plan.shards)].append(("delete", stale))
            owner.pop(stale, None)
            report.removed += 1
        files[path] = {"hash": digest, "ids": ids, **({"duplicates": duplicates} if duplicates else {})}
        report.indexed_files += 1
    if plan.prune:
        report.removed += prune_unseen(_Deletions(ops, plan.shards), plan.paths, files, seen, unreadable, owner)
    if not (plan.fresh or report.indexed_files or report.removed):
        return None
    live = set(owner)
    plan.manifest["fingerprints"] = {fp: i for fp, i in ledger.fingerprints.items() if i in live}
    return ops
