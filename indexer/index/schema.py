"""The Whoosh schema: what is indexed, stored and sortable, and why."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, STORED, Schema

from indexer.facet_table import FACETS

from .fields import NameList, TextColumn, ThaiText

__all__ = ["make_schema", "SCHEMA_VERSION"]

# Bump when the schema, the analysis or the substring index (its FORMAT,
# textindex.py) changes: an index built by another version must be rebuilt,
# not silently searched with mismatched terms or arrays.
SCHEMA_VERSION = 11


def make_schema() -> Schema:
    """Build the schema.

    Matching what a user typed is the substring index's work (``textindex``,
    files beside each segment); Whoosh holds the articles (stored fields),
    their word postings (more-like-this, headline words for suggestions),
    the officials' fields and the date column the officials pages read.
    Every Whoosh field is filled from one analysis of the article
    (``analysis``, in the build's worker processes).
    """
    schema = Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=ThaiText(field_boost=2.0),
        # the body kept in a column of its own, not with the other stored
        # fields: a result line reads those and the body's text from the
        # substring index (textindex: article_strings); the article page
        # reads the column
        body=ThaiText(stored=False, column=True),
        # the headline squashed to one key (its terms joined): a query equal
        # to an article's headline finds that article first
        title_key=ID(),
        date=DATETIME(stored=True, sortable=True),
        category=ID(stored=True),
        # what a result line shows beside the substring index's headline, day
        # and category: columns, so a list of articles never reads the stored
        # fields (``search.articles.summary``)
        url=TextColumn(),
        source=ID(sortable=True),
        record=STORED(),
        item=STORED(),
        reporter=STORED(),
        photographer=STORED(),
        office=STORED(),
        fingerprint=ID(stored=True),
        # officials named in the headline and body: whole names, first names
        # and surnames, the two joined; positions and their abbreviations;
        # and (stored) the (name, position) pairs in order, for the article
        # page and the substring index's officials table (the directory)
        person=NameList(),
        position=NameList(),
        people=STORED(),
    )
    # a facet's column (``facet_table``) is kept with the article, for a merge to copy
    for column in FACETS.columns():
        if column not in schema:
            schema.add(column, STORED())
    return schema
