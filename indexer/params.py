"""Validation of search parameters: every refusal is a QueryError in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import parse_date_range

__all__ = ["QueryError", "SearchParams", "parse_params", "MAX_PAGE_SIZE", "MAX_QUERY_CHARS"]

MAX_PAGE_SIZE = 100
MAX_QUERY_CHARS = 1000


class QueryError(ValueError):
    """A query or parameter that cannot be accepted; the message says why."""


@dataclass
class SearchParams:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    size: int = 10
    sort: str = "relevance"


def parse_params(q: str | None = "", date_from: str | None = None, date_to: str | None = None,
                 page: str | int | None = 1, size: str | int | None = 10,
                 sort: str | None = "relevance", max_size: int = MAX_PAGE_SIZE) -> SearchParams:
    """Validate raw request parameters; raise QueryError saying what is wrong."""
    params = SearchParams(q=(q or "").strip())
    if "\x00" in params.q:
        raise QueryError("the query holds a NUL character")
    if len(params.q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({MAX_QUERY_CHARS} characters at most)")
    if date_from:
        try:
            params.date_from = parse_date_range(date_from)[0]
        except ValueError as exc:
            raise QueryError(f"from: {exc}") from None
    if date_to:
        try:
            params.date_to = parse_date_range(date_to)[1]
        except ValueError as exc:
            raise QueryError(f"to: {exc}") from None
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise QueryError("from is after to: the date range is empty")
    params.page = _positive_int(page, "page", 1)
    params.size = _positive_int(size, "size", 10)
    if params.size > max_size:
        raise QueryError(f"size must be at most {max_size}")
    params.sort = (sort or "relevance").strip().lower()
    if params.sort not in ("relevance", "date"):
        raise QueryError("sort must be 'relevance' or 'date'")
    return params


def _positive_int(value, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise QueryError(f"{name} must be 1 or more")
    if number > 10_000_000:
        raise QueryError(f"{name} is too large")
    return number
