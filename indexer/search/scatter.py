"""Asking a sharded archive's shards: scatter, gather, and the archive's figures they answer under.

``Shards`` is what the router (``router.Router``) and its archive-wide
answers (``router_people.ArchiveParts``) ask the shards through: one
backend per shard (``LocalShard`` in this process, or a shard's replicas on
a Ray cluster, ``cluster.RayShard``), each with ``call(method, *args)`` and,
when remote, ``submit`` and ``result``, so that every shard is asked at once.

Every request runs under the archive's figures (``matching.shared.ArchiveStats``),
gathered once per generation of the shards and given back to each; a step
names them by their token, and a shard at another generation answers
``Stale``: the figures are gathered again and the request runs once more
(``_ask``). A shard none of whose replicas answers (``ShardDown``) is left
out of the request's answers and noted (``shards_said``); one down when the
figures are gathered is left out of them, and asked again by each request
until it is back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.errors import Unavailable
from indexer.matching.shared import ArchiveStats

from .shard import Shard, Stale

__all__ = ["Shards", "LocalShard", "ShardDown"]


class ShardDown(Unavailable):
    """No replica of a shard answered within the router's timeout."""


class LocalShard:
    """A shard read in the router's process (``thainews search``/``serve`` without a cluster)."""

    remote = False

    def __init__(self, index_dir: str | Path):
        self.shard = Shard(index_dir)

    def call(self, method: str, *args: Any) -> Any:
        return getattr(self.shard, method)(*args)

    def close(self) -> None:
        pass


class Shards:
    """A sharded archive's shards, asked together (see the module docstring)."""

    def __init__(self, backends: list[Any], index_dir: str | Path | None = None):
        self.backends = backends
        self._index_dir = Path(index_dir) if index_dir is not None else None
        self._lock = threading.Lock()
        self._archive: ArchiveStats | None = None
        self._missing: frozenset[int] = frozenset()  # shards left out of the archive's figures
        self._remote = any(b.remote for b in backends)
        self._local = threading.local()

    def forget(self) -> None:
        """Drop what was worked out under the archive's previous figures (called when they are
        gathered again; ``ArchiveParts`` keeps such answers)."""

    def _scatter(self, method: str, *args: Any, shards: list[int] | None = None,
                 each: Callable[[int], tuple] | None = None) -> dict[int, Any]:
        """Ask every shard (or `shards`), in parallel when remote: answers by shard, those
        whose replicas are all down left out (noted for the answer's ``shards``)."""
        return self._scattered(method, *args, shards=shards, each=each)()

    def _scattered(self, method: str, *args: Any, shards: list[int] | None = None,
                   each: Callable[[int], tuple] | None = None) -> Callable[[], dict[int, Any]]:
        """``_scatter``, asked now and gathered by the call it returns (called once, always:
        a backend counts its calls in flight until their result), so that the router works
        meanwhile; in process the shards answer when it is called."""
        failed = self._local.__dict__.setdefault("failed", set())
        # a shard down earlier in this request is not waited for again
        wanted = [k for k in (range(len(self.backends)) if shards is None else shards) if k not in failed]

        def extra(k: int) -> tuple:
            return each(k) if each is not None else ()

        def local() -> dict[int, Any]:
            out: dict[int, Any] = {}
            for k in wanted:
                try:
                    out[k] = self.backends[k].call(method, *args, *extra(k))
                except ShardDown:
                    failed.add(k)
            return out

        if not self._remote:
            return local
        # every shard asked at once, then each answer awaited (no threads: Ray's own calls)
        asked = {k: self.backends[k].submit(method, *args, *extra(k)) for k in wanted}

        def remote() -> dict[int, Any]:
            out: dict[int, Any] = {}
            error: Exception | None = None
            for k, handle in asked.items():
                try:
                    out[k] = self.backends[k].result(handle)
                except ShardDown:
                    failed.add(k)
                except Exception as exc:  # noqa: BLE001 - raised once every call asked is awaited: a
                    error = error or exc  # backend counts its calls in flight until their result
            if error is not None:
                raise error
            return out

        return remote

    def _token(self) -> tuple:
        """The archive's figures' token, gathered (and given to every shard) when needed: from
        the shards that answer, those that do not left out and asked again by each request."""
        failed = self._local.__dict__.setdefault("failed", set())
        with self._lock:
            archive, missing = self._archive, self._missing
        if archive is not None and missing:
            # outside the lock: a shard still down costs each request one wait, not one per request before it
            back = self._scatter("own", shards=sorted(missing))
            if back:
                with self._lock:
                    if self._archive is archive:
                        self._archive = None  # gathered again below, with the shards back
        with self._lock:
            if self._archive is None:
                self._gather()
            assert self._archive is not None
            failed.update(self._missing)  # not in the figures: not asked under them
            return self._archive.token

    def _gather(self) -> None:
        """Gather the archive's figures from every shard that answers and give them back
        (under the lock); the token holds None in place of a shard that did not answer."""
        for _ in range(3):
            owns = self._scatter("own")
            if not owns:
                raise Unavailable("no shard of the archive answered")
            archive = ArchiveStats.of([owns[k] for k in sorted(owns)])
            archive.token = tuple(owns[k].token[0] if k in owns else None for k in range(len(self.backends)))
            adopted = self._scatter("adopt", archive, shards=sorted(owns), each=lambda k: (k,))
            if all(adopted.values()):
                self._archive, self._missing = archive, frozenset(range(len(self.backends))) - set(owns)
                self.forget()
                return
        raise Unavailable("the shards' generations kept changing")

    def _whole(self) -> bool:
        """Did every shard answer this request so far (its parts can be kept: ``_once``)?"""
        return not self._local.__dict__.get("failed")

    def _ask(self, work: Callable[[tuple], Any]) -> Any:
        """Run `work(token)`; when a shard moved to another generation, gather the archive's
        figures again and run it once more."""
        self._local.failed = set()
        try:
            return work(self._token())
        except Stale:
            with self._lock:
                self._archive = None
            self._local.failed = set()
            return work(self._token())

    def _shards_said(self) -> dict:
        failed = sorted(self._local.__dict__.get("failed", ()))
        return {"total": len(self.backends), "ok": len(self.backends) - len(failed), "failed": failed}

    @property
    def archive(self) -> ArchiveStats:
        self._token()
        assert self._archive is not None
        return self._archive

    def close(self) -> None:
        for backend in self.backends:
            backend.close()
