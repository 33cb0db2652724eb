"""The block-at-a-time posting readers answer as Whoosh's matcher does."""

from __future__ import annotations

import random

import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher

from indexer.blocks import all_ids_of, decode_positions, held_by
from indexer.index.store import open_index


@pytest.fixture(scope="module")
def reader(sample_index):
    with open_index(sample_index).searcher() as s:
        # the largest segment: its common words span several posting blocks
        sub = max((sub for sub, _ in s.subsearchers), key=lambda x: x.doc_count_all())
        yield sub.reader()


def _terms(reader, kind):
    """Body terms read through Whoosh's block matcher, or stored inline."""
    found = []
    for text in ("ที่", "การ", "จังหวัด", "ประชาชน", "สงขลา", "หนูรอต", "เพ็งจันทร์", "คณะ"):
        if reader.doc_frequency("body", text) and isinstance(reader.postings("body", text), kind):
            found.append(text)
    return found


@pytest.mark.parametrize("kind", [W3LeafMatcher, ListMatcher])
def test_ids_and_held_articles_as_whoosh_gives_them(reader, kind):
    terms = _terms(reader, kind)
    assert terms, kind
    rng = random.Random(7)
    everyone = list(range(reader.doc_count_all()))
    for text in terms:
        expected = list(reader.postings("body", text).all_ids())
        assert all_ids_of(reader.postings("body", text)) == expected
        for share in (0.01, 0.2, 0.9):
            asked = sorted(rng.sample(everyone, max(1, int(len(everyone) * share))))
            matcher = reader.postings("body", text)
            got = []
            for doc in held_by(matcher, asked):
                assert matcher.id() == doc  # left on the article: value and score are its own
                got.append((doc, matcher.value()))
            stock = reader.postings("body", text)
            want = []
            for doc in asked:
                if stock.is_active() and stock.id() < doc:
                    stock.skip_to(doc)
                if stock.is_active() and stock.id() == doc:
                    want.append((doc, stock.value()))
            assert got == want, (text, share)


def test_positions_decode_as_whoosh_decodes_them(reader):
    fmt = reader.schema["body"].format
    matcher = reader.postings("body", "ที่")
    for _ in range(50):
        value = matcher.value()
        assert list(decode_positions(value)) == fmt.decode_positions(value)
        matcher.next()
