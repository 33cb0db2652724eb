"""The facets: every way a search is narrowed and its matches counted, declared once.

Each entry names a facet, the URL parameter that filters on it, the
per-article column it reads, its label (a key of ``webui/messages.py``) and
its place in the page's filter sidebar. The layers read this table and
nothing else to know the facets: the build writes a code per article for
each ``KEYWORD`` column (``index.textwriter``), the request parameters are
read from it (``query.params``), the filters and counts follow it
(``matching.filters``, ``search.facets``), and the web app draws the
sidebar, the chips and the export columns from it. Adding a facet of a
kind below is one entry here plus its column on ``ingest.Article`` (and
its label in the messages); an index built before must be rebuilt to count it.

The kinds, each with its own behaviour in those layers:

* ``KEYWORD``: one value per article (a category: `politics`); choosing
  several finds articles of *any* of them, and the facet's counts ignore
  its own choice, so the other values stay in view. Articles with no
  value are the bucket ``NONE``, a filter value too.
* ``PEOPLE``: the officials an article names; choosing several finds
  articles naming *all* of them; the ``PEOPLE_SHOWN`` most named are counted.
* ``DATES``: the publish day; filtered by the ``from`` and ``to``
  parameters, counted per year and month (then the undated) and drawn as
  the timeline.

    >>> FACETS["category"].param, FACETS["category"].chosen
    ('category', 'categories')
    >>> [f.name for f in FACETS.kind(PEOPLE)]
    ['person']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Facet", "FacetTable", "FACETS", "KEYWORD", "PEOPLE", "DATES", "NONE", "DATE_PARAMS"]

KEYWORD, PEOPLE, DATES = "keyword", "people", "dates"
# A keyword facet's bucket (and filter value) of the articles with no value.
NONE = "none"
# The URL parameters of the ``DATES`` kind.
DATE_PARAMS = ("from", "to")
# Names a facet's URL parameter cannot take: the search's own parameters.
_RESERVED = frozenset({"q", "page", "size", "sort", "facets", *DATE_PARAMS})


@dataclass(frozen=True)
class Facet:
    """One facet (see the module docstring).

    ``name`` is its key in a search result's ``facets`` and, for a
    ``KEYWORD`` facet, in each hit and in the exports (``<name>`` and
    ``<name>_name`` columns). ``param`` is the URL parameter, which may be
    repeated (also the search service's keyword argument); ``chosen`` the
    result's key listing the chosen values; ``column`` the per-article
    column (a field of ``ingest.Article``); ``label`` the message key of its
    heading, ``hint`` of a note beside it, ``chips`` of the removable chips
    of its chosen values (``{name}`` in them; None: ``results.chosen``);
    ``section`` its sidebar section (``facet-<section>`` in the HTML);
    ``order`` its place there; ``names`` a file of ``indexer/data`` naming
    its values for people (``value = Thai | English``); ``missing`` the
    Thai and English label of its ``NONE`` bucket.
    """

    name: str
    column: str
    label: str
    order: int
    kind: str = KEYWORD
    param: str = ""  # default: the name
    chosen: str = ""  # default: the name
    section: str = ""  # default: the name
    hint: str | None = None
    chips: tuple[str, str] | None = None
    names: str | None = None
    missing: tuple[str, str] = ("ไม่ระบุ", "Not given")

    def __post_init__(self) -> None:
        for attr in ("param", "chosen", "section"):
            if not getattr(self, attr):
                object.__setattr__(self, attr, self.name)
        if self.kind not in (KEYWORD, PEOPLE, DATES):
            raise ValueError(f"facet {self.name}: no kind {self.kind!r}")

    @property
    def params(self) -> tuple[str, ...]:
        """The URL parameters that filter on it: its own, or ``from`` and ``to``."""
        return DATE_PARAMS if self.kind == DATES else (self.param,)


class FacetTable:
    """The facets in sidebar order, found by name (``FACETS["category"]``)."""

    def __init__(self, *facets: Facet):
        names = [f.name for f in facets]
        params = [f.param for f in facets if f.kind != DATES]
        if len(set(names)) < len(names) or len(set(params)) < len(params):
            raise ValueError(f"facet names and parameters must differ: {names}, {params}")
        if _RESERVED & set(params):
            raise ValueError(f"facet parameters {sorted(_RESERVED & set(params))} are the search's own")
        self._facets = tuple(sorted(facets, key=lambda f: f.order))

    def __iter__(self) -> Iterator[Facet]:
        return iter(self._facets)

    def __getitem__(self, name: str) -> Facet:
        for facet in self._facets:
            if facet.name == name:
                return facet
        raise KeyError(name)

    def kind(self, *kinds: str) -> list[Facet]:
        """The facets of these kinds, in order."""
        return [f for f in self._facets if f.kind in kinds]

    def chosen(self) -> list[Facet]:
        """The facets a search narrows to chosen values (``KEYWORD``, ``PEOPLE``), in order."""
        return self.kind(KEYWORD, PEOPLE)

    def columns(self) -> tuple[str, ...]:
        """The per-article columns the build writes a code for (``KEYWORD`` facets)."""
        return tuple(dict.fromkeys(f.column for f in self.kind(KEYWORD)))


FACETS = FacetTable(
    Facet("category", column="category", label="filters.category", order=1, chosen="categories",
          hint="filters.category_hint", chips=("results.category", "results.remove_category"),
          names="categories.txt", missing=("ไม่มีหมวด", "No section")),
    Facet("person", kind=PEOPLE, column="people", label="filters.people", order=2, chosen="people",
          section="people", chips=("results.person", "results.remove_person")),
    Facet("year", kind=DATES, column="date", label="filters.year", order=3, missing=("ไม่ระบุวันที่", "Undated")),
)
