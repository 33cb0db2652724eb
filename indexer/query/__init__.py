"""Queries as users type them: request parameters checked, the query string read into units.

Nothing here opens an index: a query is parsed and refused before any is read.
"""
