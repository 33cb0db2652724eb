"""A sharded archive's router: deep pages by cursor, and an answer when a shard is down (issue 25).

A journalist paging deep into a search with the API's `next` cursor must
get exactly the pages the page numbers give, in one index and in shards
(``tests/test_shards.py`` checks every other answer). When a part of the
archive does not answer, the search still answers from the rest, says so
(``shards``, ``partial``: the totals are lower bounds), and the page says
it in the reader's language; it never fails with a 500.
"""

from __future__ import annotations

import pytest

from indexer.index.build import build_index
from indexer.index.shards import shard_dirs
from indexer.search import open_service
from indexer.search.router import Router
from indexer.search.scatter import LocalShard, ShardDown

from .test_shards import SKEWED

# a query ranked by closeness, one by its key alone, a common word, every article
PAGED = ["งบประมาณแผ่นดิน", "น้ำท่วมภาคใต้ สงขลา", SKEWED, "ข่าว", ""]


def _walk(service, q: str, sort: str, size: int) -> list[list[tuple]]:
    """Every page of a search, each after the last one's `next` cursor."""
    pages, after = [], None
    while True:
        result = service.search(q, size=size, sort=sort, search_after=after)
        pages.append([(h["id"], h["score"], h["snippet"]) for h in result["hits"]])
        after = result["next"]
        if after is None:
            return pages


def _numbered(service, q: str, sort: str, size: int, count: int) -> list[list[tuple]]:
    return [[(h["id"], h["score"], h["snippet"]) for h in service.search(q, page=p, size=size, sort=sort)["hits"]]
            for p in range(1, count + 1)]


@pytest.mark.parametrize("sort", ["relevance", "date", "oldest"])
def test_pages_after_a_cursor_are_the_numbered_pages(single, sharded, sort):
    for q in PAGED:
        for service in (single, sharded):
            walked = _walk(service, q, sort, 7)
            numbered = _numbered(service, q, sort, 7, len(walked))
            assert walked == numbered, (q, sort)
            total = service.search(q, sort=sort)["total"]
            assert sum(len(p) for p in walked) == total
        assert _walk(sharded, q, sort, 7) == _walk(single, q, sort, 7)


def test_a_cursor_that_is_not_one_is_refused_in_plain_words(single, sharded):
    from indexer.search import QueryError

    for service in (single, sharded):
        with pytest.raises(QueryError, match="next"):
            service.search("ข่าว", search_after="page two please")


class _Down(LocalShard):
    """A shard none of whose replicas answers."""

    def call(self, method, *args):
        if method in ("own", "adopt"):
            return super().call(method, *args)
        raise ShardDown("no replica of shard answered")


@pytest.fixture()
def half_down(archive, tmp_path_factory):
    target = tmp_path_factory.mktemp("router-down")
    build_index([archive], target, progress=False, shards=2)
    first, second = shard_dirs(target)
    whole = Router([LocalShard(first), LocalShard(second)], target)
    broken = Router([LocalShard(first), _Down(second)], target)
    yield target, whole, broken
    whole.close()
    broken.close()


def test_a_shard_down_gives_a_flagged_partial_answer(half_down):
    _, whole, broken = half_down
    for q in ("ข่าว", SKEWED, ""):
        full, part = whole.search(q), broken.search(q)
        assert full["shards"] == {"total": 2, "ok": 2, "failed": []} and "partial" not in full
        assert part["shards"] == {"total": 2, "ok": 1, "failed": [1]}
        assert part["partial"] is True and part["total_is_lower_bound"] is True
        # what the shard that answered holds, never more than the archive
        assert part["total"] <= full["total"]
        assert sum(v["count"] for v in part["facets"]["category"]) == part["total"]
        assert {h["id"] for h in part["hits"]} <= {h["id"] for h in whole.search(q, size=100)["hits"]}


def test_the_page_says_when_a_shard_is_down_in_the_readers_language(half_down):
    from webui import create_app
    from webui.engine import _KEY

    target, _, broken = half_down
    app = create_app({"INDEX_DIR": str(target), "TESTING": True})
    app.extensions[_KEY] = broken
    client = app.test_client()
    thai = client.get("/?q=ข่าว")
    assert thai.status_code == 200
    assert "ผลการค้นหาไม่ครบ" in thai.get_data(as_text=True)
    english = client.get("/?q=ข่าว", headers={"Accept-Language": "en"})
    assert english.status_code == 200 and "Incomplete results" in english.get_data(as_text=True)
    api = client.get("/api/search?q=ข่าว").get_json()
    assert api["partial"] is True and api["shards"]["failed"] == [1]
    whole = client.get("/?q=ข่าว&page=2")
    assert whole.status_code == 200


