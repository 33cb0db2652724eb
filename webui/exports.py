"""A search's matches as files: ``/export.csv``, ``/export.json`` and the
Atom feed ``/feed.atom`` (newest first: any feed reader becomes an alert).

They take the search page's parameters (``q``, ``from``, ``to``, each
facet's, ``category``, ``person`` ...: ``indexer.facet_table``, ``sort``). The exports hold every match up to
``EXPORT_CAP`` (the first 1,000, in the page's order), read from the
search a hundred at a time and streamed as they are read, gzipped for
clients that accept it; ``body=1`` and ``officials=1`` add the article's
text and the officials it names. A file is named after the search
(``thainews-ประยุทธ์-2019-01-01_2019-12-31.csv``) and says when the cap cut
it: the CSV in a last row, the JSON in ``capped``. The feed holds the
newest ``FEED_SIZE``.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import unicodedata
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, request, stream_with_context

from indexer.facet_table import DATE_PARAMS, FACETS, KEYWORD
from indexer.search.labels import value_label
from indexer.search.results import SearchResult
from indexer.settings import EXPORT_BATCH, EXPORT_CAP, EXPORT_CELL_CHARS, EXPORT_NAME_CHARS, FEED_SIZE
from indexer.thai.chars import THAI_WORD_CHARS

from .api import search_args
from .engine import get_searcher
from .i18n import lang, t
from .urls import public_url, stable_id

__all__ = ["bp", "EXPORT_CAP", "FEED_SIZE", "csv_columns", "OPTIONAL_COLUMNS", "export_name", "content_disposition"]

bp = Blueprint("exports", __name__)

OPTIONAL_COLUMNS = ("body", "officials")  # after the others, when asked for (`body=1`, `officials=1`)


def csv_columns() -> tuple[str, ...]:
    """The CSV header: each keyword facet's value and its name (``category``,
    ``category_name`` ...) between the date and the URL."""
    facets = tuple(col for facet in FACETS.kind(KEYWORD) for col in (facet.name, f"{facet.name}_name"))
    return ("id", "title", "date", "date_thai", *facets, "url", "source", "snippet")


_TAGS = re.compile(r"</?mark>")
# Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone
# surrogates, U+FFFE, U+FFFF): one in a feed makes a reader refuse all of it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A spreadsheet reads a cell that begins with one of these as a formula
# (OWASP "CSV injection"): such a cell is written after a quote, as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(value: object) -> str:
    """`value` as text XML 1.0 can hold: the characters it forbids are dropped."""
    return _NOT_XML.sub("", str(value))


def _escape(value: object) -> str:
    return escape(xml_text(value))


def _attr(value: object) -> str:
    return quoteattr(xml_text(value))


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``= + - @``, tab or CR gets a ``'`` before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text(snippet_html: str | None) -> str:
    """A snippet's HTML (escaped text and <mark>) as plain text."""
    return html.unescape(_TAGS.sub("", snippet_html or ""))


def _row(hit: Mapping[str, Any], extras: tuple[str, ...] = ()) -> dict:
    """A hit as an export's record; `extras` (of ``OPTIONAL_COLUMNS``) read from the article:
    its ``body`` and the ``officials`` it names (``[{"name", "position"}]``)."""
    values = {}
    for facet in FACETS.kind(KEYWORD):
        values[facet.name] = hit.get(facet.name) or ""
        values[f"{facet.name}_name"] = value_label(facet, hit.get(facet.name), lang())
    row = {"id": hit["id"], "title": hit.get("title") or "", "date": hit.get("date") or "",
           "date_thai": hit.get("date_thai") or "", **values, "url": hit.get("url") or "",
           "source": hit.get("source") or "", "snippet": _text(hit.get("snippet"))}
    if extras:
        article: Mapping[str, Any] = get_searcher().article(hit["id"]) or {}
        row.update({name: article.get(name) or ([] if name == "officials" else "") for name in extras})
    return row


