"""The article record every reader produces and the index stores."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

__all__ = ["Article", "clean_title", "clean_text", "content_hash", "THAIGOV_PREFIX"]

# thaigov's headline prefix; alone on its line on the site's empty placeholder pages
# (a headline that goes on, `รัฐบาลไทย-จีน ลงนาม...`, keeps its words)
THAIGOV_PREFIX = re.compile(r"^\s*รัฐบาลไทย\s*-\s*(?:ข่าวทำเนียบรัฐบาล\s*-\s*|$)")
# Site names that scrapers glue to headlines. They would otherwise dominate
# every title search and known-item query.
_TITLE_AFFIXES = [
    THAIGOV_PREFIX,
    re.compile(r"\s*[|\-–]\s*เดลินิวส์\s*$"),
    re.compile(r"\s*[|\-–]\s*(?:ไทยรัฐออนไลน์|ไทยรัฐ|มติชนออนไลน์|ข่าวสด|โพสต์ทูเดย์|ประชาชาติธุรกิจ)\s*$"),
]


def clean_title(title: str) -> str:
    """Strip site prefixes/suffixes (``รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-``, `` | เดลินิวส์``)."""
    for affix in _TITLE_AFFIXES:
        title = affix.sub("", title)
    return " ".join(title.split())


# Lone surrogates (JSON's "\ud800", a name decoded with surrogateescape):
# text no file, index or page can encode. Each becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters other than tab and line break (C0, DEL, C1) and the
# Unicode noncharacters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF of every plane):
# never text, and invalid in XML (U+FFFE, U+FFFF, most of C0). Dropped. The
# class of the other planes' sixteen pairs makes re scan nine times slower,
# so it runs only on text that leaves the first plane (``_OTHER_PLANES``).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_OTHER_PLANES = re.compile("[\U00010000-\U0010ffff]")
_NOT_TEXT_BEYOND = re.compile("[" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                            for plane in range(1, 17)) + "]")


def clean_text(text: str) -> tuple[str, int]:
    """`text` with lone surrogates as U+FFFD and control characters and noncharacters dropped,
    and how many surrogates were repaired (the caller flags the article).

    A lone CR is a line break (old Mac text): it becomes ``\n`` rather than
    gluing two lines together.
    """
    repaired = 0
    if _SURROGATE.search(text):
        text, repaired = _SURROGATE.subn("\ufffd", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _NOT_TEXT.sub("", text)
    if _OTHER_PLANES.search(text):
        text = _NOT_TEXT_BEYOND.sub("", text)
    return text, repaired


def content_hash(title: str, body: str) -> str:
    """Fingerprint of what a reader sees, to index a republished article once.

    Whitespace is ignored so a re-scrape that only re-wrapped lines still
    counts as the same article.
    """
    text = "".join(title.split()) + "\x00" + "".join(body.split())
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class Article:
    """One news article, normalised, ready to index.

    ``id`` is stable across rebuilds: the article's URL where it has one,
    else its source path plus record number, so re-indexing replaces it.
    """

    title: str
    body: str
    source: str
    record: int = 1
    url: str | None = None
    date: dt.date | None = None
    category: str | None = None
    item: str | None = None
    reporter: str | None = None
    photographer: str | None = None
    office: str | None = None
    id: str = ""
    # what the reader had to make up or leave out, for the build report
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.url or f"{self.source}#{self.record}"

    @property
    def fingerprint(self) -> str:
        return content_hash(self.title, self.body)
