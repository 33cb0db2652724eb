"""Thai first, English where the browser prefers it: the language of a
request and the words the pages use.

Every message has one home, ``MESSAGES`` in ``webui/messages.py``
(``key: (Thai, English)``). Templates call ``t("key", **params)``; views
call ``message(...)``. The language is Thai unless the request's
``Accept-Language`` ranks English above Thai (a page's state stays its
URL: the language is the reader's, not the search's).

Engine refusals (``QueryError``) are said from their ``code`` and
``params``; a date the engine could not read is explained from the
reason ``indexer.thai.dates`` gives (English), matched here against the
reasons it is known to give, so the reader sees it in their language.
"""

from __future__ import annotations

import re

from flask import Flask, g, request

from indexer.thai.dates import BE_OFFSET

from .messages import MESSAGES

__all__ = ["install", "lang", "t", "message", "query_error", "date_reason", "MESSAGES"]

LANGS = ("th", "en")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")
_TH_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
              "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


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
    """The message `key` in the request's language, with `params` filled in."""
    th, en = MESSAGES[key]
    text = en if lang() == "en" else th
    return text.format(**params) if params else text


message = t

# The reasons indexer.thai.dates gives for a date it cannot read.
_DATE_REASONS = [
    (re.compile(r"day (\d+) is out of range for (\w+) (\d+)"), "date.day_out_of_range"),
    (re.compile(r"month (\d+) is out of range"), "date.month_out_of_range"),
    (re.compile(r"day range (\S+) runs backwards"), "date.range_backwards"),
    (re.compile(r"a bare 2-digit number is not a year"), "date.bare_two_digits"),
    (re.compile(r"year (?:พ\.ศ\. )?(\d+) is (?:neither|too early)"), "date.bad_year"),
    (re.compile(r"too long for a date"), "date.too_long"),
    (re.compile(r"no year given"), "date.no_year"),
    (re.compile(r"holds (?:a NUL|a control|an invalid) character"), "date.bad_character"),
]


def date_reason(reason: str) -> str:
    """Why a typed date could not be read, in the reader's language."""
    for pattern, key in _DATE_REASONS:
        m = pattern.search(reason)
        if not m:
            continue
        if key == "date.day_out_of_range":
            month = _EN_MONTHS.index(m[2]) if m[2] in _EN_MONTHS else 0
            year = int(m[3])
            return t(key, day=m[1], month=_TH_MONTHS[month] if lang() == "th" else m[2],
                     year=year + BE_OFFSET if lang() == "th" else year)
        if key in ("date.month_out_of_range", "date.bad_year", "date.range_backwards"):
            return t(key, value=m[1])
        return t(key)
    return t("date.unreadable_forms")


def query_error(exc) -> str:
    """A ``QueryError`` (or another refusal) in the reader's language."""
    code = getattr(exc, "code", None)
    params = dict(getattr(exc, "params", None) or {})
    if code == "bad_date":
        field = t("field.from") if params.get("field") == "from" else t("field.to")
        return t("error.bad_date", field=field, reason=date_reason(params.get("reason", "")))
    for key in (f"error.{code}.{params.get('field')}", f"error.{code}"):
        if code and key in MESSAGES:
            return t(key, **params)
    return t("error.generic", detail=str(exc)) if lang() == "en" else t("error.generic_th")


def install(app: Flask) -> None:
    """``t`` and ``lang`` in templates; pages vary by ``Accept-Language``."""
    from indexer.search.categories import category_label

    app.add_template_global(t, "t")
    app.add_template_global(lang, "lang")
    app.add_template_global(category_label, "category_label")

    @app.after_request
    def _vary(response):
        if response.mimetype in ("text/html", "application/atom+xml"):  # the feed's title and labels
            response.vary.add("Accept-Language")
        return response
