"""A facet is one entry of ``indexer/facet_table.py`` plus its per-article column (issue 23).

The tests add a facet, the office that issued a provincial release
(``Article.office``, read from a release's byline), to the table for an
app of their own, build an archive with it, and find it where a journalist
looks: the API's counts and filter, the page's sidebar, chips and links,
and the CSV and JSON exports. The facets already there keep working beside it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from indexer.facet_table import DATES, FACETS, KEYWORD, PEOPLE, Facet, FacetTable
from indexer.index.build import build_index
from webui import create_app
from webui.messages import MESSAGES

SONGKHLA = "สำนักงานประชาสัมพันธ์จังหวัดสงขลา"
PATTANI = "สำนักงานประชาสัมพันธ์จังหวัดปัตตานี"
OFFICE = Facet("office", column="office", label="filters.office", order=4, chosen="offices")

# (file, office, day): provincial releases, each closed by its byline
RELEASES = [("a", SONGKHLA, "26 ส.ค. 62"), ("b", SONGKHLA, "27 ส.ค. 62"), ("c", SONGKHLA, "28 ส.ค. 62"),
            ("d", PATTANI, "28 ส.ค. 62")]


def release(name: str, office: str, day: str) -> str:
    return (f"1.1\n\nจังหวัดจัดประชุมคณะกรรมการพัฒนาจังหวัด ครั้งที่ {name}\n\n"
            f"วันนี้ ({day}) ที่ศาลากลางจังหวัด คณะกรรมการพัฒนาจังหวัดประชุมหารือแผนงานประจำปี\n\n"
            f"สมศรี ใจดี /ข่าว\n{office}\n{day}\n")


@pytest.fixture(scope="module")
def office_app(tmp_path_factory):
    """The app over an archive built with the office facet added to the table (and its
    label to the messages), both put back afterwards."""
    patch = pytest.MonkeyPatch()
    # the table every layer reads, as a deployment that added the entry would have it
    patch.setattr(FACETS, "_facets", tuple(FacetTable(*FACETS, OFFICE)))
    patch.setitem(MESSAGES, "filters.office", ("หน่วยงานที่ออกข่าว", "Issuing office"))
    src = tmp_path_factory.mktemp("office-src")
    for name, office, day in RELEASES:
        (src / f"{name}.txt").write_text(release(name, office, day), encoding="utf-8")
    # an article from elsewhere, with no office: the facet's "none" bucket
    (src / "e.json").write_text(json.dumps({"title": "ประชุมคณะกรรมการ", "content": "คณะกรรมการประชุมหารือแผนงาน",
                                            "date": "2019-08-29", "category": "regional"}, ensure_ascii=False),
                                encoding="utf-8")
    target = tmp_path_factory.mktemp("office-ix")
    build_index([src], target, progress=False)
    yield create_app({"INDEX_DIR": str(target), "TESTING": True})
    patch.undo()


@pytest.fixture(scope="module")
def client(office_app):
    return office_app.test_client()


def test_the_table_holds_the_facets_the_page_shows():
    assert [(f.name, f.kind) for f in FACETS] == [("category", KEYWORD), ("person", PEOPLE), ("year", DATES)]
    with pytest.raises(ValueError):  # a facet cannot take a parameter of the search itself
        FacetTable(*FACETS, Facet("sorting", column="office", label="filters.office", order=5, param="sort"))


def test_the_api_counts_and_filters_the_new_facet(client):
    data = client.get("/api/search", query_string={"q": "ประชุม"}).get_json()
    assert data["total"] == 5
    assert [(e["value"], e["count"]) for e in data["facets"]["office"]] == [(SONGKHLA, 3), (PATTANI, 1), ("none", 1)]
    assert {h["office"] for h in data["hits"]} == {SONGKHLA, PATTANI, None}
    # the facets already there are counted as before
    assert sum(e["count"] for e in data["facets"]["year"]) == sum(e["count"] for e in data["facets"]["category"]) == 5
    narrowed = client.get("/api/search", query_string={"q": "ประชุม", "office": PATTANI}).get_json()
    assert narrowed["total"] == 1 and narrowed["offices"] == [PATTANI]
    # like a category: choosing one office keeps the others' counts in view
    assert [e["count"] for e in narrowed["facets"]["office"]] == [3, 1, 1]
    both = client.get("/api/search", query_string=[("q", "ประชุม"), ("office", PATTANI), ("office", "none")])
    assert both.get_json()["total"] == 2
    # and a value is checked like any other parameter
    assert client.get("/api/search", query_string={"q": "ประชุม", "office": "x" * 201}).status_code == 400


def test_the_page_shows_the_new_facet_and_its_chip(client):
    page = client.get("/", query_string={"q": "ประชุม"}).get_data(as_text=True)
    section = re.search(r'<section class="facet facet-office".*?</section>', page, re.S).group(0)
    assert "หน่วยงานที่ออกข่าว" in section
    links = re.findall(r'<a href="([^"]+)" role="checkbox" aria-checked="false">.*?<span class="label">([^<]+)'
                       r'</span> <span class="count">(\d+)</span>', section, re.S)
    assert [(label, int(n)) for _, label, n in links] == [(SONGKHLA, 3), (PATTANI, 1), ("ไม่ระบุ", 1)]
    # in the table's order: after the years
    assert page.index("facet-year") < page.index("facet-office")
    href = links[1][0].replace("&amp;", "&")
    assert parse_qs(urlparse(href).query)["office"] == [PATTANI]
    narrowed = client.get(href).get_data(as_text=True)
    assert "พบ <strong>1</strong> ข่าว" in narrowed
    assert f"หน่วยงานที่ออกข่าว: {PATTANI}" in narrowed  # a removable chip
    assert f'<input type="hidden" name="office" value="{PATTANI}">' in narrowed  # a new query keeps it
    english = client.get(href, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Issuing office" in english and f"Issuing office: {PATTANI}" in english


def test_the_exports_carry_the_new_facet(client):
    res = client.get("/export.csv", query_string={"q": "ประชุม", "sort": "oldest"})
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    assert list(rows[0]) == ["id", "title", "date", "date_thai", "category", "category_name", "office", "office_name",
                             "url", "source", "snippet"]
    assert [r["office"] for r in rows].count(SONGKHLA) == 3 and {r["office"] for r in rows} == {SONGKHLA, PATTANI, ""}
    data = json.loads(client.get("/export.json", query_string={"q": "ประชุม", "office": SONGKHLA}).get_data())
    assert data["offices"] == [SONGKHLA] and data["total"] == 3 and {h["office"] for h in data["hits"]} == {SONGKHLA}
