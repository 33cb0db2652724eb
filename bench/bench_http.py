"""Load-test the thainews JSON API served by gunicorn on 127.0.0.1.

    run_http(index_dir, urls, seconds=30, connections=8) -> dict

Starts gunicorn as ``thainews serve`` configures it (``webui.server``: 2
gevent workers, ``python -m gunicorn 'webui:create_app()' -w 2 -k
webui.server.Worker ...``; ``worker_class="gthread"`` gives the threaded
workers served before, 4 threads each, to compare) on a free local port
with ``THAINEWS_INDEX=index_dir``, asks for the first
URL until it answers 200 (``first_search_s``: from just before the server
process starts to that response), warms both workers with every URL once,
then drives it for `seconds` with `connections` concurrent keep-alive
connections cycling through `urls` (paths such as ``/api/search?q=...``).
The load generator is ``wrk`` when it is installed (a Lua script cycles the
URLs; its latency percentiles come from wrk's histogram), else a Python
client with one thread per connection. An error is a response other than
200, a connection error or a timeout (10 s). During the load each
worker's memory is sampled every second (``procmem.WorkerMemory``:
RssAnon, USS, Pss, Rss; peak and last).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.procmem import TreeRSS, WorkerMemory

__all__ = ["run_http", "free_port", "TreeRSS"]  # TreeRSS: from procmem, for older callers

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    return resp.status


def _first_search(port: int, proc: subprocess.Popen, path: str, started: float, limit: float = 120.0) -> dict:
    """Ask for `path` until the server answers it with 200; seconds since `started`
    (just before the server process was started), and what the tries before got."""
    deadline = started + limit
    tries: dict[str, int] = {}
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {proc.returncode} before it served")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
            try:
                status = _get(conn, path)
            finally:
                conn.close()
        except OSError as exc:
            status = type(exc).__name__
        if status == 200:
            return {"first_search_s": time.perf_counter() - started, "tries_before": tries}
        tries[str(status)] = tries.get(str(status), 0) + 1
        time.sleep(0.02)
    raise RuntimeError(f"gunicorn gave no 200 for {path} in {limit:.0f}s: {tries}")


def _warm(port: int, urls: Sequence[str]) -> dict:
    """Every URL once from 8 threads, a new connection per request, so that
    the kernel spreads them over both workers and each opens the index and
    loads its dictionaries before the timed run."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def run(part: Sequence[str]) -> None:
        for path in part:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                status = _get(conn, path)
            except OSError:
                status = -1
            finally:
                conn.close()
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(run, [urls[i::8] for i in range(8)]))
    return statuses


_LUA = r"""
local paths = {%(paths)s}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = (tonumber(tid) or 0) * 97
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""


def _lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_wrk(port: int, urls: Sequence[str], seconds: int, connections: int, workdir: Path) -> dict:
    script = workdir / "wrk-mix.lua"
    script.write_text(_LUA % {"paths": ",\n".join(_lua_string(u) for u in urls)}, encoding="utf-8")
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={TIMEOUT_S}s",
           "-s", str(script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary (exit {out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
    raw = json.loads(line[len("WRKJSON "):])
    seconds_run = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "client": f"wrk -t{threads} -c{connections} -d{seconds}s --timeout {TIMEOUT_S}s",
        "requests": raw["requests"], "seconds": round(seconds_run, 2),
        "rps": raw["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": raw["p50_us"] / 1000, "p90_ms": raw["p90_us"] / 1000, "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000, "max_ms": raw["max_us"] / 1000, "mean_ms": raw["mean_us"] / 1000,
        "errors": errors,
        "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
        "mb_received": raw["bytes"] / 1e6,
    }


def _run_python(port: int, urls: Sequence[str], seconds: int, connections: int) -> dict:
    """Fallback client: one thread and one keep-alive connection per concurrent connection."""
    latencies: list[float] = []
    kinds = {"connect": 0, "status": 0, "timeout": 0}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def run(k: int) -> None:
        i = k * 97
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            i += 1
            t0 = time.perf_counter()
            try:
                status = _get(conn, urls[i % len(urls)])
                kind = None if status == 200 else "status"
            except TimeoutError:
                kind = "timeout"
            except OSError:
                kind = "connect"
            if kind:
                with lock:
                    kinds[kind] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
            else:
                mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, max(0, int(round(p / 100 * len(lat))) - 1))] * 1000 if lat else 0.0

    errors = sum(kinds.values())
    done = len(lat) + errors
    return {
        "client": f"python threads x{connections} (wrk not installed)",
        "requests": done, "seconds": round(elapsed, 2), "rps": done / elapsed,
        "p50_ms": pct(50), "p90_ms": pct(90), "p95_ms": pct(95), "p99_ms": pct(99),
        "max_ms": lat[-1] * 1000 if lat else 0.0, "mean_ms": sum(lat) / len(lat) * 1000 if lat else 0.0,
        "errors": errors, "error_kinds": kinds,
    }


def run_http(index_dir: str | Path, urls: Sequence[str], seconds: int = 30, connections: int = 8,
             workers: int = 2, threads: int = 4, workdir: str | Path | None = None,
             python: str = sys.executable, worker_class: str = "gevent") -> dict:
    if not urls:
        raise ValueError("no URLs to request")
    workdir = Path(workdir or tempfile.mkdtemp(prefix="thainews-http-"))
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ, THAINEWS_INDEX=str(index_dir))
    cmd = [python, "-m", "gunicorn", "webui:create_app()", "-w", str(workers)]
    if worker_class == "gthread":
        cmd += ["-k", "gthread", "--threads", str(threads)]
    else:  # the serving stack of `thainews serve` (webui/server.py)
        from indexer.settings import HEADER_DEADLINE_S, WORKER_CONNECTIONS

        cmd += ["-k", "webui.server.Worker", "--keep-alive", str(HEADER_DEADLINE_S),
                "--worker-connections", str(WORKER_CONNECTIONS)]
        threads = 1
    cmd += ["-b", f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket"]
    log = open(workdir / "gunicorn.log", "wb")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        # from starting the server process to the first 200 for a search
        first = _first_search(port, proc, urls[0], started)
        t0 = time.perf_counter()
        warm = _warm(port, list(urls))
        warm_s = time.perf_counter() - t0
        with TreeRSS(proc.pid) as rss, WorkerMemory(proc.pid) as mem:
            if shutil.which("wrk"):
                result = _run_wrk(port, urls, seconds, connections, workdir)
            else:
                result = _run_python(port, urls, seconds, connections)
        result.update({
            "server": " ".join(["python", *cmd[1:]]), "workers": workers, "threads": threads,
            "worker_class": worker_class,
            "first_search_s": first["first_search_s"], "first_search_url": urls[0],
            "first_search_tries_before": first["tries_before"], "warmup_s": round(warm_s, 2),
            "warmup_statuses": {str(k): v for k, v in sorted(warm.items())},
            "urls": len(urls), "server_peak_rss_mb": rss.peak / 2**20,
            "worker_memory": mem.report(), "worker_memory_samples": mem.samples,
        })
        return result
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # gunicorn's graceful stop of its own workers
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
