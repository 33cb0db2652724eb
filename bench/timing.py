"""Query timing for bench.py: every engine on the same mix, interleaved query by query.

    time_queries({"project": ProjectEngine(dir), "naive": NaiveEngine(dir)}, mix, warm) -> dict
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(HERE), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

PAGE_SIZE = 10


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


def _naive_filter(frm: str | None, to: str | None):
    from whoosh import query as wq

    if not frm and not to:
        return None
    lo = date.fromisoformat(frm) if frm else date(1, 1, 1)
    hi = date.fromisoformat(to) if to else date(9999, 12, 30)
    start = datetime.combine(lo, datetime.min.time())
    end = datetime.combine(hi, datetime.min.time()) + timedelta(days=1) - timedelta(microseconds=1)
    return wq.DateRange("date", start, end)


class NaiveEngine:
    """The baseline's searches: ids (naive.NaiveSearcher) and a first page with highlights."""

    def __init__(self, index_dir: Path):
        import naive
        from whoosh import sorting

        self.ns = naive.NaiveSearcher(index_dir)
        self.facets = {"date": sorting.FieldFacet("date", maptype=sorting.Count)}

    def ids(self, q: dict) -> int:
        return len(self.ns.search_ids(q["q"], q["from"], q["to"], limit=PAGE_SIZE))

    def page(self, q: dict) -> int:
        query = self.ns.parser.parse(q["q"])
        kwargs = {"filter": _naive_filter(q["from"], q["to"])}
        if q["facets"]:
            kwargs["groupedby"] = self.facets
        results = self.ns.searcher.search_page(query, 1, pagelen=PAGE_SIZE, **kwargs)
        hits = [(hit.fields(), hit.highlights("body")) for hit in results]
        if q["facets"]:
            results.results.groups("date")
        return results.total + len(hits) * 0


class ProjectEngine:
    def __init__(self, index_dir: Path):
        from indexer.search import Searcher

        self.s = Searcher(index_dir)

    # a real search every time: the result cache would answer the warm-up's
    # queries and the mix's repeats without searching, and the page would
    # find the phrases the ids-only search before it evaluated
    def ids(self, q: dict) -> int:
        self.s.forget_results()
        return len(self.s.search_ids(q["q"], q["from"], q["to"], limit=PAGE_SIZE))

    def page(self, q: dict) -> int:
        self.s.forget_results()
        return self.s.search(q["q"], q["from"], q["to"], size=PAGE_SIZE, facets=q["facets"])["total"]


def time_queries(engines: dict, mix: Sequence[dict], warm: int) -> dict:
    """Per engine and mode, per query milliseconds; engines interleaved query by query."""
    from indexer.params import QueryError

    modes = ("ids", "page")
    res = {name: {m: {"ms": [], "errors": 0, "first_ms": None, "types": {}} for m in modes}
           for name in engines}
    failed: dict[str, set[int]] = {name: set() for name in engines}

    def one(name, mode, i, q):
        t0 = time.perf_counter()
        try:
            getattr(engines[name], mode)(q)
            ok = True
        except QueryError:
            ok = False
        except Exception as exc:  # the baseline's parser may choke on odd input
            log(f"{name} {mode} error on {q['q']!r}: {type(exc).__name__}: {exc}")
            ok = False
        return (time.perf_counter() - t0) * 1000, ok

    # cold first query, then warm-up with the first `warm` queries (untimed)
    for name in engines:
        for mode in modes:
            res[name][mode]["first_ms"], _ = one(name, mode, 0, mix[0])
    for q in mix[:warm]:
        for name in engines:
            for mode in modes:
                one(name, mode, -1, q)
    for i, q in enumerate(mix):
        for name in engines:
            for mode in modes:
                ms, ok = one(name, mode, i, q)
                r = res[name][mode]
                if not ok:
                    r["errors"] += 1
                    failed[name].add(i)
                    continue
                r["ms"].append(ms)
                r["types"].setdefault(q["type"], []).append(ms)
    out = {}
    for name, by_mode in res.items():
        out[name] = {}
        for mode, r in by_mode.items():
            out[name][mode] = {
                "n": len(r["ms"]), "errors": r["errors"], "first_ms": r["first_ms"],
                "p50_ms": pct(r["ms"], 50), "p95_ms": pct(r["ms"], 95), "mean_ms": sum(r["ms"]) / max(1, len(r["ms"])),
                "max_ms": max(r["ms"], default=float("nan")),
                "types": {t: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95)} for t, v in sorted(r["types"].items())},
            }
    out["_failed"] = {name: sorted(v) for name, v in failed.items()}
    return out


def api_url(q: dict) -> str:
    params = {"q": q["q"]}
    if q["from"]:
        params["from"] = q["from"]
    if q["to"]:
        params["to"] = q["to"]
    return "/api/search?" + urlencode(params)
