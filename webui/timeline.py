"""The results page's timeline: a query's matches per day, week, month or
year, as the bars of a server-drawn SVG chart (no JavaScript needed).

The search counts the matches over the range shown and picks the step
(``facets["timeline"]``); here each bar gets its label, the dates that
narrow the search to it, and its place in the chart.
"""

from __future__ import annotations

import datetime as dt

from indexer.settings import TIMELINE_MIN_SLOTS, TIMELINE_TICKS
from indexer.thai.dates import be_year, format_thai_date, format_thai_month

__all__ = ["bars", "chart", "sparkline"]

HEIGHT = 64        # chart area in SVG units
BAR = 10           # bar pitch in SVG units


def _label(start: dt.date, end: dt.date, step: str) -> str:
    if step == "month":
        return format_thai_month(start.year, start.month)
    if step == "year":
        return str(be_year(start.year))
    if step == "week":
        return f"{format_thai_date(start)} – {format_thai_date(end)}"
    return format_thai_date(start)


def _bounds(start: dt.date, end: dt.date, step: str) -> tuple[str, str]:
    """The from/to filter values that narrow to one bar (Thai forms, read back by the engine)."""
    if step == "month":
        month = format_thai_month(start.year, start.month)
        return month, month
    if step == "year":
        return str(be_year(start.year)), str(be_year(start.year))
    return format_thai_date(start), format_thai_date(end)


def bars(timeline: dict) -> dict | None:
    """``{"step", "bins": [{start, end, count, label, from, to}], "max"}`` from the search's
    ``facets["timeline"]`` (``{"unit", "buckets": [{"start", "end", "count"}]}``), or None."""
    step = timeline.get("unit") or "day"
    out: list[dict] = []
    for bucket in timeline.get("buckets") or []:
        try:
            start, end = dt.date.fromisoformat(bucket["start"]), dt.date.fromisoformat(bucket["end"])
        except (KeyError, TypeError, ValueError):
            continue
        frm, to = _bounds(start, end, step)
        out.append({"start": start, "end": end, "count": int(bucket.get("count") or 0),
                    "label": _label(start, end, step), "from": frm, "to": to})
    if not out or not any(b["count"] for b in out):
        return None
    return {"step": step, "bins": out, "max": max(b["count"] for b in out) or 1}


def chart(timeline: dict, english: bool = False) -> dict:
    """SVG geometry for `timeline`'s bars: width, height, per bar x, y, h, and the
    axis ticks (``{"x": percent, "label"}``).

    A few bars are drawn at their width in the middle of the chart (at least
    ``TIMELINE_MIN_SLOTS`` slots), not stretched across it: one day is one bar, not a block.
    """
    bins = timeline["bins"]
    slots = max(len(bins), TIMELINE_MIN_SLOTS)
    offset = (slots - len(bins)) * BAR // 2
    bars = []
    top = timeline["max"]
    for i, entry in enumerate(bins):
        h = 0 if not entry["count"] else max(2, round(entry["count"] / top * HEIGHT))
        bars.append({**entry, "x": offset + i * BAR, "y": HEIGHT - h, "h": h, "w": BAR - 2})
    width = slots * BAR
    ticks = [{"x": round((bar["x"] + BAR / 2) / width * 100, 2), "label": label}
             for bar, label in _ticks(bars, timeline["step"], english)]
    return {"width": width, "height": HEIGHT, "bars": bars, "ticks": ticks}


def _ticks(bars: list[dict], step: str, english: bool) -> list[tuple[dict, str]]:
    """The bars that start a month (days, weeks) or a year (months, years), each with its
    label (`มิ.ย. 2560`, `2560`; Gregorian in English), thinned to ``TIMELINE_TICKS``."""
    marks = []
    for i, bar in enumerate(bars):
        start = bar["start"]
        if step in ("day", "week"):
            new = i == 0 or start.month != bars[i - 1]["start"].month
            label = (start.strftime("%b %Y") if english else format_thai_month(start.year, start.month))
        else:
            new = i == 0 or start.year != bars[i - 1]["start"].year
            label = str(start.year) if english else str(be_year(start.year))
        if new:
            marks.append((bar, label))
    every = -(-len(marks) // TIMELINE_TICKS)
    return marks[::every]


def sparkline(months: list[dict], width_per: int = 6, height: int = 28) -> dict | None:
    """A person's articles per month as small bars (every month in the span)."""
    counts = {m["value"]: m["count"] for m in months or []}
    if not counts:
        return None
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    bars: list[dict] = []
    top = max(counts.values())
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
