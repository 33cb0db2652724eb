"""The results page's timeline: a query's matches per day, week, month or
year, as the bars of a server-drawn SVG chart (no JavaScript needed).

The search counts the matches over the range shown and picks the step
(``facets["timeline"]``); here each bar gets its label, the dates that
narrow the search to it, and its place in the chart.
"""

from __future__ import annotations

import datetime as dt

from indexer.settings import TIMELINE_MIN_SLOTS, TIMELINE_TICKS
from indexer.thai.date_format import format_date, format_month, format_year

__all__ = ["bars", "chart", "sparkline"]

HEIGHT = 64        # chart area in SVG units
BAR = 10           # bar pitch in SVG units


def _label(start: dt.date, end: dt.date, step: str, lang: str) -> str:
    """A bar's dates as the reader counts them: ``มิ.ย. 2560``, ``Jun 2017`` in English."""
    if step == "month":
        return format_month(start.year, start.month, lang)
    if step == "year":
        return format_year(start.year, lang)
    if step == "week":
        return f"{format_date(start, lang=lang)} – {format_date(end, lang=lang)}"
    return format_date(start, lang=lang)


def _bounds(start: dt.date, end: dt.date, step: str, lang: str) -> tuple[str, str]:
    """The from/to filter values that narrow to one bar, in the reader's forms (read back by the engine)."""
    if step in ("month", "year"):
        return _label(start, end, step, lang), _label(start, end, step, lang)
    return format_date(start, lang=lang), format_date(end, lang=lang)


def bars(timeline: dict, english: bool = False) -> dict | None:
    """``{"step", "bins": [{start, end, count, label, from, to}], "max"}`` from the search's
    ``facets["timeline"]`` (``{"unit", "buckets": [{"start", "end", "count"}]}``), or None;
    labels and filter values Thai, or Gregorian for an English page."""
    step = timeline.get("unit") or "day"
    lang = "en" if english else "th"
    out: list[dict] = []
    for bucket in timeline.get("buckets") or []:
        try:
            start, end = dt.date.fromisoformat(bucket["start"]), dt.date.fromisoformat(bucket["end"])
        except (KeyError, TypeError, ValueError):
            continue
        frm, to = _bounds(start, end, step, lang)
        out.append({"start": start, "end": end, "count": int(bucket.get("count") or 0),
                    "label": _label(start, end, step, lang), "from": frm, "to": to})
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
    lang = "en" if english else "th"
    for i, bar in enumerate(bars):
        start = bar["start"]
        if step in ("day", "week"):
            new = i == 0 or start.month != bars[i - 1]["start"].month
            label = format_month(start.year, start.month, lang)
        else:
            new = i == 0 or start.year != bars[i - 1]["start"].year
            label = format_year(start.year, lang)
        if new:
            marks.append((bar, label))
    every = -(-len(marks) // TIMELINE_TICKS)
    return marks[::every]


def sparkline(months: list[dict], width_per: int = 6, height: int = 28, english: bool = False) -> dict | None:
    """A person's articles per month as small bars (every month in the span), each labelled
    ``มิ.ย. 2560`` (``Jun 2017`` for an English page)."""
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
                     "label": format_month(year, month, "en" if english else "th")})
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return {"width": len(bars) * width_per, "height": height, "bars": bars, "max": top}
