"""The term dictionary of a field, searchable by substring.

Thai compounds hide their parts (`การประชุม` holds `ประชุม`) and a name
segments differently inside a sentence than alone, so a query unit must also
match terms it is only a part of. The lexicon of a news archive is small
(tens of thousands to a few hundred thousand terms), so all of it is kept in
one newline-joined string and searched with the regex engine, which finds
every term containing, starting or ending with a string in about a
millisecond. Whoosh's own term iteration would take seconds per lookup.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pythainlp.tokenize.tcc import tcc_pos

__all__ = ["Lexicon"]


@lru_cache(maxsize=65536)
def _cluster_starts(term: str) -> frozenset[int]:
    """Offsets where a Thai character cluster starts (a letter with its marks)."""
    return frozenset({0} | set(tcc_pos(term)))


class Lexicon:
    """Terms of one field with their document frequencies."""

    def __init__(self, terms: list[str], dfs: list[int]):
        order = sorted(range(len(terms)), key=terms.__getitem__)
        self.terms = [terms[i] for i in order]
        self.dfs = [dfs[i] for i in order]
        self._joined = "\n" + "\n".join(self.terms) + "\n"
        # starting offset of each term inside the joined string
        self._starts = []
        offset = 1
        for term in self.terms:
            self._starts.append(offset)
            offset += len(term) + 1
        self._index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def from_reader(cls, reader, fieldname: str) -> "Lexicon":
        terms: list[str] = []
        dfs: list[int] = []
        for tbytes, info in reader.iter_field(fieldname):
            terms.append(tbytes.decode("utf-8"))
            dfs.append(info.doc_frequency())
        return cls(terms, dfs)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, term: str) -> bool:
        return term in self._index

    def df(self, term: str) -> int:
        i = self._index.get(term)
        return self.dfs[i] if i is not None else 0

    def _term_at(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def _find(self, pattern: str) -> dict[int, int]:
        """Term index -> offset of the first match inside the term."""
        found: dict[int, int] = {}
        for m in re.finditer(pattern, self._joined):
            i = self._term_at(m.start())
            found.setdefault(i, m.start() - self._starts[i])
        return found

    def containing(self, text: str) -> list[str]:
        """Terms that hold `text` starting at a cluster boundary (not `text` itself)."""
        out = []
        for i, at in self._find(re.escape(text)).items():
            term = self.terms[i]
            if term != text and at in _cluster_starts(term):
                out.append(term)
        return out

    def ending_with(self, text: str) -> list[str]:
        """Longer terms whose last part is `text`, cut at a cluster boundary."""
        out = []
        for i, at in self._find(re.escape(text) + "\n").items():
            term = self.terms[i]
            if term != text and at in _cluster_starts(term):
                out.append(term)
        return out

    def starting_with(self, text: str) -> list[str]:
        """Longer terms that begin with `text`."""
        lo = bisect.bisect_left(self.terms, text)
        out = []
        for term in self.terms[lo:]:
            if not term.startswith(text):
                break
            if term != text:
                out.append(term)
        return out

    def most_frequent(self, terms: list[str], limit: int) -> list[str]:
        """The `limit` terms with the highest document frequency."""
        if len(terms) <= limit:
            return terms
        return sorted(terms, key=lambda t: -self.df(t))[:limit]
