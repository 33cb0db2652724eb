"""Build and update the index from sources.

A build walks every source file once. A file whose content hash matches the
manifest is skipped without being parsed; a changed file has its articles
replaced; a file that cannot be read or parsed is reported and skipped,
leaving whatever it had indexed before untouched. Articles are indexed once:
a second article with the same URL, or the same title and body, counts as a
duplicate.

A build killed at any moment (SIGKILL, OOM, power cut aside) leaves the
previous index whole and searchable, and the next build carries on without
manual steps: everything a build changes becomes visible in Whoosh's one
atomic TOC rename, ``--rebuild`` included (it replaces the old segments at
that commit instead of deleting them first); the manifest is staged to match
that commit (see ``store``); locks are flocks the kernel drops with their
holder, and the worker processes of a parallel build die with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from tqdm import tqdm
from whoosh.writing import CLEAR

from indexer.facet_table import FACETS
from indexer.ingest import SourceFile, is_archive, iter_source, read_file
from indexer.ingest.article import Article
from indexer.settings import PARALLEL_MIN_FILES

from .codec import ThaiCodec, use_chunked_pool
from .decide import Walked, decide, start_plan
from .durable import DurableCommit, clean_leftovers, discard_broken
from .parallel import DeferredWriter, GuardedMpWriter, no_space
from .shards import create_shards
from .store import (
    build_lock,
    create_index,
    index_state,
    open_index,
    read_manifest,
    settle_manifest,
    stage_manifest,
    write_meta,
)
from .writer import ArticleWriter, merge_small

__all__ = ["build_index", "BuildReport", "to_document"]


@dataclass
class BuildReport:
    """Counts of what a build did, and every file it could not use."""

    files: int = 0
    indexed_files: int = 0
    unchanged_files: int = 0
    skipped_files: int = 0
    failed_files: int = 0
    articles: int = 0
    duplicates: int = 0
    removed: int = 0
    seconds: float = 0.0
    bytes: int = 0
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    # indexed, but with something cut, replaced or missing (path and reason)
    flagged: list[dict] = field(default_factory=list)
    # why the build stopped without committing (a full disk ...), None when it finished
    fatal: str | None = None

    @property
    def ok(self) -> bool:
        """True when every file and record that should be read was read."""
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.articles} articles indexed from {self.indexed_files} files; "
            f"{self.unchanged_files} files unchanged, {self.skipped_files} skipped, "
            f"{self.failed_files} failed; {len(self.flagged)} warnings; "
            f"{self.duplicates} duplicate articles not indexed again; "
            f"{self.removed} removed; {self.seconds:.1f}s"
        )

    def to_json(self) -> dict:
        return asdict(self)


def to_document(article: Article) -> dict:
    """The Whoosh document for an article, as the build's reader process makes it.

    The writer (in the worker processes of a parallel build) analyses the
    headline and body once and adds the fields that come from them: terms,
    headline key, officials (``writer.ArticleWriter``).
    """
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "record": article.record,
        "fingerprint": article.fingerprint,
        # every article a value, "" for none, so every segment has the column:
        # Whoosh-Reloaded's MultiReader.column_reader raises IndexError on a
        # segment without it (an update whose articles have no url)
        "url": article.url or "",
    }
    if article.date:
        d = article.date
        doc["date"] = datetime(d.year, d.month, d.day)
    # the release's byline, and the columns the facets count (``facet_table``)
    for name in dict.fromkeys(("item", "reporter", "photographer", "office", *FACETS.columns())):
        value = getattr(article, name)
        if value:
            doc[name] = value
    return doc


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _count(source: Path, archives: bool = False) -> int | None:
    """Files in a source; archives are only counted when `archives` (a read)."""
    if source.is_dir():
        return sum(1 for p in source.rglob("*") if p.is_file())
    if not is_archive(source):
        return 1
    if not archives:
        return None
    try:
        if source.name.lower().endswith(".zip"):
            with zipfile.ZipFile(source) as zf:
                return sum(1 for i in zf.infolist() if not i.is_dir())
        # one pass over the compressed stream (seconds for a few hundred MB),
        # so the progress bar can show how far the build is and an ETA
        with tarfile.open(source, mode="r|*") as tf:
            return sum(1 for m in tf if m.isfile())
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile):
        return None


def _walk(sources: Sequence[Path]) -> Iterator[tuple[Path, SourceFile]]:
    for source in sources:
        for src in iter_source(source):
            yield source, src


def build_index(
    sources: Sequence[str | Path],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    prune: bool = False,
    progress: bool | None = None,
    errors_path: str | Path | None = None,
    procs: int | None = None,
    shards: int | None = None,
    cluster: str | None = None,
) -> BuildReport:
    """Index `sources` into `index_dir`, incrementally unless `rebuild`.

    `prune` removes articles of files that disappeared from a directory
    source. `progress` defaults to showing a bar when stderr is a terminal.
    `procs` is the number of processes that segment and index (default: one
    per core for large sources, one for small ones). `shards` makes a new
    index sharded (``shards``; an existing one keeps its count), built by
    tasks in local processes, or on the Ray cluster at `cluster` (``shardbuild``).
    """
    started = time.perf_counter()
    paths = [Path(s) for s in sources]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"source not found: {path}")
    if progress is None:
        progress = sys.stderr.isatty()
    report = BuildReport()
    try:
        with build_lock(index_dir) as lock_fd:
            dirs = create_shards(index_dir, shards)
            if len(dirs) > 1:
                from .shardbuild import build_shards

                done = build_shards(paths, dirs, rebuild=rebuild, prune=prune, procs=procs, cluster=cluster)
                report = BuildReport(**{**done, "seconds": 0.0})
            else:
                _build(paths, dirs[0], rebuild, prune, progress, procs, lock_fd, report)
    except BaseException as exc:
        # what was read so far, and why nothing was committed, still reach --errors
        report.fatal = fatal_reason(exc, index_dir)
        raise
    finally:
        report.seconds = time.perf_counter() - started
        if errors_path:
            _write_errors(Path(errors_path), report)
    return report


def _write_errors(path: Path, report: BuildReport) -> None:
    data: dict[str, object] = {"failed": report.errors, "skipped": report.skipped, "flagged": report.flagged}
    if report.fatal:
        data["fatal"] = report.fatal
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:  # (a full disk may hold the errors file too)
        print(f"could not write {path}: {exc.strerror or exc}", file=sys.stderr)


def fatal_reason(exc: BaseException, index_dir: str | Path) -> str:
    """One line on why a build stopped (the CLI prints it, --errors records it)."""
    if no_space(exc):
        name = getattr(exc, "filename", None)
        where = f"{name}" if name else f"the index at {index_dir}"
        return f"no space left on device while writing {where}"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _open_for_build(index_dir: Path, rebuild: bool):
    """The index to write into, and whether it starts out empty.

    A ready index is opened even for a rebuild: the rebuild's commit drops
    the old segments (``CLEAR``) in the same TOC rename that adds the new
    ones, so until then readers, and a killed rebuild, keep the old index.
    Only a directory without an index this version can use is created
    afresh (see ``store.create_index``).
    """
    settle_manifest(index_dir)  # a killed build's pending manifest
    broken = discard_broken(index_dir)  # a commit a power cut left torn: build on the whole one before
    if broken:
        print(f"warning: the index's newest commit (generation {', '.join(map(str, broken))}) was damaged, "
              "perhaps by a power cut; building on the last whole generation", file=sys.stderr)
    state = index_state(index_dir)
    if state == "ready":
        return open_index(index_dir), rebuild
    if state == "other" and not rebuild:
        open_index(index_dir)  # raises, advising --rebuild
    if state == "broken":  # nothing whole to keep: every article is read again
        print("warning: no commit of the index is whole (damaged, perhaps by a power cut): "
              "building it again from the sources", file=sys.stderr)
    return create_index(index_dir), True


def commit(writer, index_dir: Path, manifest: dict, rebuild: bool) -> None:
    """A build's commit, one index's or one shard's: the manifest staged to match the new
    generation before it (``store``), and a rebuild's segments replacing the old ones in
    the same TOC rename (``CLEAR``) instead of merging with them. The caller settles the
    manifest (``settle_manifest``) however the commit ended, then, after a rebuild, writes
    the segmenter's meta."""
    stage_manifest(index_dir, manifest, writer.generation)
    writer.commit(mergetype=CLEAR if rebuild else merge_small)


