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

The decisions (``decide_shards``) are one index's build's, taken by the
same code (``decide``) in the same walk order, so "first one wins" is
unchanged. They come out as the manifest every shard stages and, per
shard, the list of what to write: ``("add" | "update", i, a)`` for article
a of walk record i, ``("delete", id)``. Each shard's task then reads only
its own spool files, in that order (``shardbuild``).

Files the manifest says are unchanged are not parsed by a read task at all
(their hash is compared there); a file that may have to be read again
because it holds a duplicate of a released article (``prune``) is parsed
in case. Every task hashes the sequence of names it walked: if the sources
changed between the read tasks' walks, the build stops before writing.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import NamedTuple

from indexer.errors import ThainewsError
from indexer.ingest import iter_source, read_file

from .decide import Plan, Walked, decide
from .shards import shard_of

__all__ = ["SourcesChanged", "read_part", "decide_shards", "spool_name"]


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


class _ShardWrites:
    """The decisions (``decide.Writes``) as each shard's list of writes."""

    def __init__(self, shards: int):
        self.ops: list[list[tuple]] = [[] for _ in range(shards)]

    def write(self, record: int, at: int, article: _Seen, add: bool) -> None:
        self.ops[shard_of(article.id, len(self.ops))].append(("add" if add else "update", record, at))

    def delete_by_term(self, fieldname: str, text: str) -> None:
        assert fieldname == "id", fieldname
        self.ops[shard_of(text, len(self.ops))].append(("delete", text))

    def file_indexed(self) -> None:
        pass


class _Verdict(NamedTuple):
    """A read task's verdict on a file, as ``decide`` reads a ``FileResult``."""

    status: str
    reason: str | None
    problems: list
    warnings: list
    articles: list[_Seen]


def _walked(meta: dict) -> Walked:
    def read() -> _Verdict:
        if "status" not in meta:  # (a read task skips only what ``Plan.known`` lists)
            raise AssertionError(f"{meta['path']} was not read, yet it is to be indexed")
        return _Verdict(meta["status"], meta.get("reason"), meta.get("problems", []), meta.get("warnings", []),
                        [_Seen(*a) for a in meta.get("articles", [])])

    return Walked(meta["path"], meta.get("hash"), meta.get("bytes", 0), read)


def decide_shards(plan: Plan, shards: int, parts: list[dict], report) -> list[list[tuple]] | None:
    """Take the decisions (``decide``) over the read tasks' metadata (`parts`), counting into
    `report` (a ``BuildReport``): each of the `shards` shards' list of writes, or None when
    nothing is to be committed (no new generation anywhere). The manifest to stage is
    `plan.manifest`."""
    counts = {(p["count"], p["names"]) for p in parts}
    if len(counts) != 1:
        raise SourcesChanged("the sources changed while the build read them: nothing was written; "
                             "run the build again")
    total = parts[0]["count"]
    records = {i: meta for p in parts for i, meta in p["records"].items()}
    assert sorted(records) == list(range(total)), "every walk record has one read task"
    writes = _ShardWrites(shards)
    if not decide(plan, (_walked(records[i]) for i in range(total)), writes, report):
        return None
    return writes.ops
