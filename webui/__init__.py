"""thainews web UI: a Flask app factory and its blueprints.

The app only calls ``indexer``'s search API; every HTML page has a JSON twin
under ``/api``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from flask import Flask, request

__all__ = ["create_app"]

# Text responses worth compressing (the size below which gzip does not pay: settings).
_GZIP_TYPES = {"text/html", "text/css", "text/plain", "text/xml", "application/json", "application/atom+xml",
               "application/javascript", "text/javascript", "application/xml",
               "application/opensearchdescription+xml", "image/svg+xml"}


def create_app(config: dict | None = None) -> Flask:
    """Create the app. ``INDEX_DIR`` defaults to the CLI's default index."""
    from indexer.settings import Settings

    env = Settings.from_env()  # the environment, read once for this app (indexer/settings.py)
    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=str(env.index_dir),
        CORS_ORIGINS=env.cors_origins,
        # who may show our HTML pages in an <iframe> (CSP frame-ancestors)
        FRAME_ANCESTORS=env.frame_ancestors,
        # the public address absolute URLs are made from (never the Host header): webui/urls.py
        BASE_URL=env.base_url,
        # a Ray cluster's address to serve from (actors per shard, ``indexer.search.cluster``), else None: in process
        CLUSTER=env.cluster,
        # /static URLs carry a ?v=<content hash>, so they can be cached long
        SEND_FILE_MAX_AGE_DEFAULT=env.static_max_age,
        # /embed.js is copied into other sites without a version: cache it briefly
        EMBED_JS_MAX_AGE=env.embed_max_age,
        GZIP=True,
        JSON_AS_ASCII=False,
        # never Flask's debug mode (tracebacks, the interactive debugger)
        # because FLASK_DEBUG happens to be set: only when asked for here
        DEBUG=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # DefaultJSONProvider's setting
    from indexer.settings import parse_base_url

    app.config["BASE_URL"] = parse_base_url(app.config.get("BASE_URL"))
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"]))

    from . import api, embed, errors, exports, i18n, pages, people, security

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(exports.bp)
    i18n.install(app)
    security.install(app)  # CSP, nosniff, referrer policy
    errors.install(app)  # every error answer: JSON for the API, a page in the reader's language elsewhere
    app.after_request(_gzip)
    return app


def _gzip(response):
    """Compress text responses for clients that accept gzip (bodies over ``GZIP_MIN_BYTES``)."""
    from flask import current_app

    from indexer.settings import GZIP_MIN_BYTES

    if not current_app.config.get("GZIP", True):
        return response
    if (response.status_code != 200 or response.mimetype not in _GZIP_TYPES
            or "Content-Encoding" in response.headers or "Content-Range" in response.headers
            or request.method == "HEAD" or response.is_streamed and not response.direct_passthrough):
        return response
    if "gzip" not in request.headers.get("Accept-Encoding", "").lower():
        return response
    response.vary.add("Accept-Encoding")
    response.direct_passthrough = False  # static files: read the (small) file
    data = response.get_data()
    if len(data) <= GZIP_MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # byte ranges would be of the identity body
    etag, _weak = response.get_etag()
    if etag:  # the bytes differ from the identity encoding: only weakly equal
        response.set_etag(etag, weak=True)
    return response
