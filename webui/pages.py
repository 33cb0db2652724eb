"""HTML pages: the search page, the article page and the OpenSearch description.

Every page state is a GET URL and works without JavaScript; ``static/app.js``
only adds small conveniences (``/`` focuses the search box).
"""

from __future__ import annotations

import datetime
import hashlib
import math
import os
import re
from urllib.parse import quote

from flask import (Blueprint, current_app, redirect, render_template, request,
                   url_for)
from markupsafe import Markup, escape

from indexer.dates import format_thai_date, format_thai_month, parse_date_range
from indexer.search import MAX_PAGE_SIZE, QueryError
from indexer.store import IndexMissing
from indexer.textnorm import normalize

from .api import search_args
from .engine import get_searcher

bp = Blueprint("pages", __name__)

# the GET parameters that make up a search page's state, in URL order
STATE_KEYS = ("q", "from", "to", "category", "sort", "size", "page")
FACET_SHOWN = 12  # facet values shown before "more" (a <details>, no JS needed)
PAGE_WINDOW = 2   # page links either side of the current page

# ------------------------------------------------------------------ highlighting

_OPERATORS = {"AND", "OR", "NOT", "TO"}
# Thai marks written above/below a consonant: a <mark> must never end just
# before one, or the mark is drawn detached (a "broken vowel").
_THAI_COMBINING = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


def query_units(q: str) -> list[str]:
    """The words of a user query worth highlighting, longest first.

    Space-separated units and the words of quoted phrases; operators
    (``OR``, ``NOT``), excluded units (``-word``), field prefixes
    (``title:``) and query syntax characters are left out.
    """
    units: list[str] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', q or ""):
        if m.group(1) is not None:
            parts = m.group(1).split()
        else:
            token = m.group(2)
            if token in _OPERATORS or token.startswith("-"):
                continue
            token = token.lstrip("+")
            if re.match(r"^\w+:", token):
                token = token.split(":", 1)[1]
            parts = [token.strip("()[]{}\"'^~*?:\\")]
        for part in parts:
            part = normalize(part).strip()
            if part and part not in units:
                units.append(part)
    return sorted(units, key=len, reverse=True)