def _csv_values(row: dict) -> dict:
    """A record as CSV cells: officials as ``name (position); ...``, the text cut to what
    a spreadsheet cell holds, no cell a spreadsheet would run as a formula."""
    if "officials" in row:
        row = {**row, "officials": "; ".join(f"{o['name']} ({o['position']})" if o.get("position") else o["name"]
                                             for o in row["officials"])}
    if len(row.get("body") or "") > EXPORT_CELL_CHARS:
        cut = EXPORT_CELL_CHARS
        while cut and unicodedata.category(row["body"][cut]) == "Mn":  # not between a letter and its mark
            cut -= 1
        row = {**row, "body": row["body"][:cut] + " " + t("export.cut", n=EXPORT_CELL_CHARS)}
    return {key: csv_cell(value) for key, value in row.items()}


def _extras() -> tuple[str, ...]:
    """The optional columns this request asks for (``body=1``, ``officials=1``)."""
    return tuple(name for name in OPTIONAL_COLUMNS if request.args.get(name) == "1")


def _first_page(size: int, sort: str | None = None) -> tuple[dict, SearchResult]:
    """The search's arguments and its first batch (raises QueryError, IndexMissing)."""
    params = {**search_args(), "page": 1, "size": size, "facets": False}
    if sort:
        params["sort"] = sort
    return params, get_searcher().search(**params)


def _rows(params: dict, first: SearchResult, extras: tuple[str, ...] = ()):
    """Every hit up to EXPORT_CAP, a batch at a time."""
    wanted = min(first["total"], EXPORT_CAP)
    sent, batch, page = 0, first, 1
    while True:
        for hit in batch["hits"]:
            if sent >= wanted:
                return
            sent += 1
            yield _row(hit, extras)
        if sent >= wanted or not batch["hits"]:
            return
        page += 1
        batch = get_searcher().search(**{**params, "page": page})


def _gzipped(chunks):
    """The chunks gzip-compressed as they go (one gzip member)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in chunks:
        data = packer.compress(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        if data:
            yield data
    yield packer.flush()


def _stream(chunks, mimetype: str, filename: str | None = None) -> Response:
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if filename:
        headers["Content-Disposition"] = content_disposition(filename)
    body = stream_with_context(chunks)
    if "gzip" in request.headers.get("Accept-Encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = "Accept-Encoding"
        body = stream_with_context(_gzipped(chunks))
    return Response(body, mimetype=mimetype, headers=headers)


# what a file name keeps of a query or a filter: ASCII letters and digits, Thai letters, `_` and `.`
_UNSAFE = re.compile(f"[^0-9A-Za-z{THAI_WORD_CHARS}_.]+")


def export_name(result: Mapping[str, Any], ext: str) -> str:
    """A file name for a search's export, made of its query and filters: ``thainews-ประยุทธ์-
    2019-01-01_2019-12-31.csv``, ``thainews-ประยุทธ์-politics.json``; ``thainews-latest.csv``
    for no query and no filter. Only ASCII letters and digits, Thai, ``-``, ``_`` and ``.``."""
    chosen = [value for facet in FACETS.chosen() for value in result.get(facet.chosen) or ()]
    words = [result.get("query") or "", *chosen]
    stem = "-".join(part for part in (_UNSAFE.sub("-", word).strip("-.") for word in words) if part)
    first, last = result.get("from"), result.get("to")
    dates = f"{first}_{last}" if first and last else f"from-{first}" if first else f"to-{last}" if last else ""
    parts = [part for part in (stem[:EXPORT_NAME_CHARS].strip("-."), dates) if part] or ["latest"]
    return "-".join(["thainews", *parts]) + "." + ext


def content_disposition(filename: str) -> str:
    """``attachment`` with the name twice: ASCII for old clients, and UTF-8 (RFC 6266 and
    5987's ``filename*``), which browsers prefer, so the Thai of a query survives."""
    ascii_name = re.sub(r"-+(?=\.)|(?<=-)-+", "", re.sub(r"[^0-9A-Za-z_.-]", "", filename))
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.get("/export.csv")
def export_csv():
    """UTF-8 CSV with a BOM (spreadsheets then read Thai), a header row, one row per article,
    and a last row starting with ``#`` when the cap cut the matches."""
    params, first = _first_page(EXPORT_BATCH)
    extras = _extras()
    capped = t("export.capped", cap=EXPORT_CAP, total=first["total"]) if first["total"] > EXPORT_CAP else None

    def lines():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=csv_columns() + extras, lineterminator="\r\n")
        writer.writeheader()
        yield "\ufeff" + buffer.getvalue()
        rows = (_csv_values(row) for row in _rows(params, first, extras))
        for row in [*rows, {"id": capped}] if capped else rows:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            yield buffer.getvalue()

    return _stream(lines(), "text/csv", export_name(first, "csv"))


