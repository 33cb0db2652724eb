"""The search service served by replicas on a Ray cluster (``thainews serve --cluster``).

``REPLICAS`` Ray actors, each a ``Searcher`` of the same index (one index
or a sharded one, ``index.shards``) read from a file system every node
sees at the same path. They are named (``thainews-replica-K`` in the
``thainews`` namespace), so every web worker process uses the same ones,
and Ray restarts one that dies (``max_restarts``). ``ReplicatedService``
is the ``SearchService`` the web layer calls: a request goes to one
replica (in turn) and waits at most ``REPLICA_TIMEOUT_S``; when that
replica is dead or silent, it goes to the next, so a killed replica loses
no request while another lives. With none answering, ``Unavailable``
(503, said in the reader's language). Every replica reads the whole
archive: this spreads readers and survives a lost replica, it does not
split an archive too large for one machine (issue 25's actor per shard).
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

from indexer.errors import ThainewsError, Unavailable
from indexer.settings import REPLICA_TIMEOUT_S, REPLICAS

from .results import (
    ArticlePage,
    Chosen,
    Directory,
    Hit,
    IndexStats,
    Overview,
    PersonPage,
    SearchResult,
    Suggestion,
)

__all__ = ["ReplicatedService", "NAMESPACE"]

NAMESPACE = "thainews"


class _Replica:
    """One replica: a ``Searcher`` in a Ray actor. A refusal (``ThainewsError``) comes back
    as a value, to be raised by the caller as it is."""

    def __init__(self, index_dir: str):
        from .service import Searcher

        self.searcher = Searcher(index_dir)

    def call(self, method: str, args: tuple, kwargs: dict) -> tuple[str, Any]:
        try:
            return "ok", getattr(self.searcher, method)(*args, **kwargs)
        except ThainewsError as exc:
            return "refused", exc

    def ready(self) -> bool:
        return True


class ReplicatedService:
    """The ``SearchService`` of `replicas` Ray actors on the cluster at `address` (see the module
    docstring); ``service.search("ผู้ว่าราชการจังหวัดสงขลา")`` answers as ``Searcher`` does."""

    def __init__(self, address: str, index_dir: str | Path, replicas: int = REPLICAS,
                 timeout: float = REPLICA_TIMEOUT_S):
        try:
            import ray
        except ImportError:
            raise RuntimeError("serving on a cluster needs Ray: pip install 'thainews[cluster]'") from None
        self._ray = ray
        if not ray.is_initialized():
            ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, configure_logging=False)
        actor = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=0)(_Replica)
        named = (actor.options(name=f"thainews-replica-{k}", get_if_exists=True) for k in range(replicas))
        self.replicas: list[Any] = [replica.remote(str(index_dir)) for replica in named]
        self._timeout = timeout
        self._turn = itertools.count()

    def _call(self, method: str, *args, **kwargs) -> Any:
        from ray.exceptions import GetTimeoutError, RayActorError

        start = next(self._turn)
        for i in range(len(self.replicas)):
            replica = self.replicas[(start + i) % len(self.replicas)]
            try:
                status, value = self._ray.get(replica.call.remote(method, args, kwargs), timeout=self._timeout)
            except (RayActorError, GetTimeoutError):
                continue  # dead, restarting or silent: the next replica
            if status == "refused":
                raise value
            return value
        raise Unavailable(f"no replica of the search service answered {method} within {self._timeout:g} s")

    def search(self, q: str = "", date_from: str | None = None, date_to: str | None = None,
               page: int | str = 1, size: int | str = 10, sort: str = "relevance", facets: bool = True,
               **chosen: Chosen) -> SearchResult:
        return self._call("search", q, date_from, date_to, page, size, sort, facets, **chosen)

    def article(self, doc_id: str, q: str = "") -> ArticlePage | None:
        return self._call("article", doc_id, q)

    def similar(self, doc_id: str, count: int = 5) -> list[Hit]:
        return self._call("similar", doc_id, count)

    def suggestions(self, prefix: str, grouped: bool = False) -> list[str] | dict[str, list[Suggestion]]:
        return self._call("suggestions", prefix, grouped)

    def directory(self, q: str = "", limit: int = 50, offset: int = 0) -> Directory:
        return self._call("directory", q, limit, offset)

    def person(self, name: str, page: int = 1) -> PersonPage | None:
        return self._call("person", name, page)

    def overview(self) -> Overview:
        return self._call("overview")

    def stats(self) -> IndexStats:
        return self._call("stats")

    def newest_date(self) -> date | None:
        return self._call("newest_date")

    def doc_count(self) -> int:
        return self._call("doc_count")

    def close(self) -> None:
        """Forget the replicas (they serve other web workers on: Ray keeps them)."""
        self.replicas = []
