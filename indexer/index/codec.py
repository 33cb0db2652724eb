"""How an article's words become Whoosh postings, and how they are written.

Whoosh is pure Python, so its cost per token and per term is the price of a
build (profiled on the thaigov sample: Whoosh's token pipeline and commit
took about 60% of a single-process build, segmentation about 15%). These
changes keep Whoosh's on-disk format while cutting that cost; none is
offered by Whoosh as an option, hence the subclasses (the headline and body
fields skip Whoosh's token pipeline too: ``fields.ThaiText``):

- ``ThaiCodec``: Whoosh's W3 codec with rare terms' postings stored in the
  term table ("inlined", a W3 feature whose writer is broken in Whoosh
  2.7: it calls a method that does not exist, so only the default of no
  inlining works) and field lengths read once per field instead of once per
  posting. Most terms of a news corpus occur in a handful of articles; each
  one used to cost a pickled, compressed posting block of its own.

A third change is to the posting pool (``use_chunked_pool``, below). The
codec's per-document writer also writes each segment's substring index
(``writer.ArticlePerDocWriter``). Reading, a segment's columns are
memory-mapped (``_MappedFile``): a result line reads its id, URL and source
from them, each read a seek and a read system call through Whoosh's files.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pickle import HIGHEST_PROTOCOL, dump, load

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool

from indexer.settings import INLINE_LIMIT, RUN_CHUNK

from .writer import ArticlePerDocWriter

__all__ = ["ThaiCodec", "INLINE_LIMIT", "use_chunked_pool"]


class _InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class _Lengths:
    """A segment's field lengths, each field's column read once into a list."""

    def __init__(self, reader):
        self._reader = reader
        self._columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._columns.get(fieldname)
        if column is None:
            raw = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            column = [byte_to_length(b) for b in raw] if raw is not None else []
            self._columns[fieldname] = column
        return column[docnum] if docnum < len(column) else default


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        if hasattr(lengths, "_cached_reader"):  # a W3 per-document reader
            lengths = _Lengths(lengths)
        return super().add_postings(schema, lengths, items)


class _MappedFile(BufferFile):
    """A file read from memory, mapped (Whoosh's ``BufferFile`` copies its buffer into a
    ``BytesIO``; here the map is also the file object ``StructFile`` reads and seeks)."""

    def __init__(self, path: str, name: str):
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            self._buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._name = name
        self.file = self._buf if size else None
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def close(self) -> None:
        if not self.is_closed and isinstance(self._buf, mmap.mmap):
            self._buf.close()
        self.is_closed = True


class _MappedColumnsReader(W3PerDocReader):
    """W3's per-document reader with each column file memory-mapped."""

    def _get_column_file(self, fieldname):
        filename = W3Codec.column_filename(self._segment, fieldname)
        folder = getattr(self._storage, "folder", None)
        if folder is None:  # not a plain directory of files: Whoosh's own way
            return super()._get_column_file(fieldname)
        colfile = _MappedFile(os.path.join(folder, filename), filename)
        return colfile, 0, len(colfile._buf)


class ThaiCodec(W3Codec):
    """Whoosh's W3 codec, writing rare terms inline, lengths from memory, and
    each segment's substring index.

    Reading is W3's own (inlined postings are part of its format), so an
    index written with it opens with any W3 reader.
    """

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return _InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                       compression=self._compression, inlinelimit=self._inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def per_document_writer(self, storage, segment):
        return ArticlePerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _MappedColumnsReader(storage, segment)


class ChunkedPostingPool(PostingPool):
    """Whoosh's posting pool, spilling its sorted runs a chunk per pickle.

    A writer keeps its postings in memory up to `limitmb`, then sorts them
    and spills them to a temporary run, to be merged back when the segment
    is written. Whoosh pickles and unpickles each posting with its own call:
    for a segment of 12,000 articles (a build worker's share of a large
    archive holds 45,000) that was a fifth of the build's time, and none
    for a small one, which never spills (profiled, one process).
    """

    def _write_run(self, f, items: Iterable) -> None:
        # a sorted batch, or runs being merged into one
        items = iter(items)
        while chunk := list(islice(items, RUN_CHUNK)):
            dump(chunk, f, HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


def use_chunked_pool(writer) -> None:
    """Give a Whoosh segment writer that has not added anything yet a
    :class:`ChunkedPostingPool` of the same size. (Whoosh's SegmentWriter
    takes a ``poolclass`` argument but ignores it.)"""
    pool = writer.pool
    if type(pool) is PostingPool and not pool.current and not pool.runs:
        writer.pool = ChunkedPostingPool(writer._tempstorage, writer.newsegment,
                                         limitmb=pool.limit // (1024 * 1024))
