"""Every error answer of the web app, from one place.

Which form an answer takes is decided here only (``wants_json``): JSON
``{"error": ..., "code": ...}`` for the API, the exports and the health
check; a page in the reader's language everywhere else (Datasette's one
``handle_exception`` is the model). Three kinds of error reach it:

* the project's own (``indexer.errors.ThainewsError``: a query that cannot
  be read, an index that is missing or busy), answered with the error's
  status, its English sentence for the API, its code said in the reader's
  language on a page;
* Werkzeug's (404, 405, 414 ...), with their own headers (a 405's Allow);
* anything else: a generic 500, the traceback to the log, never to the
  client.
"""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from indexer.errors import NotFound, ThainewsError
from indexer.index.store import IndexMissing

from .i18n import query_error, t
from .messages import MESSAGES

__all__ = ["install", "wants_json"]

# Paths that answer JSON, errors included.
_JSON_PREFIXES = ("/api/", "/export.")
_JSON_PATHS = {"/healthz"}


def wants_json() -> bool:
    """Does this request get its errors as JSON (API, exports, health check)?"""
    return request.path.startswith(_JSON_PREFIXES) or request.path in _JSON_PATHS


def _json(message: str, code: str, status: int, headers=None):
    """The one JSON shape of every error: ``{"error": sentence, "code": stable code}``."""
    return jsonify({"error": message, "code": code}), status, headers or []


def _page(status: int, message: str, headers=None, template: str = "error.html", **context):
    return render_template(template, status=status, message=message, **context), status, headers or []


def _project_error(exc: ThainewsError):
    """A refusal or a missing index: the error's status, said in the reader's language on pages."""
    if wants_json():
        return _json(str(exc), exc.code, exc.status)
    if isinstance(exc, NotFound):
        return _page(404, "", template="notfound.html", doc_id=exc.params.get("doc_id"))
    if isinstance(exc, IndexMissing):
        return _page(exc.status, t("error.no_index"), template="notfound.html", doc_id=None, missing=str(exc))
    return _page(exc.status, query_error(exc))


def _http_error(exc: HTTPException):
    """Werkzeug's errors (404, 405, 400, 414 ...) in the app's own forms."""
    if exc.code is None or exc.code < 400:
        return exc
    if exc.code >= 500:
        return _server_error(exc)
    # the error's own headers (a 405's Allow), not its HTML content type
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if wants_json():
        message = "not found" if exc.code == 404 else exc.description or exc.name
        return _json(message, "not_found" if exc.code == 404 else f"http_{exc.code}", exc.code, headers)
    if exc.code == 404:
        return _page(404, "", headers, template="notfound.html", doc_id=None)
    message = t(f"http.{exc.code}") if f"http.{exc.code}" in MESSAGES else exc.name
    return _page(exc.code, message, headers)


def _server_error(exc):
    """A generic 500: no traceback or exception text reaches the client (Flask logged it)."""
    code = getattr(exc, "code", None) or 500
    if wants_json():
        return _json("internal server error", "internal", code)
    try:
        return _page(code, t("http.500"))
    except Exception:  # a broken template must not turn into a traceback either
        return current_app.response_class("internal server error", status=code, mimetype="text/plain")


def install(app: Flask) -> None:
    """Register the error handlers on `app`."""
    app.register_error_handler(ThainewsError, _project_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
