"""Run one index build and SIGKILL it at a chosen point (test helper, not a test).

    python tests/crash_driver.py --index DIR --kill POINT [--procs N] [--rebuild] SOURCE...

The hooks live here, not in the production code: this script monkeypatches
Whoosh and thainews functions so that the process kills itself with SIGKILL
(no cleanup, no ``finally``, no atexit) at an exact, repeatable moment. It
writes ``KILL <point>`` to stderr just before, so a test can tell where it
died. Points:

``read:N``      parsing the Nth file read (documents of earlier files are in
                the writer or, with procs > 1, in worker processes)
``textindex``   a segment's substring index half written (its text and
                suffix array on disk, the rest not); with procs > 1 in the
                *workers*
``assemble``    a segment's files are all written, the segment not yet
                finished; with procs > 1 this runs in the *workers*
``precommit``   every new segment is complete, the TOC not yet written
``toc``         the new TOC is written to its temporary name, not renamed
``clean``       the new TOC is in place (committed); old files not cleaned,
                the staged manifest not adopted
``adopt``       the commit is done; killed as the build adopts the manifest
``create``      a new index's empty TOC is written, its thainews.json not yet
``none``        no hook: for killing the build from outside
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from whoosh.writing import SegmentWriter

import indexer.index.build as build
from indexer.index import durable, store, textwriter

POINTS = ("read", "textindex", "assemble", "precommit", "toc", "clean", "adopt", "create", "none")


def die(point: str) -> None:
    print(f"KILL {point} pid={os.getpid()}", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str) -> None:
    """Patch the function where `point` is, so that reaching it kills this process."""
    name, _, arg = point.partition(":")
    if name == "read":
        calls, target, read_file = [0], int(arg or 1), build.read_file

        def read(src):
            calls[0] += 1
            if calls[0] == target:
                die(point)
            return read_file(src)

        build.read_file = read
    elif name == "textindex":
        save = textwriter.TextWriter._save_chunked

        def half_saved(self, kind, *args):
            if kind == "sadoc":
                die(point)
            return save(self, kind, *args)

        textwriter.TextWriter._save_chunked = half_saved
    elif name == "assemble":
        SegmentWriter._assemble_segment = lambda self: die(point)
    elif name == "precommit":
        durable.DurableCommit._commit_toc = lambda self, segments: die(point)
    elif name == "toc":
        # the commit renames its TOC through durable._SyncedRename (fsyncs around the rename)
        rename = durable._SyncedRename.rename_file

        def rename_file(self, frm, to, safe=False):
            if to.endswith(".toc"):
                die(point)
            return rename(self, frm, to, safe)

        durable._SyncedRename.rename_file = rename_file
    elif name == "clean":
        clean = durable.clean_generations

        def clean_generations(*args):
            # the commit's clean (a build also cleans a killed build's leftovers when it starts)
            if sys._getframe(1).f_code.co_name == "_commit_toc":
                die(point)
            return clean(*args)

        durable.clean_generations = clean_generations
    elif name == "adopt":
        settle = store.settle_manifest

        def settle_manifest(index_dir):
            pending = durable.read_json(Path(index_dir) / store.PENDING)
            if pending is not None and store._committed(Path(index_dir), pending):
                die(point)
            return settle(index_dir)

        build.settle_manifest = settle_manifest
    elif name == "create":
        store.write_meta = lambda index_dir: die(point)
    elif name != "none":
        raise SystemExit(f"unknown kill point {point!r}; one of {', '.join(POINTS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--index", required=True)
    parser.add_argument("--kill", required=True,
                        help="read:N, textindex, assemble, precommit, toc, clean, adopt, create, none")
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    arm(args.kill)
    print(f"START pid={os.getpid()}", file=sys.stderr, flush=True)
    report = build.build_index(args.sources, args.index, rebuild=args.rebuild, procs=args.procs, progress=False)
    print(report.summary(), flush=True)


if __name__ == "__main__":
    main()
