"""The evaluation harness (bench/): query generation, oracles, both engines, the table.

Runs on a tiny Thai corpus written to tmp_path, so it needs nothing from
../shared and takes a few seconds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench import (
    eval_metrics,
    eval_report,
    eval_search,
    glued_queries,
    make_queries,
    naive,
    oracle_corpus,
    reader_oracle,
    titled_names,
    unspaced_queries,
)
from indexer.ingest.article import Article

BENCH = Path(__file__).resolve().parents[1] / "bench"

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
    articles = oracle_corpus.load_articles([corpus_dir])
    assert len(articles) == len(ARTICLES) + len(TEXT_ARTICLES)
    assert {a.id for a in articles} >= {r["url"] for r in ARTICLES}
    first = next(a for a in articles if a.id == "https://example.test/news/1")
    assert first.title == "ผู้ว่าราชการจังหวัดสงขลาเปิดงานประชุมเชิงปฏิบัติการ"  # site suffix removed
    assert first.date.isoformat() == "2017-06-03"


def test_substring_scanner_counts_each_article_once(corpus_dir):
    corpus = oracle_corpus.Corpus(oracle_corpus.load_articles([corpus_dir]))
    for needle in ("จังหวัดสงขลา", "การพัฒนาคุณภาพชีวิตของประชาชน", "ตราด", "ไม่มีในข่าวเลยแน่นอน"):
        expected = [a.id for a in corpus.articles if needle in oracle_corpus.article_text(a)]
        assert corpus.oracle(needle) == expected
    assert len(corpus.oracle("จังหวัดสงขลา")) == 3


def test_names_after_titles():
    text = ("นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา พบกับนายกรัฐมนตรี ประยุทธ์ "
            "และพล.ต.ต.สมชาย เกตุแก้วทอง ส่วนนางสาวอรทัย กล่าวว่า พร้อม")
    names = titled_names.find_names(text, titled_names.title_compounds(), titled_names.thai_dictionary())
    assert names == ["วีรนันทน์ เพ็งจันทร์", "สมชาย เกตุแก้วทอง"]


def test_query_file_shape_and_oracles(queries, corpus_dir):
    rows = [json.loads(line) for line in queries.read_text(encoding="utf-8").splitlines()]
    kinds = {r["type"] for r in rows}
    assert kinds == set(make_queries.TYPES)
    articles = {a.id: a for a in oracle_corpus.load_articles([corpus_dir])}
    for r in rows:
        assert set(r) >= {"type", "query", "from", "to", "oracle"}
        assert r["oracle"] and set(r["oracle"]) <= set(articles)
        if r["type"] == "known-item":
            assert r["oracle"] == [r["target"]] and articles[r["target"]].title == r["query"]
            continue
        if r["type"] == "unspaced":
            assert not any(r["query"] in oracle_corpus.article_text(a) for a in articles.values())
            inside = [i for i, a in articles.items()
                      if all(reader_oracle.holds(oracle_corpus.article_text(a), w) for w in r["words"])]
        else:
            # where a Thai reader finds it: PyThaiNLP's word or syllable cuts decide
            inside = [i for i, a in articles.items() if reader_oracle.holds(oracle_corpus.article_text(a), r["query"])]
        if r["type"] == "date-filtered":
            assert r["from"] < r["to"]
            inside = [i for i in inside if articles[i].date
                      and r["from"] <= articles[i].date.isoformat() <= r["to"]]
        assert sorted(inside) == sorted(r["oracle"])
        if r["type"] == "phrase":
            assert 8 <= len(r["query"]) <= 30 and " " not in r["query"]
        if r["type"] == "name":
            assert len(r["query"].split(" ")) == 2
        if r["type"] in ("glued", "unspaced"):
            assert " " not in r["query"]
    meta = json.loads(Path(str(queries) + ".meta.json").read_text(encoding="utf-8"))
    assert meta["articles"] == len(articles)


def test_end_to_end_both_engines(queries, corpus_dir, tmp_path, capsys):
    out = tmp_path / "eval.json"
    rc = eval_search.main([str(queries), "--build", str(corpus_dir), "--json", str(out), "--no-fail"])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "thainews known-item MRR@10 >= 0.995" in printed and "unspaced all-words" in printed
    assert printed.startswith("# python -m bench.eval_search")
    assert str(corpus_dir) in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    metrics = result["metrics"]
    assert set(metrics) == {"thainews", "naive"}
    for engine, per_type in metrics.items():
        assert set(per_type) == set(make_queries.TYPES)
        for kind, m in per_type.items():
            assert m["n"] >= 1
            assert m["errors"] == 0, (engine, kind)
            for key in ("mrr10", "s10", "recall", "p10", "p10k", "in_window", "held", "success"):
                if m.get(key) is not None:
                    assert 0.0 <= m[key] <= 1.0, (engine, kind, key, m[key])
            assert m["mean_ms"] >= 0 and m["p95_ms"] >= m["mean_ms"] * 0.0
            line = next(row for row in printed.splitlines() if row.split()[:2] == [kind, engine])
            assert line.split()[2] == str(m["n"])
        assert per_type["known-item"]["mrr10"] is not None
        assert per_type["date-filtered"]["in_window"] == 1.0
    # on a corpus this small every engine finds a unique headline
    assert metrics["naive"]["known-item"]["s10"] == 1.0
    assert result["engines"]["thainews"]["docs"] == result["engines"]["naive"]["docs"] == 7
    # "held" reads each hit's headline and body back from the engine: a phrase is
    # text of an article, so every hit holds it (0.02 when the body was not read)
    assert metrics["thainews"]["phrase"]["held"] == 1.0
    assert {c["check"] for c in result["checks"]} >= {"phrase held >= 0.98", "unspaced all-words >= 0.98"}
    unspaced = [r for r in result["per_query"]["thainews"] if r["type"] == "unspaced"]
    assert unspaced and all("words" in r and "all_words" in r and "units" in r for r in unspaced)


def test_naive_baseline_directly(corpus_dir, tmp_path):
    articles = oracle_corpus.load_articles([corpus_dir])
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
    summary, rows = eval_metrics.score(qs, runs, lambda i: None)
    assert math.isclose(summary["phrase"]["recall"], 2 / 3)
    assert math.isclose(summary["phrase"]["p10"], 2 / 3)      # 2 of the 3 returned
    assert math.isclose(summary["phrase"]["p10k"], 2 / 3)     # k = min(10, 3) = 3
    assert summary["known-item"]["mrr10"] == 0.5 and summary["known-item"]["s10"] == 1.0
    assert summary["name"]["errors"] == 1 and summary["name"]["empty"] == 1
    assert summary["name"]["recall"] == 0.0 and math.isnan(summary["name"]["p10"])


# ------------------------------------------------- glued and unspaced (issue 14)

GLUED_TEXT = ("การประชุมครั้งนี้โดยมีนายอุตตม สาวนายน รัฐมนตรีว่าการกระทรวงการคลัง "
              "ร่วมกับพันเอกสุวิทย์ ทองประเสริฐ และนายแพทย์สิริฤกษ์ ทรงศิวิไล "
              "ของรศ.ดร.สวัสดิ์ วงศ์ไทย ได้รับคุณหญิงกอแก้ว วิลาสินี "
              "เดือนมิถุนายนนี้ เจ้านายสั่ง นายกรัฐมนตรีกล่าว นายกฤษศญพงษ์ ศิริ "
              "ส่วนนายอุตตมกล่าวว่า จะเดินทางเรียบร้อย")
FIRST_NAMES = frozenset({"อุตตม", "สุวิทย์", "สิริฤกษ์", "สวัสดิ์", "กอแก้ว", "กฤษศญพงษ์", "เดิน"})


def _sites(text=GLUED_TEXT, first_names=FIRST_NAMES):
    from indexer.thai.segment import segment

    return glued_queries.glued_sites(text, first_names, glued_queries._glued_title_words(),
                                     titled_names.thai_dictionary(), segment)


def test_glued_sites_cut_at_whole_words():
    found = _sites()
    sites = {(s["title"], s["first"]): s for s in found if s["run"] != "อุตตมกล่าวว่า"}
    assert len(found) == len(sites) + 1
    assert set(sites) == {("นาย", "อุตตม"), ("พันเอก", "สุวิทย์"), ("นายแพทย์", "สิริฤกษ์"),
                          ("รศ.ดร.", "สวัสดิ์"), ("คุณหญิง", "กอแก้ว"), ("นาย", "กฤษศญพงษ์")}
    # มิถุนายน, เจ้านาย (a title inside a word), นายกรัฐมนตรี (a rank), เรียบร้อย: no site
    assert sites[("นาย", "อุตตม")]["prefix"] == ["โดย", "มี"]
    assert sites[("พันเอก", "สุวิทย์")]["prefix"] == ["ร่วมกับ"]
    assert sites[("รศ.ดร.", "สวัสดิ์")]["prefix"] == ["ของ"] and sites[("รศ.ดร.", "สวัสดิ์")]["cuts"] == ["ดร."]
    assert sites[("นายแพทย์", "สิริฤกษ์")]["cuts"] == ["แพทย์"]
    assert sites[("คุณหญิง", "กอแก้ว")]["cuts"] == []
    # the second อุตตม is glued to the next words: the name ends at the known first name
    glued_on = [s for s in _sites() if s["run"] == "อุตตมกล่าวว่า"]
    assert glued_on and glued_on[0]["first"] == "อุตตม" and glued_on[0]["prefix"] == ["ส่วน"]


def test_glued_queries_of_each_form():
    import random

    rng = random.Random(1)
    dictionary = titled_names.thai_dictionary()
    seen: dict[str, set[str]] = {}
    for site in _sites():
        for form in glued_queries.glued_forms(site, dictionary):
            for _ in range(8):
                q = glued_queries.glued_query(site, form, rng)
                seen.setdefault(form, set()).add(q)
                assert q and " " not in q and q in GLUED_TEXT
    assert {"โดยมีนายอุตตม", "มีนายอุตตม", "ร่วมกับพันเอกสุวิทย์", "ของรศ.ดร.สวัสดิ์"} <= seen["prefix"]
    assert {"แพทย์สิริฤกษ์", "ดร.สวัสดิ์"} <= seen["cut-title"]
    assert {"คุณหญิงกอแก้ว", "พันเอกสุวิทย์", "นายอุตตมกล่าวว่า"} <= seen["title"]
    assert seen["name"] == {"อุตตม", "สุวิทย์", "สิริฤกษ์", "กอแก้ว", "กฤษศญพงษ์"}  # สวัสดิ์: a dictionary word
    assert not any(q.startswith(("ยอุตตม", "ยสิริ", "ยแพทย์")) for qs in seen.values() for q in qs)


GLUED_ARTICLES = [
    {"title": "รัฐมนตรีคลังหารือภาคเอกชน",
     "content": GLUED_TEXT, "date": "2019-08-01T02:00:00Z", "url": "https://example.test/g/1"},
    {"title": "ผู้ว่าราชการจังหวัดเชียงใหม่ตรวจด่าน",
     "content": "นายกรัฐมนตรีมอบนโยบาย โดยมีนายอุตตม สาวนายน ร่วมประชุม ตำรวจภูธรเชียงใหม่จับกุมผู้ต้องหา "
                "พร้อมยาบ้าจำนวนมาก ผู้ว่าราชการจังหวัดเชียงใหม่ แถลงข่าว พลเอกประยุทธ์ จันทร์โอชา",
     "date": "2019-08-02T02:00:00Z", "url": "https://example.test/g/2"},
    {"title": "ตำรวจจับยาบ้าที่ชายแดน",
     "content": "เจ้าหน้าที่ตำรวจ ตรวจค้นรถบรรทุก พบยาบ้า ซุกซ่อนในกระบะ นายแพทย์สิริฤกษ์ ทรงศิวิไล ให้ความเห็น "
                "เรื่องการบำบัดผู้เสพยาเสพติด ในโรงพยาบาลชุมชน",
     "date": "2019-08-03T02:00:00Z", "url": "https://example.test/g/3"},
]


@pytest.fixture(scope="module")
def glued_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("glued-news")
    for i, record in enumerate(GLUED_ARTICLES, 1):
        (root / f"g{i}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return oracle_corpus.Corpus(oracle_corpus.load_articles([root]))


def test_make_glued_oracles_and_seed(glued_corpus):
    import random

    got = glued_queries.make_glued(glued_corpus, random.Random("42:glued"), 20)
    again = glued_queries.make_glued(glued_corpus, random.Random("42:glued"), 20)
    assert got == again and len(got) >= 8
    assert {q["form"] for q in got} == set(glued_queries.GLUED_FORMS)
    assert len({q["query"] for q in got}) == len(got)
    for q in got:
        assert q["type"] == "glued" and " " not in q["query"]
        expected = [a.id for a, t in zip(glued_corpus.articles, glued_corpus.texts) if q["query"] in t]
        assert q["oracle"] == expected and q["origin"] in expected
        if q["form"] == "name":
            assert q["title"] not in q["query"]
    by_query = {q["query"]: q for q in got}
    if "โดยมีนายอุตตม" in by_query:
        assert len(by_query["โดยมีนายอุตตม"]["oracle"]) == 2


def test_make_unspaced_not_verbatim_every_word(glued_corpus):
    import random

    got = unspaced_queries.make_unspaced(glued_corpus, random.Random("42:unspaced"), 30)
    assert got == unspaced_queries.make_unspaced(glued_corpus, random.Random("42:unspaced"), 30)
    assert len(got) >= 5
    dictionary, stop = titled_names.thai_dictionary(), unspaced_queries._stop_words()
    for q in got:
        words = q["words"]
        assert 2 <= len(words) <= 3 and q["query"] == "".join(words)
        assert all(len(w) >= 2 and w in dictionary and w not in stop for w in words)
        assert not any(q["query"] in t for t in glued_corpus.texts)  # no verbatim occurrence
        origin = glued_corpus.texts[glued_corpus.ids.index(q["origin"])]
        at = [origin.find(w) for w in words]
        assert all(a >= 0 for a in at)
        expected = [i for i, t in zip(glued_corpus.ids, glued_corpus.texts) if all(w in t for w in words)]
        assert q["oracle"] == expected


def test_units_and_holds():
    units = eval_metrics.query_units('นายก "ประยุทธ์  จันทร์โอชา" “ครม.” - ')
    assert [u["text"] for u in units] == ["นายก", "ประยุทธ์ จันทร์โอชา", "ครม."]
    text = "นายกรัฐมนตรี พลเอกประยุทธ์ จันทร์โอชา ประชุม ครม."
    assert eval_metrics.holds(text, units)
    assert not eval_metrics.holds("นายกรัฐมนตรี ประชุม ครม.", units)
    variant = [{"text": "น.ส.กวิตา", "match": "exact", "variants": ["นส.กวิตา"], "words": []}]
    assert eval_metrics.holds("และ นส.กวิตา หรือ", variant)
    by_words = [{"text": "นายกประยุทธ์", "match": "words", "variants": [], "words": ["นายก", "ประยุทธ์"]}]
    assert eval_metrics.holds(text, by_words)
    assert not eval_metrics.holds("นายกรัฐมนตรีกล่าว", by_words)
    assert eval_metrics.holds("Bangkok Post", eval_metrics.query_units("bangkok"))  # case-insensitive


def test_scoring_held_unspaced_and_checks():
    texts = {"a": "นายกรัฐมนตรี พลเอกประยุทธ์", "b": "นายกสมาคม", "c": "ประยุทธ์ กล่าว", "d": "น.ส.กวิตา", "e": "นส.กวิตา"}
    qs = [{"type": "unspaced", "query": "นายกประยุทธ์", "words": ["นายก", "ประยุทธ์"], "oracle": ["a"]},
          {"type": "unspaced", "query": "ตำรวจจับยาบ้า", "words": ["ตำรวจ", "จับ", "ยาบ้า"], "oracle": ["x"]},
          {"type": "glued", "query": "น.ส.กวิตา", "oracle": ["d"]},
          {"type": "glued", "query": "น.ส.กวิตา", "oracle": ["d"]}]
    listed = {"units": [{"text": "น.ส.กวิตา", "match": "exact", "variants": ["นส.กวิตา"], "words": []}],
              "message": None}
    runs = [{"ids": ["a", "b", "c"], "ms": 1.0, "error": None},
            {"ids": [], "ms": 1.0, "error": None},
            {"ids": ["d", "e"], "ms": 1.0, "error": None},                              # no interpretation
            {"ids": ["d", "e"], "ms": 1.0, "error": None, "interpretation": listed}]
    summary, rows = eval_metrics.score(qs, runs, lambda i: None, text_of=texts.get)
    assert math.isclose(summary["unspaced"]["success"], 1 / 3)   # only a holds both words
    assert summary["unspaced"]["empty_with_oracle"] == 1
    assert rows[0]["not_all_words"] == ["b", "c"] and rows[0]["words"] == ["นายก", "ประยุทธ์"]
    assert rows[2]["held"] == 1 and rows[2]["not_held"] == ["e"]  # the query's own text only
    assert rows[3]["held"] == 2 and rows[3]["interpretation"] == listed
    assert math.isclose(summary["glued"]["held"], 3 / 4) and summary["glued"]["interpreted"] == 1
    verdicts = {label: ok for label, ok, _ in eval_report.checks(summary)}
    assert verdicts == {"glued R@300 >= 0.995": True, "glued P@10(k) >= 0.98": True,
                        "glued held >= 0.98": False, "unspaced all-words >= 0.98": False,
                        "unspaced: no empty result (oracle not empty)": False}
    printed = eval_report.format_checks(eval_report.checks(summary))
    assert printed.splitlines()[0].startswith("PASS  thainews glued R@300")


def test_exit_status_follows_checks(queries, corpus_dir, tmp_path, monkeypatch, capsys):
    index = tmp_path / "idx"
    args = [str(queries), "--build", str(corpus_dir), "--index", str(index), "--no-naive", "--limit-queries", "2"]
    monkeypatch.setattr(eval_search, "checks", lambda summary: [("always", False, "x")])
    assert eval_search.main(args) == 1
    assert "FAIL  thainews always" in capsys.readouterr().out
    assert eval_search.main([str(queries), "--index", str(index), "--no-fail", "--limit-queries", "2"]) == 0
    monkeypatch.setattr(eval_search, "checks", lambda summary: [("always", True, "x")])
    assert eval_search.main([str(queries), "--index", str(index), "--limit-queries", "2"]) == 0


def test_unspaced_skips_pieces_of_names():
    from indexer.thai.segment import segment

    tokens = segment("พลเอกประยุทธ์ จันทร์โอชา นายกรัฐมนตรี")
    names = frozenset({"จันทร์โอชา"})
    pieces = [t for k, t in enumerate(tokens) if unspaced_queries._in_name(tokens, k, names)]
    assert "โอชา" in pieces and "ประยุทธ์" not in pieces and "นายกรัฐมนตรี" not in pieces


def test_glued_name_alone_mostly_after_a_title():
    articles = [Article(title="ข่าว", body=body, source="t", id=f"n{i}") for i, body in enumerate([
        "นายพชร ใจดี มาเยือน", "ราคาเพชร สูงขึ้น", "ร้านเพชร เปิดใหม่", "นายกฤษศญพงษ์ ศิริ", "กฤษศญพงษ์ กล่าว"])]
    corpus = oracle_corpus.Corpus(articles)
    assert not glued_queries._mostly_a_name(corpus, "พชร")  # 1 of the 3 articles holding it: เพชร
    assert glued_queries._mostly_a_name(corpus, "กฤษศญพงษ์")
