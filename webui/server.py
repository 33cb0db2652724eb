"""Production serving with gunicorn (a real WSGI server), started from Python.

``thainews serve`` runs this; ``gunicorn -k webui.server.Worker --keep-alive 10
'webui:create_app()'`` gives the same workers.

**Slow clients.** The workers (``Worker`` below) are gunicorn's gevent
workers with the app run in a pool of ``APP_THREADS`` real threads: each
connection is a greenlet, so a connection that sends nothing, or half a
request, costs a socket and a few kilobytes, not a thread; a request goes
to a thread only once its head has arrived, and its answer is written by
the greenlet. Chosen by measurement (``bench/slow_clients.py``, README
"Production"): with 500 such connections held for 60 s, gunicorn's
threaded workers (2 x 4 threads) had every thread taken and ``/healthz``
timed out, while these answered at their usual speed. The threads keep
the threaded workers' throughput: plain gevent workers, running the app in
the greenlets themselves, served a third of it with 8 busy connections
(``bench/bench_http.py``: 217-226 against 666 requests a second).

**Deadlines.** A request's line and headers must arrive within
``HEADER_DEADLINE_S`` seconds of the connection opening (or of the previous
response on a kept-alive connection); otherwise the connection is closed
without an answer. gunicorn's gevent worker reads a request's head under a
timeout of its ``keepalive`` setting, which is set to that deadline. A
request line is at most ``LIMIT_REQUEST_LINE`` bytes (414 beyond), at most
100 headers of 8,190 bytes each (431); a worker serves at most
``WORKER_CONNECTIONS`` connections at once, and one whose greenlets stop
for more than ``WORKER_TIMEOUT_S`` seconds is replaced.

**Error pages.** gunicorn answers malformed requests itself (400, 414,
431, ...), before the app sees them; ``Worker`` makes those answers carry
the same security headers as the app's (``security.SERVER_ERROR_HEADERS``).
"""

from __future__ import annotations

import html
import io
from typing import Any

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.ggevent import GeventWorker

from indexer.settings import (
    APP_THREADS,
    HEADER_DEADLINE_S,
    LIMIT_REQUEST_LINE,
    WORKER_CONNECTIONS,
    WORKER_TIMEOUT_S,
)

from .security import SERVER_ERROR_HEADERS

__all__ = ["run_gunicorn", "gunicorn_options", "Worker", "WORKER_CLASSES"]

# `--worker-class`: gevent is the default and the one to use; gthread (what
# thainews served with before) stays selectable so bench/slow_clients.py can
# measure both.
WORKER_CLASSES = {"gevent": "webui.server.Worker", "gthread": "gthread"}


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer (``gunicorn.util.write_error``), with the security headers."""
    body = (f"<!doctype html>\n<html><head><title>{html.escape(reason)}</title></head>"
            f"<body><h1>{status_int} {html.escape(reason)}</h1><p>{html.escape(mesg)}</p></body></html>\n"
            ).encode()
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
            f"Content-Length: {len(body)}", "Cache-Control: no-store",
            *(f"{name}: {value}" for name, value in SERVER_ERROR_HEADERS.items())]
    gunicorn_util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


class Worker(GeventWorker):
    """gunicorn's gevent worker: greenlets read and write the sockets, a pool of threads runs the app.

    Greenlets make a slow or stalled client cheap (a socket, not a thread);
    searches run in ``APP_THREADS`` real threads, taking turns at the GIL as
    in gunicorn's threaded worker. Only the sockets and the rest of the
    standard library's I/O are patched by gevent, not ``threading``: the
    app's locks are real locks, taken by real threads. Its own error pages
    carry the security headers.
    """

    sockets: list
    wsgi: Any

    def patch(self) -> None:
        # GeventWorker.patch, but threads stay threads (the app's pool)
        import socket

        from gevent import monkey

        monkey.patch_all(thread=False)
        self.sockets = [socket.socket(s.FAMILY, socket.SOCK_STREAM, fileno=s.sock.detach()) for s in self.sockets]

    def init_process(self) -> None:
        # gunicorn's workers call `util.write_error` for the requests they
        # refuse themselves; this worker process answers them with headers
        gunicorn_util.write_error = write_error
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = InThreads(self.wsgi, APP_THREADS)


class InThreads:
    """A WSGI app run in a pool of real threads, called from greenlets.

    The app's answer is made whole in the thread (a streamed export
    included: at most ``EXPORT_CAP`` rows) and written by the greenlet, so
    no thread ever waits on a client, and a thread never touches a socket
    (a gevent socket belongs to its greenlets): the app, which only reads,
    is given no request body (gunicorn skips an unread one).
    """

    def __init__(self, app, threads: int):
        from gevent.threadpool import ThreadPool

        self.app = app
        self.pool = ThreadPool(threads)

    def _run(self, environ):
        answer: dict = {}

        def start_response(status, headers, exc_info=None):
            answer["start"] = (status, headers, exc_info)
            return _no_write

        body = self.app(environ, start_response)
        try:
            chunks = [bytes(chunk) for chunk in body]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        return answer["start"], chunks

    def __call__(self, environ, start_response):
        environ = {**environ, "wsgi.input": io.BytesIO(), "CONTENT_LENGTH": "0"}
        (status, headers, exc_info), chunks = self.pool.apply(self._run, (environ,))
        start_response(status, headers, exc_info)
        return chunks


def _no_write(data: bytes) -> None:
    raise RuntimeError("the WSGI write() callable is not supported: return the body")


class _Gunicorn(BaseApplication):
    def __init__(self, make_app, options: dict):
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # (a setting of a newer gunicorn is left out on an older one)
                self.cfg.set(key, value)

    def load(self):
        return self.make_app()


def _warm(worker) -> None:
    """Open the index and build the lexicons before the worker takes requests.

    A cold worker's first search opens the index, reads its lexicons and
    loads the segmentation dictionary: seconds that would otherwise land on
    whichever user arrives first.
    """
    from .engine import warm

    app = getattr(worker.wsgi, "app", worker.wsgi)  # (the Flask app inside InThreads)
    with app.app_context():
        warm()


def gunicorn_options(host: str = "127.0.0.1", port: int = 5000, workers: int = 2,
                     worker_class: str = "gevent") -> dict:
    """The gunicorn settings ``thainews serve`` runs with (see the module docstring)."""
    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": WORKER_CLASSES[worker_class],
        "worker_connections": WORKER_CONNECTIONS,
        # the gevent worker reads each request's head under this timeout
        "keepalive": HEADER_DEADLINE_S,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "accesslog": "-",
        "timeout": WORKER_TIMEOUT_S,
        "post_worker_init": _warm,
        # gunicorn 25+ opens a control socket at a fixed path in the home
        # directory (~/.gunicorn/gunicorn.ctl), shared by every server the
        # user runs: thainews needs none
        "control_socket_disable": True,
    }
    if worker_class == "gthread":
        options.update(threads=4, preload_app=True)
    # gevent: the app is made in each worker, after gevent has patched the
    # standard library's sockets
    return options


def run_gunicorn(index_dir: str, host: str = "127.0.0.1", port: int = 5000, workers: int = 2,
                 worker_class: str = "gevent") -> None:
    """Serve the app with gunicorn until interrupted."""
    from . import create_app

    options = gunicorn_options(host, port, workers, worker_class)
    if options.get("preload_app"):
        app = create_app({"INDEX_DIR": index_dir})
        _Gunicorn(lambda: app, options).run()
    else:
        _Gunicorn(lambda: create_app({"INDEX_DIR": index_dir}), options).run()
