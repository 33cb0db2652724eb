"""The officials directory: ``/people``, ``/people/<name>`` and their JSON twins,
plus ``/api/suggest`` for the search box and OpenSearch suggestions."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from indexer.errors import NotFound
from indexer.query.params import parse_list_params
from indexer.settings import DIRECTORY_PAGE, SUGGEST_MAX_CHARS

from .engine import get_searcher
from .i18n import lang
from .timeline import sparkline

bp = Blueprint("people", __name__)


def _page_args() -> tuple[str, int]:
    """``q`` and ``page`` of a directory request, checked like a search's."""
    return parse_list_params(request.args.get("q", ""), request.args.get("page", "1"))


@bp.get("/api/people")
def api_people():
    q, page = _page_args()
    return jsonify(get_searcher().directory(q=q, limit=DIRECTORY_PAGE, offset=(page - 1) * DIRECTORY_PAGE))


@bp.get("/api/people/<path:name>")
def api_person(name: str):
    _, page = _page_args()
    found = get_searcher().person(name, page)
    if found is None:
        raise NotFound(f"no person named {name!r} in the index", code="no_person", name=name)
    return jsonify(found)


@bp.get("/api/suggest")
def api_suggest():
    """Completions as JSON; ``?format=opensearch`` gives the OpenSearch array form."""
    q = request.args.get("q", "")[:SUGGEST_MAX_CHARS]
    items, groups = [], {"people": [], "positions": [], "headlines": []}
    if q.strip():
        items = get_searcher().suggestions(q)
        if request.args.get("format") != "opensearch":
            groups = get_searcher().suggestions(q, grouped=True)
    if request.args.get("format") == "opensearch":
        return jsonify([q, items])
    return jsonify({"query": q, "suggestions": items, "groups": groups})


@bp.get("/people")
def people():
    q, page = _page_args()
    data = get_searcher().directory(q=q, limit=DIRECTORY_PAGE, offset=(page - 1) * DIRECTORY_PAGE)
    return render_template("people.html", data=data, page=page, per_page=DIRECTORY_PAGE,
                           json_twin=url_for("people.api_people", q=q or None, page=page))


@bp.get("/people/<path:name>")
def person(name: str):
    _, page = _page_args()
    found = get_searcher().person(name, page)
    if found is None:
        raise NotFound(f"no person named {name!r} in the index", code="no_person", name=name)
    spark = sparkline(found.get("months") or [], 8, 40, english=lang() == "en")
    return render_template("person.html", person=found, spark=spark,
                           json_twin=url_for("people.api_person", name=name, page=page if page > 1 else None))
