"""Whoosh segment writers that analyse each article once and write its substring index.

Whoosh writes a segment through a per-document writer (stored fields,
columns) and a posting pool; both are the codec's, so the substring index
(``textindex``) is written by the per-document writer of the same segment,
in the same process (a build worker writes its own segment's), and is
complete before Whoosh's TOC names the segment. Three ways an article
reaches a segment, none of which segments its text twice:

* ``ArticleWriter.add_document`` (one process, and each parallel worker):
  the article is analysed once (``analysis.analyse``) and every field,
  the substring index included, takes its share;
* a merge (``add_reader``): the article is copied from the old segment's
  substring index, bytes, word bounds and cuts as they are;
* anything else (a plain Whoosh writer given this codec): the stored
  headline and body are analysed when the article is finished.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3PerDocWriter
from whoosh.writing import SegmentWriter

from indexer.facet_table import FACETS
from indexer.settings import SMALL_FLOOR, SMALL_SEGMENTS, SMALL_SHARE

from .analysis import Analyser
from .textcodec import day_number
from .textindex import SegmentText, remove_files
from .textwriter import TextWriter

__all__ = ["ArticlePerDocWriter", "ArticleWriter", "CopiesText", "article_fields", "merge_small"]

# Whoosh fields the substring index reads from each article's stored values (and the
# keyword columns of ``facet_table``).
_READ = ("title", "body", "date", "people")


class ArticlePerDocWriter(W3PerDocWriter):
    """Whoosh's W3 per-document writer, also writing the segment's substring index."""

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._folder = storage.folder
        self._segment_id = segment.segment_id()
        self._columns = FACETS.columns()
        self._read = frozenset((*_READ, *self._columns))
        self.text = TextWriter(self._folder, self._segment_id, self._columns)
        self.analyser = Analyser()  # remembers words' syllables for this segment's articles
        self._stored: dict = {}
        self._analysed = None
        self._source: tuple[SegmentText, Iterator[int]] | None = None
        self._write_text = True

    def analysed(self, result) -> None:
        """The next article's analysis (``analysis.Analysed``), made by the writer."""
        self._analysed = result

    def copying(self, source: SegmentText | None, docnums: Iterator[int] | None = None) -> None:
        """The next articles are `docnums` of `source`, in order (a merge); None ends it."""
        if source is None:
            self._source = None
        else:
            assert docnums is not None, "a merge names the articles it copies"
            self._source = (source, docnums)

    def start_doc(self, docnum: int) -> None:
        super().start_doc(docnum)
        self._stored = {}

    def add_field(self, fieldname, fieldobj, value, length) -> None:
        super().add_field(fieldname, fieldobj, value, length)
        if fieldname in self._read and value is not None:
            self._stored[fieldname] = value

    def add_column_value(self, fieldname, columnobj, value) -> None:
        super().add_column_value(fieldname, columnobj, value)
        if fieldname == "body":  # not a stored field: its column (schema)
            self._stored[fieldname] = value.decode("utf-8")

    def finish_doc(self) -> None:
        # Whoosh's close() calls finish_doc() again after the last article
        if self._indoc:
            self._add_text()
        super().finish_doc()

    def cancel_doc(self) -> None:
        super().cancel_doc()
        self._analysed = None

    def _add_text(self) -> None:
        stored = self._stored
        day = day_number(stored.get("date"))
        values = {column: stored.get(column) for column in self._columns}
        people = stored.get("people") or ()
        if self._source is not None:
            source, docnums = self._source
            self.text.add_copy(source, next(docnums), day, values, people)
            return
        title, body = stored.get("title") or "", stored.get("body") or ""
        result = self._analysed if self._analysed is not None else self.analyser.analyse(title, body)
        self._analysed = None
        self.text.add(title, body, result, day, values, people)

    def skip_text(self) -> None:
        """The segment will not be committed (a cancel, or nothing added): write no substring index."""
        self._write_text = False

    def close(self) -> None:
        super().close()
        if self._write_text:
            self.text.close()
        else:
            remove_files(self._folder, self._segment_id)


# the mixin's base to the type checker: the Whoosh segment writer it is mixed into (untyped)
_SegmentWriter: Any = object


class CopiesText(_SegmentWriter):
    """Mixin for Whoosh segment writers with the ``ThaiCodec``: merges copy the substring
    index (and work: see ``add_postings_to_pool``), and a segment that is not committed
    writes none."""

    def add_reader(self, reader) -> None:
        segment = reader.segment()
        folder = self.storage.folder
        perdoc = self.perdocwriter
        if SegmentText.exists(folder, segment.segment_id()):
            source = SegmentText.open(folder, segment.segment_id())
            perdoc.copying(source, iter(reader.all_doc_ids()))
        try:
            super().add_reader(reader)
        finally:
            perdoc.copying(None)

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:
        # Whoosh's own, but a posting without a value is b"": Whoosh-Reloaded's
        # ListMatcher (inlined postings of value-less formats: IDs, dates)
        # returns "" for it, which its posting pool refuses (every merge of
        # such a segment failed)
        add = self.pool.add
        for fieldname, text, docnum, weight, value in self._process_posts(reader.iter_postings(), startdoc, docmap):
            add((fieldname, text, docnum, weight, b"" if value == "" else value))

    def _close_segment(self) -> None:
        # a flushed segment has closed its per-document writer already; one
        # still open here is cancelled or empty and will not be committed
        if not self.perdocwriter.is_closed:
            self.perdocwriter.skip_text()
        super()._close_segment()


def article_fields(fields: dict, result) -> dict:
    """The Whoosh fields of an article document, given its analysis.

    The headline and body are indexed as the terms of the analysis and
    stored as given; the officials' fields take their lists of strings
    (Whoosh indexes a list as given, no analyzer).
    """
    out = dict(fields)
    out["_stored_title"], out["title"] = fields.get("title") or "", result.title_terms
    out["_stored_body"], out["body"] = fields.get("body") or "", result.body_terms
    extra = {"title_key": result.title_key, "person": result.person_terms, "position": result.position_terms,
             "people": result.people}
    out.update({name: value for name, value in extra.items() if value})
    return out


class ArticleWriter(CopiesText, SegmentWriter):
    """Whoosh's segment writer for article documents (see the module docstring)."""

    def add_document(self, **fields) -> None:
        result = self.perdocwriter.analyser.analyse(fields.get("title") or "", fields.get("body") or "")
        self.perdocwriter.analysed(result)
        super().add_document(**article_fields(fields, result))


def merge_small(writer, segments) -> list:
    """Whoosh merge policy: fold the small segments into the writer's own once there are
    ``SMALL_SEGMENTS`` of them.

    Every update adds a segment, and every segment is searched on its own:
    without merging, an archive updated daily would be read in hundreds of
    pieces. Whoosh's MERGE_SMALL merges only segments of a few documents
    (under the Fibonacci numbers of their rank), so updates of a hundred
    files never merged. The merge copies each article's substring index
    (``CopiesText``); nothing is segmented again.
    """
    from whoosh.reading import SegmentReader

    total = sum(s.doc_count_all() for s in segments)
    limit = max(SMALL_FLOOR, total * SMALL_SHARE)
    small = [s for s in segments if s.doc_count_all() < limit]
    if len(small) < SMALL_SEGMENTS:
        return list(segments)
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s not in small]
