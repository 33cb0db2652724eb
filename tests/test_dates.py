"""Tests for indexer.thai.dates and date_format: Thai dates, Buddhist-era years, Thai digits."""

from __future__ import annotations

import datetime

import pytest

from indexer.thai.date_format import format_thai_date, format_thai_month
from indexer.thai.dates import find_dates, parse_date, parse_date_range, to_gregorian_year

D = datetime.date


# ---------------------------------------------------------------- years

@pytest.mark.parametrize("year, expected", [
    (62, 2019), (63, 2020), (0, 1957), (99, 2056),
    (2562, 2019), (2400, 1857), (2568, 2025),
    (2019, 2019), (1800, 1800), (2399, 2399),
])
def test_to_gregorian_year(year, expected):
    assert to_gregorian_year(year) == expected


@pytest.mark.parametrize("year", [-1, 100, 562, 1799])
def test_to_gregorian_year_rejects_implausible(year):
    with pytest.raises(ValueError, match=str(year)):
        to_gregorian_year(year)


# ---------------------------------------------------------------- find_dates

@pytest.mark.parametrize("text, expected", [
    ("วันอังคารที่ 23 สิงหาคม 2559", D(2016, 8, 23)),
    ("23 สิงหาคม 2559", D(2016, 8, 23)),
    ("26 ส.ค. 62", D(2019, 8, 26)),
    ("26 ส.ค.62", D(2019, 8, 26)),
    ("26ส.ค.62", D(2019, 8, 26)),
    ("23/03/2568", D(2025, 3, 23)),
    ("23/03/66", D(2023, 3, 23)),
    ("26/8/2019", D(2019, 8, 26)),
    ("2019-08-26", D(2019, 8, 26)),
    ("2017-06-03T22:04:06.688Z", D(2017, 6, 3)),
    ("วันที่ 5 มิ.ย. 2560", D(2017, 6, 5)),
    ("3 มิถุนายน พ.ศ. 2560", D(2017, 6, 3)),
    ("3 มิถุนายน พ.ศ.2560", D(2017, 6, 3)),
    ("3 มิถุนายน ค.ศ. 2019", D(2019, 6, 3)),
    ("5 มิ.ย. 2560", D(2017, 6, 5)),
    ("5 มิย. 2560", D(2017, 6, 5)),
    ("5 มิ.ย 2560", D(2017, 6, 5)),
    ("5 มิ. ย. 2560", D(2017, 6, 5)),
    ("5มิ.ย.2560", D(2017, 6, 5)),
    ("1 มกรา 63", D(2020, 1, 1)),
    ("26 สิงหา 2562", D(2019, 8, 26)),
    ("14 กุมภา 2563", D(2020, 2, 14)),
    ("10 กรกฏาคม 2563", D(2020, 7, 10)),  # common misspelling
    ("August 26, 2019", D(2019, 8, 26)),
    ("26 Aug 2019", D(2019, 8, 26)),
    ("ในวันศุกร์ที่ ๒๖ ตุลาคม ๒๕๖๑ ศาสตราจารย์", D(2018, 10, 26)),
    ("๒๖ ส.ค. ๖๒", D(2019, 8, 26)),
])
def test_find_dates_forms(text, expected):
    found = find_dates(text)
    assert [d for d, _, _ in found] == [expected]


@pytest.mark.parametrize("full, abbr, month", [
    ("มกราคม", "ม.ค.", 1), ("กุมภาพันธ์", "ก.พ.", 2), ("มีนาคม", "มี.ค.", 3),
    ("เมษายน", "เม.ย.", 4), ("พฤษภาคม", "พ.ค.", 5), ("มิถุนายน", "มิ.ย.", 6),
    ("กรกฎาคม", "ก.ค.", 7), ("สิงหาคม", "ส.ค.", 8), ("กันยายน", "ก.ย.", 9),
    ("ตุลาคม", "ต.ค.", 10), ("พฤศจิกายน", "พ.ย.", 11), ("ธันวาคม", "ธ.ค.", 12),
])
def test_all_month_names(full, abbr, month):
    spoken = full.removesuffix("คม").removesuffix("ยน").removesuffix("พันธ์")
    for name in (full, abbr, abbr.replace(".", ""), abbr.rstrip("."), spoken):
        assert find_dates(f"ข่าว 9 {name} 2563 ต่อ") == [(D(2020, month, 9), 5, 12 + len(name))], name


def test_offsets_cover_the_expression():
    text = "เมื่อวันอังคารที่ 23 สิงหาคม 2559 เวลา 09.00 น. (26 ส.ค. 62) และ 2019-08-26."
    found = find_dates(text)
    assert [text[a:b] for _, a, b in found] == [
        "วันอังคารที่ 23 สิงหาคม 2559", "26 ส.ค. 62", "2019-08-26"]
    assert [d for d, _, _ in found] == [D(2016, 8, 23), D(2019, 8, 26), D(2019, 8, 26)]
    for d, a, b in found:
        assert parse_date(text[a:b]) == d


