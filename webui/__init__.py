"""thainews web UI: a Flask app factory and its blueprints.

The app only calls ``indexer``'s search API; every HTML page has a JSON twin
under ``/api``.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

__all__ = ["create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Create the app. ``INDEX_DIR`` defaults to the CLI's default index."""
    from indexer.store import default_index_dir

    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=os.environ.get("THAINEWS_INDEX") or str(default_index_dir()),
        CORS_ORIGINS=os.environ.get("THAINEWS_CORS_ORIGINS", "*"),
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"]))

    from . import api, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    return app
