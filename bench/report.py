"""The table and the PASS/FAIL lines bench.py prints, from its result dict."""

from __future__ import annotations

import math
import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from builds import ADDED

def versions() -> dict:
    out = {"python": platform.python_version()}
    for dist in ("Whoosh-Reloaded", "pythainlp", "nlpo3", "Flask", "gunicorn", "thainews"):
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


def render(r: dict) -> str:
    P, N = r["project"], r.get("naive")
    lines = []
    w = 40

    def row(label, a, b="", note=""):
        lines.append(f"{label:<{w}} {a:>14} {b:>14}  {note}".rstrip())

    MB = 1e6
    row("", "thainews", "naive" if N else "")
    row("-" * w, "-" * 14, "-" * 14 if N else "")
    row("files / articles", f"{P['files']:,} / {P['articles']:,}",
        f"{N['files']:,} / {N['articles']:,}" if N else "")
    row("raw input", _f(P["bytes"] / MB, 1, " MB"), _f(N["bytes"] / MB, 1, " MB") if N else "")
    row("build wall s", _f(P["seconds"], 1), _f(N["seconds"], 1) if N else "",
        f"child process total {P['wall']:.1f}s" + (f" / {N['wall']:.1f}s" if N else ""))
    ratio = P["docs_per_s"] / N["docs_per_s"] if N else None
    row("build docs/s", _f(P["docs_per_s"], 1), _f(N["docs_per_s"], 1) if N else "",
        f"{ratio:.2f}x baseline" if ratio else "")
    row("build MB/s (raw input)", _f(P["bytes"] / MB / P["seconds"], 2),
        _f(N["bytes"] / MB / N["seconds"], 2) if N else "")
    row("build CPU s (user+sys, tree)", _f(P["cpu"], 1), _f(N["cpu"], 1) if N else "",
        f"{P['cpu'] / P['wall']:.2f} cores busy" + (f" / {N['cpu'] / N['wall']:.2f}" if N else ""))
    row("build peak RSS, tree sum", _f(P["peak_tree_rss"] / 2**20, 0, " MiB"),
        _f(N["peak_tree_rss"] / 2**20, 0, " MiB") if N else "", f"{P['peak_tree_procs']} processes at peak")
    row("build peak RSS, largest process", _f(P["max_single_rss"] / 2**20, 0, " MiB"),
        _f(N["max_single_rss"] / 2**20, 0, " MiB") if N else "")
    row("index size", _f(P["index_bytes"] / MB, 1, " MB"), _f(N["index_bytes"] / MB, 1, " MB") if N else "",
        f"{P['index_bytes'] / P['bytes']:.2f}x raw input" + (f" / {N['index_bytes'] / N['bytes']:.2f}x" if N else ""))
    C = r["ceiling"]
    row("tokenizer-only ceiling docs/s (Pool 2)", _f(C["docs_per_s"], 1), "",
        f"{C['seconds']:.1f}s, {C['chars_per_s'] / 1e6:.2f} M chars/s; build = {P['docs_per_s'] / C['docs_per_s'] * 100:.0f}% of it")
    F = r.get("floor")
    if F:
        row("bare Whoosh, pre-segmented text s", _f(F["whoosh_s"], 2), "",
            f"{F['docs']:,} docs, 1 proc; segmenting them {F['segment_s']:.2f}s: a Whoosh build "
            f"reaches at most {F['best_share'] * 100:.0f}% of the ceiling")
    row("read+parse+normalise only (1 proc)", _f(r["read"]["docs_per_s"], 1), "",
        f"{r['read']['seconds']:.1f}s for {r['read']['articles']:,} articles")
    R = r["rerun"]
    row("rerun, unchanged corpus s", _f(R["seconds"], 2), "", f"{R['seconds'] / P['seconds'] * 100:.1f}% of full build")
    A = r.get("added")
    if A:
        row(f"add {ADDED} new files s", _f(A["seconds"], 2), "",
            f"{A['seconds'] / P['seconds'] * 100:.1f}% of full build; {A['articles']} articles added ({A['what']})")
    Q = r.get("queries")
    if Q:
        row(f"queries ({Q['n']} mix, warm): ids p50 ms", _f(Q["project"]["ids"]["p50_ms"], 1),
            _f(Q["naive"]["ids"]["p50_ms"], 1) if N else "")
        row("                          ids p95 ms", _f(Q["project"]["ids"]["p95_ms"], 1),
            _f(Q["naive"]["ids"]["p95_ms"], 1) if N else "",
            f"{Q['project']['ids']['p95_ms'] / Q['naive']['ids']['p95_ms']:.2f}x baseline" if N else "")
        row("                          page p50 ms", _f(Q["project"]["page"]["p50_ms"], 1),
            _f(Q["naive"]["page"]["p50_ms"], 1) if N else "")
        row("                          page p95 ms", _f(Q["project"]["page"]["p95_ms"], 1),
            _f(Q["naive"]["page"]["p95_ms"], 1) if N else "",
            f"{Q['project']['page']['p95_ms'] / Q['naive']['page']['p95_ms']:.2f}x baseline" if N else "")
        row("                          errors (ids/page)",
            f"{Q['project']['ids']['errors']}/{Q['project']['page']['errors']}",
            f"{Q['naive']['ids']['errors']}/{Q['naive']['page']['errors']}" if N else "")
        row("                          first (cold) page ms", _f(Q["project"]["page"]["first_ms"], 0),
            _f(Q["naive"]["page"]["first_ms"], 0) if N else "")
    H = r.get("http")
    if H:
        row(f"HTTP {H['connections']} conns {H['seconds']:.0f}s: req/s", _f(H["rps"], 1), "", H["client"])
        row("                          p50 / p95 ms", f"{H['p50_ms']:.0f} / {H['p95_ms']:.0f}", "",
            f"p99 {H['p99_ms']:.0f}, max {H['max_ms']:.0f}")
        row("                          errors", f"{H['errors']} / {H['requests']:,}", "",
            ", ".join(f"{k} {v}" for k, v in H["error_kinds"].items() if v) or "none")
        row("                          server peak RSS", _f(H["server_peak_rss_mb"], 0, " MiB"), "", "gunicorn tree")
        row("                          first request ms", _f(H["first_request_ms"], 0), "",
            f"a fresh worker's first search (status {H['first_request_status']}); warm-up statuses "
            + ", ".join(f"{k}: {v}" for k, v in H["warmup_statuses"].items()))
    if Q:
        lines.append("")
        lines.append(f"{'query p50 / p95 ms by type':<22} {'n':>4} {'thainews ids':>15} {'thainews page':>15}"
                     + (f" {'naive ids':>15} {'naive page':>15}" if N else ""))
        for t in sorted(Q["project"]["page"]["types"]):
            cells = []
            for eng in ("project", "naive") if N else ("project",):
                for mode in ("ids", "page"):
                    v = Q[eng][mode]["types"].get(t)
                    cells.append(f"{v['p50_ms']:.1f} / {v['p95_ms']:.1f}" if v else "-")
            n = Q["project"]["page"]["types"][t]["n"]
            lines.append(f"{t:<22} {n:>4} " + " ".join(f"{c:>15}" for c in cells))
    return "\n".join(lines)


