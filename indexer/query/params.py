"""Validation of search parameters: every refusal is a QueryError in plain words.

The limits are here, not in the web layer, so the CLI, the API and the
pages refuse the same things with the same words. They bound the work one
request can ask for (found by fuzzing the HTTP edge, ``bench/fuzz_http.py``):
a query's cost grows with its units (each is expanded against the lexicon,
checked for matches and possibly relaxed) and with the length of each
unit, and a deep page makes Whoosh rank every result above it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from indexer.errors import DateError, QueryError
from indexer.facet_table import FACETS
from indexer.settings import MAX_PAGE_SIZE, MAX_PARAM_CHARS, MAX_QUERY_CHARS, MAX_QUERY_TERMS, MAX_RESULT_DEPTH
from indexer.thai.dates import parse_date_range

from .parse import OPERATORS

__all__ = ["QueryError", "SearchParams", "Cursor", "SORTS", "parse_params", "parse_list_params", "check_text",
           "parse_date_param", "query_terms"]


# Whoosh's query syntax splits terms at spaces, brackets and quotes.
_TERM = re.compile(r"""[^\s()"'\[\]{}]+""")


@dataclass(frozen=True)
class Cursor:
    """Where a page of results ends (a result's ``next``), to ask for the results after it
    (`search_after`): how many results came before and after it, and the last result's
    place in the order: its date key (``primary``, 0 for relevance), ranking key and id.
    Written ``"10~0~12.5~https://...570002"``."""

    at: int
    primary: int
    key: float
    id: str

    def __str__(self) -> str:
        return f"{self.at}~{self.primary}~{self.key!r}~{self.id}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        """A cursor as ``str`` writes it; QueryError when it is not one."""
        try:
            at, primary, key, doc_id = text.split("~", 3)
            cursor = cls(int(at), int(primary), float(key), doc_id)
        except ValueError:
            raise QueryError("search_after must be a result's `next` cursor", code="bad_cursor",
                             field="search_after") from None
        if cursor.at < 0 or cursor.key != cursor.key:  # NaN
            raise QueryError("search_after must be a result's `next` cursor", code="bad_cursor",
                             field="search_after")
        return cursor


@dataclass
class SearchParams:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    size: int = 10
    sort: str = "relevance"
    # per facet (``facet_table``) with chosen values, by name: {"category": ("politics",)}
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    after: Cursor | None = None  # the results after this one (``search_after``), instead of `page`


SORTS = ("relevance", "date", "oldest")


def query_terms(q: str) -> list[str]:
    """The terms of a query as the limit counts them (operators left out)."""
    return [t for t in _TERM.findall(q) if t not in OPERATORS]


def check_text(value: str, name: str) -> str:
    """Refuse text no one types: NUL and other control characters, lone surrogates.

    Tabs and line breaks are spaces. A lone surrogate (an undecodable byte
    from a command line) cannot even be encoded for the index.
    """
    for ch in value:
        if ch.isspace():
            continue
        category = unicodedata.category(ch)
        if ch == "\x00":
            raise QueryError(f"the {name} holds a NUL character", code="bad_character", field=name)
        if category == "Cc":
            raise QueryError(f"the {name} holds a control character (U+{ord(ch):04X})", code="bad_character",
                             field=name)
        if category == "Cs":
            raise QueryError(f"the {name} holds an invalid character (a lone surrogate, U+{ord(ch):04X})",
                             code="bad_character", field=name)
    return value


Newest = Callable[[], date | None]  # the archive's newest publish date, asked for when needed


def parse_date_param(value: str, name: str, newest: Newest | None = None) -> tuple[date, date]:
    """A ``from``/``to`` value as its first and last day; DateError says why not (QueryError
    for a character no one types). A day without a year (``5 มิ.ย.``) is the latest such
    day not after ``newest()``, the archive's newest date, asked for only then."""
    if len(value) > MAX_PARAM_CHARS:
        raise DateError(f"too long for a date ({MAX_PARAM_CHARS} characters at most)", code="too_long")
    check_text(value, name)
    try:
        return parse_date_range(value)
    except DateError as exc:
        if exc.code != "no_year" or newest is None:
            raise
    return parse_date_range(value, newest())


