"""The graph's name index: every label and alias, normalised, with the entity it names.

A derived view owned by the graph (kept in `kg.derived`, cleared when a node or edge is
added, never pickled), built on first use by the search behind `sendkg find` and the
questions (sendkg.queries.find).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("org:ccg", "Organisation", "Example CCG", ("Example C.C.G.",)))
>>> name_index(kg)
(['example ccg', 'example c c g'], [('org:ccg', 'Example CCG'), ('org:ccg', 'Example C.C.G.')])
"""

from __future__ import annotations

from sendkg.names import normalise


def name_index(kg) -> tuple[list[str], list[tuple[str, str]]]:
    """(normalised names, and for each the (node id, name as written)), in node order."""
    return kg.derived.get("name index", lambda: _names_of(kg))


def _names_of(kg) -> tuple[list[str], list[tuple[str, str]]]:
    keys, owners = [], []
    for node in kg.nodes():
        for name in dict.fromkeys((node.label, *node.aliases)):
            keys.append(normalise(name))
            owners.append((node.id, name))
    return keys, owners
