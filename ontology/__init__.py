"""The sendkg vocabulary, read from the Turtle files beside this module.

`sendkg.ttl` is the single source of truth: node types, relations with their domain
and range, edge qualifiers and node properties all come from it.

>>> "Board" in NODE_TYPES and "reportsTo" in RELATIONS
True
>>> RELATIONS["reportsTo"].range
('Board',)
>>> sorted(RELATIONS["fundedBy"].qualifiers)
['amount', 'mechanism', 'note', 'period', 'uncertain']
"""

from __future__ import annotations

from sendkg.ontology.vocabulary import (
    NODE_PROPERTIES,
    NODE_TYPES,
    ONTOLOGY_DIR,
    RELATIONS,
    SENDKG,
    Relation,
    rdf_namespaces,
)

__all__ = [
    "NODE_PROPERTIES",
    "NODE_TYPES",
    "ONTOLOGY_DIR",
    "RELATIONS",
    "SENDKG",
    "Relation",
    "rdf_namespaces",
]
