"""The evaluation's metrics: per query and per query type, for one engine (definitions: bench/README.md).

Recall and precision against the oracle (R@300, P@10, P@10(k)), MRR@10 and
S@10 of known-item queries, precision and recall over every hit of syllable
queries, "held" (the hits hold every unit of the query,
or a variant the engine listed: ``นายกฯ`` for ``นายกรัฐมนตรี``),
"all-words" of unspaced queries (``ตำรวจจับยาบ้า``: hits holding ตำรวจ, จับ
and ยาบ้า), the share of hits inside a date filter, and latency.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date

from bench.make_queries import TYPES

__all__ = ["CUTOFF", "TOP", "EVERY_HIT", "ALL_HITS_TYPES", "score", "query_units", "holds"]

CUTOFF = 300  # results fetched per query; recall is measured within them
TOP = 10
# queries judged on every hit, not the first CUTOFF: precision over all hits
ALL_HITS_TYPES = ("syllable",)
EVERY_HIT = 1_000_000


def _p95(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _kept(ch: str) -> bool:
    return ch == "." or unicodedata.category(ch)[0] not in "PS"


def _strip_marks(part: str) -> str:
    """`part` without leading and trailing punctuation and symbols (a dot stays: พล.อ.)."""
    start, end = 0, len(part)
    while start < end and not _kept(part[start]):
        start += 1
    while end > start and not _kept(part[end - 1]):
        end -= 1
    return part[start:end]


def query_units(query: str) -> list[dict]:
    """The units of `query` when the engine lists none: its space-separated parts.

    A quoted phrase is one unit (its spaces kept, collapsed to one); an
    unbalanced quote is dropped. Leading and trailing punctuation is
    stripped from each part (the engine's analyser drops it); a part with
    no letter or digit left is no unit. No variants.
    """
    units = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', query):
        text = " ".join(m.group(1).split()) if m.group(1) is not None else _strip_marks(m.group(2))
        if any(ch.isalnum() for ch in text):
            units.append({"text": text, "match": "exact", "variants": [], "words": []})
    return units


def _units_of(q: dict, interpretation: dict | None) -> list[dict]:
    units = (interpretation or {}).get("units")
    if not units:
        return query_units(q["query"])
    return [u for u in units if isinstance(u, dict) and not u.get("negated")]


def holds(text: str, units: Sequence[dict]) -> bool:
    """Whether `text` holds every unit: its text or a listed variant (case-insensitive);
    for a unit the engine matched by its words (``match`` ``words``, or ``exact+words``:
    the unit or its words), every one of them, each as written or as one of its listed
    ``word_variants``."""
    text = text.lower()
    for u in units:
        forms = [f for f in (u.get("text"), *(u.get("variants") or ())) if f]
        if any(f.lower() in text for f in forms):
            continue
        words = [w for w in (u.get("words") or ()) if w and w.strip()]
        alike = u.get("word_variants") or {}
        if u.get("match") in ("words", "exact+words") and words and \
                all(any(f.lower() in text for f in (w, *alike.get(w, ()))) for w in words):
            continue
        return False
    return True


def _query_words(q: dict) -> list[str]:
    """The words an unspaced query must all find (its ``words``; else its segmentation)."""
    if q.get("words"):
        return list(q["words"])
    from indexer.thai.segment import segment

    return [w for w in segment(q["query"]) if w.strip()]


def score(queries: Sequence[dict], runs: Sequence[dict], date_of: Callable[[str], date | None],
          cutoff: int = CUTOFF, text_of: Callable[[str], str | None] | None = None) -> tuple[dict, list[dict]]:
    """Per-type metrics and per-query details for one engine (definitions: bench/README.md).

    Without `text_of` (the hits' texts) there is no "held" and no unspaced success.
    """
    per_query: list[dict] = []
    for q, run in zip(queries, runs):
        every = run["ids"]
        ids = every[:cutoff]
        oracle = set(q.get("oracle") or ([q["target"]] if q.get("target") else []))
        row = {"type": q["type"], "query": q["query"], "from": q.get("from"), "to": q.get("to"),
               "oracle_size": len(oracle), "returned": len(ids), "ms": round(run["ms"], 2),
               "error": run["error"], "top10": ids[:TOP]}
        if q["type"] == "known-item":
            rank = ids.index(q["target"]) + 1 if q["target"] in ids else None
            row["rank"] = rank
            row["rr10"] = 1.0 / rank if rank and rank <= TOP else 0.0
            row["s10"] = 1.0 if rank and rank <= TOP else 0.0
        else:
            row["recall"] = len(oracle.intersection(ids)) / min(cutoff, len(oracle)) if oracle else math.nan
            m = min(TOP, len(ids))
            row["p10"] = sum(1 for i in ids[:m] if i in oracle) / m if m else None
            k = min(TOP, len(oracle))
            row["p10k"] = sum(1 for i in ids[:k] if i in oracle) / k if k else math.nan
            if q["type"] in ALL_HITS_TYPES:
                right = len(oracle.intersection(every))
                row["found"], row["right"] = len(every), right
                row["recall"] = right / len(oracle) if oracle else math.nan
                row["false_hits"] = [i for i in every if i not in oracle][:5]
            row["missed"] = sorted(oracle.difference(every if q["type"] in ALL_HITS_TYPES else ids))[:5]
            row["false_top10"] = [i for i in ids[:TOP] if i not in oracle][:5]
        if text_of is not None:
            interpretation = run.get("interpretation")
            units = _units_of(q, interpretation)
            texts = [text_of(i) or "" for i in ids]
            held = [holds(t, units) for t in texts]
            row["held"] = sum(held)
            row["not_held"] = [i for i, h in zip(ids, held) if not h][:5]
            row["units"] = units
            row["interpretation"] = interpretation
            if run.get("interpret_error"):
                row["interpret_error"] = run["interpret_error"]
            if q["type"] == "unspaced":
                words = _query_words(q)
                row["words"] = words
                every = [all(w in t for w in words) for t in texts]
                row["all_words"] = sum(every)
                row["not_all_words"] = [i for i, e in zip(ids, every) if not e][:5]
        if q.get("from") or q.get("to"):
            lo = date.fromisoformat(q["from"]) if q.get("from") else date.min
            hi = date.fromisoformat(q["to"]) if q.get("to") else date.max
            dates = [date_of(i) for i in ids]
            row["in_window"] = sum(1 for d in dates if d is not None and lo <= d <= hi)
        per_query.append(row)

    summary: dict[str, dict] = {}
    for kind in [t for t in TYPES if any(r["type"] == t for r in per_query)] + sorted(
            {r["type"] for r in per_query} - set(TYPES)):
        rows = [r for r in per_query if r["type"] == kind]
        ms = [r["ms"] for r in rows]
        s = {"n": len(rows), "errors": sum(1 for r in rows if r["error"]),
             "empty": sum(1 for r in rows if not r["returned"]),
             "mean_ms": _mean(ms), "p95_ms": _p95(ms)}
        if kind == "known-item":
            s["mrr10"] = _mean([r["rr10"] for r in rows])
            s["s10"] = _mean([r["s10"] for r in rows])
        else:
            s["recall"] = _mean([r["recall"] for r in rows])
            s["p10"] = _mean([r["p10"] for r in rows if r["p10"] is not None])
            s["p10k"] = _mean([r["p10k"] for r in rows])
        if any("found" in r for r in rows):
            found = sum(r["found"] for r in rows)
            s["precision"] = sum(r["right"] for r in rows) / found if found else math.nan
        if any("held" in r for r in rows):
            returned = sum(r["returned"] for r in rows if "held" in r)
            s["held"] = sum(r["held"] for r in rows if "held" in r) / returned if returned else math.nan
            s["interpreted"] = sum(1 for r in rows if r.get("interpretation"))
        if any("all_words" in r for r in rows):
            returned = sum(r["returned"] for r in rows if "all_words" in r)
            s["success"] = sum(r["all_words"] for r in rows if "all_words" in r) / returned if returned else math.nan
            s["empty_with_oracle"] = sum(1 for r in rows if not r["returned"] and r["oracle_size"])
        if any("in_window" in r for r in rows):
            returned = sum(r["returned"] for r in rows if "in_window" in r)
            inside = sum(r["in_window"] for r in rows if "in_window" in r)
            s["in_window"] = inside / returned if returned else math.nan
            s["outside_window_hits"] = returned - inside
        summary[kind] = s
    return summary, per_query
