"""Whoosh's multi-process writer, made safe to kill, with workers that write articles.

Each worker process analyses the articles it is sent and writes one segment
with its substring index (``writer.ArticleWriter``); the parent reads and
parses files and commits. Stock ``MpWriter`` workers outlive a killed build
(they wait on their job queue forever, holding the inherited lock
descriptors, so the index stays locked), and a worker that dies is ignored
(the commit goes ahead without its segment while the manifest records its
files as indexed). ``GuardedMpWriter`` fixes both; ``build`` uses it
whenever a build runs in several processes. ``DeferredWriter`` decides
between one process and several once an update's size is known.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from contextlib import suppress
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import IndexingError

from .codec import use_chunked_pool
from .durable import DurableCommit
from .writer import ArticleWriter, CopiesText

__all__ = ["GuardedMpWriter", "NO_SPACE", "NO_SPACE_EXIT", "no_space"]

# errno values of a write that found no room (the disk or quota full, the
# file size limit reached), and the exit status a worker that hit one ends with
NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
NO_SPACE_EXIT = 28
# numpy's array writes report a short write (what a full disk gives a large
# write) as a plain OSError: "1084257 requested and 999296 written"
_SHORT_WRITE = re.compile(r"^\d+ requested and \d+ written$")


def no_space(exc: BaseException | None) -> bool:
    """True for an error (or one it was raised from) meaning the disk, quota or file size limit is full."""
    while exc is not None:
        if isinstance(exc, OSError) and (exc.errno in NO_SPACE
                                         or (exc.errno is None and _SHORT_WRITE.match(str(exc)))):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class GuardedMpWriter(DurableCommit, CopiesText, MpWriter):
    """Whoosh's MpWriter whose workers die with it and whose commit fails when one died
    (the OOM killer picks the biggest process)."""

    jobqueue: Any  # Whoosh's MpWriter's queues, wrapped below
    resultqueue: Any

    def __init__(self, ix, lock_fds: tuple[int, ...] = (), **kwargs):
        super().__init__(ix, **kwargs)
        self._real_queues = (self.jobqueue, self.resultqueue)
        self.jobqueue = _Guarded(self.jobqueue, self.tasks)
        self.resultqueue = _Guarded(self.resultqueue, self.tasks)
        method, whoosh_lock = multiprocessing.get_start_method(), getattr(self.writelock, "fd", None)
        fds = (*lock_fds, whoosh_lock) if method == "fork" else ()  # fork: the same numbers in the child
        self._inherited = tuple(fd for fd in fds if fd is not None)
        self._watch = os.getpid() if method in ("fork", "spawn") else None

    def cancel(self) -> None:
        # stock cancel only flags the parent's copies of the tasks: the
        # workers would wait on their job queue until this process exits
        for task in self.tasks:
            task.terminate()
            task.join()
        super().cancel()

    def _new_task(self):
        if not self.multisegment:
            raise ValueError("thainews workers write one segment each (multisegment=True)")
        task = _Worker(self.storage, self.indexname, *self._real_queues, self.subargs, self.multisegment)
        task.watch_pid, task.inherited_fds = self._watch, self._inherited
        self.tasks.append(task)
        task.start()
        return task


class _Worker(SubWriterTask):
    watch_pid: int | None = None  # set by _MpWriter before start()
    inherited_fds: tuple[int, ...] = ()

    def run(self) -> None:
        try:
            self._run()
        except OSError as exc:
            if not no_space(exc):
                raise
            # the disk is full: the build says so (one line, from the parent)
            # and removes this worker's files; a traceback would bury it
            os._exit(NO_SPACE_EXIT)

    def _run(self) -> None:
        _die_with_parent(self.watch_pid, self.inherited_fds)
        # SubWriterTask.run with an ArticleWriter (it hard-codes Whoosh's
        # SegmentWriter), one segment per worker (multisegment)
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = ArticleWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)

    def _process_file(self, filename, doc_count):
        use_chunked_pool(self.writer)  # before its first documents
        super()._process_file(filename, doc_count)


def _die_with_parent(parent: int | None, inherited_fds: tuple[int, ...]) -> None:
    """In a worker: drop the build's lock descriptors, and exit when the build dies.

    Linux kills the worker with its parent (PR_SET_PDEATHSIG); elsewhere a
    thread notices the parent change within half a second. `parent` is None
    when workers are not the build's own children (forkserver): the parent
    at start is watched instead.
    """
    for fd in inherited_fds:
        with suppress(OSError):
            os.close(fd)
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    watched = os.getppid() if parent is None else parent
    if os.getppid() != watched:  # the build died before prctl
        os._exit(1)

    def watch() -> None:
        while os.getppid() == watched:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Guarded:
    """A worker queue whose waits fail once the workers are gone, instead of hanging or dropping."""

    def __init__(self, real, tasks: list):
        self._real, self._tasks = real, tasks

    def put(self, item, block: bool = True, timeout: float | None = None) -> None:
        while True:
            try:
                return self._real.put(item, timeout=1.0)
            except queue.Full:
                if not any(task.is_alive() for task in self._tasks):
                    if NO_SPACE_EXIT in [task.exitcode for task in self._tasks]:
                        raise OSError(errno.ENOSPC, "No space left on device (in an indexing worker)") from None
                    raise IndexingError("the indexing worker processes died; nothing was committed") from None

    def get(self, block: bool = True, timeout: float | None = None):
        # only called after the workers were joined: a missing result is a dead worker
        try:
            return self._real.get(timeout=timeout)
        except queue.Empty:
            codes = [task.exitcode for task in self._tasks]
            if NO_SPACE_EXIT in codes:
                raise OSError(errno.ENOSPC, "No space left on device (in an indexing worker)") from None
            raise IndexingError(f"an indexing worker process died (exit codes {codes}); "
                                "nothing was committed") from None


class DeferredWriter:
    """Holds a build's first changes until it is clear whether workers pay off.

    Starting worker processes costs seconds (each loads the dictionaries and
    name lists), which is most of the time of an update that adds a few
    files to a large index; whether a build is large is only known once its
    files have been hashed against the manifest. The changes are kept in
    memory and replayed, in order, into the writer chosen: `parallel` once
    `threshold` files were changed, `single` when the build ends first.
    """

    def __init__(self, single, parallel, threshold: int):
        self._single, self._parallel, self._threshold = single, parallel, threshold
        self._ops: list[tuple[str, tuple, dict]] = []
        self._files = 0
        self._real = None

    def file_indexed(self) -> None:
        """Count a changed file; the threshold-th one starts the parallel writer."""
        self._files += 1
        if self._real is None and self._files >= self._threshold:
            self._open(self._parallel)

    def _open(self, make):
        self._real = make()
        for name, args, kwargs in self._ops:
            getattr(self._real, name)(*args, **kwargs)
        self._ops.clear()
        return self._real

    def _writer(self):
        return self._real if self._real is not None else self._open(self._single)

    def _op(self, name: str, *args, **kwargs) -> None:
        if self._real is not None:
            getattr(self._real, name)(*args, **kwargs)
        else:
            self._ops.append((name, args, kwargs))

    def add_document(self, **fields) -> None:
        self._op("add_document", **fields)

    def update_document(self, **fields) -> None:
        self._op("update_document", **fields)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        self._op("delete_by_term", fieldname, text)

    @property
    def generation(self) -> int:
        return self._writer().generation

    @property
    def is_closed(self) -> bool:
        return self._real is None or self._real.is_closed

    def commit(self, **kwargs) -> None:
        self._writer().commit(**kwargs)

    def cancel(self) -> None:
        self._ops.clear()
        if self._real is not None:
            self._real.cancel()
