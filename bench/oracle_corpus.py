"""The articles a query set is made from, and the reader's oracle over them.

Articles are read with thainews' own ingest (``indexer.ingest``) and
deduplicated exactly like ``indexer.index.build`` does (same id, or same
title+body fingerprint: the first one wins), so ids and normalised text are
the ones in the index. An article holds a query where a Thai reader finds
it in its ``title + "\\n" + body``: an occurrence from a cut to a cut of
PyThaiNLP's word or syllable tokenizer (``reader_oracle``; `อาย` is not in
`อายุ`), found by a substring scan first (:class:`Corpus`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

from bench.reader_oracle import ReaderOracle
from indexer.ingest import unique_articles
from indexer.ingest.article import Article

__all__ = ["article_text", "load_articles", "Corpus"]


def article_text(article: Article) -> str:
    """The text an oracle scans: normalised title, a newline, normalised body."""
    return f"{article.title}\n{article.body}"


def load_articles(sources: Sequence[str | Path], *, errors: list | None = None) -> list[Article]:
    """Every article of `sources` that ``indexer.index.build`` would index, in build order."""

    def note(src, result) -> None:
        if errors is not None and result.status == "failed":
            errors.append((src.path, result.reason))

    return list(unique_articles(sources, on_file=note))


class Corpus:
    """Articles plus a fast exact substring scanner over all of them, and the reader's
    oracle (`syllables`: PyThaiNLP's syllable engine it uses).

    All texts are joined with NUL (which no query contains) into one string;
    ``str.find`` over it runs at memory speed, and a match offset maps back to
    its article with a binary search. Each article is counted once.
    """

    SEP = "\x00"

    def __init__(self, articles: Sequence[Article], syllables: str = "dict"):
        self.articles = list(articles)
        self.ids = [a.id for a in self.articles]
        self.texts = [article_text(a) for a in self.articles]
        self.reader = ReaderOracle(self.texts, syllables)
        self.starts: list[int] = []
        pos = 0
        for text in self.texts:
            self.starts.append(pos)
            pos += len(text) + 1
        self.big = self.SEP.join(self.texts)

    def __len__(self) -> int:
        return len(self.articles)

    def containing(self, needle: str) -> list[int]:
        """Indexes of the articles whose text contains `needle` (in corpus order)."""
        if not needle or self.SEP in needle:
            return []
        found: list[int] = []
        find, big, starts = self.big.find, self.big, self.starts
        at = find(needle)
        while at != -1:
            i = bisect.bisect_right(starts, at) - 1
            found.append(i)
            nxt = starts[i + 1] if i + 1 < len(starts) else len(big)
            at = find(needle, nxt)
        return found

    def holders(self, needle: str) -> list[int]:
        """Indexes of the articles that hold `needle` as a reader finds it (in corpus order)."""
        return self.reader.holders(needle, self.containing(needle))

    def holds(self, i: int, needle: str) -> bool:
        return needle in self.texts[i] and bool(self.reader.holders(needle, [i]))

    def oracle(self, needle: str) -> list[str]:
        return [self.ids[i] for i in self.holders(needle)]
