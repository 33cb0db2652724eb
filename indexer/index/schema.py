"""The Whoosh schema: what is indexed, stored and sortable, and why."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from .fields import (
    PersonTokenizer,
    PositionTokenizer,
    RoleTokenizer,
    ThaiText,
    thai_analyzer,
)

__all__ = ["make_schema", "SCHEMA_VERSION"]

# Bump when the schema or the analysis changes: an index built by another
# version must be rebuilt, not silently searched with mismatched terms.
SCHEMA_VERSION = 2


def make_schema() -> Schema:
    """Build the schema.

    ``title`` and ``body`` share one analyzer so a query unit segments the
    same way in both. ``multitoken_query="phrase"``: an unspaced Thai run in
    a query segments into several words that must appear in that order, not
    anywhere in the article. Positions and character offsets are kept for
    phrase matching and highlighting. Dates, categories and months are
    sortable columns so filters, sorting and facets read a column instead of
    scanning stored documents. ``ThaiText`` is TEXT with a faster way
    from text to postings (see ``postings``).
    """
    analyzer = thai_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=ThaiText(analyzer=analyzer, stored=True, field_boost=2.0, multitoken_query="phrase"),
        body=ThaiText(analyzer=analyzer, stored=True, multitoken_query="phrase"),
        # The headline squashed to one key (its terms joined): a query equal
        # to an article's headline finds that article first.
        title_key=ID(),
        date=DATETIME(stored=True, sortable=True),
        month=ID(stored=False, sortable=True),
        year=ID(stored=False, sortable=True),
        category=ID(stored=True, sortable=True),
        url=STORED(),
        source=ID(stored=True),
        record=STORED(),
        item=STORED(),
        reporter=STORED(),
        photographer=STORED(),
        office=STORED(),
        fingerprint=ID(stored=True),
        # officials named in the article (see people_fields): whole names,
        # first names and surnames; positions and their abbreviations;
        # name|position pairs for the directory
        person=TEXT(analyzer=PersonTokenizer(), phrase=False),
        position=TEXT(analyzer=PositionTokenizer(), phrase=False),
        role=TEXT(analyzer=RoleTokenizer(), phrase=False),
    )
