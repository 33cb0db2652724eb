"""The table and the PASS/FAIL lines bench.py prints, from its result dict.

    render(r) -> str            the table: builds, queries, serving, fuzzing, per-type latency
    checks(r) -> [(status, label, value), ...]   status PASS, FAIL, info or SKIP

The checks are issue 14's ("Speed and memory"); a line marked "(at 91k)"
counts only when the index holds AT_91K articles or more and is "info"
below that. Issue 6's earlier targets follow as "info" lines (met / not
met): they no longer decide the exit status.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from bench.builds import ADDED

AT_91K = 80_000  # articles from which the "at 91k" lines count
MB = 1e6

def versions() -> dict:
    out = {"python": platform.python_version()}
    for dist in ("Whoosh-Reloaded", "pythainlp", "nlpo3", "tantivy", "Flask", "gunicorn", "thainews"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "-"
    wrk = shutil.which("wrk")
    if wrk:
        first = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.splitlines()
        out["wrk"] = first[0].split()[1] if first else "?"
    else:
        out["wrk"] = "not installed (python client)"
    return out


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "memory": mem, "platform": platform.platform()}


def _f(v, digits=1, unit="") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) >= 1000):
        return f"{int(v):,}{unit}"
    return f"{v:,.{digits}f}{unit}"


def _ratio(a, b) -> float:
    return a / b if a is not None and b else float("nan")


class _Table:
    W = 42

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.lines: list[str] = []
        self.row("", *columns)
        self.row("-" * self.W, *("-" * 14 for _ in columns))

    def row(self, label: str, *cells, note: str = "") -> None:
        cells = list(cells) + [""] * (len(self.columns) - len(cells))
        self.lines.append((f"{label:<{self.W}} " + " ".join(f"{c:>14}" for c in cells)
                           + (f"  {note}" if note else "")).rstrip())


def _builds(t: _Table, r: dict, engines: list[tuple[str, dict]]) -> None:
    P = r["project"]

    def each(fn):
        return [fn(B) if B else "" for _, B in engines]

    def num(key, scale=1.0, digits=1, unit=""):
        return each(lambda B: _f(B[key] / scale, digits, unit) if B.get(key) is not None else "-")

    t.row("files / articles", *each(lambda B: f"{B['files']:,} / {B['articles']:,}" if B.get("files") is not None
                                    else f"- / {B['articles']:,}"))
    t.row("raw input", *num("bytes", MB, 1, " MB"))
    reused = [f"{name} index reused from {B['reused']} (" + (f"built {B['recorded']})" if B.get("recorded")
                                                                else "no record of its build)")
              for name, B in engines if B and B.get("reused")]
    notes = reused + ["child process total " + " / ".join(f"{B['wall']:.1f}s" for _, B in engines if B.get("wall"))]
    T = r.get("peer")
    if T and T.get("read_s") is not None:
        notes.append(f"tantivy: segmentation + indexing (reading and parsing first: {T['read_s']:.1f}s)")
    t.row("build wall s", *each(lambda B: _f(B["seconds"], 1) if B.get("seconds") is not None else "reused"),
          note="; ".join(notes))
    N = r.get("naive")
    dps = each(lambda B: _f(B["articles"] / B["seconds"], 1) if B.get("seconds") else "-")
    t.row("build docs/s", *dps, note=f"{_ratio(P['docs_per_s'], N.get('docs_per_s')):.2f}x baseline"
          if N and N.get("docs_per_s") else "")
    t.row("build MB/s (raw input)", *each(lambda B: _f(B["bytes"] / MB / B["seconds"], 2)
                                          if B.get("seconds") and B.get("bytes") else "-"))
    t.row("build CPU s (user+sys, tree)", *num("cpu"), note=", ".join(
        f"{name} {B['cpu'] / B['wall']:.2f} cores busy" for name, B in engines if B and B.get("cpu")))
    t.row("build peak RSS, tree sum", *num("peak_tree_rss", 2**20, 0, " MiB"))
    t.row("build peak RSS, largest process", *num("max_single_rss", 2**20, 0, " MiB"))
    text = r.get("read", {}).get("text_bytes")
    t.row("index size", *num("index_bytes", MB, 1, " MB"), note=", ".join(
        f"{name} {B['index_bytes'] / B['bytes']:.2f}x raw input" for name, B in engines
        if B and B.get("index_bytes") and B.get("bytes")) + (
        f"; thainews {P['index_bytes'] / text:.2f}x article text" if text else ""))
    if text:
        t.row("article text (title+body, UTF-8)", _f(text / MB, 1, " MB"),
              note=f"{text / P['bytes'] * 100:.0f}% of the raw input")
    C, F = r.get("ceiling"), r.get("floor")
    if C:
        t.row("tokenizer-only ceiling docs/s (Pool 2)", _f(C["docs_per_s"], 1),
              note=f"{C['seconds']:.1f}s, {C['chars_per_s'] / 1e6:.2f} M chars/s; "
                   f"build = {P['docs_per_s'] / C['docs_per_s'] * 100:.0f}% of it")
    if F:
        t.row("bare Whoosh, pre-segmented text s", _f(F["whoosh_s"], 2),
              note=f"{F['docs']:,} docs, 1 proc, {F.get('codec', 'ThaiCodec')}; segmenting them "
                   f"{F['segment_s']:.2f}s: a Whoosh build "
                   f"reaches at most {F['best_share'] * 100:.0f}% of the ceiling")
    if r.get("read"):
        t.row("read+parse+normalise only (1 proc)", _f(r["read"]["docs_per_s"], 1),
              note=f"{r['read']['seconds']:.1f}s for {r['read']['articles']:,} articles")
    R = r.get("rerun")
    if R:
        t.row("rerun, unchanged corpus s", _f(R["seconds"], 2),
              note=f"{R['seconds'] / P['seconds'] * 100:.1f}% of full build")
    A = r.get("added")
    if A:
        t.row(f"add {ADDED} new files s", _f(A["seconds"], 2),
              note=f"{A['seconds'] / P['seconds'] * 100:.1f}% of full build; {A['articles']} articles "
                   f"added ({A['what']})")


def _queries(t: _Table, r: dict, names: list[str]) -> None:
    Q = r.get("queries")
    if not Q:
        return

    def cells(mode, key, digits=1):
        return [_f(Q[n][mode][key], digits) if n in Q and mode in Q[n] else "" for n in names]

    t.row(f"queries ({Q['n']} mix, warm): ids p50 ms", *cells("ids", "p50_ms"))
    t.row("  ids p95 ms", *cells("ids", "p95_ms"), note="ranked top 10 ids")
    t.row("  page p50 ms", *cells("page", "p50_ms"))
    t.row("  page p95 ms", *cells("page", "p95_ms"), note="10 hits, snippets, facets")
    errs = [f"{Q[n]['ids']['errors']}/{Q[n]['page']['errors']}" if "page" in Q.get(n, {})
            else (f"{Q[n]['ids']['errors']}/-" if n in Q else "") for n in names]
    t.row("  errors (ids/page)", *errs)
    t.row("  first (cold) ms, ids / page", *[
        (f"{Q[n]['ids']['first_ms']:.0f}" + (f" / {Q[n]['page']['first_ms']:.0f}" if "page" in Q[n] else ""))
        if n in Q else "" for n in names], note="before the warm-up")
    for key, label in (("page_vs_peer", "thainews page / peer ids p95"),
                       ("page_vs_naive", "thainews page / naive page p95"),
                       ("ids_vs_naive", "thainews ids / naive ids p95")):
        c = r.get("compare", {}).get(key)
        if c:
            t.row(f"  {label}", f"{c['ratio']:.2f}x",
                  note=f"{c['a_p95_ms']:.1f} / {c['b_p95_ms']:.2f} ms on the {c['n']} queries both answered")


def _serving(t: _Table, r: dict) -> None:
    H = r.get("http")
    if H:
        t.row(f"HTTP {H['connections']} conns {H['seconds']:.0f}s: req/s", _f(H["rps"], 1), note=H["client"])
        t.row("  p50 / p95 ms", f"{H['p50_ms']:.0f} / {H['p95_ms']:.0f}",
              note=f"p99 {H['p99_ms']:.0f}, max {H['max_ms']:.0f}")
        t.row("  errors", f"{H['errors']} / {H['requests']:,}",
              note=", ".join(f"{k} {v}" for k, v in H["error_kinds"].items() if v) or "none")
        t.row("  first search from server start s", _f(H["first_search_s"], 2),
              note="tries before it: " + (", ".join(f"{v} {k}" for k, v in H["first_search_tries_before"].items())
                                          or "none") + "; warm-up statuses "
                   + ", ".join(f"{k}: {v}" for k, v in H["warmup_statuses"].items()))
        t.row("  server peak RSS, tree sum", _f(H["server_peak_rss_mb"], 0, " MiB"), note="gunicorn master + workers")
        for k, w in enumerate(H.get("worker_memory", []), 1):
            pk = w["peak"]
            t.row(f"  worker {k} RssAnon / USS / Pss / Rss MB",
                  f"{pk.get('RssAnon', 0) / MB:.0f}",
                  note=f"USS {pk.get('USS', 0) / MB:.0f}, Pss {pk.get('Pss', 0) / MB:.0f}, "
                       f"Rss {pk.get('Rss', 0) / MB:.0f} (peaks over {H['worker_memory_samples']} samples; "
                       f"pid {w['pid']})")
    Z = r.get("fuzz")
    if Z:
        t.row(f"fuzz {Z['requests']:,} requests (in-process)", f"{Z['server_errors']} 5xx",
              note=f"{Z['over_limit']} over {Z['limit_s']:g} s, {Z['other_failures']} other failures; p50 "
                   f"{Z['p50_ms']:.0f} ms, p95 {Z['p95_ms']:.0f} ms, max {Z['max_ms']:.0f} ms; statuses "
                   + ", ".join(f"{k}: {v}" for k, v in Z["statuses"].items()))


def _by_type(r: dict, names: list[str]) -> list[str]:
    Q = r.get("queries")
    if not Q:
        return []
    cols = [(n, m) for n in names if n in Q for m in ("ids", "page") if m in Q[n]]
    label = {"project": "thainews", "naive": "naive", "peer": "tantivy"}
    lines = ["", f"{'query p50 / p95 ms by type':<26} {'n':>4} "
             + " ".join(f"{label[n] + ' ' + m:>16}" for n, m in cols)]
    for kind in sorted(Q["project"]["ids"]["types"]):
        out = []
        for n, m in cols:
            v = Q[n][m]["types"].get(kind)
            out.append(f"{v['p50_ms']:.1f} / {v['p95_ms']:.1f}" if v else "-")
        count = Q["mix"].get(kind, 0)
        lines.append(f"{kind:<26} {count:>4} " + " ".join(f"{c:>16}" for c in out))
    return lines


def render(r: dict) -> str:
    engines = [("thainews", r["project"]), ("naive", r.get("naive")), ("tantivy", r.get("peer"))]
    shown = [(name, B) for name, B in engines if B]
    t = _Table([name for name, _ in shown])
    _builds(t, r, shown)
    _queries(t, r, [{"thainews": "project", "tantivy": "peer"}.get(name, name) for name, _ in shown])
    _serving(t, r)
    return "\n".join(t.lines + _by_type(r, ["project", "naive", "peer"]))


# ------------------------------------------------------------------ checks

def checks(r: dict) -> list[tuple[str, str, str]]:
    """Issue 14's lines, then issue 6's as info: (status, label, value)."""
    P = r["project"]
    big = P["articles"] >= AT_91K
    out: list[tuple[str, str, str]] = []

    def line(label: str, ok: bool | None, value: str, at_91k: bool = False) -> None:
        status = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        if at_91k and not big and ok is not None:
            status, value = "info", f"{value} ({'met' if ok else 'not met'}; {P['articles']:,} articles)"
        out.append((status, label + (" (at 91k)" if at_91k else ""), value))

    Q, H, Z, cmp = r.get("queries"), r.get("http"), r.get("fuzz"), r.get("compare", {})
    page = Q["project"]["page"] if Q else None
    line("result page p95 <= 50 ms in-process", page["p95_ms"] <= 50 if page else None,
         f"{page['p95_ms']:.1f} ms over {page['n']} queries" if page else "no queries", at_91k=True)
    c = cmp.get("page_vs_peer")
    line("result page p95 <= 10x compiled peer's p95", c["ratio"] <= 10 if c else None,
         f"{c['ratio']:.1f}x ({c['a_p95_ms']:.1f} / {c['b_p95_ms']:.2f} ms, {c['n']} queries; peer ids only)"
         if c else "peer skipped")
    conf = f"{H['workers']} workers, {H['connections']} conns, {H['seconds']:.0f}s" if H else ""
    line(f"HTTP p95 <= 150 ms ({conf or 'skipped'})", H["p95_ms"] <= 150 if H else None,
         f"{H['p95_ms']:.0f} ms ({H['client'].split(' (')[0]})" if H else "skipped", at_91k=True)
    line("HTTP 0 errors", H["errors"] == 0 and H["requests"] > 0 if H else None,
         f"{H['errors']} errors of {H['requests']:,}" if H else "skipped")
    line("fresh server's first search <= 2 s", H["first_search_s"] <= 2 if H else None,
         f"{H['first_search_s']:.2f} s from process start" if H else "skipped")
    workers = H.get("worker_memory") if H else None
    if workers:
        top = max(workers, key=lambda w: w["peak"].get("RssAnon", 0))["peak"]
        line("private memory per worker <= 600 MB (RssAnon)", top["RssAnon"] <= 600 * MB,
             f"max {top['RssAnon'] / MB:.0f} MB (USS {top['USS'] / MB:.0f}, Pss {top['Pss'] / MB:.0f}, "
             f"Rss {top['Rss'] / MB:.0f} MB)", at_91k=True)
    else:
        line("private memory per worker <= 600 MB (RssAnon)", None, "no HTTP run", at_91k=True)
    line("full build <= 620 s (wall)", P["seconds"] <= 620, f"{P['seconds']:.1f} s", at_91k=True)
    R, A = r.get("rerun"), r.get("added")
    rr = R["seconds"] / P["seconds"] if R else None
    line("unchanged rerun < 5% of full build", rr < 0.05 if R else None,
         f"{rr * 100:.1f}% ({R['seconds']:.2f} s)" if R else "not run")
    ad = A["seconds"] / P["seconds"] if A else None
    line(f"adding {ADDED} files < 5% of full build", (ad < 0.05 and A["articles"] > 0) if A else None,
         f"{ad * 100:.1f}% ({A['seconds']:.2f} s, {A['articles']} articles)" if A else "not run")
    ix = P["index_bytes"] / P["bytes"]
    text = r.get("read", {}).get("text_bytes")
    line("index on disk <= 4x raw input", ix <= 4,
         f"{ix:.2f}x raw input" + (f" ({P['index_bytes'] / text:.2f}x article text)" if text else ""))
    n = f"{Z['requests']:,}" if Z else "no"
    line(f"fuzz {n} requests: 0 5xx", Z["server_errors"] == 0 if Z else None,
         f"{Z['server_errors']} 5xx" if Z else "skipped")
    line(f"fuzz {n} requests: none over 1 s", Z["over_limit"] == 0 if Z else None,
         f"{Z['over_limit']} over 1 s, max {Z['max_ms'] / 1000:.2f} s" if Z else "skipped", at_91k=True)
    out.extend(_issue6(r))
    return out


def _issue6(r: dict) -> list[tuple[str, str, str]]:
    """Issue 6's targets, printed as info: issue 14's lines above decide the exit status."""
    P, N, C, F = r["project"], r.get("naive"), r.get("ceiling"), r.get("floor")
    out = []

    def info(label, ok, value):
        out.append(("info", f"issue 6: {label}", f"{value}: {'met' if ok else 'not met'}"))

    if N and N.get("docs_per_s"):
        ratio = P["docs_per_s"] / N["docs_per_s"]
        info("build docs/s >= 3x baseline", ratio >= 3, f"{ratio:.2f}x")
    if C:
        share = P["docs_per_s"] / C["docs_per_s"]
        bound = f" (bare Whoosh caps any build at {F['best_share'] * 100:.0f}%)" if F else ""
        info("build >= 50% of tokenizer-only ceiling", share >= 0.5, f"{share * 100:.0f}%{bound}")
    for key, label in (("page_vs_naive", "result page"), ("ids_vs_naive", "ids only")):
        c = r.get("compare", {}).get(key)
        if c:
            info(f"query p95 <= 0.5x baseline ({label})", c["ratio"] <= 0.5, f"{c['ratio']:.2f}x")
    info("build peak RSS < 2 GB", P["peak_tree_rss"] < 2e9, f"{P['peak_tree_rss'] / 2**30:.2f} GiB (tree sum)")
    ix = P["index_bytes"] / P["bytes"]
    info("index size < 1.5x raw text", ix < 1.5, f"{ix:.2f}x")
    return out