def highlight_text(text: str, q: str) -> Markup:
    """``text`` HTML-escaped, every occurrence of a query unit in ``<mark>``.

    A simple server-side highlighter for the article page (case-insensitive
    substring matches of :func:`query_units`); a match is extended over
    trailing Thai combining marks so a vowel is never cut from its consonant.
    """
    text = text or ""
    units = query_units(q)
    if not units:
        return escape(text)
    pattern = re.compile("(?:" + "|".join(re.escape(u) for u in units) + f")[{_THAI_COMBINING}]*",
                         re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup("<mark>") + escape(m.group()) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# ------------------------------------------------------------------ helpers


@bp.app_template_global()
def asset(filename: str) -> str:
    """A /static URL with a content-hash version, so it can be cached long."""
    path = current_app.static_folder + "/" + filename
    cache = current_app.extensions.setdefault("thainews_assets", {})
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return url_for("static", filename=filename)
    key = (filename, mtime)
    if key not in cache:
        with open(path, "rb") as fh:
            cache[key] = hashlib.sha1(fh.read()).hexdigest()[:10]
    return url_for("static", filename=filename, v=cache[key])


@bp.app_template_global()
def url_with(**changes) -> str:
    """The current search page's URL with some parameters changed.

    ``None`` or ``""`` removes a parameter; any change other than ``page``
    goes back to page 1.
    """
    params = {k: request.args.get(k, "") for k in STATE_KEYS}
    if "page" not in changes:
        params["page"] = ""
    for key, value in changes.items():
        params[key] = "" if value is None else str(value)
    if params.get("page") == "1":
        params["page"] = ""
    if params.get("sort") == "relevance":
        params["sort"] = ""
    if params.get("size") == "10":
        params["size"] = ""
    clean = {k: params[k] for k in STATE_KEYS if params.get(k)}
    return url_for("pages.index", **clean)


@bp.app_template_global()
def people_url(name: str) -> str:
    """Link to a person's page (``/people/<name>``, served by another blueprint)."""
    return request.script_root + "/people/" + quote(name, safe="")


def _people(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _thai_long(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return format_thai_date(datetime.date.fromisoformat(iso), "long")
    except ValueError:
        return None


def _facet_links(facets: dict | None, args) -> dict:
    """Facet entries with the URL that narrows to them and whether they are on."""
    out = {"year": [], "month": [], "category": []}
    if not facets:
        return out
    cur_from, cur_to = args.get("from", ""), args.get("to", "")
    for entry in facets.get("year") or []:
        try:
            label = str(int(entry["value"]) + 543)
        except (TypeError, ValueError):
            continue
        out["year"].append({**entry, "label": label, "url": url_with(**{"from": label, "to": label}),
                            "active": cur_from == label and cur_to == label})
    for entry in facets.get("month") or []:
        try:
            year, month = int(entry["value"][:4]), int(entry["value"][5:7])
            label = format_thai_month(year, month)
        except (TypeError, ValueError, KeyError):
            continue
        out["month"].append({**entry, "label": label, "url": url_with(**{"from": label, "to": label}),
                             "active": cur_from == label and cur_to == label})
    for entry in facets.get("category") or []:
        out["category"].append({**entry, "label": entry.get("label") or entry["value"],
                                "url": url_with(category=entry["value"]),
                                "active": args.get("category") == entry["value"]})
    return out


def _pages(page: int, last: int) -> list[int | None]:
    """Page numbers to link: first, a window around ``page``, last; None is a gap."""
    shown = sorted({1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - out[-1] > 1:
            out.append(None)
        out.append(number)
    return out


def _date_errors(args) -> dict:
    """A plain reason for each date field that cannot be read."""
    errors = {}
    for key in ("from", "to"):
        value = (args.get(key) or "").strip()
        if value:
            try:
                parse_date_range(value)
            except ValueError as exc:
                errors[key] = str(exc)
    return errors


def _suggestion(result: dict | None) -> str | None:
    value = (result or {}).get("suggestion")
    if isinstance(value, dict):
        value = value.get("query") or value.get("q") or value.get("text")
    return value if isinstance(value, str) and value.strip() else None


# ------------------------------------------------------------------ routes


@bp.get("/")
def index():
    args = request.args
    params = search_args()
    date_errors = _date_errors(args)
    active = any(args.get(k) for k in STATE_KEYS)
    result, error, status = None, None, 200
    if active and not date_errors:
        try:
            result = get_searcher().search(**params)
        except QueryError as exc:
            error, status = str(exc), 400
        except IndexMissing as exc:
            error, status = str(exc), 503
    view = {}
    if result:
        size = result.get("size") or 10
        last = max(1, math.ceil(result["total"] / size))
        if result["total"] and result["page"] > last:
            return redirect(url_with(page=last))
        view = {
            "last_page": last,
            "pages": _pages(result["page"], last),
            "facets": _facet_links(result.get("facets"), args),
            "suggestion": _suggestion(result),
            "first": (result["page"] - 1) * size + 1,
            "last": (result["page"] - 1) * size + len(result["hits"]),
        }
    json_twin = url_for("api.api_search", **{k: v for k, v in args.items() if k in STATE_KEYS and v})
    return render_template("search.html", args=args, result=result, error=error,
                           date_errors=date_errors, active=active, view=view,
                           json_twin=json_twin, max_size=MAX_PAGE_SIZE), status


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    searcher = get_searcher()
    found = searcher.article(doc_id)
    if found is None:
        return render_template("notfound.html", doc_id=doc_id), 404
    q = request.args.get("q", "")
    paragraphs = [highlight_text(p, q) for p in (found.get("body") or "").split("\n") if p.strip()]
    try:
        similar = searcher.similar(doc_id)
    except Exception:  # a side panel must not take the article page down
        current_app.logger.exception("similar(%r) failed", doc_id)
        similar = []
    return render_template("article.html", article=found, q=q, paragraphs=paragraphs,
                           title_html=highlight_text(found.get("title", ""), q),
                           people=_people(found.get("people")), similar=similar,
                           date_long=_thai_long(found.get("date")),
                           json_twin=url_for("api.api_article", doc_id=doc_id))


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml")
    return current_app.response_class(
        body, mimetype="application/opensearchdescription+xml",
        headers={"Cache-Control": "public, max-age=86400"})


@bp.app_errorhandler(404)
def not_found(exc):
    if request.path.startswith("/api/"):
        return {"error": "not found"}, 404
    return render_template("notfound.html", doc_id=None), 404
