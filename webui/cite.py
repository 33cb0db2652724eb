"""A citation for an article: headline, source, date, URL.

``ผู้ว่าฯ สงขลาประชุม... เดลินิวส์, 4 มิถุนายน 2560. https://...`` The source is
the news site's Thai name when its address is known (``SOURCES``), else the
address's host, else nothing; the date is the reader's (``4 June 2017`` on
English pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from indexer.thai.date_format import format_iso_date

from .security import is_web_url

__all__ = ["citation", "source_name", "SOURCES"]

# Hosts (without www.) and the names their articles are cited by.
SOURCES = {
    "dailynews.co.th": "เดลินิวส์",
    "thaigov.go.th": "รัฐบาลไทย (thaigov.go.th)",
    "prd.go.th": "กรมประชาสัมพันธ์",
    "thairath.co.th": "ไทยรัฐ",
    "matichon.co.th": "มติชน",
    "bangkokbiznews.com": "กรุงเทพธุรกิจ",
    "khaosod.co.th": "ข่าวสด",
}


def source_name(url: str | None) -> str | None:
    """The Thai name of the site an article URL is on (or its host)."""
    if not isinstance(url, str) or not is_web_url(url):
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    for known, name in SOURCES.items():
        if host == known or host.endswith("." + known):
            return name
    return host or None


def citation(article: Mapping[str, Any], lang: str = "th") -> str:
    """``headline. source, date. URL`` for a hit or an article (plain text), the date
    for a reader of `lang`."""
    parts = [(article.get("title") or "").strip().rstrip(".")]
    source = source_name(article.get("url"))
    try:
        when = format_iso_date(article.get("date"), "long", lang=lang) or None
    except ValueError:
        when = None
    tail = ", ".join(p for p in (source, when) if p)
    text = ". ".join(p for p in (parts[0], tail) if p) + "."
    if is_web_url(article.get("url")):
        text += " " + article["url"]
    return text