def abandon(writer, index_dir: Path) -> None:
    """A failed build's way out: its writer cancelled and what it wrote removed at once
    (partial segments, the writer's temporary files: a full disk gets its space back).
    Errors on the way are swallowed: the build's own is the one to report."""
    if not writer.is_closed:
        try:
            writer.cancel()
        except Exception:  # noqa: S110 (the first error is the one to report)
            pass
    try:
        clean_leftovers(index_dir)
    except Exception:  # noqa: S110
        pass


def _build(paths: list[Path], index_dir: Path, rebuild: bool, prune: bool, progress: bool,
           procs: int | None, lock_fd: int, report: BuildReport) -> BuildReport:
    """Build into the index at `index_dir`, reading each file as the walk reaches it (the
    decisions: ``decide``)."""
    clean_leftovers(index_dir)  # what a killed or failed build left behind
    ix, fresh = _open_for_build(index_dir, rebuild)
    plan = start_plan(paths, {} if fresh else read_manifest(index_dir), fresh=fresh, prune=prune)
    counts = [_count(p, archives=True) for p in paths] if progress else []
    total = sum(c or 0 for c in counts) if counts and None not in counts else None
    bar = tqdm(total=total, unit="file", desc="indexing", disable=not progress, dynamic_ncols=True)

    def walk() -> Iterator[Walked]:
        for _source, src in _walk(paths):
            bar.update(1)
            yield Walked(src.path, _hash(src.data) if src.data is not None else None,
                         len(src.data) if src.data is not None else 0, partial(read_file, src))

    writer = _writer(ix, procs, paths, (lock_fd,), fresh)
    try:
        changed = decide(plan, walk(), _Writes(writer), report)
        bar.close()
        if not changed:
            # nothing to write: no new index generation, so running servers
            # keep their searchers and lexicons instead of reopening them.
            # Files a killed build (or this writer's unused segment) left
            # behind are removed as a commit would; the build lock is held.
            writer.cancel()
            # (and a killed writer's temporary directory: a writer of its own
            # would have reused and removed it; the deferred one never opened)
            clean_leftovers(index_dir)
            return report
        commit(writer, index_dir, plan.manifest, rebuild)
    except BaseException:
        bar.close()
        abandon(writer, index_dir)
        raise
    finally:
        settle_manifest(index_dir)
    if rebuild:
        write_meta(index_dir)  # the segmenter may have changed
    return report


