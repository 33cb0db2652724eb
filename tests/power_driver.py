"""Run one index build and record what a power cut at each of its steps would leave (test helper).

    python tests/power_driver.py --index DIR --record OUT [--rebuild] SOURCE...

Every ``os.fsync``, ``os.rename``, ``os.replace``, ``os.unlink`` and
``os.remove`` the build makes is a *step*. Before each step, and once after
the build, the index directory's files are copied to ``OUT/<step>/`` with
their inode numbers; the steps themselves (which file or directory was
fsynced at what size, what was renamed or removed) go to ``OUT/steps.json``.
``tests/test_power_loss.py`` then rebuilds, for each step, what the disk
would hold had the power gone just before it: what was never fsynced is
lost (files cut to their last fsynced size, new files whose directory entry
was never fsynced gone), and renames and removals after the directory's
last fsync are undone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
from pathlib import Path

import indexer.index.build as build

_real = {name: getattr(os, name) for name in ("fsync", "rename", "replace", "unlink", "remove")}


class Recorder:
    def __init__(self, index: Path, out: Path):
        self.index, self.out = index.resolve(), out
        self.steps: list[dict] = []

    def snapshot(self) -> None:
        """The index directory's files as they are now (before step len(self.steps))."""
        target = self.out / str(len(self.steps))
        target.mkdir(parents=True)
        inodes = {}
        for entry in os.scandir(self.index):
            if entry.is_file(follow_symlinks=False):
                inodes[entry.name] = entry.inode()
                shutil.copyfile(entry.path, target / entry.name)
        (target / ".inodes.json").write_text(json.dumps(inodes))

    def mine(self, path) -> bool:
        try:
            return Path(os.fspath(path)).resolve().parent == self.index or Path(os.fspath(path)).resolve() == self.index
        except (OSError, TypeError):
            return False

    def step(self, info: dict) -> None:
        self.snapshot()
        self.steps.append(info)

    def install(self) -> None:
        def fsync(fd):
            path = os.readlink(f"/proc/self/fd/{fd}")
            if self.mine(path):
                st = os.fstat(fd)
                self.step({"op": "dirsync" if stat.S_ISDIR(st.st_mode) else "fsync", "name": Path(path).name,
                           "inode": st.st_ino, "size": st.st_size})
            return _real["fsync"](fd)

        def mover(kind):
            def move(src, dst, *args, **kwargs):
                if self.mine(src) or self.mine(dst):
                    self.step({"op": "rename", "src": Path(os.fspath(src)).name, "dst": Path(os.fspath(dst)).name})
                return _real[kind](src, dst, *args, **kwargs)
            return move

        def remover(kind):
            def remove(path, *args, **kwargs):
                if self.mine(path) and os.path.isfile(path):
                    self.step({"op": "remove", "name": Path(os.fspath(path)).name})
                return _real[kind](path, *args, **kwargs)
            return remove

        os.fsync = fsync
        os.rename, os.replace = mover("rename"), mover("replace")
        os.unlink, os.remove = remover("unlink"), remover("remove")

    def finish(self) -> None:
        self.snapshot()
        (self.out / "steps.json").write_text(json.dumps(self.steps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--index", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    recorder = Recorder(Path(args.index), Path(args.record))
    # the files there before the build: durable (a finished build wrote them)
    Path(args.record).mkdir(parents=True, exist_ok=True)
    (Path(args.record) / "start.json").write_text(json.dumps(
        [e.inode() for e in os.scandir(args.index) if e.is_file(follow_symlinks=False)]))
    recorder.install()
    report = build.build_index(args.sources, args.index, rebuild=args.rebuild, procs=1, progress=False)
    recorder.finish()
    print(report.summary(), flush=True)


if __name__ == "__main__":
    main()