def _short_text(value: str | None, name: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > MAX_PARAM_CHARS:
        raise QueryError(f"{name} is too long ({MAX_PARAM_CHARS} characters at most)", code="too_long",
                         field=name, limit=MAX_PARAM_CHARS)
    return check_text(value, name)


def parse_params(q: str | None = "", date_from: str | None = None, date_to: str | None = None,
                 page: str | int | None = 1, size: str | int | None = 10,
                 sort: str | None = "relevance", max_size: int = MAX_PAGE_SIZE,
                 chosen: Mapping[str, Any] | None = None, newest: Newest | None = None,
                 search_after: str | None = None) -> SearchParams:
    """Validate raw request parameters; raise QueryError saying what is wrong.

    `chosen`: per facet's URL parameter (``facet_table``), a value or a list of
    them: ``{"category": ["crime", "politics"]}`` (any of them),
    ``{"person": "วีรนันทน์ เพ็งจันทร์"}`` (all of them named). A parameter no facet
    takes is a TypeError (a caller's mistake, not a user's). `newest`: gives the
    archive's newest date, for a date without a year. `search_after`: a result's
    ``next`` cursor (``Cursor``), for the page after it.
    """
    chosen = dict(chosen or {})
    unknown = set(chosen) - {f.param for f in FACETS.chosen()}
    if unknown:
        raise TypeError(f"no facet is filtered by {sorted(unknown)}")
    params = SearchParams(q=(q or "").strip())
    check_text(params.q, "query")
    if len(params.q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(params.q)} characters; {MAX_QUERY_CHARS} at most)",
                         code="query_too_long", chars=len(params.q), limit=MAX_QUERY_CHARS)
    terms = len(query_terms(params.q))
    if terms > MAX_QUERY_TERMS:
        raise QueryError(f"the query has too many terms ({terms}; {MAX_QUERY_TERMS} at most)",
                         code="query_too_many_terms", terms=terms, limit=MAX_QUERY_TERMS)
    for name, raw, end in (("from", date_from, 0), ("to", date_to, 1)):
        if raw:
            try:
                day = parse_date_param(raw, name, newest)[end]
            except QueryError:
                raise
            except ValueError as exc:  # a DateError, with its code
                coded = exc if isinstance(exc, DateError) else DateError(str(exc))
                raise QueryError(f"{name}: {exc}", code="bad_date", field=name, value=raw, reason=str(exc),
                                 reason_code=coded.code, reason_params=coded.params) from None
            setattr(params, "date_from" if end == 0 else "date_to", day)
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise QueryError("from is after to: the date range is empty", code="dates_reversed")
    params.page = _positive_int(page, "page", 1)
    params.size = _positive_int(size, "size", 10)
    if params.size > max_size:
        raise QueryError(f"size must be at most {max_size}", code="size_too_large", limit=max_size)
    if params.page * params.size > MAX_RESULT_DEPTH:
        raise QueryError(f"page {params.page} is too deep: only the first {MAX_RESULT_DEPTH:,} results "
                         f"can be paged to (page x size at most {MAX_RESULT_DEPTH})", code="page_too_deep",
                         page=params.page, limit=MAX_RESULT_DEPTH)
    if search_after:
        params.after = Cursor.parse(_short_text(search_after, "search_after") or "")
    params.sort = (sort or "relevance").strip().lower()
    if params.sort not in SORTS:
        raise QueryError("sort must be 'relevance', 'date' or 'oldest'", code="bad_sort")
    params.chosen = {f.name: values for f in FACETS.chosen() if (values := _names(chosen.get(f.param), f.param))}
    return params


def parse_list_params(q: str | None = "", page: str | int | None = 1) -> tuple[str, int]:
    """``q`` and ``page`` of a list that is not a search (the officials directory),
    checked as a search's are."""
    text = check_text((q or "").strip(), "query")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; {MAX_QUERY_CHARS} at most)",
                         code="query_too_long", chars=len(text), limit=MAX_QUERY_CHARS)
    return text, _positive_int(page, "page", 1)


def _names(values, name: str) -> tuple[str, ...]:
    """One name or a list of them, each checked, each once."""
    if isinstance(values, str):
        values = [values]
    checked = (_short_text(v, name) for v in values or ())
    return tuple(dict.fromkeys(v for v in checked if v))


def _positive_int(value, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, str) and len(value) > 20:
        raise QueryError(f"{name} must be a short whole number", code="bad_number", field=name)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be a whole number, not {value!r}", code="bad_number", field=name) from None
    if number < 1:
        raise QueryError(f"{name} must be 1 or more", code="bad_number", field=name)
    if number > 10_000_000:
        raise QueryError(f"{name} is too large", code="bad_number", field=name)
    return number
