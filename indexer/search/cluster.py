"""A sharded archive served on a Ray cluster (``thainews serve --cluster``): an actor per shard replica.

(One index is served as an archive of one shard.)

Each shard (``index.shards``) is read by ``REPLICAS`` Ray actors, each a
``shard.Shard`` of the shard's directory on a file system every node sees
at the same path. A replica is placed on its own node where the cluster
has enough (``NodeAffinitySchedulingStrategy``: shard `k`'s replica `r`
on live node `(k + r) mod nodes` when it starts), named in the ``thainews``
namespace (``thainews-<archive>-shard-K-R``) so every web worker uses the
same ones, and restarted by Ray when it dies (``max_restarts``). Ray cannot
restart one whose node died (its hard affinity names that node): the
router finds it dead for good and places it again, under the same name, on
a live node holding no other replica of its shard where there is one
(``_Placer``), so the shard gets back to ``REPLICAS`` replicas.

``RayShard`` is the router's backend (``router.Router``) for one shard: a
call goes to one replica (the web worker's preferred one while it is no
busier than the others) and waits at most ``REPLICA_TIMEOUT_S``; when that
replica is dead or silent, it goes to the next, and prefers that one from
then on, so a replica killed under load loses no request while another lives.
A replica that has not the archive's figures (restarted) is given them and
asked again. With no replica answering within ``SHARD_TIMEOUT_S``, the
shard is down (``scatter.ShardDown``): the router answers from the others,
flagged partial.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Any

from indexer.errors import ThainewsError
from indexer.index.shards import is_sharded, shard_dirs
from indexer.settings import REPLICA_TIMEOUT_S, REPLICAS, SHARD_TIMEOUT_S

from .router import Router
from .scatter import ShardDown
from .shard import Shard, Stale

__all__ = ["RayShard", "cluster_router", "NAMESPACE", "actor_name"]

NAMESPACE = "thainews"
MEND_EVERY_S = 1.0  # a replica found dead is placed again at most this often (each web worker)
# a replica's failures Ray will not mend: dead for good (e.g. killed) or its node gone
_DEAD = ("ActorDiedError", "ActorUnschedulableError")

log = logging.getLogger(__name__)


def _packed(value: Any) -> bytes:
    """A call's arguments or answer, pickled before Ray sees them: Ray pickles with
    cloudpickle, whose Python-level lookups were a tenth of a replica's busy time and a
    millisecond of the router's a page (4 shards, 28k, loopback); the standard pickle
    does the same for these plain values in C."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _Replica:
    """One replica of a shard: a ``Shard`` in a Ray actor. A refusal or a stale generation
    comes back as a value, to be raised by the caller as it is."""

    def __init__(self, index_dir: str):
        self.shard = Shard(index_dir)

    def call(self, method: str, args: bytes) -> bytes:
        """``(status, value)`` of ``Shard.method(*args)``, both ways pickled (``_packed``)."""
        try:
            answer: tuple[str, Any] = ("ok", getattr(self.shard, method)(*pickle.loads(args)))
        except Stale as exc:
            answer = ("stale", str(exc))
        except ThainewsError as exc:
            answer = ("refused", exc)
        return _packed(answer)

    def ready(self) -> str:
        """The id of the node this replica runs on (once its shard is open)."""
        import ray

        return ray.get_runtime_context().get_node_id()


def actor_name(index_dir: str | Path, shard: int, replica: int) -> str:
    """The Ray name of a shard's replica: ``thainews-<8 hex of the archive's path>-shard-K-R``."""
    archive = hashlib.blake2b(str(Path(index_dir).resolve()).encode(), digest_size=4).hexdigest()
    return f"thainews-{archive}-shard-{shard}-{replica}"


