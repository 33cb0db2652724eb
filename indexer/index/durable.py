"""Commits that survive a power cut, and reading the newest whole generation.

A rename is atomic, but after a power cut only what was fsynced is sure to
be there: a file's data written and never fsynced may come back empty or
short (delayed allocation), and a rename not followed by an fsync of its
directory may be undone. So a commit (``DurableCommit``) fsyncs every file
of the new generation, writes a *seal* beside its TOC
(``_MAIN_<gen>.seal``: each file of the generation and its size), fsyncs
the seal, the TOC written under its temporary name and the directory, and
only then renames the TOC into place and fsyncs the directory again. The
previous generation's files are removed only after that (the new commit is
durable by then), so at any moment of a power cut there is a whole
generation: opening the index (``store.open_index``, a ``WholeIndex``)
reads the newest one whose TOC can be read and whose files are all there
at their sealed sizes, with a warning when that is not the newest, and a
build removes the broken newer commit before it writes
(``discard_broken``). The small JSON files beside the index are replaced
the same way (``write_json``). ``bench/fsync_cost.py`` measures what the
fsyncs cost a build.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex

from indexer.errors import IndexMissing

__all__ = ["INDEXNAME", "TOC_FILE", "read_json", "write_json", "fsync_file", "fsync_dir", "latest_generation",
           "whole_generation", "WholeIndex", "DurableCommit", "discard_broken", "clean_generations",
           "generation_files", "clean_leftovers", "remove_torn"]

log = logging.getLogger(__name__)

INDEXNAME = "MAIN"
# Whoosh writes a TOC as `_MAIN_<gen>.toc.<time>` and renames it into place;
# a build killed in between leaves the temporary file, which Whoosh never
# removes (it matches neither its TOC nor its segment file pattern).
_TOC_TEMP = re.compile(r"^_MAIN_\d+\.toc\.[\d.]+$")
# Whoosh's committed TOC files (`_MAIN_<generation>.toc`; the highest is the index).
TOC_FILE = re.compile(r"^_MAIN_(\d+)\.toc$")
# A generation's seal: its files and their sizes, written before its TOC.
_SEAL = re.compile(r"^_MAIN_(\d+)\.seal$")
# A segment's files (Whoosh's and the substring index's): `MAIN_<id>.<ext>`.
_SEGMENT_FILE = re.compile(r"^(MAIN_[0-9a-z]+)\.[A-Za-z0-9_.]+$")


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: dict) -> None:
    """Replace `path` atomically, its data fsynced first (the rename is made durable by the
    next fsync of the directory: a commit's, or the caller's)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False))
        fh.flush()
        _fsync(fh.fileno())
    os.replace(tmp, path)


def latest_generation(path: Path) -> int:
    """The index's last committed generation, -1 for none (file names only: no TOC unpickled)."""
    try:
        names = os.listdir(path)
    except OSError:
        return -1
    return max((int(m.group(1)) for m in map(TOC_FILE.match, names) if m), default=-1)


def _fsync(fd: int) -> None:
    os.fsync(fd)


def fsync_file(path: str | Path) -> None:
    """Flush a file's data and size to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        _fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str | Path) -> None:
    """Make the directory's entries (files created, renamed, removed in it) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _fsync(fd)
    finally:
        os.close(fd)


def _seal_name(generation: int) -> str:
    return f"_{INDEXNAME}_{generation}.seal"


def _toc_name(generation: int) -> str:
    return f"_{INDEXNAME}_{generation}.toc"


def _segment_files(names: Iterable[str], segment_ids: set[str]) -> list[str]:
    out = []
    for name in names:
        m = _SEGMENT_FILE.match(name)
        if m and m.group(1) in segment_ids:
            out.append(name)
    return sorted(out)


class _SyncedRename:
    """A Whoosh storage whose ``rename_file`` fsyncs the file and the directory first, and the
    directory after: how ``TOC.write`` (a temporary file renamed into place) is made durable."""

    def __init__(self, storage):
        self._storage = storage

    def __getattr__(self, name):
        return getattr(self._storage, name)

    def __iter__(self):
        return iter(self._storage)

    def rename_file(self, frm: str, to: str, safe: bool = False) -> None:
        folder = Path(self._storage.folder)
        fsync_file(folder / frm)
        fsync_dir(folder)
        os.replace(folder / frm, folder / to)
        fsync_dir(folder)


