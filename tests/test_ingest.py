"""Tests for indexer.ingest: sources, encodings, and the plain-text and structured readers.

Every input is a real file written to tmp_path (or the seed in corpus/), and
every archive is a real .zip or .tar.gz made with zipfile/tarfile.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from indexer.ingest import FileResult, SourceFile, iter_source, read_file

D = datetime.date
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_a5a97db9e4167df2.txt"

THAIGOV_TEXT = (
    "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกรัฐมนตรีมอบนโยบายฟื้นฟูเศรษฐกิจหลังโควิด-19\n"
    "\n"
    "\n"
    "วันพุธที่ 10 มิถุนายน 2563\n"
    "10/06/2563\n"
    "พิมพ์\n"
    "นายกรัฐมนตรีมอบนโยบายฟื้นฟูเศรษฐกิจหลังโควิด-19\n"
    "วันนี้ (9 มิ.ย. 63) เวลา 10.00 น. ณ ตึกสันติไมตรี ทำเนียบรัฐบาล นายกรัฐมนตรีประชุมร่วมกับ"
    "ผู้แทนภาคเอกชนเพื่อวางแนวทางฟื้นฟูเศรษฐกิจฐานราก\n"
    "ทั้งนี้ รัฐบาลจะเร่งจัดสรรงบประมาณให้ถึงมือเกษตรกรและวิสาหกิจชุมชนโดยเร็ว\n"
    "\n"
    "ที่มา : https://www.thaigov.go.th/news/contents/details/32177\n"
)
THAIGOV_NAME = "ด้านเศรษฐกิจ_2_8d4609cb-a7e6-44e4-a30c-bd775b641de0.txt"
THAIGOV_URL = "https://www.thaigov.go.th/news/contents/details/32177"


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    path.write_bytes(data)
    return path


def read_one(source: Path) -> FileResult:
    """Read the only file of `source` (a single file, so its path is its name)."""
    files = list(iter_source(source))
    assert len(files) == 1, [f.path for f in files]
    return read_file(files[0])


def read_ok(source: Path) -> FileResult:
    result = read_one(source)
    assert result.status == "ok", result.reason
    return result


# ---------------------------------------------------------------- seed (PR release)

@pytest.fixture(scope="module")
def seed():
    results = [read_file(src) for src in iter_source(ROOT / "corpus") if src.path.endswith(SEED.name)]
    assert len(results) == 1
    return results[0]


def test_seed_is_one_article(seed):
    assert seed.status == "ok"
    assert seed.path == "corpus/000_a5a97db9e4167df2.txt"
    assert len(seed.articles) == 1
    assert seed.problems == []


def test_seed_fields(seed):
    art = seed.articles[0]
    assert art.title.startswith("ผวจ.สงขลา เปิดโครงการประชุมเชิงปฏิบัติการ")
    assert art.item == "1.1"
    assert art.reporter == "ศิริลักษณ์ แคล้วคลาด"
    assert art.photographer == "ประชา-อมลรดา"
    assert art.office == "สำนักงานประชาสัมพันธ์จังหวัดสงขลา"
    assert art.url is None
    assert art.source == "corpus/000_a5a97db9e4167df2.txt"
    assert art.id == art.source + "#1"


def test_seed_date_is_release_date_not_event_dates(seed):
    art = seed.articles[0]
    # The closing "26 ส.ค. 62", not "26-27 สิงหาคม 2562" in the text (which
    # would give the same first day) nor today's date or the file's mtime.
    assert art.date == D(2019, 8, 26)


def test_seed_body_excludes_byline(seed):
    body = seed.articles[0].body
    assert body.startswith("วันนี้ (26 ส.ค. 62) ที่โรงแรมหาดแก้วรีสอร์ท")
    assert body.endswith("ได้รับประโยชน์สูงสุด")
    assert "26-27 สิงหาคม 2562" in body
    for byline in ("ศิริลักษณ์", "แคล้วคลาด", "/ข่าว", "/ภาพ", "ประชา-อมลรดา",
                   "สำนักงานประชาสัมพันธ์จังหวัดสงขลา"):
        assert byline not in body
    assert "1.1" not in body.split("\n")[0]
    assert not seed.articles[0].title.startswith("1.1")


def release_item(number: str, title: str, body: str, reporter: str, photographer: str,
                 office: str, released: str) -> str:
    return (
        f"{number}\n\n{title}\n\n        {body}\n\n \n"
        f"{reporter} /ข่าว\n{photographer}/ภาพ\n{office}\n{released}\n\n"
    )


def test_release_with_several_items(tmp_path):
    text = (
        release_item("1.1", "ผวจ.สงขลา ตรวจเยี่ยมผู้ประสบอุทกภัยอำเภอหาดใหญ่",
                     "วันนี้ (2 ก.ย. 62) นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา ลงพื้นที่มอบถุงยังชีพ"
                     "ให้ผู้ประสบอุทกภัย ซึ่งจะแจกจ่ายระหว่างวันที่ 2-6 กันยายน 2562",
                     "ศิริลักษณ์ แคล้วคลาด", "ประชา-อมลรดา", "สำนักงานประชาสัมพันธ์จังหวัดสงขลา", "2 ก.ย. 62")
        + release_item("1.2", "จังหวัดสงขลาจัดงานวันเกษตรภาคใต้ ประจำปี 2562",
                       "มหาวิทยาลัยสงขลานครินทร์ร่วมกับจังหวัดสงขลาจัดงานวันเกษตรภาคใต้ ระหว่างวันที่ "
                       "20-29 กันยายน 2562 เพื่อเผยแพร่เทคโนโลยีการเกษตรแก่เกษตรกร",
                       "สมศรี ใจดี", "อนุชา", "สำนักงานประชาสัมพันธ์เขต 6", "3 ก.ย. 62")
        + release_item("1.3", "ปลัดจังหวัดสงขลาประชุมคณะกรรมการป้องกันยาเสพติด",
                       "นายวรณัฐ หนูรอต ปลัดจังหวัดสงขลา เป็นประธานการประชุมคณะกรรมการป้องกันและปราบปรามยาเสพติด",
                       "มานพ รักษ์ถิ่น", "วิภาวดี", "ศูนย์ข่าวจังหวัดสงขลา", "4 ก.ย. 62")
    )
    result = read_ok(write(tmp_path / "release_0902.txt", text))
    arts = result.articles
    assert [a.item for a in arts] == ["1.1", "1.2", "1.3"]
    assert [a.record for a in arts] == [1, 2, 3]
    assert [a.id for a in arts] == [f"release_0902.txt#{n}" for n in (1, 2, 3)]
    assert len({a.id for a in arts}) == 3
    assert [a.date for a in arts] == [D(2019, 9, 2), D(2019, 9, 3), D(2019, 9, 4)]
    assert [a.reporter for a in arts] == ["ศิริลักษณ์ แคล้วคลาด", "สมศรี ใจดี", "มานพ รักษ์ถิ่น"]
    assert [a.photographer for a in arts] == ["ประชา-อมลรดา", "อนุชา", "วิภาวดี"]
    assert [a.office for a in arts] == ["สำนักงานประชาสัมพันธ์จังหวัดสงขลา", "สำนักงานประชาสัมพันธ์เขต 6",
                                        "ศูนย์ข่าวจังหวัดสงขลา"]
    assert arts[0].title == "ผวจ.สงขลา ตรวจเยี่ยมผู้ประสบอุทกภัยอำเภอหาดใหญ่"
    assert arts[1].title == "จังหวัดสงขลาจัดงานวันเกษตรภาคใต้ ประจำปี 2562"
    for art in arts:
        assert "/ข่าว" not in art.body and "/ภาพ" not in art.body
        assert art.reporter not in art.body
    # each item keeps only its own body
    assert "ถุงยังชีพ" in arts[0].body and "ถุงยังชีพ" not in arts[1].body
    assert "ยาเสพติด" in arts[2].body and "ยาเสพติด" not in arts[0].body


# ---------------------------------------------------------------- thaigov pages

@pytest.fixture()
def thaigov_file(tmp_path):
    # A BOM, and a scrape-date folder that must not become the publish date.
    return write(tmp_path / "thaigov" / "2023" / "03" / "23" / THAIGOV_NAME, THAIGOV_TEXT, "utf-8-sig")


def test_thaigov_page(thaigov_file, tmp_path):
    assert thaigov_file.read_bytes().startswith(b"\xef\xbb\xbf")
    files = list(iter_source(tmp_path / "thaigov"))
    assert [f.path for f in files] == [f"thaigov/2023/03/23/{THAIGOV_NAME}"]
    result = read_file(files[0])
    assert result.status == "ok"
    (art,) = result.articles
    assert art.title == "นายกรัฐมนตรีมอบนโยบายฟื้นฟูเศรษฐกิจหลังโควิด-19"
    assert "\ufeff" not in art.title
    assert art.date == D(2020, 6, 10)
    assert art.date != D(2023, 3, 23)
    assert art.url == THAIGOV_URL
    assert art.id == THAIGOV_URL
    assert art.category == "ด้านเศรษฐกิจ"
    assert art.source == f"thaigov/2023/03/23/{THAIGOV_NAME}"


def test_thaigov_body_has_no_page_furniture(thaigov_file):
    (art,) = read_ok(thaigov_file).articles
    lines = art.body.split("\n")
    assert lines[0].startswith("วันนี้ (9 มิ.ย. 63) เวลา 10.00 น.")
    assert lines[-1].startswith("ทั้งนี้ รัฐบาลจะเร่งจัดสรรงบประมาณ")
    assert "พิมพ์" not in lines
    assert "10/06/2563" not in art.body
    assert "วันพุธที่ 10 มิถุนายน 2563" not in art.body
    assert "ที่มา" not in art.body and "thaigov.go.th" not in art.body
    assert "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล" not in art.body
    # the headline repeated under the date is header, not body
    assert art.title not in lines


def test_thaigov_url_is_the_last_source_line(tmp_path):
    """Credit lines in the text ("ที่มา : กระทรวงการคลัง", a cited site) are not the page's URL."""
    text = THAIGOV_TEXT.replace(
        "\n\nที่มา : https://www.thaigov.go.th",
        "\nที่มา : กระทรวงการคลัง\nที่มา : http://www.dpim.go.th/dpimnews/article?catid=102&articleid=7970"
        "\n\nที่มา : https://www.thaigov.go.th")
    (art,) = read_ok(write(tmp_path / "ด้านเศรษฐกิจ_189.txt", text)).articles
    assert art.url == art.id == THAIGOV_URL
    lines = art.body.split("\n")
    assert lines[-2:] == ["ที่มา : กระทรวงการคลัง",
                          "ที่มา : http://www.dpim.go.th/dpimnews/article?catid=102&articleid=7970"]
    assert "details/32177" not in art.body


