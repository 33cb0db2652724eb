"""The officials directory: ``/people``, ``/people/<name>`` and their JSON twins,
plus ``/api/suggest`` for the search box and OpenSearch suggestions."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from indexer.params import MAX_QUERY_CHARS, QueryError, check_text
from indexer.people import directory, person_page, suggest, suggest_groups

from .engine import get_searcher
from .i18n import query_error
from .timeline import sparkline

bp = Blueprint("people", __name__)
PAGE = 50


def _page_args() -> tuple[str, int]:
    """``q`` and ``page`` of a directory request, checked like a search's."""
    q = check_text(request.args.get("q", "").strip(), "query")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({MAX_QUERY_CHARS} characters at most)",
                         "query_too_long", chars=len(q), limit=MAX_QUERY_CHARS)
    raw = request.args.get("page", "1")
    try:
        page = max(1, int(raw)) if len(raw) <= 20 else 0
    except ValueError:
        page = 0
    if not page:
        raise QueryError("page must be a whole number", "bad_page")
    return q, page


@bp.get("/api/people")
def api_people():
    q, page = _page_args()
    with get_searcher().reading() as searcher:
        return jsonify(directory(searcher, q=q, limit=PAGE, offset=(page - 1) * PAGE))


@bp.get("/api/people/<path:name>")
def api_person(name: str):
    with get_searcher().reading() as searcher:
        found = person_page(searcher, name)
    if found is None:
        return jsonify({"error": f"no person named {name!r} in the index"}), 404
    return jsonify(found)


@bp.get("/api/suggest")
def api_suggest():
    """Completions as JSON; ``?format=opensearch`` gives the OpenSearch array form."""
    q = request.args.get("q", "")[:100]
    items, groups = [], {"people": [], "positions": [], "headlines": []}
    if q.strip():
        with get_searcher().reading() as searcher:
            items = suggest(searcher, q)
            if request.args.get("format") != "opensearch":
                groups = suggest_groups(searcher, q)
    if request.args.get("format") == "opensearch":
        return jsonify([q, items])
    return jsonify({"query": q, "suggestions": items, "groups": groups})


@bp.get("/people")
def people():
    q, page = _page_args()
    with get_searcher().reading() as searcher:
        data = directory(searcher, q=q, limit=PAGE, offset=(page - 1) * PAGE)
    return render_template("people.html", data=data, page=page, per_page=PAGE,
                           json_twin=url_for("people.api_people", q=q or None, page=page))


@bp.get("/people/<path:name>")
def person(name: str):
    with get_searcher().reading() as searcher:
        found = person_page(searcher, name)
    if found is None:
        abort(404)
    return render_template("person.html", person=found, spark=sparkline(found.get("months") or [], 8, 40),
                           json_twin=url_for("people.api_person", name=name))


@bp.errorhandler(QueryError)
def bad_request(exc):
    """JSON for the API, a page saying what is wrong for ``/people``."""
    if request.path.startswith("/api/"):
        return jsonify({"error": str(exc)}), 400
    return render_template("error.html", status=400, message=query_error(exc)), 400
