"""A small newsroom archive written by the tests (no corpus text is committed).

Daily News-style JSON articles: English category slugs (``politics``,
``royalnews`` ...), dates over June 2017 with a few earlier months, officials
named with their positions (one with the extractor's trailing-word noise,
``นายกรัฐมนตรีมีคำ``), URLs on dailynews.co.th. The counts are fixed, so
tests can assert them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

PM = "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีมีคำสั่งให้หน่วยงานเร่งช่วยเหลือประชาชน"
GOVERNOR = "นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา เปิดงานประชุมเชิงปฏิบัติการ"
MINISTER = "นายอนุทิน ชาญวีรกูล รัฐมนตรีว่าการกระทรวงสาธารณสุข กล่าวว่าไข้เลือดออกระบาดหนัก"

# (category, how many, who is named, topic words)
PLAN = [
    ("politics", 14, PM, "งบประมาณแผ่นดิน การเมืองไทย"),
    ("regional", 8, GOVERNOR, "น้ำท่วมภาคใต้ จังหวัดสงขลา"),
    ("politics", 4, GOVERNOR + " " + PM, "น้ำท่วมภาคใต้ งบประมาณแผ่นดิน"),
    ("economic", 6, MINISTER, "ราคายางพารา เศรษฐกิจชุมชน"),
    ("royalnews", 3, "", "ประชาชนร่วมถวายพระพร พระราชพิธี"),
    ("crime", 5, "", "จับกุมผู้ต้องหา ยาเสพติด งบประมาณแผ่นดิน"),
]
ARTICLES = sum(n for _, n, _, _ in PLAN)  # 40
FIRST_DAY = dt.date(2017, 6, 1)


def articles() -> list[dict]:
    out = []
    number = 0
    for category, count, named, topic in PLAN:
        for _ in range(count):
            number += 1
            # most in June 2017, every fifth one a month or two earlier
            day = FIRST_DAY + dt.timedelta(days=(number * 3) % 30)
            if number % 5 == 0:
                day = day.replace(month=4 if number % 10 else 3)
            body = (f"{named} เรื่อง{topic} ฉบับที่ {number}\n"
                    f"ย่อหน้าที่สอง ผู้สื่อข่าวรายงานว่า{topic} มีความคืบหน้าต่อเนื่อง\n"
                    f"ย่อหน้าที่สาม สรุปสถานการณ์{topic} ล่าสุด")
            out.append({
                "id": f"n{number}",
                "title": f"ข่าว{topic.split()[0]} ฉบับที่ {number} | เดลินิวส์",
                "description": topic,
                "content": body,
                "category": category,
                "url": f"https://www.dailynews.co.th/{category}/{570000 + number}",
                "date": f"{day.isoformat()}T03:00:00Z",
            })
    return out


def write_corpus(root: Path) -> Path:
    """Write the articles as one JSON file each, in category folders."""
    for article in articles():
        path = root / article["category"] / f"{article['id']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    return root


def build(tmp_root: Path, index_dir: Path) -> Path:
    from indexer.index.build import build_index

    build_index([write_corpus(tmp_root)], index_dir, progress=False)
    return index_dir
