"""The sendkg vocabulary, read from the Turtle files beside this module.

`sendkg.ttl` is the single source of truth: node types, relations with their domain
and range, edge qualifiers, node properties and the named groups of relations and node
types that the questions walk all come from it.

>>> "Board" in NODE_TYPES and "reportsTo" in RELATIONS
True
>>> RELATIONS["reportsTo"].range
('Board',)
>>> sorted(RELATIONS["fundedBy"].qualifiers)
['amount', 'mechanism', 'note', 'period', 'uncertain', 'valid_from', 'valid_to']
>>> group("items")[:3]
('Plan', 'Aim', 'Objective')
"""

from __future__ import annotations

from sendkg.ontology.vocabulary import (
    GROUP_LABELS,
    GROUPS,
    NODE_PROPERTIES,
    NODE_TYPES,
    ONTOLOGY_DIR,
    RELATIONS,
    Relation,
    group,
    group_of,
    rdf_namespaces,
)


def __getattr__(name: str):
    """SENDKG, the rdflib namespace, made on first use (importing rdflib is slow)."""
    if name == "SENDKG":
        from sendkg.ontology import vocabulary

        return vocabulary.SENDKG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GROUP_LABELS",
    "GROUPS",
    "NODE_PROPERTIES",
    "NODE_TYPES",
    "ONTOLOGY_DIR",
    "RELATIONS",
    "SENDKG",
    "Relation",
    "group",
    "group_of",
    "rdf_namespaces",
]