class DurableCommit:
    """Mixin for Whoosh writers: a commit that survives a power cut (module docstring).

    Replaces ``SegmentWriter._commit_toc``: the new generation's files are
    fsynced and sealed before its TOC is renamed into place, and the
    generation before it is removed (``clean_generations``) only once the
    rename is durable.
    """

    # set by the Whoosh writer this is mixed into
    storage: Any
    generation: int
    schema: Any
    indexname: str

    def _commit_toc(self, segments) -> None:
        folder = Path(self.storage.folder)
        generation = self.generation
        files = _segment_files(os.listdir(folder), {segment.segment_id() for segment in segments})
        sizes = {}
        for name in files:
            fsync_file(folder / name)
            sizes[name] = os.stat(folder / name).st_size
        seal = folder / _seal_name(generation)
        with open(seal, "w", encoding="utf-8") as fh:
            json.dump({"generation": generation, "files": sizes}, fh)
            fh.flush()
            _fsync(fh.fileno())
        toc = TOC(self.schema, segments, generation)
        toc.write(_SyncedRename(self.storage), self.indexname)  # fsyncs, renames, fsyncs the directory
        clean_generations(folder, generation)


def _sealed(folder: Path, generation: int, names: set[str]) -> bool | None:
    """True when every file the generation's seal lists is there at its size; None without a seal."""
    seal = read_json(folder / _seal_name(generation))
    if seal is None:
        return None if _seal_name(generation) not in names else False
    files = seal.get("files")
    if not isinstance(files, dict):
        return False
    for name, size in files.items():
        try:
            if os.stat(folder / name).st_size != size:
                return False
        except OSError:
            return False
    return True


def _readable(folder: Path, generation: int, names: set[str]) -> bool:
    """The TOC of `generation` can be read, and its segments' files are there (and, if sealed, whole)."""
    sealed = _sealed(folder, generation, names)
    if sealed is False:
        return False
    try:
        toc = TOC.read(FileStorage(str(folder), readonly=True), INDEXNAME, generation)
        segments = toc.segments
    except Exception:  # an empty or torn TOC: EOFError, TypeError (ord), UnpicklingError ...
        return False
    if sealed is None:  # an index written before seals: open its segments to see they are whole
        try:
            storage = FileStorage(str(folder), readonly=True)
            reader = FileIndex._reader(storage, toc.schema, segments, generation)
            reader.close()
        except Exception:  # FileFormatError, EOFError ... of an empty or torn file
            return False
    return True


_whole_cache: dict[str, tuple[tuple, int]] = {}
# a directory changed within this many seconds of a look-up may change again
# within the same mtime tick (coarse on some file systems): it is listed again
_RACY_SECONDS = 2.0


def whole_generation(index_dir: str | Path) -> int:
    """The newest generation that is whole (see the module docstring); -1 for none.

    Looked up once per set of TOC files (a stat of the directory's TOCs each call).
    """
    folder = Path(index_dir)
    try:
        names = set(os.listdir(folder))
    except OSError:
        return -1
    gens = sorted((int(m.group(1)) for m in map(TOC_FILE.match, names) if m), reverse=True)
    key = []
    for gen in gens:
        try:
            st = os.stat(folder / _toc_name(gen))
        except OSError:
            continue
        key.append((gen, st.st_size, st.st_mtime_ns, st.st_ino))
    key_t = tuple(key)
    cached = _whole_cache.get(str(folder))
    if cached is not None and cached[0] == key_t:
        return cached[1]
    whole = -1
    for gen in gens:
        if _readable(folder, gen, names):
            whole = gen
            break
    if gens and whole != gens[0]:
        log.warning("index %s: generation %s is damaged (a power cut?); reading generation %s",
                    folder, gens[0], whole)
    _whole_cache[str(folder)] = (key_t, whole)
    return whole


