"""What the search page shows besides the hits: filters with their counts,
the timeline, quick ranges, the query's interpretation.

Every piece is drawn from the search result's JSON (the search service's
shape: facets, timeline buckets, interpretation); each link is the page's
own URL with a parameter changed (``url_with``), so every state stays a URL.
The filters are the facets of ``indexer.facet_table``, in its order.
"""

from __future__ import annotations

import datetime as dt

from flask import request, url_for

from indexer.facet_table import DATE_PARAMS, DATES, FACETS, KEYWORD, Facet
from indexer.search.labels import value_label

from . import timeline as tl
from .i18n import day, lang, t, year_label

__all__ = ["state_keys", "list_keys", "url_with", "state_params", "filters", "timeline_view",
           "read_range", "quick_ranges", "interpretation", "marked_parts", "split_offer"]

DEFAULTS = {"page": "1", "sort": "relevance", "size": "10"}


def list_keys() -> tuple[str, ...]:
    """The GET parameters that may repeat: each facet's chosen values (``category``, ``person``)."""
    return tuple(facet.param for facet in FACETS.chosen())


def state_keys() -> tuple[str, ...]:
    """The GET parameters that make up a search page's state, in URL order."""
    return ("q", *DATE_PARAMS, *list_keys(), "sort", "size", "page")


def state_params(args=None) -> dict:
    """The page state in `args` (default: this request): lists for the repeatable keys."""
    args = request.args if args is None else args
    out = {}
    lists = list_keys()
    for key in state_keys():
        if key in lists:
            values = [v for v in args.getlist(key) if v]
            if values:
                out[key] = list(dict.fromkeys(values))
        elif args.get(key):
            out[key] = args.get(key)
    return out


def url_with(endpoint: str = "pages.index", **changes) -> str:
    """The current search page's URL with some parameters changed.

    ``None`` or ``""`` removes a parameter; any change other than ``page``
    goes back to page 1. ``toggle_<key>`` (``toggle_category``, ``toggle_person``)
    adds or removes one value of a repeatable parameter.
    """
    params = state_params()
    if "page" not in changes:
        params.pop("page", None)
    for key in list_keys():
        value = changes.pop(f"toggle_{key}", None)
        if value:
            current = params.get(key, [])
            params[key] = [v for v in current if v != value] if value in current else current + [value]
    for key, value in changes.items():
        params[key] = "" if value is None else value if isinstance(value, list) else str(value)
    clean = {k: params[k] for k in state_keys() if params.get(k) and params.get(k) != DEFAULTS.get(k)}
    return url_for(endpoint, **clean)


def read_range(result: dict | None) -> str | None:
    """The date range as the engine read it, in the reader's language: ``1 มิ.ย. 2560 –
    15 มิ.ย. 2560`` (``1 Jun 2017 – 15 Jun 2017`` on English pages)."""
    if not result or not (result.get("from") or result.get("to")):
        return None
    return f"{day(result.get('from')) or '…'} – {day(result.get('to')) or '…'}"


def _reads(result: dict | None, first: dt.date | None, last: dt.date | None) -> bool:
    """Is the result's date filter, as the engine read it, exactly first to last?"""
    return result is not None and (result.get("from"), result.get("to")) == (
        first and first.isoformat(), last and last.isoformat())


def filters(result: dict, args) -> dict:
    """The filter sidebar and the chips of the chosen values: ``{"sections", "chips"}``.

    A section per facet of ``facet_table``, in its order: ``{"name", "kind",
    "heading", "hint", "entries"}``, each entry ``{"value", "label", "count",
    "active", "url"}`` whose URL toggles it: keyword values (the categories:
    several at once, every count kept), the officials named in the matches,
    years in time order (a year's URL sets the dates to it). A chip
    ``{"text", "remove", "url"}`` per chosen value, in the URL's order;
    ``cleared``: the page without any of them.
    """
    facets = result.get("facets") or {}
    sections, chips = [], []
    for facet in FACETS:
        counted = facets.get(facet.name) or []
        entries = _years(counted, result) if facet.kind == DATES else _values(facet, counted, args)
        sections.append({"name": facet.section, "kind": facet.kind, "heading": t(facet.label),
                         "hint": t(facet.hint) if facet.hint else None, "entries": entries})
        if facet.kind != DATES:
            chips += _chips(facet, entries, args)
    # the page with every facet's choice dropped
    cleared = url_with("pages.index", **{key: None for key in list_keys()}) if chips else None
    return {"sections": sections, "chips": chips, "cleared": cleared}


def _chosen(facet: Facet, args) -> list[str]:
    """A facet's chosen values in the URL, each once."""
    return list(dict.fromkeys(v for v in args.getlist(facet.param) if v))


def _values(facet: Facet, counted: list[dict], args) -> list[dict]:
    """A keyword or people facet's entries, by count, each toggling its value."""
    chosen = _chosen(facet, args)
    english = lang() == "en"
    toggle = f"toggle_{facet.param}"
    entries = [{**entry, "label": entry.get("label_en", entry["label"]) if english else entry["label"],
                "active": entry["value"] in chosen, "url": url_with(**{toggle: entry["value"]})}
               for entry in counted]
    if facet.kind == KEYWORD:
        # a chosen value the counts do not hold (none of its articles match) stays removable
        shown = {e["value"] for e in entries}
        entries += [{"value": value, "label": value_label(facet, value, lang()), "count": 0, "active": True,
                     "url": url_with(**{toggle: value})} for value in chosen if value not in shown]
    return entries


