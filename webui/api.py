"""JSON API: ``/api/search``, ``/api/article/<id>``, ``/api/stats``, ``/healthz``."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from indexer.errors import NotFound
from indexer.facet_table import FACETS
from indexer.index.store import IndexMissing
from indexer.settings import MAX_QUERY_CHARS

from .engine import get_searcher

bp = Blueprint("api", __name__)


def search_args() -> dict:
    """The search parameters of the current request, as the search API names them (each
    facet's by its URL parameter, which may be repeated: ``facet_table``)."""
    args = request.args
    return {
        "q": args.get("q", ""),
        "date_from": args.get("from"),
        "date_to": args.get("to"),
        "page": args.get("page", 1),
        "size": args.get("size", 10),
        "sort": args.get("sort", "relevance"),
        **{facet.param: [v for v in args.getlist(facet.param) if v] for facet in FACETS.chosen()},
    }


@bp.after_app_request
def cors(response):
    """CORS for every ``/api/`` path, whichever blueprint serves it
    (``/api/suggest`` and ``/api/people`` are the people blueprint's)."""
    if request.path.startswith("/api/"):
        origins = current_app.config.get("CORS_ORIGINS", "*")
        if origins == "*":
            response.headers["Access-Control-Allow-Origin"] = "*"
        else:
            origin = request.headers.get("Origin", "")
            if origin in [o.strip() for o in origins.split(",")]:
                response.headers["Access-Control-Allow-Origin"] = origin
            response.vary.add("Origin")
        if request.method == "OPTIONS":  # CORS preflight
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = (
                request.headers.get("Access-Control-Request-Headers") or "Content-Type")
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.get("/api/search")
def api_search():
    # deep pages of the API: the results after a result's `next` (not a page of the site)
    return jsonify(get_searcher().search(**search_args(), search_after=request.args.get("search_after") or None))


@bp.get("/api/article/<path:doc_id>")
def api_article(doc_id: str):
    # `q` marks its matches, as on the article page
    article = get_searcher().article(doc_id, request.args.get("q", "")[:MAX_QUERY_CHARS])
    if article is None:
        raise NotFound(f"no article with id {doc_id!r}", code="no_article", doc_id=doc_id)
    return jsonify({**article, "similar": get_searcher().similar(doc_id)})


@bp.get("/api/stats")
def api_stats():
    return jsonify(get_searcher().stats())


@bp.get("/healthz")
def healthz():
    try:
        count = get_searcher().doc_count()
    except IndexMissing as exc:
        return jsonify({"status": "error", "error": str(exc)}), 503
    return jsonify({"status": "ok", "documents": count})
