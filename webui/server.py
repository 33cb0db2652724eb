"""Production serving with gunicorn (a real WSGI server), started from Python.

``thainews serve`` runs this; ``gunicorn 'webui:create_app()'`` works too.
Workers are forked after the app is loaded (``preload_app``), and each opens
its own searcher on the shared index directory on first request.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from . import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _warm(worker) -> None:
    """Open the index and build the lexicons before the worker takes requests.

    A cold worker's first search opens the index, reads its lexicons and
    loads the segmentation dictionary: seconds that would otherwise land on
    whichever user arrives first.
    """
    from .engine import warm

    with worker.wsgi.app_context():
        warm()


def run_gunicorn(index_dir: str, host: str = "127.0.0.1", port: int = 5000, workers: int = 2) -> None:
    """Serve the app with gunicorn until interrupted."""
    app = create_app({"INDEX_DIR": index_dir})
    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": "gthread",
        "threads": 4,
        "preload_app": True,
        "accesslog": "-",
        "timeout": 60,
        "post_worker_init": _warm,
    }
    _Gunicorn(app, options).run()
