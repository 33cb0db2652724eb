"""Counts of the matching articles per facet (``facet_table``), and a timeline.

Read from the per-article columns of the substring index (``matching.view``)
with numpy: no stored document is read, whatever the number of matches.
Per kind of facet: a ``KEYWORD`` facet's values (the category) by count,
then the articles with none, adding up to the total, and ignoring the
facet's own filter, so choosing one category keeps the counts of the
others in view; the ``PEOPLE_SHOWN`` officials most named; for ``DATES``,
years and months in time order, then the undated articles (the years add
up to the total), and the timeline: matches per day, week or month,
whichever gives at most ``TIMELINE_BARS`` bars over the range shown (the
date filter, else the matches' own first and last day).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from indexer.facet_table import DATES, FACETS, KEYWORD, NONE, PEOPLE, Facet
from indexer.index.textcodec import EPOCH, NO_DAY
from indexer.matching.matches import Matches
from indexer.matching.view import IndexView, most_counted
from indexer.settings import PEOPLE_SHOWN, TIMELINE_BARS
from indexer.thai.date_format import format_thai_month
from indexer.thai.dates import be_year

from .labels import value_label

__all__ = ["facet_counts", "facet_parts", "facets_of", "value_counts", "value_tally", "value_list", "top_people",
           "timeline", "UNDATED"]

# the year facet's bucket of the undated articles (no date filter finds them)
UNDATED = "undated"


def _days(matches: Matches) -> np.ndarray:
    parts = [seg.days[m] for seg, m in zip(matches.view.segments, matches.masks)]
    days = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    return days[days != NO_DAY]


def timeline(days: np.ndarray, first: date | None = None, last: date | None = None) -> dict:
    """Matches per day, week (from Monday), month or year from the first to the
    last day matched, or from `first` and to `last` (the date filter) when
    they are near those, empty bars included:
    ``{"unit": "day"|"week"|"month"|"year", "buckets": [{"start", "end", "count"}]}``.

    The unit is the finest that keeps the range to at most ``TIMELINE_BARS``
    bars: days, weeks, months, else years.
    """
    if not len(days):
        return {"unit": "day", "buckets": []}
    # the filter's range, empty days included, as long as it is near the
    # matches: a bound far past them (`to=9999-12-31`) gives way to theirs
    lo, hi = int(days.min()), int(days.max())
    if first and 0 <= lo - (first - EPOCH).days <= TIMELINE_BARS:
        lo = (first - EPOCH).days
    if last and 0 <= (last - EPOCH).days - hi <= TIMELINE_BARS:
        hi = (last - EPOCH).days
    days = days[(days >= lo) & (days <= hi)]
    if hi - lo < TIMELINE_BARS:
        unit, edges = "day", np.arange(lo, hi + 2, dtype=np.int64)
    elif (hi - lo) // 7 < TIMELINE_BARS:
        unit = "week"
        monday = lo - (lo + 3) % 7  # 1970-01-01 was a Thursday
        edges = np.arange(monday, hi + 8, 7, dtype=np.int64)
    else:
        span = np.array([lo, hi], dtype="datetime64[D]").astype("datetime64[M]")
        years = span.astype("datetime64[Y]")
        # months while they are at most TIMELINE_BARS bars (76 months were drawn), else years
        unit = "month" if (span[1] - span[0]).astype(int) < TIMELINE_BARS else "year"
        if unit == "year":
            span = years
        edges = np.arange(span[0], span[1] + 2).astype("datetime64[D]").astype(np.int64)
    # matches up to each day, so a bar is a difference of two (no sort of the matches)
    upto = np.concatenate([[0], np.cumsum(np.bincount(days - lo, minlength=hi - lo + 1))])
    at = upto[np.clip(edges - lo, 0, len(upto) - 1)]
    counts = (at[1:] - at[:-1]).tolist()
    starts = np.maximum(edges[:-1], lo).astype("datetime64[D]").astype(str).tolist()
    ends = np.minimum(edges[1:] - 1, hi).astype("datetime64[D]").astype(str).tolist()
    return {"unit": unit, "buckets": [{"start": a, "end": b, "count": c} for a, b, c in zip(starts, ends, counts)]}


def _by_month(days: np.ndarray) -> tuple[list[dict], list[dict]]:
    """Counts per year and per month, in time order (matches counted per day first: the
    calendar is worked out for the days that have any, not for every match)."""
    if not len(days):
        return [], []
    first = int(days.min())
    per_day = np.bincount(days - first)
    found = np.flatnonzero(per_day)
    months, which = np.unique((found + first).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64),
                              return_inverse=True)
    counts = np.bincount(which, weights=per_day[found]).astype(np.int64)
    month_list = []
    years: dict[str, int] = {}
    for month, count in zip(months.tolist(), counts.tolist()):  # months since 1970-01
        year, number = 1970 + month // 12, month % 12 + 1
        month_list.append({"value": f"{year:04d}-{number:02d}", "label": format_thai_month(year, number),
                           "count": count})
        years[f"{year:04d}"] = years.get(f"{year:04d}", 0) + count
    year_list = [{"value": y, "label": str(be_year(int(y))), "count": c} for y, c in years.items()]
    return year_list, month_list


def value_tally(view: IndexView, facet: Facet, masks: list[np.ndarray]) -> tuple[dict[str, int], int]:
    """A keyword facet's count per value in the articles of `masks` (one per segment), and
    the count of those with none (a shard's part of ``value_counts``)."""
    counts: Counter[str] = Counter()
    for seg, mask in zip(view.segments, masks):
        codes, values = seg.codes[facet.column][mask], seg.values(facet.column)
        tally = np.bincount(codes[codes >= 0], minlength=len(values))
        for code in np.flatnonzero(tally):
            counts[values[code]] += int(tally[code])
    none = sum(int(np.count_nonzero(seg.codes[facet.column][mask] < 0)) for seg, mask in zip(view.segments, masks))
    return dict(counts), none


def value_list(facet: Facet, tallies: list[tuple[dict[str, int], int]]) -> list[dict]:
    """A keyword facet's values from the tallies of its parts (``value_tally``), biggest
    first, then ``NONE`` (the articles with none), with their names in Thai and English."""
    counts: Counter[str] = Counter()
    for part, _ in tallies:
        counts.update(part)
    found = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    # the articles with no value, so the counts add up to the total
    none = sum(n for _, n in tallies)
    return [{"value": value, "label": value_label(facet, value), "label_en": value_label(facet, value, "en"),
             "count": count} for value, count in found + ([(NONE, none)] if none else [])]


def value_counts(view: IndexView, facet: Facet, masks: list[np.ndarray]) -> list[dict]:
    """A keyword facet's values in the articles of `masks` (one per segment): ``value_list``."""
    return value_list(facet, [value_tally(view, facet, masks)])


def top_people(counts: dict[str, int], limit: int = PEOPLE_SHOWN) -> list[tuple[str, int]]:
    """The `limit` most counted officials, ties by name (``most_counted``)."""
    return most_counted(list(counts), np.fromiter(counts.values(), dtype=np.int64, count=len(counts)), limit)


def facet_parts(matches: Matches) -> dict:
    """What the facets count in one shard, to be added up (``facets_of``): per keyword
    facet its tally, per official named the matches naming them (by the official's number
    in the archive's figures, as arrays), and per day the matches published that day."""
    out: dict = {}
    for facet in FACETS:
        if facet.kind == KEYWORD:
            out[facet.name] = value_tally(matches.view, facet, matches.masks_without(facet.name))
        elif facet.kind == PEOPLE:
            # by number, not by name: a broad query names thousands (a 150 KB answer by name)
            counts = matches.view.people.count(matches.masks)
            named = np.flatnonzero(counts)
            out[facet.name] = (named.astype(np.int32), counts[named].astype(np.int32))
        elif facet.kind == DATES:
            out[facet.name] = np.unique(_days(matches), return_counts=True)
    return out


def facets_of(parts: list[dict], total: int, first: date | None = None, last: date | None = None,
              names: list[str] | None = None) -> dict:
    """Per facet of ``facet_table``, by name, a list of ``{"value", "label", "count"}``
    (keyword facets' also ``label_en``), and ``"month"`` and ``"timeline"`` (see
    :func:`timeline`; `first` and `last`: the date filter):
    ``{"category", "person", "year", "month", "timeline"}``, from the ``facet_parts`` of
    every shard (`total`: the matches; `names`: the archive's officials, in the order of
    its figures, ``ArchiveStats.spelled``, which numbers them alike in every shard)."""
    out: dict = {}
    for facet in FACETS:
        if facet.kind == KEYWORD:
            out[facet.name] = value_list(facet, [p[facet.name] for p in parts])
        elif facet.kind == PEOPLE:
            assert names is not None, "the archive's officials number the shards' counts"
            counts = np.zeros(len(names), dtype=np.int64)
            for p in parts:
                codes, named = p[facet.name]
                counts[codes] += named  # each name once in a part
            out[facet.name] = _people_list(most_counted(names, counts, PEOPLE_SHOWN))
        elif facet.kind == DATES:
            days = np.concatenate([np.repeat(*p[facet.name]) for p in parts]).astype(np.int32) if parts \
                else np.zeros(0, dtype=np.int32)
            out.update(_dates(facet, days, total, first, last))
    return out


def _dates(facet: Facet, days: np.ndarray, total: int, first: date | None, last: date | None) -> dict:
    """The year facet's ``{"year", "month", "timeline"}`` (the facet's name for ``year``)."""
    years, months = _by_month(days)
    # the undated articles, so the years add up to the total (no link: no date filter finds them)
    if total > len(days):
        years.append({"value": UNDATED, "label": facet.missing[0], "label_en": facet.missing[1],
                      "count": total - len(days)})
    return {facet.name: years, "month": months, "timeline": timeline(days, first, last)}


def facet_counts(matches: Matches, first: date | None = None, last: date | None = None) -> dict:
    """The facets of one index's matches: what ``facets_of`` makes of its one part, counted
    straight from the matches (no part to add up: the officials' top by numpy, the days
    as they are; a part's name-by-name dict cost 1 ms on a broad query)."""
    out: dict = {}
    for facet in FACETS:
        if facet.kind == KEYWORD:
            out[facet.name] = value_counts(matches.view, facet, matches.masks_without(facet.name))
        elif facet.kind == PEOPLE:
            table = matches.view.people
            out[facet.name] = _people_list(table.top(table.count(matches.masks), PEOPLE_SHOWN))
        elif facet.kind == DATES:
            out.update(_dates(facet, _days(matches), matches.total, first, last))
    return out


def _people_list(top: list[tuple[str, int]]) -> list[dict]:
    return [{"value": name, "label": name, "count": count} for name, count in top]
