"""HTML pages: the search page and the article page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from indexer.search import QueryError
from indexer.store import IndexMissing

from .api import search_args
from .engine import get_searcher

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    args = search_args()
    result, error = None, None
    if args["q"] or request.args.get("from") or request.args.get("to"):
        try:
            result = get_searcher().search(**args)
        except (QueryError, IndexMissing) as exc:
            error = str(exc)
    return render_template("search.html", args=request.args, result=result, error=error)


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    found = get_searcher().article(doc_id)
    if found is None:
        abort(404)
    return render_template("article.html", article=found, q=request.args.get("q", ""))
