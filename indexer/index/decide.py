"""A build's decisions over its walk: one home for one index's build and a sharded one's.

One index's build (``build._build``) reads each file as it walks; a
sharded build's read tasks read the files first and the decisions are
taken afterwards over what they said (``shardplan``). Both take them here,
in walk order, so "first one wins" and every rule below are the same:

- a file whose content hash the manifest holds is unchanged: it is not
  read, and keeps its articles (unless every file is read again: another
  reader version, an untrusted manifest; or it claims an article a gone
  file released, ``--prune``);
- a file that cannot be read, skipped or failed, is reported and keeps
  what it had indexed;
- each of a read file's articles is admitted by the ``Ledger`` (a
  duplicate by id or by headline and body is counted, not indexed) and
  written as an add (an article new to a fresh index) or an update; the
  ids the file no longer gives are deleted;
- after the walk, ``--prune`` removes what no file claims;
- nothing is committed when nothing changed (no new generation: running
  servers keep their searchers).

What is written goes to a ``Writes``: the index writer, or each shard's
list of writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from indexer.ingest import READER_VERSION, Ledger

from .prune import claims_released, prune_unseen, release_gone

__all__ = ["Plan", "Walked", "Writes", "start_plan", "decide"]


@dataclass
class Plan:
    """A build's starting point and the state its decisions carry: the manifest to stage,
    whether every file is read again, the ledger of ids and fingerprints, ``--prune``'s
    releases."""

    paths: list[Path]
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
        """The paths whose files need not be read when their hash is the manifest's
        (``decide``'s first rule), with that hash: a file holding a duplicate of an
        article a gone file released may have to be read again, so it is read."""
        if self.reread:
            return {}
        return {path: entry["hash"] for path, entry in self.files.items()
                if entry.get("hash") and not (self.released and entry.get("duplicates"))}


def start_plan(paths: Sequence[Path], manifest: dict, *, fresh: bool, prune: bool) -> Plan:
    """The plan of a build from the manifest it found (ignored when `fresh`): the manifest
    to stage (its generation and untrusted flag dropped, this reader's version), whether
    every file must be read again (untrusted, or read by another reader), the ledger, and
    ``--prune``'s releases (a file gone from a directory source gives up its articles
    before the walk, so a file it was renamed or copied to can claim them)."""
    manifest = dict({} if fresh else manifest)
    manifest.pop("generation", None)
    untrusted = manifest.pop("untrusted", False)
    files: dict[str, dict] = manifest.setdefault("files", {})
    reread = untrusted or manifest.get("reader_version") != READER_VERSION
    manifest["reader_version"] = READER_VERSION
    ledger = Ledger({doc_id: path for path, entry in files.items() for doc_id in entry.get("ids", [])},
                    manifest.setdefault("fingerprints", {}))
    plan = Plan(list(paths), manifest, fresh, prune, reread, ledger=ledger)
    plan.released = release_gone(plan.paths, files, ledger.owner) if prune else set()
    return plan


@dataclass
class Walked:
    """One file of the walk: its path, content hash and size (None and 0 when it could not
    be read), and how to read it, called only when it is to be indexed: the reader's
    verdict (``ingest.FileResult``: status, reason, problems, warnings, articles, each
    with its ``id`` and ``fingerprint``)."""

    path: str
    digest: str | None
    size: int
    read: Callable[[], Any]

    @property
    def unreadable(self) -> bool:
        return self.digest is None


class Writes(Protocol):
    """Where the decisions go: `article` (article `at` of walk record `record`) added or
    updated, an id deleted, a file's writes done."""

    def write(self, record: int, at: int, article: Any, add: bool) -> None: ...

    def delete_by_term(self, fieldname: str, text: str) -> None: ...

    def file_indexed(self) -> None: ...


def decide(plan: Plan, walk: Iterable[Walked], writes: Writes, report: Any) -> bool:
    """Take the decisions (see the module docstring) over `walk`, counting into `report` (a
    ``BuildReport``) and staging them in `plan.manifest`: is there anything to commit?"""
    ledger, owner, files = plan.ledger, plan.ledger.owner, plan.files
    seen: set[str] = set()
    unreadable: set[str] = set()
    for record, walked in enumerate(walk):
        path, digest = walked.path, walked.digest
        report.files += 1
        report.bytes += walked.size
        seen.add(path)
        if walked.unreadable:
            unreadable.add(path)
        previous = files.get(path)
        if previous and digest and previous.get("hash") == digest and not plan.reread \
                and not claims_released(previous, plan.released, owner):
            report.unchanged_files += 1
            if path in plan.released:  # back again: it keeps what no other file claimed
                for doc_id in previous.get("ids", []):
                    owner.setdefault(doc_id, path)
            continue
        result = walked.read()
        if result.status == "skipped":
            report.skipped_files += 1
            report.skipped.append({"path": path, "reason": result.reason})
            continue
        if result.status == "failed":
            report.failed_files += 1
            report.errors.append({"path": path, "reason": result.reason})
            continue
        for problem in result.problems:
            report.errors.append({"path": path, "reason": problem, "record_dropped": True})
        for warning in result.warnings:
            report.flagged.append({"path": path, "reason": warning})
        ids: list[str] = []
        duplicates: list[str] = []  # another file's articles: read again when that file goes (``prune``)
        for at, article in enumerate(result.articles):
            new = article.id not in owner
            if not ledger.admit(article, path, ids):
                report.duplicates += 1
                if article.id not in ids:
                    duplicates.append(article.id)
                continue
            writes.write(record, at, article, plan.fresh and new)
            ids.append(article.id)
            report.articles += 1
        for stale in set(previous.get("ids", [])) - set(ids) if previous else ():
            writes.delete_by_term("id", stale)
            owner.pop(stale, None)
            report.removed += 1
        files[path] = {"hash": digest, "ids": ids, **({"duplicates": duplicates} if duplicates else {})}
        report.indexed_files += 1
        writes.file_indexed()
    if plan.prune:
        report.removed += prune_unseen(writes, plan.paths, files, seen, unreadable, owner)
    if not (plan.fresh or report.indexed_files or report.removed):
        return False
    live = set(owner)
    plan.manifest["fingerprints"] = {fp: i for fp, i in ledger.fingerprints.items() if i in live}
    return True
