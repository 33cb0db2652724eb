"""Walk a source (directory, file, .zip, .tar.gz) and yield its files' bytes.

Archives are read in place, member by member: a 900 MB corpus never has to
be unpacked to disk, and a damaged member is one error, not a lost build.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["SourceFile", "iter_source", "is_archive", "ARTICLE_SUFFIXES"]

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv")
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


@dataclass
class SourceFile:
    """One file of a source. ``data`` is None when it could not be read."""

    path: str
    data: bytes | None
    error: str | None = None

    @property
    def suffix(self) -> str:
        name = self.path.rsplit("/", 1)[-1].lower()
        return name[name.rfind("."):] if "." in name else ""


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(_TAR_SUFFIXES) or name.endswith(".zip")


def _wanted(name: str) -> bool:
    """False for hidden files and files under hidden folders (``.git/``, ``__MACOSX/._a.txt``).

    A ``.`` segment is not a hidden folder: ``tar -czf news.tar.gz .`` names
    every member ``./...``, and all of them must still be read.
    """
    parts = [part for part in name.split("/") if part and part != "."]
    return bool(parts) and not any(part.startswith(".") for part in parts)


def iter_source(source: str | Path) -> Iterator[SourceFile]:
    """Yield every file of `source` in a stable (sorted) order.

    Paths are reported relative to the source, prefixed by its own name
    (``corpus/000_seed.txt``, ``dailynews-2017.tar.gz/politics/1.json``), so
    ids built from them do not depend on where the corpus lives on disk.
    Hidden files are left out. Suffix filtering is the reader's job.
    """
    root = Path(source)
    if not root.exists():
        raise FileNotFoundError(f"source not found: {root}")
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if not _wanted(rel):
                continue
            name = f"{root.name}/{rel}"
            if is_archive(path):
                yield from _iter_archive(path, prefix=name)
                continue
            try:
                yield SourceFile(name, path.read_bytes())
            except OSError as exc:
                yield SourceFile(name, None, f"cannot read: {exc.strerror or exc}")
    elif is_archive(root):
        yield from _iter_archive(root, prefix=root.name)
    else:
        try:
            yield SourceFile(root.name, root.read_bytes())
        except OSError as exc:
            yield SourceFile(root.name, None, f"cannot read: {exc.strerror or exc}")


def _iter_archive(path: Path, prefix: str) -> Iterator[SourceFile]:
    try:
        if path.name.lower().endswith(".zip"):
            yield from _iter_zip(path, prefix)
        else:
            yield from _iter_tar(path, prefix)
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError) as exc:
        yield SourceFile(prefix, None, f"damaged archive: {exc}")


def _iter_zip(path: Path, prefix: str) -> Iterator[SourceFile]:
    with zipfile.ZipFile(path) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir() or not _wanted(info.filename):
                continue
            name = f"{prefix}/{info.filename}"
            try:
                yield SourceFile(name, zf.read(info))
            # A corrupted deflate or xz stream raises zlib.error or LZMAError,
            # which are not OSErrors: they must stay one member's error.
            except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, zlib.error, lzma.LZMAError) as exc:
                yield SourceFile(name, None, f"cannot read archive member: {exc}")


class _CountingReader:
    """A read-only stream that counts the bytes read through it."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.count += len(data)
        return data


def _open_decompressed(path: Path) -> BinaryIO:
    """The tar bytes of `path`, through gzip/bz2/xz when its magic says so.

    These modules, unlike tarfile's own stream, check the end-of-stream
    marker and the checksum, so a truncated .tar.gz raises EOFError.
    """
    with open(path, "rb") as fh:
        magic = fh.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.open(path, "rb")
    if magic.startswith(b"BZh"):
        return bz2.open(path, "rb")
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.open(path, "rb")
    return open(path, "rb")


def _iter_tar(path: Path, prefix: str) -> Iterator[SourceFile]:
    # Streaming mode ("r|") reads a .tar.gz front to back once, without the
    # random access that would decompress it again for every member. Members
    # come in archive order, which is the order the archive was made in.
    with _open_decompressed(path) as raw:
        stream = _CountingReader(raw)
        with tarfile.open(fileobj=stream, mode="r|") as tf:
            for member in tf:
                if not member.isfile() or not _wanted(member.name):
                    continue
                name = f"{prefix}/{member.name.lstrip('./')}"
                try:
                    fh = tf.extractfile(member)
                    yield SourceFile(name, fh.read() if fh else b"")
                except (OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as exc:
                    yield SourceFile(name, None, f"cannot read archive member: {exc}")
            # tarfile takes an archive cut right after a member for a complete
            # one and silently drops the members that were lost. Read to the
            # end (the decompressor checks its trailer) and require the
            # end-of-archive block that every tar writer puts after the last
            # member: tf.offset is where tarfile looked for the next header.
            while stream.read(1 << 20):
                pass
            if stream.count < tf.offset + tarfile.BLOCKSIZE:
                raise tarfile.ReadError("archive ends early, without its end-of-archive block")
