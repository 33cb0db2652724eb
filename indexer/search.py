"""Search: a query string in, ranked and highlighted results out.

``Searcher`` keeps one Whoosh searcher per process and refreshes it when the
index changes, so the web app and the CLI share one code path and one JSON
shape (the HTTP contract in the README). Query semantics are in ``query``,
snippets in ``snippets``, filters and facets in ``facets``.
"""

from __future__ import annotations

import bisect
import copy
import functools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring

from indexer.index.store import open_index
from indexer.thai.dates import format_thai_date
from indexer.thai.officials import name_key, people_of
from indexer.thai.segment import WordFinder
from indexer.thai.spelling import respellings
from indexer.thai.words import title_key

from .collect import RERANK_DEPTH, counted_search, literal_first
from .compiled import Compiled, mark_negated, only_negative
from .conjunction import all_of
from .facets import (
    CATEGORY_FACET,
    FACETS,
    Allowed,
    categories_of,
    day_counts,
    facet_counts,
    make_filter,
    matched_docnums,
)
from .lexicon import Lexicon
from .params import MAX_PAGE_SIZE, QueryError, parse_params
from .query import ThaiQueryParser
from .runs import DocNums, TermSet, WordRun, clear_run_cache
from .scan import SCAN_LIMIT, TextCache, missed_by_index, scan_query, scannable
from .snippets import build_snippet, highlight_text, unit_patterns

__all__ = ["Searcher", "QueryError", "MAX_PAGE_SIZE"]

TITLE_BOOST = 2.0
TITLE_KEY_BOOST = 30.0
PROXIMITY_BOOST = 2.0
PERSON_BOOST = 1.5
RESULT_CACHE = 256
# Did-you-mean: respellings tried per query, and the longest unit respelt.
# Each try recompiles the whole query, so they are also cut off once the
# search has taken SUGGEST_BUDGET_S (a suggestion is a help, not the answer).
SUGGEST_MAX_TRIES = 8
SUGGEST_MAX_UNIT_CHARS = 40
SUGGEST_MAX_QUERY_CHARS = 120
SUGGEST_BUDGET_S = 0.5
# Query syntax that makes a query more than plain words.
_OPERATORS = re.compile(r'["():]|(?:^|\s)(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?:\s|$)|(?:^|\s)[-+]\S')


def _dates(stored: dict) -> dict:
    """The ISO and Thai forms of a stored article's publish date."""
    when = stored.get("date")
    return {"date": when.date().isoformat() if when else None,
            "date_thai": format_thai_date(when.date()) if when else None}


def _known_names(reader) -> WordFinder:
    """Names from the ``person`` field: single words of three letters or more."""
    words = []
    if "person" in reader.schema:
        for term in reader.lexicon("person"):
            text = term.decode("utf-8")
            if " " not in text and len(text) >= 3:
                words.append(text)
    return WordFinder(words)


