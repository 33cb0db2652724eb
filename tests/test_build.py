"""Tests for indexer.index.build: counts, duplicates, incremental rebuilds, prune, error reports.

Sources are real files and archives in tmp_path; the index is a real Whoosh
index searched with indexer.search.Searcher. Tests marked ``corpus`` index
the shared corpora at ../shared and skip when it is absent.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

import indexer.index.build as build_module
from indexer.index.build import BuildReport, build_index
from indexer.index.store import read_manifest, write_manifest
from indexer.search import Searcher
from indexer.thai.dates import find_dates

from .conftest import stored_articles

D = datetime.date
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_a5a97db9e4167df2.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "corpora"


# ---------------------------------------------------------------- helpers

def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def article(title: str, body: str, when: str = "26 ส.ค. 62") -> str:
    """A generic text article: headline, date line, body."""
    return f"{title}\n{when}\n{body}\n"


def news_json(url: str, title: str, content: str, date: str = "2017-06-03T22:04:06.688Z") -> str:
    return json.dumps({"id": url.rsplit("/", 1)[-1], "title": f"{title} | เดลินิวส์", "description": content[:40],
                       "keywords": "ข่าว", "category": "politics", "content": f"<p>{content}</p>",
                       "url": url, "date": date}, ensure_ascii=False)


def build(sources, index_dir: Path, **kwargs) -> BuildReport:
    return build_index([str(s) for s in sources], index_dir, progress=False, **kwargs)


def stored(index_dir: Path) -> dict[str, dict]:
    """Every stored document of the index (its body too), by id."""
    return {doc["id"]: doc for doc in stored_articles(index_dir)}


def hits(index_dir: Path, q: str) -> list[str]:
    searcher = Searcher(index_dir)
    try:
        return [hit["id"] for hit in searcher.search(q, size=100)["hits"]]
    finally:
        searcher.close()


def make_zip(path: Path, members: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


def make_tar(path: Path, members: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tf:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


RELEASE = (
    "1.1\n\nผวจ.สงขลา ตรวจเยี่ยมผู้ประสบอุทกภัยอำเภอหาดใหญ่\n\n"
    "วันนี้ (2 ก.ย. 62) ผู้ว่าราชการจังหวัดสงขลาลงพื้นที่มอบถุงยังชีพแก่ผู้ประสบอุทกภัย\n\n"
    "ศิริลักษณ์ แคล้วคลาด /ข่าว\nประชา-อมลรดา/ภาพ\nสำนักงานประชาสัมพันธ์จังหวัดสงขลา\n2 ก.ย. 62\n\n"
    "1.2\n\nจังหวัดสงขลาจัดงานวันเกษตรภาคใต้\n\n"
    "มหาวิทยาลัยสงขลานครินทร์ร่วมกับจังหวัดจัดงานวันเกษตรภาคใต้ เผยแพร่เทคโนโลยีการเกษตร\n\n"
    "สมศรี ใจดี /ข่าว\nอนุชา/ภาพ\nสำนักงานประชาสัมพันธ์จังหวัดสงขลา\n3 ก.ย. 62\n\n"
    "1.3\n\nปลัดจังหวัดสงขลาประชุมคณะกรรมการป้องกันยาเสพติด\n\n"
    "ปลัดจังหวัดสงขลาเป็นประธานการประชุมคณะกรรมการป้องกันและปราบปรามยาเสพติด\n\n"
    "มานพ รักษ์ถิ่น /ข่าว\nวิภาวดี/ภาพ\nศูนย์ข่าวจังหวัดสงขลา\n4 ก.ย. 62\n"
)

THAIGOV = (
    "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกรัฐมนตรีมอบนโยบายฟื้นฟูเศรษฐกิจ\n\n"
    "วันพุธที่ 10 มิถุนายน 2563\n10/06/2563\nพิมพ์\n"
    "นายกรัฐมนตรีประชุมร่วมกับผู้แทนภาคเอกชนเพื่อวางแนวทางฟื้นฟูเศรษฐกิจฐานราก\n\n"
    "ที่มา : https://www.thaigov.go.th/news/contents/details/32177\n"
)


@pytest.fixture()
def mixed(tmp_path) -> Path:
    """A directory of every kind of file, good and bad."""
    src = tmp_path / "news"
    write(src / "seed" / SEED.name, SEED.read_bytes())
    write(src / "releases" / "songkhla.txt", RELEASE)
    write(src / "thaigov" / "2023" / "03" / "23" / "ด้านเศรษฐกิจ_2_8d4609cb-a7e6-44e4-a30c-bd775b641de0.txt",
          THAIGOV, "utf-8-sig")
    write(src / "dailynews" / "politics" / "577001.json",
          news_json("https://www.dailynews.co.th/politics/577001", "ครม.ไฟเขียวงบกลางช่วยเกษตรกรภัยแล้ง",
                    "ที่ประชุมคณะรัฐมนตรีอนุมัติงบกลางช่วยเหลือเกษตรกร"))
    write(src / "feed.jsonl",
          json.dumps({"headline": "ฝนถล่มกรุงเทพฯ น้ำท่วมขังหลายจุด", "text": "กรมอุตุนิยมวิทยาเตือนฝนตกหนัก"},
                     ensure_ascii=False) + "\n"
          + '{"headline": "ข่าวที่ถูกตัดกลางทาง", "text": "เนื้อ\n'
          + json.dumps({"title": "ราคาทองคำปรับขึ้น", "body": "สมาคมค้าทองคำประกาศราคาทองคำวันนี้"},
                       ensure_ascii=False) + "\n")
    write(src / "tis620.txt", article("ข่าวภาษาไทยรหัสเก่า", "เนื้อข่าวที่บันทึกด้วยรหัสอักขระทีไอเอส"), "tis-620")
    make_zip(src / "batch.zip", {"2019/a.txt": article("ข่าวในซิปฉบับแรก", "รายละเอียดข่าวในซิปฉบับแรก"),
                                 "2019/b.txt": article("ข่าวในซิปฉบับสอง", "รายละเอียดข่าวในซิปฉบับสอง")})
    write(src / "broken.json", '{"title": "ข่าวด่วน", "content": "ฝนตกหนัก')
    write(src / "empty.txt", "")
    write(src / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    write(src / "damaged.tar.gz", make_tar(tmp_path / "whole.tar.gz",
                                           {f"{n}.txt": article(f"ข่าวคลังเสีย {n}", "ข้อความยาว " * 500 + str(n))
                                            for n in range(5)}).read_bytes()[:20])
    write(src / "logo.png", b"\x89PNG\r\n\x1a\n")
    write(src / ".hidden.txt", article("ข่าวซ่อน", "ไม่ควรถูกอ่าน"))
    write(src / ".git" / "x.txt", article("ข่าวในโฟลเดอร์ซ่อน", "ไม่ควรถูกอ่าน"))
    return src


# ---------------------------------------------------------------- one build

def test_build_counts(mixed, tmp_path):
    ix = tmp_path / "ix"
    errors = tmp_path / "errors.json"
    report = build([mixed], ix, errors_path=errors)
    # seed 1 + release 3 + thaigov 1 + dailynews 1 + jsonl 2 + tis620 1 + zip 2
    assert report.articles == 11
    assert report.indexed_files == 8  # seed, release, thaigov, json, jsonl, tis620, 2 zip members
    assert report.failed_files == 4  # broken.json, empty.txt, binary.txt, damaged.tar.gz
    assert report.skipped_files == 1  # logo.png
    assert report.unchanged_files == 0
    assert report.duplicates == 0
    assert report.files == 13  # hidden files are not walked
    assert report.removed == 0
    docs = stored(ix)
    assert len(docs) == 11
    assert {"https://www.thaigov.go.th/news/contents/details/32177", "https://www.dailynews.co.th/politics/577001",
            f"news/seed/{SEED.name}#1", "news/releases/songkhla.txt#3", "news/feed.jsonl#3",
            "news/batch.zip/2019/a.txt#1", "news/tis620.txt#1"} <= set(docs)
    assert not any("ซ่อน" in doc["title"] for doc in docs.values())


def test_build_stores_fields(mixed, tmp_path):
    ix = tmp_path / "ix"
    build([mixed], ix)
    docs = stored(ix)
    seed = docs[f"news/seed/{SEED.name}#1"]
    assert seed["title"].startswith("ผวจ.สงขลา เปิดโครงการประชุมเชิงปฏิบัติการ")
    assert seed["date"].date() == D(2019, 8, 26)
    assert (seed["item"], seed["reporter"], seed["photographer"], seed["office"]) == (
        "1.1", "ศิริลักษณ์ แคล้วคลาด", "ประชา-อมลรดา", "สำนักงานประชาสัมพันธ์จังหวัดสงขลา")
    assert "url" not in seed
    gov = docs["https://www.thaigov.go.th/news/contents/details/32177"]
    assert gov["title"] == "นายกรัฐมนตรีมอบนโยบายฟื้นฟูเศรษฐกิจ"
    assert gov["date"].date() == D(2020, 6, 10)
    assert gov["category"] == "ด้านเศรษฐกิจ"
    dn = docs["https://www.dailynews.co.th/politics/577001"]
    assert dn["title"] == "ครม.ไฟเขียวงบกลางช่วยเกษตรกรภัยแล้ง"
    assert dn["date"].date() == D(2017, 6, 4)
    assert "<p>" not in dn["body"]
    assert [docs[f"news/releases/songkhla.txt#{n}"]["date"].date() for n in (1, 2, 3)] == [
        D(2019, 9, 2), D(2019, 9, 3), D(2019, 9, 4)]
    assert hits(ix, "ถุงยังชีพ") == ["news/releases/songkhla.txt#1"]
    assert hits(ix, "รหัสอักขระ") == ["news/tis620.txt#1"]


def test_errors_json(mixed, tmp_path):
    ix = tmp_path / "ix"
    errors = tmp_path / "out" / "errors.json"
    errors.parent.mkdir()
    report = build([mixed], ix, errors_path=errors)
    data = json.loads(errors.read_text(encoding="utf-8"))
    failed = {e["path"]: e for e in data["failed"] if not e.get("record_dropped")}
    assert set(failed) == {"news/broken.json", "news/empty.txt", "news/binary.txt", "news/damaged.tar.gz"}
    assert all(e["reason"] for e in failed.values())
    assert "JSON" in failed["news/broken.json"]["reason"]
    assert "empty" in failed["news/empty.txt"]["reason"]
    assert "damaged archive" in failed["news/damaged.tar.gz"]["reason"]
    dropped = [e for e in data["failed"] if e.get("record_dropped")]
    assert [e["path"] for e in dropped] == ["news/feed.jsonl"]
    assert dropped[0]["reason"].startswith("line 2")
    assert [e["path"] for e in data["skipped"]] == ["news/logo.png"]
    assert data["failed"] == report.errors
    # Thai is written as Thai, not \u escapes
    assert "\\u0e" not in errors.read_text(encoding="utf-8")


def test_bad_files_never_stop_the_build(tmp_path):
    src = tmp_path / "src"
    for n in range(3):
        write(src / f"{n}_bad.json", "{" * (n + 1))
        write(src / f"{n}_good.txt", article(f"ข่าวดีลำดับที่ {n}", f"เนื้อหาข่าวดีลำดับที่ {n} ครบถ้วน"))
    write(src / "3_binary.csv", bytes(range(256)) * 10)
    write(src / "4_nocolumns.csv", "ชื่อ,จังหวัด\nสมชาย,สงขลา\n")
    zip_bytes = make_zip(tmp_path / "z.zip", {"a.txt": article("ข่าวในซิป", "ข้อความ " * 300)}).read_bytes()
    write(src / "5_truncated.zip", zip_bytes[: len(zip_bytes) // 2])
    report = build([src], tmp_path / "ix")
    assert report.indexed_files == 3 and report.articles == 3
    assert report.failed_files == 6
    assert sorted(e["path"] for e in report.errors) == sorted(
        [f"src/{n}_bad.json" for n in range(3)] + ["src/3_binary.csv", "src/4_nocolumns.csv", "src/5_truncated.zip"])
    assert len(stored(tmp_path / "ix")) == 3


# ---------------------------------------------------------------- duplicates

def test_same_url_in_two_files_is_indexed_once(tmp_path):
    src = tmp_path / "src"
    url = "https://www.dailynews.co.th/politics/577001"
    write(src / "a" / "577001.json", news_json(url, "ครม.ไฟเขียวงบกลาง", "ฉบับแรกของข่าวงบกลางภัยแล้ง"))
    write(src / "b" / "577001.json", news_json(url, "ครม.ไฟเขียวงบกลาง (แก้ไข)", "ฉบับแก้ไขของข่าวงบกลางภัยแล้ง"))
    ix = tmp_path / "ix"
    report = build([src], ix)
    assert (report.articles, report.duplicates, report.indexed_files) == (1, 1, 2)
    docs = stored(ix)
    assert list(docs) == [url]
    assert docs[url]["source"] == "src/a/577001.json"  # the first one walked wins
    assert "ฉบับแรก" in docs[url]["body"]
    # a rerun does not count them again, nor swap the owner
    again = build([src], ix)
    assert (again.articles, again.duplicates, again.unchanged_files) == (0, 0, 2)
    assert stored(ix)[url]["source"] == "src/a/577001.json"


def test_same_url_across_sources_and_within_a_file(tmp_path):
    url = "https://example.go.th/news/9"
    one = write(tmp_path / "one.jsonl", "\n".join(
        json.dumps({"title": t, "content": c, "url": url}, ensure_ascii=False)
        for t, c in (("ข่าวเดียวกัน", "เนื้อหาแรก"), ("ข่าวเดียวกันซ้ำ", "เนื้อหาซ้ำในไฟล์เดียวกัน"))))
    two = write(tmp_path / "two.json", json.dumps({"title": "ข่าวเดียวกันอีกที่", "content": "เนื้อหาจากแหล่งอื่น",
                                                   "url": url}, ensure_ascii=False))
    report = build([one, two], tmp_path / "ix")
    assert (report.articles, report.duplicates) == (1, 2)
    assert stored(tmp_path / "ix")[url]["title"] == "ข่าวเดียวกัน"


def test_same_title_and_body_is_indexed_once(tmp_path):
    src = tmp_path / "src"
    text = article("ผู้ว่าฯ สงขลาเปิดงานกาชาด ประจำปี 2562", "ประชาชนร่วมงานกาชาดจังหวัดสงขลาอย่างคึกคัก")
    write(src / "a.txt", text)
    # a re-scrape that only re-wrapped the lines is still the same article
    write(src / "copies" / "b.txt", text.replace("ประชาชนร่วมงาน", "ประชาชน\nร่วมงาน").replace("\n", "\r\n"))
    write(src / "c.txt", article("ผู้ว่าฯ สงขลาเปิดงานกาชาด ประจำปี 2562", "ข่าวอีกฉบับที่มีเนื้อหาต่างกัน"))
    ix = tmp_path / "ix"
    report = build([src], ix)
    assert (report.articles, report.duplicates) == (2, 1)
    assert set(stored(ix)) == {"src/a.txt#1", "src/c.txt#1"}
    assert hits(ix, "คึกคัก") == ["src/a.txt#1"]


# ---------------------------------------------------------------- incremental

@pytest.fixture()
def small(tmp_path) -> Path:
    src = tmp_path / "src"
    write(src / "market.txt", article("ตลาดน้ำดำเนินสะดวกคึกคัก", "นักท่องเที่ยวแห่ซื้อทุเรียนหมอนทองจากเรือแม่ค้า"))
    write(src / "rain.txt", article("กรมอุตุฯ เตือนฝนตกหนักภาคใต้", "ประชาชนริมน้ำระวังน้ำป่าไหลหลาก"))
    write(src / "gold.json", json.dumps({"title": "ราคาทองคำวันนี้ปรับขึ้น", "content": "สมาคมค้าทองคำประกาศราคา",
                                         "url": "https://example.go.th/gold/1"}, ensure_ascii=False))
    write(src / "releases" / "songkhla.txt", RELEASE)
    return src


def test_result_lines_read_url_and_source_for_every_article(small, tmp_path):
    """Lists of articles read url and source from Whoosh columns: after an update
    (a new segment whose one article has no url) every article still gets its own,
    in results, article pages and similar articles."""
    ix = tmp_path / "ix"
    build([small], ix)
    write(small / "market.txt", article("ตลาดน้ำดำเนินสะดวกคึกคัก", "นักท่องเที่ยวแห่ซื้อมังคุดจากเรือแม่ค้า"))
    build([small], ix)
    searcher = Searcher(ix)
    try:
        lines = {h["id"]: h for h in searcher.search("", size=20)["hits"]}
        assert len(lines) == 6 and {h["url"] for h in lines.values()} == {"https://example.go.th/gold/1", None}
        assert lines["https://example.go.th/gold/1"]["source"] == "src/gold.json"
        market = lines["src/market.txt#1"]
        assert (market["title"], market["source"], market["date"]) == \
            ("ตลาดน้ำดำเนินสะดวกคึกคัก", "src/market.txt", "2019-08-26")
        for line in lines.values():
            page = searcher.article(line["id"])
            assert (page["url"], page["source"], page["title"], page["date"]) == \
                (line["url"], line["source"], line["title"], line["date"])
        for similar in searcher.similar("src/market.txt#1"):
            assert similar == {key: value for key, value in lines[similar["id"]].items() if key in similar}
    finally:
        searcher.close()


def test_rerun_unchanged_reads_nothing(small, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    first = build([small], ix)
    assert (first.indexed_files, first.articles) == (4, 6)
    before = stored(ix)
    # Count the parses of the real reader: an unchanged file must not be parsed.
    calls: list[str] = []
    real = build_module.read_file
    monkeypatch.setattr(build_module, "read_file", lambda src: calls.append(src.path) or real(src))
    for path in small.rglob("*.txt"):  # a new mtime is not a change
        path.touch()
    again = build([small], ix)
    assert calls == []
    assert (again.files, again.unchanged_files) == (4, 4)
    assert (again.indexed_files, again.articles, again.duplicates, again.removed) == (0, 0, 0, 0)
    assert (again.failed_files, again.skipped_files, again.errors) == (0, 0, [])
    assert stored(ix) == before


def test_rebuild_reads_everything_again(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    again = build([small], ix, rebuild=True)
    assert (again.indexed_files, again.unchanged_files, again.articles, again.duplicates) == (4, 0, 6, 0)
    assert len(stored(ix)) == 6


def test_new_reader_version_reads_everything_again(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    manifest = read_manifest(ix)
    manifest["reader_version"] = -1
    write_manifest(ix, manifest)
    again = build([small], ix)
    assert (again.indexed_files, again.unchanged_files, again.articles, again.duplicates) == (4, 0, 6, 0)
    assert len(stored(ix)) == 6


def test_changed_file_replaces_its_article(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    assert hits(ix, "ทุเรียน") == ["src/market.txt#1"]
    assert hits(ix, "มังคุด") == []
    write(small / "market.txt", article("ตลาดน้ำดำเนินสะดวกคึกคัก", "นักท่องเที่ยวแห่ซื้อมังคุดจากเรือแม่ค้า"))
    report = build([small], ix)
    assert (report.indexed_files, report.unchanged_files, report.articles) == (1, 3, 1)
    assert report.duplicates == 0 and report.removed == 0
    assert hits(ix, "มังคุด") == ["src/market.txt#1"]
    assert hits(ix, "ทุเรียน") == []
    assert len(stored(ix)) == 6


def test_changed_url_removes_the_old_article(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    write(small / "gold.json", json.dumps({"title": "ราคาทองคำวันนี้ปรับลง", "content": "สมาคมค้าทองคำประกาศราคาใหม่",
                                           "url": "https://example.go.th/gold/2"}, ensure_ascii=False))
    report = build([small], ix)
    assert (report.indexed_files, report.articles, report.removed) == (1, 1, 1)
    docs = stored(ix)
    assert "https://example.go.th/gold/2" in docs and "https://example.go.th/gold/1" not in docs


def test_release_losing_an_item_removes_it(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    shorter = RELEASE[: RELEASE.index("1.3\n")]
    write(small / "releases" / "songkhla.txt", shorter)
    report = build([small], ix)
    assert (report.indexed_files, report.articles, report.removed) == (1, 2, 1)
    assert hits(ix, "ยาเสพติด") == []
    assert {i for i in stored(ix) if "songkhla" in i} == {"src/releases/songkhla.txt#1", "src/releases/songkhla.txt#2"}


def test_file_that_turns_broken_keeps_its_articles(small, tmp_path):
    ix = tmp_path / "ix"
    errors = tmp_path / "errors.json"
    build([small], ix)
    write(small / "gold.json", '{"title": "ราคาทองคำ", "content": ')
    write(small / "market.txt", b"\x00\x01\x02" * 100)
    report = build([small], ix, errors_path=errors)
    assert (report.failed_files, report.unchanged_files, report.indexed_files, report.removed) == (2, 2, 0, 0)
    assert sorted(e["path"] for e in json.loads(errors.read_text(encoding="utf-8"))["failed"]) == [
        "src/gold.json", "src/market.txt"]
    docs = stored(ix)
    assert "https://example.go.th/gold/1" in docs and "src/market.txt#1" in docs
    assert hits(ix, "ทุเรียน") == ["src/market.txt#1"]
    # still reported on the next build, and still kept, even with prune
    again = build([small], ix, prune=True)
    assert (again.failed_files, again.removed) == (2, 0)
    assert len(stored(ix)) == 6
    # mended: read again and replaced
    write(small / "market.txt", article("ตลาดน้ำดำเนินสะดวกคึกคัก", "นักท่องเที่ยวแห่ซื้อมังคุดจากเรือแม่ค้า"))
    mended = build([small], ix)
    assert (mended.failed_files, mended.indexed_files) == (1, 1)
    assert hits(ix, "มังคุด") == ["src/market.txt#1"] and hits(ix, "ทุเรียน") == []


def test_prune_removes_articles_of_deleted_files(small, tmp_path):
    ix = tmp_path / "ix"
    build([small], ix)
    (small / "market.txt").unlink()
    (small / "releases" / "songkhla.txt").unlink()
    kept = build([small], ix)  # without prune nothing is removed
    assert (kept.removed, kept.unchanged_files) == (0, 2)
    assert hits(ix, "ทุเรียน") == ["src/market.txt#1"]
    pruned = build([small], ix, prune=True)
    assert (pruned.removed, pruned.unchanged_files, pruned.indexed_files) == (4, 2, 0)
    assert set(stored(ix)) == {"src/rain.txt#1", "https://example.go.th/gold/1"}
    assert hits(ix, "ทุเรียน") == []
    assert set(read_manifest(ix)["files"]) == {"src/rain.txt", "src/gold.json"}
    # a file that comes back is indexed again
    write(small / "market.txt", article("ตลาดน้ำดำเนินสะดวกคึกคัก", "นักท่องเที่ยวแห่ซื้อทุเรียนหมอนทองจากเรือแม่ค้า"))
    back = build([small], ix, prune=True)
    assert (back.indexed_files, back.articles, back.duplicates) == (1, 1, 0)
    assert hits(ix, "ทุเรียน") == ["src/market.txt#1"]


def test_a_renamed_file_keeps_its_articles_when_its_old_name_is_pruned(small, tmp_path):
    # the newsroom reorganises its folders: articles with their own URL stay
    # searchable under their new file names, whatever order the walk meets them
    ix = tmp_path / "ix"
    write(small / "m" / "fish.json", json.dumps({"title": "ราคาปลาทูพุ่ง", "content": "แม่ค้าตลาดสดบ่นปลาทูแพง",
                                                 "url": "https://example.go.th/fish/1"}, ensure_ascii=False))
    build([small], ix)
    before = set(stored(ix))
    (small / "gold.json").rename(small / "a-gold.json")  # read before where it was
    (small / "m" / "fish.json").rename(small / "z-fish.json")  # read after
    (small / "market.txt").rename(small / "b-market.txt")  # no URL: its id is its file's
    report = build([small], ix, prune=True)
    assert report.removed == 1  # src/market.txt#1, now src/b-market.txt#1
    assert set(stored(ix)) == before - {"src/market.txt#1"} | {"src/b-market.txt#1"}
    assert hits(ix, "ทองคำ") == ["https://example.go.th/gold/1"]
    assert hits(ix, "ปลาทู") == ["https://example.go.th/fish/1"]
    assert hits(ix, "ทุเรียน") == ["src/b-market.txt#1"]
    assert not {"src/gold.json", "src/m/fish.json", "src/market.txt"} & set(read_manifest(ix)["files"])
    # a copy of an article (same URL) in another file keeps it when the first file goes
    write(small / "gold-copy.json", (small / "a-gold.json").read_text(encoding="utf-8"))
    assert build([small], ix).duplicates == 1
    (small / "a-gold.json").unlink()
    moved = build([small], ix, prune=True)
    assert moved.removed == 0 and hits(ix, "ทองคำ") == ["https://example.go.th/gold/1"]
    # and once no file holds an article, it goes
    (small / "gold-copy.json").unlink()
    gone = build([small], ix, prune=True)
    assert gone.removed == 1 and hits(ix, "ทองคำ") == []


def test_prune_leaves_sources_not_walked_alone(tmp_path):
    a = write(tmp_path / "a" / "one.txt", article("ข่าวแหล่งเอ", "เนื้อหาจากแหล่งข่าวเอ")).parent
    b = write(tmp_path / "b" / "two.txt", article("ข่าวแหล่งบี", "เนื้อหาจากแหล่งข่าวบี")).parent
    ix = tmp_path / "ix"
    build([a, b], ix)
    report = build([a], ix, prune=True)
    assert report.removed == 0
    assert set(stored(ix)) == {"a/one.txt#1", "b/two.txt#1"}


def test_archive_members_incremental_and_pruned(tmp_path):
    src = tmp_path / "src"
    make_zip(src / "batch.zip", {"a.txt": article("ข่าวซิปเอ", "เนื้อหาซิปเอเรื่องทุเรียน"),
                                 "b.txt": article("ข่าวซิปบี", "เนื้อหาซิปบีเรื่องมังคุด")})
    ix = tmp_path / "ix"
    assert build([src], ix).articles == 2
    assert build([src], ix).unchanged_files == 2
    make_zip(src / "batch.zip", {"a.txt": article("ข่าวซิปเอ", "เนื้อหาซิปเอเรื่องเงาะ")})
    report = build([src], ix, prune=True)
    assert (report.indexed_files, report.removed) == (1, 1)
    assert set(stored(ix)) == {"src/batch.zip/a.txt#1"}
    assert hits(ix, "เงาะ") == ["src/batch.zip/a.txt#1"] and hits(ix, "มังคุด") == []


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_damaged_archive_keeps_old_articles_even_with_prune(tmp_path, kind):
    src = tmp_path / "src"
    members = {f"{n}.txt": article(f"ข่าวในคลังลำดับที่ {n}", f"เนื้อหาข่าวในคลัง {n} " + "ยาว " * 400)
               for n in range(4)}
    maker = make_zip if kind == "zip" else make_tar
    archive = maker(src / f"batch.{kind}", members)
    write(src / "loose.txt", article("ข่าวนอกคลัง", "เนื้อหาข่าวนอกคลัง"))
    ix = tmp_path / "ix"
    assert build([src], ix).articles == 5
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    report = build([src], ix, prune=True)
    assert f"src/batch.{kind}" in [e["path"] for e in report.errors]
    assert report.removed == 0
    assert len(stored(ix)) == 5


def test_tar_source_given_directly(tmp_path):
    archive = make_tar(tmp_path / "dump.tar.gz", {"news/a.txt": article("ข่าวทาร์เอ", "เนื้อหาทาร์เอ"),
                                                  "news/b.json": news_json("https://e.th/b", "ข่าวทาร์บี", "เนื้อหา")})
    ix = tmp_path / "ix"
    report = build([archive], ix)
    assert (report.indexed_files, report.articles) == (2, 2)
    assert set(stored(ix)) == {"dump.tar.gz/news/a.txt#1", "https://e.th/b"}
    assert build([archive], ix).unchanged_files == 2


def test_missing_source_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        build([tmp_path / "nowhere"], tmp_path / "ix")


# ---------------------------------------------------------------- shared corpora

_LONG_DATE_LINE = re.compile(r"^วัน\S*ที่\s*\d{1,2}\s+\S+\s+\d{4}$")


def _corpus(name: str) -> Path:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} not found (../shared is absent)")
    return path


@pytest.fixture(scope="module")
def thaigov_sample(tmp_path_factory):
    source = _corpus("thaigov-sample")
    ix = tmp_path_factory.mktemp("thaigov_ix")
    return source, build([source], ix), stored(ix)


@pytest.fixture(scope="module")
def dailynews(tmp_path_factory):
    source = _corpus("dailynews-2017.tar.gz")
    ix = tmp_path_factory.mktemp("dailynews_ix")
    return build([source], ix), stored(ix)


@pytest.mark.corpus
def test_thaigov_sample_indexes_every_file(thaigov_sample):
    _, report, docs = thaigov_sample
    assert report.files == 613
    assert (report.failed_files, report.skipped_files) == (0, 0), report.errors
    assert report.indexed_files == 613
    assert report.articles + report.duplicates == 613
    assert len(docs) == report.articles
    assert all(doc["title"] for doc in docs.values())
    # one page in the sample is only its headline, repeated
    assert sum(1 for doc in docs.values() if not doc["body"]) <= 0.01 * len(docs)
    assert not any(doc["title"].startswith("รัฐบาลไทย") for doc in docs.values())


@pytest.mark.corpus
def test_thaigov_sample_dates(thaigov_sample):
    source, _, docs = thaigov_sample
    dated = [doc for doc in docs.values() if doc.get("date")]
    assert len(dated) >= 0.99 * len(docs)
    compared = 0
    wrong = []
    for doc in docs.values():
        path = source.parent / doc["source"]
        lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        header = [line for line in lines[1:6] if _LONG_DATE_LINE.match(line)]
        if not header:
            continue
        expected = find_dates(header[0])[0][0]
        compared += 1
        got = doc["date"].date() if doc.get("date") else None
        if got != expected:
            wrong.append((doc["source"], header[0], got))
    assert compared >= 0.95 * len(docs)
    assert wrong == []


@pytest.mark.corpus
def test_thaigov_sample_folder_date_is_not_the_date(thaigov_sample):
    _, _, docs = thaigov_sample
    folder = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
    checked = differs = 0
    for doc in docs.values():
        m = folder.search(doc["source"])
        if m and doc.get("date"):
            checked += 1
            differs += doc["date"].date() != D(*map(int, m.groups()))
        if doc.get("url"):
            assert doc["id"] == doc["url"] and "thaigov.go.th" in doc["url"]
    assert checked > 100 and differs > 0


@pytest.mark.corpus
def test_dailynews_corpus(dailynews):
    report, docs = dailynews
    assert report.files == 2359
    assert report.failed_files == 2
    failed = sorted(e["path"] for e in report.errors)
    assert len(failed) == 2
    assert failed[0].endswith("/politics/578928.json") and failed[1].endswith("/regional/578896.json")
    assert all(e["path"].startswith("dailynews-2017.tar.gz/") for e in report.errors)
    assert report.skipped_files == 0
    assert report.indexed_files == 2357
    assert report.articles + report.duplicates == 2357
    assert len(docs) == report.articles


@pytest.mark.corpus
def test_dailynews_articles(dailynews):
    _, docs = dailynews
    for doc in docs.values():
        assert doc["id"] == doc["url"] and doc["url"].startswith("https://www.dailynews.co.th/")
        assert not doc["title"].endswith(" | เดลินิวส์")
        assert doc["body"]  # articles without content fall back to their description
        assert "<script" not in doc["body"].lower() and "</p>" not in doc["body"].lower()
        assert doc.get("category")
        assert doc["date"].date().strftime("%Y-%m") == "2017-06"


class _Recorder:
    """A stand-in Whoosh writer that records what it was asked to do."""

    def __init__(self, kind: str, made: list):
        self.kind, self.calls, self.is_closed, self.generation = kind, [], False, 7
        made.append(self)

    def add_document(self, **fields):
        self.calls.append(("add", fields["id"]))

    def update_document(self, **fields):
        self.calls.append(("update", fields["id"]))

    def delete_by_term(self, fieldname, text):
        self.calls.append(("delete", text))

    def commit(self, **kwargs):
        self.is_closed = True

    def cancel(self):
        self.is_closed = True


def test_small_update_stays_in_one_process_and_keeps_order():
    from indexer.index.parallel import DeferredWriter

    made: list = []
    w = DeferredWriter(lambda: _Recorder("single", made), lambda: _Recorder("parallel", made), threshold=3)
    w.update_document(id="a")
    w.delete_by_term("id", "b")
    w.file_indexed()
    w.add_document(id="c")
    w.file_indexed()
    assert made == []  # nothing opened yet
    assert w.generation == 7
    w.commit()
    assert [m.kind for m in made] == ["single"]
    assert made[0].calls == [("update", "a"), ("delete", "b"), ("add", "c")]


def test_large_update_goes_parallel_with_every_change_replayed():
    from indexer.index.parallel import DeferredWriter

    made: list = []
    w = DeferredWriter(lambda: _Recorder("single", made), lambda: _Recorder("parallel", made), threshold=2)
    w.add_document(id="a")
    w.file_indexed()
    w.add_document(id="b")
    w.file_indexed()
    w.add_document(id="c")
    assert [m.kind for m in made] == ["parallel"]
    assert made[0].calls == [("add", "a"), ("add", "b"), ("add", "c")]


def test_unchanged_rerun_opens_no_writer():
    from indexer.index.parallel import DeferredWriter

    made: list = []
    w = DeferredWriter(lambda: _Recorder("single", made), lambda: _Recorder("parallel", made), threshold=2)
    w.cancel()
    assert made == []
