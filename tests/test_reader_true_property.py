"""Property: a word finds exactly the articles that hold it as a Thai reader reads them.

A corpus is generated here: random runs of PyThaiNLP dictionary words, glued
as Thai is written, into which short dictionary words are planted both as
words (`ขา`, alone or glued to the words around it) and inside other
syllables (`ขาย`, `เลขา`... the word's letters in a dictionary word whose
syllables do not cut them out). Which articles hold a word is decided by
PyThaiNLP's own word and syllable tokenizers on each article's text
(``bench/reader_oracle.py``), never by the engine: every search must return
exactly those articles, with the exact total, with and without a date
filter.

PyThaiNLP has two syllable engines, and where they disagree neither answer
is wrong for a reader: the dictionary reads the glued `ข้าวนาปี` as
`ข้า|วนา|ปี`, han_solo as `ข้าว|นา|ปี`. An article counts as holding a word
when both engines' cuts say so, as not holding it when neither does; the
few that only one engine decides (8 of 111 here) may go either way (and are
counted, so a corpus where they stop being few fails).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

from bench.reader_oracle import ReaderOracle, holds
from indexer.index.build import build_index
from indexer.search import Searcher
from indexer.search.probes import search_ids
from indexer.thai.normalize import normalize

ARTICLES = 120
TARGETS = 30
# the issue's own words first, then random ones
KNOWN = ["อาย", "ขา", "ป่า", "ข้าว", "วงการ", "ตา", "ยา", "ปนเป"]
# carriers no single dictionary word makes: two words, the target across their cut
GLUED_CARRIERS = {"วงการ": ["ช่วงการ", "ห่วงการ"], "ข้าว": ["เข้าวัด", "เข้าวง"]}
PLAIN = set("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะัาำิีึืฺุู็่้๊๋์เแโใไ")


def _targets(rng: random.Random, words: list[str]) -> dict[str, list[str]]:
    """Short words with dictionary words that hold their letters inside other syllables."""
    short = [w for w in words if 2 <= len(w) <= 4]
    longer = [w for w in words if 3 <= len(w) <= 9]
    out: dict[str, list[str]] = {}
    for target in KNOWN + rng.sample(short, len(short)):
        carriers = [w for w in longer if target in w and w != target]
        carriers = [w for w in carriers[:200] if word_tokenize(w, engine="newmm") == [w] and not holds(w, target)]
        carriers += [w for w in GLUED_CARRIERS.get(target, ()) if not holds(w, target)]
        if len(carriers) >= 2 - (target in KNOWN) and holds(target, target) and target not in out:
            out[target] = rng.sample(carriers, min(4, len(carriers)))
        if len(out) == TARGETS:
            break
    return out


def _corpus(rng: random.Random) -> tuple[list[dict], dict[str, list[str]]]:
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and set(w) <= PLAIN and normalize(w) == w)
    targets = _targets(rng, words)
    fillers = [w for w in rng.sample(words, 4000) if not any(t in w for t in targets)]
    articles = []
    for n in range(ARTICLES):
        runs = ["".join(rng.choice(fillers) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(15, 30))]
        for _ in range(rng.randint(0, 4)):
            target = rng.choice(list(targets))
            planted = target if rng.random() < 0.4 else rng.choice(targets[target])
            at = rng.randrange(len(runs))
            if rng.random() < 0.5:
                runs.insert(at, planted)  # a run of its own, spaces around it
            else:
                runs[at] = runs[at] + planted + rng.choice(fillers)  # glued between words
        title = " ".join("".join(rng.choice(fillers) for _ in range(rng.randint(1, 3))) for _ in range(3))
        articles.append({"title": title, "content": " ".join(runs), "url": f"https://example.test/{n}",
                         "date": (date(2019, 1, 1) + timedelta(days=5 * n)).isoformat()})
    return articles, targets


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    articles, targets = _corpus(random.Random(21))
    src = tmp_path_factory.mktemp("reader-src")
    for n, article in enumerate(articles):
        (src / f"{n}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    ix = tmp_path_factory.mktemp("reader-ix")
    build_index([src], ix, progress=False)
    texts = [normalize(a["title"]) + "\n" + normalize(a["content"]) for a in articles]
    return Searcher(ix), articles, texts, targets


_ORACLES: dict[tuple[int, str], ReaderOracle] = {}


def _holders(articles, texts, word: str, engine: str, window=None) -> set[str]:
    oracle = _ORACLES.setdefault((id(texts), engine), ReaderOracle(texts, engine))
    holders = oracle.holders(word, [i for i, text in enumerate(texts) if word in text])
    return {articles[i]["url"] for i in holders
            if window is None or window[0] <= articles[i]["date"] <= window[1]}


def _expected(articles, texts, word: str, window=None) -> set[str]:
    """The articles both of PyThaiNLP's syllable engines say hold `word`."""
    return _holders(articles, texts, word, "dict", window) & _holders(articles, texts, word, "han_solo", window)


def _undecided(articles, texts, word: str, window=None) -> set[str]:
    """The articles only one of the two engines says hold `word`."""
    return _holders(articles, texts, word, "dict", window) ^ _holders(articles, texts, word, "han_solo", window)


def test_the_corpus_plants_words_both_ways(corpus):
    _, articles, texts, targets = corpus
    inside_only = sum(1 for t in targets for i, text in enumerate(texts)
                      if t in text and articles[i]["url"] not in _expected(articles, texts, t))
    as_words = sum(len(_expected(articles, texts, t)) for t in targets)
    assert len(targets) == 30 and set(KNOWN) <= set(targets), targets
    assert inside_only >= 60 and as_words >= 60, (inside_only, as_words)


def test_a_word_finds_exactly_the_articles_holding_it_as_a_word(corpus):
    searcher, articles, texts, targets = corpus
    decided = undecided = 0
    for word in targets:
        expected, either = _expected(articles, texts, word), _undecided(articles, texts, word)
        result = searcher.search(word, size=100, facets=True)
        found = set(search_ids(searcher, word, limit=1000))
        assert found - either == expected, (word, sorted(found - expected - either), sorted(expected - found))
        assert result["total"] == len(found) == sum(f["count"] for f in result["facets"]["year"]), word
        decided, undecided = decided + len(expected), undecided + len(either)
    assert undecided <= decided // 10, (undecided, decided)


def test_a_date_filter_keeps_exactly_the_holders_inside_it(corpus):
    searcher, articles, texts, targets = corpus
    window = ("2019-03-01", "2019-09-30")
    for word in targets:
        expected, either = _expected(articles, texts, word, window), _undecided(articles, texts, word, window)
        found = set(search_ids(searcher, word, *window, limit=1000))
        assert found - either == expected, word
        assert searcher.search(word, *window)["total"] == len(found), word
