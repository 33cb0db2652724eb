"""Dates written for a reader: the Thai way (Buddhist-era year, Thai month names) or in English.

The inverse of ``dates``: every date and month written here parses back
with ``dates.parse_date`` and ``dates.parse_date_range``
(``tests/test_dates.py``). PyThaiNLP's ``thai_strftime`` writes the long
forms.
"""

from __future__ import annotations

import datetime

from pythainlp.util import thai_strftime
from pythainlp.util.date import thai_abbr_months

from .dates import EN_MONTHS, be_year

__all__ = ["format_thai_date", "format_date", "format_iso_date", "format_thai_month", "format_month", "format_year"]

_STYLES = {"short": "%-d %b %Y", "long": "%-d %B %Y", "full": "%Aที่ %-d %B %Y"}


def format_thai_date(d: datetime.date, style: str = "short") -> str:
    """``26 ส.ค. 2562`` (short), ``26 สิงหาคม 2562`` (long) or
    ``วันจันทร์ที่ 26 สิงหาคม 2562`` (full): BE year, Arabic digits.

    Every style parses back with ``dates.parse_date``.
    """
    if style not in _STYLES:
        raise ValueError(f"unknown style {style!r}; use one of {', '.join(_STYLES)}")
    if style == "short":
        # every result line has one: PyThaiNLP's thai_strftime gives the same
        # text in 30 µs, a tenth of a result's time
        return f"{d.day} {thai_abbr_months[d.month - 1]} {be_year(d.year)}"
    return thai_strftime(datetime.datetime(d.year, d.month, d.day), _STYLES[style])


def format_date(d: datetime.date, style: str = "short", lang: str = "th") -> str:
    """A date for a reader of `lang`: the Thai way (``format_thai_date``), or for ``en``
    ``26 Aug 2019`` (short) or ``26 August 2019`` (long), Gregorian. Both parse back."""
    if lang == "th":
        return format_thai_date(d, style)
    if style not in ("short", "long"):
        raise ValueError(f"unknown style {style!r} in English; use short or long")
    month = EN_MONTHS[d.month - 1]
    return f"{d.day} {month[:3] if style == 'short' else month} {d.year}"


def format_iso_date(iso: str | None, style: str = "short", missing: str = "", lang: str = "th") -> str:
    """An ISO date (``2019-08-26``, as the search results give it) for a reader of `lang`
    (``format_date``); `missing` for none. ValueError when it is not one."""
    return format_date(datetime.date.fromisoformat(iso), style, lang) if iso else missing


def format_thai_month(year: int, month: int) -> str:
    """``ส.ค. 2562`` for (2019, 8): Gregorian year in, BE year out."""
    return format_month(year, month)


def format_month(year: int, month: int, lang: str = "th") -> str:
    """A month for a reader of `lang`: ``ส.ค. 2562``, or ``Aug 2019`` for ``en``
    (Gregorian year in). Both parse back with ``dates.parse_date_range``."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is out of range (1-12)")
    return f"{thai_abbr_months[month - 1]} {be_year(year)}" if lang == "th" else f"{EN_MONTHS[month - 1][:3]} {year}"


def format_year(year: int, lang: str = "th") -> str:
    """A Gregorian year for a reader of `lang`: ``2562`` (Buddhist era) or ``2019`` for ``en``."""
    return str(be_year(year) if lang == "th" else year)
