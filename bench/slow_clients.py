"""Slow clients against `thainews serve`: do health checks and searches still answer?

    python -m bench.slow_clients --index DIR [--worker-class gevent|gthread] [--sockets 500]
                                 [--hold 60] [--query Q ...] [--json OUT]

Starts ``thainews serve`` on a free loopback port (its own process group,
stopped by its PID), then opens `--sockets` connections that misbehave the
way a slowloris or a crowd of stalled mobile clients does, and holds them
for `--hold` seconds:

- half of them connect and send nothing;
- the other half send a request line and one header, then one more header
  line every 5 s, never the blank line that ends the head.

A connection the server closes is opened again at once, so the server
faces `--sockets` of them the whole time. Meanwhile a probe asks, on a new
connection each, for ``/healthz`` and for a search (``/api/search?q=...``
cycling through the queries), one request every 50 ms, and records each
answer's time (a failure or a time over 5 s counts as 5 s). Reported:
p50/p95/max of each before the attack (5 s) and during it, failures, how
many misbehaving connections were open (sampled each second), and how long
the server let a half-sent request live (its header deadline).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PROBE_TIMEOUT_S = 5.0
TRICKLE_S = 5.0

__all__ = ["run", "start_server", "stop_server", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index: str | Path, port: int, worker_class: str = "gevent", workers: int = 2,
                 log: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    """`thainews serve` on 127.0.0.1:`port`, answering /healthz (or an exception)."""
    cmd = [sys.executable, "-m", "webui.cli", "serve", "--index", str(index), "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--worker-class", worker_class]
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"thainews serve exited with {proc.returncode}")
        try:
            if _get(port, "/healthz", 2.0)[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError("thainews serve did not answer /healthz in 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (its workers), by its PID."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass


def _get(port: int, path: str, timeout: float) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class _Attacker:
    """`count` misbehaving connections, kept open (reopened when the server drops one)."""

    def __init__(self, port: int, count: int, stop):
        self.port, self.count, self.stop = port, count, stop
        self.sel = selectors.DefaultSelector()
        self.lifetimes: dict[str, list[float]] = {"idle": [], "half": []}
        self.open_samples: list[int] = []
        self.refused = 0

    def _open(self, kind: str) -> None:
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.connect(("127.0.0.1", self.port))
        except OSError:
            self.refused += 1
            sock.close()
            return
        sock.setblocking(False)
        now = time.monotonic()
        if kind == "half":
            try:
                sock.send(b"GET /api/search?q=%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7 HTTP/1.1\r\nHost: a\r\n")
            except OSError:
                pass
        self.sel.register(sock, selectors.EVENT_READ, {"kind": kind, "opened": now, "next": now + TRICKLE_S})

    def run(self, ready) -> dict:
        for i in range(self.count):
            self._open("idle" if i % 2 == 0 else "half")
        ready.set()
        last_sample = 0.0
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=0.2):
                sock, data = key.fileobj, key.data
                try:
                    chunk = sock.recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if not chunk:  # the server closed it: its deadline
                    self.lifetimes[data["kind"]].append(time.monotonic() - data["opened"])
                    self.sel.unregister(sock)
                    sock.close()
                    self._open(data["kind"])
            now = time.monotonic()
            for key in list(self.sel.get_map().values()):
                if key.data["kind"] == "half" and now >= key.data["next"]:
                    key.data["next"] = now + TRICKLE_S
                    try:
                        key.fileobj.send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
            if now - last_sample >= 1.0:
                last_sample = now
                self.open_samples.append(len(self.sel.get_map()))
        for key in list(self.sel.get_map().values()):
            key.fileobj.close()
        self.sel.close()
        return {"lifetimes": self.lifetimes, "open_samples": self.open_samples, "refused": self.refused}


def _attack(port: int, count: int, stop, ready, results) -> None:
    results.put(_Attacker(port, count, stop).run(ready))


class Attack:
    """The misbehaving connections, from a process of their own: the probe's timings
    must not wait for the attacker's Python (the GIL) when it reopens a hundred sockets."""

    def __init__(self, port: int, count: int):
        ctx = multiprocessing.get_context("fork")
        self.stop, self.ready, self.results = ctx.Event(), ctx.Event(), ctx.Queue()
        self.process = ctx.Process(target=_attack, args=(port, count, self.stop, self.ready, self.results),
                                   daemon=True)
        self.lifetimes: dict[str, list[float]] = {"idle": [], "half": []}
        self.open_samples: list[int] = []
        self.refused = 0

    def __enter__(self):
        self.process.start()
        self.ready.wait(60)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        out = self.results.get(timeout=60)
        self.process.join(10)
        self.lifetimes, self.open_samples, self.refused = out["lifetimes"], out["open_samples"], out["refused"]


