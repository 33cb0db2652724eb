"""Thai dates in news text: Buddhist-era years, Thai month names, Thai digits.

Thai news writes dates as ``วันอังคารที่ 23 สิงหาคม 2559``, ``26 ส.ค. 62``,
``23/03/2568`` or ISO ``2019-08-26``; years are usually Buddhist era (BE,
CE + 543) and two-digit years are BE short forms (``62`` = 2562 = 2019).
This module finds such dates in running text (for indexing publish dates)
and parses users' filter input; ``date_format`` writes them back the Thai
way.

PyThaiNLP supplies the month lists, digit conversion and formatting.  Its
``thai_strptime`` only parses a *whole* string of one *known* format and
raises otherwise, so finding dates inside running text is done here with
hand-written regexes built from PyThaiNLP's month lists.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from pythainlp.util import thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months, thai_full_weekdays

from indexer.errors import DateError

__all__ = ["to_gregorian_year", "be_year", "month_name", "find_dates", "parse_date", "parse_date_range",
           "THAI_MONTHS", "EN_MONTHS", "DateError"]

BE_OFFSET = 543
# The months' names: Thai (PyThaiNLP's), and English hard-coded so the locale cannot change them.
THAI_MONTHS = tuple(thai_full_months)
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")

# ---------------------------------------------------------------- years


def be_year(year: int) -> int:
    """The Buddhist-era year of a Gregorian (CE) year: ``be_year(2019)`` is 2562."""
    return year + BE_OFFSET


def month_name(month: int, lang: str = "th") -> str:
    """The full name of month 1-12, in Thai (``th``) or English (``en``)."""
    return (THAI_MONTHS if lang == "th" else EN_MONTHS)[month - 1]


def to_gregorian_year(year: int) -> int:
    """Turn a year as written in Thai text into a Gregorian (CE) year.

    Two-digit years are BE short forms (``62`` -> 2562 BE -> 2019), because
    that is how Thai news abbreviates years; years >= 2400 are BE; years
    1800-2399 are already CE.  Anything else is not a plausible news year.
    """
    if 0 <= year <= 99:
        return 2500 + year - BE_OFFSET
    if year >= 2400:
        return year - BE_OFFSET
    if 1800 <= year < 2400:
        return year
    raise DateError(f"year {year} is neither a Buddhist-era nor a Gregorian year", code="bad_year", value=year)


def _year(digits: str, era: str | None) -> int:
    """Gregorian year from the written digits and an optional era marker.

    An explicit era overrides the guess in :func:`to_gregorian_year`
    (``ค.ศ. 19`` is 2019, not BE 2519).
    """
    y = int(digits)
    if era and era[0] in "คACac":  # ค.ศ. / A.D. / C.E.: Gregorian
        return 2000 + y if len(digits) == 2 else y
    if era and len(digits) == 4 and y < 2400:  # พ.ศ. before a CE-looking year
        raise DateError(f"year พ.ศ. {y} is too early for a Buddhist-era year", code="bad_year", value=y)
    return to_gregorian_year(y)


def _make_date(year: int, month: int, day: int) -> datetime.date:
    """Build a date, or raise DateError saying in plain words what is wrong."""
    if not 1 <= month <= 12:
        raise DateError(f"month {month} is out of range (1-12)", code="month_out_of_range", value=month)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"day {day} is out of range for {EN_MONTHS[month - 1]} {year}", code="day_out_of_range",
                        day=day, month=month, year=year)
    return datetime.date(year, month, day)


# ---------------------------------------------------------------- month names


def _abbr_regex(abbr: str) -> str:
    """``ม.ค.`` -> regex that also accepts ``มค.``, ``ม.ค``, ``ม. ค.``.

    Reporters drop or space the dots freely, so each dot is optional.
    """
    parts = [re.escape(p) for p in abbr.split(".") if p]
    return r"(?:\.\s?)?".join(parts) + r"\.?"


def _month_table() -> list[tuple[str, int]]:
    """(regex, month) for every Thai/English way of naming a month."""
    table: list[tuple[str, int]] = []
    for m, (full, abbr) in enumerate(zip(thai_full_months, thai_abbr_months), 1):
        table.append((re.escape(full), m))
        # Spoken short form: drop the -คม / -ยน / -พันธ์ suffix (สิงหา, กุมภา).
        table.append((re.escape(re.sub(r"(คม|ยน|พันธ์)$", "", full)), m))
        table.append((_abbr_regex(abbr), m))
        en = EN_MONTHS[m - 1]
        table.append((f"(?i:{en}|{en[:3]}\\.?)", m))
    table.append(("กรกฏาคม|กรกฏา", 7))  # common misspelling (ฏ for ฎ)
    table.append(("(?i:sept\\.?)", 9))
    # Longest first so full names win over their spoken prefixes.
    return sorted(table, key=lambda t: -len(t[0]))


_MONTHS = _month_table()
_MONTH_RE = "|".join(f"(?:{rx})" for rx, _ in _MONTHS)
_MONTH_FULL = [re.compile(rx + "$") for rx, _ in _MONTHS]
_EN_MONTH_RE = "|".join(f"(?:{rx})" for rx, _ in _MONTHS if rx.startswith("(?i:"))


def _month_number(name: str) -> int:
    """Month number of a matched month name (any form in ``_MONTHS``)."""
    name = name.strip()
    for (_, m), rx in zip(_MONTHS, _MONTH_FULL):
        if rx.match(name):
            return m
    raise ValueError(f"unknown month name {name!r}")  # unreachable via regex


# ---------------------------------------------------------------- patterns

_SP = r"[\s\u200b]"  # zero-width spaces are common in scraped Thai pages
_ERA = r"พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|(?i:B\.?E\.?|A\.?D\.?|C\.?E\.?)"
_WEEKDAY = "|".join(w[3:] for w in thai_full_weekdays) + "|พฤหัส"
# A year must not run on into a longer number or a time (``09.00``).
_YEAR = rf"(?:(?P<era>{_ERA}){_SP}*)?(?P<year>\d{{4}}|\d{{2}})(?!\d|[.:]\d)"
# A day must not be the tail of a longer number, a decimal or a time.
_DAY = r"(?<!\d)(?<!\d[.,:/])(?P<day>\d{1,2})"
_DAY_RANGE = rf"{_DAY}(?:{_SP}*[-–—]{_SP}*(?P<day2>\d{{1,2}}))?"

# "วันอังคารที่ 23 สิงหาคม 2559", "26 ส.ค.62", "1 ก.ค." (year optional here;
# a yearless date only counts when a full date follows, see find_dates).
_THAI_RE = re.compile(
    rf"(?:วัน(?:{_WEEKDAY})?{_SP}*(?:ที่)?{_SP}*)?{_DAY_RANGE}{_SP}*"
    rf"(?P<month>{_MONTH_RE}),?(?:{_SP}*{_YEAR})?"
)
# "August 26, 2019"
_EN_RE = re.compile(
    rf"(?P<month>{_EN_MONTH_RE}){_SP}+{_DAY}(?!\d)(?i:st|nd|rd|th)?,?{_SP}*{_YEAR}"
)
# "2019-08-26", "2017-06-03T22:04:06.688Z" (date part as written).
_ISO_RE = re.compile(
    r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d/-])"
)
# "23/03/2568", "23/03/66"; "-" and "." only with a 4-digit year (phone numbers).
_DMY_RE = re.compile(
    r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>/)(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/]|[.:]\d)"
    r"|(?<![\d/.-])(?P<day_>\d{1,2})(?P<sep_>[-.])(?P<month_>\d{1,2})(?P=sep_)(?P<year_>\d{4})(?![\d/.-]\d|\d)"
)


class _Hit(NamedTuple):
    """One date expression: span, first day, last day (ranges), or an error."""
    start: int
    end: int
    first: datetime.date | None
    last: datetime.date | None
    error: DateError | None = None
    month: int = 0  # month and day are kept for yearless Thai dates,
    day: int = 0  # which borrow the year of the date after them


def _hit_from(m: re.Match[str], kind: str) -> _Hit:
    """Turn a regex match into a _Hit; invalid calendar dates carry an error."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    g = {k.rstrip("_"): v for k, v in g.items()}
    month = _month_number(g["month"]) if kind in ("thai", "en") else int(g["month"])
    if "year" not in g:
        return _Hit(m.start(), m.end(), None, None, None, month, int(g["day"]))
    try:
        year = _year(g["year"], g.get("era"))
        first = _make_date(year, month, int(g["day"]))
        last = _make_date(year, month, int(g["day2"])) if "day2" in g else first
        if last < first:
            raise DateError(f"day range {g['day']}-{g['day2']} runs backwards", code="range_backwards",
                            value=f"{g['day']}-{g['day2']}")
    except DateError as exc:
        return _Hit(m.start(), m.end(), None, None, exc, month)
    return _Hit(m.start(), m.end(), first, last, None, month)


