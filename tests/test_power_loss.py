"""A power cut at any step of a build leaves the old index or the new one, and the next build recovers.

``tests/power_driver.py`` runs an incremental build (and a ``--rebuild``)
and records every fsync, rename and removal it makes, with the index
directory's files before each. For every step, the test rebuilds what the
disk would hold had the power gone just before it:

- a file keeps only what was fsynced of it (cut to its last fsynced size,
  empty if it never was); a file the build created whose directory entry
  was never fsynced is gone;
- renames and removals made after the directory's last fsync are undone.

The index must then open with the old generation's articles or the new
one's, nothing else and never an error; once a step leaves the new one,
every later step does. Then ``thainews index`` (and ``--rebuild``) on such
a state gives the new index.

Also the two failures the issue saw: an empty commit point (every request
500, ``thainews index`` dying of ``TypeError: ord()``), and an empty
segment file (FileFormatError while a rerun said "unchanged").
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.reindex_load import change_articles, make_articles
from indexer.cli import main as thainews
from indexer.index.build import build_index
from indexer.index.store import open_index, whole_generation
from indexer.search import Searcher
from webui import create_app

from .conftest import SEED

DRIVER = Path(__file__).with_name("power_driver.py")


def ids(index_dir: Path) -> list[str]:
    """The ids of the articles the index opens with (its newest whole generation)."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        column = searcher.reader().column_reader("id")
        return sorted(column[d] for d in searcher.reader().all_doc_ids())


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("power")
    old_src, new_src = root / "old" / "src", root / "new" / "src"
    (old_src / "g").mkdir(parents=True)
    shutil.copy(SEED, old_src / SEED.name)
    make_articles(old_src / "g", 0, 6)
    shutil.copytree(old_src, new_src)
    change_articles(sorted((new_src / "g").glob("*.txt"))[:2])
    make_articles(new_src / "g", 100, 4)
    old_ix, new_ix = root / "old" / "ix", root / "new" / "ix"
    build_index([old_src], old_ix, progress=False)
    build_index([new_src], new_ix, progress=False)
    return {"root": root, "old_src": old_src, "new_src": new_src, "old_ix": old_ix,
            "old": ids(old_ix), "new": ids(new_ix)}


def record(world, tmp_path: Path, rebuild: bool) -> tuple[Path, Path]:
    ix, out = tmp_path / "ix", tmp_path / "record"
    shutil.copytree(world["old_ix"], ix)
    cmd = [sys.executable, str(DRIVER), str(world["new_src"]), "--index", str(ix), "--record", str(out)]
    res = subprocess.run(cmd + (["--rebuild"] if rebuild else []), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return ix, out


def power_cut(out: Path, k: int, target: Path) -> None:
    """Write to `target` what the disk holds after a power cut just before step `k`."""
    steps = json.loads((out / "steps.json").read_text())[:k]
    start = set(json.loads((out / "start.json").read_text()))
    snaps = [json.loads((out / str(i) / ".inodes.json").read_text()) for i in range(k + 1)]
    synced: dict[int, int] = {}
    dirsyncs = [i for i, step in enumerate(steps) if step["op"] == "dirsync"]
    last_dirsync = dirsyncs[-1] if dirsyncs else -1
    for step in steps:
        if step["op"] == "fsync":
            synced[step["inode"]] = step["size"]
    # name -> (snapshot holding its bytes, its name there, inode)
    state = {name: (k, name, inode) for name, inode in snaps[k].items()}
    for j in range(k - 1, last_dirsync, -1):  # undo what no directory fsync made durable, newest first
        step = steps[j]
        if step["op"] == "rename":
            if step["dst"] in state:
                state[step["src"]] = state.pop(step["dst"])
            if step["dst"] in snaps[j]:
                state[step["dst"]] = (j, step["dst"], snaps[j][step["dst"]])
        elif step["op"] == "remove" and step["name"] in snaps[j]:
            state[step["name"]] = (j, step["name"], snaps[j][step["name"]])
    first_seen: dict[int, int] = {}
    for i, snap in enumerate(snaps):
        for inode in snap.values():
            first_seen.setdefault(inode, i)
    target.mkdir(parents=True)
    for name, (snap, stored, inode) in state.items():
        if inode not in start and not any(first_seen[inode] <= j for j in dirsyncs):
            continue  # created, and its directory never fsynced since: gone
        data = (out / str(snap) / stored).read_bytes()
        if inode not in start:
            data = data[:synced.get(inode, 0)]
        (target / name).write_bytes(data)


@pytest.mark.slow  # 10-60 s: `make test` runs it, `make check` does not
@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_power_cut_at_every_step_leaves_old_or_new(world, tmp_path, rebuild):
    _ix, out = record(world, tmp_path, rebuild)
    steps = json.loads((out / "steps.json").read_text())
    kinds = {step["op"] for step in steps}
    assert {"fsync", "dirsync", "rename"} <= kinds, kinds
    outcomes = []
    for k in range(len(steps) + 1):
        state = tmp_path / "cut" / str(k)
        power_cut(out, k, state)
        assert whole_generation(state) >= 0, f"step {k}: no whole generation"
        got = ids(state)
        assert got in (world["old"], world["new"]), f"step {k} ({steps[k] if k < len(steps) else 'end'}): " \
                                                    f"{len(got)} articles, neither old nor new"
        outcomes.append("old" if got == world["old"] else "new")
        # searches answer (from the same generation the ids came from)
        searcher = Searcher(state)
        try:
            assert searcher.search("สงขลา", facets=False)["total"] >= 1
        finally:
            searcher.close()
    assert outcomes[0] == "old" and outcomes[-1] == "new"
    flips = sum(1 for a, b in zip(outcomes, outcomes[1:]) if a != b)
    assert flips == 1, outcomes  # old until the commit is durable, new from then on
    # the next build recovers from every kind of state: before, at and after the commit
    commit = outcomes.index("new")
    for k in sorted({0, commit - 1, commit, len(steps)} | set(range(1, len(steps), 7))):
        state = tmp_path / "cut" / str(k)
        again = tmp_path / "again" / str(k)
        shutil.copytree(state, again)
        res = CliRunner().invoke(thainews, ["index", str(world["new_src"]), "--index", str(again), "--no-progress"])
        assert res.exit_code == 0, (k, res.output)
        assert ids(again) == world["new"], k


def _damaged_newest(world, tmp_path: Path) -> Path:
    """The state just after the commit's rename, before the old files go, with the new TOC emptied."""
    _ix, out = record(world, tmp_path, False)
    steps = json.loads((out / "steps.json").read_text())
    k = next(i for i, step in enumerate(steps) if step["op"] == "rename" and step["dst"].endswith(".toc")) + 2
    state = tmp_path / "state"
    power_cut(out, k, state)
    toc = max(state.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.split("_")[2]))
    toc.write_bytes(b"")  # a commit point a crash left empty
    return state


