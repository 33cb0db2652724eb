"""The embeddable search box: ``/embed.js`` and the ``/embed`` page that builds its snippet.

One ``<script>`` tag puts a search box on any site. The script draws it in a
shadow root (its styles and the host page's do not mix) and talks to
``/api/search`` at the address the script itself was loaded from. Its
suggestions are the search page's combobox: ``/embed.js`` serves
``static/combobox.js`` and ``static/embed.js`` in one function scope
(:func:`widget_script`). Options are ``data-*`` attributes on the script tag:

``data-placeholder``  the box's placeholder text
``data-mode``         ``panel`` (results under the box, default) or ``newtab``
                      (the full results page in a new tab)
``data-from``, ``data-to``  a fixed date range (any form ``/api/search`` reads)
``data-category``     a fixed category
``data-size``         results shown in the panel (1-20, default 5)
``data-target``       a CSS selector of an element to render into (default:
                      right after the script tag)
"""

from __future__ import annotations

import datetime
import hashlib
import os
import time

from flask import (
    Blueprint,
    current_app,
    g,
    render_template,
    request,
)
from markupsafe import escape

from indexer.index.store import IndexMissing
from indexer.query.params import parse_date_param
from indexer.settings import EMBED_MAX_SIZE

from .engine import get_searcher
from .i18n import date_reason, t, thai
from .urls import has_base_url, public_url

bp = Blueprint("embed", __name__)

MODES = ("panel", "newtab")  # their names: embed.mode_<mode> in webui/messages.py
DEFAULT_PLACEHOLDER = thai("search.placeholder_plain")  # embed.js's own default


def embed_options(args) -> tuple[dict, dict]:
    """The widget options in ``args`` (cleaned) and a reason per unreadable field."""
    errors: dict[str, str] = {}
    mode = args.get("mode", "panel")
    if mode not in MODES:
        errors["mode"] = t("embed.bad_mode", modes=", ".join(MODES))
        mode = "panel"
    size_raw = (args.get("size") or "5").strip()
    try:
        size = int(size_raw)
        if not 1 <= size <= EMBED_MAX_SIZE:
            raise ValueError
    except ValueError:
        errors["size"] = t("embed.bad_size", max=EMBED_MAX_SIZE)
        size = 5
    opts = {
        "placeholder": (args.get("placeholder") or "").strip(),
        "mode": mode,
        "from": (args.get("from") or "").strip(),
        "to": (args.get("to") or "").strip(),
        "category": (args.get("category") or "").strip(),
        "size": size,
    }
    for key in ("from", "to"):
        if opts[key]:
            try:
                parse_date_param(opts[key], key, _newest)  # as a search would read it
            except ValueError as exc:  # QueryError included
                errors[key] = date_reason(exc)
    return opts, errors


def _newest() -> datetime.date | None:
    """The archive's newest date (a date without a year reads the latest such day), if there is an archive."""
    try:
        return get_searcher().newest_date()
    except IndexMissing:
        return None


def snippet_attrs(opts: dict) -> list[tuple[str, str]]:
    """The script tag's attributes for ``opts`` (defaults left out)."""
    attrs = [("src", public_url("embed.embed_js"))]
    if opts["placeholder"] and opts["placeholder"] != DEFAULT_PLACEHOLDER:
        attrs.append(("data-placeholder", opts["placeholder"]))
    if opts["mode"] != "panel":
        attrs.append(("data-mode", opts["mode"]))
    for key in ("from", "to", "category"):
        if opts[key]:
            attrs.append((f"data-{key}", opts[key]))
    if opts["mode"] == "panel" and opts["size"] != 5:
        attrs.append(("data-size", str(opts["size"])))
    return attrs


def script_tag(attrs: list[tuple[str, str]]) -> str:
    inner = " ".join(f'{name}="{escape(value)}"' for name, value in attrs)
    return f"<script {inner} async></script>"


def _categories() -> list[str]:
    """The index's categories, biggest first (the archive's overview)."""
    try:
        return [entry["value"] for entry in get_searcher().overview()["categories"]]
    except IndexMissing:  # the page still works (free-text category) without an index
        return []


@bp.get("/embed")
def embed_page():
    opts, errors = embed_options(request.args)
    attrs = snippet_attrs(opts) if not errors else snippet_attrs(embed_options({})[0])
    categories = _categories()
    iframe = ('<iframe src="{}" title="{}" width="100%" height="640" '
              'style="border:0" loading="lazy"></iframe>').format(
                  escape(public_url("embed.frame")), escape(t("embed.iframe_title")))
    return render_template("embed.html", opts=opts, errors=errors, attrs=attrs,
                           snippet=script_tag(attrs), iframe=iframe, modes=MODES,
                           categories=categories, max_size=EMBED_MAX_SIZE,
                           default_placeholder=DEFAULT_PLACEHOLDER, has_base_url=has_base_url())


@bp.get("/embed/search")
def frame():
    """The search page made to sit in another site's ``<iframe>``: the embed's iframe snippet.

    Only the embed's routes may be framed by any site (``security``); this
    page's links and searches open in a new tab (``<base target="_blank">``),
    where the rest of the site is not framed.
    """
    from . import pages

    g.framed = True
    return pages.index()


# /embed.js: the search-as-you-type combobox the search page uses too, then the
# widget, which calls it. One function scope around both keeps the widget one
# tag and one request, and adds no global to the host page (where a global
# could be read or replaced by the page's own scripts).
WIDGET_FILES = ("combobox.js", "embed.js")
_WIDGET_HEAD = ("/*! thainews embeddable search box: " + " + ".join(WIDGET_FILES)
                + " (webui/embed.py) */\n(function () {\n")
_WIDGET_TAIL = "})();\n"


def widget_script() -> tuple[bytes, float]:
    """The text of ``/embed.js`` and the time its newest file changed; read again when one changes."""
    paths = [os.path.join(current_app.static_folder or "", name) for name in WIDGET_FILES]
    mtimes = tuple(os.stat(path).st_mtime for path in paths)
    cache = current_app.extensions.setdefault("thainews_widget", {})
    if cache.get("mtimes") != mtimes:
        parts = []
        for path in paths:
            with open(path, encoding="utf-8") as fh:
                parts.append(fh.read())
        cache.update(mtimes=mtimes, body=(_WIDGET_HEAD + "\n".join(parts) + _WIDGET_TAIL).encode("utf-8"))
    return cache["body"], max(mtimes)


@bp.get("/embed.js")
def embed_js():
    body, modified = widget_script()
    max_age = current_app.config.get("EMBED_JS_MAX_AGE", 3600)
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Content-Disposition"] = "inline; filename=embed.js"
    response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.expires = int(time.time() + max_age)
    response.set_etag(hashlib.sha1(body).hexdigest())
    response = response.make_conditional(request, accept_ranges=True, complete_length=len(body))
    # any site may load it, also with crossorigin= or under COEP
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
