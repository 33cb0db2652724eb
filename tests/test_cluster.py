"""A sharded archive built as Ray tasks on a cluster is the archive local processes build, and
its shards served by Ray actors answer as the shards read locally (issue 25).

The test starts a Ray head of its own on loopback (its own ports and
temporary directory, in a process group of its own) and stops exactly that
group by its id at the end: never ``ray stop``, which would stop every Ray
process on the machine. Skipped without Ray (``pip install 'thainews[cluster]'``).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_http import free_port
from bench.raynodes import NodeDidNotStart, ray_start, start_node, stop_node

from .test_shards import _state, write_archive

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

START_TIMEOUT = 120  # seconds: a cold Ray head takes about 30 s on 2 busy cores


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    """The address of a Ray head started for this module, on loopback (stopped by its
    process group's id: it and what it started, only they)."""
    pytest.importorskip("ray")
    # short: Ray's socket paths under it must stay below 108 bytes
    temp = tempfile.mkdtemp(prefix="tnray", dir="/tmp")
    port = free_port()
    try:
        head = start_node(ray_start("--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                                    "--dashboard-agent-listen-port", str(free_port()),
                                    "--metrics-export-port", str(free_port()), "--include-dashboard", "false",
                                    "--num-cpus", "2", "--temp-dir", temp), Path(temp, "head.log"), START_TIMEOUT)
    except NodeDidNotStart as exc:
        shutil.rmtree(temp, ignore_errors=True)
        pytest.fail(str(exc))
    try:
        yield f"127.0.0.1:{port}"
    finally:
        stop_node(head, wait=5)
        shutil.rmtree(temp, ignore_errors=True)


def test_shards_built_on_ray_are_the_shards_built_locally(ray_head, tmp_path):
    from click.testing import CliRunner

    from indexer.index.store import read_manifest
    from webui.cli import main

    src = write_archive(tmp_path / "src")
    runner = CliRunner()
    on_ray = runner.invoke(main, ["index", str(src), "--index", str(tmp_path / "ray"), "--shards", "3",
                                  "--cluster", ray_head, "--no-progress", "--json"])
    assert on_ray.exit_code == 0, on_ray.output
    local = runner.invoke(main, ["index", str(src), "--index", str(tmp_path / "local"), "--shards", "3",
                                 "--no-progress", "--json"])
    assert local.exit_code == 0, local.output
    assert _state(tmp_path / "ray") == _state(tmp_path / "local")
    for k in range(3):
        assert read_manifest(tmp_path / "ray" / f"shard-{k}")["files"] == \
            read_manifest(tmp_path / "local" / f"shard-{k}")["files"]
    # an update on the cluster: nothing changed, nothing rewritten
    again = runner.invoke(main, ["index", str(src), "--index", str(tmp_path / "ray"), "--cluster", ray_head,
                                 "--no-progress"])
    assert again.exit_code == 0 and "0 articles indexed" in again.output, again.output


def _plain(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("took_ms", "cached")}


def test_shard_replicas_lose_no_request_and_a_shard_down_is_said(ray_head, tmp_path):
    """Readers searching a 2-shard archive served by 2 replicas of each shard while one replica
    is killed all get their answers, the answers of the shards read locally; with every
    replica of one shard gone, a search answers within the router's timeout from the other
    shard, flagged partial, and the page says so in Thai."""
    import threading

    import ray

    from indexer.errors import QueryError
    from indexer.index.build import build_index
    from indexer.search import open_service
    from indexer.search.cluster import cluster_router
    from webui import create_app

    build_index([write_archive(tmp_path / "src")], tmp_path / "ix", progress=False, shards=2)
    local = open_service(tmp_path / "ix")
    queries = ["งบประมาณแผ่นดิน", "ทุเรียนหมอนทอง", "ประยุทธ์", "น้ำท่วมภาคใต้ สงขลา", "ข่าว", ""]
    expected = {q: _plain(local.search(q)) for q in queries}
    service = cluster_router(ray_head, tmp_path / "ix", replicas=2, timeout=60, try_timeout=30)
    replicas = [r for backend in service.backends for r in backend.replicas]
    try:
        ray.get([r.ready.remote() for r in replicas], timeout=180)
        answers: list[tuple[str, dict]] = []
        failures: list[BaseException] = []

        def reader(n: int) -> None:  # a bounded load: 3 readers, 30 searches each
            for i in range(30):
                q = queries[(n + i) % len(queries)]
                try:
                    answers.append((q, _plain(service.search(q))))
                except BaseException as exc:  # noqa: BLE001 (counted: the test fails on any)
                    failures.append(exc)

        readers = [threading.Thread(target=reader, args=(n,)) for n in range(3)]
        for t in readers:
            t.start()
        while len(answers) < 10 and not failures:
            time.sleep(0.05)
        ray.kill(service.backends[0].replicas[0], no_restart=False)  # Ray restarts it
        for t in readers:
            t.join()
        assert not failures and len(answers) == 90
        assert all(result == expected[q] for q, result in answers)
        with pytest.raises(QueryError):  # a refusal comes back as itself
            service.search("ข่าว", date_from="วันที่ไม่มีจริง")
        # every replica of shard 1 gone: the other shard's answer, flagged, within the timeout
        for replica in service.backends[1].replicas:
            ray.kill(replica, no_restart=True)
        for backend in service.backends:
            backend._timeout, backend._try_timeout = 5, 2
        started = time.monotonic()
        partial = service.search("ข่าว")
        assert time.monotonic() - started < 5 + 5
        assert partial["shards"] == {"total": 2, "ok": 1, "failed": [1]} and partial["partial"]
        assert partial["total_is_lower_bound"] and partial["total"] < expected["ข่าว"]["total"]
        app = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True})
        app.extensions["thainews.searcher"] = service
        page = app.test_client().get("/?q=ข่าว")
        assert page.status_code == 200 and "ผลการค้นหาไม่ครบ" in page.get_data(as_text=True)
    finally:
        for replica in replicas:
            ray.kill(replica, no_restart=True)
        ray.shutdown()
        local.close()
