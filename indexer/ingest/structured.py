"""Readers for structured articles: JSON, JSON Lines, CSV/TSV.

Column names are matched case-insensitively with the aliases news exports
use (``headline`` for the title, ``content`` or ``text`` for the body).
Content scraped with its markup is reduced to text; a lone ``<FOR MY DEAR>``
in a headline is text, not a tag, and stays.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from indexer.errors import ThainewsError
from indexer.thai.dates import find_dates
from indexer.thai.normalize import normalize

from .article import Article, clean_title

__all__ = ["read_json", "read_jsonl", "read_csv", "RecordError"]

TITLE_KEYS = ("title", "headline")
BODY_KEYS = ("body", "content", "text")
FALLBACK_BODY_KEYS = ("description", "summary", "abstract")
_BANGKOK = ZoneInfo("Asia/Bangkok")

_TAG = re.compile(
    r"<(?:script|style)\b.*?</(?:script|style)\s*>"
    r"|<!--.*?-->"
    r"|</?(?:p|br|div|span|a|b|i|u|em|strong|img|h[1-6]|ul|ol|li|table|tr|td|th|tbody|thead"
    r"|figure|figcaption|iframe|blockquote|section|article|header|footer|font|center|hr|sup|sub"
    r"|small|big|label|input|button|form|noscript|meta|link|video|source|picture)\b[^>]*>",
    re.I | re.S,
)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|tr|blockquote|section|article)\s*>|<br\s*/?>", re.I)


class RecordError(ThainewsError, ValueError):
    """A record that cannot become an article (reason in the message)."""

    status = 422
    default_code = "bad_record"


def strip_html(text: str) -> str:
    """Markup to plain text: scripts and styles dropped, tags removed, entities decoded.

    Only real HTML tag names are removed, so angle-bracketed text in Thai news
    (``<FOR MY DEAR>``, ``ถนน A > B``) survives. A full HTML parser would
    treat those as tags and eat the text.
    """
    if "<" not in text and "&" not in text:
        return text
    text = _BLOCK_END.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


def _get(record: Mapping[str, object], keys: Iterable[str]) -> str:
    """The first of `keys` with text in it. A list or object where text
    belongs (``"title": {"th": ...}``) is a wrong-shaped export: its
    Python repr would be indexed as junk, so it counts as missing."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return ""


def _record_date(raw: str, title: str, body: str) -> date | None:
    raw = raw.strip()
    if raw:
        try:
            stamp = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            stamp = None
        if stamp is not None:
            # A UTC timestamp of 22:04 on 3 June is 4 June in Thailand,
            # which is the date the article carries on its page.
            if stamp.tzinfo is not None:
                stamp = stamp.astimezone(_BANGKOK)
            return stamp.date()
        found = find_dates(raw)
        if found:
            return found[0][0]
    for text in (title, body[:300]):
        found = find_dates(text)
        if found:
            return found[0][0]
    return None


def article_from_record(record: Mapping[str, object], source: str, number: int) -> Article:
    """Map one JSON object or CSV row onto an :class:`Article`."""
    if not isinstance(record, Mapping):
        raise RecordError(f"record {number} is a {type(record).__name__}, not an object")
    title = normalize(strip_html(_get(record, TITLE_KEYS)))
    body = _get(record, BODY_KEYS) or _get(record, FALLBACK_BODY_KEYS)
    body = normalize(strip_html(body))
    if not title and not body:
        raise RecordError(f"record {number} has no title or body")
    url = _get(record, ("url", "link")).strip() or None
    category = _get(record, ("category", "section")).strip() or None
    notes = [] if clean_title(title) else ["no headline: the body's first line stands in"]
    return Article(
        title=clean_title(title) or clean_title(body.split("\n", 1)[0])[:200],
        notes=notes,
        body=body,
        source=source,
        record=number,
        url=url,
        date=_record_date(_get(record, ("date", "published", "pubdate", "datetime")), title, body),
        category=category,
    )


def read_json(text: str, source: str) -> tuple[list[Article], list[str]]:
    """One article per file (an object), or a list of article objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON: {exc}") from exc
    records = data if isinstance(data, list) else [data]
    return _convert(records, source)


def read_jsonl(text: str, source: str) -> tuple[list[Article], list[str]]:
    """One JSON object per line; a broken line is reported, the rest kept."""
    articles: list[Article] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            articles.append(article_from_record(json.loads(line), source, number))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON: {exc}")
        except RecordError as exc:
            problems.append(f"line {number}: {exc}")
    return articles, problems


def read_csv(text: str, source: str, delimiter: str = ",") -> tuple[list[Article], list[str]]:
    """A header row naming the columns, then one article per row.

    A stray quote makes the csv module read every later line into one
    field, silently. Parsing is strict instead: a broken row is reported
    with its line number and parsing starts again on the next line, so one
    bad row costs one article. Records are numbered by the line they start on.
    """
    rows, problems = _csv_rows(text, delimiter)
    if not rows:
        raise RecordError(problems[0] if problems else "empty CSV: no header row")
    (_, header), records = rows[0], rows[1:]
    header = [name.strip().lower() for name in header]
    if not set(header) & set(TITLE_KEYS + BODY_KEYS):
        raise RecordError(f"no title or body column (columns: {', '.join(sorted(n for n in header if n))})")
    articles: list[Article] = []
    for line, row in records:
        try:
            articles.append(article_from_record(dict(zip(header, row)), source, line))
        except RecordError as exc:
            problems.append(f"line {line}: {exc}")
    if len(records) == 1 and not articles and problems:
        raise RecordError(problems[-1])
    return articles, problems


def _csv_rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Non-blank rows with the line each starts on, and the rows that were broken."""
    lines = text.splitlines(keepends=True)
    rows: list[tuple[int, list[str]]] = []
    problems: list[str] = []
    start = 0
    while start < len(lines):
        reader = csv.reader(lines[start:], delimiter=delimiter, strict=True)
        first = start + 1
        try:
            for row in reader:
                if row:  # a blank line; a row of empty cells is reported below
                    rows.append((first, row))
                first = start + reader.line_num + 1
            break
        except csv.Error as exc:
            problems.append(f"line {first}: not valid CSV ({exc}): row skipped")
            start = first
    return rows, problems


def _convert(records: list, source: str, first: int = 1) -> tuple[list[Article], list[str]]:
    articles: list[Article] = []
    problems: list[str] = []
    for number, record in enumerate(records, first):
        try:
            articles.append(article_from_record(record, source, number))
        except RecordError as exc:
            problems.append(str(exc))
    if len(records) == 1 and problems:
        raise RecordError(problems[0])
    return articles, problems
