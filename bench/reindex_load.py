"""Reindex while the server is under load: do readers see one index, then the next?

    .venv/bin/python -m bench.reindex_load [--corpus DIR] [--seconds 15] [--clients 8]
                                           [--add 200] [--change 50] [--workers 2]

Copies the corpus (default: the embedded ``corpus/`` plus 150 generated
articles) into a temporary directory, indexes it, serves the index with
``thainews serve`` (gunicorn, ``--workers`` processes of 4 threads) and has
``--clients`` threads request ``/api/search`` back to back (urllib, a cycle of
queries and page sizes) for ``--seconds``, and at least ``--after`` seconds
after the reindex. A second in, it adds ``--add`` generated articles, changes
``--change`` existing files and runs ``thainews index`` on the copy, a
separate process, as a user would.

Every response is classified by its (total, hit ids) against the old index's
answer to that query and the new one's, both from a fresh searcher in this
process (before the reindex and after it): ``old``, ``new`` or ``neither``
(an inconsistent or wrong read: a server that kept serving deleted articles
would answer ``neither`` to every query the reindex changed). Also counted:
errors (non-200, exceptions), ``regressions`` (a client that got the new
answer to a query later getting the old one) and ``stale`` (old answers to
requests sent after the commit was visible on disk). ``run()`` returns the
figures as a dict; tests/test_reindex_load.py runs a small version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["make_articles", "change_articles", "run", "QUERIES"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_a5a97db9e4167df2.txt"
MARK = "ปรับปรุงข้อมูลล่าสุด"
QUERIES = ["ข่าวทดสอบ", "สงขลา", "ผู้ว่าราชการจังหวัดสงขลา", "วีรนันทน์ เพ็งจันทร์", MARK, "ประชุม",
           "ยุทธศาสตร์", "ข้าราชการ", "อำเภอ", "การพัฒนา", "ประสิทธิภาพ", "ปลัดจังหวัด", "โครงการ",
           "พื้นที่", "นโยบาย", "ประชาชน", "หาดใหญ่", "ท้องถิ่น", "ความมั่นคง", "เศรษฐกิจ",
           "title:ข่าวทดสอบ", "สงขลา -ประชุม", '"ฝ่ายปกครอง"', "จังหวัด OR อำเภอ"]
# Page sizes cycle through 1..MAX_SIZE, so requests rarely repeat inside the
# server's 256-entry result cache: the load is real searches, not cache hits.
MAX_SIZE = 20


def make_articles(out: Path, first: int, count: int, seed: int = 7) -> list[Path]:
    """`count` small Thai articles ``gNNNN.txt`` (headline, date line, body) made of the seed's words.

    Each has its own headline (``ข่าวทดสอบ ลำดับ N ...``) and body, so none is
    a duplicate; the words are real Thai news text, so segmentation,
    officials extraction and dates do their usual work.
    """
    words = [w for w in SEED.read_text(encoding="utf-8").split() if len(w) > 2 and not w[0].isdigit()]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(first, first + count):
        rng = random.Random(seed * 100_003 + n)
        picked = rng.sample(words, 45)
        text = (f"ข่าวทดสอบ ลำดับ {n} {' '.join(picked[:3])}\n{1 + n % 28} ส.ค. 62\n"
                f"{' '.join(picked[3:])}\n")
        path = out / f"g{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def change_articles(paths: list[Path]) -> None:
    """Append the marker sentence to each file: the next build replaces their articles."""
    for path in paths:
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f" {MARK}\n", encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, q: str, size: int = MAX_SIZE, timeout: float = 10.0) -> tuple[int, tuple]:
    """Status and (total, hit ids) of one search."""
    with urllib.request.urlopen(f"{base}/api/search?{urlencode({'q': q, 'size': size})}", timeout=timeout) as res:
        return res.status, _answer(json.loads(res.read()))


def _answers(index_dir: Path) -> dict[str, tuple]:
    """Each query's (total, hit ids) from a searcher opened now: the truth to check the server by."""
    from indexer.search import Searcher

    searcher = Searcher(index_dir)
    try:
        return {q: _answer(searcher.search(q, size=MAX_SIZE)) for q in QUERIES}
    finally:
        searcher.close()


def _answer(data: dict) -> tuple:
    return data["total"], tuple(hit["id"] for hit in data["hits"])


def _cut(answer: tuple, size: int) -> tuple:
    """The answer to the same query with a smaller page: the same total, the first hits."""
    return answer[0], answer[1][:size]


