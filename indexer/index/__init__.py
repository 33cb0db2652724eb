"""The index on disk: Whoosh's schema, fields and codec, the substring index beside each segment, builds.

Whoosh is the index of record (articles, stored fields, word postings, the
officials' fields); ``textindex`` writes each segment's suffix array beside
its Whoosh files, from the same writer (``writer``), in the same commit.
"""
