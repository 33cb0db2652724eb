"""Where the index lives, and the small files kept beside it.

``thainews.json`` records the schema version and segmenter an index was
built with; it is written last when an index is created, so an index
directory without it is a creation that never finished. ``manifest.json``
maps each source file to its content hash and the article ids it produced,
which is what makes re-indexing incremental.

The manifest must describe the same state as Whoosh's last commit, or the
next incremental run skips files the index does not hold (or re-adds ones it
does). A build therefore writes its manifest *before* committing, as
``manifest.pending.json`` stamped with the generation the commit will create,
and renames it over ``manifest.json`` after. Whoosh commits by renaming one
TOC file into place, so whichever moment a build is killed at, the index is
either at the old generation (the pending manifest is dropped) or at the new
one (it is adopted): ``read_manifest`` picks the right one without writing,
and ``settle_manifest`` (run by builds, under the build lock) tidies up.

**Power loss.** Every commit, and every JSON file here, is made durable
before it counts, and the index opens at its newest *whole* generation
(``durable``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from indexer.errors import IndexMissing, ThainewsError
from indexer.settings import Settings
from indexer.thai.segment import engine_name

from .durable import (
    INDEXNAME,
    TOC_FILE,
    WholeIndex,
    fsync_dir,
    fsync_file,
    generation_files,
    latest_generation,
    read_json,
    remove_torn,
    whole_generation,
    write_json,
)
from .schema import SCHEMA_VERSION, make_schema

__all__ = ["default_index_dir", "open_index", "create_index", "index_exists", "index_state",
           "read_manifest", "write_manifest", "stage_manifest", "settle_manifest", "write_meta",
           "build_lock", "IndexMissing", "IndexBusy", "live_files"]

META = "thainews.json"
MANIFEST = "manifest.json"
PENDING = "manifest.pending.json"
LOCK = "build.lock"


class IndexBusy(ThainewsError, LockError):
    """Another build is writing the index."""

    status = 503
    default_code = "index_busy"


def default_index_dir() -> Path:
    """``$THAINEWS_INDEX``, else ``$XDG_DATA_HOME/thainews/index`` (~/.local/share): see ``settings``."""
    return Settings.from_env().index_dir


def index_exists(index_dir: str | Path) -> bool:
    """A committed TOC is there (file names only: a damaged one counts, ``open_index`` falls back)."""
    return latest_generation(Path(index_dir)) >= 0


def index_state(index_dir: str | Path) -> str:
    """``missing``, ``unfinished`` (created, never marked done), ``other`` (schema), ``broken`` (no
    whole generation: every commit damaged) or ``ready``."""
    path = Path(index_dir)
    if not index_exists(path):
        return "missing"
    meta = read_json(path / META)
    if meta is None:
        return "unfinished"
    if meta.get("schema_version") != SCHEMA_VERSION:
        return "other"
    return "ready" if whole_generation(path) >= 0 else "broken"


def create_index(index_dir: str | Path):
    """A new, empty index in `index_dir`, replacing whatever index is there.

    Builds call this only where there is no index this version can search:
    none, a creation that never finished, or an index of another schema
    version (with ``--rebuild``). That last one is deleted here, before the
    new one is built: this version refuses to open or serve it, so there is
    no searchable index to keep, and building beside it and swapping
    directories would take two renames (a kill between them leaves no index
    at the path at all). The metadata goes first and comes back last, so a
    kill at any point leaves either the old index or an ``unfinished`` one,
    which the next build creates again.
    """
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    for name in (META, PENDING):
        (path / name).unlink(missing_ok=True)
    ix = whoosh_index.create_in(str(path), make_schema())
    for name in os.listdir(path):
        if TOC_FILE.match(name):
            fsync_file(path / name)
    fsync_dir(path)
    ix = WholeIndex(FileStorage(str(path)), indexname=INDEXNAME)
    write_json(path / MANIFEST, {"files": {}})
    write_meta(path)
    return ix


def write_meta(index_dir: str | Path) -> None:
    """Record this version's schema and segmenter as the index's."""
    write_json(Path(index_dir) / META, {"schema_version": SCHEMA_VERSION, "segmenter": engine_name()})


def open_index(index_dir: str | Path):
    """Open an existing index, refusing one built with an older schema."""
    path = Path(index_dir)
    if not index_exists(path):
        raise IndexMissing(f"no index at {path}: build one with `thainews index`")
    meta = read_json(path / META)
    if meta is None:
        raise IndexMissing(f"the index at {path} was never finished (its first build was stopped): "
                           "run `thainews index` again")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissing(
            f"the index at {path} was built by another thainews version "
            f"(schema {meta.get('schema_version')}, need {SCHEMA_VERSION}): rebuild it with `thainews index --rebuild`"
        )
    if whole_generation(path) < 0:
        raise IndexMissing(f"the index at {path} has no whole generation (damaged, perhaps by a power cut): "
                           "rebuild it with `thainews index --rebuild`")
    return WholeIndex(FileStorage(str(path)), indexname=INDEXNAME)


def read_manifest(index_dir: str | Path) -> dict:
    """The manifest of the generation the index opens at (see the module docstring)."""
    path = Path(index_dir)
    generation = whole_generation(path)
    candidates = [(name, read_json(path / name)) for name in (PENDING, MANIFEST)]
    for _name, manifest in candidates:
        if manifest is not None and manifest.get("generation") == generation:
            return manifest
    pending = candidates[0][1]
    if pending is not None and _committed(path, pending):
        return pending
    current = candidates[1][1]
    if current is not None and isinstance(current.get("generation"), int) and current["generation"] > generation:
        # the index fell back past the commit this manifest describes: its
        # hashes are not the index's, so every file is read again
        return {"files": {}, "untrusted": True}
    return current or {"files": {}}


def write_manifest(index_dir: str | Path, manifest: dict) -> None:
    """Replace manifest.json as it is (no commit involved)."""
    write_json(Path(index_dir) / MANIFEST, manifest)


def stage_manifest(index_dir: str | Path, manifest: dict, generation: int) -> None:
    """Write the manifest the commit of `generation` will make true, before that commit."""
    write_json(Path(index_dir) / PENDING, {**manifest, "generation": generation})


def settle_manifest(index_dir: str | Path) -> None:
    """Adopt the pending manifest if its commit happened, else drop it; remove torn TOC files.

    Only with the build lock held: a build in progress stages a manifest
    whose commit has not happened *yet*.
    """
    path = Path(index_dir)
    pending = read_json(path / PENDING)
    if pending is not None and _committed(path, pending):
        os.replace(path / PENDING, path / MANIFEST)
        fsync_dir(path)
    else:
        (path / PENDING).unlink(missing_ok=True)
    remove_torn(path)


@contextmanager
def build_lock(index_dir: str | Path) -> Iterator[int]:
    """Hold the index's build lock (``build.lock``, an flock) for one build; yields its fd.

    The kernel releases an flock when the last descriptor of it closes, so a
    build killed at any moment leaves no stale lock behind, provided no
    child process still holds a copy (the build's workers close theirs and
    die with it: see ``parallel._die_with_parent``). Whoosh's own WRITELOCK is
    taken inside; this one also covers creating the index and settling the
    manifest, which happen before Whoosh's writer exists.
    """
    import fcntl

    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise IndexBusy(f"another build is writing the index at {path}; try again when it has finished") from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield fd
    finally:
        os.close(fd)


def _committed(path: Path, pending: dict) -> bool:
    """Did the commit a pending manifest was staged for happen (and is it whole)?"""
    generation = pending.get("generation")
    return isinstance(generation, int) and whole_generation(path) >= generation


def live_files(index_dir: str | Path) -> list[str]:
    """The files the index's whole generation reads, and the small files beside it."""
    names = set(os.listdir(index_dir))
    return sorted(generation_files(index_dir) + [n for n in (META, MANIFEST) if n in names])
