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

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from indexer.index.store import IndexMissing
from indexer.query.params import parse_date_param
from indexer.search import MAX_PAGE_SIZE, QueryError
from indexer.thai.dates import format_thai_date, format_thai_month

from .api import search_args
from .engine import get_searcher

bp = Blueprint("pages", __name__)

# the GET parameters that make up a search page's state, in URL order
STATE_KEYS = ("q", "from", "to", "category", "sort", "size", "page")
FACET_SHOWN = 12  # facet values shown before "more" (a <details>, no JS needed)
PAGE_WINDOW = 2   # page links either side of the current page

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
                parse_date_param(value, key)
            except ValueError as exc:  # QueryError included
                # the page already says which text it could not read
                errors[key] = re.sub(r"^cannot read .* as a date: ", "", str(exc))
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
    q = request.args.get("q", "")
    # the indexer marks the query's matches the way snippets do (whole units,
    # abbreviations, sub-words), with the text escaped
    found = searcher.article(doc_id, q)
    if found is None:
        return render_template("notfound.html", doc_id=doc_id), 404
    paragraphs = [Markup(p) for p in found["body_html"]]
    try:
        similar = searcher.similar(doc_id)
    except Exception:  # a side panel must not take the article page down
        current_app.logger.exception("similar(%r) failed", doc_id)
        similar = []
    return render_template("article.html", article=found, q=q, paragraphs=paragraphs,
                           title_html=Markup(found["title_html"]),
                           people=found.get("people") or [], similar=similar,
                           date_long=_thai_long(found.get("date")),
                           json_twin=url_for("api.api_article", doc_id=doc_id))


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml.html")
    return current_app.response_class(
        body, mimetype="application/opensearchdescription+xml",
        headers={"Cache-Control": "public, max-age=86400"})


@bp.app_errorhandler(404)
def not_found(exc):
    if request.path.startswith("/api/"):
        return {"error": "not found"}, 404
    return render_template("notfound.html", doc_id=None), 404


@bp.app_errorhandler(IndexMissing)
def index_missing(exc):
    """No index yet: say so on HTML pages (the API answers 503 JSON itself)."""
    if request.path.startswith("/api/"):
        return {"error": str(exc)}, 503
    return render_template("notfound.html", doc_id=None, missing=str(exc)), 503
