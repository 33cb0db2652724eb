"""Thai language: characters, normalisation, segmentation, words, dates, abbreviations, officials, spelling.

Pure functions of Thai text, with Thai examples; nothing here knows an index.
"""
