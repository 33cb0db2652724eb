"""Builds for bench.py, each in a child process, and the inputs they need.

    run_child(kind, index_dir, sources, logfile) -> dict   (kind: build-project, build-naive, build-peer)
    corpus_key / record_baseline / check_baseline / reuse_baseline   (--baseline-index)
    limit_corpora(corpora, n, work) -> [tarball, ...]
    make_added(corpora, originals, known_ids, work) -> (directory, what)
    tokenizer_ceiling(texts, procs=2) -> dict

A child is ``python -m bench.builds KIND INDEX SOURCE...``: it runs one build
and prints one ``BENCHJSON`` line; the parent adds wall time, CPU time (wait4)
and memory peaks (the process tree polled from /proc).
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import os
import random
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SHARED = ROOT.parent / "shared" / "corpora"
ADDED = 100


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def iter_articles(sources: Sequence[str | Path], stats: dict | None = None) -> Iterator:
    """Articles as thainews' build indexes them (same dedup), streamed."""
    from indexer.ingest import unique_articles

    def count(src, result) -> None:
        if stats is not None:
            stats["files"] = stats.get("files", 0) + 1
            stats["bytes"] = stats.get("bytes", 0) + len(src.data or b"")

    return unique_articles(sources, on_file=count)


# ------------------------------------------------------- child processes

def child_main(argv: Sequence[str]) -> int:
    """``builds.py KIND INDEX SOURCE...``: one build, a JSON line on stdout."""
    kind, index_dir, *sources = argv  # kind: build-project, build-naive, build-peer
    if kind == "build-project":
        from indexer import build_index

        report = build_index(sources, index_dir, progress=False)
        out = {k: getattr(report, k) for k in ("files", "indexed_files", "unchanged_files", "skipped_files",
                                               "failed_files", "articles", "duplicates", "removed",
                                               "seconds", "bytes")}
    elif kind == "build-naive":
        from bench import naive

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
    elif kind == "build-peer":
        from bench.peer_tantivy import build_peer

        out = build_peer(sources, index_dir, procs=2)
    else:
        raise SystemExit(f"unknown child kind {kind!r}")
    print("BENCHJSON " + json.dumps(out), flush=True)
    return 0


def run_child(kind: str, index_dir: Path, sources: Sequence[str | Path], logfile: Path) -> dict:
    """Run one build in a child process; add wall time, CPU time and memory peaks."""
    from bench.procmem import TreeRSS

    cmd = [sys.executable, "-m", "bench.builds", kind, str(index_dir), *map(str, sources)]
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


# ------------------------------------------- reusing the baseline's index

BASELINE_RECORD = "bench-build.json"  # beside a naive index: its build and corpus


def corpus_key(corpora: Sequence[Path], limit_files: int | None) -> dict:
    """What identifies a benchmark's corpus: names, sizes on disk, --limit-files."""
    sizes = [p.stat().st_size if p.is_file() else dir_size(p) for p in corpora]
    return {"corpora": [p.name for p in corpora], "sizes": sizes, "limit_files": limit_files}


def record_baseline(index_dir: Path, build: dict, key: dict) -> None:
    """Keep the naive build's numbers in its index directory, for ``--baseline-index``."""
    record = {"corpus": key, "build": build, "recorded": time.strftime("%Y-%m-%d %H:%M:%S")}
    (Path(index_dir) / BASELINE_RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")


def check_baseline(index_dir: Path, key: dict) -> str | None:
    """Why the naive index in `index_dir` cannot stand for this corpus (None: it can)."""
    from whoosh import index as whoosh_index

    if not Path(index_dir).is_dir() or not whoosh_index.exists_in(str(index_dir)):
        return f"no Whoosh index in {index_dir}"
    path = Path(index_dir) / BASELINE_RECORD
    if path.exists():
        recorded = json.loads(path.read_text(encoding="utf-8"))["corpus"]
        if recorded != key:
            return f"{index_dir} was built for {recorded}, not {key}"
    return None


def reuse_baseline(index_dir: Path) -> dict:
    """The reused naive index: its recorded build (when recorded), article count and size."""
    from bench import naive

    path = Path(index_dir) / BASELINE_RECORD
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    out = dict(record["build"]) if record else {}
    ns = naive.NaiveSearcher(index_dir)
    try:
        out["articles"] = ns.doc_count()
    finally:
        ns.close()
    out.update({"reused": str(index_dir), "recorded": record["recorded"] if record else None,
                "index_bytes": dir_size(index_dir) - (path.stat().st_size if path.exists() else 0)})
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



if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