def test_thaigov_credit_line_without_url(tmp_path):
    text = THAIGOV_TEXT.replace("\n\nที่มา : https://www.thaigov.go.th/news/contents/details/32177\n",
                                "\nที่มา : สำนักงานเศรษฐกิจการคลัง\n")
    (a,) = read_ok(write(tmp_path / "ด้านเศรษฐกิจ_1.txt", text)).articles
    (b,) = read_ok(write(tmp_path / "ด้านเศรษฐกิจ_2.txt", text.replace("ฐานราก", "ชุมชน"))).articles
    assert a.url is None and b.url is None
    assert (a.id, b.id) == ("ด้านเศรษฐกิจ_1.txt#1", "ด้านเศรษฐกิจ_2.txt#1")
    assert a.body.endswith("ที่มา : สำนักงานเศรษฐกิจการคลัง")


@pytest.mark.parametrize("name, category", [
    (THAIGOV_NAME, "ด้านเศรษฐกิจ"),
    ("ด้านสังคม_41.txt", "ด้านสังคม"),
    ("Government News_7_0b2cbbd0-4c0e-4b6f-9d2c-0a1fa2a8f4d3.txt", "Government News"),
])
def test_thaigov_category_from_file_name(tmp_path, name, category):
    (art,) = read_ok(write(tmp_path / name, THAIGOV_TEXT)).articles
    assert art.category == category


