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
import time
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup

from indexer.errors import NotFound
from indexer.index.store import IndexMissing
from indexer.query.params import parse_date_param
from indexer.search import QueryError
from indexer.search.results import Overview
from indexer.settings import EXPORT_CAP, MAX_PAGE_SIZE, PAGE_WINDOW

from .api import search_args
from .cite import citation
from .engine import get_searcher
from .i18n import date_reason, lang, query_error, t
from .searchview import (
    filters,
    interpretation,
    marked_parts,
    quick_ranges,
    read_range,
    split_offer,
    state_keys,
    state_params,
    timeline_view,
    url_with,
)
from .timeline import sparkline

bp = Blueprint("pages", __name__)


# ------------------------------------------------------------------ helpers


@bp.app_template_global()
def asset(filename: str) -> str:
    """A /static URL with a content-hash version, so it can be cached long."""
    path = f"{current_app.static_folder}/{filename}"
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


@bp.app_template_global("url_with")
def _url_with(endpoint: str = "pages.index", **changes) -> str:
    """Templates' ``url_with``: see ``searchview.url_with``."""
    return url_with(endpoint, **changes)


@bp.before_app_request
def _start_clock() -> None:
    g.thainews_started = time.perf_counter()


# pages whose GET forms submit every field, filled or not
_FORM_PAGES = {"pages.index", "people.people", "embed.embed_page", "embed.frame"}


@bp.before_app_request
def _drop_empty_parameters():
    """``/?q=ข่าว&from=&to=`` redirects to ``/?q=ข่าว``: no URL of a page carries an empty
    parameter. ``static/app.js`` leaves empty fields out of a form as it is sent; this is
    for a browser without JavaScript."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in _FORM_PAGES:
        return None
    pairs = list(request.args.items(multi=True))
    if all(value for _, value in pairs):
        return None
    try:
        query = urlencode([(key, value) for key, value in pairs if value])
    except UnicodeEncodeError:  # a lone surrogate: the page refuses it with a 400
        return None
    return redirect(request.script_root + request.path + ("?" + query if query else ""))


@bp.app_template_global()
def elapsed_ms() -> float:
    """This request's own time so far, in milliseconds (a page shows it, not the search's:
    a search answered from the cache takes a fraction of a millisecond)."""
    return round((time.perf_counter() - g.get("thainews_started", time.perf_counter())) * 1000, 1)


@bp.app_template_global()
def people_url(name: str) -> str:
    """Link to a person's page (``/people/<name>``, served by another blueprint)."""
    return request.script_root + "/people/" + quote(name, safe="")


