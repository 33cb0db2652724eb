"""The evaluation harness (bench/): query generation, oracles, both engines, the table.

Runs on a tiny Thai corpus written to tmp_path, so it needs nothing from
../shared and takes a few seconds.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import eval_search  # noqa: E402
import make_queries  # noqa: E402
import naive  # noqa: E402

ARTICLES = [
    {
        "title": "ผู้ว่าราชการจังหวัดสงขลาเปิดงานประชุมเชิงปฏิบัติการ | เดลินิวส์",
        "content": "นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา เป็นประธานเปิดการประชุมเชิงปฏิบัติการ "
                   "เรื่องการพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่ ณ ห้องประชุมศาลากลางจังหวัดสงขลา "
                   "โดยมีหัวหน้าส่วนราชการเข้าร่วมเป็นจำนวนมาก",
        "date": "2017-06-03T02:00:00Z", "url": "https://example.test/news/1",
    },
    {
        "title": "เกษตรจังหวัดตราดเร่งแก้ปัญหาหนอนหัวดำมะพร้าว",
        "content": "นายพงษ์ศักดิ์ เอมดวง เกษตรจังหวัดตราด มอบหมายให้เจ้าหน้าที่ สำรวจแปลงมะพร้าวของเกษตรกร "
                   "ที่ถูกหนอนหัวดำทำลาย ในพื้นที่ตำบลหนองเสม็ด อำเภอเมืองตราด และแนะนำวิธีป้องกันการระบาด",
        "date": "2017-06-04T03:00:00Z", "url": "https://example.test/news/2",
    },
    {
        "title": "กระทรวงสาธารณสุขเตือนประชาชนระวังโรคไข้เลือดออกช่วงฤดูฝน",
        "content": "นางสาวอรทัย สมใส นักวิชาการสาธารณสุข กล่าวว่า ช่วงฤดูฝนยุงลายขยายพันธุ์ได้รวดเร็ว "
                   "ประชาชนควรกำจัดแหล่งเพาะพันธุ์ยุงลายรอบบ้าน และหากมีไข้สูงให้รีบพบแพทย์ทันที",
        "date": "2017-07-10T01:00:00Z", "url": "https://example.test/news/3",
    },
    {
        "title": "นายกรัฐมนตรีประชุมคณะรัฐมนตรีนัดพิเศษที่ทำเนียบรัฐบาล",
        "content": "พลเอกประยุทธ์ จันทร์โอชา นายกรัฐมนตรี เป็นประธานการประชุมคณะรัฐมนตรี "
                   "ที่ทำเนียบรัฐบาล เพื่อพิจารณามาตรการช่วยเหลือเกษตรกรและการพัฒนาคุณภาพชีวิตของประชาชน",
        "date": "2017-07-11T04:00:00Z", "url": "https://example.test/news/4",
    },
    {
        "title": "ตำรวจภูธรจังหวัดสงขลาจับกุมผู้ต้องหาลักลอบขนยาเสพติด",
        "content": "พล.ต.ต.สมชาย เกตุแก้วทอง ผู้บังคับการตำรวจภูธรจังหวัดสงขลา แถลงผลการจับกุมผู้ต้องหา "
                   "ลักลอบขนยาเสพติดข้ามจังหวัด พร้อมของกลางจำนวนมาก ที่ด่านตรวจอำเภอหาดใหญ่",
        "date": "2017-07-20T05:00:00Z", "url": "https://example.test/news/5",
    },
]

TEXT_ARTICLES = {
    "songkhla.txt": "โรงเรียนในจังหวัดสงขลาจัดกิจกรรมวันสิ่งแวดล้อมโลก\n"
                    "วันนี้ (5 มิ.ย. 60) นางมาลี ศรีสุข ผู้อำนวยการโรงเรียน นำนักเรียนปลูกต้นไม้ริมคลอง "
                    "เพื่อสร้างจิตสำนึกในการอนุรักษ์สิ่งแวดล้อม และการพัฒนาคุณภาพชีวิตของประชาชนในชุมชน\n",
    "trat.txt": "ชาวสวนจังหวัดตราดพอใจราคาทุเรียนปีนี้\n"
                "วันนี้ (12 ก.ค. 60) เกษตรกรชาวสวนทุเรียนในจังหวัดตราด ต่างพอใจราคาผลผลิต "
                "ซึ่งสูงกว่าปีที่ผ่านมา โดยพ่อค้าคนกลางรับซื้อถึงหน้าสวน\n",
}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny-news")
    for i, record in enumerate(ARTICLES, 1):
        (root / f"news{i}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for name, text in TEXT_ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def queries(corpus_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("queries") / "q.jsonl"
    rc = make_queries.main([str(corpus_dir), "--out", str(out), "--per-type", "5", "--seed", "7",
                            "--min-df", "0.2", "--max-df", "0.8"])
    assert rc == 0
    return out


def test_loader_matches_ingest(corpus_dir):
    articles = make_queries.load_articles([corpus_dir])
    assert len(articles) == len(ARTICLES) + len(TEXT_ARTICLES)
    assert {a.id for a in articles} >= {r["url"] for r in ARTICLES}
    first = next(a for a in articles if a.id == "https://example.test/news/1")
    assert first.title == "ผู้ว่าราชการจังหวัดสงขลาเปิดงานประชุมเชิงปฏิบัติการ"  # site suffix removed
    assert first.date.isoformat() == "2017-06-03"


def test_substring_scanner_counts_each_article_once(corpus_dir):
    corpus = make_queries.Corpus(make_queries.load_articles([corpus_dir]))
    for needle in ("จังหวัดสงขลา", "การพัฒนาคุณภาพชีวิตของประชาชน", "ตราด", "ไม่มีในข่าวเลยแน่นอน"):
        expected = [a.id for a in corpus.articles if needle in make_queries.article_text(a)]
        assert corpus.oracle(needle) == expected
    assert len(corpus.oracle("จังหวัดสงขลา")) == 3


def test_names_after_titles():
    text = ("นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา พบกับนายกรัฐมนตรี ประยุทธ์ "
            "และพล.ต.ต.สมชาย เกตุแก้วทอง ส่วนนางสาวอรทัย กล่าวว่า พร้อม")
    names = make_queries.find_names(text, make_queries._title_words(), make_queries._dictionary())
    assert names == ["วีรนันทน์ เพ็งจันทร์", "สมชาย เกตุแก้วทอง"]


def test_query_file_shape_and_oracles(queries, corpus_dir):
    rows = [json.loads(line) for line in queries.read_text(encoding="utf-8").splitlines()]
    kinds = {r["type"] for r in rows}
    assert kinds == set(make_queries.TYPES)
    articles = {a.id: a for a in make_queries.load_articles([corpus_dir])}
    for r in rows:
        assert set(r) >= {"type", "query", "from", "to", "oracle"}
        assert r["oracle"] and set(r["oracle"]) <= set(articles)
        if r["type"] == "known-item":
            assert r["oracle"] == [r["target"]] and articles[r["target"]].title == r["query"]
            continue
        inside = [i for i, a in articles.items() if r["query"] in make_queries.article_text(a)]
        if r["type"] == "date-filtered":
            assert r["from"] < r["to"]
            inside = [i for i in inside if articles[i].date
                      and r["from"] <= articles[i].date.isoformat() <= r["to"]]
        assert sorted(inside) == sorted(r["oracle"])
        if r["type"] == "phrase":
            assert 8 <= len(r["query"]) <= 30 and " " not in r["query"]
        if r["type"] == "name":
            assert len(r["query"].split(" ")) == 2
    meta = json.loads(Path(str(queries) + ".meta.json").read_text(encoding="utf-8"))
    assert meta["articles"] == len(articles)


def test_end_to_end_both_engines(queries, corpus_dir, tmp_path, capsys):
    out = tmp_path / "eval.json"
    rc = eval_search.main([str(queries), "--build", str(corpus_dir), "--json", str(out)])
    assert rc == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# python bench/eval_search.py")
    assert str(corpus_dir) in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    metrics = result["metrics"]
    assert set(metrics) == {"thainews", "naive"}
    for engine, per_type in metrics.items():
        assert set(per_type) == set(make_queries.TYPES)
        for kind, m in per_type.items():
            assert m["n"] >= 1
            assert m["errors"] == 0, (engine, kind)
            for key in ("mrr10", "s10", "recall", "p10", "p10k", "in_window"):
                if m.get(key) is not None:
                    assert 0.0 <= m[key] <= 1.0, (engine, kind, key, m[key])
            assert m["mean_ms"] >= 0 and m["p95_ms"] >= m["mean_ms"] * 0.0
            line = next(l for l in printed.splitlines() if l.split()[:2] == [kind, engine])
            assert line.split()[2] == str(m["n"])
        assert per_type["known-item"]["mrr10"] is not None
        assert per_type["date-filtered"]["in_window"] == 1.0
    # on a corpus this small every engine finds a unique headline
    assert metrics["naive"]["known-item"]["s10"] == 1.0
    assert result["engines"]["thainews"]["docs"] == result["engines"]["naive"]["docs"] == 7


def test_naive_baseline_directly(corpus_dir, tmp_path):
    articles = make_queries.load_articles([corpus_dir])
    naive.build_naive(articles, tmp_path / "naive")
    ns = naive.NaiveSearcher(tmp_path / "naive")
    ids = ns.search_ids("สงขลา")
    assert "https://example.test/news/1" in ids
    assert ns.search_ids("สงขลา", "2017-07-01", "2017-07-31") == ["https://example.test/news/5"]
    assert ns.date_of("https://example.test/news/5").isoformat() == "2017-07-20"


def test_scoring_definitions():
    qs = [{"type": "phrase", "query": "x", "oracle": ["a", "b", "c"]},
          {"type": "known-item", "query": "t", "target": "b", "oracle": ["b"]},
          {"type": "name", "query": "y", "oracle": ["a"]}]
    runs = [{"ids": ["a", "z", "b"], "ms": 1.0, "error": None},
            {"ids": ["a", "b"], "ms": 3.0, "error": None},
            {"ids": [], "ms": 2.0, "error": "QueryError: no"}]
    summary, rows = eval_search.score(qs, runs, lambda i: None)
    assert math.isclose(summary["phrase"]["recall"], 2 / 3)
    assert math.isclose(summary["phrase"]["p10"], 2 / 3)      # 2 of the 3 returned
    assert math.isclose(summary["phrase"]["p10k"], 2 / 3)     # k = min(10, 3) = 3
    assert summary["known-item"]["mrr10"] == 0.5 and summary["known-item"]["s10"] == 1.0
    assert summary["name"]["errors"] == 1 and summary["name"]["empty"] == 1
    assert summary["name"]["recall"] == 0.0 and math.isnan(summary["name"]["p10"])
