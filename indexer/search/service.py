"""The search service: a query string in, ranked and highlighted results out.

``Searcher`` owns what a process reads of one index: the Whoosh searcher of
the current generation and, made with it, the matching layer's view of the
same segments (``matching.view``). Both are replaced together when a build
commits; the web app, the CLI and the benchmarks share this one code path
and one JSON shape (the HTTP contract in the README). Query syntax is
``query``'s, matching and ranking ``matching``'s; here results are shaped:
hits with snippets, facets, the interpretation of each unit, did-you-mean.
"""

from __future__ import annotations

import marshal
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import cast

import numpy as np

from indexer.index.shards import is_sharded
from indexer.index.store import open_index
from indexer.matching.count import count
from indexer.matching.evaluate import evaluate
from indexer.matching.filters import Filters
from indexer.matching.matches import Matches
from indexer.matching.order import cursor_after, page_of
from indexer.matching.view import IndexView
from indexer.query.params import QueryError, SearchParams, parse_params
from indexer.query.parse import Node, Unit, parse, positive_units
from indexer.settings import RESULT_CACHE
from indexer.thai.words import title_key

from .answer import search_result
from .articles import article_page, hit
from .facets import facet_counts
from .generation import Generation
from .interpret import highlighter_for, interpretation
from .overview import newest_date
from .people import directory, person_page
from .readings import respelt, words_reading
from .respell import candidates
from .results import (
    ArticlePage,
    Chosen,
    Directory,
    Hit,
    IndexStats,
    Overview,
    PersonPage,
    SearchResult,
    Suggestion,
)
from .similar import similar_articles
from .stats import index_stats

__all__ = ["Searcher", "QueryError"]


