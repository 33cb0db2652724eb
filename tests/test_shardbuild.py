"""A sharded build reads and parses every file once, in the task that owns it, and no article
text passes through the process that starts the tasks (issue 25, item 1).

``test_shards`` shows the sharded archive holds what one index holds; these
tests show how it gets there: ``iter_source``'s `pick` leaves other tasks'
files unread, each file (or archive member) is parsed by one read task in
the whole build, only metadata reaches the driver, archive sources update
and prune alike, and the sources changing under the read tasks stop the
build before anything is written.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import tarfile
import zipfile
from pathlib import Path

import pytest

from indexer.index import shardbuild, shardplan
from indexer.index.build import BuildReport, build_index
from indexer.index.decide import start_plan
from indexer.index.shards import shard_of
from indexer.ingest import iter_source

from .test_shards import _state, _write

BODIES = ["สะพานไม้ข้ามแม่น้ำเปิดใช้แล้ว", "ตลาดน้ำคึกคักนักท่องเที่ยวแน่น", "ประมงพื้นบ้านออกทะเลไม่ได้",
          "ชาวสวนทุเรียนยิ้มได้ราคาดี", "ถนนสายใหม่เชื่อมอำเภอ", "โรงเรียนในหมู่บ้านได้ครูเพิ่ม"]


def _record(n: int, body: str) -> bytes:
    return json.dumps({"title": f"ข่าวภูมิภาค {n}", "content": body, "category": "regional",
                       "url": f"https://www.dailynews.co.th/regional/{700000 + n}",
                       "date": "2017-06-05T03:00:00Z"}, ensure_ascii=False).encode("utf-8")


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def _mixed_source(root: Path) -> Path:
    """A directory of plain files, a .tar.gz and a .zip (their members are files too)."""
    root.mkdir()
    for n, body in enumerate(BODIES[:3]):
        (root / f"plain-{n}.json").write_bytes(_record(n, body))
    _tar(root / "packed.tar.gz", {f"news/t{n}.json": _record(10 + n, body) for n, body in enumerate(BODIES)})
    with zipfile.ZipFile(root / "zipped.zip", "w") as zf:
        for n, body in enumerate(BODIES[3:]):
            zf.writestr(f"z{n}.json", _record(20 + n, body))
    return root


def test_pick_leaves_other_tasks_files_unread_in_their_place(tmp_path):
    src = _mixed_source(tmp_path / "src")
    every = list(iter_source(src))
    for parts in (2, 3):
        for part in range(parts):
            turn = [0]

            def mine() -> bool:
                return turn[0] % parts == part  # noqa: B023 (the loop's own part, used at once)

            got = []
            for record in iter_source(src, pick=mine):
                got.append(record)
                turn[0] += 1
            assert [r.path for r in got] == [r.path for r in every]
            for i, (record, whole) in enumerate(zip(got, every)):
                assert record.data == (whole.data if i % parts == part else None), record.path


def test_each_file_is_parsed_once_and_no_text_reaches_the_driver(tmp_path, monkeypatch):
    src = _mixed_source(tmp_path / "src")
    parsed_log = tmp_path / "parsed.log"
    real_read = shardplan.read_file

    def logged(record):  # in the forked read tasks too: one line each, appended
        with open(parsed_log, "a", encoding="utf-8") as fh:
            fh.write(record.path + "\n")
        return real_read(record)

    monkeypatch.setattr(shardplan, "read_file", logged)
    through_driver: list[bytes] = []
    real_run = shardbuild._Tasks.run

    def watched(self, fn, jobs):
        results = real_run(self, fn, jobs)
        through_driver.append(pickle.dumps((jobs, results)))
        return results

    monkeypatch.setattr(shardbuild._Tasks, "run", watched)
    report = build_index([src], tmp_path / "sharded", progress=False, shards=3)
    assert report.articles == 12 and report.ok
    parsed = parsed_log.read_text(encoding="utf-8").split()
    assert sorted(parsed) == sorted(r.path for r in iter_source(src))  # every file, each once
    assert len(through_driver) == 2  # the read tasks, then the write tasks
    for body in BODIES:
        assert not any(body.encode("utf-8") in blob for blob in through_driver)
    assert not list((tmp_path / "sharded").glob(".spool-*"))  # the spool goes with the build
    build_index([src], tmp_path / "one", progress=False)
    assert _state(tmp_path / "sharded") == _state(tmp_path / "one")
    # an update reads nothing unchanged, starts no write task, and parses nothing
    parsed_log.unlink()
    again = build_index([src], tmp_path / "sharded", progress=False)
    assert again.unchanged_files == again.files and not parsed_log.exists()
    assert len(through_driver) == 3


def test_archive_members_update_and_prune_alike_across_shards(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    members = {f"news/t{n}.json": _record(n, body) for n, body in enumerate(BODIES)}
    # the same headline and body under another URL, in another shard than its twin
    twin = _record(0, BODIES[0]).replace(b"700000", b"799990")
    assert shard_of("https://www.dailynews.co.th/regional/799990", 2) != \
        shard_of("https://www.dailynews.co.th/regional/700000", 2)
    members["news/zz-twin.json"] = twin
    _tar(src / "packed.tar.gz", members)
    _write(src, "loose", "ตลาดน้ำคึกคัก", "นักท่องเที่ยวแน่นตลาดน้ำวันหยุด", "https://www.dailynews.co.th/regional/2")

    def build_both() -> tuple[dict, dict, BuildReport]:
        build_index([src], tmp_path / "one", progress=False, prune=True)
        report = build_index([src], tmp_path / "sharded", progress=False, prune=True, shards=2)
        return _state(tmp_path / "one"), _state(tmp_path / "sharded"), report

    one, sharded, report = build_both()
    assert sharded == one and one["total"] == 7 and report.duplicates == 1
    # a member edited, one gone (its twin now indexed), one added; the loose file deleted
    members["news/t1.json"] = _record(1, "ตลาดน้ำปิดปรับปรุงชั่วคราว")
    del members["news/t0.json"]
    members["news/t9.json"] = _record(9, "สะพานคอนกรีตแทนสะพานไม้")
    _tar(src / "packed.tar.gz", members)
    (src / "loose.json").unlink()
    one, sharded, report = build_both()
    assert sharded == one
    ids = [h[0] for h in one[""]]
    url = "https://www.dailynews.co.th/regional/"
    assert f"{url}700000" not in ids and f"{url}700009" in ids
    # edited, added, and the twin read again (a file was pruned: it may hold a released article);
    # t0 and the loose file's article removed
    assert (report.indexed_files, report.articles, report.duplicates, report.removed) == (3, 2, 1, 2)


def test_sources_changed_under_the_read_tasks_stop_the_build(tmp_path):
    plan = start_plan([tmp_path], {}, fresh=True, prune=False)
    parts = [{"records": {0: {"path": "a"}}, "count": 2, "names": "x"},
             {"records": {1: {"path": "b"}}, "count": 2, "names": "y"}]
    with pytest.raises(shardplan.SourcesChanged):
        shardplan.decide_shards(plan, 2, parts, BuildReport())


def test_a_killed_builds_spool_and_a_lost_shard(tmp_path, capsys):
    src = _mixed_source(tmp_path / "src")
    build_index([src], tmp_path / "one", progress=False)
    build_index([src], tmp_path / "sharded", progress=False, shards=2)
    left = tmp_path / "sharded" / ".spool-killed"
    left.mkdir()
    (left / "p0-s0.pickle").write_bytes(b"")
    # a shard lost: every shard built again, the archive whole again
    for name in os.listdir(tmp_path / "sharded" / "shard-1"):
        if name != "build.lock":
            (tmp_path / "sharded" / "shard-1" / name).unlink()
    report = build_index([src], tmp_path / "sharded", progress=False)
    assert "building every shard again" in capsys.readouterr().err
    assert report.articles == 12 and not left.exists()
    assert _state(tmp_path / "sharded") == _state(tmp_path / "one")