def test_the_router_reads_the_shards_new_generation(archive, tmp_path):
    """A build committing to the shards while the site serves them: the next search reads the
    new articles, ranked with the new archive's figures (as a fresh router ranks them)."""
    import json

    build_index([archive], tmp_path / "ix", progress=False, shards=3)
    serving = open_service(tmp_path / "ix")
    try:
        assert serving.search(SKEWED)["total"] == 6
        extra = tmp_path / "extra"
        extra.mkdir()
        for n in range(4):
            record = {"title": f"{SKEWED}ล้นตลาด ฉบับที่ {n}", "content": f"ชาวสวนขาย{SKEWED}ราคาถูก {n}",
                      "url": f"https://www.dailynews.co.th/economic/59{n:04d}", "category": "economic",
                      "date": "2017-06-20T03:00:00Z"}
            (extra / f"x{n}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        build_index([archive, extra], tmp_path / "ix", progress=False)
        fresh = open_service(tmp_path / "ix")
        got, expected = dict(serving.search(SKEWED)), dict(fresh.search(SKEWED))
        fresh.close()
        for result in (got, expected):
            result.pop("took_ms")
        assert got["total"] == 10 and got == expected
    finally:
        serving.close()


def test_a_shard_reads_officials_anew_when_another_shard_changes(archive, tmp_path):
    """A build that adds articles to one shard only changes the archive's figures every
    shard ranks and names officials by: the directory and cards are the new archive's."""
    import json

    from indexer.index.shards import shard_of

    build_index([archive], tmp_path / "ix", progress=False, shards=2)
    serving = open_service(tmp_path / "ix")
    try:
        before = serving.directory()
        extra = tmp_path / "extra"
        extra.mkdir()
        n = 0
        for number in range(600000, 600100):
            url = f"https://www.dailynews.co.th/politics/{number}"
            if shard_of(url, 2) != 1 or n == 3:
                continue
            record = {"title": f"นายกรัฐมนตรีลงพื้นที่ ฉบับที่ {n}",
                      "content": f"พล.อ.ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ลงพื้นที่ตรวจราชการ ครั้งที่ {n}",
                      "url": url, "category": "politics", "date": "2017-06-21T03:00:00Z"}
            (extra / f"p{n}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            n += 1
        build_index([archive, extra], tmp_path / "ix", progress=False)
        fresh = open_service(tmp_path / "ix")
        try:
            assert serving.directory() == fresh.directory() != before
            name = fresh.directory()["people"][0]["name"]
            assert serving.person(name) == fresh.person(name)
        finally:
            fresh.close()
    finally:
        serving.close()


def test_the_evaluations_ranked_ids_are_one_indexs(single, sharded):
    """What the evaluation and the benchmarks read (``probes.search_ids``): the same ids in
    the same order from the shards as from one index."""
    from indexer.search.probes import forget_results, search_ids

    for q in PAGED + ["ประยุธ", "นายกประยุทธ์"]:
        forget_results(sharded)
        assert search_ids(sharded, q, limit=40) == search_ids(single, q, limit=40), q


def test_a_page_asks_the_shards_in_three_round_trips_a_misspelt_one_too(single, sharded, monkeypatch):
    """On a cluster each round trip to the shards costs milliseconds whatever they do: the
    tally with the official named, the match with the words reading's count, the fetch;
    did-you-mean asks for the respellings of the units the tally says it will try with
    the match, and for their articles with the fetch."""
    from indexer.search.probes import forget_results

    if not isinstance(sharded, Router):
        pytest.skip("one shard is read as one index")
    rounds: list[str] = []
    scatter = Router._scattered

    def counted(self, method, *args, **kwargs):
        if kwargs.get("shards") != []:  # a round asking no shard is none
            steps = (args[0] if args else kwargs["each"](kwargs["shards"][0])[0]) if method == "steps" else []
            rounds.append("+".join(step for step, _ in steps) or method)  # the steps asked of one shard
        return scatter(self, method, *args, **kwargs)

    monkeypatch.setattr(Router, "_scattered", counted)
    sharded.search("ข่าว")  # the archive's figures gathered
    for q, respelt in (("ราคายางพารา", False), ("นายกประยุทธ์", False), ("ประยุธ งบประมาน", True),
                       ("ประยุธ", True)):
        forget_results(sharded)
        rounds.clear()
        got = dict(sharded.search(q, size=3))
        kept = [r for r in rounds if r != "tally"]  # each respelling tried is a query of its own
        last = (["fetch"] if got["hits"] else []) + (["whole_words"] if respelt else [])
        assert kept[0] == "tally+named" and len(kept) == 2 + bool(last), (q, kept)
        match = kept[1].split("+")
        assert match[0] == "match" and ("respell" in match) == respelt, (q, kept)  # and "count" for the words
        assert kept[2:] == (["+".join(last)] if last else []), (q, kept)
        for result in (got, expected := dict(single.search(q, size=3))):
            result.pop("took_ms")
            result.pop("cached", None)
            result.pop("shards", None)
        assert got == expected, q


class _Gone(LocalShard):
    """A shard that answers nothing, its figures included, while `gone` (its node is away)."""

    gone = True

    def call(self, method, *args):
        if self.gone:
            raise ShardDown("no replica of shard answered")
        return super().call(method, *args)


def test_a_router_started_with_a_shard_down_answers_and_is_whole_once_it_is_back(half_down):
    """A router whose shard is down from its start answers from the other shard, flagged as a
    shard lost later is; once the shard answers, the archive's figures are gathered again and
    every answer is one index's again (the overview and suggestions too, not kept partial)."""
    target, whole, _ = half_down
    first, second = shard_dirs(target)
    gone = _Gone(second)
    router = Router([LocalShard(first), gone], target)
    try:
        for q in ("ข่าว", SKEWED, ""):
            part = router.search(q)
            assert part["shards"] == {"total": 2, "ok": 1, "failed": [1]}
            assert part["partial"] is True and part["total_is_lower_bound"] is True
            assert part["total"] <= whole.search(q)["total"]
        assert router.overview()["documents"] < whole.overview()["documents"]
        gone.gone = False
        for q in ("ข่าว", SKEWED, ""):
            back, full = dict(router.search(q)), dict(whole.search(q))
            back.pop("took_ms"), full.pop("took_ms")
            assert back == full
        assert router.overview() == whole.overview()
        assert router.archive.doc_count == whole.archive.doc_count
    finally:
        router.close()