class Searcher:
    """Searches one index; safe to share between threads of a process.

    Its public methods are the ``SearchService`` the web layer and the CLI
    call (``results``); benchmarks and tests reach further through
    ``probes``. One Whoosh searcher serves every thread, one operation at a
    time (the ``_reading`` lock): Whoosh readers share file positions, so two
    threads reading through one searcher corrupt each other's reads, and a
    searcher per thread multiplied memory for no speed (the work holds the
    GIL). Results are cached per index generation (the last
    ``RESULT_CACHE`` requests) and answered without the lock.
    """

    def __init__(self, index_dir: str | Path):
        self._index_dir = Path(index_dir)
        if is_sharded(self._index_dir):
            raise TypeError(f"{index_dir} is a sharded index: search it with indexer.search.open_service")
        self._ix = open_index(self._index_dir)
        self._lock = threading.RLock()
        self._cache_lock = threading.Lock()
        self._generation: Generation | None = None
        self._results: OrderedDict = OrderedDict()
        with self._lock:
            self._current()

    # ------------------------------------------------------------ lifetime

    @contextmanager
    def _reading(self) -> Iterator[Generation]:
        """The current generation, held by this thread until the block ends."""
        with self._lock:
            yield self._current()

    def _forget_results(self) -> None:
        """Drop cached results, so the next search is done in full (``probes``)."""
        with self._cache_lock:
            self._results.clear()

    def _current(self) -> Generation:
        """The up-to-date generation (call with the lock held, once per operation)."""
        current = self._generation
        if current is None or not current.searcher.up_to_date():
            self._generation = None  # the old one can go before the new one is built
            if current is not None:
                current.close()
            current = self._generation = Generation(self._ix)
        return current

    def overview(self) -> Overview:
        """The archive at a glance: size, dates, most-named officials, headline words (``overview``)."""
        with self._lock:
            return cast(Overview, dict(self._current().overview()))

    def newest_date(self) -> date | None:
        """The archive's newest publish date: a date typed without a year reads the latest such day."""
        with self._reading() as gen:
            return newest_date(gen.view)

    def stats(self) -> IndexStats:
        """The index's size, dates and place on disk (``stats``)."""
        return cast(IndexStats, index_stats(self._index_dir))

    def directory(self, q: str = "", limit: int = 50, offset: int = 0) -> Directory:
        """The officials directory (``people.directory``)."""
        with self._lock:
            return cast(Directory, directory(self._current().officials(), q, limit, offset))

    def person(self, name: str, page: int = 1) -> PersonPage | None:
        """One official's page: positions over time, a page of articles newest first
        (``people.person_page``)."""
        with self._lock:
            return cast("PersonPage | None", person_page(self._current().officials(), name, page))

    def suggestions(self, prefix: str, grouped: bool = False) -> list[str] | dict[str, list[Suggestion]]:
        """Completions for a search box, each as articles write it and finding something:
        a list of texts, or ``{"people", "positions", "headlines"}`` of ``{"text", "count"}``."""
        with self._lock:
            suggester = self._current().suggester()
            return cast("dict[str, list[Suggestion]]", suggester.groups(prefix)) if grouped \
                else suggester.flat(prefix)

    def close(self) -> None:
        with self._lock:
            if self._generation is not None:
                self._generation.close()
            self._generation = None

    def doc_count(self) -> int:
        with self._lock:
            return self._current().view.doc_count

    # ------------------------------------------------------------ searching

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance", facets: bool = True,
               search_after: str | None = None, **chosen: Chosen) -> SearchResult:
        """Run a search and return the JSON-ready result (see README).

        `chosen`: per facet, by its URL parameter (``facet_table``), one value or
        several: ``category=["crime", "politics"]`` (any of them),
        ``person="วีรนันทน์ เพ็งจันทร์"`` (all of them named). `search_after`: a
        result's ``next``, for the results after its last one.
        """
        started = time.perf_counter()
        params = parse_params(q, date_from, date_to, page, size, sort, chosen=chosen, newest=self.newest_date,
                              search_after=search_after)
        request = (params.q, params.date_from, params.date_to, params.page, params.size, params.sort,
                   tuple(sorted(params.chosen.items())), facets, params.after)
        # looked up under the index's latest generation, without waiting for
        # a search in progress; stored under the generation that answered
        latest = self._ix.latest_generation()
        with self._cache_lock:
            cached = self._results.get((latest, request))
            if cached is not None:
                self._results.move_to_end((latest, request))
        if cached is not None:
            out = marshal.loads(cached)
            # this call's time, and that it was answered from the cache, not searched
            out["took_ms"], out["cached"] = round((time.perf_counter() - started) * 1000, 1), True
            return cast(SearchResult, out)
        with self._reading() as gen:
            out = self._search(gen, params, facets)
        out["took_ms"], out["cached"] = round((time.perf_counter() - started) * 1000, 1), False
        with self._cache_lock:
            # kept serialised: a caller may change the dict it gets (marshal
            # copies JSON-shaped data 20 times faster than deepcopy)
            self._results[(gen.number, request)] = marshal.dumps(out)
            while len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return cast(SearchResult, out)

    def _search(self, gen: Generation, params: SearchParams, facets: bool) -> dict:
        # units as resolved for this request: a did-you-mean's tries look up only the unit they respell
        known: dict = {}
        node, matches = match(gen, params, known)
        order = params.sort if params.q else ("oldest" if params.sort == "oldest" else "date")
        depth = params.after.at + params.size if params.after else params.page * params.size
        found = matches.candidates(depth, order, params.after)
        _, rows, keys, before = page_of([found], params.page, params.size, params.after, order)
        marks = highlighter_for(matches, node)
        readings = matches.readings(found.docs[rows])
        hits = [{**hit(gen.view, int(found.docs[r]), float(k), marks), "reading": reading}
                for r, k, reading in zip(rows, keys, readings)]
        after = cursor_after(before + len(hits), found, int(rows[-1]), float(keys[-1]), hits[-1]["id"]) \
            if len(hits) == params.size else None
        units = positive_units(node) if node is not None else []
        return search_result(
            params, matches.total, matches.exact_total, [r.unit.text for r in matches.relaxed],
            interpretation(matches, units), hits,
            (lambda: facet_counts(matches, params.date_from, params.date_to)) if facets else None, after,
            lambda: self._words_reading(gen, params, matches),
            lambda: self._did_you_mean(gen, params, matches, units, matches.total, known),
            lambda: _official(gen, params.q),
            lambda: match(gen, SearchParams(**{**params.__dict__, "date_from": None, "date_to": None}))[1].total)

    def _words_reading(self, gen: Generation, params: SearchParams, matches: Matches) -> dict | None:
        """The words reading's offer (``readings.words_reading``)."""
        filters = Filters(params.date_from, params.date_to, params.chosen)
        return words_reading(params.q, list(matches.readable.items()), matches.exact_masks is not None,
                             matches.total, lambda node: count(node, gen.view, filters, params.size),
                             lambda alt: match(gen, SearchParams(**{**params.__dict__, "q": alt}))[1].total)

    def _did_you_mean(self, gen: Generation, params: SearchParams, matches: Matches, units: list[Unit],
                      total: int, known: dict) -> str | None:
        """The query with one unit respelt, finding more than it did (``readings.respelt``)."""
        def tried(alt: str) -> tuple[int, bool] | None:
            try:
                _, found = match(gen, SearchParams(**{**params.__dict__, "q": alt}), known)
            except QueryError:
                return None
            return found.total, bool(found.fell_back)

        return respelt(params.q, units, {u: r.match for u, r in matches.resolved.items()}, matches.readable, total,
                       lambda unit: _articles(matches.resolved[unit], gen.view), gen.view.doc_count,
                       gen.view.is_known, lambda text, floor: candidates(gen.view, text, floor), tried)

    # ------------------------------------------------------------ articles

    def article(self, doc_id: str, q: str = "") -> ArticlePage | None:
        """One stored article by id, or None; `q` marks its matches (see ``articles``)."""
        with self._reading() as gen:
            docnum = gen.searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            node = None
            if q:
                try:
                    node = parse(q)
                except QueryError:
                    node = None
            return cast(ArticlePage, article_page(gen.view, docnum, node))

    def similar(self, doc_id: str, count: int = 5) -> list[Hit]:
        """Articles like this one (Whoosh's more-like-this on the body)."""
        with self._lock:
            return cast("list[Hit]", similar_articles(self._current().view, doc_id, count))


