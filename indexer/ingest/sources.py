"""Walk a source (directory, file, .zip, .tar.gz) and yield its files' bytes.

Archives are read in place, member by member: a 900 MB corpus never has to
be unpacked to disk, and a damaged member is one error, not a lost build.
Nothing is ever extracted, so a member named ``../../etc/passwd`` could not
escape anyway; such members, links and nested archives are still reported
and skipped, because no news export makes them. Size limits (below) keep a
decompression bomb from filling memory or running for hours.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from indexer.errors import ThainewsError
from indexer.settings import EXPANSION_FLOOR, MAX_EXPANSION, MAX_FILE_BYTES

__all__ = ["SourceFile", "iter_source", "is_archive", "ARTICLE_SUFFIXES",
           "MAX_FILE_BYTES", "MAX_EXPANSION", "ArchiveBomb"]

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv")
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


class ArchiveBomb(ThainewsError, ValueError):
    """An archive expands far past what text compresses to: refused."""

    status = 422
    default_code = "archive_bomb"


@dataclass
class SourceFile:
    """One file of a source. ``data`` is None when it could not be read."""

    path: str
    data: bytes | None
    error: str | None = None
    # Set for members that are deliberately not read (links, nested
    # archives, unsafe names): reported as skipped, not as failures.
    skip: bool = False

    def __post_init__(self) -> None:
        # a name that is not UTF-8 (a directory entry, a tar member) comes as
        # lone surrogates, which no manifest, report or index can store:
        # its bad bytes are written as \xNN instead, each name still its own
        if any("\ud800" <= c <= "\udfff" for c in self.path):
            self.path = self.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

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


def iter_source(source: str | Path, pick: Callable[[], bool] | None = None) -> Iterator[SourceFile]:
    """Yield every file of `source` in a stable (sorted) order.

    Paths are reported relative to the source, prefixed by its own name
    (``corpus/000_seed.txt``, ``dailynews-2017.tar.gz/politics/1.json``), so
    ids built from them do not depend on where the corpus lives on disk.
    Hidden files are left out. Suffix filtering is the reader's job.

    `pick`, asked just before a file's bytes would be read, says whether to
    read them: when it says no, the file is yielded unread (``data`` None,
    ``skip``), in its place. A task of a sharded build reads only its own
    share of the files this way (``index.shardplan``); every record still
    comes, so every task counts the same sequence.
    """
    root = Path(source)
    if not root.exists():
        raise FileNotFoundError(f"source not found: {root}")
    if root.is_dir():
        real_root = root.resolve()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if not _wanted(rel):
                continue
            name = f"{root.name}/{rel}"
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                yield SourceFile(name, None, "symbolic link pointing outside the source: not followed", skip=True)
                continue
            if is_archive(path):
                yield from _iter_archive(path, name, pick)
                continue
            yield _read_path(path, name, pick)
    elif is_archive(root):
        yield from _iter_archive(root, root.name, pick)
    else:
        yield _read_path(root, root.name, pick)


def _unread(name: str) -> SourceFile:
    """A file left to another task (``iter_source``'s `pick`)."""
    return SourceFile(name, None, skip=True)


def _too_large(size: int) -> str:
    return f"too large: {size / 2**20:.0f} MB (the limit is {MAX_FILE_BYTES // 2**20} MB a file)"


def _read_path(path: Path, name: str, pick: Callable[[], bool] | None = None) -> SourceFile:
    if pick is not None and not pick():
        return _unread(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SourceFile(name, None, _too_large(size))
        return SourceFile(name, path.read_bytes())
    except OSError as exc:
        return SourceFile(name, None, f"cannot read: {exc.strerror or exc}")


def _unsafe(member: str) -> str | None:
    """Why an archive member's name is not a plain relative path, or None."""
    if member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return "absolute path in archive: not read"
    if ".." in member.replace("\\", "/").split("/"):
        return "'..' in archive member path: not read"
    return None


def _unsafe_member(prefix: str, member: str) -> SourceFile | None:
    """A skip record for a member whose name leaves the archive, else None.

    Checked before the hidden-file rule, which would drop ``../x`` silently.
    """
    reason = _unsafe(member)
    return SourceFile(f"{prefix}/{member.lstrip('/')}", None, reason, skip=True) if reason else None


def _nested_archive(prefix: str, member: str) -> SourceFile | None:
    """A skip record for an archive inside an archive, else None."""
    name = f"{prefix}/{member.lstrip('/')}"
    if is_archive(Path(member)):
        return SourceFile(name, None, "archive inside an archive: not read (unpack it, or give it as a source)",
                          skip=True)
    return None


def _iter_archive(path: Path, prefix: str, pick: Callable[[], bool] | None = None) -> Iterator[SourceFile]:
    try:
        if path.name.lower().endswith(".zip"):
            yield from _iter_zip(path, prefix, pick)
        else:
            yield from _iter_tar(path, prefix, pick)
    except ArchiveBomb as exc:
        yield SourceFile(prefix, None, f"refused: {exc}")
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError) as exc:
        yield SourceFile(prefix, None, f"damaged archive: {exc}")


def _iter_zip(path: Path, prefix: str, pick: Callable[[], bool] | None) -> Iterator[SourceFile]:
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        expanded = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if expanded > EXPANSION_FLOOR and expanded > MAX_EXPANSION * max(packed, 1):
            raise ArchiveBomb(f"expands to {expanded / 2**20:.0f} MB from {packed / 2**20:.1f} MB "
                              f"(more than {MAX_EXPANSION}x): a decompression bomb, not a news archive")
        for info in sorted(infos, key=lambda i: i.filename):
            skipped = _unsafe_member(prefix, info.filename)
            if not skipped and not _wanted(info.filename):
                continue
            name = f"{prefix}/{info.filename}"
            skipped = skipped or _nested_archive(prefix, info.filename)
            if skipped:
                yield skipped
                continue
            # zipfile never returns more than the declared size, so checking
            # the declared sizes bounds what a read can cost
            if info.file_size > MAX_FILE_BYTES:
                yield SourceFile(name, None, _too_large(info.file_size))
                continue
            if info.file_size > 2**20 and info.file_size > MAX_EXPANSION * max(info.compress_size, 1):
                yield SourceFile(name, None, f"refused: expands more than {MAX_EXPANSION}x "
                                             "(a decompression bomb, not text)")
                continue
            if pick is not None and not pick():
                yield _unread(name)
                continue
            try:
                yield SourceFile(name, zf.read(info))
            # A corrupted deflate or xz stream raises zlib.error or LZMAError,
            # which are not OSErrors: they must stay one member's error.
            except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, zlib.error, lzma.LZMAError) as exc:
                yield SourceFile(name, None, f"cannot read archive member: {exc}")


