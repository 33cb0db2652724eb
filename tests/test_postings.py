"""The fast indexing path: same postings as Whoosh's own pipeline, same answers.

An article is analysed once (``index.analysis``) and its fields take the
terms; ``ThaiText`` posts them without Whoosh's token pipeline, ``ThaiCodec``
stores rare terms inline, the posting pool spills in chunks: each gives
what stock Whoosh gives for the same input."""

from __future__ import annotations

import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from indexer.index.analysis import analyse
from indexer.index.build import to_document
from indexer.index.codec import ThaiCodec
from indexer.index.fields import ThaiText, thai_analyzer
from indexer.index.schema import make_schema
from indexer.index.writer import article_fields
from indexer.ingest import iter_source, read_file
from indexer.thai.normalize import normalize

from .conftest import SEED, THAIGOV_SAMPLE, need


def _postings(field, value) -> list:
    return sorted(field.index(value))


def _terms(text: str) -> list[str]:
    return analyse("", text).body_terms


def test_thai_text_gives_whoosh_postings_of_the_same_terms_on_the_seed():
    terms = _terms(normalize(SEED.read_text(encoding="utf-8")))
    for boost in (1.0, 2.0):
        stock = TEXT(analyzer=thai_analyzer(), field_boost=boost, phrase=False)
        fast = ThaiText(field_boost=boost)
        assert _postings(fast, terms) == _postings(stock, terms)


@pytest.mark.corpus
def test_thai_text_gives_whoosh_postings_of_the_same_terms_on_real_articles():
    stock, fast = TEXT(analyzer=thai_analyzer(), phrase=False), ThaiText()
    for path in sorted(need(THAIGOV_SAMPLE).rglob("*.txt"))[:60]:
        terms = _terms(normalize(path.read_text(encoding="utf-8-sig")))
        assert _postings(fast, terms) == _postings(stock, terms), path


def test_thai_text_given_a_string_analyses_it():
    text = "ผู้ว่าราชการจังหวัดสงขลา ประชุม ประชุม"
    assert _postings(ThaiText(), text) == _postings(ThaiText(), _terms(text))


def _articles(limit: int):
    out = []
    for src in iter_source(need(THAIGOV_SAMPLE)):
        out.extend(read_file(src).articles)
        if len(out) >= limit:
            return out
    return out


def _every_posting(ix) -> dict:
    with ix.searcher() as s:
        reader = s.reader()
        found = {}
        for field in ("title", "body", "person", "position"):
            for term in reader.lexicon(field):
                m = reader.postings(field, term)
                found[field, term] = sorted((s.stored_fields(d)["id"], v) for d, v in m.items_as("frequency")) \
                    if field in ("title", "body") else sorted(s.stored_fields(d)["id"] for d in m.all_ids())
        return found


@pytest.mark.corpus
def test_thai_codec_index_reads_back_exactly_like_w3(tmp_path):
    """Inlined terms (rare ones) and block terms answer as W3's own index does."""
    articles = _articles(120)
    built = {}
    for name, codec in (("w3", W3Codec()), ("thai", ThaiCodec())):
        (tmp_path / name).mkdir()
        ix = index.create_in(tmp_path / name, make_schema())
        with SegmentWriter(ix, codec=codec, compound=False) as w:
            for article in articles:
                doc = to_document(article)
                w.add_document(**article_fields(doc, analyse(doc["title"], doc["body"])))
        built[name] = ix
    assert _every_posting(built["thai"]) == _every_posting(built["w3"])
    for text in ("ผู้ว่าราชการจังหวัด", "ประชุม", "นายกรัฐมนตรี กล่าว"):
        answers = []
        for ix in built.values():
            with ix.searcher() as s:
                q = QueryParser("body", ix.schema).parse(text)
                answers.append([(h["id"], round(h.score, 4)) for h in s.search(q, limit=50)])
        assert answers[0] == answers[1], text


@pytest.mark.parametrize("maxfiles", [128, 3])
def test_chunked_pool_gives_whoosh_pools_postings(tmp_path, maxfiles):
    """Spilled to several runs (and, with few open files allowed, runs merged
    into runs first), the chunked pool gives the same sorted postings."""
    import random

    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    from indexer.index.codec import ChunkedPostingPool

    rng = random.Random(3)
    words = ["ประชุม", "การประชุม", "สงขลา", "ผู้ว่าราชการจังหวัด", "หนู", "รอ", "ต"]
    items = [(rng.choice(["title", "body"]), rng.choice(words).encode("utf-8") + str(rng.randrange(500)).encode(),
              rng.randrange(20000), float(rng.randrange(1, 4)), bytes(rng.randrange(256) for _ in range(6)))
             for _ in range(40000)]
    results = []
    for kind in (PostingPool, ChunkedPostingPool):
        storage = FileStorage(str(tmp_path / kind.__name__)).create()
        pool = kind(storage, None, limitmb=1)
        for item in items:
            pool.add(item)
        assert len(pool.runs) >= 4  # it spilled
        results.append(list(pool.items(maxfiles=maxfiles)))
    assert results[0] == results[1] == sorted(items)


def test_a_one_process_build_writer_spills_in_chunks(tmp_path):
    from indexer.index.build import _writer
    from indexer.index.codec import ChunkedPostingPool
    from indexer.index.store import create_index

    writer = _writer(create_index(tmp_path / "ix"), 1, [])
    try:
        assert type(writer.pool) is ChunkedPostingPool
    finally:
        writer.cancel()
