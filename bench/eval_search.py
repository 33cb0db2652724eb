"""Evaluate thainews search (and the naive baseline) on generated query sets.

    python bench/eval_search.py QUERIES.jsonl --index DIR [--naive-index DIR]
        [--build CORPUS ...] [--json OUT] [--types known-item,phrase] [--limit-queries N] [--no-fail]

With ``--build``, both indexes are built from the corpora first (into
``--index`` / ``--naive-index`` when given, else temporary directories that
are removed afterwards) and each build is timed. Without ``--naive-index``
or ``--build`` only thainews is evaluated. The table ends with PASS/FAIL
lines for thainews (issue 14's targets); the exit status is 1 when one
fails (``--no-fail``: 0). Metric definitions: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_queries  # noqa: E402  (bench/ sibling modules)
import naive  # noqa: E402

__all__ = ["Engine", "thainews_engine", "naive_engine", "load_queries", "run_engine", "score",
           "format_table", "evaluate", "checks", "query_units", "holds", "main", "CUTOFF", "THRESHOLDS"]

CUTOFF = 300  # results fetched per query; recall is measured within them
TOP = 10
TEXT_CACHE = 4096  # hit texts kept per engine (stored fields are read again after that)

# issue 14's targets, checked on thainews (see checks())
THRESHOLDS = {"recall": 0.995, "p10k": 0.98, "held": 0.98, "mrr10": 0.995, "success": 0.98}
RECALL_TYPES = ("phrase", "name", "glued")
HELD_TYPES = ("phrase", "name", "glued", "known-item", "date-filtered")


@dataclass
class Engine:
    name: str
    search_ids: Callable[..., list[str]]
    date_of: Callable[[str], date | None]
    doc_count: int
    index_dir: str
    build_seconds: float | None = None
    notes: list[str] = field(default_factory=list)
    # title + "\n" + body of an article as the index stores it (for "held")
    text_of: Callable[[str], str | None] | None = None
    # the engine's reading of a query: {"units": [...], "message": ...} or None
    interpret: Callable[..., dict | None] | None = None


def thainews_engine(index_dir: str | Path, build_seconds: float | None = None) -> Engine:
    from indexer.search import Searcher
    from indexer.thai.segment import engine_name

    searcher = Searcher(index_dir)
    notes = [f"segmenter={engine_name()}"]
    if hasattr(searcher, "search_ids"):
        def search_ids(q, date_from=None, date_to=None, limit=CUTOFF):
            return searcher.search_ids(q, date_from=date_from, date_to=date_to, limit=limit)
    else:  # older Searcher: page through .search (snippets included, so slower)
        notes.append("search_ids missing: paged .search() adapter")

        def search_ids(q, date_from=None, date_to=None, limit=CUTOFF):
            ids: list[str] = []
            page = 1
            while len(ids) < limit:
                res = searcher.search(q, date_from=date_from, date_to=date_to, page=page, size=100)
                ids.extend(h["id"] for h in res["hits"])
                if page * 100 >= res["total"] or not res["hits"]:
                    break
                page += 1
            return ids[:limit]

    def date_of(doc_id):
        art = searcher.article(doc_id)
        return date.fromisoformat(art["date"]) if art and art.get("date") else None

    @lru_cache(maxsize=TEXT_CACHE)
    def text_of(doc_id):
        with searcher.reading() as whoosh_searcher:
            fields = whoosh_searcher.document(id=doc_id)
        return f"{fields.get('title', '')}\n{fields.get('body', '')}" if fields else None

    def interpret(q, date_from=None, date_to=None):
        """The search response's ``interpretation`` (None when the engine gives none)."""
        res = searcher.search(q, date_from=date_from, date_to=date_to, size=1, facets=False)
        return res.get("interpretation")

    return Engine("thainews", search_ids, date_of, searcher.doc_count(), str(index_dir), build_seconds, notes,
                  text_of, interpret)


def naive_engine(index_dir: str | Path, build_seconds: float | None = None) -> Engine:
    ns = naive.NaiveSearcher(index_dir)
    return Engine("naive", ns.search_ids, ns.date_of, ns.doc_count(), str(index_dir), build_seconds,
                  ["Whoosh defaults + pythainlp newmm"], lru_cache(maxsize=TEXT_CACHE)(ns.text_of))


def load_queries(path: str | Path, types: Sequence[str] | None = None,
                 limit_queries: int | None = None) -> list[dict]:
    """Queries of `path`, only `types` (all when None), at most `limit_queries` per type."""
    out: list[dict] = []
    per: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            q = json.loads(line)
            if types and q["type"] not in types:
                continue
            if limit_queries is not None and per.get(q["type"], 0) >= limit_queries:
                continue
            per[q["type"]] = per.get(q["type"], 0) + 1
            out.append(q)
    return out


