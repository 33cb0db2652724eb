"""The scale point's generated archive (bench/scale.py) and the build processes' memory and CPU (bench/procmem.py).

A small thaigov-style corpus is written in tmp_path; nothing here needs ../shared.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

import pytest

from bench import builds, procmem, scale

PARAGRAPHS = [
    "นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา เป็นประธานเปิดการประชุมเชิงปฏิบัติการ",
    "เกษตรกรชาวสวนทุเรียนในจังหวัดตราด ต่างพอใจราคาผลผลิตซึ่งสูงกว่าปีที่ผ่านมา",
    "กระทรวงสาธารณสุขเตือนประชาชนระวังโรคไข้เลือดออกช่วงฤดูฝน ยุงลายขยายพันธุ์ได้รวดเร็ว",
    "ตำรวจภูธรจังหวัดสงขลา แถลงผลการจับกุมผู้ต้องหาลักลอบขนยาเสพติด ที่ด่านตรวจอำเภอหาดใหญ่",
]


@pytest.fixture(scope="module")
def donors(tmp_path_factory) -> scale.Donors:
    root = tmp_path_factory.mktemp("scale-corpus")
    for k in range(6):  # 5 of 20 paragraphs each: a recombined body is unlike any other
        body = "\n".join(f"{PARAGRAPHS[(k + j) % 4]} ครั้งที่ {(k * 5 + j) % 20 + 1}" for j in range(5))
        text = builds._thaigov_text(f"ข่าวจริงที่ {k + 1} จังหวัดสงขลา", date(2019, 8, 1 + k), body,
                                    f"https://example.test/news/{k + 1}")
        (root / f"news_{k + 1:02d}.txt").write_text(text, encoding="utf-8")
    return scale.Donors([root])


def test_the_generated_archive_is_real_text_under_new_ids_over_twenty_years(donors, tmp_path):
    from indexer.ingest import unique_articles

    gen, kept = scale.generate(donors, 50, tmp_path / "gen", seed=7, per_file=20, keep_every=10)
    assert gen["articles"] == 50 and gen["files"] == 3 and len(kept) == 5
    articles = list(unique_articles([tmp_path / "gen"]))
    assert len(articles) == 50  # no article is taken for another's duplicate
    real_titles = {title for title, _, _ in donors.heads}
    for a in articles:
        assert a.id.startswith(scale.HOST) and "example.test" not in a.id  # a new id, never a real URL
        assert date(2006, 1, 1) <= a.date <= date(2025, 12, 31)
        assert a.title in real_titles
        assert set(a.body.split("\n")) <= set(donors.paragraphs)  # whole real paragraphs, recombined
    assert len({a.date.year for a in articles}) >= 10  # spread over the years, not one month


def test_a_smaller_archive_is_the_start_of_a_larger_one(donors, tmp_path):
    scale.generate(donors, 10, tmp_path / "small", seed=7, per_file=20)
    scale.generate(donors, 30, tmp_path / "large", seed=7, per_file=20)
    small = (tmp_path / "small" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    large = (tmp_path / "large" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert small == large[:10]
    scale.generate(donors, 10, tmp_path / "other", seed=8, per_file=20)
    assert (tmp_path / "other" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines() != small


def test_a_build_tree_is_sampled_down_to_the_grandchildren():
    """A sharded build's workers are the build's grandchildren: their memory and CPU count."""
    code = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', "
            "'import time\\nt = time.process_time()\\nwhile time.process_time() - t < 0.6: pass\\ntime.sleep(30)']);"
            " p.wait()")
    parent = subprocess.Popen([sys.executable, "-c", code])
    try:
        with procmem.WorkerMemory(parent.pid, interval=0.1, tree=True) as mem:
            deadline = time.monotonic() + 20
            while mem.cpu_used() < 0.5 and time.monotonic() < deadline:
                time.sleep(0.1)
        rows = mem.report()
        assert len(rows) == 1 and rows[0]["pid"] in procmem.descendants(parent.pid)
        assert rows[0]["peak"]["USS"] > 0 and mem.cpu_used() >= 0.5
    finally:
        for pid in [*procmem.descendants(parent.pid), parent.pid]:  # only what this test started
            subprocess.run(["kill", str(pid)], check=False)
        parent.wait()
