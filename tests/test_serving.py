"""`thainews serve` as deployed: slow clients, the header deadline, gunicorn's own error pages.

A real server process (gunicorn, gevent workers) on a loopback port,
started by the test and stopped by its PID (bench/slow_clients.py's
``start_server`` / ``stop_server``):

- 150 connections that send nothing or half a request, held for 12 s,
  leave ``/healthz`` and searches answering with p95 <= 100 ms and no
  failure; the server closes each of them once the header deadline
  (``HEADER_DEADLINE_S``) has passed (the full 500 connections for 60 s:
  ``bench/slow_clients.py``, figures in the README);
- the answers gunicorn gives itself (414, 400, 431) carry the security
  headers.
"""

from __future__ import annotations

import socket

import pytest

from bench.slow_clients import free_port, run, start_server, stop_server
from indexer.settings import HEADER_DEADLINE_S, LIMIT_REQUEST_LINE


@pytest.mark.slow  # 10-60 s: `make test` runs it, `make check` does not
def test_slow_clients_leave_health_and_search_answering(seed_index):
    result = run(seed_index, ["สงขลา", "วีรนันทน์ เพ็งจันทร์"], sockets=150, hold=HEADER_DEADLINE_S + 2.0,
                 baseline=1.0)
    during = result["during"]
    for kind in ("healthz", "search"):
        assert during[kind]["failures"] == 0, result
        assert during[kind]["n"] >= 50, result
        assert during[kind]["p95_ms"] <= 100, result
    assert result["open_min"] >= 140 and result["refused"] == 0, result
    # every misbehaving connection was closed at the deadline, none before it
    for kind in ("idle", "half"):
        closed = result["closed_by_server"][kind]
        assert closed["n"] >= 60, result
        deadline_ms = HEADER_DEADLINE_S * 1000
        assert deadline_ms - 500 <= closed["p50_ms"] <= closed["max_ms"] <= deadline_ms + 1500, result


@pytest.fixture(scope="module")
def server(seed_index):
    port = free_port()
    proc = start_server(seed_index, port)
    try:
        yield port
    finally:
        stop_server(proc)


def raw(port: int, data: bytes) -> tuple[int, dict[str, str]]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(head[0].split()[1]), headers


@pytest.mark.parametrize("status,request_bytes", [
    (414, b"GET /?q=" + b"a" * (LIMIT_REQUEST_LINE + 100) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    (400, b"NOT A REQUEST\r\n\r\n"),
    (431, b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n"),
])
def test_the_servers_own_error_pages_carry_the_security_headers(server, status, request_bytes):
    got, headers = raw(server, request_bytes)
    assert got == status
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_the_apps_pages_through_the_real_server(server):
    status, headers = raw(server, b"GET /?q=%E0%B8%AA%E0%B8%87%E0%B8%82%E0%B8%A5%E0%B8%B2 HTTP/1.1\r\n"
                                  b"Host: evil.example\r\nConnection: close\r\n\r\n")
    assert status == 200 and headers["content-security-policy"].endswith("frame-ancestors 'self'")
    status, headers = raw(server, b"GET /embed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200 and headers["content-security-policy"].endswith("frame-ancestors *")