def match(gen: Generation, params: SearchParams, known: dict | None = None,
          ranked: bool = True) -> tuple[Node | None, Matches]:
    """The parsed query of `params` and what it matches in `gen`, within its filters (`known`:
    units already resolved; `ranked` False: not scored; see ``matching.evaluate``)."""
    node = parse(params.q) if params.q else None
    filters = Filters(params.date_from, params.date_to, params.chosen)
    # a pasted headline's brackets and dashes are syntax to the parser, not to its key
    headline = _headline(gen.searcher.reader(), params.q) if node is not None and ranked else None
    return node, evaluate(node, gen.view, filters, headline, known, first_page=params.size, ranked=ranked)


def _articles(resolved, view: IndexView) -> int:
    """How many articles hold a unit verbatim."""
    return sum(int(np.count_nonzero(h.articles(seg.size))) for seg, h in zip(view.segments, resolved.hits))


def _headline(reader, q: str) -> np.ndarray | None:
    """Articles whose headline is the query (spacing, dots and case aside)."""
    key = title_key(q)
    if not key or not reader.doc_frequency("title_key", key):
        return None
    return np.fromiter(reader.postings("title_key", key).all_ids(), dtype=np.int64)


def _official(gen: Generation, q: str) -> dict | None:
    """The card of the official a query names, or None."""
    name = gen.officials().find(q)
    return gen.card(name) if name else None