def _chips(facet: Facet, entries: list[dict], args) -> list[dict]:
    """A removable chip per chosen value of a facet (``results.chosen`` when the facet
    names no chip messages of its own)."""
    labels = {e["value"]: e["label"] for e in entries}
    said, remove = facet.chips or ("results.chosen", "results.remove_chosen")
    out = []
    for value in _chosen(facet, args):
        label = labels.get(value) or value
        out.append({"text": t(said, name=label, facet=t(facet.label)),
                    "remove": t(remove, name=label, facet=t(facet.label)),
                    "url": url_with(**{f"toggle_{facet.param}": value})})
    return out


def _years(counted: list[dict], result: dict) -> list[dict]:
    """The year facet's entries in time order, each setting the dates to its year (or, when
    they are, clearing them), as the reader counts years (``2560``, ``2017`` in English);
    the undated articles are counted, with no link (no date filter finds them)."""
    english = lang() == "en"
    years = []
    for entry in counted:
        if entry["value"] == "undated":
            years.append({**entry, "label": entry["label_en"] if english else entry["label"],
                          "active": False, "url": None})
            continue
        number = int(entry["value"])  # Gregorian; shown and filtered as the reader counts years
        label = year_label(number)
        active = _reads(result, dt.date(number, 1, 1), dt.date(number, 12, 31))
        years.append({**entry, "label": label, "active": active,
                      "url": url_with(**({"from": None, "to": None} if active else {"from": label, "to": label}))})
    return years


def timeline_view(result: dict) -> dict | None:
    """The chart of the result's timeline (the engine's buckets), each bar a link narrowing the dates."""
    english = lang() == "en"
    data = tl.bars((result.get("facets") or {}).get("timeline") or {}, english)
    if not data:
        return None
    drawn = tl.chart(data, english)
    for bar in drawn["bars"]:
        bar["url"] = url_with(**{"from": bar["from"], "to": bar["to"]})
    peak = max(drawn["bars"], key=lambda b: b["count"])
    return {**drawn, "step": data["step"], "peak": peak,
            "first_label": drawn["bars"][0]["label"], "last_label": drawn["bars"][-1]["label"]}


def quick_ranges(last_date: str | None, result: dict | None) -> dict | None:
    """7 days, 30 days, the newest article's year, all: counted back from the
    archive's newest article (a 2017 archive's 'last 7 days' are in 2017), which the
    page names (``newest``: ``28 มิ.ย. 2560``); each range with its URL, the one the
    search reads marked."""
    if not last_date:
        return None
    end = dt.date.fromisoformat(last_date)
    spans = [("dates.last7", end - dt.timedelta(days=6), end), ("dates.last30", end - dt.timedelta(days=29), end),
             ("dates.this_year", dt.date(end.year, 1, 1), dt.date(end.year, 12, 31)), ("dates.any", None, None)]
    ranges = []
    for key, first, last in spans:
        # a year is typed as a year (`2560`), not as its first and last days
        frm, to = ((year_label(end.year),) * 2 if key == "dates.this_year" else (day(first) or None, day(last) or None))
        ranges.append({"key": key, "year": year_label(end.year), "active": _reads(result, first, last),
                       "url": url_with("pages.index", **{"from": frm, "to": to})})
    return {"newest": day(end), "ranges": ranges}


def interpretation(result: dict | None, match: str = "words") -> list[dict]:
    """The units the engine matched by their dictionary words only
    (``interpretation.units[].match == "words"``), or verbatim first and then by
    their words (`match="exact+words"`), when the engine says so."""
    units = ((result or {}).get("interpretation") or {}).get("units") or []
    return [u for u in units if isinstance(u, dict) and u.get("match") == match and u.get("words")]


def marked_parts(hits: list[dict]) -> list[dict]:
    """The hits with the first one of the words part flagged (``part_start``), where
    the page goes on from the verbatim matches to the articles holding the words."""
    out, seen = [], False
    for hit in hits:
        start = hit.get("reading") == "words" and not seen
        seen = seen or start
        out.append({**hit, "part_start": start})
    return out


def split_offer(result: dict | None) -> str | None:
    """For a query that found nothing: any of its words (``นายก OR ประยุทธ์``).

    The engine already looks for a unit's words when the unit occurs nowhere
    as typed, all of them together; when even that finds nothing, asking for
    any one word is the next step. The words are those the engine read
    (``interpretation``), so nothing is segmented here.
    """
    if not result or result.get("total") or not result.get("query"):
        return None
    words: list[str] = []
    for unit in (result.get("interpretation") or {}).get("units") or []:
        if unit.get("field") not in (None, "title", "body"):
            return None
        words.extend(unit.get("words") or [unit.get("text")] if unit.get("match") == "words" else [unit.get("text")])
    words = [w for w in dict.fromkeys(words) if w]
    return " OR ".join(words) if len(words) > 1 else None
