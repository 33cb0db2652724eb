"""One generation of the index as the matching layer reads it: segments, articles, names.

An :class:`IndexView` is made for one Whoosh searcher (one committed
generation) and lives as long as it: the substring index of each segment
(memory-mapped), which of its articles are live, their per-article columns
(publish day, the facets' keyword columns, length norms for ranking), and the officials'
names the index knows (for name variants and for splitting a unit into
words). Global article numbers are Whoosh's: a segment's base plus the
article's number in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer.facet_table import FACETS
from indexer.index.textindex import (
    BODY_LEN,
    DAY,
    PEOPLE_HI,
    PEOPLE_LO,
    TITLE_LEN,
    SegmentText,
)
from indexer.settings import FEW_ARTICLES
from indexer.thai.names import canonical_names
from indexer.thai.segment import is_word

from .kept import CommonForms, runs
from .ranking import idf, length_factors
from .shared import LOCAL, ArchiveStats, Shared

__all__ = ["SegmentView", "IndexView", "NameBook", "PeopleTable"]


@dataclass
class SegmentView:
    """A segment's substring index with its place in the index and its live articles."""

    text: SegmentText
    reader: Any  # Whoosh's reader of the segment (stored fields, officials' fields)
    base: int
    alive: np.ndarray  # bool per article: not deleted
    days: np.ndarray  # int32 days since 1970-01-01, ``textcodec.NO_DAY`` when undated
    # per keyword column (``facet_table``): int32 code into ``text.columns[column]``, -1 for none
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    # float32, two per article: the BM25F factor of an occurrence in its
    # headline, then in its body (``ranking.length_factors``)
    field_factors: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    common: CommonForms = field(default_factory=CommonForms, repr=False)

    _columns: dict = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.alive)

    def column(self, name: str):
        """Whoosh's reader of one of the segment's columns (``body``, ``id``, ``url``,
        ``source``), made once: making one reads every article's offset."""
        if name not in self._columns:
            self._columns[name] = self.reader.column_reader(name)
        return self._columns[name]

    def body(self, docnum: int) -> str:
        """An article's body as Whoosh keeps it (its ``body`` column)."""
        return self.column("body")[docnum] or ""

    def values(self, column: str) -> list[str]:
        """The values a keyword column's codes stand for in this segment."""
        return self.text.columns.get(column, [])

    def value_codes(self, column: str, values) -> list[int]:
        """This segment's codes of the given values of a keyword column (absent ones left out)."""
        index = {value: code for code, value in enumerate(self.values(column))}
        return [index[v] for v in values if v in index]