def test_thaigov_without_print_or_numeric_date(tmp_path):
    text = THAIGOV_TEXT.replace("10/06/2563\n", "").replace("พิมพ์\n", "")
    (art,) = read_ok(write(tmp_path / "ข่าวทำเนียบรัฐบาล_3.txt", text)).articles
    assert art.date == D(2020, 6, 10)
    assert art.body.startswith("วันนี้ (9 มิ.ย. 63)")


def test_a_thaigov_placeholder_page_is_no_article(tmp_path):
    # the site's empty page: its prefix, the date 1 มกราคม 2513 (1970-01-01) and a
    # source line; indexed, it dated the archive from 1970 and listed an empty hit
    text = "\ufeffรัฐบาลไทย-\n\nวันพฤหัสบดีที่ 1 มกราคม 2513\n\nที่มา : https://www.thaigov.go.th/news/contents/details/33968\n"
    result = read_one(write(tmp_path / "_1.txt", text))
    assert result.status == "failed" and result.reason == "no article text (headline and body empty)"
    assert not result.articles
    # a headline that only begins like the prefix keeps its words
    (art,) = read_ok(write(tmp_path / "mou.txt", "รัฐบาลไทย-จีน ลงนามความร่วมมือ\nสองรัฐบาลลงนามบันทึกความเข้าใจ\n")).articles
    assert art.title == "รัฐบาลไทย-จีน ลงนามความร่วมมือ"