_PATTERNS = (("thai", _THAI_RE), ("en", _EN_RE), ("iso", _ISO_RE), ("dmy", _DMY_RE))
_CONNECTOR = re.compile(rf"{_SP}*(?:[-–—]|ถึง|จนถึง|to){_SP}*$")


def _scan(text: str) -> list[_Hit]:
    """All non-overlapping date expressions in ``text``, in order.

    Yearless Thai dates (``1 ก.ค.`` in ``1 ก.ค. – 29 ส.ค.63``) take the year
    of the date right after the dash, one year earlier if the month is later
    (``1 ธ.ค. – 5 ม.ค. 63``); otherwise they are dropped.
    """
    text = thai_digit_to_arabic_digit(text)  # keeps length, so offsets hold
    hits = [_hit_from(m, kind) for kind, rx in _PATTERNS for m in rx.finditer(text)]
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[_Hit] = []
    for h in hits:
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    out: list[_Hit] = []
    for i, h in enumerate(kept):
        if h.first is None and h.error is None:  # yearless
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            if nxt is None or nxt.first is None or not _CONNECTOR.match(text[h.end:nxt.start]):
                continue
            year = nxt.first.year - (1 if h.month > nxt.first.month else 0)
            try:
                d = _make_date(year, h.month, h.day)
            except ValueError:
                continue
            h = h._replace(first=d, last=d)
        out.append(h)
    return out


