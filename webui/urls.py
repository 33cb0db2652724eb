"""Absolute URLs from the configured public base URL, never from the request's Host header.

A feed, an OpenSearch description or an embed snippet needs this server's
address, and the request's ``Host`` header is whatever the client sent: a
cache or a feed reader would pass a hostile one on to everyone. The address
is ``THAINEWS_BASE_URL`` (``BASE_URL`` in the app's config); without it,
these URLs are relative (the path only), which a browser resolves against
the address it actually used.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, request, url_for

__all__ = ["public_url", "has_base_url", "stable_id"]


def has_base_url() -> bool:
    return bool(current_app.config.get("BASE_URL"))


def public_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` made absolute with the base URL, or left relative."""
    path = url_for(endpoint, **values)
    base = current_app.config.get("BASE_URL")
    if not base:
        return path
    root = request.script_root if request else ""
    if root and path.startswith(root):
        path = path[len(root):]
    return base.rstrip("/") + "/" + path.lstrip("/")


def stable_id(kind: str, value: str) -> str:
    """An Atom ``<id>`` (an absolute IRI) that needs no address: ``urn:thainews:<kind>:<value>``."""
    return f"urn:thainews:{kind}:{quote(value, safe='')}"