def test_generic_text_file(tmp_path):
    text = ("ตลาดหลักทรัพย์ปิดบวก 12 จุด นักลงทุนต่างชาติซื้อสุทธิ\n"
            "15 มีนาคม 2566\n"
            "ดัชนีตลาดหลักทรัพย์แห่งประเทศไทยปิดที่ 1,600 จุด เพิ่มขึ้นจากวันก่อนหน้า\n")
    (art,) = read_ok(write(tmp_path / "set.txt", text)).articles
    assert art.title == "ตลาดหลักทรัพย์ปิดบวก 12 จุด นักลงทุนต่างชาติซื้อสุทธิ"
    assert art.date == D(2023, 3, 15)
    assert "ดัชนีตลาดหลักทรัพย์" in art.body
    assert art.id == "set.txt#1"


def test_generic_text_dated_by_its_headline_not_by_a_date_its_text_recalls(tmp_path):
    # thaigov's weekly address: the broadcast date is in the headline; the first
    # paragraph recalls an older day (read before: 1955-11-14)
    text = ('พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี กล่าวในรายการ "คืนความสุขให้คนในชาติ" '
            "วันศุกร์ที่ 14 พฤศจิกายน 2557 เวลา 20.15 น.\n\n"
            "สวัสดีครับ พ่อแม่พี่น้องประชาชนที่รัก เมื่อวันที่ 14 พฤศจิกายน 2498 ได้ทรงเสด็จเยือน\n")
    (art,) = read_ok(write(tmp_path / "14-11.txt", text)).articles
    assert art.date == D(2014, 11, 14)


# ---------------------------------------------------------------- dailynews JSON

def dailynews(**overrides) -> dict:
    record = {
        "id": "577001",
        "title": "ครม.ไฟเขียวงบกลาง 5 พันล้าน ช่วยเกษตรกรภัยแล้ง | เดลินิวส์",
        "description": "ที่ประชุมคณะรัฐมนตรีอนุมัติงบกลางช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้ง",
        "keywords": "ครม.,ภัยแล้ง,เกษตรกร",
        "category": "politics",
        "content": "ที่ประชุมคณะรัฐมนตรีวันนี้อนุมัติงบกลาง 5,000 ล้านบาท เพื่อช่วยเหลือเกษตรกร",
        "url": "https://www.dailynews.co.th/politics/577001",
        "date": "2017-06-03T22:04:06.688Z",
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not None}


def write_json(path: Path, data) -> Path:
    return write(path, json.dumps(data, ensure_ascii=False, indent=1))


def test_dailynews_json(tmp_path):
    result = read_ok(write_json(tmp_path / "politics" / "577001.json", dailynews()))
    (art,) = result.articles
    assert art.title == "ครม.ไฟเขียวงบกลาง 5 พันล้าน ช่วยเกษตรกรภัยแล้ง"
    assert "เดลินิวส์" not in art.title
    # 22:04 UTC on 3 June is 05:04 on 4 June in Bangkok
    assert art.date == D(2017, 6, 4)
    assert art.category == "politics"
    assert art.url == "https://www.dailynews.co.th/politics/577001"
    assert art.id == art.url
    assert art.body == "ที่ประชุมคณะรัฐมนตรีวันนี้อนุมัติงบกลาง 5,000 ล้านบาท เพื่อช่วยเหลือเกษตรกร"


def test_dailynews_early_utc_stays_same_day(tmp_path):
    (art,) = read_ok(write_json(tmp_path / "a.json", dailynews(date="2017-06-03T10:00:00.000Z"))).articles
    assert art.date == D(2017, 6, 3)


def test_json_without_content_uses_description(tmp_path):
    (art,) = read_ok(write_json(tmp_path / "578001.json", dailynews(content=None))).articles
    assert art.body == "ที่ประชุมคณะรัฐมนตรีอนุมัติงบกลางช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้ง"
    (art,) = read_ok(write_json(tmp_path / "578002.json", dailynews(content="   "))).articles
    assert art.body.startswith("ที่ประชุมคณะรัฐมนตรีอนุมัติงบกลาง")


