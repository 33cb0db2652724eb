"""The results page's timeline: a query's matches per day, week, month or
year, as the bars of a server-drawn SVG chart (no JavaScript needed).

``bins`` groups the per-day counts the search returns (``facets["day"]``)
over the date range shown: the filter's range when there is one, else the
first to the last matching day. The step follows the range's length so a
chart holds at most about a hundred bars.
"""

from __future__ import annotations

import datetime as dt

from indexer.thai.dates import format_thai_date, format_thai_month

__all__ = ["bins", "chart", "sparkline"]

DAY_MAX = 62       # days shown one bar per day up to this range
WEEK_MAX = 7 * 80  # then weeks, then months
MONTH_MAX = 365 * 12
HEIGHT = 64        # chart area in SVG units
BAR = 10           # bar pitch in SVG units


def _step(days: int) -> str:
    if days <= DAY_MAX:
        return "day"
    if days <= WEEK_MAX:
        return "week"
    if days <= MONTH_MAX:
        return "month"
    return "year"


def _bin_start(day: dt.date, step: str) -> dt.date:
    if step == "week":
        return day - dt.timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    if step == "year":
        return day.replace(month=1, day=1)
    return day


def _next(start: dt.date, step: str) -> dt.date:
    if step == "day":
        return start + dt.timedelta(days=1)
    if step == "week":
        return start + dt.timedelta(days=7)
    if step == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _label(start: dt.date, end: dt.date, step: str) -> str:
    if step == "month":
        return format_thai_month(start.year, start.month)
    if step == "year":
        return str(start.year + 543)
    if step == "week":
        return f"{format_thai_date(start)} – {format_thai_date(end)}"
    return format_thai_date(start)


def _bounds(start: dt.date, end: dt.date, step: str) -> tuple[str, str]:
    """The from/to filter values that narrow to one bar (Thai forms, read back by the engine)."""
    if step == "month":
        month = format_thai_month(start.year, start.month)
        return month, month
    if step == "year":
        return str(start.year + 543), str(start.year + 543)
    return format_thai_date(start), format_thai_date(end)


def bins(days: list[dict], first: dt.date | None = None, last: dt.date | None = None) -> dict | None:
    """``{"step", "bins": [{start, end, count, label, from, to}], "max"}`` or None.

    `days` is ``[{"value": "YYYY-MM-DD", "count": n}]``; `first` and
    `last` clip (and extend) the range, e.g. to the date filter.
    """
    counts: dict[dt.date, int] = {}
    for entry in days or []:
        try:
            counts[dt.date.fromisoformat(entry["value"])] = int(entry["count"])
        except (KeyError, TypeError, ValueError):
            continue
    if not counts:
        return None
    lo = max(first, min(counts)) if first else min(counts)
    hi = min(last, max(counts)) if last else max(counts)
    if first and first > dt.date(1900, 1, 1) and (hi - first).days <= MONTH_MAX:
        lo = first  # the filter's range, empty days included
    if last and last < dt.date.today() + dt.timedelta(days=1) and (last - lo).days <= MONTH_MAX:
        hi = last
    if hi < lo:
        return None
    step = _step((hi - lo).days + 1)
    out = []
    start = _bin_start(lo, step)
    while start <= hi and len(out) < 400:
        stop = _next(start, step)
        end = stop - dt.timedelta(days=1)
        count = sum(n for day, n in counts.items() if start <= day <= end)
        frm, to = _bounds(start, end, step)
        out.append({"start": start, "end": end, "count": count, "label": _label(start, end, step),
                    "from": frm, "to": to})
        start = stop
    return {"step": step, "bins": out, "max": max(b["count"] for b in out) or 1}


def chart(timeline: dict) -> dict:
    """SVG geometry for `timeline`'s bars: width, height, and per bar x, y, h."""
    bars = []
    top = timeline["max"]
    for i, entry in enumerate(timeline["bins"]):
        h = 0 if not entry["count"] else max(2, round(entry["count"] / top * HEIGHT))
        bars.append({**entry, "x": i * BAR, "y": HEIGHT - h, "h": h, "w": BAR - 2})
    return {"width": max(len(bars) * BAR, BAR), "height": HEIGHT, "bars": bars}


def sparkline(months: list[dict], width_per: int = 6, height: int = 28) -> dict | None:
    """A person's articles per month as small bars (every month in the span)."""
    counts = {m["value"]: m["count"] for m in months or []}
    if not counts:
        return None
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    bars, top = [], max(counts.values())
    while f"{year:04d}-{month:02d}" <= last and len(bars) < 400:
        key = f"{year:04d}-{month:02d}"
        n = counts.get(key, 0)
        h = 0 if not n else max(2, round(n / top * height))
        bars.append({"x": len(bars) * width_per, "y": height - h, "h": h, "w": width_per - 1, "count": n,
                     "label": format_thai_month(year, month)})
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return {"width": len(bars) * width_per, "height": height, "bars": bars, "max": top}
