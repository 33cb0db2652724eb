"""Property: a unit taken from any article finds exactly the articles that hold it.

A Thai corpus is generated here (dictionary words and people's names from
PyThaiNLP's own word lists, glued into unspaced runs as Thai is written,
honorifics glued to names and to the words before them), indexed in a temp
dir, and searched for random pieces of random articles, cut where a Thai
reader could cut (never inside a letter's cluster). Each search must return
every article holding the piece, with the exact total; an article that does
not hold it may only come from a variant the response lists.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from pythainlp.corpus import thai_family_names, thai_male_names, thai_words

from indexer.index.build import build_index
from indexer.search import Searcher
from indexer.thai.chars import ends_cluster, starts_cluster
from indexer.thai.normalize import normalize

ARTICLES = 90
QUERIES = 300
HONORIFICS = ["นาย", "นาง", "นางสาว", "พลเอก", "พันเอก", "ดร.", "นายแพทย์", "คุณหญิง"]
GLUE = ["โดยมี", "ร่วมกับ", "ของ", "และ", "พร้อมด้วย", ""]


def _corpus(rng: random.Random) -> list[dict]:
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)
    words = rng.sample(words, 1500)
    firsts = rng.sample(sorted(thai_male_names()), 40)
    lasts = rng.sample(sorted(thai_family_names()), 40)
    articles = []
    for n in range(ARTICLES):
        runs = []
        for _ in range(rng.randint(15, 40)):
            if rng.random() < 0.15:
                runs.append(f"{rng.choice(GLUE)}{rng.choice(HONORIFICS)}{rng.choice(firsts)}")
                runs.append(rng.choice(lasts))
            else:
                runs.append("".join(rng.choice(words) for _ in range(rng.randint(1, 6))))
        title = " ".join("".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(3))
        articles.append({"title": title, "content": " ".join(runs), "url": f"https://example.test/{n}",
                         "date": (date(2019, 1, 1) + timedelta(days=7 * n)).isoformat()})
    return articles


def _pieces(rng: random.Random, articles: list[dict]) -> list[str]:
    out = []
    while len(out) < QUERIES:
        article = rng.choice(articles)
        chunk = rng.choice((article["title"] + " " + article["content"]).split())
        if len(chunk) < 2:
            continue
        i = rng.randrange(0, len(chunk) - 1)
        j = rng.randrange(i + 2, min(len(chunk), i + 25) + 1)
        piece = chunk[i:j]
        if starts_cluster(chunk, i) and ends_cluster(chunk, j) and normalize(piece) == piece \
                and piece.strip(".") == piece:
            out.append(piece)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    rng = random.Random(14)
    articles = _corpus(rng)
    src = tmp_path_factory.mktemp("property-src")
    for n, article in enumerate(articles):
        (src / f"{n}.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    ix = tmp_path_factory.mktemp("property-ix")
    build_index([src], ix, progress=False)
    texts = {a["url"]: normalize(a["title"]) + "\n" + normalize(a["content"]) for a in articles}
    return Searcher(ix), texts, _pieces(rng, articles), articles


def test_every_article_holding_a_piece_is_found_with_the_exact_total(corpus):
    searcher, texts, pieces, _ = corpus
    for piece in pieces:
        holders = {url for url, text in texts.items() if piece in text}
        result = searcher.search(piece, size=100, facets=False)
        found = searcher.search_ids(piece, limit=1000)
        assert result["total"] == len(found), piece
        assert holders <= set(found), (piece, holders - set(found))
        variants = [v for u in result["interpretation"]["units"] for v in u["variants"]]
        for url in set(found) - holders:
            assert any(v in texts[url] for v in variants), (piece, url, variants)


def test_filters_keep_every_holder_inside_them(corpus):
    searcher, texts, pieces, articles = corpus
    dates = {a["url"]: a["date"] for a in articles}
    for piece in pieces[:80]:
        found = set(searcher.search_ids(piece, "2019-03-01", "2019-09-30", limit=1000))
        holders = {url for url, text in texts.items() if piece in text and "2019-03-01" <= dates[url] <= "2019-09-30"}
        assert holders <= found, piece
        assert all("2019-03-01" <= dates[url] <= "2019-09-30" for url in found), piece
