"""A sharded index: N normal thainews indexes side by side, one article in exactly one of them.

``thainews index SRC --index DIR --shards 3`` writes ``DIR/shards.json``
(``{"shards": 3}``) and the indexes ``DIR/shard-0`` .. ``DIR/shard-2``.
Each is a whole index on its own (``store``); N is fixed when the
directory is made: an article's shard is a stable hash of its id
(``shard_of``), so changing N would move most articles. A build
(``shardbuild``) reads every file once, in tasks each over its own files,
takes the ledger's decisions once, and writes each shard in a task of its
own; every shard keeps the whole manifest (which files gave which ids, and the fingerprints of the
duplicate rule), the same in each, so an article edited, moved to another
file, deleted or duplicated in a file whose twin went to another shard is
handled exactly as in one index.

Reading, each shard is searched on its own and a router gathers their
answers (``search.router``), with the archive's statistics given to every
shard (``matching.shared``), so the search service answers exactly what
one index of the same articles answers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from indexer.errors import ThainewsError

from .durable import fsync_dir, whole_generation
from .store import IndexMissing, open_index

__all__ = ["SHARDS", "ShardCountError", "shard_of", "shard_dirs", "is_sharded", "create_shards", "open_shards",
           "whole_generations"]

SHARDS = "shards.json"


class ShardCountError(ThainewsError, ValueError):
    """A build asked for another number of shards than the index was made with."""


def shard_of(doc_id: str, shards: int) -> int:
    """The shard of an article: its id's blake2b hash modulo the number of shards, the
    same in every process and on every machine (Python's ``hash()`` of a str is not).
    ``shard_of("http://www.thaigov.go.th/news/contents/details/22195", 1)`` is 0."""
    digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def is_sharded(index_dir: str | Path) -> bool:
    """Is `index_dir` a sharded index (it holds ``shards.json``)?"""
    return (Path(index_dir) / SHARDS).is_file()


def shard_dirs(index_dir: str | Path) -> list[Path]:
    """The shards' directories of a sharded index, in shard order (``DIR/shard-K``)."""
    path = Path(index_dir)
    count = json.loads((path / SHARDS).read_text(encoding="utf-8"))["shards"]
    return [path / f"shard-{k}" for k in range(count)]


def create_shards(index_dir: str | Path, shards: int | None) -> list[Path]:
    """The directories a build writes: ``[index_dir]`` for one index, else the shards'.

    `shards` is the build's ``--shards`` (None: as the index was made). A
    sharded directory is made on the first build asking for shards; asking
    an existing index for another count raises ``ShardCountError``.
    """
    path = Path(index_dir)
    if is_sharded(path):
        dirs = shard_dirs(path)
        if shards is not None and shards != len(dirs):
            raise ShardCountError(f"the index at {path} has {len(dirs)} shards, fixed when it was made; "
                                  f"build {shards} shards into a new directory")
        return dirs
    if shards is None:
        return [path]
    if (path / "thainews.json").exists() or any(path.glob("_MAIN_*.toc")):
        raise ShardCountError(f"the index at {path} is not sharded; build {shards} shards into a new directory")
    path.mkdir(parents=True, exist_ok=True)
    temp = path / (SHARDS + ".tmp")
    temp.write_text(json.dumps({"shards": shards}), encoding="utf-8")
    temp.replace(path / SHARDS)
    fsync_dir(path)
    return shard_dirs(path)


def whole_generations(index_dir: str | Path) -> list[int]:
    """The whole generation (``durable.whole_generation``) of an index, or of each of its shards."""
    path = Path(index_dir)
    return [whole_generation(d) for d in shard_dirs(path)] if is_sharded(path) else [whole_generation(path)]


def open_shards(index_dir: str | Path) -> list:
    """Every shard of a sharded archive opened (``store.open_index``), or IndexMissing naming
    the shard that cannot be read."""
    path = Path(index_dir)
    try:
        return [open_index(d) for d in shard_dirs(path)]
    except IndexMissing:  # a shard's own reason (never built, another version ...)
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise IndexMissing(f"the sharded index at {path} cannot be read ({exc}): "
                           "run `thainews index` again") from None