class _Placer:
    """Where shard `k`'s replicas go on the cluster, and each one's actor made (or found) by name."""

    def __init__(self, ray: Any, actor: Any, index_dir: str | Path, k: int, folder: Path):
        self._ray, self._actor, self._index_dir, self.k, self._folder = ray, actor, index_dir, k, folder

    def name(self, r: int) -> str:
        return actor_name(self._index_dir, self.k, r)

    def place(self, r: int, nodes: list[str], taken: set[str] | frozenset[str] = frozenset()) -> Any:
        """Replica `r`'s actor: the one of its name if it lives, else a new one pinned to a
        node of `nodes` not in `taken` (any of `nodes` when every one is)."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        options: dict[str, Any] = {"name": self.name(r), "get_if_exists": True}
        free = [n for n in nodes if n not in taken] or nodes
        if free:
            # hard: Ray's soft affinity put both replicas of a shard on one node of three (measured)
            options["scheduling_strategy"] = NodeAffinitySchedulingStrategy(free[(self.k + r) % len(free)],
                                                                            soft=False)
        return self._actor.options(**options).remote(str(self._folder))

    def live_nodes(self) -> list[str]:
        return sorted(n["NodeID"] for n in self._ray.nodes() if n.get("Alive"))


class RayShard:
    """The router's backend for one shard: its replicas on the cluster (see the module docstring)."""

    remote = True

    def __init__(self, ray: Any, replicas: list[Any], timeout: float = SHARD_TIMEOUT_S,
                 try_timeout: float = REPLICA_TIMEOUT_S, placer: _Placer | None = None):
        self._ray, self.replicas = ray, replicas
        self._timeout, self._try_timeout = timeout, try_timeout
        # the replica this process asks first: its caches (common forms, cards) stay warm, and
        # web workers of other process ids prefer other replicas; a busier one is passed over
        self._preferred = os.getpid() % max(1, len(replicas))
        self._busy = [0] * len(replicas)  # this process's requests in flight, by replica
        self._busy_lock = threading.Lock()
        self._archive: tuple | None = None  # (ArchiveStats, this shard's place) last given
        self._placer = placer  # None: a dead replica is not placed again
        self._mending: dict[int, float] = {}  # replica -> when it was last found dead
        self._mend_lock = threading.Lock()

    def call(self, method: str, *args: Any) -> Any:
        return self.result(self.submit(method, *args))

    def submit(self, method: str, *args: Any) -> tuple:
        """Ask one replica (``_pick``), without waiting: the router asks every shard at once."""
        start = self._pick()
        replica = self.replicas[start] if method != "adopt" and self.replicas else None
        ref = replica.call.remote(method, _packed(args)) if replica is not None else None
        return method, args, start, ref, time.monotonic() + self._timeout

    def _pick(self) -> int:
        """The replica to ask: the one with the fewest of this process's requests in flight,
        the preferred one first among equals. Asking one replica while it is free keeps its
        caches warm: turn by turn over 2 replicas, a 4-shard page's p95 was 44 ms against 35
        ms (28k, loopback Ray, 2 cores); under load every replica is still asked."""
        n = len(self.replicas)
        if not n:
            return 0
        with self._busy_lock:
            at = min(range(n), key=lambda i: (self._busy[i], (i - self._preferred) % n))
            self._busy[at] += 1
        return at

    def result(self, asked: tuple) -> Any:
        """The answer to ``submit``: from the replica asked, else from the next ones, within the
        shard's timeout (``ShardDown`` past it)."""
        method, args, start, ref, deadline = asked
        try:
            return self._answer(method, args, start, ref, deadline)
        finally:
            with self._busy_lock:
                if start < len(self._busy):
                    self._busy[start] -= 1

    def _answer(self, method: str, args: tuple, start: int, ref: Any, deadline: float) -> Any:
        if method == "adopt":
            return self._adopt(*args)
        from ray.exceptions import GetTimeoutError, RayActorError

        for i in range(len(self.replicas)):
            replica = self.replicas[(start + i) % len(self.replicas)]
            wait = min(self._try_timeout, deadline - time.monotonic())
            if wait <= 0:
                break
            try:
                if ref is None:
                    ref = replica.call.remote(method, _packed(args))
                status, value = self._got(ref, wait)
                if status == "stale" and self._archive is not None:
                    # a restarted replica: give it the archive's figures, and ask again
                    if self._got(replica.call.remote("adopt", _packed(self._archive)), wait)[1]:
                        status, value = self._got(replica.call.remote(method, _packed(args)), wait)
            except (RayActorError, GetTimeoutError) as exc:
                self._found(replica, exc)
                ref = None
                continue  # dead, restarting or silent: the next replica
            except Exception as exc:  # noqa: BLE001 - Ray's other failures of a replica (unplaceable, lost)
                if type(exc).__module__.startswith("ray."):
                    self._found(replica, exc)
                    ref = None
                    continue
                raise
            if i:  # the one asked first failed: ask this one first from now on
                self._preferred = (start + i) % len(self.replicas)
            if status == "stale":
                raise Stale(value)
            if status == "refused":
                raise value
            return value
        raise ShardDown(f"no replica of a shard answered {method} within {self._timeout:g} s")

    def _got(self, ref: Any, timeout: float) -> tuple[str, Any]:
        """A replica's ``(status, value)`` (``_Replica.call``), waited for at most `timeout` s."""
        return pickle.loads(self._ray.get(ref, timeout=timeout))

    def _adopt(self, archive: Any, mine: int) -> bool:
        """Give every live replica the archive's figures; False when one is at another generation."""
        from ray.exceptions import GetTimeoutError, RayActorError

        self._archive = (archive, mine)
        replicas = list(self.replicas)
        refs = [r.call.remote("adopt", _packed((archive, mine))) for r in replicas]
        answered = []
        for replica, ref in zip(replicas, refs):
            try:
                answered.append(self._got(ref, self._try_timeout)[1])
            except (RayActorError, GetTimeoutError) as exc:
                self._found(replica, exc)
            except Exception as exc:  # noqa: BLE001 - as in ``result``
                if not type(exc).__module__.startswith("ray."):
                    raise
                self._found(replica, exc)
        if not answered:
            raise ShardDown("no replica of a shard took the archive's figures")
        return all(answered)

    def _found(self, replica: Any, exc: BaseException) -> None:
        """A replica failed: when it is dead for good, place it again in the background (the
        request goes on to the next replica meanwhile)."""
        if self._placer is None or type(exc).__name__ not in _DEAD:
            return
        at = next((i for i, r in enumerate(self.replicas) if r is replica), None)
        now = time.monotonic()
        with self._mend_lock:
            if at is None or now - self._mending.get(at, -MEND_EVERY_S) < MEND_EVERY_S:
                return
            self._mending[at] = now
        threading.Thread(target=self._mend, args=(at, replica), daemon=True,
                         name=f"mend-{self._placer.name(at)}").start()

    def _mend(self, at: int, dead: Any) -> None:
        """Put a live actor in place of replica `at`, found dead.

        Its name stays: every web worker (and a router started later) finds a replica by its
        name (``actor_name``), so a new generation suffix would leave them asking the dead one.
        Ray frees a name once its actor is dead for good (measured: at once when its node
        stops), and ``get_if_exists`` makes the workers that find it dead together end up with
        the one actor the first of them made. The dead one is not killed: by name that could
        kill another worker's new replica, and by its handle there is nothing left to kill."""
        placer = self._placer
        if placer is None:  # closed meanwhile
            return
        try:
            try:
                new = self._ray.get_actor(placer.name(at), namespace=NAMESPACE)
            except ValueError:  # no live actor of that name
                others = [r for i, r in enumerate(self.replicas) if i != at]
                refs = [r.ready.remote() for r in others]
                done, _ = self._ray.wait(refs, num_returns=len(refs), timeout=min(self._try_timeout, 5.0))
                taken = set(self._ray.get(done)) if done else set()
                new = placer.place(at, placer.live_nodes(), taken)
            if at < len(self.replicas) and self.replicas[at] is dead:
                self.replicas[at] = new
        except Exception:  # noqa: BLE001 - the cluster going away; tried again when found dead again
            log.warning("replica %s not placed again", placer.name(at), exc_info=True)

    def close(self) -> None:
        """Forget the replicas (they serve other web workers on: Ray keeps them)."""
        self.replicas, self._placer = [], None