def _pages(page: int, last: int) -> list[int | None]:
    """Page numbers to link: first, a window around ``page``, last; None is a gap."""
    shown = sorted({1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - out[-1] > 1:
            out.append(None)
        out.append(number)
    return out


def _date_errors(args, newest: str | None) -> dict:
    """A reason, in the reader's language, for each date field that cannot be read
    (`newest`: the archive's newest date, which a date without a year is read against)."""
    errors = {}
    for key in ("from", "to"):
        value = (args.get(key) or "").strip()
        if value:
            try:
                parse_date_param(value, key, lambda: datetime.date.fromisoformat(newest) if newest else None)
            except ValueError as exc:  # QueryError included
                errors[key] = date_reason(exc)
    return errors


def _suggestion(result: dict | None) -> str | None:
    value = (result or {}).get("suggestion")
    if isinstance(value, dict):
        value = value.get("query") or value.get("q") or value.get("text")
    return value if isinstance(value, str) and value.strip() else None


# ------------------------------------------------------------------ routes


def _overview() -> Overview | None:
    """The archive's size, dates and examples (None without an index)."""
    try:
        return get_searcher().overview()
    except IndexMissing:
        return None


def _person_card(result: dict) -> dict | None:
    """The card of the official the query names (the search's ``official``), as drawn."""
    card = result.get("official")
    if not card:
        return None
    roles = sorted(card["roles"], key=lambda r: -r["articles"])[:4]
    return {**card, "roles": sorted(roles, key=lambda r: r["first_date"] or ""),
            "spark": sparkline(card["months"], english=lang() == "en")}


@bp.get("/")
def index():
    args = request.args
    params = search_args()
    overview = _overview()
    date_errors = _date_errors(args, (overview or {}).get("last_date"))
    active = any(args.get(k) for k in state_keys())
    result, error, status = None, None, 200
    if active and not date_errors:
        try:
            result = get_searcher().search(**params)
        except QueryError as exc:
            error, status = query_error(exc), 400
        except IndexMissing:
            error, status = t("error.no_index"), 503
    view = {"overview": overview,
            "quick": quick_ranges((overview or {}).get("last_date"), result) if active else []}
    if result:
        size = result.get("size") or 10
        last = max(1, math.ceil(result["total"] / size))
        if result["total"] and result["page"] > last:
            return redirect(url_with(page=last))
        view.update({
            "last_page": last,
            "pages": _pages(result["page"], last),
            "filters": filters(result, args),
            "suggestion": _suggestion(result),
            "first": (result["page"] - 1) * size + 1,
            "last": (result["page"] - 1) * size + len(result["hits"]),
            "range": read_range(result),
            "timeline": timeline_view(result) if result["total"] else None,
            "person": _person_card(result),
            "words": interpretation(result),
            "both": interpretation(result, "exact+words"),
            "split": split_offer(result),
            "hits": marked_parts([{**hit, "cite": citation(hit, lang())} for hit in result["hits"]]),
        })
    state = state_params()
    json_twin = url_for("api.api_search", **state)
    return render_template("search.html", args=args, result=result, error=error,
                           date_errors=date_errors, active=active, view=view, state=state,
                           json_twin=json_twin, max_size=MAX_PAGE_SIZE, export_cap=EXPORT_CAP), status


_MARK = re.compile(r"<mark>")


def _numbered_marks(paragraphs: list[str]) -> tuple[list[Markup], int]:
    """The headline and the body's paragraphs (escaped text and ``<mark>`` only)
    with each mark given an id, ``m1``, ``m2`` ..., for the next and previous
    match links; the count is the indexer's ``match_count`` (every counted
    occurrence is marked)."""
    count = 0

    def number(_match) -> str:
        nonlocal count
        count += 1
        return f'<mark id="m{count}" tabindex="-1">'

    return [Markup(_MARK.sub(number, p)) for p in paragraphs], count


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    searcher = get_searcher()
    q = request.args.get("q", "")
    # the indexer marks the query's matches the way snippets do (whole units,
    # abbreviations, sub-words), with the text escaped
    found = searcher.article(doc_id, q)
    if found is None:
        raise NotFound(f"no article with id {doc_id!r}", code="no_article", doc_id=doc_id)
    title_html, *paragraphs = _numbered_marks([found["title_html"], *found["body_html"]])[0]
    marks = found["match_count"]
    try:
        similar = searcher.similar(doc_id)
    except Exception:  # a side panel must not take the article page down
        current_app.logger.exception("similar(%r) failed", doc_id)
        similar = []
    return render_template("article.html", article=found, q=q, paragraphs=paragraphs,
                           title_html=title_html,
                           people=found.get("people") or [], similar=similar, marks=marks,
                           cite=citation(found, lang()),
                           json_twin=url_for("api.api_article", doc_id=doc_id))


@bp.get("/opensearch.xml")
def opensearch():
    """Its URLs come from ``THAINEWS_BASE_URL`` (relative without it), never from the Host header,
    so the description is the same for every client and may be cached by anyone."""
    from .exports import xml_text
    from .i18n import thai
    from .urls import public_url

    body = xml_text(render_template("opensearch.xml.html", public_url=public_url,
                                    description=thai("site.tagline")))
    return current_app.response_class(
        body, mimetype="application/opensearchdescription+xml",
        headers={"Cache-Control": "public, max-age=86400"})
