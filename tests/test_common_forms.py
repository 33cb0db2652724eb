"""A segment's common forms are read once per generation, and change no answer."""

from __future__ import annotations

import numpy as np
import pytest

import indexer.matching.occurrences as occurrences
from indexer.matching.kept import CommonForms
from indexer.search import Searcher
from indexer.search.probes import forget_results

from .conftest import json_corpus_index
from .test_count import QUERIES
from .test_reader_examples import ARTICLES


def _made(calls: list, size: int):
    def make():
        calls.append(size)
        return np.arange(size, dtype=np.int64), np.arange(size, dtype=np.intp)
    return make


def test_a_form_is_made_once_and_kept_read_only():
    kept, calls = CommonForms(limit=1 << 20), []
    first = kept.get("และ", _made(calls, 10))
    again = kept.get("และ", _made(calls, 10))
    assert again is first and calls == [10]
    with pytest.raises(ValueError):
        first[0][0] = 5  # shared by every search: never changed in place


def test_the_least_recently_used_go_first_past_the_limit():
    kept, calls = CommonForms(limit=2 * 16 * 100), []  # two forms of 100 occurrences (two int64 arrays)
    kept.get("ที่", _made(calls, 100))
    kept.get("และ", _made(calls, 100))
    kept.get("ที่", _made(calls, 100))  # used again: และ is now the oldest
    kept.get("ให้", _made(calls, 100))
    kept.get("ที่", _made(calls, 100))
    kept.get("และ", _made(calls, 100))
    assert calls == [100, 100, 100, 100]  # ที่ stayed; และ was dropped and made again


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return json_corpus_index(tmp_path_factory, "common", {
        name: {"title": title, "content": body, "url": f"https://example.test/{name}", "date": "2019-08-26"}
        for name, (title, body) in ARTICLES.items()})


def _answers(searcher: Searcher) -> list:
    out = []
    for q in QUERIES + ["นายกประยุทธ์", "หรือคิดเป็นร้อยละ 18", "ผู้สื่อข่าวรายงานว่าพลเอก"]:
        forget_results(searcher)
        result = searcher.search(q, size=20)
        out.append((q, result["total"], result.get("counts"), [(h["id"], h["score"]) for h in result["hits"]]))
    return out


def test_keeping_every_form_changes_no_answer(index_dir, monkeypatch):
    plain = Searcher(index_dir)
    expected = _answers(plain)
    plain.close()
    monkeypatch.setattr(occurrences, "COMMON_OCCURRENCES", 0)  # every form kept
    kept = Searcher(index_dir)
    first, from_kept = _answers(kept), _answers(kept)  # the second time from what was kept
    assert first == expected
    assert from_kept == expected
    kept.close()