def test_offsets_with_thai_digits():
    text = "ประกาศ ณ วันที่ ๒๖ ส.ค. ๖๒ ครับ"
    [(d, a, b)] = find_dates(text)
    assert d == D(2019, 8, 26) and text[a:b] == "วันที่ ๒๖ ส.ค. ๖๒"


def test_yearless_start_of_range_borrows_year():
    text = "ระหว่าง 1 ก.ค. – 29 ส.ค.63 ณ ศูนย์ฯ"
    found = find_dates(text)
    assert (D(2020, 8, 29), text.index("29"), text.index(" ณ")) in found
    assert [d for d, _, _ in found] == [D(2020, 7, 1), D(2020, 8, 29)]
    # Across the new year the first part belongs to the year before.
    assert [d for d, _, _ in find_dates("1 ธ.ค. - 5 ม.ค. 63")] == [D(2019, 12, 1), D(2020, 1, 5)]


def test_yearless_date_alone_is_skipped():
    assert find_dates("ภายในวันที่ 5 ส.ค. นี้") == []


def test_day_range_yields_first_day():
    text = "จัดงาน 26-27 สิงหาคม 2562 ที่"
    found = find_dates(text)
    assert found[0][0] == D(2019, 8, 26)
    assert text[found[0][1]:found[0][2]] == "26-27 สิงหาคม 2562"
    assert find_dates("30-31 ก.พ. 2563") == []  # impossible range: skipped, no crash


@pytest.mark.parametrize("text", [
    "31 ก.พ. 2562", "29 ก.พ. 2562", "31 เม.ย. 2563", "0 ม.ค. 2563", "31/04/2563", "2019-02-30",
])
def test_invalid_calendar_dates_are_skipped(text):
    assert find_dates(f"ก่อน {text} หลัง") == []


def test_leap_year_feb_29():
    assert find_dates("29 ก.พ. 2563") == [(D(2020, 2, 29), 0, 12)]


@pytest.mark.parametrize("text", [
    "123/03/2568", "เลขที่ 1234/2562", "โทร 02-123-4567", "081-234-5678",
    "เวลา 09.00 น.", "เวลา 13.30 - 16.30 น.", "ร้อยละ 12.5", "หน้า 2562", "",
])
def test_no_false_matches(text):
    assert find_dates(text) == []


def test_seed_article_closing_line():
    text = "ข่าวโดย ทีมข่าวการเมือง\n26 ส.ค. 62\n"
    assert find_dates(text)[0][0] == D(2019, 8, 26)


def test_thaigov_head_first_date():
    head = ("\ufeffรัฐบาลไทย-ข่าวทำเนียบรัฐบาล-รมช.สธ. ลงพื้นที่ติดตามสถานการณ์โควิด-19\n\n"
            "วันพุธที่ 10 มิถุนายน 2563\n"
            "รมช.สธ. ลงพื้นที่ติดตามสถานการณ์ วันนี้ (9 มิ.ย. 63) เวลา 10.00 น.\n")
    found = find_dates(head)
    assert found[0][0] == D(2020, 6, 10)
    assert [d for d, _, _ in found] == [D(2020, 6, 10), D(2020, 6, 9)]


def test_thaigov_new_layout_head():
    head = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-เลขาฯ กบข.\n\n\nวันพฤหัสบดีที่ 23 มีนาคม 2566\n23/03/2566\nพิมพ์\n"
    assert [d for d, _, _ in find_dates(head)] == [D(2023, 3, 23)] * 2


# ---------------------------------------------------------------- parse_date

@pytest.mark.parametrize("text", [
    "2019-08-26", "26 ส.ค. 62", "26 สิงหาคม 2562", "26/08/2562", "26/8/2019",
    "วันจันทร์ที่ 26 สิงหาคม 2562", "  26 ส.ค. 2562 ", "๒๖ ส.ค. ๖๒", "26 สิงหาคม พ.ศ. 2562",
    "26 สิงหาคม ค.ศ. 2019", "26 สิงหา 62",
])
def test_parse_date(text):
    assert parse_date(text) == D(2019, 8, 26)


@pytest.mark.parametrize("text, reason", [
    ("32 ส.ค. 62", "day 32 is out of range for August 2019"),
    ("29 ก.พ. 2562", "day 29 is out of range for February 2019"),
    ("26/13/2562", "month 13"),
    ("hello", "expected"),
    ("", "expected"),
    ("26 ส.ค. 62 และ 27 ส.ค. 62", "expected"),
    ("ข่าว 26 ส.ค. 62", "expected"),
    ("26-27 ส.ค. 62", "range"),
    ("26 ส.ค.", "expected"),
])
def test_parse_date_errors_mention_input(text, reason):
    with pytest.raises(ValueError) as info:
        parse_date(text)
    msg = str(info.value)
    assert f"'{text.strip()}'" in msg and reason in msg


