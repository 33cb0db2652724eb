"""Thai first, English where the browser prefers it: the language of a
request and the words the pages use.

Every message has one home, ``MESSAGES`` in ``webui/messages.py``
(``key: (Thai, English)``). Templates call ``t("key", **params)``; views
call ``message(...)``. The language is Thai unless the request's
``Accept-Language`` ranks English above Thai (a page's state stays its
URL: the language is the reader's, not the search's).

Engine refusals (``QueryError``) are said from their ``code`` and
``params``; a date the engine could not read from the code and params of
the ``DateError`` ``indexer.thai.dates`` raises (``date.<code>`` messages).
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, request

from indexer.thai.date_format import format_date, format_year
from indexer.thai.dates import be_year, month_name

from .messages import MESSAGES

__all__ = ["install", "lang", "t", "thai", "message", "query_error", "date_reason", "day", "year_label",
           "MESSAGES"]

LANGS = ("th", "en")


def lang() -> str:
    """``th`` or ``en`` for the current request (Thai unless English is preferred)."""
    try:
        cached = g.get("thainews_lang")
    except RuntimeError:  # outside a request
        return "th"
    if cached:
        return cached
    best = request.accept_languages.best_match(LANGS, default="th") if request.accept_languages else "th"
    g.thainews_lang = best if best in LANGS else "th"
    return g.thainews_lang


def t(key: str, **params) -> str:
    """The message `key` in the request's language, with `params` filled in; whole
    numbers with thousands separators, one way everywhere (`4,102 ข่าว`), years and
    days as they are (`ปี 2560`)."""
    th, en = MESSAGES[key]
    text = en if lang() == "en" else th
    if not params:
        return text
    return text.format(**{k: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) and k not in _AS_IS else v
                          for k, v in params.items()})


_AS_IS = frozenset({"year", "month", "day", "value"})  # numbers that are names or typed values, not counts


def thai(key: str) -> str:
    """The Thai text of message `key` whatever the reader's language: for what every
    client gets alike (the OpenSearch description, cached by anyone; the embed
    widget's own default, which speaks Thai)."""
    return MESSAGES[key][0]


message = t


# Dates in the reader's language: the Thai way (Buddhist-era years), or Gregorian on
# English pages (the timeline's labels: webui/timeline.py).

def day(value: str | dt.date | None, style: str = "short") -> str:
    """A day (an ISO date or a date): ``26 ส.ค. 2562``, ``26 Aug 2019`` in English
    (`style` ``long``: ``26 สิงหาคม 2562``, ``26 August 2019``); empty for none."""
    if not value:
        return ""
    return format_date(dt.date.fromisoformat(value) if isinstance(value, str) else value, style, lang())


def year_label(value: int) -> str:
    """A Gregorian year as the reader counts: ``2562``, ``2019`` in English."""
    return format_year(value, lang())


def date_reason(reason, params: dict | None = None) -> str:
    """Why a typed date could not be read, in the reader's language: from a ``DateError``
    (or the ``QueryError`` of a character no one types), or its code and `params`."""
    if isinstance(reason, BaseException):
        reason, params = getattr(reason, "code", None), dict(getattr(reason, "params", None) or {})
    params = params or {}
    key = "date.bad_character" if reason == "bad_character" else f"date.{reason}"
    if reason == "day_out_of_range":
        th = lang() == "th"
        year = int(params["year"])
        return t(key, day=params["day"], month=month_name(int(params["month"]), lang()),
                 year=be_year(year) if th else year)
    if reason in ("month_out_of_range", "bad_year", "range_backwards"):
        return t(key, value=params["value"])
    return t(key) if key in MESSAGES else t("date.unreadable_forms")


def query_error(exc) -> str:
    """A ``QueryError`` (or another refusal) in the reader's language."""
    code = getattr(exc, "code", None)
    params = dict(getattr(exc, "params", None) or {})
    if code == "bad_date":
        field = t("field.from") if params.get("field") == "from" else t("field.to")
        return t("error.bad_date", field=field, reason=date_reason(params.get("reason_code", "unreadable"),
                                                                   params.get("reason_params") or {}))
    for key in (f"error.{code}.{params.get('field')}", f"error.{code}"):
        if code and key in MESSAGES:
            return t(key, **params)
    return t("error.generic", detail=str(exc)) if lang() == "en" else t("error.generic_th")


def install(app: Flask) -> None:
    """``t`` and ``lang`` in templates; pages vary by ``Accept-Language``."""
    from indexer.search.labels import value_label

    app.add_template_global(t, "t")
    app.add_template_global(lang, "lang")
    app.add_template_filter(day, "day")
    app.add_template_global(value_label, "value_label")

    @app.after_request
    def _vary(response):
        if response.mimetype in ("text/html", "application/atom+xml"):  # the feed's title and labels
            response.vary.add("Accept-Language")
        return response
