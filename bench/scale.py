"""A scale point on one machine: a large archive made of real Thai news text, built as shards (issue 25).

    nice -n 19 .venv/bin/python -m bench.scale --articles 30000 --work /tmp/tn-scale --shards 2 \\
        --json /tmp/tn-scale/30k.json

Generates ``--articles`` articles (``generate``) from the shared corpora's
real text: each takes the headline, category and paragraph count of a real
article (the donor) and paragraphs drawn from any real article, a new id
(its URL) and a date drawn from 20 years (2006-2025). Article k depends
only on the seed and k, so a smaller archive is the first part of a larger
one. They are written as JSON Lines files of ``--per-file`` articles in
``WORK/gen-N`` (outside the repository; never commit them), a format
thainews ingests (``{"url", "title", "content", "date", "category"}``).

Then builds them with ``build_index(..., shards=S)`` in a child process
(local processes, one task per shard) and reports its wall and CPU time
(user + sys of the whole tree, ``wait4``), the index's size against the
raw text, the private memory (USS, PSS, RssAnon) of every build process,
sampled each second, and the page p95 of the ``queries_mix`` mix in a fresh
single process (``timing.ProjectEngine``, the result page the web app
serves), with that searching process' memory afterwards.
``--sources`` builds given corpora instead (28k, 91k) with the same
measurements. Run it under ``nice -n 19`` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.builds import ROOT, SHARED, dir_size, log

__all__ = ["main", "generate", "Donors"]

CORPORA = ("thaigov-2016-2020.tar.gz", "thaigov-2020-2025.tar.gz", "dailynews-2017.tar.gz")
FIRST_DAY, DAYS = date(2006, 1, 1), 20 * 365 + 5  # 2006-01-01 .. 2025-12-31
HOST = "https://scale.thainews.invalid"  # a reserved name: no generated id is a real URL


@dataclass
class Text:
    """An article as the query mix reads it (``queries_mix.make_mix``)."""

    title: str
    body: str
    date: date | None


class Donors:
    """Real articles' headlines, categories and paragraph counts, and every real paragraph."""

    def __init__(self, corpora: Sequence[Path]):
        from indexer.ingest import unique_articles

        self.heads: list[tuple[str, str | None, int]] = []  # (title, category, paragraphs)
        self.paragraphs: list[str] = []
        for article in unique_articles(list(corpora)):
            paras = [p for p in article.body.split("\n") if p.strip()]
            if not paras:
                continue
            self.heads.append((article.title, article.category, len(paras)))
            self.paragraphs.extend(paras)

    def article(self, seed: int, k: int) -> dict:
        """Article `k`: a donor's headline, category and length, paragraphs of any article,
        a new URL and a day of 2006-2025, e.g. ``{"url": ".../25/00000007", "title":
        "นายกฯ ประชุม ครม.", "content": "...\\n...", "date": "2011-03-14", "category": "ข่าวทำเนียบรัฐบาล"}``."""
        rng = random.Random(f"{seed}:{k}")
        title, category, count = self.heads[rng.randrange(len(self.heads))]
        body = "\n".join(self.paragraphs[rng.randrange(len(self.paragraphs))] for _ in range(count))
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        return {"url": f"{HOST}/{seed}/{k:08d}", "title": title, "content": body, "date": day.isoformat(),
                "category": category or ""}


def generate(donors: Donors, articles: int, out: Path, *, seed: int = 25, per_file: int = 1000,
             keep_every: int = 0) -> tuple[dict, list[Text]]:
    """Write `articles` generated articles as ``out/part-NNNNN.jsonl``; their counts and sizes, and
    every `keep_every`-th one kept for the query mix."""
    out.mkdir(parents=True, exist_ok=True)
    kept: list[Text] = []
    text_bytes = 0
    for start in range(0, articles, per_file):
        lines = []
        for k in range(start, min(articles, start + per_file)):
            record = donors.article(seed, k)
            text_bytes += len(record["title"].encode()) + len(record["content"].encode())
            lines.append(json.dumps(record, ensure_ascii=False))
            if keep_every and k % keep_every == 0:
                kept.append(Text(record["title"], record["content"], date.fromisoformat(record["date"])))
        (out / f"part-{start // per_file:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"articles": articles, "files": -(-articles // per_file), "text_bytes": text_bytes,
            "source_bytes": dir_size(out)}, kept