def test_json_html_content_is_stripped(tmp_path):
    content = (
        "<p>วงดนตรีชื่อดังเตรียมจัดคอนเสิร์ตใหญ่ที่กรุงเทพฯ</p>"
        "<script>var googletag = googletag || {}; document.write('<div id=\"ad\"></div>');</script>"
        "<p>เพลงใหม่ <FOR MY DEAR> ขึ้นอันดับหนึ่ง &amp; ยอดวิวทะลุล้าน</p>"
        "<div class=\"related\"><a href=\"/x\">ข่าวที่เกี่ยวข้อง</a></div>"
    )
    record = dailynews(title="<FOR MY DEAR> เพลงฮิตแห่งปี | เดลินิวส์", content=content)
    (art,) = read_ok(write_json(tmp_path / "ent.json", record)).articles
    assert art.title == "<FOR MY DEAR> เพลงฮิตแห่งปี"
    assert "<FOR MY DEAR>" in art.body
    for junk in ("<p>", "</p>", "<script", "googletag", "document.write", "<div", "<a ", "&amp;"):
        assert junk not in art.body
    assert "วงดนตรีชื่อดังเตรียมจัดคอนเสิร์ตใหญ่ที่กรุงเทพฯ" in art.body
    assert "ขึ้นอันดับหนึ่ง & ยอดวิวทะลุล้าน" in art.body
    assert "ข่าวที่เกี่ยวข้อง" in art.body
    # paragraphs stay apart
    lines = art.body.split("\n")
    assert lines[0] == "วงดนตรีชื่อดังเตรียมจัดคอนเสิร์ตใหญ่ที่กรุงเทพฯ"


def test_json_list_of_articles(tmp_path):
    records = [dailynews(url=f"https://www.dailynews.co.th/politics/{n}", title=f"ข่าวการเมือง ฉบับที่ {n}")
               for n in (1, 2, 3)]
    records.insert(1, "ไม่ใช่ออบเจกต์")
    result = read_ok(write_json(tmp_path / "list.json", records))
    assert [a.title for a in result.articles] == ["ข่าวการเมือง ฉบับที่ 1", "ข่าวการเมือง ฉบับที่ 2",
                                                  "ข่าวการเมือง ฉบับที่ 3"]
    assert len(result.problems) == 1 and "record 2" in result.problems[0]


@pytest.mark.parametrize("data, words", [
    ('{"title": "ข่าวด่วน", "content": "ฝนตกหนัก', "json"),
    ("ไม่ใช่ JSON เลย", "json"),
    ('{"keywords": "ภัยแล้ง", "category": "politics"}', "no title or body"),
    ("", "empty"),
    ("  \n\n ", "empty"),
])
def test_bad_json_fails_with_reason(tmp_path, data, words):
    result = read_one(write(tmp_path / "578928.json", data))
    assert result.status == "failed"
    assert result.articles == []
    assert result.reason and words in result.reason.lower()


# ---------------------------------------------------------------- JSON Lines, CSV, TSV

