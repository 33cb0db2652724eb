"""Ingest: turn sources (directories, files, archives) into articles.

``read_file`` picks a reader by file suffix and never raises for bad input:
it returns a :class:`FileResult` that says what happened, so one bad file is
reported and skipped while the build goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from indexer.settings import FUTURE_DAYS, MAX_ARTICLE_CHARS

from .article import Article, clean_text
from .encoding import DecodeError, decode_text
from .plaintext import read_plaintext
from .sources import ARTICLE_SUFFIXES, SourceFile, is_archive, iter_source
from .structured import RecordError, read_csv, read_json, read_jsonl

# Bump when a reader changes what it extracts: files indexed by an older
# reader are then read again even though their bytes did not change.
READER_VERSION = 4

__all__ = ["READER_VERSION", "Ledger", "unique_articles", "FileResult", "read_file", "iter_source", "SourceFile",
           "is_archive", "ARTICLE_SUFFIXES"]


@dataclass
class FileResult:
    """What one file gave: articles, or why not.

    ``status`` is ``ok`` (articles read), ``skipped`` (not an article file:
    unknown suffix or empty) or ``failed`` (unreadable or unparsable).
    ``problems`` lists records that were dropped from an otherwise good file;
    ``warnings`` what was indexed in part (a body cut at the size limit, a
    date left out, a missing headline or body).
    """

    path: str
    status: str
    articles: list[Article] = field(default_factory=list)
    reason: str | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_file(src: SourceFile) -> FileResult:
    """Read every article of one source file."""
    if src.data is None:
        return FileResult(src.path, "skipped" if src.skip else "failed", reason=src.error or "cannot read")
    suffix = src.suffix
    if suffix not in ARTICLE_SUFFIXES:
        return FileResult(src.path, "skipped", reason=f"not an article file ({suffix or 'no suffix'})")
    if not src.data.strip():
        return FileResult(src.path, "failed", reason="empty file")
    try:
        text, damage = decode_text(src.data)
        problems: list[str] = []
        warnings: list[str] = [damage] if damage else []
        if suffix == ".txt" and len(text) > MAX_ARTICLE_CHARS:
            text = _cut(text, MAX_ARTICLE_CHARS)
            warnings.append(f"text cut at {MAX_ARTICLE_CHARS:,} characters (the limit for one file's articles)")
        if suffix == ".txt":
            articles = read_plaintext(text, src.path)
        elif suffix == ".json":
            articles, problems = read_json(text, src.path)
        elif suffix in (".jsonl", ".ndjson"):
            articles, problems = read_jsonl(text, src.path)
        else:
            articles, problems = read_csv(text, src.path, "\t" if suffix == ".tsv" else ",")
    except (DecodeError, RecordError) as exc:
        return FileResult(src.path, "failed", reason=str(exc))
    except Exception as exc:  # a reader bug must not stop the build either
        return FileResult(src.path, "failed", reason=f"{type(exc).__name__}: {exc}")
    # a page with neither headline nor body (thaigov's placeholder pages: the
    # site prefix, the date 1 มกราคม 2513 and a source line) is no article
    with_text = [a for a in articles if a.title.strip() or a.body.strip()]
    if not with_text:
        empty = "no article text (headline and body empty)" if articles else "no article found in file"
        return FileResult(src.path, "failed", reason=problems[0] if problems else empty, problems=problems)
    articles = with_text
    for article in articles:
        warnings.extend(_vet(article, len(articles) > 1))
    return FileResult(src.path, "ok", articles=articles, problems=problems, warnings=warnings)


def _cut(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters, at a space if one is near."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit - 1000, limit)
    return text[:space if space > 0 else limit]


# every text an article carries to the index (`clean_text`: repaired or dropped)
_TEXT_FIELDS = ("title", "body", "source", "url", "category", "item", "reporter", "photographer", "office", "id")


def _vet(article: Article, several: bool) -> list[str]:
    """Make an article safe to index and say what was changed or is missing.

    Such an article is still indexed (what could be read is searchable);
    the warnings reach the build report so the archive's keeper can fix it.
    """
    where = f"record {article.record}: " if several else ""
    notes = [where + note for note in article.notes]
    repaired = 0
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            value, count = clean_text(value)
            setattr(article, name, value)
            repaired += count if name != "id" else 0  # the id is the url or source, counted there
    if repaired:
        notes.append(f"{where}{repaired} character(s) that cannot be encoded (lone surrogates) replaced with U+FFFD")
    if len(article.body) > MAX_ARTICLE_CHARS:
        article.body = _cut(article.body, MAX_ARTICLE_CHARS)
        notes.append(f"{where}body cut at {MAX_ARTICLE_CHARS:,} characters")
    if len(article.title) > 1000:
        article.title = _cut(article.title, 1000)
        notes.append(f"{where}headline cut at 1,000 characters")
    if not article.title.strip():
        notes.append(f"{where}no headline")  # a text file whose first line is only marks
    if not article.body.strip():
        notes.append(f"{where}no body: indexed by its headline only")
    if article.date is not None and article.date > date.today() + timedelta(days=FUTURE_DAYS):
        notes.append(f"{where}publish date {article.date.isoformat()} is in the future: indexed undated")
        article.date = None
    elif article.date is None:
        notes.append(f"{where}no publish date found")
    return notes


class Keyed(Protocol):
    """What the ledger reads of an article: a sharded build's decisions have only these
    of the articles its read tasks parsed (``index.shardplan``)."""

    @property
    def id(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...


class Ledger:
    """Which file each indexed article came from, and each text's article: the one rule
    that indexes an article once.

    An article is a duplicate when another file already gave its id (its
    URL), when its own file gave that id already, or when another article
    still indexed has the same headline and body (its fingerprint). The
    first one wins. A build keeps the ledger in its manifest between runs.
    """

    def __init__(self, owner: dict[str, str] | None = None, fingerprints: dict[str, str] | None = None):
        self.owner = {} if owner is None else owner  # article id -> source path
        self.fingerprints = {} if fingerprints is None else fingerprints  # fingerprint -> article id

    def admit(self, article: Keyed, path: str, file_ids) -> bool:
        """Record `article` of file `path` (whose articles so far are `file_ids`), unless a duplicate."""
        holder = self.owner.get(article.id)
        if holder is not None and holder != path or article.id in file_ids:
            return False
        fingerprint = article.fingerprint
        same = self.fingerprints.get(fingerprint)
        if same is not None and same != article.id and same in self.owner:
            return False
        self.owner[article.id] = path
        self.fingerprints[fingerprint] = article.id
        return True


def unique_articles(sources, on_file=None):
    """Every article of `sources` the way a fresh build indexes them, in order.

    Duplicates are left out by the build's own rule (``Ledger``); evaluation
    tools use this so their ids and texts are exactly what the index holds.
    `on_file(src, result)` sees every file.
    """
    ledger = Ledger()
    for source in sources:
        for src in iter_source(source):
            result = read_file(src)
            if on_file is not None:
                on_file(src, result)
            ids: list[str] = []
            for article in result.articles:
                if ledger.admit(article, src.path, ids):
                    ids.append(article.id)
                    yield article
