"""Bad input end to end: every fault of tests/faults.py reported, the rest indexed.

One build over the whole fault corpus (plus the real broken dailynews files
when ../shared is there), run through the `thainews index` command as a
user runs it; then the report, the errors file, the exit status and the
index itself are checked item by item.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.index.store import open_index
from indexer.search import Searcher

from .conftest import SHARED, stored_articles
from .faults import make_fault_corpus

OUTCOME_LISTS = {"failed": "failed", "dropped": "failed", "skipped": "skipped", "flagged": "flagged"}


@pytest.fixture(scope="module")
def fault_build(tmp_path_factory):
    parent = tmp_path_factory.mktemp("fault-corpus")
    root, expects = make_fault_corpus(parent, SHARED if SHARED.exists() else None)
    index = parent / "ix"
    errors = parent / "errors.json"
    res = CliRunner().invoke(main, ["index", str(root), "--index", str(index), "--errors", str(errors),
                                    "--no-progress"])
    return {"result": res, "expects": expects, "report": json.loads(errors.read_text(encoding="utf-8")),
            "index": index}


def test_build_completes_and_exit_status_says_something_failed(fault_build):
    res = fault_build["result"]
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert res.exit_code == 1, res.output
    assert "failed: faults/text/empty.txt: empty file" in res.output


def test_every_fault_is_reported_with_its_path_and_reason(fault_build):
    report = fault_build["report"]
    problems = []
    for expect in fault_build["expects"]:
        entries = [e for e in report.get(OUTCOME_LISTS.get(expect.outcome, "none"), []) if e["path"] == expect.path]
        if expect.outcome == "ok":
            reported = [e for key in ("failed", "skipped", "flagged") for e in report[key] if e["path"] == expect.path]
            if reported:
                problems.append(f"{expect.path}: expected clean, reported {reported}")
            continue
        if expect.outcome == "dropped":
            entries = [e for e in entries if e.get("record_dropped")]
        if not any(expect.reason in e["reason"] for e in entries):
            problems.append(f"{expect.path}: expected {expect.outcome} with {expect.reason!r}, got {entries}")
    assert not problems, "\n".join(problems)


def test_nothing_is_reported_twice_or_without_a_reason(fault_build):
    report = fault_build["report"]
    failed_files = [e["path"] for e in report["failed"] if not e.get("record_dropped")]
    assert len(failed_files) == len(set(failed_files))
    assert all(e["reason"] for key in ("failed", "skipped", "flagged") for e in report[key])


def test_readable_parts_are_indexed_and_searchable(fault_build):
    searcher = Searcher(fault_build["index"])
    articles = stored_articles(fault_build["index"])
    titles = {doc["source"]: doc["title"] for doc in articles}
    by_title = {}
    for doc in articles:
        by_title.setdefault(doc["title"], []).append(doc)
    missing = [e for e in fault_build["expects"] if e.title and e.title not in by_title]
    assert not missing, missing
    # failed and skipped files gave nothing
    bad = {e.path for e in fault_build["expects"] if e.outcome in ("failed", "skipped")}
    assert not bad & set(titles)
    # the 50 MB file is searchable up to the limit; its body was cut near a million characters
    huge = next(doc for doc in by_title["ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร ไฟล์ใหญ่"])
    assert 990_000 <= len(huge["body"]) <= 1_000_000
    hits = searcher.search("ไฟล์ใหญ่")
    assert hits["total"] == 1
    # the damaged UTF-8 file kept its Thai text around the bad bytes
    assert searcher.search("ครั้งที่ 2")["total"] >= 1


def test_dates_impossible_or_future_are_left_out(fault_build):
    with open_index(fault_build["index"]).searcher() as s:
        docs = {doc["title"]: doc for doc in s.all_stored_fields()}
    assert "date" not in docs["ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร อนาคต"]
    assert "date" not in docs["ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร วันที่ผิด"]
    assert "date" not in docs["ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร วันไม่มีจริง"]
    assert docs["ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร ข่าวมีวันที่"]["date"].date().isoformat() == "2019-08-26"


@pytest.mark.corpus
def test_the_real_broken_dailynews_files(fault_build):
    if not SHARED.exists():
        pytest.skip("../shared is not here")
    failed = {e["path"]: e["reason"] for e in fault_build["report"]["failed"]}
    assert failed.get("faults/dailynews/politics/578928.json") == "empty file"
    assert failed.get("faults/dailynews/regional/578896.json") == "empty file"


def test_a_clean_corpus_exits_zero(tmp_path):
    src = tmp_path / "clean"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({"title": "ข่าวทดสอบ", "content": "เนื้อข่าว", "date": "2019-08-26"},
                                           ensure_ascii=False), encoding="utf-8")
    (src / "notes.md").write_text("not an article", encoding="utf-8")  # skipped is not a failure
    res = CliRunner().invoke(main, ["index", str(src), "--index", str(tmp_path / "ix"), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "skipped: clean/notes.md" in res.output
