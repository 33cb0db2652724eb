"""Shared fixtures: the embedded corpus, ../shared corpora, built indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_a5a97db9e4167df2.txt"
SHARED = ROOT.parent / "shared"
THAIGOV_SAMPLE = SHARED / "corpora" / "thaigov-sample"
DAILYNEWS = SHARED / "corpora" / "dailynews-2017.tar.gz"


# Fixtures that read ../shared: a test using one, directly or through another
# fixture, is marked ``corpus`` (``pytest -m "not corpus"`` runs without it).
CORPUS_FIXTURES = {"sample_index"}


# Modules whose tests take seconds each (builds killed and rerun, a server
# under load, the fuzzer, the evaluation harness, the fault corpus): marked
# ``slow``, left out of ``make check``.
SLOW_MODULES = {"test_crash", "test_reindex_load", "test_fuzz", "test_eval_harness", "test_faults"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def stored_articles(index_dir: Path) -> list[dict]:
    """Every live article's stored fields, with its body, url and source (Whoosh keeps
    those in columns of their own, not with the other stored fields; absent: left out)."""
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        columns = {name: reader.column_reader(name) for name in ("body", "url", "source")}
        return [{**reader.stored_fields(d), **{name: column[d] for name, column in columns.items()
                                               if column[d] or name == "body"}}
                for d in reader.all_doc_ids()]


def json_corpus_index(tmp_path_factory, name: str, records: dict[str, dict]) -> Path:
    """An index of `records` written as JSON files (``{file stem: record}``), in temp dirs."""
    import json

    from indexer.index.build import build_index

    src = tmp_path_factory.mktemp(f"{name}-src")
    for stem, record in records.items():
        (src / f"{stem}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    target = tmp_path_factory.mktemp(f"{name}-ix")
    build_index([src], target, progress=False)
    return target


def need(path: Path) -> Path:
    """Skip the test when a ../shared corpus is absent (a user's fresh clone)."""
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the embedded corpus (the seed article)."""
    from indexer.index.build import build_index

    target = tmp_path_factory.mktemp("seed-index")
    build_index([CORPUS], target, progress=False)
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """An index of ../shared thaigov-sample plus the seed (skipped when absent)."""
    from indexer.index.build import build_index

    need(THAIGOV_SAMPLE)
    target = tmp_path_factory.mktemp("sample-index")
    build_index([THAIGOV_SAMPLE, CORPUS], target, progress=False)
    return target


# Hostile document text: markup and script in titles, bodies, categories and
# URLs, as scraped corpora carry it. Every page must show it as text.
XSS_FILES = {
    "xss/a.txt": (
        '<script>alert("xss-title")</script> ข่าวสงขลาทดสอบ\n'
        "26 สิงหาคม 2562\n"
        'นายสมศักดิ์ รักดี ผู้ว่าราชการจังหวัดสงขลา กล่าวว่า <img src=x onerror=alert("xss-img")> สงขลา\n'
        'ย่อหน้าที่สอง "><svg onload=alert("xss-svg")> สงขลา <mark>ปลอม</mark> '
        '<a href="javascript:alert(\'xss-a\')">ลิงก์</a> สงขลา\n'
    ),
    "xss/b.json": (
        '{"title": "&lt;img src=x onerror=alert(&quot;xss-json-title&quot;)&gt; สงขลา ข่าวที่สอง",'
        ' "body": "เนื้อหา &lt;script&gt;alert(\'xss-json-body\')&lt;/script&gt; สงขลา นายสมศักดิ์ รักดี",'
        ' "date": "2019-08-27", "url": "javascript:alert(\'xss-url\')",'
        ' "category": "\\"><svg onload=alert(\'xss-cat\')>"}'
    ),
    "xss/c.json": (
        '{"title": "สงขลา ข่าวที่สาม ลิงก์ต้นฉบับ", "body": "สงขลา เนื้อหาธรรมดา",'
        ' "date": "2019-08-28", "url": " JaVaScRiPt:alert(\'xss-url2\')", "category": "ข่าว<b>ตัวหนา</b>"}'
    ),
    "xss/d.json": (
        '{"title": "สงขลา ข่าวที่สี่", "body": "สงขลา ต้นฉบับมีเครื่องหมาย",'
        ' "date": "2019-08-29", "url": "https://example.com/a?b=\\"><script>alert(\'xss-href\')</script>"}'
    ),
}


@pytest.fixture(scope="session")
def xss_index(tmp_path_factory) -> Path:
    """An index of articles whose text, category and URL carry XSS payloads."""
    from indexer.index.build import build_index

    root = tmp_path_factory.mktemp("xss-corpus")
    for name, text in XSS_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    target = tmp_path_factory.mktemp("xss-index")
    build_index([root / "xss"], target, progress=False)
    return target


@pytest.fixture(scope="session")
def newsroom_index(tmp_path_factory) -> Path:
    """The newsroom archive the tests write (tests/newsroom_corpus.py), indexed once per run."""
    from tests.newsroom_corpus import build

    return build(tmp_path_factory.mktemp("newsroom-corpus"), tmp_path_factory.mktemp("newsroom-index"))


@pytest.fixture(scope="module")
def nr_app(newsroom_index):
    from webui import create_app

    return create_app({"INDEX_DIR": str(newsroom_index), "TESTING": True})


@pytest.fixture(scope="module")
def nr(nr_app):
    return nr_app.test_client()


@pytest.fixture(scope="module")
def app(seed_index):
    """The Flask app over the seed index (a fresh one per test module)."""
    from webui import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


# A small archive (tests/test_shards.py's ``write_archive``, a term all in one shard
# included), as one index and as 1, 2 and 3 shards: what the shard and router tests
# compare. Built once per module that asks.
@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    from .test_shards import write_archive

    return write_archive(tmp_path_factory.mktemp("shard-src"))


@pytest.fixture(scope="module")
def single(archive, tmp_path_factory):
    from indexer.index.build import build_index
    from indexer.search import Searcher

    target = tmp_path_factory.mktemp("single")
    build_index([archive], target, progress=False)
    searcher = Searcher(target)
    yield searcher
    searcher.close()


@pytest.fixture(scope="module", params=[1, 2, 3])
def sharded(request, archive, tmp_path_factory):
    from indexer.index.build import build_index
    from indexer.search import open_service

    target = tmp_path_factory.mktemp(f"shards{request.param}")
    build_index([archive], target, progress=False, shards=request.param)
    service = open_service(target)
    yield service
    service.close()
