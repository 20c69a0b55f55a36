"""Readers: one module per input format, and the dataset reader.

A document reader (`text`, `markdown`, `html`, `word`, `delimited`, `excel`) turns a file
into neutral `Row`s (sendkg.loaders.rows) and knows nothing of plans or boards; the
registry maps file extensions to them. `dataset` reads the YAML dataset into records.
"""