def checks(r: dict) -> list[tuple[str, bool | None, str]]:
    P, N, C = r["project"], r.get("naive"), r["ceiling"]
    out = []
    if N:
        ratio = P["docs_per_s"] / N["docs_per_s"]
        out.append(("build docs/s >= 3x baseline", ratio >= 3, f"{ratio:.2f}x"))
    else:
        out.append(("build docs/s >= 3x baseline", None, "baseline skipped"))
    share = P["docs_per_s"] / C["docs_per_s"]
    bound = f" (bare Whoosh caps any build at {r['floor']['best_share'] * 100:.0f}%)" if r.get("floor") else ""
    out.append(("build >= 50% of tokenizer-only ceiling", share >= 0.5, f"{share * 100:.0f}%{bound}"))
    rr = r["rerun"]["seconds"] / P["seconds"]
    out.append(("unchanged rerun < 5% of full build", rr < 0.05, f"{rr * 100:.1f}%"))
    if r.get("added"):
        ad = r["added"]["seconds"] / P["seconds"]
        ok = ad < 0.05 and r["added"]["articles"] > 0
        out.append((f"adding {ADDED} files < 5% of full build", ok, f"{ad * 100:.1f}%"))
    Q = r.get("queries")
    if Q and N:
        qp = Q["project"]["page"]["p95_ms"] / Q["naive"]["page"]["p95_ms"]
        out.append(("query p95 <= 0.5x baseline (result page)", qp <= 0.5, f"{qp:.2f}x"))
        qi = Q["project"]["ids"]["p95_ms"] / Q["naive"]["ids"]["p95_ms"]
        out.append(("query p95 <= 0.5x baseline (ids only)", qi <= 0.5, f"{qi:.2f}x"))
    H = r.get("http")
    if H:
        out.append(("HTTP 0 errors", H["errors"] == 0 and H["requests"] > 0,
                    f"{H['errors']} errors of {H['requests']:,}"))
    gib = P["peak_tree_rss"] / 2**30
    out.append(("build peak RSS < 2 GB", P["peak_tree_rss"] < 2e9, f"{gib:.2f} GiB (tree sum)"))
    ix = P["index_bytes"] / P["bytes"]
    out.append(("index size < 1.5x raw text", ix < 1.5, f"{ix:.2f}x"))
    return out
