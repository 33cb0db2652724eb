"""Pruning: a build with ``--prune`` removes the articles of files gone from a directory source.

A file may be gone because it was deleted, or because it was renamed or
moved: its articles then come back under the new name in the same build
and must not be lost. So a gone file's articles are released from the
ledger before the walk (``release_gone``): the file that holds them now
claims them, a file that held a copy of one (a duplicate, kept aside) is
read again to claim it (``claims_released``), and only what no file
claimed is removed after the walk (``prune_unseen``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["release_gone", "claims_released", "prune_unseen"]


def release_gone(sources: Iterable[Path], files: dict[str, dict], owner: dict[str, str]) -> set[str]:
    """The files of directory sources that are no longer on disk (nor inside an archive
    still there); their articles are released from the ledger (`owner`)."""
    gone = set()
    for source in (p for p in sources if p.is_dir()):
        prefix = f"{source.name}/"
        for path in (p for p in files if p.startswith(prefix)):
            parts = path[len(prefix):].split("/")
            if not any((source / "/".join(parts[:k])).is_file() for k in range(1, len(parts) + 1)):
                gone.add(path)
    for path in gone:
        for doc_id in files[path].get("ids", []):
            if owner.get(doc_id) == path:
                del owner[doc_id]
    return gone


def prune_unseen(writer, sources: Iterable[Path], files: dict[str, dict], seen: set[str],
           unreadable: set[str], owner: dict[str, str]) -> int:
    """Drop files of walked directory sources that were not seen this time, and their
    articles, unless another file claimed an article this build (a file renamed:
    ``release_gone``).

    Members of an archive that could not be read (``unreadable`` holds the
    archive's own path) went unseen because of the damage, not because they
    were deleted: like any file that turns broken, they keep their articles.
    """
    prefixes = tuple(f"{p.name}/" for p in sources if p.is_dir())
    damaged = tuple(f"{p}/" for p in unreadable)
    removed = 0
    for path in [p for p in files if p.startswith(prefixes) and p not in seen and not p.startswith(damaged)]:
        for doc_id in files.pop(path).get("ids", []):
            if owner.get(doc_id, path) != path:
                continue  # now another file's article
            writer.delete_by_term("id", doc_id)
            owner.pop(doc_id, None)
            removed += 1
    return removed


def claims_released(entry: dict, released: set[str], owner: dict[str, str]) -> bool:
    """Does an unchanged file (its manifest `entry`) hold a duplicate of an article whose
    file is gone and that no file holds now? Then it is read again, to hold it."""
    return bool(released) and any(doc_id not in owner for doc_id in entry.get("duplicates", ()))