def find_dates(text: str) -> list[tuple[datetime.date, int, int]]:
    """Every full date in running text as ``(date, start, end)``, in order.

    For a day range (``26-27 สิงหาคม 2562``) the first day is reported with
    the span of the whole expression.  Impossible dates (31 ก.พ.) are skipped:
    scraped text is messy and one bad date must not stop indexing.
    """
    return [(h.first, h.start, h.end) for h in _scan(text) if h.first is not None]


# ---------------------------------------------------------------- user input

_DAY_FORMS = "'26 ส.ค. 62', '26 สิงหาคม 2562', '26/08/2562' or '2019-08-26'"


def _whole(text: str) -> _Hit | None:
    """The single date expression spanning all of ``text``, if there is one."""
    hits = _scan(text)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
        return hits[0]
    return None


def parse_date(text: str) -> datetime.date:
    """Parse a string that is exactly one date (users' search input).

    Unlike :func:`find_dates` this is strict: anything that is not a single
    readable date raises DateError with a message fit to show to API users.
    """
    s = text.strip()
    h = _whole(s)
    if h is None:
        raise DateError(f"cannot read '{s}' as a date: expected a form like {_DAY_FORMS}")
    if h.error:
        raise _cannot_read(s, h.error)
    if h.first != h.last or h.first is None:
        raise DateError(f"cannot read '{s}' as a date: it is a range of days, not one date")
    return h.first


_MONTH_ONLY_RE = re.compile(rf"(?P<month>{_MONTH_RE}),?{_SP}*{_YEAR}$")
_NUM_MONTH_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})$|(?P<month_>\d{1,2})/(?P<year_>\d{4})$"
)
_YEAR_ONLY_RE = re.compile(_YEAR + "$")
_BARE_MONTH_RE = re.compile(rf"(?:เดือน{_SP}*)?(?P<month>{_MONTH_RE})$")


