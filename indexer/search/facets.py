"""Counts of the matching articles per year, month, category and official, and a timeline.

Read from the per-article columns of the substring index (``matching.view``)
with numpy: no stored document is read, whatever the number of matches.
Years and months come in time order; categories and officials by count.
Category counts ignore the category filter itself, so choosing one category
keeps the counts of the others in view. The timeline counts matches per day,
week or month, whichever gives at most ``TIMELINE_BARS`` bars over the
range shown (the date filter, else the matches' own first and last day).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np

from indexer.index.textindex import EPOCH, NO_DAY, PEOPLE_HI, PEOPLE_LO
from indexer.matching.evaluate import Matches
from indexer.thai.dates import BE_OFFSET, format_thai_month

__all__ = ["facet_counts", "timeline", "PEOPLE_SHOWN", "TIMELINE_BARS"]

PEOPLE_SHOWN = 10  # officials named in the matching articles, the most named first
TIMELINE_BARS = 62


def _days(matches: Matches) -> np.ndarray:
    days = [seg.days[m] for seg, m in zip(matches.view.segments, matches.masks)]
    days = np.concatenate(days) if days else np.zeros(0, dtype=np.int32)
    return days[days != NO_DAY]


def timeline(days: np.ndarray, first: date | None = None, last: date | None = None) -> dict:
    """Matches per day, week (from Monday) or month between `first` and `last`
    (default: the first and last day matched), empty bars included:
    ``{"unit": "day"|"week"|"month", "buckets": [{"start", "end", "count"}]}``."""
    if not len(days) and (first is None or last is None):
        return {"unit": "day", "buckets": []}
    lo = (first - EPOCH).days if first else int(days.min())
    hi = (last - EPOCH).days if last else int(days.max())
    days = days[(days >= lo) & (days <= hi)]
    start, end = EPOCH + timedelta(days=lo), EPOCH + timedelta(days=hi)
    if hi - lo < TIMELINE_BARS:
        unit, edges = "day", [start + timedelta(days=i) for i in range(hi - lo + 2)]
    elif (hi - lo) // 7 < TIMELINE_BARS:
        unit = "week"
        monday = start - timedelta(days=start.weekday())
        edges = [monday + timedelta(weeks=i) for i in range((end - monday).days // 7 + 2)]
    else:
        unit, edges = "month", []
        month = date(start.year, start.month, 1)
        while month <= end:
            edges.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        edges.append(month)
    cuts = np.array([(e - EPOCH).days for e in edges], dtype=np.int64)
    counts = np.histogram(days, bins=cuts)[0] if len(cuts) > 1 else np.zeros(0, dtype=np.int64)
    buckets = [{"start": max(a, start).isoformat(), "end": min(b - timedelta(days=1), end).isoformat(),
                "count": int(c)} for a, b, c in zip(edges, edges[1:], counts)]
    return {"unit": unit, "buckets": buckets}


def _by_month(days: np.ndarray) -> tuple[list[dict], list[dict]]:
    """Counts per year and per month, in time order."""
    months, counts = np.unique(days.astype("datetime64[D]").astype("datetime64[M]"), return_counts=True)
    month_list = []
    years: dict[str, int] = {}
    for month, count in zip(months.astype(str), counts.tolist()):
        year, number = int(month[:4]), int(month[5:7])
        month_list.append({"value": month, "label": format_thai_month(year, number), "count": count})
        years[month[:4]] = years.get(month[:4], 0) + count
    year_list = [{"value": y, "label": str(int(y) + BE_OFFSET), "count": c} for y, c in years.items()]
    return year_list, month_list


def _categories(matches: Matches, labels) -> list[dict]:
    counts: Counter[str] = Counter()
    for seg, mask in zip(matches.view.segments, matches.uncategorised):
        codes = seg.categories[mask]
        tally = np.bincount(codes[codes >= 0], minlength=len(seg.text.categories))
        for code in np.flatnonzero(tally):
            counts[seg.text.categories[code]] += int(tally[code])
    return [{"value": name, "label": labels(name), "count": count}
            for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _people(matches: Matches) -> list[dict]:
    """The officials most named in the matches: counted per segment, summed by name (``view.people``)."""
    book = matches.view.people
    counts = np.zeros(len(book.names), dtype=np.int64)
    for seg, mask, to_book in zip(matches.view.segments, matches.masks, book.codes):
        rows = seg.text.docs[mask]
        sizes = rows[:, PEOPLE_HI] - rows[:, PEOPLE_LO]
        total = int(sizes.sum())
        if not total:
            continue
        # every mention slot of the matching articles, gathered in one go
        slots = np.repeat(rows[:, PEOPLE_LO] - np.cumsum(sizes) + sizes, sizes) + np.arange(total)
        counts[to_book] += np.bincount(seg.text.mentions[slots], minlength=len(to_book))
    top = np.flatnonzero(counts)
    if len(top) > PEOPLE_SHOWN:
        top = top[np.argpartition(-counts[top], PEOPLE_SHOWN - 1)[:PEOPLE_SHOWN]]
    order = sorted(top.tolist(), key=lambda i: (-counts[i], book.names[i]))
    return [{"value": book.names[i], "label": book.names[i], "count": int(counts[i])} for i in order]


def facet_counts(matches: Matches, first: date | None = None, last: date | None = None,
                 category_label=lambda name: name) -> dict:
    """``{"year", "month", "category", "person"}``: lists of ``{"value", "label", "count"}``,
    and ``"timeline"`` (see :func:`timeline`; `first` and `last`: the date filter)."""
    days = _days(matches)
    years, months = _by_month(days)
    return {"year": years, "month": months, "category": _categories(matches, category_label),
            "person": _people(matches), "timeline": timeline(days, first, last)}


def day_of(value: int) -> date | None:
    """The date of a day number of the per-article table."""
    return None if value == NO_DAY else EPOCH + timedelta(days=int(value))
