"""What a segment's view keeps between searches of one generation, and how it reads it.

``CommonForms`` holds the arrays of a segment's most common forms
(``occurrences``); ``runs`` reads a few articles' rows out of an array
grouped by article (those forms' occurrences, the officials' mentions).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from indexer.settings import COMMON_FORMS_BYTES

__all__ = ["CommonForms", "runs"]


def runs(offsets: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """The positions of the runs ``offsets[a]:offsets[a + 1]`` of the given `articles`, in
    order: the rows of a few articles in an array grouped by article (numpy has no
    "concatenate these aranges"; this is the usual repeat-and-shift).

    >>> runs(np.array([0, 2, 2, 5]), np.array([0, 2])).tolist()
    [0, 1, 2, 3, 4]
    """
    starts, lengths = offsets[articles], offsets[articles + 1] - offsets[articles]
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.intp)
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)


class CommonForms:
    """A segment's most common forms, kept while the generation lives
    (``matching.occurrences``): each one's counted occurrences grouped by
    article, its weights summed per article, or a dense form's count per article.

    A pasted phrase read as its words reads `และ`, `ที่`, `ให้` (over 200,000
    occurrences a segment at 28,000 articles) to know which articles hold
    them, on nearly every such search; reading their flags and articles was
    most of it. The least recently used go first past `limit` bytes.
    Searches of one generation run one at a time (the search service's lock),
    so this needs no lock of its own.
    """

    def __init__(self, limit: int = COMMON_FORMS_BYTES):
        self.limit = limit
        self._kept: OrderedDict[Any, tuple[np.ndarray, ...]] = OrderedDict()
        self._bytes = 0

    def get(self, key: Any, make: Callable[[], tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
        """The arrays kept under `key` (see the class docstring), else made by `make()` and kept."""
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        made = make()
        for array in made:
            array.flags.writeable = False  # shared by every search of the generation
        self._kept[key] = made
        self._bytes += sum(a.nbytes for a in made)
        while self._bytes > self.limit and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= sum(a.nbytes for a in dropped)
        return made