def test_jsonl_with_a_broken_line(tmp_path):
    lines = [
        json.dumps({"headline": "ฝนถล่มกรุงเทพฯ น้ำท่วมขังหลายจุด", "text": "กรมอุตุนิยมวิทยาเตือนฝนตกหนัก",
                    "date": "2019-08-26"}, ensure_ascii=False),
        '{"headline": "ข่าวที่ถูกตัดกลางทาง", "text": "เนื้อหา',
        "",
        json.dumps({"title": "ราคาทองคำวันนี้ปรับขึ้น 100 บาท", "body": "สมาคมค้าทองคำประกาศราคาทองคำ",
                    "published": "26 ส.ค. 62"}, ensure_ascii=False),
    ]
    result = read_one(write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n"))
    assert result.status == "ok"
    assert [a.title for a in result.articles] == ["ฝนถล่มกรุงเทพฯ น้ำท่วมขังหลายจุด", "ราคาทองคำวันนี้ปรับขึ้น 100 บาท"]
    assert [a.id for a in result.articles] == ["feed.jsonl#1", "feed.jsonl#4"]
    assert [a.date for a in result.articles] == [D(2019, 8, 26), D(2019, 8, 26)]
    assert len(result.problems) == 1
    assert result.problems[0].startswith("line 2") and "JSON" in result.problems[0]


def test_jsonl_all_lines_broken_fails(tmp_path):
    result = read_one(write(tmp_path / "bad.ndjson", "{ไม่ใช่\n[1, 2\n"))
    assert result.status == "failed"
    assert "line 1" in result.reason
    assert len(result.problems) == 2


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def test_csv_with_aliases(tmp_path):
    text = csv_text([
        ["Headline", "Content", "Date", "URL", "Category"],
        ["ผู้ว่าฯ สงขลา เปิดงาน, มหกรรมอาหาร", "ประชาชนร่วมงาน \"คึกคัก\"\nหลายพันคน", "26/08/2562",
         "https://example.go.th/news/1", "ภูมิภาค"],
        ["ตำรวจจับแก๊งคอลเซ็นเตอร์", "ตำรวจสอบสวนกลางจับกุมผู้ต้องหา 20 ราย", "2019-08-27",
         "https://example.go.th/news/2", "อาชญากรรม"],
        ["", "", "", "", ""],
    ])
    # Excel writes UTF-8 CSV with a BOM
    result = read_one(write(tmp_path / "export.csv", text, "utf-8-sig"))
    assert result.status == "ok"
    first, second = result.articles
    assert first.title == "ผู้ว่าฯ สงขลา เปิดงาน, มหกรรมอาหาร"
    assert first.body == "ประชาชนร่วมงาน \"คึกคัก\"\nหลายพันคน"
    assert first.date == D(2019, 8, 26)
    assert first.url == first.id == "https://example.go.th/news/1"
    assert first.category == "ภูมิภาค"
    assert second.date == D(2019, 8, 27) and second.category == "อาชญากรรม"
    assert len(result.problems) == 1 and "no title or body" in result.problems[0]


def test_csv_without_title_or_body_column_fails(tmp_path):
    text = csv_text([["ชื่อ", "จังหวัด"], ["สมชาย", "สงขลา"]])
    result = read_one(write(tmp_path / "people.csv", text))
    assert result.status == "failed"
    assert "no title or body column" in result.reason


def test_tsv(tmp_path):
    text = csv_text([
        ["title", "body", "date"],
        ["ครม.อนุมัติโครงการรถไฟทางคู่", "คณะรัฐมนตรีอนุมัติงบประมาณ, ก่อสร้างรถไฟทางคู่สายใต้", "26 ส.ค. 62"],
        ["กรมอุตุฯ เตือนพายุฤดูร้อน", "ประชาชนภาคเหนือและภาคอีสานระวังอันตราย", "27 สิงหาคม 2562"],
    ], delimiter="\t")
    result = read_ok(write(tmp_path / "news.tsv", text))
    assert [a.title for a in result.articles] == ["ครม.อนุมัติโครงการรถไฟทางคู่", "กรมอุตุฯ เตือนพายุฤดูร้อน"]
    assert result.articles[0].body == "คณะรัฐมนตรีอนุมัติงบประมาณ, ก่อสร้างรถไฟทางคู่สายใต้"
    assert [a.date for a in result.articles] == [D(2019, 8, 26), D(2019, 8, 27)]
    assert [a.id for a in result.articles] == ["news.tsv#2", "news.tsv#3"]


# ---------------------------------------------------------------- encodings

THAI_TEXT = ("กรมอุตุนิยมวิทยาพยากรณ์อากาศ ฝนตกหนักบางแห่งทางภาคใต้\n"
             "26 สิงหาคม 2562\n"
             "ประชาชนบริเวณจังหวัดสงขลา นครศรีธรรมราช และพัทลุง ระวังอันตรายจากน้ำท่วมฉับพลันและน้ำป่าไหลหลาก\n")


@pytest.mark.parametrize("encoding", ["tis-620", "cp874", "utf-8", "utf-8-sig", "utf-16"])
def test_encodings(tmp_path, encoding):
    text = THAI_TEXT
    if encoding == "cp874":
        # curly quotes and the ellipsis exist in cp874 but not in TIS-620
        text = THAI_TEXT.replace("ระวังอันตราย", "ระวัง “อันตราย”…")
        with pytest.raises(UnicodeEncodeError):
            text.encode("tis-620")
    path = write(tmp_path / f"weather_{encoding}.txt", text, encoding)
    (art,) = read_ok(path).articles
    assert art.title == "กรมอุตุนิยมวิทยาพยากรณ์อากาศ ฝนตกหนักบางแห่งทางภาคใต้"
    assert art.date == D(2019, 8, 26)
    assert "นครศรีธรรมราช" in art.body
    if encoding == "cp874":
        assert "“อันตราย”…" in art.body
    assert "\ufeff" not in art.title + art.body


def test_tis620_json(tmp_path):
    data = json.dumps({"title": "ข่าวภาษาไทยเข้ารหัสแบบเก่า", "content": "เนื้อข่าวภาษาไทย"}, ensure_ascii=False)
    (art,) = read_ok(write(tmp_path / "old.json", data, "tis-620")).articles
    assert art.title == "ข่าวภาษาไทยเข้ารหัสแบบเก่า"


@pytest.mark.parametrize("name", ["photo.txt", "blob.json", "table.csv"])
def test_binary_file_fails_without_crashing(tmp_path, name):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    result = read_one(write(tmp_path / name, data))
    assert result.status == "failed"
    assert result.reason
    assert result.articles == []


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\x03" * 200,  # all bytes below 0x80: valid UTF-8, still binary
    b"SQLite format 3\x00" + bytes(512),
    "ข่าวภาษาไทย\nเนื้อหา".encode("utf-16-le"),  # UTF-16 without its BOM
])
def test_low_byte_binary_fails(tmp_path, data):
    result = read_one(write(tmp_path / "data.txt", data))
    assert result.status == "failed"
    assert "binary" in result.reason


