"""Memory of processes, read from /proc.

    with TreeRSS(pid) as tree: ...; tree.peak   summed RSS of a process and its descendants
"""

from __future__ import annotations

import os
import threading

__all__ = ["TreeRSS"]


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