@bp.get("/export.json")
def export_json():
    """``{"query", "from", "to", "categories", "people", "sort", "total", "cap", "count",
    "capped", "hits": [...]}`` (each facet's chosen values under its ``chosen`` key:
    ``indexer.facet_table``): `count` articles in `hits`, `capped` when that is fewer than `total`."""
    params, first = _first_page(EXPORT_BATCH)
    extras = _extras()

    def chunks():
        chosen = tuple(facet.chosen for facet in FACETS.chosen())
        head = {key: first.get(key) for key in ("query", "from", "to", *chosen, "sort", "total")}
        head.update(cap=EXPORT_CAP, count=min(first["total"], EXPORT_CAP), capped=first["total"] > EXPORT_CAP)
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
        for i, row in enumerate(_rows(params, first, extras)):
            yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]}\n"

    return _stream(chunks(), "application/json", export_name(first, "json"))


def _atom_date(iso: str | None) -> str:
    return f"{iso}T00:00:00+07:00" if iso else dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/feed.atom")
def feed():
    """The query's newest FEED_SIZE articles as an Atom feed, newest first.

    Its links come from ``THAINEWS_BASE_URL`` or are relative, and its ids
    are ``urn:thainews:`` names: nothing in it comes from the Host header.
    Every text passes ``xml_text``, so no article can make it invalid XML.
    """
    _params, result = _first_page(FEED_SIZE, sort="date")
    q = result.get("query") or ""
    title = t("feed.title", q=q) if q else t("feed.title_all")
    # the search's own parameters only: url_for reads `_external`, `_scheme` ... as its options
    keys = ("q", *DATE_PARAMS, *(facet.param for facet in FACETS.chosen()))
    args = [(k, v) for k, v in request.args.items(multi=True) if k in keys]
    self_url = public_url("exports.feed", **_multi(args))
    page_url = public_url("pages.index", **_multi(args), sort="date")
    feed_id = stable_id("feed", "&".join(f"{k}={v}" for k, v in sorted(args)))
    hits = result["hits"]
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang()}">\n',
           f"<title>{_escape(title)}</title>\n",
           f"<id>{_escape(feed_id)}</id>\n",
           f"<link rel=\"self\" href={_attr(self_url)}/>\n",
           f"<link rel=\"alternate\" type=\"text/html\" href={_attr(page_url)}/>\n",
           f"<updated>{_atom_date(hits[0].get('date') if hits else None)}</updated>\n",
           "<author><name>thainews</name></author>\n",
           "<generator>thainews</generator>\n"]
    for hit in hits:
        link = public_url("pages.article", doc_id=hit["id"])
        out.append("<entry>\n"
                   f"<title>{_escape(hit.get('title') or t('results.no_title'))}</title>\n"
                   f"<id>{_escape(stable_id('article', hit['id']))}</id>\n"
                   f"<link rel=\"alternate\" type=\"text/html\" href={_attr(link)}/>\n")
        if hit.get("url", "") and str(hit["url"]).startswith(("http://", "https://")):
            out.append(f"<link rel=\"related\" href={_attr(hit['url'])}/>\n")
        out.append(f"<updated>{_atom_date(hit.get('date'))}</updated>\n")
        if hit.get("category"):
            out.append(f"<category term={_attr(hit['category'])} "
                       f"label={_attr(value_label('category', hit['category'], lang()))}/>\n")
        out.append(f"<summary>{_escape(_text(hit.get('snippet')))}</summary>\n</entry>\n")
    out.append("</feed>\n")
    # the same for every client that sends the same URL and Accept-Language
    # (i18n adds Vary: Accept-Language): shared caches may keep it briefly
    return Response("".join(out), mimetype="application/atom+xml",
                    headers={"Cache-Control": "public, max-age=300"})


def _multi(pairs: list[tuple[str, str]]) -> dict:
    """Query pairs as ``url_for`` values (a key given several times becomes a list)."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out