def _month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month."""
    first = _make_date(year, month, 1)
    return first, first.replace(day=calendar.monthrange(year, month)[1])


_RANGE_FORMS = (f"a day like {_DAY_FORMS}; a month like 'ส.ค. 2562', 'สิงหาคม 2562', "
                "'2019-08' or '08/2562'; or a year like '2562', '2019', 'พ.ศ. 2562' or 'ค.ศ. 2019'")


def _span(s: str, newest: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month, year or day form (a day or month without a year: the
    latest one not after `newest`); DateError says why not."""
    if m := _MONTH_ONLY_RE.match(s):
        return _month_range(_year(m["year"], m["era"]), _month_number(m["month"]))
    if m := _NUM_MONTH_RE.match(s):
        y, mo = (m["year"], m["month"]) if m["year"] else (m["year_"], m["month_"])
        return _month_range(to_gregorian_year(int(y)), int(mo))
    if m := _YEAR_ONLY_RE.match(s):
        if m["era"] is None and len(m["year"]) == 2:  # "62" alone is too ambiguous
            raise DateError(f"a bare 2-digit number is not a year; expected {_RANGE_FORMS}", code="bare_two_digits")
        y = _year(m["year"], m["era"])
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    if m := _BARE_MONTH_RE.match(s):  # a month without its year: the latest not after `newest`
        if newest is None:
            raise DateError(f"no year given; expected {_RANGE_FORMS}", code="no_year")
        month = _month_number(m["month"])
        return _month_range(newest.year if month <= newest.month else newest.year - 1, month)
    h = _whole(s)
    if h is None:
        if (m := _THAI_RE.fullmatch(s)) and not m["year"]:  # days without their year: `5 มิ.ย.`, `5-7 มิ.ย.`
            first = _latest_day(_month_number(m["month"]), int(m["day"]), newest)
            last = _make_date(first.year, first.month, int(m["day2"] or m["day"]))
            if last < first:
                raise DateError(f"day range {m['day']}-{m['day2']} runs backwards", code="range_backwards",
                                value=f"{m['day']}-{m['day2']}")
            return first, last
        raise DateError(f"expected {_RANGE_FORMS}")
    if h.error:
        raise h.error
    if h.first is None or h.last is None:
        raise DateError("no year given", code="no_year")
    return h.first, h.last


def _latest_day(month: int, day: int, newest: datetime.date | None) -> datetime.date:
    """The latest `day` of `month` that is not after `newest` (the archive's newest article):
    ``5 มิ.ย.`` in an archive ending 5 ก.ย. 2562 is 5 มิ.ย. 2562, in one ending 1 มิ.ย. 2562
    it is 5 มิ.ย. 2561; ``29 ก.พ.`` is the latest leap day. No `newest`: no year to read."""
    if newest is None:
        raise DateError("no year given", code="no_year")
    # a day no year has (31 มิ.ย.) is refused as it would be in the archive's last year
    _make_date(2000 if (month, day) == (2, 29) else newest.year, month, day)
    year = newest.year if (month, day) <= (newest.month, newest.day) else newest.year - 1
    while not calendar.isleap(year) and (month, day) == (2, 29):
        year -= 1
    return datetime.date(year, month, day)


def parse_date_range(text: str, newest: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(first_day, last_day) denoted by a day, day range, month or year.

    Used for ``from``/``to`` filters: ``from=ส.ค. 2562`` should mean the
    1st of August and ``to=ส.ค. 2562`` the 31st, so callers take the side
    they need. A day without a year (``5 มิ.ย.``) is the latest such day not
    after `newest`, the archive's newest publish date (the caller knows the
    archive; this module does not); without `newest` it is refused (``no_year``).
    """
    raw = text.strip()
    if not raw:
        raise DateError(f"empty date: expected {_RANGE_FORMS}")
    try:
        return _span(thai_digit_to_arabic_digit(raw), newest)
    except DateError as exc:
        raise _cannot_read(raw, exc) from None


def _cannot_read(text: str, exc: DateError) -> DateError:
    """`exc` (its code and params) said of the whole of `text`."""
    return DateError(f"cannot read '{text}' as a date: {exc}", code=exc.code, **exc.params)
