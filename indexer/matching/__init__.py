"""Matching: a parsed query against one index generation, in numpy over the substring index.

Which articles hold each unit (as typed, through a variant, or by its
words), which match the whole query within the filters, and in what order.
"""
