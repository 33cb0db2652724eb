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
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from indexer.errors import ThainewsError
from indexer.settings import Settings
from indexer.thai.segment import engine_name

from .schema import SCHEMA_VERSION, make_schema

__all__ = ["default_index_dir", "open_index", "create_index", "index_exists", "index_state",
           "read_manifest", "write_manifest", "stage_manifest", "settle_manifest", "write_meta",
           "build_lock", "IndexMissing", "IndexBusy"]

META = "thainews.json"
MANIFEST = "manifest.json"
PENDING = "manifest.pending.json"
LOCK = "build.lock"
# Whoosh writes a TOC as `_MAIN_<gen>.toc.<time>` and renames it into place;
# a build killed in between leaves the temporary file, which Whoosh never
# removes (it matches neither its TOC nor its segment file pattern).
_TOC_TEMP = re.compile(r"^_MAIN_\d+\.toc\.[\d.]+$")
# Whoosh's committed TOC files (`_MAIN_<generation>.toc`; the highest is the index).
_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


class IndexMissing(ThainewsError, FileNotFoundError):
    """No thainews index at the given directory (or one this version cannot read)."""

    status = 503
    default_code = "index_missing"


class IndexBusy(ThainewsError, LockError):
    """Another build is writing the index."""

    status = 503
    default_code = "index_busy"


def default_index_dir() -> Path:
    """``$THAINEWS_INDEX``, else ``$XDG_DATA_HOME/thainews/index`` (~/.local/share): see ``settings``."""
    return Settings.from_env().index_dir


def index_exists(index_dir: str | Path) -> bool:
    path = Path(index_dir)
    return path.is_dir() and whoosh_index.exists_in(str(path))


def index_state(index_dir: str | Path) -> str:
    """``missing``, ``unfinished`` (created, never marked done), ``other`` (schema) or ``ready``."""
    path = Path(index_dir)
    if not index_exists(path):
        return "missing"
    meta = _read_json(path / META)
    if meta is None:
        return "unfinished"
    return "ready" if meta.get("schema_version") == SCHEMA_VERSION else "other"


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
    _write_json(path / MANIFEST, {"files": {}})
    write_meta(path)
    return ix


def write_meta(index_dir: str | Path) -> None:
    """Record this version's schema and segmenter as the index's."""
    _write_json(Path(index_dir) / META, {"schema_version": SCHEMA_VERSION, "segmenter": engine_name()})


def open_index(index_dir: str | Path):
    """Open an existing index, refusing one built with an older schema."""
    path = Path(index_dir)
    if not index_exists(path):
        raise IndexMissing(f"no index at {path}: build one with `thainews index`")
    meta = _read_json(path / META)
    if meta is None:
        raise IndexMissing(f"the index at {path} was never finished (its first build was stopped): "
                           "run `thainews index` again")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissing(
            f"the index at {path} was built by another thainews version "
            f"(schema {meta.get('schema_version')}, need {SCHEMA_VERSION}): rebuild it with `thainews index --rebuild`"
        )
    return whoosh_index.open_dir(str(path))


def read_manifest(index_dir: str | Path) -> dict:
    """The manifest of the index's last commit (see the module docstring)."""
    path = Path(index_dir)
    pending = _read_json(path / PENDING)
    if pending is not None and _committed(path, pending):
        return pending
    return _read_json(path / MANIFEST) or {"files": {}}


def write_manifest(index_dir: str | Path, manifest: dict) -> None:
    """Replace manifest.json as it is (no commit involved)."""
    _write_json(Path(index_dir) / MANIFEST, manifest)


def stage_manifest(index_dir: str | Path, manifest: dict, generation: int) -> None:
    """Write the manifest the commit of `generation` will make true, before that commit."""
    _write_json(Path(index_dir) / PENDING, {**manifest, "generation": generation})


def settle_manifest(index_dir: str | Path) -> None:
    """Adopt the pending manifest if its commit happened, else drop it; remove torn TOC files.

    Only with the build lock held: a build in progress stages a manifest
    whose commit has not happened *yet*.
    """
    path = Path(index_dir)
    pending = _read_json(path / PENDING)
    if pending is not None and _committed(path, pending):
        os.replace(path / PENDING, path / MANIFEST)
    else:
        (path / PENDING).unlink(missing_ok=True)
    if path.is_dir():
        for entry in path.iterdir():
            if _TOC_TEMP.match(entry.name) or entry.name.endswith(".json.tmp"):
                entry.unlink(missing_ok=True)


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
    """Did the commit a pending manifest was staged for happen?"""
    generation = pending.get("generation")
    return isinstance(generation, int) and _latest_generation(path) >= generation


def _latest_generation(path: Path) -> int:
    """The index's last committed generation, -1 for none (file names only: no TOC unpickled)."""
    try:
        names = os.listdir(path)
    except OSError:
        return -1
    return max((int(m.group(1)) for m in map(_TOC.match, names) if m), default=-1)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
