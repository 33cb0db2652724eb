"""Memory of processes, read from /proc.

    with TreeRSS(pid) as tree: ...; tree.peak     summed RSS of a process and its descendants
    process_memory(pid) -> {"RssAnon", "USS", "Pss", "Rss", ...}   bytes, one process
    with WorkerMemory(master) as mem: ...; mem.report()   per child of `master`, peak and last
    WorkerMemory(root, tree=True)   per descendant of `root` (a build's workers, a Ray node's processes)
"""

from __future__ import annotations

import os
import threading

__all__ = ["TreeRSS", "children", "cpu_seconds", "descendants", "process_memory", "process_name", "WorkerMemory"]


class TreeRSS:
    """Polls /proc for the summed RSS of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> TreeRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> tuple[int, int]:
        tree = [self.pid, *descendants(self.pid)]
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * self._page
            except (OSError, IndexError, ValueError):
                pass
        return total, len(tree)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, procs = self.sample()
            if rss > self.peak:
                self.peak, self.peak_procs = rss, procs
            self._stop.wait(self.interval)


def _parents() -> dict[int, list[int]]:
    """Every process' children, from one pass over /proc (each process' /proc/PID/stat)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: split after the last ')'
        parents.setdefault(int(stat[stat.rfind(b")") + 2:].split()[1]), []).append(int(entry))
    return parents


def children(pid: int) -> list[int]:
    """Direct children of `pid`."""
    return sorted(_parents().get(pid, []))


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children ...), not `pid` itself."""
    parents = _parents()
    out, todo = [], [pid]
    while todo:
        found = parents.get(todo.pop(), [])
        out.extend(found)
        todo.extend(found)
    return sorted(out)


def process_memory(pid: int) -> dict | None:
    """Bytes of one process: RssAnon, USS, Pss, Rss (and the parts they come from).

    ``/proc/PID/status`` gives RssAnon (anonymous resident memory: heap,
    stacks, Python objects; never shared with another process here) and
    RssFile; ``/proc/PID/smaps_rollup`` gives Rss, Pss (each shared page
    divided by the number of processes mapping it) and Private_Clean +
    Private_Dirty (USS: pages no other process maps, file-backed pages of
    memory-mapped index files that only this process touched included).
    None when the process is gone.
    """
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("RssAnon", "RssFile", "RssShmem", "VmHWM"):
                    out[key] = int(rest.split()[0]) * 1024
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Shared_Dirty"):
                    out[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    out["USS"] = out.get("Private_Clean", 0) + out.get("Private_Dirty", 0)
    return out


class WorkerMemory:
    """Samples `process_memory` of every child of `master` (gunicorn's workers) every `interval` s;
    with `tree`, of every descendant (a sharded build's tasks and their workers).

    Keeps, per worker pid, the peak of each figure over the samples and the
    last sample; ``sample()`` can also be called by hand (a final sample).
    """

    FIELDS = ("RssAnon", "USS", "Pss", "Rss")

    def __init__(self, master: int, interval: float = 1.0, tree: bool = False):
        self.master = master
        self.interval = interval
        self.tree = tree
        self.names: dict[int, list[str]] = {}  # every command line seen (Ray renames its workers)
        self.cpu_first: dict[int, float] = {}  # CPU seconds when first seen (0 if born after the first sample)
        self.cpu_last: dict[int, float] = {}
        self.peak: dict[int, dict[str, int]] = {}
        self.last: dict[int, dict[str, int]] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self) -> None:
        for pid in descendants(self.master) if self.tree else children(self.master):
            mem = process_memory(pid)
            if mem is None:
                continue
            name = process_name(pid)
            if name not in self.names.setdefault(pid, []):
                self.names[pid].append(name)
            cpu = cpu_seconds(pid)
            if cpu is not None:
                self.cpu_first.setdefault(pid, cpu if self.samples == 0 else 0.0)
                self.cpu_last[pid] = cpu
            self.last[pid] = mem
            peak = self.peak.setdefault(pid, {})
            for key, value in mem.items():
                peak[key] = max(peak.get(key, 0), value)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def cpu_used(self) -> float:
        """CPU seconds the sampled processes used while sampled (a process that ended
        between two samples loses what it used after the last one)."""
        return sum(self.cpu_last[pid] - self.cpu_first[pid] for pid in self.cpu_last)

    def report(self) -> list[dict]:
        """Per worker: pid, name, the peak and the last value of each figure (bytes)."""
        return [{"pid": pid, "name": " | ".join(self.names.get(pid, [])), "peak": self.peak[pid],
                 "last": self.last.get(pid, {})} for pid in sorted(self.peak)]


def process_name(pid: int) -> str:
    """The command line of `pid` (its first 120 characters; Ray names its workers ``ray::IDLE``,
    ``ray::write_shard``), or "" when it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()[:120]
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds `pid` has used so far (/proc/PID/stat), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