def _one_at_a_time(method):
    """Run a ``Searcher`` method holding its lock (see ``Searcher``)."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class Searcher:
    """Searches one index; safe to share between threads of a process.

    One Whoosh searcher serves every thread, one search at a time (the
    ``reading`` lock). Whoosh readers share file positions, so two threads
    reading through one searcher corrupt each other's reads (seen under
    gunicorn's threaded workers as unpickling and decompression errors). A
    searcher per thread avoided that but multiplied memory, each with its
    own readers and caches (4 threads on 28,000 articles: 2.7 GB against
    1.2 GB for one) and ran no faster: the work is Python under the GIL (120
    queries: 33.5 s on 4 threads, 25.5 s on one). The searcher is replaced
    when the index changes; cached results are answered without the lock.
    """

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._ix = open_index(self.index_dir)
        self._lock = threading.RLock()
        self._cache_lock = threading.Lock()
        self._searcher = None
        self._generation: int | None = None
        self._lexicons: tuple | None = None
        self._results: OrderedDict = OrderedDict()
        self._texts = TextCache()
        with self._lock:
            self._current()

    @contextmanager
    def reading(self) -> Iterator:
        """The current Whoosh searcher, held by this thread until the block ends."""
        with self._lock:
            yield self._current()

    def _current(self):
        """The up-to-date Whoosh searcher (call with the lock held)."""
        searcher = self._searcher
        if searcher is None or not searcher.up_to_date():
            # a new searcher, not searcher.refresh(): Whoosh-Reloaded 2.7.5's
            # refresh reuses the old segment readers, so articles a commit
            # deleted or replaced, and segments it dropped, stay visible
            fresh = self._ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
            if searcher is not None:
                searcher.close()
            searcher = self._searcher = fresh
            # the generation this searcher reads, not the directory's latest: a
            # commit landing in between would file old results under the new one
            self._generation = searcher.reader().generation()
        return searcher

    def lexicons(self) -> dict[str, Lexicon]:
        """Title and body lexicons of the current index, built on first use."""
        with self._lock:
            searcher = self._current()
            if self._lexicons is None or self._lexicons[0] != self._generation:
                self._lexicons = None  # the old ones can go before the new ones are built
                reader = searcher.reader()
                lexicons = {f: Lexicon.from_reader(reader, f) for f in ("title", "body")}
                self._lexicons = (self._generation, lexicons, _known_names(reader))
            return self._lexicons[1]

    def known_names(self) -> WordFinder:
        """First names and surnames of every official the index knows."""
        with self._lock:
            self.lexicons()
            return self._lexicons[2]

    def forget_results(self) -> None:
        """Drop cached results and evaluated phrases, so the next search is
        done in full (for timing searches: bench/)."""
        with self._lock, self._cache_lock:
            self._results.clear()
            clear_run_cache()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None

    def doc_count(self) -> int:
        with self.reading() as searcher:
            return searcher.doc_count()

    @_one_at_a_time
    def compile(self, q: str, filt=None, scan: bool = True) -> Compiled:
        """The Whoosh query for a user query string, with its units."""
        if not q:
            return Compiled(wq.Every())
        searcher = self._current()
        lexicons = self.lexicons()

        allowed = searcher._filter_to_comb(filt) if filt is not None else None

        # the filter's articles, sorted once: for leapfrogging below, and for
        # the parts of the query evaluated up front
        docnums = DocNums(allowed) if allowed is not None else None

        def matches(candidate: wq.Query, upto: int = 1) -> int:
            """How many articles (within the filters) match, counting up to `upto`
            (0 when the filters allow fewer than `upto` articles).

            Leapfrogs to the next allowed article rather than stepping through
            every match: with a narrow filter (or one that allows nothing) a
            common unit's matches would all be walked, for each relaxation
            check (found by bench/fuzz_http.py: 10-20 s per query).
            """
            if allowed is not None and len(allowed) < upto:
                return 0  # the filter allows fewer: `upto` cannot be reached
            found = 0
            m = candidate.matcher(searcher, searcher.boolean_context())
            while m.is_active():
                docnum = m.id()
                if allowed is None or docnum in allowed:
                    found += 1
                    if found >= upto:
                        return found
                    m.next()
                    continue
                at = bisect.bisect_right(docnums.sorted, docnum)
                if at == len(docnums):
                    return found
                m.skip_to(docnums.sorted[at])
            return found

        def new_parser() -> ThaiQueryParser:
            return ThaiQueryParser(self._ix.schema, lexicons, matches, names=self.known_names(), docnums=docnums,
                                   fieldboosts={"title": TITLE_BOOST, "person": PERSON_BOOST,
                                                "position": PERSON_BOOST})

        parser = new_parser()
        parsed = parser.parse(q)
        typed: list[str] = []
        if (parsed is wq.NullQuery or only_negative(parsed)) and q.lstrip().startswith("-"):
            # `-โรคไตเรื้อรัง` alone excludes from nothing: the dash was
            # pasted with the text (a bullet), so search for the text, and
            # put the articles that have it with its dash first
            parser = new_parser()
            typed = [q.strip()]
            q = q.lstrip()[1:]
            parsed = parser.parse(q)
        if parsed is wq.NullQuery or not any(True for _ in parsed.iter_all_terms()):
            raise QueryError(f"the query {q!r} has no searchable words")
        units = list(parser.units.values())
        mark_negated(parsed, units)
        boosters: list[wq.Query] = []
        if not _OPERATORS.search(q):
            key = title_key(q)
            if key:
                boosters.append(wq.Term("title_key", key, boost=TITLE_KEY_BOOST))
            words = [w for u in units if not u.relaxed for w in u.words]
            if len(units) > 1 and len(words) > 1:
                # all units next to each other, as typed: above scattered pieces
                boosters += [WordRun(f, [[w] for w in words], slop=2, boost=PROXIMITY_BOOST) for f in ("title", "body")]
        if boosters:
            parsed = wq.AndMaybe(parsed, wq.Or(boosters))
        if allowed is not None:
            # the parts evaluated up front, before Whoosh's filter applies
            parsed = parsed.accept(lambda part: part.within(docnums) if isinstance(part, (WordRun, TermSet)) else part)
        parsed = all_of(parsed, docnums)
        needs = scannable(units) if not _OPERATORS.search(q) else []
        # (a filter that allows no article has nothing to scan: building the
        # matcher alone took seconds for a relaxed query, per did-you-mean try)
        if scan and needs and allowed is not None and 0 < len(allowed) <= SCAN_LIMIT:
            missed = missed_by_index(searcher, allowed, needs, parsed, self._texts, self._generation)
            parsed = scan_query(parsed, missed)
        if allowed is not None:
            parsed = wq.Require(parsed, Allowed(docnums))
        return Compiled(parsed, units, unit_patterns(units), typed)

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance",
               category=None, facets: bool = True, people=()) -> dict:
        """Run a search and return the JSON-ready result (see README).

        `category` is one category or several (articles in any of them);
        `people` names officials the articles must all name (``person``
        field, any spelling ``name_key`` reads).

        Results are cached per index generation (the last RESULT_CACHE
        requests): paging back, a refreshed page or a popular query from an
        embedded search box costs nothing the second time.
        """
        started = time.perf_counter()
        params = parse_params(q, date_from, date_to, page, size, sort)
        category = categories_of(category)
        people = tuple(dict.fromkeys(name_key(p) for p in people or () if name_key(p)))
        request = (params.q, params.date_from, params.date_to, params.page,
                   params.size, params.sort, category, people, facets)
        # looked up under the index's latest generation, without waiting for
        # a search in progress; stored under the generation that answered
        latest = self._ix.latest_generation()
        with self._cache_lock:
            cached = self._results.get((latest, request))
            if cached is not None:
                self._results.move_to_end((latest, request))
        if cached is not None:
            out = copy.deepcopy(cached)
            out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
            return out
        with self._lock:  # the generation read is the one that answered
            out = self._search(params, category, facets, started, people)
            key = (self._generation, request)
        with self._cache_lock:
            self._results[key] = copy.deepcopy(out)
            while len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return out

    def _search(self, params, category: tuple, facets: bool, started: float, people: tuple = ()) -> dict:
        filt = make_filter(params.date_from, params.date_to, category, people)
        searcher = self._current()
        # The filter as the set of articles it allows, read once: compile,
        # the search and did-you-mean each read a date range's terms again
        # (0.6 s each on 28,000 articles); Whoosh takes the set as a filter.
        filt = searcher._filter_to_comb(filt) if filt is not None else None
        compiled = self.compile(params.q, filt)
        # Filters that allow no article (a category or dates the index does
        # not have): nothing can match and no respelling can find more, so
        # the query, already validated, is not evaluated (seconds for a
        # relaxed one, found by bench/fuzz_http.py)
        nothing = filt is not None and not filt
        query = wq.NullQuery if nothing else compiled.query
        kwargs = {"filter": filt}
        if params.sort in ("date", "oldest") or not params.q:
            kwargs["sortedby"] = "date"
            kwargs["reverse"] = params.sort != "oldest"
        if facets:
            kwargs["groupedby"] = FACETS
        if compiled.literals and "sortedby" not in kwargs:
            depth = max(params.page * params.size, RERANK_DEPTH)
            ranked = counted_search(searcher, query, depth, **kwargs)
            found = literal_first(searcher, [hit.docnum for hit in ranked], compiled.literals)
            scores = {hit.docnum: hit.score for hit in ranked}
            start = (params.page - 1) * params.size
            hits = [self._hit_doc(searcher.stored_fields(d), scores.get(d), compiled)
                    for d in found[start:start + params.size]]
            total, grouped = len(ranked), ranked
        else:
            results = counted_search(searcher, query, params.page * params.size, **kwargs)
            start = (params.page - 1) * params.size
            hits = [self._hit_doc(hit.fields(), hit.score, compiled) for hit in results[start:start + params.size]]
            total, grouped = len(results), results
        suggestion = None
        if params.q and (total == 0 or compiled.relaxed) and not nothing:
            suggestion = self.suggest_correction(params.q, compiled, filt, total,
                                                 deadline=started + SUGGEST_BUDGET_S)
        return {
            "query": params.q,
            "total": total,
            "page": params.page,
            "size": params.size,
            "sort": params.sort,
            "from": params.date_from.isoformat() if params.date_from else None,
            "to": params.date_to.isoformat() if params.date_to else None,
            "category": category[0] if len(category) == 1 else None,
            "categories": list(category),
            "people": list(people),
            "relaxed": compiled.relaxed,
            "suggestion": suggestion,
            "hits": hits,
            "facets": self._facets(searcher, grouped, params, category, people) if facets else None,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def _facets(self, searcher, grouped, params, category: tuple, people: tuple) -> dict:
        """Facet counts of all matches, and what the web page's filters need.

        UI plumbing, each part replaceable on another engine:
        ``day`` (matches per publish day, for the timeline); ``category``
        counted again without the category filter when one is chosen, so
        the other categories keep their counts (a second evaluation of the
        query under the date filter alone); ``people`` (the officials named
        in the matching articles, ``indexer.people.people_in``).
        """
        from .people import people_in

        out = facet_counts(grouped)
        out["day"] = day_counts(grouped, searcher)
        if category:
            filt = make_filter(params.date_from, params.date_to, None, people)
            filt = searcher._filter_to_comb(filt) if filt is not None else None
            query = self.compile(params.q, filt, scan=False).query if filt is None or filt else wq.NullQuery
            every = counted_search(searcher, query, 1, filter=filt, groupedby=CATEGORY_FACET)
            out["category"] = facet_counts(every)["category"]
        # the searcher that found the matches: their document numbers are its own
        out["people"] = people_in(searcher, matched_docnums(grouped))
        return out

    @_one_at_a_time
    def search_ids(self, q: str, date_from: str | None = None, date_to: str | None = None,
                   limit: int = 300, category: str | None = None) -> list[str]:
        """Ranked article ids only: no snippets, no stored documents read.

        For evaluation and tools that need many hits fast; ids come from the
        sortable ``id`` column.
        """
        params = parse_params(q, date_from, date_to)
        filt = make_filter(params.date_from, params.date_to, category)
        searcher = self._current()
        filt = searcher._filter_to_comb(filt) if filt is not None else None
        compiled = self.compile(params.q, filt)
        kwargs = {"sortedby": "date", "reverse": True} if not params.q else {}
        # not Whoosh's searcher.search: its block-quality skipping trips an
        # assertion in Whoosh's intersection matcher on the filter's Require
        results = counted_search(searcher, compiled.query, limit, filter=filt, **kwargs)
        docnums = [docnum for _, docnum in results.top_n]
        if compiled.literals and not kwargs:
            docnums = literal_first(searcher, docnums, compiled.literals)
        column = searcher.reader().column_reader("id")
        return [column[docnum] for docnum in docnums]

    def _hit_doc(self, stored: dict, score, compiled: Compiled) -> dict:
        snippet, matched = build_snippet(stored.get("body", ""), compiled.patterns)
        return {
            "id": stored["id"],
            "title": stored.get("title", ""),
            "title_html": highlight_text(stored.get("title", ""), compiled.patterns),
            **_dates(stored),
            "url": stored.get("url"),
            "category": stored.get("category"),
            "source": stored.get("source"),
            "snippet": snippet,
            "score": round(float(score), 4) if score is not None else None,
        }

    @_one_at_a_time
    def suggest_correction(self, q: str, compiled: Compiled, filt, total: int,
                           deadline: float | None = None) -> str | None:
        """A close query that finds more: one unit respelt (see ``spelling``).

        No more tries are started after `deadline` (a ``time.perf_counter()``).
        """
        searcher = self._current()
        lexicon = self.lexicons()["body"]
        best, best_count = None, total
        if len(q) > SUGGEST_MAX_QUERY_CHARS:
            return None  # a pasted paragraph: every try would cost a whole compile of it
        tries = 0
        for unit in compiled.units:
            # Bounded (hostile-input fuzzing): each try recompiles the whole
            # query, and a long unit has thousands of edits to segment; a
            # misspelt word inside a long relaxed unit is still tried as
            # that unit's own word
            if unit.phrase or unit.text not in q or len(unit.text) > SUGGEST_MAX_UNIT_CHARS:
                continue
            for candidate in respellings(unit.text, lexicon):
                tries += 1
                if tries > SUGGEST_MAX_TRIES or deadline is not None and time.perf_counter() > deadline:
                    return best
                alt = q.replace(unit.text, candidate)
                try:
                    alt_compiled = self.compile(alt, filt, scan=False)  # a count, not a text scan per try
                except QueryError:
                    continue
                if alt_compiled.relaxed:
                    continue
                count = len(searcher.search(alt_compiled.query, limit=1, filter=filt, scored=False))
                if count > best_count:
                    best, best_count = alt, count
        return best

    @_one_at_a_time
    def article(self, doc_id: str, q: str = "") -> dict | None:
        """One stored article by id, or None; `q` adds highlighted HTML."""
        fields = self._current().document(id=doc_id)
        if fields is None:
            return None
        out = {**fields, **_dates(fields)}
        mentions = people_of(out.get("title", "") + "\n" + out.get("body", ""))
        out["people"] = list(dict.fromkeys(name for name, _, _, _ in mentions))
        out["officials"] = [{"name": n, "position": p or None}
                            for n, p in dict.fromkeys((n, p) for n, _, _, p in mentions)]
        patterns = []
        if q:
            try:
                patterns = self.compile(q).patterns
            except QueryError:
                patterns = []
        out["title_html"] = highlight_text(out.get("title", ""), patterns)
        out["body_html"] = [highlight_text(p, patterns) for p in out.get("body", "").split("\n") if p]
        return out

    @_one_at_a_time
    def similar(self, doc_id: str, count: int = 5) -> list[dict]:
        """Articles like this one (Whoosh's more-like-this on the body)."""
        searcher = self._current()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", top=count + 1, numterms=12)
        out = []
        for hit in results:
            if hit.docnum == docnum:
                continue
            stored = hit.fields()
            out.append({"id": stored["id"], "title": stored.get("title", ""), **_dates(stored)})
        return out[:count]

