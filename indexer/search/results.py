"""What the search service answers, typed: the shapes of its JSON-ready results,
and the one interface (``SearchService``) the web layer calls.

The results stay plain dicts (they are cached serialised, sent as JSON and
rendered by templates), described here as ``TypedDict`` so a type checker
and a reader see every key in one place. ``SearchService`` is the façade a
different backend (a sharded index, issue 25) implements to serve the same
pages: the web layer uses nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol, TypedDict

__all__ = ["Hit", "Counts", "WordsReading", "UnitReading", "Interpretation", "FacetValue", "SearchResult",
           "ArticlePage", "Role", "PersonCard", "PersonPage", "Official", "Directory", "Suggestion", "Overview",
           "IndexStats", "SearchService", "Chosen", "ShardsAnswered"]

# A facet's chosen values, as a search takes them (``facet_table``): one, several or none.
Chosen = str | Sequence[str] | None


class Hit(TypedDict, total=False):
    """One result line (and, besides ``category``, its value of any other keyword facet
    of ``facet_table``, by the facet's name)."""

    id: str
    title: str
    date: str | None  # ISO, `2019-08-26`
    date_thai: str | None  # `26 ส.ค. 2562`
    url: str | None
    category: str | None
    source: str | None
    title_html: str  # the headline, escaped, matches in <mark>
    snippet: str  # HTML: document text escaped, matches in <mark>
    score: float
    reading: str | None  # "exact" or "words" when the words reading added articles


class Counts(TypedDict):
    """`total` split into the articles holding every unit verbatim and those added by
    the words reading."""

    exact: int
    words: int


class WordsReading(TypedDict):
    """The words reading offered when the verbatim matches filled the first page."""

    query: str
    total: int
    words: list[str]


class UnitReading(TypedDict, total=False):
    """How one unit of the query was read."""

    text: str
    field: str | None
    match: str  # "exact", "words", "exact+words" or "none"
    variants: list[str]
    words: list[str]
    word_variants: dict[str, list[str]]


class Interpretation(TypedDict):
    units: list[UnitReading]
    message: str | None
    message_th: str | None


class FacetValue(TypedDict, total=False):
    value: str
    label: str
    label_en: str
    count: int


class ShardsAnswered(TypedDict):
    """Which shards of a sharded archive answered a search (``router``)."""

    total: int
    ok: int
    failed: list[int]


class SearchResult(TypedDict, total=False):
    """``Searcher.search``'s answer (README, "HTTP API")."""

    query: str
    total: int
    page: int
    size: int
    sort: str
    # `from` and `to` are keys too (ISO dates or None): Python keywords, so not declared here;
    # so is each facet's list of chosen values (``facet_table``: its ``chosen`` key)
    categories: list[str]
    people: list[str]
    relaxed: list[str]
    counts: Counts
    words_reading: WordsReading | None
    interpretation: Interpretation
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, Any] | None  # per facet by name (category, person, year), month: FacetValue lists; timeline
    official: PersonCard | None
    outside_dates: int | None  # nothing inside the dates: the matches outside them
    next: str | None  # a full page: the cursor of its last result, for `search_after` (the next page)
    # a sharded archive (``router``): {"total", "ok", "failed": [shard numbers]}; with a shard
    # down, partial and total_is_lower_bound are True (totals and facets count the others)
    shards: ShardsAnswered
    partial: bool
    total_is_lower_bound: bool
    took_ms: float  # this call's own time
    cached: bool  # answered from the result cache (took_ms is then the look-up's)


class ArticlePage(TypedDict, total=False):
    """``Searcher.article``'s answer: the stored article, marked for a query."""

    id: str
    title: str
    body: str
    date: str | None
    date_thai: str | None
    url: str | None
    category: str | None
    people: list[str]
    officials: list[dict[str, str | None]]
    title_html: str
    body_html: list[str]
    match_count: int


class Role(TypedDict):
    """A position an official is named with, after cleaning, and when."""

    position: str
    first_date: str | None
    last_date: str | None
    articles: int


class PersonCard(TypedDict):
    """An official at a glance (the search page's card): ``people.person_summary``."""

    name: str
    count: int
    first_date: str | None
    last_date: str | None
    roles: list[Role]  # by first date
    months: list[dict[str, Any]]  # articles per month: {"value": "2019-08", "count": 1}


class PersonPage(PersonCard):
    """``Searcher.person``'s answer: the card, the positions and a page of articles, newest first."""

    articles: list[Hit]
    page: int
    per_page: int
    positions: list[str]


class Official(TypedDict):
    """One line of the officials directory."""

    name: str
    positions: list[str]  # the most-named first
    articles: int
    first_date: str | None
    last_date: str | None


class Directory(TypedDict):
    """``Searcher.directory``'s answer: a page of officials, most articles first."""

    query: str
    total: int
    offset: int
    limit: int
    people: list[Official]


class Suggestion(TypedDict, total=False):
    """A completion of the search box, as articles write it, and what a search for it finds."""

    text: str
    count: int
    role: str | None  # an official's main position


class Overview(TypedDict):
    """``Searcher.overview``'s answer: the archive at a glance (the home page)."""

    documents: int
    first_date: str | None
    last_date: str | None
    undated: int
    people: list[dict[str, Any]]  # {"name", "count"}, most named first
    words: list[dict[str, Any]]  # {"word", "count"}: frequent headline words
    categories: list[FacetValue]


class IndexStats(TypedDict):
    """``Searcher.stats``'s answer (``thainews stats``, ``/api/stats``)."""

    index: str
    documents: int
    first_date: str | None
    last_date: str | None
    undated: int
    size_bytes: int
    segmenter: str | None


class SearchService(Protocol):
    """What the web layer asks of the search service (``Searcher`` implements it)."""

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance", facets: bool = True,
               search_after: str | None = None, **chosen: Chosen) -> SearchResult: ...

    def article(self, doc_id: str, q: str = "") -> ArticlePage | None: ...

    def similar(self, doc_id: str, count: int = 5) -> list[Hit]: ...

    def suggestions(self, prefix: str, grouped: bool = False) -> list[str] | dict[str, list[Suggestion]]: ...

    def directory(self, q: str = "", limit: int = 50, offset: int = 0) -> Directory: ...

    def person(self, name: str, page: int = 1) -> PersonPage | None: ...

    def overview(self) -> Overview: ...

    def stats(self) -> IndexStats: ...

    def newest_date(self) -> date | None: ...

    def doc_count(self) -> int: ...

    def close(self) -> None: ...