def _generation(index_dir: Path) -> int:
    gens = [int(m.group(1)) for m in map(re.compile(r"^_MAIN_(\d+)\.toc$").match, os.listdir(index_dir)) if m]
    return max(gens, default=-1)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(corpus: Path | None = None, seconds: float = 15.0, clients: int = 8, add: int = 200,
        change: int = 50, workers: int = 2, base_generated: int = 150, work: Path | None = None,
        reindex_at: float = 1.0, after: float = 2.0) -> dict:
    """Build, serve, load, reindex mid-load; return the figures (see the module docstring)."""
    thainews = str(Path(sys.executable).with_name("thainews"))
    own = work is None
    work = Path(tempfile.mkdtemp(prefix="reindex-load-")) if own else work
    src, ix = work / "news", work / "index"
    server = None
    try:
        if corpus is None:
            shutil.copytree(ROOT / "corpus", src)
            make_articles(src / "generated", 0, base_generated)
        else:
            shutil.copytree(corpus, src)
        first = subprocess.run([thainews, "index", str(src), "--index", str(ix), "--no-progress"],
                               capture_output=True, text=True)
        if not (ix / "thainews.json").exists():
            raise RuntimeError(f"the first build failed:\n{first.stderr[-3000:]}")
        port = _free_port()
        server = subprocess.Popen([thainews, "serve", "--index", str(ix), "--port", str(port),
                                   "--workers", str(workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError as exc:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not come up") from exc
                time.sleep(0.2)
        old = _answers(ix)
        for _ in range(2 * workers):  # every worker has answered before the clock starts
            _get(base, QUERIES[0])

        records: list[tuple] = []  # (client, query, size, sent, latency, status, answer)
        stop = threading.Event()
        start = time.monotonic()

        def client(k: int) -> None:
            n = k
            while not stop.is_set():
                q, size = QUERIES[n % len(QUERIES)], 1 + (n // len(QUERIES) + k) % MAX_SIZE
                n += 1
                sent = time.monotonic()
                try:
                    status, answer = _get(base, q, size)
                except Exception as exc:  # noqa: BLE001 - every failure is an error to count
                    status, answer = getattr(exc, "code", None) or type(exc).__name__, None
                records.append((k, q, size, sent - start, time.monotonic() - sent, status, answer))

        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
        for t in threads:
            t.start()
        time.sleep(reindex_at)
        gen0 = _generation(ix)
        files = sorted(p for p in src.rglob("*.txt"))
        change_articles(files[:change])
        make_articles(src / "added", 100_000, add, seed=11)
        committed = []

        def watch() -> None:
            while not committed and not stop.is_set():
                if _generation(ix) > gen0:
                    committed.append(time.monotonic() - start)
                time.sleep(0.005)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        began = time.monotonic() - start
        build = subprocess.run([thainews, "index", str(src), "--index", str(ix), "--no-progress", "--json"],
                               capture_output=True, text=True)
        ended = time.monotonic() - start
        report = json.loads(build.stdout) if build.stdout.strip().startswith("{") else {}
        time.sleep(max(after, seconds - ended))  # some load on the new index, however long the build took
        stop.set()
        for t in threads:
            t.join(15)
        watcher.join(1)
        new = _answers(ix)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(15)
        if own:
            shutil.rmtree(work, ignore_errors=True)

    commit_at = committed[0] if committed else ended
    counts = {"old": 0, "new": 0, "neither": 0}
    errors, regressions, stale, seen_new = 0, 0, 0, set()
    for k, q, size, sent, _, status, answer in sorted(records, key=lambda r: r[3]):
        if status != 200:
            errors += 1
            continue
        was, now = _cut(old[q], size), _cut(new[q], size)
        if answer == was == now:  # the reindex did not change this answer
            continue
        kind = "old" if answer == was else "new" if answer == now else "neither"
        counts[kind] += 1
        if kind == "new":
            seen_new.add((k, q))
        elif kind == "old" and (k, q) in seen_new:
            regressions += 1
        if kind == "old" and sent > commit_at + 0.05:
            stale += 1
    duration = max(r[3] + r[4] for r in records) if records else 0.0
    latencies = [r[4] * 1000 for r in records]
    during = [r[4] * 1000 for r in records if began <= r[3] <= ended]
    after_commit = [r[4] * 1000 for r in records if r[3] > commit_at]
    first_new = min((r[3] + r[4] for r in records if r[5] == 200 and r[6] == _cut(new[r[1]], r[2])
                     and r[6] != _cut(old[r[1]], r[2])), default=None)
    return {
        "requests": len(records), "seconds": round(duration, 2),
        "requests_per_s": round(len(records) / duration, 1) if duration else 0.0,
        "errors": errors, "p50_ms": round(_pct(latencies, 50), 1), "p95_ms": round(_pct(latencies, 95), 1),
        "p95_ms_during_reindex": round(_pct(during, 95), 1), "requests_during_reindex": len(during),
        "p95_ms_after_commit": round(_pct(after_commit, 95), 1), "requests_after_commit": len(after_commit),
        "old": counts["old"], "new": counts["new"], "neither": counts["neither"],
        "unchanged_answers": len(records) - errors - sum(counts.values()),
        "regressions": regressions, "stale_after_commit": stale,
        "reindex_s": [round(began, 2), round(ended, 2)], "commit_visible_s": round(commit_at, 2),
        "first_new_answer_s": round(first_new, 2) if first_new is not None else None,
        "reindex_exit": build.returncode, "reindexed_files": report.get("indexed_files"),
        "reindexed_articles": report.get("articles"),
        "changed_queries": sum(old[q] != new[q] for q in QUERIES), "queries": len(QUERIES),
        "clients": clients, "workers": workers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a directory of news files [default: corpus/ + 150 generated]")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--add", type=int, default=200, help="generated articles the reindex adds")
    parser.add_argument("--change", type=int, default=50, help="existing files the reindex finds changed")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--after", type=float, default=5.0, help="seconds of load at least after the reindex")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run(args.corpus, args.seconds, args.clients, args.add, args.change, args.workers, after=args.after)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(" ".join(sys.argv))
    for key, value in figures.items():
        print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