class WholeIndex(FileIndex):
    """A Whoosh index that reads its newest *whole* generation (module docstring)."""

    _seen: tuple[tuple, int] | None = None  # the directory's stat and the generation found under it

    def latest_generation(self) -> int:
        """``whole_generation``, asked before every search (is the index still current?).

        A commit adds and renames files, which changes the directory's mtime, so
        while the directory's stat is unchanged the answer is too: one stat (a
        microsecond) instead of listing 70 files and stat-ing TOCs (over a
        millisecond on a busy machine), unless the directory changed too recently
        to trust its mtime's tick.
        """
        folder = self.storage.folder
        try:
            st = os.stat(folder)
        except OSError:
            return -1
        key = (st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_size)
        if self._seen is not None and self._seen[0] == key:
            return self._seen[1]
        whole = whole_generation(folder)
        self._seen = (key, whole) if time.time() - st.st_mtime_ns / 1e9 > _RACY_SECONDS else None
        return whole

    def _read_toc(self):
        generation = self.latest_generation()
        if generation < 0:
            raise IndexMissing(f"no whole generation of the index at {self.storage.folder}")
        return TOC.read(self.storage, self.indexname, generation, schema=self._schema)

    def __init__(self, storage, schema=None, indexname=INDEXNAME):
        self.storage = storage
        self._schema = schema
        self.indexname = indexname
        self._read_toc()


def discard_broken(index_dir: str | Path) -> list[int]:
    """Remove commits newer than the newest whole generation (under the build lock); their numbers.

    A build writes after the whole generation; the broken TOC would
    otherwise shadow it for Whoosh's own readers (the build's workers).
    """
    folder = Path(index_dir)
    whole = whole_generation(folder)
    if whole < 0:
        return []
    broken = [gen for gen in (int(m.group(1)) for m in map(TOC_FILE.match, os.listdir(folder)) if m) if gen > whole]
    for gen in broken:
        for name in (_toc_name(gen), _seal_name(gen)):
            (folder / name).unlink(missing_ok=True)
    if broken:
        fsync_dir(folder)
    return broken


def _referenced(folder: Path, generation: int) -> set[str] | None:
    try:
        toc = TOC.read(FileStorage(str(folder), readonly=True), INDEXNAME, generation)
    except Exception:
        return None
    return {segment.segment_id() for segment in toc.segments}


def clean_generations(index_dir: str | Path, generation: int) -> None:
    """Once `generation` is durably committed: remove older TOCs and seals, and every segment
    file it does not name (the generation before, a killed build's partial segments)."""
    folder = Path(index_dir)
    keep_ids = _referenced(folder, generation)
    if keep_ids is None:  # never remove what the index might still need
        return
    for name in os.listdir(folder):
        m_gen, m_seg = TOC_FILE.match(name) or _SEAL.match(name), _SEGMENT_FILE.match(name)
        if (m_gen and int(m_gen.group(1)) < generation) or (m_seg and m_seg.group(1) not in keep_ids):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def generation_files(index_dir: str | Path) -> list[str]:
    """The files the index's whole generation reads: its segments', its TOC and seal."""
    folder = Path(index_dir)
    generation = whole_generation(folder)
    ids = _referenced(folder, generation) or set() if generation >= 0 else set()
    names = os.listdir(folder)
    return sorted(_segment_files(names, ids) + [n for n in (_toc_name(generation), _seal_name(generation))
                                                 if n in names])


def clean_leftovers(index_dir: str | Path) -> None:
    """Remove what a failed or killed build left (under the build lock): partial segments, the
    writer's temporary directory, torn TOCs, staged JSON. Kept generations stay."""
    import shutil

    folder = Path(index_dir)
    if not folder.is_dir():
        return
    generation = whole_generation(folder)
    if generation >= 0:
        clean_generations(folder, generation)
    shutil.rmtree(folder / f"{INDEXNAME}.tmp", ignore_errors=True)
    remove_torn(folder)


def remove_torn(index_dir: str | Path) -> None:
    """Remove the files a killed write leaves under temporary names: a TOC Whoosh never
    renamed into place, a JSON file never renamed (``write_json``)."""
    folder = Path(index_dir)
    if folder.is_dir():
        for entry in folder.iterdir():
            if _TOC_TEMP.match(entry.name) or entry.name.endswith(".json.tmp"):
                entry.unlink(missing_ok=True)
