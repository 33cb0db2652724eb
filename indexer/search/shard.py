"""One shard of a sharded archive, as the router (``router``) asks it: the shard side.

A ``Shard`` reads one shard's index (``index.shards``: a normal thainews
index) and answers the router's steps with plain, picklable values, so the
same object serves in the router's process or in a Ray actor (``cluster``):

1. ``own``/``adopt``: its figures of the archive (``matching.shared``), and
   the whole archive's, once per generation of the shards;
2. ``tally``: what one query's ranking and decisions need of the archive
   (document frequencies, occurrences, found units, totals);
3. ``match``: the query evaluated with the archive's figures: totals, the
   facets' parts, and its candidates for the page (``matching.order``).
   When the archive's figures decide what the shard's own decided in the
   tally (``Shared.decided_alike``), the units the tally read are reused,
   not read again: the query is then evaluated once, ranked twice. Where
   they decide otherwise, a unit's words are still reused when what they
   decided by is alike (``_reusable``);
4. ``fetch``: hits with snippets, for the page shown only.

Each step names the archive's figures it was asked under (their `token`);
a shard whose generation moved since answers ``Stale`` and the router
gathers the figures again. Officials, suggestions and the overview are
answered as parts the router adds up (``router_people``).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np

from indexer.errors import ThainewsError
from indexer.facet_table import FACETS
from indexer.index.store import open_index
from indexer.matching.count import articles_total
from indexer.matching.filters import Filters
from indexer.matching.shared import LOCAL, ArchiveStats, QueryStats, Shared
from indexer.query.params import SearchParams
from indexer.query.parse import Node, parse, positive_units

from . import similar
from .articles import article_page, hit, summary
from .facets import facet_parts, value_tally
from .generation import Generation
from .interpret import mark_groups
from .overview import newest_date, publish_days
from .people import person_summary
from .respell import continuations_by_length, whole_word_articles
from .service import _articles, match
from .snippets import Highlighter
from .suggest import prefix_terms

__all__ = ["Shard", "Stale"]

NAMED_CARDS = 8  # cards a shard makes with the tally at most (``Shard.named``)
KEPT_TALLIES = 4  # the last tallies whose units a match may reuse (one a web worker asking at once)


class Stale(ThainewsError):
    """The shard's generation is not the one the router's figures were gathered from."""

    status = 503
    default_code = "stale"


class Shard:
    """One shard's index, answering the router's steps (see the module docstring)."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._ix = open_index(self.index_dir)
        self._lock = threading.RLock()
        self._generation: Generation | None = None
        # (token, generation, query) -> the tally's decisions and the units it read, for its match
        self._tallied: OrderedDict[tuple, tuple[Shared, dict]] = OrderedDict()

    def _current(self) -> Generation:
        current = self._generation
        if current is None or not current.searcher.up_to_date():
            if current is not None:
                current.close()
            current = self._generation = Generation(self._ix)
        return current

    @contextmanager
    def _reading(self, token: tuple, shared: Shared | None = None) -> Iterator[Generation]:
        """The current generation, adopted the archive's figures of `token` (else ``Stale``),
        its view deciding by `shared` until the block ends."""
        with self._lock:
            gen = self._current()
            if gen.view.archive is None or gen.view.archive.token != token:
                raise Stale(f"shard {self.index_dir} is not at the archive's generation {token}")
            gen.view.shared = shared or LOCAL
            try:
                yield gen
            finally:
                gen.view.shared = LOCAL

    # ------------------------------------------------------------ the archive's figures

    def own(self) -> ArchiveStats:
        """This shard's figures of the archive, for its current generation."""
        with self._lock:
            gen = self._current()
            stats = gen.view.own_stats()
            stats.token = (gen.number,)
            return stats

    def adopt(self, archive: ArchiveStats, mine: int) -> bool:
        """Rank by the archive's figures, when they were gathered from this shard's current
        generation (`mine`: its place in their token); else False."""
        with self._lock:
            gen = self._current()
            if archive.token[mine] != gen.number:
                return False
            if gen.view.archive is None or gen.view.archive.token != archive.token:
                gen.adopt(archive)
            return True

    def ready(self) -> bool:
        return True

    # ------------------------------------------------------------ searching

    def tally(self, token: tuple, params: SearchParams, keep: bool = False) -> dict:
        """What the query's ranking and decisions need of the archive, from this shard:
        ``{"stats": QueryStats, "total", "readable": [(unit, words)]}``; `keep`: the units
        read are kept for the query's ``match``."""
        shared = Shared()
        with self._reading(token, shared) as gen:
            known: dict = {}
            # only counted: the tally's figures need no article scored (a fifth of its time)
            _, matches = match(gen, params, known, ranked=False)
            if keep:
                self._tallied[token, gen.number, repr(params)] = (shared, known)
                while len(self._tallied) > KEPT_TALLIES:
                    self._tallied.popitem(last=False)
            return {"stats": shared.seen, "total": matches.total, "readable": list(matches.readable.items())}

    def match(self, token: tuple, params: SearchParams, stats: QueryStats, depth: int, order: str,
              facets: bool) -> dict:
        """The query evaluated with the archive's `stats`: totals, candidates for the first
        `depth` (ids as ties), what to mark, how each unit was read, the facets' parts."""
        with self._reading(token, Shared(stats, record=False)) as gen:
            kept = self._tallied.pop((token, gen.number, repr(params)), None)
            node, matches = match(gen, params, _reusable(kept, stats) if kept else None)
            found = matches.candidates(depth, order, params.after)
            found.ties = gen.view.ids_of(found.docs)
            units = positive_units(node) if node is not None else []
            return {
                "candidates": found,
                "readings": matches.readings(found.docs),
                "total": matches.total, "exact_total": matches.exact_total,
                "split": matches.exact_masks is not None,
                "described": [matches.resolved[u].describe() for u in units if u in matches.resolved],
                "resolved": {u: r.match for u, r in matches.resolved.items()},
                "holding": {u: _articles(r, gen.view) for u, r in matches.resolved.items()},
                "relaxed": [r.unit.text for r in matches.relaxed],
                "readable": list(matches.readable.items()),
                "groups": mark_groups(matches, node),
                "facets": facet_parts(matches) if facets else None,
            }

    def fetch(self, token: tuple, docs: list[int], keys: list[float], groups: list) -> list[dict]:
        """Hits with snippets for these articles (numbers of `match`'s candidates)."""
        with self._reading(token) as gen:
            marks = Highlighter.of_forms(groups)
            return [hit(gen.view, d, k, marks) for d, k in zip(docs, keys)]

    def count(self, token: tuple, node: Node, params: SearchParams) -> int | None:
        """Articles the query holds without ranking (``matching.count``), or None."""
        with self._reading(token) as gen:
            return articles_total(node, gen.view, Filters(params.date_from, params.date_to, params.chosen))

    def respell(self, token: tuple, units: list[str]) -> list[dict[int, set[str]]]:
        """Per unit, the whole-word texts continuing its longest prefix held here (``respell``)."""
        with self._reading(token) as gen:
            return [continuations_by_length(gen.view, unit) for unit in units]

    def whole_words(self, token: tuple, texts: list[str]) -> list[int]:
        """Articles holding each text as whole words."""
        with self._reading(token) as gen:
            return [whole_word_articles(gen.view, t) for t in texts]

    # ------------------------------------------------------------ articles, the archive

    def article(self, token: tuple, doc_id: str, q: str) -> dict | None:
        with self._reading(token) as gen:
            docnum = gen.searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            node = _parsed(q)
            return article_page(gen.view, docnum, node)

    def summaries(self, token: tuple, ids: list[str]) -> dict[str, dict]:
        """Articles in a list (``articles.summary``), by id, of those this shard holds."""
        with self._reading(token) as gen:
            out = {}
            for doc_id in ids:
                docnum = gen.searcher.document_number(id=doc_id)
                if docnum is not None:
                    out[doc_id] = summary(*gen.view.locate(docnum))
            return out

    def overview(self, token: tuple) -> dict:
        """The parts of the archive's overview: days, officials' articles, headline words."""
        with self._reading(token) as gen:
            view, reader = gen.view, gen.searcher.reader()
            table = view.people
            counts: Counter[bytes] = Counter()
            for leaf, _ in reader.leaf_readers():
                for term, info in leaf.iter_field("title"):
                    counts[term] += info.doc_frequency()
            return {"days": np.unique(publish_days(view), return_counts=True),
                    "people": {n: int(c) for n, c in zip(table.names, table.articles_per_name) if c},
                    "words": dict(counts),
                    "categories": value_tally(view, FACETS["category"], [seg.alive for seg in view.segments])}

    def newest(self, token: tuple) -> date | None:
        with self._reading(token) as gen:
            return newest_date(gen.view)

    def spellings(self, token: tuple) -> dict[str, list[str]]:
        """Every official's spellings, the usual one first (the same in every shard)."""
        with self._reading(token) as gen:
            table = gen.view.people
            return {name: table.spellings(name) for name in gen.officials().roles}

    def similar_source(self, token: tuple, doc_id: str) -> dict | None:
        """The article's part of its similar articles (``similar.source``), if this shard holds it."""
        with self._reading(token) as gen:
            return similar.source(gen.view, doc_id)

    def similar_stats(self, token: tuple, terms: list[str]) -> dict:
        with self._reading(token) as gen:
            return similar.term_stats(gen.view, terms)

    def similar_scored(self, token: tuple, terms: list, stats: dict, doc_id: str, title: str) -> dict:
        """This shard's candidates (``similar.scored``) and the article's twins here."""
        with self._reading(token) as gen:
            return {"scored": similar.scored(gen.view, terms, stats, doc_id),
                    "twins": similar.twins(gen.view, title, doc_id)}

    def terms(self, token: tuple, field: str, key: str, group: str) -> list[tuple[int, str]]:
        """The field's terms beginning with `key` (``suggest.prefix_terms``)."""
        with self._reading(token) as gen:
            return prefix_terms(gen.searcher.reader(), field, key, group)

    def positions(self, token: tuple) -> list[str]:
        with self._reading(token) as gen:
            return list(gen.view.people.positions)

    def officials(self, token: tuple, names: list[str] | None = None) -> dict[str, dict]:
        """Per official (the `names`, else every one this shard names): the articles naming
        them here and the positions they are named with here."""
        with self._reading(token) as gen:
            officials = gen.officials()
            wanted = officials.roles if names is None else {n: officials.roles.get(n, set()) for n in names}
            return {n: {"articles": officials.articles(n), "positions": sorted(p)} for n, p in wanted.items()}

    def person(self, token: tuple, name: str, articles: bool) -> dict | None:
        """This shard's part of an official's card (``people.person_summary``), with the
        official's articles here as (day, id) when `articles`."""
        with self._reading(token) as gen:
            officials = gen.officials()
            card = person_summary(officials, name)
            if card is None or not articles:
                return card
            docnums = officials.table.articles_of(card["name"])
            card["rows"] = (gen.view.days_of(docnums).astype(np.int64), gen.view.ids_of(docnums).tolist())
            return card

    def named(self, token: tuple, q: str) -> dict:
        """This shard's part of the official a query names (``people.Officials.find``): the
        officials it names each way (``people.Named``) with their articles here (and, after
        a position, whether they hold it here), and the cards here
        (``people.person_summary``) of those the router can pick (the first way that names
        any), so that it needs no second round trip for the card; None past
        ``NAMED_CARDS`` of them (a first name many officials share): it asks then."""
        with self._reading(token) as gen:
            officials = gen.officials()
            named = officials.named_by(q)
            # after a position: a card for each, held here or not (another shard may hold it)
            names = named.typed or named.untitled or set(named.in_office)
            return {"typed": {n: officials.articles(n) for n in named.typed},
                    "untitled": {n: officials.articles(n) for n in named.untitled},
                    "in_office": {n: (officials.articles(n), held) for n, held in named.in_office.items()},
                    "cards": {n: gen.card(n) for n in names} if len(names) <= NAMED_CARDS else None}

    def steps(self, asked: list[tuple[str, tuple]]) -> list:
        """Several steps that do not wait for each other, answered in one visit: on a
        cluster each visit is a round trip (``router``)."""
        return [getattr(self, method)(*args) for method, args in asked]


def _reusable(kept: tuple[Shared, dict], stats: QueryStats) -> dict:
    """What a match may reuse of its tally's readings (``evaluate``'s `known`): all of
    them when the archive's figures `stats` decide what the shard's own decided, else the
    words and full readings whose own decisions they decide alike (a phrase found in
    another shard only is read again; its words, the dearer part, are not)."""
    shared, known = kept
    if shared.decided_alike(stats):
        return known
    alike = [key for key in known if isinstance(key, tuple) and key[0] in ("words", "whole")
             and shared.decided_alike(stats, known["decided", key])]
    return {**{key: known[key] for key in alike}, **{("decided", key): known["decided", key] for key in alike}}


def _parsed(q: str) -> Node | None:
    from indexer.query.params import QueryError

    if not q:
        return None
    try:
        return parse(q)
    except QueryError:
        return None