def test_unknown_suffix_is_skipped(tmp_path):
    for name in ("photo.png", "README", "page.html"):
        result = read_one(write(tmp_path / name, b"\x89PNG\r\n\x1a\n" + bytes(64)))
        assert result.status == "skipped", name
        assert result.reason


# ---------------------------------------------------------------- sources

def generic(title: str) -> str:
    return f"{title}\n26 ส.ค. 62\nเนื้อข่าวของ {title} สำหรับทดสอบการอ่านไฟล์\n"


def test_directory_recursion_ignores_hidden(tmp_path):
    src = tmp_path / "news"
    write(src / "a.txt", generic("ข่าวเอ"))
    write(src / "2019" / "08" / "b.txt", generic("ข่าวบี"))
    write(src / "2019" / "c.json", json.dumps({"title": "ข่าวซี", "content": "เนื้อหา"}, ensure_ascii=False))
    write(src / "logo.png", b"\x89PNG\r\n\x1a\n")
    write(src / ".hidden.txt", generic("ข่าวซ่อน"))
    write(src / ".git" / "notes.txt", generic("ข่าวในโฟลเดอร์ซ่อน"))
    write(src / "2019" / ".cache" / "d.txt", generic("ข่าวแคช"))
    files = list(iter_source(src))
    paths = [f.path for f in files]
    assert sorted(paths) == ["news/2019/08/b.txt", "news/2019/c.json", "news/a.txt", "news/logo.png"]
    assert paths == [f.path for f in iter_source(src)]  # stable order
    statuses = {f.path: read_file(f).status for f in files}
    assert statuses == {"news/2019/08/b.txt": "ok", "news/2019/c.json": "ok", "news/a.txt": "ok",
                        "news/logo.png": "skipped"}
    by_path = {f.path: read_file(f) for f in files}
    assert by_path["news/2019/08/b.txt"].articles[0].id == "news/2019/08/b.txt#1"


def test_single_file_source(tmp_path):
    path = write(tmp_path / "deep" / "dir" / "one.txt", generic("ข่าวเดียว"))
    (src,) = iter_source(path)
    assert src.path == "one.txt"
    assert src.data == path.read_bytes()


def test_missing_source_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(iter_source(tmp_path / "nope"))


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def make_tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def archive_members() -> dict[str, bytes]:
    return {
        "2019/08/a.txt": generic("ข่าวในคลังเอ").encode(),
        "2019/b.json": json.dumps({"title": "ข่าวในคลังบี", "content": "เนื้อหาบี"}, ensure_ascii=False).encode(),
        "tis.txt": generic("ข่าวรหัสเก่า").encode("tis-620"),
        "images/logo.png": b"\x89PNG\r\n\x1a\n",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "__MACOSX/2019/._a.txt": b"\x00\x05\x16\x07",
    }