def test_parse_date_leap_year():
    assert parse_date("29 ก.พ. 2563") == D(2020, 2, 29)


def test_format_round_trips():
    d = D(2016, 1, 1)
    while d < D(2026, 1, 1):
        for style in ("short", "long", "full"):
            assert parse_date(format_thai_date(d, style)) == d
        d += datetime.timedelta(days=11)
    assert parse_date(format_thai_date(D(2020, 2, 29))) == D(2020, 2, 29)


# ---------------------------------------------------------------- parse_date_range

AUG_2019 = (D(2019, 8, 1), D(2019, 8, 31))
YEAR_2019 = (D(2019, 1, 1), D(2019, 12, 31))


@pytest.mark.parametrize("text, expected", [
    ("26 ส.ค. 62", (D(2019, 8, 26),) * 2),
    ("2019-08-26", (D(2019, 8, 26),) * 2),
    ("วันจันทร์ที่ 26 สิงหาคม 2562", (D(2019, 8, 26),) * 2),
    ("26-27 สิงหาคม 2562", (D(2019, 8, 26), D(2019, 8, 27))),
    ("ส.ค. 2562", AUG_2019), ("สิงหาคม 2562", AUG_2019), ("ส.ค. 62", AUG_2019),
    ("2019-08", AUG_2019), ("08/2562", AUG_2019), ("8/2019", AUG_2019),
    ("สิงหาคม พ.ศ. 2562", AUG_2019), (" ๐๘/๒๕๖๒ ", AUG_2019),
    ("ก.พ. 2563", (D(2020, 2, 1), D(2020, 2, 29))),
    ("ก.พ. 2562", (D(2019, 2, 1), D(2019, 2, 28))),
    ("ธ.ค. 2562", (D(2019, 12, 1), D(2019, 12, 31))),
    ("2562", YEAR_2019), ("2019", YEAR_2019), ("พ.ศ. 2562", YEAR_2019),
    ("ค.ศ. 2019", YEAR_2019), ("  2562\n", YEAR_2019),
])
def test_parse_date_range(text, expected):
    assert parse_date_range(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "hello", "62", "2019-13", "13/2562", "ส.ค.", "31 ก.พ. 2562"])
def test_parse_date_range_errors(text):
    with pytest.raises(ValueError) as info:
        parse_date_range(text)
    msg = str(info.value)
    assert ("expected" in msg or "out of range" in msg or "not a year" in msg)
    if text.strip():
        assert text.strip() in msg
    else:
        assert "ส.ค. 2562" in msg  # says which forms are accepted


# ---------------------------------------------------------------- formatting

def test_format_thai_date_styles():
    d = D(2019, 8, 26)
    assert format_thai_date(d) == "26 ส.ค. 2562"
    assert format_thai_date(d, "short") == "26 ส.ค. 2562"
    assert format_thai_date(d, "long") == "26 สิงหาคม 2562"
    assert format_thai_date(d, "full") == "วันจันทร์ที่ 26 สิงหาคม 2562"
    assert format_thai_date(D(2020, 6, 10), "full") == "วันพุธที่ 10 มิถุนายน 2563"
    with pytest.raises(ValueError):
        format_thai_date(d, "medium")


def test_format_thai_month():
    assert format_thai_month(2019, 8) == "ส.ค. 2562"
    assert format_thai_month(2020, 1) == "ม.ค. 2563"
    assert parse_date_range(format_thai_month(2020, 2)) == (D(2020, 2, 1), D(2020, 2, 29))
    with pytest.raises(ValueError):
        format_thai_month(2019, 13)


@pytest.mark.parametrize("text, code, params", [
    ("32 ส.ค. 62", "day_out_of_range", {"day": 32, "month": 8, "year": 2019}),
    ("ส.ค. 1700", "bad_year", {"value": 1700}),
    ("13/2562", "month_out_of_range", {"value": 13}),
    ("5-3 ส.ค. 62", "range_backwards", {"value": "5-3"}),
    ("62", "bare_two_digits", {}),
    ("26 ส.ค.", "no_year", {}),  # read against the archive's newest date when there is one
    ("hello", "unreadable", {}),
    ("", "unreadable", {}),
])
def test_date_errors_carry_a_code(text, code, params):
    from indexer.errors import DateError
    from indexer.thai.dates import parse_date_range

    with pytest.raises(DateError) as info:
        parse_date_range(text)
    assert (info.value.code, info.value.params) == (code, params)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("text", ["32 ส.ค. 62", "29 ก.พ. 2562", "ส.ค. 1700", "13/2562", "5-3 ส.ค. 62", "62",
                                  "26 ส.ค.", "hello", "x" * 300, "26\x00 ส.ค. 62"])
