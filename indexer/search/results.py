"""What the search service answers, typed: the shapes of its JSON-ready results,
and the one interface (``SearchService``) the web layer calls.

The results stay plain dicts (they are cached serialised, sent as JSON and
rendered by templates), described here as ``TypedDict`` so a type checker
and a reader see every key in one place. ``SearchService`` is the façade a
different backend (a sharded index, issue 25) implements to serve the same
pages: the web layer uses nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol, TypedDict

__all__ = ["Hit", "Counts", "WordsReading", "UnitReading", "Interpretation", "FacetValue", "SearchResult",
           "ArticlePage", "SearchService"]


class Hit(TypedDict, total=False):
    """One result line."""

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


class SearchResult(TypedDict, total=False):
    """``Searcher.search``'s answer (README, "HTTP API")."""

    query: str
    total: int
    page: int
    size: int
    sort: str
    # `from` and `to` are keys too (ISO dates or None): Python keywords, so not declared here
    category: str | None
    categories: list[str]
    people: list[str]
    relaxed: list[str]
    counts: Counts
    words_reading: WordsReading | None
    interpretation: Interpretation
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, Any] | None  # year, month, category, person: lists of FacetValue; timeline
    official: dict[str, Any] | None
    outside_dates: int | None  # nothing inside the dates: the matches outside them
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


class SearchService(Protocol):
    """What the web layer asks of the search service (``Searcher`` implements it)."""

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance",
               category: Any = None, facets: bool = True, people: Any = None) -> SearchResult: ...

    def article(self, doc_id: str, q: str = "") -> ArticlePage | None: ...

    def similar(self, doc_id: str, count: int = 5) -> list[Hit]: ...

    def suggestions(self, prefix: str, grouped: bool = False) -> Any: ...

    def directory(self, q: str = "", limit: int = 50, offset: int = 0) -> dict[str, Any]: ...

    def person(self, name: str, page: int = 1) -> dict[str, Any] | None: ...

    def overview(self) -> dict[str, Any]: ...

    def newest_date(self) -> date | None: ...

    def doc_count(self) -> int: ...

    def close(self) -> None: ...