def cluster_router(address: str, index_dir: str | Path, replicas: int = REPLICAS,
                   timeout: float = SHARD_TIMEOUT_S, try_timeout: float = REPLICA_TIMEOUT_S) -> Router:
    """The router of the sharded archive at `index_dir`, its shards served by `replicas` Ray actors
    each on the cluster at `address` (host:port of its head)."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("serving on a cluster needs Ray: pip install 'thainews[cluster]'") from None
    if not ray.is_initialized():
        ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, configure_logging=False)
    # no task events: Ray records each call's states for its dashboard, a few tenths of a
    # millisecond of CPU a round trip, every page making about twelve (bench/README.md)
    options: dict[str, Any] = {"enable_task_events": False}  # an option Ray's type stubs do not list
    actor = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=0, **options)(_Replica)
    backends: list[RayShard] = []
    nodes: list[str] | None = None
    # one index is served as an archive of one shard
    for k, folder in enumerate(shard_dirs(index_dir) if is_sharded(index_dir) else [Path(index_dir)]):
        placer = _Placer(ray, actor, index_dir, k, folder)
        nodes = placer.live_nodes() if nodes is None else nodes
        handles = [placer.place(r, nodes) for r in range(replicas)]
        backends.append(RayShard(ray, handles, timeout, try_timeout, placer))
    return Router(backends, index_dir)
