"""The evaluation's output: the table of metrics and the PASS/FAIL lines of issue 14's targets.

One row per query type and engine (:func:`format_table`); the targets are
checked on thainews only (:func:`checks`), and ``eval_search.py`` exits 1
when one fails.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["THRESHOLDS", "SYLLABLE", "RECALL_TYPES", "HELD_TYPES", "COLUMNS", "format_table", "checks", "format_checks"]

# issue 14's targets, checked on thainews (see checks())
THRESHOLDS = {"recall": 0.995, "p10k": 0.98, "held": 0.98, "mrr10": 0.995, "success": 0.98}
# issue 21's targets for the syllable type (words also found inside other syllables)
SYLLABLE = {"precision": 0.98, "p10k": 0.99, "recall": 0.995}
RECALL_TYPES = ("phrase", "name", "glued")
HELD_TYPES = ("phrase", "name", "glued", "known-item", "date-filtered")


COLUMNS = [
    ("type", "type", "{}"), ("engine", "engine", "{}"), ("n", "n", "{}"),
    ("mrr10", "MRR@10", "{:.3f}"), ("s10", "S@10", "{:.3f}"),
    ("recall", "R@300", "{:.3f}"), ("p10", "P@10", "{:.3f}"), ("p10k", "P@10(k)", "{:.3f}"),
    ("precision", "prec-all", "{:.3f}"),
    ("held", "held", "{:.3f}"), ("success", "all-words", "{:.3f}"),
    ("in_window", "in-window", "{:.1%}"), ("empty", "empty", "{}"), ("errors", "err", "{}"),
    ("mean_ms", "mean ms", "{:.1f}"), ("p95_ms", "p95 ms", "{:.1f}"),
]


def format_table(results: dict[str, dict[str, dict]], header: Sequence[str] = ()) -> str:
    """One text table: a row per (query type, engine)."""
    rows = []
    kinds: list[str] = []
    for summary in results.values():
        kinds += [k for k in summary if k not in kinds]
    for kind in kinds:
        for engine, summary in results.items():
            s = summary.get(kind)
            if s is None:
                continue
            cells = []
            for key, _title, fmt in COLUMNS:
                value = {"type": kind, "engine": engine}.get(key, s.get(key))
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    cells.append("-")
                else:
                    cells.append(fmt.format(value))
            rows.append(cells)
    titles = [c[1] for c in COLUMNS]
    widths = [max(len(t), *(len(r[i]) for r in rows)) if rows else len(t) for i, t in enumerate(titles)]
    lines = [*header]
    lines.append("  ".join(t.ljust(w) if i < 2 else t.rjust(w) for i, (t, w) in enumerate(zip(titles, widths))))
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    lines.append("R@300 = |top300 ∩ oracle| / min(300, |oracle|); P@10 = share of the top min(10, returned) in the "
                 "oracle (queries with no result left out, see 'empty'); P@10(k) = |top-k ∩ oracle| / k, "
                 "k = min(10, |oracle|); syllable queries: R@300 is recall over every hit, prec-all = hits in the "
                 "oracle / all hits (pooled); in-window = hits dated inside [from, to] / all hits returned; "
                 "held = hits (top 300, pooled) holding every query unit or a variant the engine listed; "
                 "all-words (unspaced) = hits (top 300, pooled) holding every word of the query.")
    return "\n".join(lines)


def checks(summary: dict[str, dict]) -> list[tuple[str, bool, str]]:
    """Issue 14's targets on one engine's per-type metrics: (label, passed, value) per line.

    Only the types present in the run are checked. NaN (nothing to measure,
    e.g. no hit returned at all) fails.
    """
    T = THRESHOLDS
    out: list[tuple[str, bool, str]] = []

    def at_least(label: str, value, target: float, fmt: str = "{:.3f}") -> None:
        ok = value is not None and not math.isnan(value) and value >= target
        shown = "-" if value is None or math.isnan(value) else fmt.format(value)
        out.append((label, ok, shown))

    for kind in RECALL_TYPES:
        if kind in summary:
            at_least(f"{kind} R@300 >= {T['recall']}", summary[kind]["recall"], T["recall"])
            at_least(f"{kind} P@10(k) >= {T['p10k']}", summary[kind]["p10k"], T["p10k"])
    if "known-item" in summary:
        at_least(f"known-item MRR@10 >= {T['mrr10']}", summary["known-item"]["mrr10"], T["mrr10"])
    if "date-filtered" in summary:
        s = summary["date-filtered"]
        value = s.get("in_window", math.nan)
        out.append(("date-filtered in-window = 100%", value == 1.0,
                    "-" if math.isnan(value) else f"{value:.2%} ({s.get('outside_window_hits', 0)} hits outside)"))
        at_least(f"date-filtered R@300 >= {T['recall']}", s["recall"], T["recall"])
    for kind in HELD_TYPES:
        if kind in summary and "held" in summary[kind]:
            at_least(f"{kind} held >= {T['held']}", summary[kind]["held"], T["held"])
    if "syllable" in summary:
        s, S = summary["syllable"], SYLLABLE
        at_least(f"syllable precision (all hits) >= {S['precision']}", s.get("precision"), S["precision"])
        at_least(f"syllable P@10(k) >= {S['p10k']}", s["p10k"], S["p10k"])
        at_least(f"syllable recall (all hits) >= {S['recall']}", s["recall"], S["recall"])
    if "unspaced" in summary and "success" in summary["unspaced"]:
        s = summary["unspaced"]
        at_least(f"unspaced all-words >= {T['success']}", s["success"], T["success"])
        out.append(("unspaced: no empty result (oracle not empty)", s["empty_with_oracle"] == 0,
                    f"{s['empty_with_oracle']} of {s['n']} empty"))
    return out


def format_checks(lines: Sequence[tuple[str, bool, str]], engine: str = "thainews") -> str:
    """One ``PASS|FAIL  engine label  value`` line per check."""
    return "\n".join(f"{'PASS' if ok else 'FAIL'}  {engine} {label:<46} {value}" for label, ok, value in lines)
