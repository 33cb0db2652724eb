"""A sharded archive built as Ray tasks on a cluster is the archive local processes build, and
its shards served by Ray actors answer as the shards read locally (issue 25).

The test starts a Ray head of its own on loopback (its own ports and
temporary directory, in a process group of its own) and stops exactly that
group by its id at the end: never ``ray stop``, which would stop every Ray
process on the machine. Skipped without Ray (``pip install 'thainews[cluster]'``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
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


def kill_for_good(replicas: list) -> None:
    """Kill Ray actors (no restart) and wait until each is dead: ``ray.kill`` only asks
    for it, and a call made at once may still be answered by the actor."""
    import ray
    from ray.exceptions import RayActorError

    for replica in replicas:
        ray.kill(replica, no_restart=True)
    deadline = time.monotonic() + 30
    for replica in replicas:
        while True:
            try:
                ray.get(replica.ready.remote(), timeout=5)
            except RayActorError:
                break
            assert time.monotonic() < deadline, "a killed replica still answers"
            time.sleep(0.1)


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
        # every replica of shard 1 gone (and not placed again: test_a_replica_whose_node_stopped_...):
        # the other shard's answer, flagged, within the timeout
        service.backends[1]._placer = None
        kill_for_good(service.backends[1].replicas)
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


def _signal_node(node: subprocess.Popen, sig: int) -> None:
    """Send `sig` to every process of a node: its session (``start_node`` gives it one of its
    own), as Ray puts each worker in a process group of its own within it."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == node.pid:  # state, ppid, pgrp, session
                os.kill(int(stat.parent.name), sig)
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue


@pytest.fixture()
def worker_node(ray_head, tmp_path) -> Iterator[tuple[subprocess.Popen, str, str]]:
    """A second node joined to the module's head, as its own process group (stopped by that
    group's id), and this process connected to Ray through the head first (not through the
    node, which a test stops): (the node's process, its node id, the head's node id)."""
    import ray

    from indexer.search.cluster import NAMESPACE

    if not ray.is_initialized():
        ray.init(address=ray_head, namespace=NAMESPACE, log_to_driver=False, configure_logging=False)
    head = ray.get_runtime_context().get_node_id()
    try:
        node = start_node(ray_start("--address", ray_head, "--node-ip-address", "127.0.0.1", "--num-cpus", "1"),
                          tmp_path / "worker.log", START_TIMEOUT)
    except NodeDidNotStart as exc:
        ray.shutdown()
        pytest.fail(str(exc))
    try:
        deadline = time.monotonic() + 60
        while not (joined := {n["NodeID"] for n in ray.nodes() if n["Alive"]} - {head}):
            assert time.monotonic() < deadline, "the node did not join"
            time.sleep(0.2)
        yield node, joined.pop(), head
    finally:
        _signal_node(node, signal.SIGCONT)  # a test may have left it stopped
        stop_node(node, wait=5)
        ray.shutdown()


def test_a_router_started_with_a_shard_unreachable_answers_then_is_whole(worker_node, ray_head, tmp_path):
    """A router (a web app) started while every replica of a shard is unreachable, its node
    frozen but not yet called dead by Ray, answers within the timeout from the other shard,
    flagged partial, on the page and in the API; once the node answers again the archive's
    figures are gathered again and the answers are one index's."""
    import ray

    from indexer.index.build import build_index
    from indexer.search import open_service
    from indexer.search.cluster import cluster_router
    from webui import create_app

    node, worker, _ = worker_node
    build_index([write_archive(tmp_path / "src")], tmp_path / "ix", progress=False, shards=2)
    local = open_service(tmp_path / "ix")
    queries = ["ข่าว", "งบประมาณแผ่นดิน", ""]
    expected = {q: _plain(local.search(q)) for q in queries}
    local.close()
    # an earlier router's replicas, one per shard: one shard's on each node
    earlier = cluster_router(ray_head, tmp_path / "ix", replicas=1, timeout=4, try_timeout=2)
    where = ray.get([b.replicas[0].ready.remote() for b in earlier.backends], timeout=180)
    assert worker in where
    down = where.index(worker)
    _signal_node(node, signal.SIGSTOP)  # unreachable: Ray's health check calls it dead after ~15 s
    try:
        service = cluster_router(ray_head, tmp_path / "ix", replicas=1, timeout=4, try_timeout=2)
        app = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True})
        app.extensions["thainews.searcher"] = service
        started = time.monotonic()
        api = app.test_client().get("/api/search?q=ข่าว")
        assert time.monotonic() - started < 4 + 4
        partial = api.get_json()
        assert api.status_code == 200 and partial["shards"] == {"total": 2, "ok": 1, "failed": [down]}
        assert partial["partial"] and partial["total_is_lower_bound"]
        assert partial["total"] < expected["ข่าว"]["total"]
        page = app.test_client().get("/?q=ข่าว")
        assert page.status_code == 200 and "ผลการค้นหาไม่ครบ" in page.get_data(as_text=True)
    finally:
        _signal_node(node, signal.SIGCONT)
    deadline = time.monotonic() + 30
    while service.search("ข่าว")["shards"]["ok"] < 2:
        assert time.monotonic() < deadline, "the shard did not come back"
        time.sleep(0.5)
    assert all(_plain(service.search(q)) == expected[q] for q in queries)
    for backend in service.backends:
        for replica in backend.replicas:
            ray.kill(replica, no_restart=True)
    service.close()


def test_a_replica_whose_node_stopped_is_placed_again_on_a_live_node(worker_node, ray_head, tmp_path):
    """Two replicas of each shard, one on each node; the node stops (Ray cannot restart its
    replicas: they are pinned to it). Every search is answered, whole, by the head's replicas,
    and the router places the dead ones again, under their names, on the live node, so each
    shard gets back to two replicas."""
    import ray

    from indexer.index.build import build_index
    from indexer.search import open_service
    from indexer.search.cluster import NAMESPACE, actor_name, cluster_router

    node, worker, head = worker_node
    build_index([write_archive(tmp_path / "src")], tmp_path / "ix", progress=False, shards=2)
    local = open_service(tmp_path / "ix")
    queries = ["ข่าว", "น้ำท่วมภาคใต้ สงขลา"]
    expected = {q: _plain(local.search(q)) for q in queries}
    local.close()
    service = cluster_router(ray_head, tmp_path / "ix", replicas=2, timeout=6, try_timeout=3)
    try:
        for backend in service.backends:
            assert sorted(ray.get([r.ready.remote() for r in backend.replicas], timeout=180)) == sorted([head, worker])
        stop_node(node, wait=5)
        deadline = time.monotonic() + 40
        while True:
            for q in queries:
                assert _plain(service.search(q)) == expected[q]
            replicas = [r for backend in service.backends for r in backend.replicas]
            ready, _ = ray.wait([r.ready.remote() for r in replicas], num_returns=len(replicas), timeout=3)
            if len(ready) == len(replicas):
                break
            assert time.monotonic() < deadline, "a dead replica was not placed again"
        assert ray.get([r.ready.remote() for r in replicas]) == [head] * 4
        for k, backend in enumerate(service.backends):
            for r, replica in enumerate(backend.replicas):
                assert ray.get_actor(actor_name(tmp_path / "ix", k, r), namespace=NAMESPACE)._actor_id == \
                    replica._actor_id
    finally:
        for backend in service.backends:
            for replica in backend.replicas:
                ray.kill(replica, no_restart=True)
        service.close()
