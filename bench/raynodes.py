"""Ray nodes on loopback for benchmarks and tests: started, waited for, stopped by their group.

Each node is a ``ray start --block`` in a process group of its own, so it
and every process it starts (raylet, GCS, workers) are stopped together by
that group's id, and only they: never ``ray stop``, which stops every Ray
process of the machine, other sessions' included.

    head = start_node(ray_start("--head", "--port", str(port), ...), Path(temp, "head.log"))
    ...
    stop_node(head)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["START_TIMEOUT", "READY", "NodeDidNotStart", "ray_start", "start_node", "stop_node"]

START_TIMEOUT = 180  # seconds: a cold head takes 4-30 s on 2 busy cores
READY = b"Ray runtime started"  # what `ray start` logs once the node is up


class NodeDidNotStart(RuntimeError):
    """A node exited, or did not say it started within the timeout (the message holds its log)."""


def ray_start(*args: str) -> list[str]:
    """The command line of a blocking ``ray start`` of this environment's Ray."""
    return [str(Path(sys.executable).with_name("ray")), "start", "--block", *args, "--disable-usage-stats"]


def start_node(command: list[str], log: Path, timeout: float = START_TIMEOUT) -> subprocess.Popen:
    """Run `command` (a ``ray_start``, possibly behind ``ip netns exec``) in a process group of
    its own, its output in `log`, and return once the log says the node started."""
    with open(log, "wb") as out:  # the child keeps its own descriptor
        node = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    while READY not in log.read_bytes():
        if node.poll() is not None or time.monotonic() > deadline:
            stop_node(node)
            raise NodeDidNotStart(f"a Ray node did not start:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)
    return node


def stop_node(node: subprocess.Popen, wait: float = 10) -> None:
    """Stop a node and every process of its group (only those), by the group's id: SIGTERM,
    then SIGKILL for what did not stop."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(node.pid, sig)
        except ProcessLookupError:  # the group is gone
            break
        try:
            node.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    node.wait()
