"""A search's matches as files: ``/export.csv``, ``/export.json`` and the
Atom feed ``/feed.atom`` (newest first: any feed reader becomes an alert).

They take the search page's parameters (``q``, ``from``, ``to``, each
facet's, ``category``, ``person`` ...: ``indexer.facet_table``, ``sort``). The exports hold every match up to
``EXPORT_CAP`` (the first 1,000, in the page's order), read from the
search a hundred at a time and streamed as they are read, gzipped for
clients that accept it. The feed holds the newest ``FEED_SIZE``.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, request, stream_with_context

from indexer.facet_table import DATE_PARAMS, FACETS, KEYWORD
from indexer.search.labels import value_label
from indexer.search.results import SearchResult
from indexer.settings import EXPORT_BATCH, EXPORT_CAP, FEED_SIZE

from .api import search_args
from .engine import get_searcher
from .i18n import lang, t
from .urls import public_url, stable_id

__all__ = ["bp", "EXPORT_CAP", "FEED_SIZE", "csv_columns"]

bp = Blueprint("exports", __name__)


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


def _row(hit: Mapping[str, Any]) -> dict:
    values = {}
    for facet in FACETS.kind(KEYWORD):
        values[facet.name] = hit.get(facet.name) or ""
        values[f"{facet.name}_name"] = value_label(facet, hit.get(facet.name), lang())
    return {"id": hit["id"], "title": hit.get("title") or "", "date": hit.get("date") or "",
            "date_thai": hit.get("date_thai") or "", **values, "url": hit.get("url") or "",
            "source": hit.get("source") or "", "snippet": _text(hit.get("snippet"))}


def _first_page(size: int, sort: str | None = None) -> tuple[dict, SearchResult]:
    """The search's arguments and its first batch (raises QueryError, IndexMissing)."""
    params = {**search_args(), "page": 1, "size": size, "facets": False}
    if sort:
        params["sort"] = sort
    return params, get_searcher().search(**params)


def _rows(params: dict, first: SearchResult):
    """Every hit up to EXPORT_CAP, a batch at a time."""
    wanted = min(first["total"], EXPORT_CAP)
    sent, batch, page = 0, first, 1
    while True:
        for hit in batch["hits"]:
            if sent >= wanted:
                return
            sent += 1
            yield _row(hit)
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
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    body = stream_with_context(chunks)
    if "gzip" in request.headers.get("Accept-Encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = "Accept-Encoding"
        body = stream_with_context(_gzipped(chunks))
    return Response(body, mimetype=mimetype, headers=headers)


def _filename(ext: str) -> str:
    return f"thainews-{dt.date.today().isoformat()}.{ext}"


@bp.get("/export.csv")
def export_csv():
    """UTF-8 CSV with a BOM (spreadsheets then read Thai), a header row, one row per article."""
    params, first = _first_page(EXPORT_BATCH)

    def lines():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n")
        writer.writeheader()
        yield "\ufeff" + buffer.getvalue()
        for row in _rows(params, first):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
            yield buffer.getvalue()

    return _stream(lines(), "text/csv", _filename("csv"))


@bp.get("/export.json")
def export_json():
    """``{"query", "from", "to", "categories", "people", "sort", "total", "cap", "hits": [...]}``
    (each facet's chosen values under its ``chosen`` key: ``indexer.facet_table``)."""
    params, first = _first_page(EXPORT_BATCH)

    def chunks():
        chosen = tuple(facet.chosen for facet in FACETS.chosen())
        head = {key: first.get(key) for key in ("query", "from", "to", *chosen, "sort", "total")}
        head["cap"] = EXPORT_CAP
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
        for i, row in enumerate(_rows(params, first)):
            yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]}\n"

    return _stream(chunks(), "application/json", _filename("json"))


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