@pytest.mark.slow  # 10-60 s: `make test` runs it, `make check` does not
def test_empty_newest_commit_point_falls_back_with_a_warning(world, tmp_path, caplog):
    state = _damaged_newest(world, tmp_path)
    with caplog.at_level("WARNING"):
        assert ids(state) == world["old"]
    assert "damaged" in caplog.text
    client = create_app({"INDEX_DIR": str(state), "TESTING": True}).test_client()
    for path in ("/api/search?q=สงขลา", "/?q=สงขลา", "/api/stats", "/feed.atom?q=สงขลา", "/healthz"):
        assert client.get(path).status_code == 200, path
    res = CliRunner().invoke(thainews, ["index", str(world["new_src"]), "--index", str(state), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert ids(state) == world["new"]


@pytest.mark.slow  # 10-60 s: `make test` runs it, `make check` does not
def test_rebuild_recovers_from_a_damaged_commit_point(world, tmp_path):
    state = _damaged_newest(world, tmp_path)
    res = CliRunner().invoke(thainews, ["index", str(world["new_src"]), "--index", str(state), "--rebuild",
                                        "--no-progress"])
    assert res.exit_code == 0, res.output
    assert ids(state) == world["new"]


@pytest.mark.parametrize("damage", ["toc", "segment"])
def test_only_commit_damaged_never_500_and_the_next_build_recovers(world, tmp_path, damage):
    state = tmp_path / "ix"
    shutil.copytree(world["old_ix"], state)
    if damage == "toc":
        next(state.glob("_MAIN_*.toc")).write_bytes(b"")  # the issue: TypeError: ord() everywhere
    else:
        max(state.glob("MAIN_*.trm"), key=lambda p: p.stat().st_size).write_bytes(b"")  # FileFormatError
    client = create_app({"INDEX_DIR": str(state), "TESTING": True}).test_client()
    for path in ("/api/search?q=สงขลา", "/?q=สงขลา", "/healthz"):
        assert client.get(path).status_code in (200, 503), path
    res = CliRunner().invoke(thainews, ["index", str(world["old_src"]), "--index", str(state), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "unchanged" in res.output and "0 files unchanged" in res.output  # everything read again
    assert ids(state) == world["old"]
    assert client.get("/api/search?q=สงขลา").status_code == 200
