"""Checks over the built graph: lint rules, duplicates and the SHACL shapes.

Each produces `Finding`s (sendkg.checks.findings): a rule, a severity, what it is about,
a message and the source lines to look at.
"""