# ------------------------------------------------------------ the build, measured

def child_build(argv: Sequence[str]) -> int:
    """``scale.py --child INDEX SHARDS CLUSTER SOURCE...`` (CLUSTER ``-``: local processes): one build
    from scratch with 2 processes, a JSON line on stdout."""
    from indexer.index.build import build_index

    index, shards, cluster, *sources = argv
    report = build_index(sources, index, progress=False, shards=int(shards) if int(shards) > 1 else None,
                         procs=2, rebuild=True, cluster=None if cluster == "-" else cluster)
    print("BENCHJSON " + json.dumps(report.to_json()), flush=True)
    return 0


def measured_build(index: Path, shards: int, sources: Sequence[Path], logfile: Path,
                   cluster: str | None = None) -> dict:
    """Build in a child process: wall, CPU of its whole tree (``wait4``; a Ray cluster's own
    processes are not in it), and each of its processes' memory peaks."""
    from bench.procmem import WorkerMemory

    if index.exists():
        shutil.rmtree(index)
    cmd = [sys.executable, "-m", "bench.scale", "--child", str(index), str(shards), cluster or "-", *map(str, sources)]
    started = time.perf_counter()
    with open(logfile, "ab") as err:
        proc = subprocess.Popen(cmd, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=err)
        with WorkerMemory(proc.pid, interval=1.0, tree=True) as mem:
            assert proc.stdout is not None
            stdout = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the build failed; see {logfile}")
    line = next(ln for ln in stdout.decode().splitlines() if ln.startswith("BENCHJSON "))
    report = json.loads(line[len("BENCHJSON "):])
    workers = [{"pid": w["pid"], "name": w["name"][:60], **{k: w["peak"].get(k, 0) for k in ("USS", "Pss", "RssAnon",
                                                                                         "Rss")}}
               for w in mem.report()]
    return {"articles": report.get("articles"), "duplicates": report.get("duplicates"),
            "failed_files": report.get("failed_files"), "wall_s": round(wall, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "user_s": round(usage.ru_utime, 1),
            "sys_s": round(usage.ru_stime, 1), "index_bytes": dir_size(index), "workers_peak": workers,
            "largest_max_rss": usage.ru_maxrss * 1024}


def page_times(index: Path, texts: Sequence[Text], queries: int, warm: int, work: Path) -> dict:
    """Page and ids p50/p95 of the query mix drawn from `texts`, timed in a fresh process (its
    memory afterwards is a searching process', not this one's, which held the generator)."""
    from bench.queries_mix import make_mix

    mixfile = work / "mix.json"
    mixfile.write_text(json.dumps(make_mix(list(texts), queries), ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "bench.scale", "--child-time", str(index), str(mixfile), str(warm)]
    stdout = subprocess.run(cmd, cwd=str(ROOT), capture_output=True, text=True, check=True).stdout
    return json.loads(next(ln for ln in stdout.splitlines() if ln.startswith("BENCHJSON "))[len("BENCHJSON "):])


def child_time(argv: Sequence[str]) -> int:
    """``scale.py --child-time INDEX MIXFILE WARM``: the mix timed on the index, and this searching
    process' memory, a JSON line on stdout."""
    from bench.procmem import process_memory
    from bench.timing import ProjectEngine, time_queries

    index, mixfile, warm = argv
    mix = json.loads(Path(mixfile).read_text(encoding="utf-8"))
    engine = ProjectEngine(Path(index))
    try:
        q = time_queries({"index": engine}, mix, int(warm))["index"]
        mem = process_memory(os.getpid()) or {}
    finally:
        engine.close()
    out: dict = {mode: {k: (round(v, 2) if isinstance(v, float) else v) for k, v in s.items()
                        if k in ("n", "errors", "p50_ms", "p95_ms", "mean_ms", "max_ms")}
                 | {"types_p95_ms": {t: round(x["p95_ms"], 2) for t, x in s["types"].items()}}
                 for mode, s in q.items()}
    out["searcher_memory"] = {k: mem.get(k, 0) for k in ("RssAnon", "USS", "Pss", "Rss")}
    print("BENCHJSON " + json.dumps(out), flush=True)
    return 0


def _cpu_now() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _real_texts(sources: Sequence[Path], every: int) -> Iterator[Text]:
    from indexer.ingest import unique_articles

    for k, a in enumerate(unique_articles(list(sources))):
        if k % every == 0:
            yield Text(a.title, a.body, a.date)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child_build(argv[1:])
    if argv[:1] == ["--child-time"]:
        return child_time(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, help="generate this many articles (else --sources)")
    ap.add_argument("--sources", nargs="+", type=Path, help="build these corpora instead of generating")
    ap.add_argument("--work", type=Path, required=True, help="outside the repository: archives and indexes")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--mix-texts", type=int, default=3000, help="articles the query mix is drawn from")
    ap.add_argument("--keep", action="store_true", help="keep the generated archive and the index")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not args.articles and not args.sources:
        ap.error("give --articles N or --sources CORPUS...")
    args.work.mkdir(parents=True, exist_ok=True)
    out: dict = {"command": " ".join(sys.argv), "shards": args.shards, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    if args.articles:
        name = f"gen-{args.articles}"
        src = args.work / name
        if src.exists():
            shutil.rmtree(src)
        log(f"reading the shared corpora's articles ({', '.join(CORPORA)}) ...")
        t0, c0 = time.perf_counter(), _cpu_now()
        donors = Donors([SHARED / c for c in CORPORA])
        log(f"  {len(donors.heads)} donors, {len(donors.paragraphs)} paragraphs; writing {args.articles} ...")
        gen, texts = generate(donors, args.articles, src, seed=args.seed, per_file=args.per_file,
                              keep_every=max(1, args.articles // args.mix_texts))
        del donors
        out["generate"] = {**gen, "wall_s": round(time.perf_counter() - t0, 1), "cpu_s": round(_cpu_now() - c0, 1)}
        sources = [src]
    else:
        name = "+".join(p.name.split(".")[0] for p in args.sources)
        sources = list(args.sources)
        out["generate"] = {"source_bytes": sum(p.stat().st_size if p.is_file() else dir_size(p) for p in sources)}
    log(f"  {out['generate']}")
    index = args.work / f"index-{name}-s{args.shards}"
    log(f"building {index} with {args.shards} shards ...")
    out["build"] = measured_build(index, args.shards, sources, args.work / "build.log")
    b = out["build"]
    b["index_to_source"] = round(b["index_bytes"] / out["generate"]["source_bytes"], 2)
    if "text_bytes" in out["generate"]:
        b["index_to_text"] = round(b["index_bytes"] / out["generate"]["text_bytes"], 2)
    n = b["articles"] or 1
    b["per_article"] = {"wall_ms": round(1000 * b["wall_s"] / n, 2), "cpu_ms": round(1000 * b["cpu_s"] / n, 2),
                        "index_bytes": round(b["index_bytes"] / n)}
    log(f"  {json.dumps({k: v for k, v in b.items() if k != 'workers_peak'})}")
    if not args.articles:
        texts = list(_real_texts(sources, max(1, n // args.mix_texts)))
    log(f"timing {args.queries} queries of the mix ...")
    out["queries"] = page_times(index, texts, args.queries, args.warm, args.work)
    log(f"  page {out['queries']['page']}")
    out["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    if not args.keep:
        shutil.rmtree(index)
        if args.articles:
            shutil.rmtree(args.work / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