class IndexView:
    """Every segment of one Whoosh searcher, ready for matching (see the module docstring)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.segments: list[SegmentView] = []
        for reader, base in searcher.reader().leaf_readers():
            segment = reader.segment()
            # the segment's own folder: a sharded index's segments are in several (``index.shards``)
            text = SegmentText.open(reader.storage().folder, segment.segment_id())
            docs = text.docs
            alive = np.ones(len(docs), dtype=bool)
            if segment.has_deletions():
                gone = np.fromiter(segment.deleted_docs(), dtype=np.int64)
                alive[gone[gone < len(alive)]] = False
            self.segments.append(SegmentView(text, reader, base, alive, docs[:, DAY].astype(np.int32),
                                             {column: text.codes(column) for column in FACETS.columns()}))
        self.doc_count = int(sum(s.alive.sum() for s in self.segments))
        self._norms()
        self.names = NameBook(name for s in self.segments for name in s.text.people)
        self.people = PeopleTable(self.segments)
        self._ranks: list[np.ndarray] | None = None
        self._ids_in_order = np.zeros(0, dtype=object)  # every article's id, in the ids' order (``id_ranks``)
        # the figures an evaluation decides by: this view's own, or a sharded archive's (``shared``)
        self.shared: Shared = LOCAL
        self.archive: ArchiveStats | None = None

    def own_stats(self) -> ArchiveStats:
        """This view's figures of ``shared.ArchiveStats`` (one shard's part of the archive's)."""
        live = [(s.text.docs[s.alive, TITLE_LEN], s.text.docs[s.alive, BODY_LEN]) for s in self.segments]
        spelled = self.people.spelled_counts()
        return ArchiveStats(self.doc_count, sum(float(t.sum()) for t, _ in live),
                            sum(float(b.sum()) for _, b in live), spelled)

    def adopt(self, archive: ArchiveStats) -> None:
        """Rank and read names by the whole archive's figures (a shard of a sharded archive,
        ``search.router``): its article count, average lengths, officials and their spellings."""
        self.archive = archive
        self.doc_count = archive.doc_count
        self._norms(archive.title_len, archive.body_len)
        self.names = NameBook(archive.spelled)
        self.people = PeopleTable(self.segments, archive.spelled)

    def id_ranks(self) -> list[np.ndarray]:
        """Per segment, each article's place in the order of every article's id: what breaks
        a tie between equal keys (``evaluate``), so that the order of articles ranked alike
        is their ids', whatever segment or shard holds them (``index.shards``), as it
        would be in one index. Made on first use (a read of every id: 50 ms at 28,000
        articles). Of `.../570002` and `.../570010`, ranked alike, `.../570002` comes first."""
        if self._ranks is None:
            ids = np.array([seg.column("id")[d] or "" for seg in self.segments for d in range(seg.size)],
                           dtype=object)
            order = np.argsort(ids, kind="stable")
            ranks = np.empty(len(ids), dtype=np.int64)
            ranks[order] = np.arange(len(ids))
            bounds = np.cumsum([0] + [seg.size for seg in self.segments])
            self._ranks = [ranks[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]
            self._ids_in_order = ids[order]
        return self._ranks

    def ids_of(self, docnums) -> np.ndarray:
        """The ids of global article numbers, as an object array: read from the ids kept in
        order with ``id_ranks`` (a shard gives its candidates' ids as ties; read one by one
        from Whoosh's column they were a seventh of a shard's match)."""
        ranks = self.ranks_of(docnums)  # made with the ids kept in order (``id_ranks``)
        return self._ids_in_order[ranks]

    def ranks_of(self, docnums) -> np.ndarray:
        """The id ranks (``id_ranks``) of global article numbers."""
        return self.values_at(self.id_ranks(), docnums)

    def values_at(self, per_segment: list[np.ndarray], docnums) -> np.ndarray:
        """The values at global article numbers of an array per segment (one value per
        article of each segment): a day, an id rank, a mask of the matches."""
        docnums = np.asarray(docnums, dtype=np.int64)
        out = np.empty(len(docnums), dtype=per_segment[0].dtype if per_segment else np.int64)
        for seg, values in zip(self.segments, per_segment):
            inside = (docnums >= seg.base) & (docnums < seg.base + seg.size)
            out[inside] = values[docnums[inside] - seg.base]
        return out

    def _norms(self, title_len: float | None = None, body_len: float | None = None) -> None:
        """BM25 length factors, against the average headline and body length of live articles
        (of the whole archive, when its lengths are given)."""
        live = [(s.text.docs[s.alive, TITLE_LEN], s.text.docs[s.alive, BODY_LEN]) for s in self.segments]
        count = max(1, self.doc_count)
        title_len = sum(float(t.sum()) for t, _ in live) if title_len is None else title_len
        body_len = sum(float(b.sum()) for _, b in live) if body_len is None else body_len
        avg_title = max(1.0, title_len / count)
        avg_body = max(1.0, body_len / count)
        for s in self.segments:
            s.field_factors = length_factors(s.text.docs[:, TITLE_LEN], s.text.docs[:, BODY_LEN], avg_title, avg_body)

    def is_known(self, text: str) -> bool:
        """Is `text` a word a reader knows: a dictionary word, or an official's name (or part
        of one) the index holds?"""
        return is_word(text) or self.names.knows(text)

    def is_dictionary_word(self, text: str) -> bool:
        """Is `text` a word of the dictionary (did-you-mean never respells one: `อนุทิน`)?"""
        return is_word(text)

    def idf(self, df: int) -> float:
        """BM25's inverse document frequency of something `df` live articles hold."""
        return idf(df, self.doc_count)

    def days_of(self, docnums) -> np.ndarray:
        """The publish days (``textcodec.NO_DAY`` when undated) of global article numbers."""
        return self.values_at([seg.days for seg in self.segments], docnums).astype(np.int32, copy=False)

    def locate(self, docnum: int) -> tuple[SegmentView, int]:
        """The segment of a global article number, and the number inside it."""
        at, local = self.position(docnum)
        return self.segments[at], local

    def position(self, docnum: int) -> tuple[int, int]:
        """The place in ``segments`` of a global article number's segment, and the number inside it."""
        for at in range(len(self.segments) - 1, -1, -1):
            if docnum >= self.segments[at].base:
                return at, docnum - self.segments[at].base
        raise IndexError(docnum)


class PeopleTable:
    """Every official named in the index, once, and the articles and positions they are
    named with, from each segment's officials table (``textindex``: mentions and
    roles), numbered for the whole index: counts and dates are numpy over a few
    hundred thousand rows, whatever the official.

    A person written several ways is one official under the spelling news uses
    most (``thai.names``): the other spellings' articles and positions count
    for it, and ``also_written`` lists them.
    """

    def __init__(self, segments: list[SegmentView], spelled_in_archive: dict[str, int] | None = None):
        # a shard's table knows every name of its archive, and spells a person as the archive does
        names: dict[str, int] = {n: i for i, n in enumerate(spelled_in_archive or ())}
        positions: dict[str, int] = {}
        self._segments = segments
        raw_mentions, raw_roles = [], []
        for seg in segments:
            text = seg.text
            to_name = np.array([names.setdefault(n, len(names)) for n in text.people], dtype=np.int64)
            to_position = np.array([positions.setdefault(p, len(positions)) for p in text.positions],
                                   dtype=np.int64)
            sizes = text.docs[:, PEOPLE_HI] - text.docs[:, PEOPLE_LO]
            articles = np.repeat(np.arange(len(text.docs)), sizes)
            live = seg.alive[articles]
            raw_mentions.append((articles[live], to_name[text.mentions[live]]))
            roles = text.roles.astype(np.int64)
            roles = roles[seg.alive[roles[:, 0]]] if len(roles) else roles.reshape(-1, 3)
            raw_roles.append(np.column_stack([roles[:, 0], to_name[roles[:, 1]], to_position[roles[:, 2]]])
                             if len(roles) else roles)
        self.names = list(names)
        self._by_name: np.ndarray | None = None  # each name's place in alphabetical order, made when first needed
        self.positions = list(positions)
        self._index = names
        spelled = np.zeros(len(self.names), dtype=np.int64)  # articles per spelling
        for _, officials in raw_mentions:
            spelled += np.bincount(officials, minlength=len(self.names))
        self._spelled = spelled
        if spelled_in_archive is not None:
            spelled = np.array([spelled_in_archive[n] for n in self.names], dtype=np.int64)
        self._usual = np.arange(len(self.names))  # each spelling's official: its person's usual spelling
        self.also_written: dict[str, list[tuple[str, int]]] = {}
        for variant, usual in canonical_names(dict(zip(self.names, spelled.tolist()))).items():
            self._usual[names[variant]] = names[usual]
            self.also_written.setdefault(usual, []).append((variant, int(spelled[names[variant]])))
        for written in self.also_written.values():
            written.sort(key=lambda v: (-v[1], v[0]))
        self._mentions = []  # per segment: (article of each mention, official of each mention), live only
        self._first_mention = []  # per segment: per article, its first row of mentions (and one past the end)
        for seg, (articles, officials) in zip(segments, raw_mentions):
            # an article naming two spellings of one person names that official once
            pairs = np.unique(articles * len(self.names) + self._usual[officials])
            articles, officials = pairs // max(1, len(self.names)), pairs % max(1, len(self.names))
            self._mentions.append((articles, officials))
            self._first_mention.append(np.searchsorted(articles, np.arange(seg.size + 1)))
        self._roles = [np.column_stack([r[:, 0], self._usual[r[:, 1]], r[:, 2]]) if len(r) else r for r in raw_roles]
        self.articles_per_name = np.zeros(len(self.names), dtype=np.int64)
        for _, officials in self._mentions:
            self.articles_per_name += np.bincount(officials, minlength=len(self.names))

    def spelled_counts(self) -> dict[str, int]:
        """Articles per spelling of every name the table holds (0 for a name only deleted
        articles wrote), in this table's articles alone."""
        return dict(zip(self.names, self._spelled.tolist()))

    def code(self, name: str) -> int | None:
        """The official `name` is (a spelling of), or None."""
        code = self._index.get(name)
        return None if code is None else int(self._usual[code])

    def usual(self, name: str) -> str:
        """The spelling `name`'s official is shown under (`name` itself, or when unknown)."""
        code = self.code(name)
        return name if code is None else self.names[code]

    def spellings(self, name: str) -> list[str]:
        """Every spelling of the official `name` is (a spelling of), the usual one first."""
        usual = self.usual(name)
        return [usual, *(v for v, _ in self.also_written.get(usual, ()))]

    def count(self, masks: list[np.ndarray]) -> np.ndarray:
        """Per name (``names``), how many of the articles in `masks` (one per segment) name that official.

        A segment's mentions run in article order, so when few articles match
        only their rows are read (a range each), not a pass over every mention.
        """
        counts = np.zeros(len(self.names), dtype=np.int64)
        for mask, (articles, officials), first in zip(masks, self._mentions, self._first_mention):
            docs = np.flatnonzero(mask)
            if len(docs) * FEW_ARTICLES < len(mask):
                counts += np.bincount(officials[runs(first, docs)], minlength=len(self.names))
            else:
                counts += np.bincount(officials[mask[articles]], minlength=len(self.names))
        return counts

    def top(self, counts: np.ndarray, limit: int) -> list[tuple[str, int]]:
        """The `limit` most counted names (``most_counted``)."""
        if self._by_name is None:
            self._by_name = np.argsort(np.argsort(np.array(self.names, dtype=object), kind="stable"))
        return most_counted(self.names, counts, limit, self._by_name)

    def articles_of(self, name: str) -> np.ndarray:
        """Global numbers of the live articles naming `name`, in order."""
        code = self.code(name)
        if code is None:
            return np.zeros(0, dtype=np.int64)
        parts = [seg.base + articles[officials == code] for seg, (articles, officials) in
                 zip(self._segments, self._mentions)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def roles_of(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The articles (global numbers) that name `name` with a position, and that
        position's code (into ``positions``), a row per (article, position)."""
        code = self.code(name)
        docs, codes = [], []
        for seg, roles in zip(self._segments, self._roles):
            if code is not None and len(roles):
                rows = roles[roles[:, 1] == code]
                docs.append(seg.base + rows[:, 0])
                codes.append(rows[:, 2])
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(docs), np.concatenate(codes)

    def all_positions(self) -> dict[str, set[str]]:
        """Every official with the positions they are named with (a name with none: an empty set)."""
        out: dict[str, set[str]] = {name: set() for name, count in zip(self.names, self.articles_per_name) if count}
        for roles in self._roles:
            if len(roles):
                for official, position in np.unique(roles[:, 1:], axis=0).tolist():
                    out.setdefault(self.names[official], set()).add(self.positions[position])
        return out


def most_counted(names: list[str], counts: np.ndarray, limit: int,
                 by_name: np.ndarray | None = None) -> list[tuple[str, int]]:
    """The `limit` most counted of `names` (`counts` by their place), with their counts,
    ties by name whatever the order the build numbered them in (`by_name`: each name's
    place in alphabetical order, else the tied names are sorted)."""
    found = np.flatnonzero(counts)
    if len(found) > limit:
        kth = np.partition(counts[found], len(found) - limit)[len(found) - limit]  # the limit-th largest
        above, tied = found[counts[found] > kth], found[counts[found] == kth]
        need = limit - len(above)  # 1 or more: the limit-th largest is tied
        if len(tied) > need:
            tied = (tied[np.argpartition(by_name[tied], need - 1)[:need]] if by_name is not None
                    else np.array(sorted(tied.tolist(), key=names.__getitem__)[:need], dtype=np.int64))
        found = np.concatenate([above, tied])
    order = sorted(found.tolist(), key=lambda i: (-counts[i], names[i]))
    return [(names[i], int(counts[i])) for i in order]


class NameBook:
    """Officials' names the index holds: whole names, and the words they are made of.

    A unit typed without the space of a name (`กลินท์สารสิน`) also looks for
    the name as articles write it (`กลินท์ สารสิน`); a unit that must be split
    into words keeps the names in it whole.
    """

    def __init__(self, names):
        self.spaced: dict[str, list[str]] = {}
        self.words: set[str] = set()
        self.whole: set[str] = set()
        for name in names:
            self.whole.add(name)
            parts = name.split()
            if len(parts) < 2:
                continue
            self.spaced.setdefault("".join(parts), []).append(name)
            self.words.update(p for p in parts if len(p) >= 2 and p != "ณ")

    def knows(self, text: str) -> bool:
        """Is `text` a name, a name typed without its space, or a first name or surname?"""
        return text in self.words or text in self.spaced or text in self.whole

    def written_as(self, unit: str) -> list[str]:
        """The names the index holds that `unit` spells without their spaces."""
        return [n for n in self.spaced.get(unit, ()) if n != unit]

    def within(self, text: str, longest: int = 40) -> frozenset[str]:
        """The name words that occur in `text` (a short unit)."""
        words = self.words
        found = set()
        for i in range(len(text)):
            for j in range(i + 2, min(len(text), i + longest) + 1):
                if text[i:j] in words:
                    found.add(text[i:j])
        return frozenset(found)
