"""Readers for plain-text articles: thaigov pages, PR releases, anything else.

Three shapes are recognised from the text itself, not from the path:

* thaigov: headline with the site prefix, then a Thai long date line
  (``วันอังคารที่ 23 สิงหาคม 2559``), maybe ``23/03/2568`` and ``พิมพ์``, the
  body, and a ``ที่มา : URL`` line. The folder date of the scrape is ignored.
* PR release (the seed): item numbers (``1.1``) each opening an item with a
  headline, a body, and a byline block: ``reporter /ข่าว``,
  ``photographer/ภาพ``, the issuing office, and the release date
  (``26 ส.ค. 62``). One article per item.
* anything else: first line is the headline, the rest the body.
"""

from __future__ import annotations

import re
from datetime import date

from indexer.thai.dates import find_dates
from indexer.thai.normalize import normalize

from .article import THAIGOV_PREFIX, Article, clean_title

__all__ = ["read_plaintext"]

# Only an address: "ที่มา : กระทรวงการคลัง" credits a ministry in the text,
# and taken as the URL it would become the id of every article it credits.
_SOURCE_LINE = re.compile(r"^\s*ที่มา\s*[:：]\s*(https?://\S+)\s*$", re.I)
_PRINT_LINE = re.compile(r"^\s*(?:พิมพ์|print)\s*$", re.I)
_SLASH_DATE_LINE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$")
_ITEM_LINE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?\s*$")
_REPORTER = re.compile(r"^(.*?)\s*/\s*ข่าว\s*$")
_PHOTOGRAPHER = re.compile(r"^(.*?)\s*/\s*ภาพ\s*$")
_OFFICE = re.compile(r"^(?:สำนักงาน|สำนัก|ศูนย์|กรม|กระทรวง|ส่วน|ฝ่าย|กอง)\S*")
# thaigov file names: ``<category>_<n>.txt`` or ``<category>_<n>_<uuid>.txt``
_THAIGOV_NAME = re.compile(r"^(?P<cat>.+?)_\d+(?:_[0-9a-fA-F-]{36})?\.txt$")


def read_plaintext(text: str, source: str) -> list[Article]:
    """Parse one text file into articles (a release file may hold several)."""
    text = normalize(text)
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        return []
    first = next(line for line in lines if line.strip())
    if THAIGOV_PREFIX.match(first):
        return [_read_thaigov(lines, source)]
    if _ITEM_LINE.match(first):
        return _read_release(lines, source)
    return [_read_generic(lines, source)]


def _first_date(lines: list[str]) -> date | None:
    for line in lines:
        found = find_dates(line)
        if found:
            return found[0][0]
    return None


def _source_line(lines: list[str]) -> tuple[str | None, int | None]:
    """The page's own address and its line: the last ``ที่มา : URL`` line.

    The scraper appends it below the article; an earlier one cites another
    site (``ที่มา : http://www.dpim.go.th/...``) or a page the post quotes,
    and stays in the text.
    """
    for i in range(len(lines) - 1, -1, -1):
        m = _SOURCE_LINE.match(lines[i])
        if m:
            return m.group(1), i
    return None, None


def _category_from_path(source: str) -> str | None:
    m = _THAIGOV_NAME.match(source.rsplit("/", 1)[-1])
    return m.group("cat").strip() if m else None


def _read_thaigov(lines: list[str], source: str) -> Article:
    lines = [line.strip() for line in lines]
    start = next(i for i, line in enumerate(lines) if line)
    title = clean_title(lines[start])
    rest = lines[start + 1:]
    url, source_at = _source_line(rest)
    published = None
    body: list[str] = []
    header = True
    for i, line in enumerate(rest):
        if i == source_at:
            continue
        if header:
            # The page header: date line, numeric date, print button, and the
            # headline repeated; the first other line starts the body.
            if not line or _PRINT_LINE.match(line) or _SLASH_DATE_LINE.match(line):
                if published is None and line and _SLASH_DATE_LINE.match(line):
                    published = _first_date([line])
                continue
            if published is None and line.startswith("วัน"):
                found = find_dates(line)
                if found and found[0][1] <= 20:
                    published = found[0][0]
                    continue
            if clean_title(line) == title:
                continue
            header = False
        body.append(line)
    return Article(
        title=title,
        body=_join(body),
        source=source,
        url=url,
        date=published,
        category=_category_from_path(source),
    )


def _read_release(lines: list[str], source: str) -> list[Article]:
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        m = _ITEM_LINE.match(line)
        if m:
            items.append((m.group(1), []))
        elif items:
            items[-1][1].append(line.strip())
    articles = []
    for record, (number, item_lines) in enumerate(items, 1):
        content = [line for line in item_lines if line]
        if not content:
            continue
        title, rest = content[0], content[1:]
        reporter = photographer = office = None
        released = None
        # The byline block closes the item: read it from the bottom up.
        while rest:
            line = rest[-1]
            if released is None and not reporter and not photographer and _is_date_line(line):
                released = find_dates(line)[0][0]
            elif (m := _REPORTER.match(line)) and not reporter:
                reporter = m.group(1).strip() or None
            elif (m := _PHOTOGRAPHER.match(line)) and not photographer:
                photographer = m.group(1).strip() or None
            elif office is None and _OFFICE.match(line) and len(line) < 80 and (released or reporter or photographer):
                office = line
            else:
                break
            rest.pop()
        articles.append(
            Article(
                title=clean_title(title),
                body=_join(rest),
                source=source,
                record=record,
                date=released or _first_date(rest[:3]),
                item=number,
                reporter=reporter,
                photographer=photographer,
                office=office,
            )
        )
    return articles


def _is_date_line(line: str) -> bool:
    found = find_dates(line)
    return bool(found) and len(line) - (found[0][2] - found[0][1]) <= 6


def _read_generic(lines: list[str], source: str) -> Article:
    content = [line.strip() for line in lines]
    start = next(i for i, line in enumerate(content) if line)
    title = content[start]
    body = content[start + 1:]
    url, source_at = _source_line(body)
    if source_at is not None:
        body[source_at] = ""
    nonblank = [line for line in body if line]
    # A dated header line, else a date in the headline itself (thaigov's
    # weekly address: "... วันศุกร์ที่ 12 มิถุนายน 2558 เวลา 20.15 น."), else a
    # date in the opening lines (before the headline's: the address's first
    # paragraph recalls "เมื่อวันที่ 14 พฤศจิกายน 2498"), else a closing date line.
    header = [line for line in nonblank[:2] if _is_date_line(line)]
    published = _first_date(header) or _first_date([title]) or _first_date(nonblank[:2])
    if published is None and nonblank and _is_date_line(nonblank[-1]):
        published = find_dates(nonblank[-1])[0][0]
    return Article(title=clean_title(title), body=_join(body), source=source, url=url, date=published)


def _join(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line).strip()
