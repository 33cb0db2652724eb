"""Memory of processes, read from /proc.

    with TreeRSS(pid) as tree: ...; tree.peak     summed RSS of a process and its descendants
    process_memory(pid) -> {"RssAnon", "USS", "Pss", "Rss", ...}   bytes, one process
    with WorkerMemory(master) as mem: ...; mem.report()   per child of `master`, peak and last
"""

from __future__ import annotations

import os
import threading

__all__ = ["TreeRSS", "children", "process_memory", "WorkerMemory"]


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
            ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
        todo, tree = [self.pid], []
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, ()))
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


def children(pid: int) -> list[int]:
    """Direct children of `pid` (from each process' /proc/PID/stat)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        if int(stat[stat.rfind(b")") + 2:].split()[1]) == pid:
            out.append(int(entry))
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
    """Samples `process_memory` of every child of `master` (gunicorn's workers) every `interval` s.

    Keeps, per worker pid, the peak of each figure over the samples and the
    last sample; ``sample()`` can also be called by hand (a final sample).
    """

    FIELDS = ("RssAnon", "USS", "Pss", "Rss")

    def __init__(self, master: int, interval: float = 1.0):
        self.master = master
        self.interval = interval
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
        for pid in children(self.master):
            mem = process_memory(pid)
            if mem is None:
                continue
            self.last[pid] = mem
            peak = self.peak.setdefault(pid, {})
            for key, value in mem.items():
                peak[key] = max(peak.get(key, 0), value)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def report(self) -> list[dict]:
        """Per worker: pid, the peak and the last value of each figure (bytes)."""
        return [{"pid": pid, "peak": self.peak[pid], "last": self.last.get(pid, {})} for pid in sorted(self.peak)]
