"""Facet values' names for people: the category ``politics`` is shown as ``การเมือง``.

A facet of ``facet_table`` may name a file of ``indexer/data`` that gives
its values' names (``value = Thai | English``, one a line; the category's is
``data/categories.txt``), an editable file shipped with the project; a
value not listed is shown as the corpus spells it. Read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from indexer.facet_table import FACETS, NONE, Facet

__all__ = ["value_names", "value_label", "DATA"]

DATA = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=8)
def value_names(path: str | Path) -> dict[str, tuple[str, str]]:
    """``{value: (thai, english)}`` from a names file (empty if it is missing)."""
    names: dict[str, tuple[str, str]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return names
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        value, _, label = line.partition("=")
        thai, _, english = label.partition("|")
        value, thai, english = value.strip(), thai.strip(), english.strip()
        if value and thai:
            names[value] = (thai, english or thai)
    return names


def value_label(facet: str | Facet, value: str | None, lang: str = "th") -> str:
    """The name of a facet's value in ``lang`` (``th`` or ``en``); the value itself if unnamed.

    >>> value_label("category", "none"), value_label("category", "none", "en")
    ('ไม่มีหมวด', 'No section')
    """
    if not value:
        return ""
    facet = FACETS[facet] if isinstance(facet, str) else facet
    english = lang == "en"
    if value == NONE:  # the facet's bucket of the articles with no value
        return facet.missing[english]
    names = _shipped_names(facet.names).get(value) if facet.names else None
    return value if names is None else names[english]


@lru_cache(maxsize=8)
def _shipped_names(file: str) -> dict[str, tuple[str, str]]:
    """``value_names`` of a file of ``indexer/data``, by its name: a result page names
    thirty-odd values, and a path joined for each cost more than the rest of the lookup."""
    return value_names(DATA / file)
