"""Person mentions of officials (indexer.thai.officials), on real Thai news strings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from indexer.thai.officials import (
    Mention,
    extract_people,
    name_words,
    people_in,
)
from indexer.thai.positions import abbreviate_position

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_a5a97db9e4167df2.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _one(text: str) -> Mention:
    found = extract_people(text)
    assert len(found) == 1, found
    return found[0]


# --- the seed article --------------------------------------------------------
def test_seed_article_officials_and_positions():
    found = people_in(SEED.read_text(encoding="utf-8"))
    assert found == {
        "วีรนันทน์ เพ็งจันทร์": {"ผู้ว่าราชการจังหวัดสงขลา"},
        "วรณัฐ หนูรอต": {"ปลัดจังหวัดสงขลา"},
        "นิวัฒน์ สวัสดิ์แก้ว": {"รองอธิการบดีมหาวิทยาลัยหาดใหญ่"},
    }


def test_seed_article_offsets_and_order():
    text = SEED.read_text(encoding="utf-8")
    mentions = extract_people(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert [text[m.start:m.end] for m in mentions[:3]] == [
        "นายวีรนันทน์ เพ็งจันทร์", "นายวรณัฐ หนูรอต", "ดร.นิวัฒน์ สวัสดิ์แก้ว"]
    assert all(text[m.start:m.end].startswith(m.title) for m in mentions)
    assert all(text[m.start:m.end].endswith(m.last) for m in mentions)


def test_seed_article_no_district_chiefs_and_no_byline():
    names = people_in(SEED.read_text(encoding="utf-8"))
    assert not any("อำเภอ" in n or "ศิริลักษณ์" in n or "แคล้วคลาด" in n for n in names)
    assert extract_people("นายอำเภอและปลัดอำเภอในพื้นที่ 16 อำเภอ เข้าร่วม") == []
    assert extract_people("ศิริลักษณ์ แคล้วคลาด /ข่าว\nประชา-อมลรดา/ภาพ") == []


# --- the shapes of a mention ---------------------------------------------------
@pytest.mark.parametrize("text, title, first, last, position", [
    ("พลเอก ประยุทธ์  จันทร์โอชา นายกรัฐมนตรี", "พลเอก", "ประยุทธ์", "จันทร์โอชา", "นายกรัฐมนตรี"),
    ("ดร.สาธิต ปิตุเตชะ รัฐมนตรีช่วยว่าการกระทรวงสาธารณสุข ประชุมทางไกล", "ดร.", "สาธิต", "ปิตุเตชะ",
     "รัฐมนตรีช่วยว่าการกระทรวงสาธารณสุข"),
    ("นางกรรณิการ์ แสงทอง รองปลัดกระทรวงยุติธรรม", "นาง", "กรรณิการ์", "แสงทอง", "รองปลัดกระทรวงยุติธรรม"),
    ("พล.อ.ประวิตร วงษ์สุวรรณ รองนายกรัฐมนตรี", "พล.อ.", "ประวิตร", "วงษ์สุวรรณ", "รองนายกรัฐมนตรี"),
    ("นายวรณัฐ หนูรอต ปลัดจังหวัดสงขลา", "นาย", "วรณัฐ", "หนูรอต", "ปลัดจังหวัดสงขลา"),
    ("พันเอกหญิง ทักษดา สังขจันทร์ ผู้ช่วยโฆษกประจำสำนักนายกรัฐมนตรี", "พันเอกหญิง", "ทักษดา", "สังขจันทร์",
     "ผู้ช่วยโฆษกประจำสำนักนายกรัฐมนตรี"),
    ("นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา กล่าวว่า", "นาย", "วีรนันทน์", "เพ็งจันทร์",
     "ผู้ว่าราชการจังหวัดสงขลา"),
    ("นางสาว แพทองธาร ชินวัตร นายกรัฐมนตรี", "นางสาว", "แพทองธาร", "ชินวัตร", "นายกรัฐมนตรี"),
    ("น.ส.ไตรศุลี ไตรสรณกุล รองโฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยว่า", "น.ส.", "ไตรศุลี", "ไตรสรณกุล",
     "รองโฆษกประจำสำนักนายกรัฐมนตรี"),
    ("ร่วมกับ พล.ต.ต พัฒนศักดิ์ บุบผาสุวรรณ ผบก.ปคบ. และเจ้าหน้าที่", "พล.ต.ต", "พัฒนศักดิ์", "บุบผาสุวรรณ",
     "ผบก.ปคบ."),
    ("ร.ต.อ.นิรันดร์ นามศรีคุณ รองสว.สอบสวน สภ.หนองหมากฝ้าย", "ร.ต.อ.", "นิรันดร์", "นามศรีคุณ", "รองสว.สอบสวน"),
    ("ว่าที่ร้อยตรี พิเชียน ลิมป์หวังอยู่ รองผวจ.พระนครศรีอยุธยา เป็นตัวแทน", "ว่าที่ร้อยตรี", "พิเชียน",
     "ลิมป์หวังอยู่", "รองผวจ.พระนครศรีอยุธยา"),
    ("ศ.คลินิก เกียรติคุณ นพ.ปิยะสกล สกลสัตยาทร รัฐมนตรีว่าการกระทรวงสาธารณสุข", "ศ.คลินิก เกียรติคุณ นพ.",
     "ปิยะสกล", "สกลสัตยาทร", "รัฐมนตรีว่าการกระทรวงสาธารณสุข"),
    ("นางยุถิกา อิศรางกูร ณ อยุธยา รองปลัดกระทรวงวัฒนธรรม ประธานเปิดการอบรม", "นาง", "ยุถิกา",
     "อิศรางกูร ณ อยุธยา", "รองปลัดกระทรวงวัฒนธรรม"),
    ("หม่อมหลวง วรุตม์ วรวรรณ", "หม่อมหลวง", "วรุตม์", "วรวรรณ", None),
    ("เมื่อวันที่ 6 มิ.ย.นายสุเมธ มโหสถ อธิบดีกรมสวัสดิการและคุ้มครองแรงงาน(กสร.) เปิดเผยว่า", "นาย", "สุเมธ",
     "มโหสถ", "อธิบดีกรมสวัสดิการและคุ้มครองแรงงาน"),
])
def test_mention_shapes(text, title, first, last, position):
    m = _one(text)
    assert (m.title, m.first, m.last, m.position) == (title, first, last, position)
    assert text[m.start:m.end] == text[m.start:].split(last, 1)[0] + last


@pytest.mark.parametrize("text, position", [
    # joined across "และ" and across an abbreviated organisation after a space
    ("พล.อ.ประยุทธ์ จันทร์โอชานายกรัฐมนตรีและ รมว.กลาโหม ห่วงใยประชาชน", "นายกรัฐมนตรีและ รมว.กลาโหม"),
    ("นายประเสริฐ จันทรรวงทอง รองนายกรัฐมนตรี และรัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอี) เปิดเผยว่า",
     "รองนายกรัฐมนตรี และรัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
    ("นายวสุ ผันเงิน นายก อบต.บ้านใหม่ ที่แม้จะไม่ได้", "นายก อบต.บ้านใหม่"),
    ("นายอลงกรณ์ พลบุตร ที่ปรึกษา รมว.เกษตรและสหกรณ์ ในฐานะประธาน", "ที่ปรึกษา รมว.เกษตรและสหกรณ์"),
    # cut where the verb starts, "and party" and "and other people" left out
    ("นายเลิศวิโรจน์ โกวัฒนะ ปลัดกระทรวงเกษตรและสหกรณ์ทำหน้าที่พระยาแรกนา", "ปลัดกระทรวงเกษตรและสหกรณ์"),
    ("นพ.เจษฎา  โชคดำรงสุข ปลัดกระทรวงสาธารณสุขและคณะ ตรวจเยี่ยม", "ปลัดกระทรวงสาธารณสุข"),
    ("นางสาวฐิต์ณัฐ สมบัติศิริ ผู้ช่วยปลัดกระทรวงวัฒนธรรม และผู้บริหารกระทรวงวัฒนธรรม", "ผู้ช่วยปลัดกระทรวงวัฒนธรรม"),
    ("พลตำรวจตรี ยิ่งยศ เทพจำนงค์ รักษาราชการแทนผู้บังคับการตำรวจปราบปรามยาเสพติด 2 ชี้แจงกรณี",
     "รักษาราชการแทนผู้บังคับการตำรวจปราบปรามยาเสพติด 2"),
    # what follows is not an office
    ("โดยมี นางนราพร จันทร์โอชา ภริยา พร้อมด้วยคณะรัฐมนตรี", None),
    ("พบศพนางจันดี จันทร์เขียว อายุ 65 เจ้าของบ้าน", None),
])
def test_position_span(text, position):
    assert _one(text).position == position


def test_glued_name_split_with_name_lists():
    m = _one("นายสมชายใจดี ผู้ใหญ่บ้านหนองบัว เปิดเผยว่า")
    assert (m.first, m.last, m.position) == ("สมชาย", "ใจดี", "ผู้ใหญ่บ้านหนองบัว")


def test_latin_and_many_part_names():
    m = _one("นาย Jean-Claude Poimbœuf (ฌ็อง-โกลด ปวงเบิฟ) ออท.สาธารณรัฐฝรั่งเศส(ฝรั่งเศส)/ไทย เข้าเยี่ยมคำนับ")
    assert (m.name, m.position) == ("Jean-Claude Poimbœuf", "ออท.สาธารณรัฐฝรั่งเศส(ฝรั่งเศส)/ไทย")
    m = _one("ด้านนายกิตติกานต์ จอมดวง จารุวรพลกุล ผู้อำนวยการองค์การขนส่งมวลชนกรุงเทพ กล่าวว่า")
    assert m.name == "กิตติกานต์ จอมดวง จารุวรพลกุล"


def test_nickname_between_names():
    m = _one("น.ส.กวิตา หรือเอิร์น ราชดา อายุ 25 ปี")
    assert m.name == "กวิตา ราชดา"


# --- false positives ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "นายกรัฐมนตรี กล่าวว่า รัฐบาลจะดูแลประชาชน",
    "นายกรัฐมนตรียืนยันรัฐบาลเน้นจัดลำดับการใช้งบประมาณ",
    "นายอำเภอเสาไห้ จึงสั่งการให้ปลัดอำเภอ",
    "นายทหาร ชั้นผู้ใหญ่ร่วมพิธี",
    "ขอเตือนนายจ้าง ประกอบการให้ปฏิบัติให้ถูกต้องตามกฎหมาย",
    "มีการดำเนินคดีสาย/นายหน้าเถื่อนแล้ว 88 ราย",
    "นางพยาบาล ประจำหอผู้ป่วย",
    "นายแพทย์สาธารณสุขจังหวัดสงขลา กล่าวว่า",
    "ได้รับใบอนุญาตจากนายทะเบียนจัดหางานกลาง ต้องระวางโทษ",
    "พร้อมนายตำรวจในสังกัด น.ส.ภีม",
    "นายวรณัฐ กล่าวว่า ตามที่ได้มียุทธศาสตร์ชาติ",
    "นายสุชาติ ได้รับมอบดอกไม้พร้อมพบปะพูดคุยด้วยความเป็นกันเอง",
    "นายวศิน อายุ 22 ปี , น.ส.จิดารัตน์ อายุ 21 ปี",
    "นายวศิน และ น.ส.จิดารัตน์ ได้",
    "ศ.คลินิก เกียรติคุณ นพ.ปิยะสกลกล่าวว่า  รัฐบาลมีนโยบายพัฒนาประเทศไทย",
    "พ.ร.บ. โรคติดต่อ พ.ศ. 2558 กำหนด",
    "การบริการที่มีคุณภาพ ชีวิตดีขึ้น",
    "ทนายสงกานต์ ได้โพสต์ข้อความ",
    "สมเด็จพระนางเจ้าสิริกิติ์ พระบรมราชินีนาถ ในรัชกาลที่ 9",
    "นายกฯ ก็พอแล้ว",
    "ได้รับปริญญา ดร. กิตติมศักดิ์ จากมหาวิทยาลัยขอนแก่น",
    "นายทุน ใหญ่และผู้มีอิทธิพลที่บุกรุกพื้นที่ป่าไม้",
    "นายวศิน ก้มกราบขอโทษนางสายรุ้ง กับยายน้องแอ๋ม",
    "พล.อ.ประวิตรฯ รอง นายกรัฐมนตรี",
])
def test_not_a_person(text):
    assert extract_people(text) == []


def test_first_name_reference_after_full_name_is_not_a_new_person():
    text = ("พล.อ.ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ชี้แจง ยืนยันว่าพรรคเพื่อไทย ไม่ได้ไปต่อสู้กับ"
            "พล.อ.ประยุทธ์ พรรคประชาธิปัตย์ หรือ กปปส.")
    assert people_in(text) == {"ประยุทธ์ จันทร์โอชา": {"นายกรัฐมนตรี"}}
    text = "นายกิตติเชษฐ์ พิพัฒน์เดชอุดม เจ้าของบัญชี และให้นายกิตติเชษฐ์ แจ้งชื่อ ไปทาง Inbox"
    assert list(people_in(text)) == ["กิตติเชษฐ์ พิพัฒน์เดชอุดม"]


def test_offsets_index_the_text_given():
    text = "\u200bวันนี้ (2 ธ.ค. 66) นายสุทธิพงษ์ จุลเจริญ ปลัดกระทรวงมหาดไทย เปิดเผย"
    m = _one(text)
    assert text[m.start:m.end] == "นายสุทธิพงษ์ จุลเจริญ"
    assert m.position == "ปลัดกระทรวงมหาดไทย"


def test_empty_text():
    assert extract_people("") == [] and people_in("") == {}


# --- helpers ------------------------------------------------------------------------
def test_people_in_collects_positions_per_name():
    text = ("นายอนุทิน ชาญวีรกูล รองนายกรัฐมนตรี ให้การต้อนรับ ต่อมา นายอนุทิน ชาญวีรกูล "
            "รัฐมนตรีว่าการกระทรวงมหาดไทย กล่าว และนางมาลี สุวรรณอัตถ์ เป็นที่ปรึกษา")
    assert people_in(text) == {
        "อนุทิน ชาญวีรกูล": {"รองนายกรัฐมนตรี", "รัฐมนตรีว่าการกระทรวงมหาดไทย"},
        "มาลี สุวรรณอัตถ์": set(),
    }


def test_name_words():
    words = name_words(extract_people("นายวีรนันทน์ เพ็งจันทร์ และนางยุถิกา อิศรางกูร ณ อยุธยา รองปลัดกระทรวง"))
    assert {"วีรนันทน์", "เพ็งจันทร์", "วีรนันทน์เพ็งจันทร์", "ยุถิกา", "อิศรางกูร", "อยุธยา"} <= words
    assert "ณ" not in words and not any(" " in w for w in words)


@pytest.mark.parametrize("position, short", [
    ("ผู้ว่าราชการจังหวัดสงขลา", "ผวจ.สงขลา"),
    ("รองผู้ว่าราชการจังหวัดสมุทรสงคราม", "รองผวจ.สมุทรสงคราม"),
    ("รัฐมนตรีว่าการกระทรวงมหาดไทย", "รมว.มท."),
    ("นายอำเภอเขาสวนกวาง", "นอภ.เขาสวนกวาง"),
    ("นายกรัฐมนตรี", "นายกฯ"),
])
def test_abbreviate_position(position, short):
    assert short in abbreviate_position(position)


def test_abbreviate_position_unknown():
    assert abbreviate_position("ผู้ใหญ่บ้านห้วยบาก") == []


# --- the hand-labelled evaluation --------------------------------------------------
@pytest.mark.corpus
def test_gold_precision_and_recall():
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"{SHARED} not present")
    spec = importlib.util.spec_from_file_location("eval_people", ROOT / "bench" / "eval_people.py")
    ev = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = ev  # its dataclasses look their module up
    spec.loader.exec_module(ev)
    gold = ev.load_gold()
    texts = ev.load_articles(gold, SHARED)
    if not texts:
        pytest.skip("gold articles absent")
    names = ev.evaluate(gold, texts)["overall"]["names"]
    assert names.precision >= 0.95, names.false_positives
    assert names.recall >= 0.90, names.misses
