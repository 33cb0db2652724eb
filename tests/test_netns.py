"""A node of the cluster cut off by its network: its replicas are asked no more (issue 25).

The test makes a network namespace of its own with a veth pair to it,
starts a Ray head on the pair's outer address and a Ray worker node inside
the namespace, serves a 2-shard archive with 2 replicas per shard (one of
each on the worker: ``cluster``'s placement), then sets the outer end of
the link down. Every search is still answered, exactly, from the replicas
on the head; with the head's replica of shard 1 also killed, shard 1 has
none left and the search answers within the router's timeout, partial.

It needs root and ``ip netns`` (skipped cleanly without them) and stops
only what it started: its processes by their process groups, its
namespace and link by name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_http import free_port
from bench.raynodes import NodeDidNotStart, ray_start, start_node, stop_node

from .test_cluster import START_TIMEOUT, _plain, kill_for_good
from .test_shards import write_archive

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

TAG = f"tn{os.getpid() % 100000}"
NS, OUTER, INNER = f"{TAG}ns", f"{TAG}o", f"{TAG}i"
NET = f"10.{200 + os.getpid() % 50}.{os.getpid() % 250}"
HOST, NODE = f"{NET}.1", f"{NET}.2"


def _ip(*args: str, ns: bool = False) -> subprocess.CompletedProcess:
    command = ["ip", "netns", "exec", NS, "ip", *args] if ns else ["ip", *args]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.fixture(scope="module")
def namespace() -> Iterator[None]:
    """A network namespace joined to this one by a veth pair (HOST outside, NODE inside)."""
    pytest.importorskip("ray")
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2")
    if subprocess.run(["ip", "netns", "add", NS], capture_output=True).returncode:
        pytest.skip("ip netns is not available here")
    try:
        for step in (("link", "add", OUTER, "type", "veth", "peer", "name", INNER),
                     ("link", "set", INNER, "netns", NS), ("addr", "add", f"{HOST}/30", "dev", OUTER),
                     ("link", "set", OUTER, "up")):
            done = _ip(*step)
            if done.returncode:
                pytest.skip(f"cannot make a veth pair here: {done.stderr.strip()}")
        for step in (("addr", "add", f"{NODE}/30", "dev", INNER), ("link", "set", INNER, "up"),
                     ("link", "set", "lo", "up")):
            assert _ip(*step, ns=True).returncode == 0
        yield
    finally:
        _ip("link", "del", OUTER)
        subprocess.run(["ip", "netns", "del", NS], capture_output=True)


@pytest.fixture(scope="module")
def cluster(namespace) -> Iterator[str]:
    """A Ray head on HOST and a worker node inside the namespace, on NODE."""
    temp = tempfile.mkdtemp(prefix="tnns", dir="/tmp")
    port = free_port()
    nodes = []
    try:
        nodes.append(start_node(ray_start("--head", "--node-ip-address", HOST, "--port", str(port),
                                          "--dashboard-agent-listen-port", str(free_port()),
                                          "--metrics-export-port", str(free_port()), "--include-dashboard", "false",
                                          "--num-cpus", "1", "--temp-dir", temp), Path(temp, "head.log"),
                                START_TIMEOUT))
        nodes.append(start_node(["ip", "netns", "exec", NS, *ray_start("--address", f"{HOST}:{port}",
                                                                      "--node-ip-address", NODE, "--num-cpus", "1")],
                                Path(temp, "worker.log"), START_TIMEOUT))
        yield f"{HOST}:{port}"
    except NodeDidNotStart as exc:
        pytest.fail(str(exc))
    finally:
        for node in reversed(nodes):
            stop_node(node, wait=5)
        shutil.rmtree(temp, ignore_errors=True)


def test_a_node_cut_off_by_its_link_is_retried_then_left_out(cluster, tmp_path):
    import ray

    from indexer.index.build import build_index
    from indexer.search import open_service
    from indexer.search.cluster import actor_name, cluster_router

    build_index([write_archive(tmp_path / "src")], tmp_path / "ix", progress=False, shards=2)
    local = open_service(tmp_path / "ix")
    queries = ["งบประมาณแผ่นดิน", "ทุเรียนหมอนทอง", "น้ำท่วมภาคใต้ สงขลา", "ข่าว"]
    expected = {q: _plain(local.search(q)) for q in queries}
    service = cluster_router(cluster, tmp_path / "ix", replicas=2, timeout=8, try_timeout=3)
    replicas = [r for backend in service.backends for r in backend.replicas]
    for backend in service.backends:  # none placed again once Ray calls the node dead: test_cluster's part
        backend._placer = None
    try:
        where = dict(zip([actor_name(tmp_path / "ix", k, r) for k in range(2) for r in range(2)],
                         ray.get([r.ready.remote() for r in replicas], timeout=300)))
        inside = {n["NodeID"] for n in ray.nodes() if n["NodeManagerAddress"] == NODE}
        assert len(inside) == 1 and sum(node in inside for node in where.values()) == 2  # one of each shard
        assert all(_plain(service.search(q)) == expected[q] for q in queries)
        assert _ip("link", "set", OUTER, "down").returncode == 0  # the node is cut off
        for q in queries * 2:  # each answered, whole, by the head's replicas within the timeout
            started = time.monotonic()
            assert _plain(service.search(q)) == expected[q]
            assert time.monotonic() - started < 2 * 8
        # shard 1's other replica, on the head, gone too: the other shard answers, flagged
        kill_for_good([replica for r, replica in enumerate(service.backends[1].replicas)
                       if where[actor_name(tmp_path / "ix", 1, r)] not in inside])
        started = time.monotonic()
        partial = service.search("ข่าว")
        assert time.monotonic() - started < 8 + 8
        assert partial["shards"]["failed"] == [1] and partial["partial"] and partial["total_is_lower_bound"]
    finally:
        _ip("link", "set", OUTER, "up")
        for replica in replicas:
            try:
                ray.kill(replica, no_restart=True)
            except Exception:  # noqa: BLE001 - already gone
                pass
        ray.shutdown()
        local.close()