class _CountingReader:
    """A read-only stream that counts the bytes read through it.

    It also stops a decompression bomb: past `limit` bytes it raises
    instead of decompressing on (tarfile skips a refused member's data by
    reading it, so the check has to sit under tarfile).
    """

    def __init__(self, fh: IO[bytes], limit: int | None = None) -> None:
        self.fh = fh
        self.count = 0
        self.limit = limit

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.count += len(data)
        if self.limit is not None and self.count > self.limit:
            raise ArchiveBomb(f"expands past {self.limit / 2**20:.0f} MB, more than {MAX_EXPANSION}x its "
                              "size on disk: a decompression bomb, not a news archive")
        return data


def _open_decompressed(path: Path) -> IO[bytes]:
    """The tar bytes of `path`, through gzip/bz2/xz when its magic says so.

    These modules, unlike tarfile's own stream, check the end-of-stream
    marker and the checksum, so a truncated .tar.gz raises EOFError.
    """
    with open(path, "rb") as fh:
        magic = fh.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    if magic.startswith(b"BZh"):
        return cast(IO[bytes], bz2.open(path, "rb"))
    if magic.startswith(b"\xfd7zXZ\x00"):
        return cast(IO[bytes], lzma.open(path, "rb"))
    return open(path, "rb")


def _iter_tar(path: Path, prefix: str, pick: Callable[[], bool] | None) -> Iterator[SourceFile]:
    # Streaming mode ("r|") reads a .tar.gz front to back once, without the
    # random access that would decompress it again for every member. Members
    # come in archive order, which is the order the archive was made in.
    packed = path.stat().st_size
    with _open_decompressed(path) as raw:
        stream = _CountingReader(raw, limit=max(EXPANSION_FLOOR, MAX_EXPANSION * packed))
        with tarfile.open(fileobj=cast(IO[bytes], stream), mode="r|") as tf:
            for member in tf:
                skipped = _unsafe_member(prefix, member.name)
                if not skipped and (member.isdir() or not _wanted(member.name)):
                    continue
                name = f"{prefix}/{member.name.lstrip('./')}"
                skipped = skipped or _nested_archive(prefix, member.name)
                if skipped:
                    yield skipped
                    continue
                if member.issym() or member.islnk():
                    yield SourceFile(name, None, f"link in archive (to {member.linkname!r}): not followed", skip=True)
                    continue
                if not member.isfile():
                    yield SourceFile(name, None, "not a regular file (device or pipe): not read", skip=True)
                    continue
                if member.size > MAX_FILE_BYTES:
                    yield SourceFile(name, None, _too_large(member.size))
                    continue
                if pick is not None and not pick():
                    yield _unread(name)  # (the stream passes over its bytes undecoded)
                    continue
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
