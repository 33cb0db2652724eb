"""Builds killed with SIGKILL at chosen points leave a working index; the next build recovers.

Each case copies one index built from the old sources (41 articles), runs
``tests/crash_driver.py`` on the new sources (8 files changed, 70 added)
and lets it SIGKILL itself at one point of the build, with one or two
processes, incremental or ``--rebuild``. Then:

- the index opens and answers exactly as the old index did (a kill before
  the commit) or as an index built from the new sources does (a kill after
  it), never anything in between, and its manifest names exactly its
  articles;
- no process of the killed build survives it;
- a normal ``thainews index`` run (no flags, no cleanup) finishes, reads
  what the manifest says it must, and gives the same index as a build from
  scratch, leaving no file of the killed build behind.

Also: a first build killed while creating the index, and a second build
started while one holds the lock.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from bench.reindex_load import MARK, change_articles, make_articles
from indexer.cli import main as thainews
from indexer.index.build import build_index
from indexer.index.store import read_manifest
from indexer.search import Searcher
from indexer.search.probes import search_ids

from .conftest import SEED, stored_articles

DRIVER = Path(__file__).with_name("crash_driver.py")
QUERIES = ["ข่าวทดสอบ", "สงขลา", "วีรนันทน์ เพ็งจันทร์", MARK, "ลำดับ 150", "ประชุม"]
OLD, CHANGED, ADDED = 40, 8, 70

# (kill point, processes, rebuild, what the index must hold after the kill)
CASES = [
    ("read:40", 1, False, "old"),
    ("textindex", 1, False, "old"),
    ("assemble", 1, False, "old"),
    ("toc", 1, False, "old"),
    ("clean", 1, False, "new"),
    ("adopt", 1, False, "new"),
    ("read:72", 2, False, "old"),      # a batch of 64 documents is in a worker
    ("assemble", 2, False, "old"),     # the workers die: the build must fail, not commit
    ("textindex", 2, False, "old"),
    ("precommit", 2, False, "old"),
    ("read:100", 1, True, "old"),
    ("textindex", 1, True, "old"),
    ("toc", 1, True, "old"),
    ("adopt", 1, True, "new"),
    ("read:100", 2, True, "old"),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """Old sources and their index; new sources and the index built from them from scratch."""
    root = tmp_path_factory.mktemp("crash")
    old_src, new_src = root / "old" / "src", root / "new" / "src"
    shutil.copy(SEED, _mkdir(old_src) / SEED.name)
    make_articles(old_src / "g", 0, OLD)
    shutil.copytree(old_src, new_src)
    change_articles(sorted((new_src / "g").glob("*.txt"))[:CHANGED])
    make_articles(new_src / "g", 100, ADDED)
    old_ix, new_ix = root / "old" / "ix", root / "new" / "ix"
    build_index([old_src], old_ix, progress=False)
    build_index([new_src], new_ix, progress=False)
    return {"root": root, "new_src": new_src, "old_ix": old_ix,
            "old": snapshot(old_ix), "new": snapshot(new_ix)}


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshot(index_dir: Path) -> dict:
    """What the index answers: its articles, and each query's total and hit ids."""
    searcher = Searcher(index_dir)
    try:
        answers = {q: (searcher.search(q, size=1, facets=False)["total"], sorted(search_ids(searcher, q, limit=1000)))
                   for q in QUERIES}
        articles = sorted((d["id"], d["title"], len(d["body"])) for d in stored_articles(index_dir))
    finally:
        searcher.close()
    manifest = read_manifest(index_dir)
    listed = sorted(i for entry in manifest["files"].values() for i in entry["ids"])
    assert listed == [a[0] for a in articles], "the manifest does not name the index's articles"
    return {"articles": articles, "answers": answers}


def run_driver(sources: Path, ix: Path, point: str, procs: int = 1, rebuild: bool = False) -> tuple:
    """Exit code, output and pid of a crash_driver run (the pid is its process group)."""
    cmd = [sys.executable, str(DRIVER), str(sources), "--index", str(ix),
           "--kill", point, "--procs", str(procs)] + (["--rebuild"] if rebuild else [])
    # output to a file, not a pipe: a surviving worker would hold a pipe open
    with open(ix.parent / "driver.log", "w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
        code = proc.wait(timeout=120)
        log.seek(0)
        return code, log.read(), proc.pid


def survivors(pgid: int) -> list[str]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_bytes()
        except OSError:
            continue
        state, _, group = stat[stat.rfind(b")") + 2:].split()[:3]
        if int(group) == pgid and state != b"Z":
            found.append(entry)
    return found


def leftovers(index_dir: Path) -> set[str]:
    """Files in the index directory that belong to no part of its current state."""
    ix = whoosh_index.open_dir(str(index_dir))
    generation = ix.latest_generation()
    segments = {s.segment_id() for s in ix._segments()}
    keep = {"MAIN_WRITELOCK", "build.lock", "manifest.json", "thainews.json", f"_MAIN_{generation}.toc",
            f"_MAIN_{generation}.seal"}  # the generation's seal: its files and sizes (durable.DurableCommit)
    return {name for name in os.listdir(index_dir)
            if name not in keep and re.sub(r"\..*$", "", name) not in segments}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("point,procs,rebuild,outcome", CASES,
                         ids=[f"{p}-procs{n}{'-rebuild' if r else ''}" for p, n, r, _ in CASES])
def test_killed_build_leaves_a_working_index(world, tmp_path, point, procs, rebuild, outcome):
    ix = tmp_path / "ix"
    shutil.copytree(world["old_ix"], ix)
    code, output, pid = run_driver(world["new_src"], ix, point, procs, rebuild)
    if point in ("assemble", "textindex") and procs > 1:
        # the workers killed themselves: the build reports it and commits nothing
        assert code == 1 and "worker process died" in output, output[-2000:]
    else:
        assert code == -signal.SIGKILL, output[-2000:]
        assert f"KILL {point}" in output
    deadline = time.monotonic() + 3
    while survivors(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not survivors(pid), "a process of the killed build outlived it"

    after_kill = snapshot(ix)
    assert after_kill == world[outcome]

    res = CliRunner().invoke(thainews, ["index", str(world["new_src"]), "--index", str(ix), "--json",
                                        "--no-progress"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["indexed_files"] == (0 if outcome == "new" else CHANGED + ADDED)
    assert snapshot(ix) == world["new"]
    assert not leftovers(ix)


def test_a_second_build_is_refused_while_one_runs(world, tmp_path):
    """Two builds never write one index: the second stops with a clear error, the index unharmed."""
    from indexer.index.store import IndexBusy, build_lock

    ix = tmp_path / "ix"
    shutil.copytree(world["old_ix"], ix)
    with build_lock(ix):
        with pytest.raises(IndexBusy, match="another build"):
            build_index([world["new_src"]], ix, progress=False)
    assert snapshot(ix) == world["old"]


def test_first_build_killed_before_it_is_finished(world, tmp_path):
    """A first build killed while creating the index: refused as unfinished, then simply redone."""
    from indexer.index.store import IndexMissing, index_state, open_index

    ix = tmp_path / "ix"
    code, output, _ = run_driver(world["new_src"], ix, "create")
    assert code == -signal.SIGKILL and "KILL create" in output, output[-2000:]
    assert index_state(ix) == "unfinished"
    with pytest.raises(IndexMissing, match="never finished"):
        open_index(ix)
    res = CliRunner().invoke(thainews, ["index", str(world["new_src"]), "--index", str(ix), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert snapshot(ix) == world["new"]
    assert not leftovers(ix)
