"""Query timing for bench.py: every engine on the same mix, interleaved query by query.

    time_queries({"project": ProjectEngine(dir), "naive": NaiveEngine(dir),
                  "peer": PeerEngine(dir)}, mix, warm) -> dict
    paired(result, ("project", "page"), ("peer", "ids")) -> {"n", "a_p95_ms", "b_p95_ms", "ratio"}

Engines: thainews (``indexer.Searcher``: ids and a result page), the naive
baseline (``naive.NaiveSearcher``: ids and a page with highlights) and the
compiled peer (``peer_tantivy``: ids only).
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
    """The baseline's searches: ids (naive.NaiveSearcher) and a first page with
    highlights and its one facet (date counts: it has no category, month or year)."""

    modes = ("ids", "page")

    def __init__(self, index_dir: Path):
        from whoosh import sorting

        from bench import naive

        self.ns = naive.NaiveSearcher(index_dir)
        self.facets = {"date": sorting.FieldFacet("date", maptype=sorting.Count)}

    def ids(self, q: dict) -> int:
        return len(self.ns.search_ids(q["q"], q["from"], q["to"], limit=PAGE_SIZE))

    def page(self, q: dict) -> int:
        query = self.ns.parser.parse(q["q"])
        results = self.ns.searcher.search_page(query, 1, pagelen=PAGE_SIZE, filter=_naive_filter(q["from"], q["to"]),
                                               groupedby=self.facets)
        hits = [(hit.fields(), hit.highlights("body")) for hit in results]
        results.results.groups("date")
        return results.total + len(hits) * 0

    def close(self) -> None:
        self.ns.close()


class ProjectEngine:
    """thainews through its public API (``indexer.open_service``: one index, or a sharded
    one's router)."""

    modes = ("ids", "page")

    def __init__(self, index_dir: Path):
        from indexer import open_service

        self.s = open_service(index_dir)
        # what a measurement asks beyond the façade: ids only, no cached answer
        from indexer.search.probes import forget_results, search_ids

        self._forget, self._ids = forget_results, search_ids

    # a real search every time: the result cache would answer the warm-up's
    # queries and the mix's repeats without searching, and the page would
    # find the phrases the ids-only search before it evaluated
    def ids(self, q: dict) -> int:
        self._forget(self.s)
        return len(self._ids(self.s, q["q"], q["from"], q["to"], limit=PAGE_SIZE))

    # the result page the web app serves (webui: /api/search and /): 10 hits
    # with snippets and facet counts, whatever the query's type
    def page(self, q: dict) -> int:
        self._forget(self.s)
        return self.s.search(q["q"], q["from"], q["to"], size=PAGE_SIZE, facets=True)["total"]

    def close(self) -> None:
        self.s.close()


class PeerEngine:
    """The compiled peer (``peer_tantivy``): ranked top-10 ids only, no page."""

    modes = ("ids",)

    def __init__(self, index_dir: Path):
        from bench.peer_tantivy import PeerSearcher

        self.ps = PeerSearcher(index_dir)

    def ids(self, q: dict) -> int:
        return len(self.ps.search_ids(q["q"], q["from"], q["to"], limit=PAGE_SIZE))

    def close(self) -> None:
        self.ps.close()


def _summary(ms: list[float | None], mix: Sequence[dict], errors: int, first_ms: float | None) -> dict:
    ok = [m for m in ms if m is not None]
    types: dict[str, list[float]] = {}
    for q, m in zip(mix, ms):
        if m is not None:
            types.setdefault(q["type"], []).append(m)
    return {
        "n": len(ok), "errors": errors, "first_ms": first_ms,
        "p50_ms": pct(ok, 50), "p95_ms": pct(ok, 95), "mean_ms": sum(ok) / max(1, len(ok)),
        "max_ms": max(ok, default=float("nan")),
        "types": {t: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95)} for t, v in sorted(types.items())},
        "per_query_ms": ms,  # aligned with the mix; None where the engine failed
    }


def time_queries(engines: dict, mix: Sequence[dict], warm: int) -> dict:
    """Per engine and mode, per query milliseconds; engines interleaved query by query.

    Each engine has ``modes`` (of "ids", "page") and a method per mode. For
    every query of the mix, each engine runs each of its modes once, in the
    order the engines were given, before the next query.
    """
    from indexer import QueryError

    ms: dict[str, dict[str, list]] = {name: {m: [None] * len(mix) for m in e.modes} for name, e in engines.items()}
    errors = {name: {m: 0 for m in e.modes} for name, e in engines.items()}
    first: dict[str, dict[str, float | None]] = {name: {} for name in engines}
    failed: dict[str, set[int]] = {name: set() for name in engines}

    def one(name, mode, q):
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
    for name, engine in engines.items():
        for mode in engine.modes:
            first[name][mode], _ = one(name, mode, mix[0])
    for q in mix[:warm]:
        for name, engine in engines.items():
            for mode in engine.modes:
                one(name, mode, q)
    for i, q in enumerate(mix):
        for name, engine in engines.items():
            for mode in engine.modes:
                took, ok = one(name, mode, q)
                if ok:
                    ms[name][mode][i] = took
                else:
                    errors[name][mode] += 1
                    failed[name].add(i)
    out: dict = {name: {mode: _summary(ms[name][mode], mix, errors[name][mode], first[name][mode])
                        for mode in engines[name].modes} for name in engines}
    out["_failed"] = {name: sorted(v) for name, v in failed.items()}
    return out


def paired(queries: dict, a: tuple[str, str], b: tuple[str, str]) -> dict:
    """p95 of engine/mode `a` and `b` over the queries both answered, and a/b."""
    ams, bms = queries[a[0]][a[1]]["per_query_ms"], queries[b[0]][b[1]]["per_query_ms"]
    both = [(x, y) for x, y in zip(ams, bms) if x is not None and y is not None]
    ap, bp = pct([x for x, _ in both], 95), pct([y for _, y in both], 95)
    return {"n": len(both), "a_p95_ms": ap, "b_p95_ms": bp, "ratio": ap / bp if both and bp else float("nan")}


def api_url(q: dict) -> str:
    params = {"q": q["q"]}
    if q["from"]:
        params["from"] = q["from"]
    if q["to"]:
        params["to"] = q["to"]
    return "/api/search?" + urlencode(params)