def test_a_date_error_is_said_from_its_code(text, lang):
    from flask import Flask

    from indexer.query.params import QueryError, parse_date_param
    from webui.i18n import date_reason, t

    with pytest.raises(QueryError if "\x00" in text else ValueError) as info:
        parse_date_param(text, "from")
    with Flask(__name__).test_request_context(headers={"Accept-Language": lang}):
        reason = date_reason(info.value)
        generic = t("date.unreadable_forms")
    # every refusal but an unreadable text says what is wrong with it, never its English sentence
    assert reason and str(info.value) not in reason
    assert (reason == generic) == (getattr(info.value, "code", None) == "unreadable")


# ---------------------------------------------------------------- a day without its year

NEWEST = D(2019, 9, 5)  # an archive whose newest article is of 5 ก.ย. 2562


@pytest.mark.parametrize("text, expected", [
    ("5 มิ.ย.", (D(2019, 6, 5),) * 2),               # earlier in the newest article's year
    ("5 ก.ย.", (D(2019, 9, 5),) * 2),                # the newest article's own day
    ("6 ก.ย.", (D(2018, 9, 6),) * 2),                # after it: the year before
    ("31 ธ.ค.", (D(2018, 12, 31),) * 2),
    ("29 ก.พ.", (D(2016, 2, 29),) * 2),              # the latest leap day
    ("วันที่ 5 มิถุนายน", (D(2019, 6, 5),) * 2),
    ("๕ มิ.ย.", (D(2019, 6, 5),) * 2),
    ("1-10 มิ.ย.", (D(2019, 6, 1), D(2019, 6, 10))),
    ("5 Jun", (D(2019, 6, 5),) * 2),
    ("มิ.ย.", (D(2019, 6, 1), D(2019, 6, 30))),      # a month without its year
    ("เดือนกันยายน", (D(2019, 9, 1), D(2019, 9, 30))),  # the newest article's own month
    ("ต.ค.", (D(2018, 10, 1), D(2018, 10, 31))),      # after it: the year before
])
def test_a_day_without_a_year_is_the_archives_latest_such_day(text, expected):
    assert parse_date_range(text, NEWEST) == expected


def test_a_day_without_a_year_needs_the_archives_newest_date():
    from indexer.errors import DateError

    with pytest.raises(DateError) as info:
        parse_date_range("5 มิ.ย.")
    assert info.value.code == "no_year"
    with pytest.raises(DateError) as info:
        parse_date_range("31 มิ.ย.", NEWEST)  # no June has it
    assert (info.value.code, info.value.params) == ("day_out_of_range", {"day": 31, "month": 6, "year": 2019})
    with pytest.raises(DateError) as info:
        parse_date_range("10-1 มิ.ย.", NEWEST)
    assert info.value.code == "range_backwards"
    # a year, given, is the year given
    assert parse_date_range("5 มิ.ย. 2560", NEWEST) == (D(2017, 6, 5),) * 2


def test_the_archives_newest_date_is_asked_for_only_when_a_year_is_missing():
    from indexer.query.params import parse_date_param, parse_params

    asked = []

    def newest():
        asked.append(1)
        return NEWEST

    assert parse_date_param("5 มิ.ย. 2562", "from", newest) == (D(2019, 6, 5),) * 2 and not asked
    assert parse_params("x", "5 มิ.ย.", "ก.ย. 2562", newest=newest).date_from == D(2019, 6, 5) and asked


# ---------------------------------------------------------------- English pages: Gregorian


def test_dates_for_an_english_reader_are_gregorian_and_read_back():
    from indexer.thai.date_format import format_date, format_iso_date, format_month, format_year

    assert format_date(D(2019, 8, 26), lang="en") == "26 Aug 2019"
    assert format_date(D(2019, 8, 26), "long", "en") == "26 August 2019"
    assert format_iso_date("2019-08-26", "long", lang="en") == "26 August 2019"
    assert format_month(2019, 8, "en") == "Aug 2019" and format_month(2019, 8) == "ส.ค. 2562"
    assert format_year(2019, "en") == "2019" and format_year(2019) == "2562"
    d = D(2016, 1, 1)
    while d < D(2026, 1, 1):
        for style in ("short", "long"):
            assert parse_date(format_date(d, style, "en")) == d
        assert parse_date_range(format_month(d.year, d.month, "en")) == parse_date_range(format_thai_month(d.year,
                                                                                                          d.month))
        d += datetime.timedelta(days=11)
