"""Filters and facet counts, read from sortable columns (no document scans)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from whoosh import query as wq
from whoosh import sorting

from indexer.thai.dates import format_thai_month

from .runs import DocNums

__all__ = ["FACETS", "CATEGORY_FACET", "make_filter", "categories_of", "facet_counts", "day_counts",
           "matched_docnums", "Allowed"]

class _RawDays(sorting.ColumnCategorizer):
    """The date column's raw values as group keys (an undated article holds
    the column default, which does not translate to a datetime)."""

    def key_to_name(self, key):
        return key


class _DayFacet(sorting.FieldFacet):
    def categorizer(self, global_searcher):
        return _RawDays(global_searcher, self.fieldname)


FACETS = {
    "year": sorting.FieldFacet("year", maptype=sorting.Count),
    "month": sorting.FieldFacet("month", maptype=sorting.Count),
    "category": sorting.FieldFacet("category", maptype=sorting.Count),
    # matches per publish day (the web page's timeline); the date column
    # holds whole days, so its values are the days
    "day": _DayFacet("date", maptype=sorting.Count),
    # every matching article's document number, for the officials they name
    "matches": sorting.FunctionFacet(lambda searcher, docnum: "all", maptype=sorting.UnorderedList),
}
# The category facet alone: counted again without the category filter, so a
# page can show every category's count while one or more are chosen.
CATEGORY_FACET = {"category": FACETS["category"]}


def categories_of(category) -> tuple[str, ...]:
    """A ``category`` argument (None, one name or several) as a tuple of names."""
    if not category:
        return ()
    if isinstance(category, str):
        return (category,)
    return tuple(dict.fromkeys(c for c in category if c))


def make_filter(date_from: date | None, date_to: date | None, category=None, people=()):
    """A filter query for a date range (inclusive days), categories (any of
    them: one name or several) and officials named (all of them: ``person``
    field keys)."""
    parts = []
    if date_from or date_to:
        start = datetime.combine(date_from or date(1, 1, 1), datetime.min.time())
        end = datetime.combine(date_to or date(9999, 12, 30), datetime.min.time())
        parts.append(wq.DateRange("date", start, end + timedelta(days=1) - timedelta(microseconds=1)))
    categories = categories_of(category)
    if len(categories) == 1:
        parts.append(wq.Term("category", categories[0]))
    elif categories:
        parts.append(wq.Or([wq.Term("category", c) for c in categories]))
    parts.extend(wq.Term("person", name) for name in people)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def facet_counts(results) -> dict:
    """Counts per year, month and category of all matching articles.

    Years and months come newest first (a news archive is browsed by time),
    categories by count. Articles without a date or category are not counted.
    """
    out = {}
    for name in ("year", "month", "category"):
        if name not in results.facet_names():
            continue
        counts = {k: v for k, v in results.groups(name).items() if k}
        if name == "category":
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            items = sorted(counts.items(), reverse=True)
        entries = []
        for value, count in items:
            if name == "year":
                label = str(int(value) + 543)
            elif name == "month":
                label = format_thai_month(int(value[:4]), int(value[5:7]))
            else:
                label = value
            entries.append({"value": value, "label": label, "count": count})
        out[name] = entries
    return out


def day_counts(results, searcher) -> list[dict]:
    """Matches per publish day, oldest first: ``[{"value": "2019-08-26", "count": 3}]``
    (undated articles are not counted)."""
    from whoosh.util.times import long_to_datetime

    default = searcher.schema["date"].default
    days: dict = {}
    for raw, count in results.groups("day").items():
        if raw is None or raw == default:
            continue
        try:
            day = long_to_datetime(raw).date().isoformat()
        except (OverflowError, ValueError, TypeError):
            continue
        days[day] = days.get(day, 0) + count
    return [{"value": day, "count": days[day]} for day in sorted(days)]


def matched_docnums(results) -> list[int]:
    """The document numbers of every match (from the ``matches`` facet)."""
    return results.groups("matches").get("all", [])


class Allowed(wq.Query):
    """Matches the given document numbers (of the whole index), scoring nothing.

    For ``Require(query, Allowed(filter))``: Whoosh applies a search's filter
    to each match, so a common word under a one-month filter walked all of
    its 66,000 matches in 91,000 articles to keep 500; intersected with the
    filter's documents, the query skips to the next allowed one instead.
    """

    def __init__(self, docnums: DocNums):
        self.docnums = docnums

    def __eq__(self, other):
        return other.__class__ is self.__class__ and self.docnums is other.docnums

    def __hash__(self):
        return id(self.docnums)

    def __repr__(self):
        return f"Allowed({len(self.docnums)} articles)"

    def estimate_size(self, ixreader):
        return len(self.docnums)

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        local = self.docnums.in_segment(searcher)
        if not local:
            return NullMatcher()
        return ListMatcher(local, all_weights=0.0)
