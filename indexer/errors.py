"""The project's errors: one base, a status for the HTTP layer, a code for messages.

Every error a user can cause or meet (a query that cannot be read, an index
that is missing or busy, a file that cannot be ingested) is a
:class:`ThainewsError`. Its ``str()`` is a plain English sentence (the CLI
and logs show it); ``code`` and ``params`` let the web layer say the same
thing in the reader's language; ``status`` is the HTTP status it answers
with. The web app renders all of them in one place.
"""

from __future__ import annotations

__all__ = ["ThainewsError", "QueryError", "DateError", "NotFound", "Unavailable", "IndexMissing"]


class ThainewsError(Exception):
    """Base of the errors thainews raises on purpose."""

    status = 500
    default_code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params):
        super().__init__(message)
        self.code = code or self.default_code
        self.params = params


class QueryError(ThainewsError, ValueError):
    """A query or parameter that cannot be accepted; the message says why."""

    status = 400
    default_code = "bad_query"


class DateError(ThainewsError, ValueError):
    """A date a user typed that cannot be read (``thai.dates``).

    ``code`` says why: ``day_out_of_range`` (params `day`, `month`, `year`, the
    year Gregorian), ``month_out_of_range`` and ``bad_year`` (`value`),
    ``range_backwards`` (`value`, the day range), ``bare_two_digits``,
    ``no_year``, ``too_long``, or ``unreadable`` (no form fits).
    """

    status = 400
    default_code = "unreadable"


class NotFound(ThainewsError, LookupError):
    """An article or an official the index does not hold (``no_article``, ``no_person``)."""

    status = 404
    default_code = "not_found"


class Unavailable(ThainewsError, RuntimeError):
    """No replica of a shard answered in time (``search.cluster``), or no shard at all."""

    status = 503
    default_code = "unavailable"


class IndexMissing(ThainewsError, FileNotFoundError):
    """No thainews index at the given directory (or one this version cannot read)."""

    status = 503
    default_code = "index_missing"