def run_engine(engine: Engine, queries: Sequence[dict], limit: int = CUTOFF) -> list[dict]:
    """Run every query; return per query the ranked ids, milliseconds and any error."""
    try:  # warm-up: dictionaries, caches, first segment open
        engine.search_ids(queries[0]["query"] if queries else "ข่าว", None, None, 10)
    except Exception:
        pass
    runs = []
    for q in queries:
        started = time.perf_counter()
        error = None
        try:
            ids = list(engine.search_ids(q["query"], q.get("from"), q.get("to"), limit))
        except Exception as exc:  # a rejected or crashing query counts as no results
            ids, error = [], f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - started) * 1000
        interpretation, interpret_error = None, None
        if engine.interpret is not None and error is None:
            try:  # untimed: a second request, for the units and variants the engine matched
                interpretation = engine.interpret(q["query"], q.get("from"), q.get("to"))
            except Exception as exc:
                interpret_error = f"{type(exc).__name__}: {exc}"
        runs.append({"ids": ids, "ms": ms, "error": error, "interpretation": interpretation,
                     "interpret_error": interpret_error})
    return runs


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
    for a unit the engine matched by its words (``match == "words"``), every one of them."""
    text = text.lower()
    for u in units:
        forms = [f for f in (u.get("text"), *(u.get("variants") or ())) if f]
        if any(f.lower() in text for f in forms):
            continue
        words = [w for w in (u.get("words") or ()) if w and w.strip()]
        if u.get("match") == "words" and words and all(w.lower() in text for w in words):
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
        ids = run["ids"][:cutoff]
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
            row["missed"] = sorted(oracle.difference(ids))[:5]
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
    for kind in [t for t in make_queries.TYPES if any(r["type"] == t for r in per_query)] + sorted(
            {r["type"] for r in per_query} - set(make_queries.TYPES)):
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


COLUMNS = [
    ("type", "type", "{}"), ("engine", "engine", "{}"), ("n", "n", "{}"),
    ("mrr10", "MRR@10", "{:.3f}"), ("s10", "S@10", "{:.3f}"),
    ("recall", "R@300", "{:.3f}"), ("p10", "P@10", "{:.3f}"), ("p10k", "P@10(k)", "{:.3f}"),
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
                 "k = min(10, |oracle|); in-window = hits dated inside [from, to] / all hits returned; "
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
    if "unspaced" in summary and "success" in summary["unspaced"]:
        s = summary["unspaced"]
        at_least(f"unspaced all-words >= {T['success']}", s["success"], T["success"])
        out.append(("unspaced: no empty result (oracle not empty)", s["empty_with_oracle"] == 0,
                    f"{s['empty_with_oracle']} of {s['n']} empty"))
    return out


def format_checks(lines: Sequence[tuple[str, bool, str]], engine: str = "thainews") -> str:
    """One ``PASS|FAIL  engine label  value`` line per check."""
    return "\n".join(f"{'PASS' if ok else 'FAIL'}  {engine} {label:<46} {value}" for label, ok, value in lines)


def evaluate(queries: Sequence[dict], engines: Sequence[Engine], cutoff: int = CUTOFF,
             log: Callable[[str], None] | None = None) -> tuple[dict, dict]:
    """Run and score every engine: ({engine: {type: metrics}}, {engine: per-query rows})."""
    results, details = {}, {}
    for engine in engines:
        started = time.perf_counter()
        runs = run_engine(engine, queries, cutoff)
        results[engine.name], details[engine.name] = score(queries, runs, engine.date_of, cutoff, engine.text_of)
        if log:
            log(f"{engine.name}: {len(queries)} queries in {time.perf_counter() - started:.1f}s")
    return results, details


def _build(corpora: Sequence[str], index_dir: Path, naive_dir: Path | None, log) -> dict:
    from indexer.index.build import build_index

    info = {}
    started = time.perf_counter()
    report = build_index(corpora, index_dir, rebuild=True, progress=False)
    info["thainews_seconds"] = time.perf_counter() - started
    info["thainews_report"] = report.summary()
    log(f"thainews index built: {report.summary()}")
    if naive_dir is not None:
        started = time.perf_counter()
        articles = make_queries.load_articles(corpora)
        read = time.perf_counter() - started
        build_seconds = naive.build_naive(articles, naive_dir)
        info["naive_seconds"] = time.perf_counter() - started
        info["naive_read_seconds"] = read
        log(f"naive index built: {len(articles)} articles in {info['naive_seconds']:.1f}s "
            f"(read {read:.1f}s, index {build_seconds:.1f}s)")
    return info


def _clean(value):
    """NaN to None, recursively, so the JSON output is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("queries", help="JSON Lines written by bench/make_queries.py")
    ap.add_argument("--index", help="thainews index directory (built there with --build)")
    ap.add_argument("--naive-index", help="naive baseline index directory (built there with --build)")
    ap.add_argument("--build", nargs="+", metavar="CORPUS", help="build both indexes from these corpora first")
    ap.add_argument("--json", help="write metrics and per-query results here")
    ap.add_argument("--types", help="comma-separated query types to run (default: all)")
    ap.add_argument("--limit-queries", type=int, help="at most N queries per type")
    ap.add_argument("--no-naive", action="store_true", help="with --build: skip the naive baseline")
    ap.add_argument("--no-fail", action="store_true", help="exit 0 even when a PASS/FAIL line fails")
    args = ap.parse_args(argv)
    if not args.index and not args.build:
        ap.error("give --index DIR, or --build CORPUS ... (temporary indexes)")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    command = " ".join(["python", "bench/eval_search.py", *(argv if argv is not None else sys.argv[1:])])
    types = [t.strip() for t in args.types.split(",")] if args.types else None
    queries = load_queries(args.queries, types, args.limit_queries)
    meta_path = Path(str(args.queries) + ".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}

    tmp = None
    build_info: dict = {}
    index_dir = Path(args.index) if args.index else None
    naive_dir = Path(args.naive_index) if args.naive_index else None
    try:
        if args.build:
            if index_dir is None or (naive_dir is None and not args.no_naive):
                tmp = Path(tempfile.mkdtemp(prefix="thainews-eval-"))
            index_dir = index_dir or tmp / "thainews"
            if not args.no_naive:
                naive_dir = naive_dir or tmp / "naive"
                if naive_dir.exists():
                    shutil.rmtree(naive_dir)
            build_info = _build(args.build, index_dir, naive_dir, log)
        engines = [thainews_engine(index_dir, build_info.get("thainews_seconds"))]
        if naive_dir is not None:
            engines.append(naive_engine(naive_dir, build_info.get("naive_seconds")))

        corpus = args.build or meta.get("corpus") or ["?"]
        header = [f"# {command}",
                  f"# corpus: {' '.join(map(str, corpus))}"
                  + (f" ({meta['articles']} articles when the queries were made)" if meta.get("articles") else ""),
                  f"# queries: {args.queries} ({len(queries)}"
                  + (f"; seed {meta['seed']}, window {meta.get('window')}" if meta else "") + ")"]
        for e in engines:
            built = f", built in {e.build_seconds:.1f}s" if e.build_seconds is not None else ""
            header.append(f"# {e.name}: {e.index_dir} ({e.doc_count} docs{built}; {'; '.join(e.notes)})")
        if len({e.doc_count for e in engines}) > 1:
            header.append("# WARNING: the indexes hold different numbers of documents")
        if meta.get("articles") and any(e.doc_count != meta["articles"] for e in engines):
            header.append("# WARNING: an index does not hold the articles the queries were made from")

        results, details = evaluate(queries, engines, CUTOFF, log)
        for e in engines:
            if e.interpret is not None:
                rows = details[e.name]
                listed = sum(1 for r in rows if r.get("interpretation"))
                header.append(f"# {e.name}: interpretation listed for {listed} of {len(rows)} queries"
                              + ("" if listed == len(rows) else "; held uses the query's own parts for the others"))
        table = format_table(results, header)
        print(table)
        verdicts = checks(results["thainews"])
        print()
        print(format_checks(verdicts))
        failed = sum(1 for _, ok, _ in verdicts if not ok)
        if args.json:
            payload = {"command": command, "corpus": [str(c) for c in corpus], "queries_file": args.queries,
                       "meta": meta, "build": build_info,
                       "engines": {e.name: {"index": e.index_dir, "docs": e.doc_count,
                                            "build_seconds": e.build_seconds, "notes": e.notes} for e in engines},
                       "metrics": results, "per_query": details, "table": table,
                       "checks": [{"check": label, "pass": ok, "value": value} for label, ok, value in verdicts]}
            Path(args.json).write_text(json.dumps(_clean(payload), ensure_ascii=False, indent=1, default=str),
                                       encoding="utf-8")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