@pytest.mark.parametrize("name, maker", [("news.zip", make_zip), ("news.tar.gz", make_tar)])
def test_archive_read_in_place(tmp_path, name, maker):
    archive = maker(tmp_path / name, archive_members())
    files = {f.path: f for f in iter_source(archive)}
    assert set(files) == {f"{name}/2019/08/a.txt", f"{name}/2019/b.json", f"{name}/tis.txt",
                          f"{name}/images/logo.png"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing unpacked
    results = {path: read_file(f) for path, f in files.items()}
    assert results[f"{name}/images/logo.png"].status == "skipped"
    a = results[f"{name}/2019/08/a.txt"]
    assert a.status == "ok" and a.articles[0].title == "ข่าวในคลังเอ"
    assert a.articles[0].id == f"{name}/2019/08/a.txt#1"
    assert results[f"{name}/tis.txt"].articles[0].title == "ข่าวรหัสเก่า"
    assert results[f"{name}/2019/b.json"].articles[0].body == "เนื้อหาบี"


def test_archive_inside_directory(tmp_path):
    src = tmp_path / "dump"
    src.mkdir()
    make_zip(src / "batch.zip", {"x/a.txt": generic("ข่าวในซิป").encode()})
    write(src / "loose.txt", generic("ข่าวนอกซิป"))
    assert sorted(f.path for f in iter_source(src)) == ["dump/batch.zip/x/a.txt", "dump/loose.txt"]


def test_tar_made_from_dot_keeps_members(tmp_path):
    """``tar -czf news.tar.gz .`` names members ``./a.txt``: they are not hidden."""
    archive = make_tar(tmp_path / "dot.tar.gz", {
        "./2019/a.txt": generic("ข่าวจุดเอ").encode(),
        "./b.txt": generic("ข่าวจุดบี").encode(),
        "./.hidden.txt": generic("ข่าวซ่อน").encode(),
    })
    assert sorted(f.path for f in iter_source(archive)) == ["dot.tar.gz/2019/a.txt", "dot.tar.gz/b.txt"]


def test_tar_variants(tmp_path):
    for name, mode in (("n.tgz", "w:gz"), ("n.tar", "w"), ("n.tar.bz2", "w:bz2"), ("n.tar.xz", "w:xz")):
        archive = make_tar(tmp_path / name, {"a.txt": generic("ข่าวทาร์").encode()}, mode)
        (src,) = iter_source(archive)
        assert src.path == f"{name}/a.txt"
        assert read_file(src).articles[0].title == "ข่าวทาร์"


def long_members(count: int = 10) -> dict[str, bytes]:
    return {f"{n:02d}.txt": (generic(f"ข่าวลำดับ {n}") + "ข้อความยาว " * 400 + str(n)).encode()
            for n in range(count)}


@pytest.mark.parametrize("name, maker", [("news.zip", make_zip), ("news.tar.gz", make_tar)])
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.97])
def test_truncated_archive_reports_failure(tmp_path, name, maker, keep):
    data = maker(tmp_path / ("good_" + name), long_members()).read_bytes()
    bad = write(tmp_path / name, data[: int(len(data) * keep)])
    files = list(iter_source(bad))  # must not raise
    failed = [f for f in files if f.data is None]
    assert any(f.path == name and f.error.startswith("damaged archive") for f in failed), \
        [(f.path, f.error) for f in files]
    for f in failed:
        result = read_file(f)
        assert result.status == "failed" and result.reason == f.error
    for f in files:
        if f.data is not None:  # members read before the damage are whole
            assert read_file(f).status == "ok"


def test_tar_cut_between_members_is_not_complete(tmp_path):
    """A tar cut exactly after a member's data must not pass for a whole archive."""
    members = long_members()
    data = make_tar(tmp_path / "good.tar", members, "w").read_bytes()
    size = len(members["00.txt"])
    cut = 3 * (tarfile.BLOCKSIZE + -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE)
    bad = write(tmp_path / "cut.tar", data[:cut])
    files = list(iter_source(bad))
    assert [f.path for f in files if f.data is not None] == ["cut.tar/00.txt", "cut.tar/01.txt", "cut.tar/02.txt"]
    assert [f.path for f in files if f.data is None] == ["cut.tar"]
    assert "damaged archive" in files[-1].error


def test_corrupt_zip_member_is_one_error(tmp_path):
    text = generic("ข่าวเสีย") + "ข้อความยาว " * 400
    archive = make_zip(tmp_path / "c.zip", {"a.txt": text.encode(), "b.txt": generic("ข่าวดี").encode()})
    data = bytearray(archive.read_bytes())
    start = 30 + len("a.txt")  # local header, then a.txt's deflate stream
    data[start + 5:start + 40] = b"\xff" * 35
    archive.write_bytes(bytes(data))
    files = {f.path: f for f in iter_source(archive)}
    assert set(files) == {"c.zip/a.txt", "c.zip/b.txt"}
    assert files["c.zip/a.txt"].data is None and files["c.zip/a.txt"].error
    assert read_file(files["c.zip/a.txt"]).status == "failed"
    assert read_file(files["c.zip/b.txt"]).articles[0].title == "ข่าวดี"


def test_read_file_on_unreadable_source():
    result = read_file(SourceFile("x/a.txt", None, "cannot read: Permission denied"))
    assert result.status == "failed" and result.reason == "cannot read: Permission denied"
