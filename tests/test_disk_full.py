"""A disk that fills up mid-build: one clear line, status 2, --errors written, the index as it was.

The index lives on a small tmpfs this test mounts (it runs as root; it is
skipped otherwise), and the build is given more articles than fit. With
one process and with two:

- the build stops with no signal (no SIGBUS) and status 2 (nothing
  committed), its last line ``error: no space left on device while writing
  ...; the index is unchanged``;
- the ``--errors`` file is written, with the reason under ``fatal``;
- what the failed build wrote is gone at once: the index directory holds
  the same files as before, ``thainews stats`` gives the same size, and a
  second failed try leaves no more than the first;
- the index still answers as before, and once there is room a build
  succeeds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.reindex_load import make_articles

from .conftest import CORPUS, ROOT

TMPFS_BYTES = 4 * 2**20


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(mnt)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {res.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def thainews(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=str(ROOT), capture_output=True,
                          text=True, timeout=300)


def files(index: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in index.iterdir() if p.is_file() and p.name != "build.lock"}


@pytest.mark.slow  # 10-60 s: `make test` runs it, `make check` does not
@pytest.mark.parametrize("procs", ["1", "2"])
def test_disk_full_mid_build(small_disk, tmp_path, procs):
    index = small_disk / "ix"
    first = thainews("index", str(CORPUS), "--index", str(index), "--no-progress")
    assert first.returncode == 0, first.stderr
    before = files(index)
    stats_before = json.loads(thainews("stats", "--index", str(index), "--json").stdout)
    many = tmp_path / "many"
    make_articles(many, 0, 1500)  # about 13 MB of index: more than the 4 MB disk holds
    for attempt in (1, 2):
        errors = tmp_path / f"errors{attempt}.json"
        res = thainews("index", str(CORPUS), str(many), "--index", str(index), "--errors", str(errors),
                       "--no-progress", "--procs", procs)
        assert res.returncode == 2, (res.returncode, res.stderr[-3000:])  # no signal: no SIGBUS
        last = res.stderr.strip().splitlines()[-1]
        assert last.startswith("error: no space left on device while writing "), res.stderr[-3000:]
        assert last.endswith("; the index is unchanged"), last
        assert "Traceback" not in res.stderr
        report = json.loads(errors.read_text(encoding="utf-8"))
        assert report["fatal"].startswith("no space left on device"), report
        assert files(index) == before, (attempt, set(files(index)) ^ set(before))
        assert not (index / "MAIN.tmp").exists()
    assert json.loads(thainews("stats", "--index", str(index), "--json").stdout) == stats_before
    found = json.loads(thainews("search", "สงขลา", "--index", str(index), "--json").stdout)
    assert found["total"] == stats_before["documents"]
    # room again: the build goes through
    shutil.rmtree(many)
    make_articles(many, 0, 20)
    res = thainews("index", str(CORPUS), str(many), "--index", str(index), "--no-progress", "--procs", procs)
    assert res.returncode == 0, res.stderr[-3000:]
    assert json.loads(thainews("stats", "--index", str(index), "--json").stdout)["documents"] == 21
