"""Security headers and error answers for every response.

Why here, in one place: headers set per blueprint are forgotten on the
responses nobody thinks of (static files, errors, redirects), and an error
page written per route sooner or later shows a traceback. ``install`` wires
both into the app:

* **Content-Security-Policy.** HTML pages get a real policy: everything from
  this origin only, scripts and styles from files (no inline script or
  style anywhere, so no ``'unsafe-inline'``), no plugins, forms only to
  this origin, ``<base>`` forbidden, and ``frame-ancestors`` from
  ``THAINEWS_FRAME_ANCESTORS`` (who may frame the pages, ``'self'`` by
  default). The embed's routes (``/embed``, ``/embed/...``, ``/embed.js``)
  alone may be framed by any site (``frame-ancestors *``). Everything else
  (JSON, static files, ``/embed.js``, XML) gets ``default-src 'none'``: if
  a browser is ever tricked into rendering one of them as a document, it
  can load and run nothing. A policy on a script response does not govern
  the script (the page that includes it does), so ``/embed.js`` still runs
  on other sites.
* ``X-Content-Type-Options: nosniff``: a JSON answer that echoes a query is
  never sniffed into HTML or script.
* ``Referrer-Policy: strict-origin-when-cross-origin``: a search URL (the
  query) is not sent to the sites of articles' original links.
* Errors: any ``HTTPException`` answers JSON ``{"error": ...}`` under
  ``/api/`` and a readable page elsewhere; an unhandled exception answers a
  generic 500 (the traceback goes to the log, never to the client).
* gunicorn's own answers (a request it refuses before the app sees it: 400,
  414, 431) carry ``SERVER_ERROR_HEADERS`` (``webui.server``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request

__all__ = ["install", "page_policy", "OTHER_POLICY", "SERVER_ERROR_HEADERS", "is_web_url", "READ_ONLY_METHODS",
           "is_embed_path"]

# Nothing changes the index over HTTP: the CLI (`thainews index`) does. A
# test walks the URL map and holds every route to these methods.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

_PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                "form-action 'self'; frame-ancestors {ancestors}")

_HTML_TYPES = {"text/html", "application/xhtml+xml"}

# The headers of the server's own error pages (no script, no style: the locked-down policy).
SERVER_ERROR_HEADERS = {
    "Content-Security-Policy": OTHER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def is_embed_path(path: str) -> bool:
    """The embed's routes: the only ones any site may frame."""
    return path == "/embed" or path == "/embed.js" or path.startswith("/embed/")

def page_policy(frame_ancestors: str | None) -> str:
    """The CSP of HTML pages; `frame_ancestors` is comma or space separated (default ``'self'``)."""
    # (a stray `;` in the setting must not start a directive of its own)
    ancestors = " ".join((frame_ancestors or "'self'").replace(",", " ").replace(";", " ").split()) or "'self'"
    return _PAGE_POLICY.format(ancestors=ancestors)


def is_web_url(value: object) -> bool:
    """True for an absolute http(s) URL: the only article links made clickable.

    A ``javascript:`` or ``data:`` URL from a corpus stays text.
    """
    if not isinstance(value, str) or not value or value != value.strip():
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _security_headers(response):
    """Every response: CSP, nosniff, referrer policy (set unless a view chose its own)."""
    headers = response.headers
    if response.mimetype in _HTML_TYPES:
        policy = page_policy("*" if is_embed_path(request.path) else current_app.config.get("FRAME_ANCESTORS"))
    else:
        policy = OTHER_POLICY
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def install(app: Flask) -> None:
    """Register the headers on `app` (errors: ``webui.errors``)."""
    app.after_request(_security_headers)
    app.add_template_test(is_web_url, "web_url")