class _Writes:
    """The decisions (``decide.Writes``) into one index's writer."""

    def __init__(self, writer):
        self.writer = writer
        self.delete_by_term = writer.delete_by_term

    def write(self, record: int, at: int, article: Article, add: bool) -> None:
        doc = to_document(article)
        if add:
            self.writer.add_document(**doc)
        else:
            self.writer.update_document(**doc)

    def file_indexed(self) -> None:
        if isinstance(self.writer, DeferredWriter):
            self.writer.file_indexed()


class _SingleWriter(DurableCommit, ArticleWriter):
    """The one-process writer, committing durably (``durable.DurableCommit``)."""


def _writer(ix, procs: int | None, sources: Sequence[Path], lock_fds: tuple[int, ...] = (),
            fresh: bool = True):
    """A Whoosh writer; with several processes, Whoosh's MpWriter.

    Segmenting and posting are the cost of a build and both happen inside
    ``add_document``; MpWriter runs it in worker processes, each writing its
    own segment (``multisegment``: no merge at commit; later incremental
    commits merge small segments as usual). Reading and parsing files stays
    in this process and is a small share of the work. Without an explicit
    `procs`, an update of an existing index starts workers only once
    ``PARALLEL_MIN_FILES`` files turned out changed (see ``DeferredWriter``).
    """
    cores = os.cpu_count() or 1

    # not compound: a segment's files stay separate, so the substring index's
    # arrays (files of the segment too) can be memory-mapped where they are
    def single():
        writer = _SingleWriter(ix, limitmb=256, codec=ThaiCodec(), compound=False)
        use_chunked_pool(writer)
        return writer

    def parallel(n: int = cores):
        return GuardedMpWriter(ix, procs=n, multisegment=True, limitmb=192, batchsize=64,
                               lock_fds=lock_fds, codec=ThaiCodec(), compound=False)

    if procs is None:
        if cores > 1 and not fresh:
            return DeferredWriter(single, parallel, PARALLEL_MIN_FILES)
        counts = [_count(p) for p in sources]
        large = None in counts or sum(c or 0 for c in counts) >= PARALLEL_MIN_FILES
        procs = cores if large else 1
    return parallel(procs) if procs > 1 else single()