def _probe(port: int, paths: list[str], seconds: float, interval: float = 0.05) -> dict:
    """Ask for /healthz and a search alternately for `seconds`; times per kind (ms)."""
    times: dict[str, list[float]] = {"healthz": [], "search": []}
    failures: dict[str, int] = {"healthz": 0, "search": 0}
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        kind = "healthz" if i % 2 == 0 else "search"
        path = "/healthz" if kind == "healthz" else paths[(i // 2) % len(paths)]
        i += 1
        t0 = time.perf_counter()
        try:
            status, _ = _get(port, path, PROBE_TIMEOUT_S)
            ok = status == 200
        except OSError:
            ok = False
        elapsed = min(time.perf_counter() - t0, PROBE_TIMEOUT_S)
        if not ok:
            failures[kind] += 1
            elapsed = PROBE_TIMEOUT_S
        times[kind].append(elapsed * 1000)
        time.sleep(max(0.0, interval - elapsed))
    return {kind: {**_summary(values), "failures": failures[kind]} for kind, values in times.items()}


def _summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))], 1)

    return {"n": len(values), "p50_ms": pct(50), "p95_ms": pct(95), "max_ms": round(ordered[-1], 1)}


def run(index: str | Path, queries: list[str], sockets: int = 500, hold: float = 60.0,
        worker_class: str = "gevent", baseline: float = 5.0, log: Path | None = None) -> dict:
    # (lifetimes of the misbehaving connections: p50/p95/max in ms as well)
    """Start a server on `index`, probe it alone, then under `sockets` slow connections for `hold` s."""
    port = free_port()
    paths = [f"/api/search?q={quote(q)}" for q in queries]
    proc = start_server(index, port, worker_class, log=log)
    try:
        for path in paths:  # warm: each worker's caches are per process, the first search loads them
            _get(port, path, 60)
        before = _probe(port, paths, baseline)
        with Attack(port, sockets) as attack:
            time.sleep(1.0)  # every connection opened
            during = _probe(port, paths, hold - 1.0)
        lifetimes = {kind: _summary([v * 1000 for v in values]) for kind, values in attack.lifetimes.items()}
        return {"worker_class": worker_class, "sockets": sockets, "hold_s": hold, "queries": queries,
                "before": before, "during": during, "closed_by_server": lifetimes,
                "open_min": min(attack.open_samples, default=0), "open_max": max(attack.open_samples, default=0),
                "refused": attack.refused}
    finally:
        stop_server(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--worker-class", default="gevent", choices=["gevent", "gthread"])
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--hold", type=float, default=60.0)
    parser.add_argument("--query", action="append", help="search queries [default: a few common words]")
    parser.add_argument("--json", help="write the result here too")
    args = parser.parse_args()
    queries = args.query or ["สงขลา", "ผู้ว่าราชการจังหวัด", "ประชุม", "นายกรัฐมนตรี", "ตำรวจ"]
    result = run(args.index, queries, args.sockets, args.hold, args.worker_class)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
