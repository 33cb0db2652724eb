"""Performance benchmark of thainews against the naive baseline (issue 6), one table.

    python bench/bench.py CORPUS [CORPUS ...] [--work DIR] [--skip-baseline]
        [--queries N] [--http-seconds 30] [--limit-files N] [--json OUT]

In one run, on the same corpus and machine:

1. thainews full build (``indexer.index.build.build_index``) in a child process:
   wall time, docs/s, MB/s of raw input, CPU seconds, peak RSS of the process
   tree (polled from /proc, summed over the builder and its MpWriter workers;
   plus the largest single process from ``wait4``), index size on disk;
2. the same build rerun on the unchanged corpus;
3. the naive baseline (``bench/naive.py``: Whoosh, PyThaiNLP's pure-Python
   newmm, default writer, one process) built in a child process from the same
   sources (reading + parsing with thainews' ingest, streamed, included);
4. the tokenizer-only ceiling: every article's normalised ``title\\nbody``
   (read once, untimed) segmented by ``indexer.thai.segment.segment`` in a
   ``multiprocessing.Pool(2)`` and nothing else;
5. a mix of queries (``queries_mix``) timed on both warm indexes, two ways:
   *ids* (ranked top-10 ids only) and *page* (a first result page as a user
   gets it: thainews ``Searcher.search`` with snippets, facets for facet
   requests; baseline ``search_page`` + stored fields + Whoosh's
   ``hit.highlights("body")``, and ``FieldFacet("date")`` grouping for facet
   requests);
6. the JSON API under gunicorn (2 workers, gthread x4) at 8 connections;
7. 100 new files added to the index as a new directory source.

It ends with PASS/FAIL lines for the targets of issue 6. ``--limit-files N``
copies the first N files of the corpora (split evenly between them) into
tarballs of the same names under the work directory, for quick runs.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing as mp
import os
import platform
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(HERE), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

from floor import whoosh_floor  # noqa: E402  (bench/ is on the path from here on)

SHARED = ROOT.parent / "shared" / "corpora"
ADDED = 100
PAGE_SIZE = 10


# ------------------------------------------------------------------ helpers

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def pct(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


def iter_articles(sources: Sequence[str | Path], stats: dict | None = None) -> Iterator:
    """Articles as ``indexer.index.build`` would index them (same dedup), streamed."""
    from indexer.ingest import unique_articles

    def count(src, result) -> None:
        if stats is not None:
            stats["files"] = stats.get("files", 0) + 1
            stats["bytes"] = stats.get("bytes", 0) + len(src.data or b"")

    return unique_articles(sources, on_file=count)


# ------------------------------------------------------- child processes

def child_main(argv: Sequence[str]) -> int:
    """``bench.py --_child KIND INDEX SOURCE...``: one build, a JSON line on stdout."""
    kind, index_dir, *sources = argv
    if kind == "build-project":
        from indexer.index.build import build_index

        report = build_index(sources, index_dir, progress=False)
        out = {k: getattr(report, k) for k in ("files", "indexed_files", "unchanged_files", "skipped_files",
                                               "failed_files", "articles", "duplicates", "removed",
                                               "seconds", "bytes")}
    elif kind == "build-naive":
        import naive

        stats: dict = {}
        started = time.perf_counter()
        articles = 0

        def counted():
            nonlocal articles
            for a in iter_articles(sources, stats):
                articles += 1
                yield a

        naive.build_naive(counted(), index_dir)
        out = {"files": stats.get("files", 0), "bytes": stats.get("bytes", 0), "articles": articles,
               "seconds": time.perf_counter() - started}
    else:
        raise SystemExit(f"unknown child kind {kind!r}")
    print("BENCHJSON " + json.dumps(out), flush=True)
    return 0


def run_child(kind: str, index_dir: Path, sources: Sequence[str | Path], logfile: Path) -> dict:
    """Run one build in a child process; add wall time, CPU time and memory peaks."""
    from bench_http import TreeRSS

    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", kind, str(index_dir), *map(str, sources)]
    started = time.perf_counter()
    with open(logfile, "ab") as err:
        proc = subprocess.Popen(cmd, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=err)
        with TreeRSS(proc.pid) as tree:
            stdout = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed with code {proc.returncode}; see {logfile}")
    line = next(ln for ln in stdout.decode().splitlines() if ln.startswith("BENCHJSON "))
    out = json.loads(line[len("BENCHJSON "):])
    out.update({
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_tree_rss": tree.peak,  # summed over the process tree, polled every 0.2 s
        "peak_tree_procs": tree.peak_procs,
        "max_single_rss": usage.ru_maxrss * 1024,  # largest single process (wait4, KiB on Linux)
    })
    return out


# ------------------------------------------------------------ the corpora

def limit_corpora(corpora: Sequence[Path], n: int, work: Path) -> list[Path]:
    """The first files of each corpus (n split evenly), as tarballs of the same names."""
    from indexer.ingest import iter_source

    out_dir = work / f"first-{n}"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    shares = [n // len(corpora) + (1 if i < n % len(corpora) else 0) for i in range(len(corpora))]
    out = []
    for corpus, share in zip(corpora, shares):
        name = corpus.name if corpus.name.endswith((".tar.gz", ".tgz")) else corpus.name + ".tar.gz"
        target = out_dir / name
        prefix = corpus.name + "/"
        taken = 0
        with tarfile.open(target, "w:gz", compresslevel=1) as tf:
            for src in iter_source(corpus):
                if taken >= share:
                    break
                if src.data is None:
                    continue
                rel = src.path[len(prefix):] if src.path.startswith(prefix) else src.path
                info = tarfile.TarInfo(rel)
                info.size = len(src.data)
                info.mtime = 0
                tf.addfile(info, io.BytesIO(src.data))
                taken += 1
        log(f"limited {corpus.name}: first {taken} files -> {target}")
        out.append(target)
    return out


def _thaigov_text(title: str, when: date | None, body: str, url: str) -> str:
    months = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
              "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    days = ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]
    when = when or date(2021, 1, 4)
    line = f"{days[when.weekday()]}ที่ {when.day} {months[when.month - 1]} {when.year + 543}"
    return f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}\n{line}\n{body}\nที่มา : {url}\n"


def make_added(corpora: Sequence[Path], originals: Sequence[Path], known_ids: set[str], work: Path,
               seed: int = 42) -> tuple[Path, str]:
    """A new directory source of ADDED article files not in the corpus.

    Files of the other thaigov archive when it exists and is not benchmarked
    (articles already in the corpus are passed over); otherwise synthesised
    from corpus articles (paragraphs shuffled, a new headline and URL).
    """
    from indexer.ingest import iter_source, read_file

    out = work / f"added-{ADDED}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    names = {p.name for p in originals}
    others = [SHARED / n for n in ("thaigov-2020-2025.tar.gz", "thaigov-2016-2020.tar.gz")
              if (SHARED / n).exists() and n not in names]
    if others:
        other = others[0]
        taken = 0
        for src in iter_source(other):
            if taken >= ADDED:
                break
            result = read_file(src)
            if result.status != "ok" or any(a.id in known_ids for a in result.articles):
                continue
            rel = src.path.split("/", 1)[1]
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.data)
            taken += 1
        if taken == ADDED:
            return out, f"first {ADDED} new files of {other.name}"
    # synthesise
    shutil.rmtree(out)
    out.mkdir()
    rng = random.Random(f"{seed}:added")
    pool = []
    for a in iter_articles(corpora):
        pool.append(a)
        if len(pool) >= 2000:
            break
    for k in range(ADDED):
        a = rng.choice(pool)
        paras = [p for p in a.body.split("\n") if p.strip()]
        rng.shuffle(paras)
        when = (a.date or date(2021, 1, 4)) + timedelta(days=rng.randrange(1, 30))
        text = _thaigov_text(f"{a.title} (ฉบับปรับปรุง {k + 1})", when, "\n".join(paras),
                             f"https://bench.invalid/news/{k + 1}")
        (out / f"synth_{k + 1:03d}.txt").write_text(text, encoding="utf-8")
    return out, f"{ADDED} synthesised articles (corpus paragraphs shuffled, new headline and URL)"


# ------------------------------------------------------ tokenizer ceiling

def _seg_init() -> None:
    from indexer.thai.segment import segment

    segment("ทดสอบการตัดคำ")  # load the dictionary before timing


def _seg_len(text: str) -> int:
    from indexer.thai.segment import segment

    return len(segment(text))


def tokenizer_ceiling(texts: Sequence[str], procs: int = 2) -> dict:
    """docs/s of segmentation alone with `procs` processes (text prepared up front)."""
    ctx = mp.get_context("fork")
    chunk = max(1, min(64, len(texts) // (procs * 16) or 1))
    with ctx.Pool(procs, initializer=_seg_init) as pool:
        pool.map(_seg_len, ["ทดสอบ"] * procs * 4, chunksize=1)  # workers up and warm
        started = time.perf_counter()
        tokens = sum(pool.map(_seg_len, texts, chunksize=chunk))
        seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    return {"docs": len(texts), "seconds": seconds, "docs_per_s": len(texts) / seconds,
            "chars_per_s": chars / seconds, "tokens": tokens, "procs": procs}


# ----------------------------------------------------------------- queries

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
    from indexer.query.params import QueryError

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


# ------------------------------------------------------------------ report

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


# -------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--_child":
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="corpora (directories or archives), indexed together")
    ap.add_argument("--work", help="work directory (indexes, logs); default: a temporary directory, removed")
    ap.add_argument("--skip-baseline", action="store_true", help="do not build or query the naive baseline")
    ap.add_argument("--queries", type=int, default=300, help="size of the query mix (default 300)")
    ap.add_argument("--warm", type=int, default=30, help="untimed warm-up queries per engine (default 30)")
    ap.add_argument("--http-seconds", type=int, default=30, help="load test length; 0 skips it (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent HTTP connections (default 8)")
    ap.add_argument("--limit-files", type=int, help="only the first N files of the corpora (quick runs)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", help="write all numbers to this JSON file")
    args = ap.parse_args(argv)

    command = "python bench/bench.py " + " ".join(argv)
    corpora = [Path(c).resolve() for c in args.corpus]
    for c in corpora:
        if not c.exists():
            ap.error(f"corpus not found: {c}")
    tmp = None
    if args.work:
        work = Path(args.work).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="thainews-bench-")
        work = Path(tmp)
    r: dict = {"command": command, "machine": machine(), "versions": versions(),
               "load_before": os.getloadavg(), "started": datetime.now().isoformat(timespec="seconds"),
               "corpora": [str(c) for c in corpora], "limit_files": args.limit_files, "work": str(work)}
    header = [
        f"command : {command}",
        f"machine : {r['machine']['cores']} cores ({r['machine']['cpu']}), {r['machine']['memory']}, "
        f"{r['machine']['platform']}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()),
        f"load avg before: {' '.join(f'{x:.2f}' for x in r['load_before'])}",
        f"corpora : {', '.join(c.name for c in corpora)}"
        + (f" (first {args.limit_files} files)" if args.limit_files else ""),
    ]
    print("\n".join(header), flush=True)
    logfile = work / "builds.log"
    try:
        sources = limit_corpora(corpora, args.limit_files, work) if args.limit_files else corpora

        # 1. thainews: full build, then an unchanged rerun
        pdir = work / "index-thainews"
        if pdir.exists():
            shutil.rmtree(pdir)
        log("thainews full build ...")
        P = run_child("build-project", pdir, sources, logfile)
        P["index_bytes"] = dir_size(pdir)
        P["docs_per_s"] = P["articles"] / P["seconds"]
        r["project"] = P
        log(f"  {P['articles']} articles in {P['seconds']:.1f}s; peak tree RSS {P['peak_tree_rss'] / 2**20:.0f} MiB")
        log("thainews rerun on the unchanged corpus ...")
        r["rerun"] = run_child("build-project", pdir, sources, logfile)
        log(f"  {r['rerun']['seconds']:.2f}s")

        # 2. naive baseline
        N = None
        if not args.skip_baseline:
            ndir = work / "index-naive"
            if ndir.exists():
                shutil.rmtree(ndir)
            log("naive baseline build (pure-Python newmm, one process) ...")
            N = run_child("build-naive", ndir, sources, logfile)
            N["index_bytes"] = dir_size(ndir)
            N["docs_per_s"] = N["articles"] / N["seconds"]
            r["naive"] = N
            log(f"  {N['articles']} articles in {N['seconds']:.1f}s")
            if N["articles"] != P["articles"]:
                log(f"WARNING: baseline has {N['articles']} articles, thainews {P['articles']}")

        # 3. the text, read once (timed on its own, for reference), and the tokenizer ceiling
        log("reading articles once (for the ceiling and the query mix) ...")
        t0 = time.perf_counter()
        articles = list(iter_articles(sources))
        read_s = time.perf_counter() - t0
        r["read"] = {"articles": len(articles), "seconds": read_s, "docs_per_s": len(articles) / read_s}
        texts = [f"{a.title}\n{a.body}" for a in articles]
        log("tokenizer-only ceiling, Pool(2) ...")
        r["ceiling"] = tokenizer_ceiling(texts, 2)
        log(f"  {r['ceiling']['docs_per_s']:.1f} docs/s")
        log("bare Whoosh on pre-segmented text (a sample, one process) ...")
        r["floor"] = whoosh_floor(texts)
        del texts
        log(f"  best share of the ceiling for a Whoosh build: {r['floor']['best_share'] * 100:.0f}%")

        # 4. queries
        from queries_mix import make_mix

        mix = make_mix(articles, args.queries, args.seed)
        known_ids = {a.id for a in articles}
        del articles
        (work / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in mix),
                                            encoding="utf-8")
        if mix:
            log(f"timing {len(mix)} queries ...")
            engines = {"project": ProjectEngine(pdir)}
            if N:
                engines["naive"] = NaiveEngine(work / "index-naive")
            Q = time_queries(engines, mix, args.warm)
            Q["n"] = len(mix)
            Q["mix"] = {t: sum(1 for q in mix if q["type"] == t) for t in sorted({q["type"] for q in mix})}
            r["queries"] = Q
            engines["project"].s.close()
            if N:
                engines["naive"].ns.close()

        # 5. HTTP
        if args.http_seconds > 0 and mix:
            from bench_http import run_http

            bad = set(r["queries"]["_failed"]["project"])
            urls = [api_url(q) for i, q in enumerate(mix) if i not in bad]
            log(f"HTTP: gunicorn 2 workers, {args.connections} connections, {args.http_seconds}s ...")
            H = run_http(pdir, urls, args.http_seconds, args.connections, workdir=work)
            H["connections"] = args.connections
            r["http"] = H
            log(f"  {H['rps']:.1f} req/s, p95 {H['p95_ms']:.0f} ms, {H['errors']} errors")

        # 6. add 100 new files as a new directory source
        added_dir, what = make_added(sources, corpora, known_ids, work, args.seed)
        log(f"adding {ADDED} files ({what}) ...")
        A = run_child("build-project", pdir, [*sources, added_dir], logfile)
        A["what"] = what
        r["added"] = A
        log(f"  {A['articles']} articles in {A['seconds']:.2f}s")
    finally:
        r["load_after"] = os.getloadavg()
        if args.json:
            Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"load avg after : {' '.join(f'{x:.2f}' for x in r['load_after'])}")
    print()
    print(render(r))
    print()
    results = checks(r)
    for label, ok, value in results:
        status = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{status}  {label:<44} {value}")
    if args.json:
        print(f"\nall numbers: {args.json}")
    return 0 if all(ok is not False for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
