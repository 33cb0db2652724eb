"""A small archive about officials, written by the tests (no corpus text is committed).

Each article names officials as Thai government news does, with the traps
issue 24 found on the real archives: a position followed by the rest of the
sentence with no space (``นายกรัฐมนตรีเข้าร่วม...``), one person under three
spellings (``อนุทิน ชาญวีรกูล`` / ``ชาญวีรกุล`` / ``ชาญวีกูล``), a
professor's titles (``ศาสตราจารย์ คลินิก เกียรติคุณ นายแพทย์``), a first
name that starts like an office (``นายกลินท์``), a governor written in full
and abbreviated (``ผวจ.เชียงใหม่``), and two brothers whose short first
names differ by one letter. The counts are fixed, so tests can assert them.
"""

from __future__ import annotations

import json
from pathlib import Path

PM = "ประยุทธ์ จันทร์โอชา"
ANUTIN = "อนุทิน ชาญวีรกูล"
ANUTIN_SPELLINGS = {"อนุทิน ชาญวีรกุล": 2, "อนุทิน ชาญวีกูล": 1}  # other spellings: articles
PIYASAKOL = "ปิยะสกล สกลสัตยาทร"
KALIN = "กลินท์ สารสิน"
GOVERNOR_FULL = "ศุภชัย เอี่ยมสุวรรณ"  # written "ผู้ว่าราชการจังหวัดเชียงใหม่"
GOVERNOR_SHORT = "ปวิณ ชำนิประศาสน์"  # written "ผวจ.เชียงใหม่"
BROTHERS = ("ชัย ศรีสุข", "ชาย ศรีสุข")

# what the prime minister is called, then the sentence glued to it
PM_SENTENCES = [
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีเข้าร่วมการประชุมสุดยอดอาเซียน ณ กรุงเทพมหานคร",
    "พล.อ.ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีเองได้กำชับให้ทุกหน่วยงานเร่งช่วยเหลือ",
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีในฐานะผู้อำนวยการรักษาความมั่นคงภายในราชอาณาจักร สั่งการ",
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงกลาโหมชื่นชมแนวคิดของคณะแพทยศาสตร์",
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี และ รัฐมนตรีว่าการกระทรวงกลาโหม เป็นประธานการประชุม",
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี เป็นประธานการประชุมสรุปผลการปฏิบัติงาน",
]
PM_POSITIONS = {"นายกรัฐมนตรี", "นายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงกลาโหม"}

ANUTIN_SENTENCES = [
    "นายอนุทิน ชาญวีรกูล รองนายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงสาธารณสุข ตรวจเยี่ยมโรงพยาบาล",
    "นายอนุทิน ชาญวีรกูล รองนายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงสาธารณสุขมอบนโยบาย",
    "นายอนุทิน ชาญวีรกูล รองนายกรัฐมนตรี เปิดงานมหกรรมสุขภาพ",
    "นายอนุทิน ชาญวีรกุล รองนายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงสาธารณสุข ประชุมทางไกล",
    # one article with two spellings: the person is named in it once
    "นายอนุทิน ชาญวีรกุล รองนายกรัฐมนตรี กล่าวว่า ต่อมานายอนุทิน ชาญวีรกูล ได้ตอบคำถามสื่อมวลชน",
    "นายอนุทิน ชาญวีกูล รัฐมนตรีว่าการกระทรวงสาธารณสุข แถลงข่าว",
]

OTHER_SENTENCES = [
    "ศาสตราจารย์ คลินิก เกียรติคุณ นายแพทย์ปิยะสกล สกลสัตยาทร รัฐมนตรีว่าการกระทรวงสาธารณสุข กล่าวว่า",
    "ศาสตราจารย์คลินิก เกียรติคุณ นายแพทย์ปิยะสกล สกลสัตยาทร รัฐมนตรีว่าการกระทรวงสาธารณสุข ตรวจเยี่ยม",
    "นายกลินท์ สารสิน ประธานสภาหอการค้าแห่งประเทศไทย เข้าพบนายกรัฐมนตรี",
    "นายศุภชัย เอี่ยมสุวรรณ ผู้ว่าราชการจังหวัดเชียงใหม่ ลงพื้นที่ตรวจหมอกควัน",
    "นายปวิณ ชำนิประศาสน์ ผวจ.เชียงใหม่ ประชุมแก้ปัญหาไฟป่า",
    "นายชัย ศรีสุข ผู้ใหญ่บ้านหนองบัว และนายชาย ศรีสุข ผู้ใหญ่บ้านหนองแวง ร่วมงานบุญ",
]


def articles() -> list[dict]:
    """Every article, one sentence each (plus a second paragraph), dated over 2019."""
    out = []
    for number, sentence in enumerate(PM_SENTENCES + ANUTIN_SENTENCES + OTHER_SENTENCES, 1):
        out.append({
            "id": f"p{number}",
            "title": f"ข่าวทำเนียบรัฐบาล ฉบับที่ {number}",
            "content": f"{sentence}\nผู้สื่อข่าวรายงานเพิ่มเติมว่า การดำเนินงานเป็นไปด้วยความเรียบร้อย",
            "category": "ข่าวทำเนียบรัฐบาล",
            "url": f"https://www.thaigov.go.th/news/contents/details/{1000 + number}",
            "date": f"2019-{1 + number % 12:02d}-{1 + number % 27:02d}",
        })
    return out


def write_corpus(root: Path) -> Path:
    """Write the articles as JSON files, one each."""
    for article in articles():
        (root / f"{article['id']}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    return root


def build(corpus_dir: Path, index_dir: Path) -> Path:
    """Write and index the archive; return the index directory."""
    from indexer.index.build import build_index

    build_index([write_corpus(corpus_dir)], index_dir, progress=False)
    return index_dir
