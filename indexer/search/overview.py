"""What the home page says about the archive: its size, the dates it covers,
and example searches drawn from it (its most-named officials and frequent
headline words), so every example finds something.

Read from the matching layer's per-article table (dates, officials named)
and Whoosh's headline lexicon, never a stored document; the search service
computes it once per index generation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np
from pythainlp.corpus import thai_stopwords

from indexer.facet_table import FACETS
from indexer.index.textcodec import EPOCH, NO_DAY
from indexer.matching.view import IndexView
from indexer.settings import BOILERPLATE_SHARE
from indexer.thai.chars import is_thai_word_char
from indexer.thai.segment import is_word, syllables

from .facets import value_counts

__all__ = ["index_overview", "overview_of", "headline_words", "headline_counts", "newest_date", "publish_days"]

# News sites' names that scraped headlines carry ("... | เดลินิวส์"): not examples.
SITE_NAMES = frozenset({"เดลินิวส์", "ไทยรัฐ", "มติชน", "ข่าวสด", "ผู้จัดการ", "กรุงเทพธุรกิจ", "ประชาชาติ"})


def _thai_word(text: str) -> bool:
    """A whole dictionary word of two syllables or more: `ประชาชน`, not the
    nickname prefix `บิ๊ก` or the generic `เรื่อง` (one syllable each), nor a
    month or a section's name (``_NOT_EXAMPLES``)."""
    return (len(text) >= 4 and all(map(is_thai_word_char, text)) and is_word(text)
            and len(syllables(text)) >= 2 and text not in _NOT_EXAMPLES)


# a month, a number word, a section's name in headlines: found, but no example of a search
_NOT_EXAMPLES = frozenset({"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
                           "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "วันที่", "ล้าน", "ข่าวสังคม"})


def headline_words(reader, limit: int = 8) -> list[dict]:
    """The Thai words most headlines hold (stop words, words of fewer than 4
    letters and boilerplate left out): ``[{"word": str, "count": headlines}]``."""
    # each segment's lexicon read in order, the counts summed: Whoosh's reader
    # of several segments looks every term up in each (3.6 s at 91,000 articles)
    counts: Counter[bytes] = Counter()
    for leaf, _ in reader.leaf_readers():
        for term, info in leaf.iter_field("title"):
            counts[term] += info.doc_frequency()
    return headline_counts(counts, reader.doc_count(), limit)


def headline_counts(counts: Mapping[bytes, int], documents: int, limit: int = 8) -> list[dict]:
    """``headline_words`` from the headlines per term (of one index or every shard's, added)."""
    stop = thai_stopwords()
    ceiling = max(2, int(documents * BOILERPLATE_SHARE))
    found = []
    for term, count in counts.items():
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if 2 <= count <= ceiling and _thai_word(text) and text not in stop and text not in SITE_NAMES:
            found.append((count, text))
    found.sort(key=lambda x: (-x[0], x[1]))
    return [{"word": text, "count": count} for count, text in found[:limit]]


def publish_days(view: IndexView) -> np.ndarray:
    """The publish day of every live article (``NO_DAY`` for the undated), in days since ``EPOCH``."""
    return np.concatenate([seg.days[seg.alive] for seg in view.segments]) if view.segments else np.zeros(0)


def newest_date(view: IndexView) -> date | None:
    """The archive's newest publish date (``5 มิ.ย.`` typed without a year reads the latest
    5 June not after it), or None when no article is dated."""
    dated = publish_days(view)
    dated = dated[dated != NO_DAY]
    return EPOCH + timedelta(days=int(dated.max())) if len(dated) else None


def index_overview(view: IndexView, reader, people: int = 6, words: int = 6) -> dict:
    """``{"documents", "first_date", "last_date", "undated", "people": [{name, count}],
    "words": [{word, count}], "categories": [{value, label, label_en, count}]}`` for one
    index generation."""
    return overview_of(view.doc_count, publish_days(view), view.people.top(view.people.articles_per_name, people),
                       headline_words(reader, words),
                       value_counts(view, FACETS["category"], [seg.alive for seg in view.segments]))


def overview_of(documents: int, days: np.ndarray, people: list[tuple[str, int]], words: list[dict],
                categories: list[dict]) -> dict:
    """The overview (``index_overview``) from its parts: the live articles' publish days,
    the most named officials, the headline words and the categories."""
    dated = days[days != NO_DAY]
    return {
        "documents": documents,
        "first_date": (EPOCH + timedelta(days=int(dated.min()))).isoformat() if len(dated) else None,
        "last_date": (EPOCH + timedelta(days=int(dated.max()))).isoformat() if len(dated) else None,
        "undated": int(len(days) - len(dated)),
        "people": [{"name": name, "count": count} for name, count in people],
        "words": words,
        "categories": categories,
    }
