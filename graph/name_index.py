"""The graph's name index: every label and alias, normalised, with the entity it names.

A derived view owned by the graph (kept in `kg.derived`, cleared when a node or edge is
added, kept in the graph cache beside the graph), built on first use by the search
behind `sendkg find` and the questions (sendkg.queries.find).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("org:ccg", "Organisation", "Example CCG", ("Example C.C.G.",)))
>>> kg.add_node(Node("org:b", "Organisation", "Example C C G"))
>>> index = name_index(kg)
>>> index.keys
['example ccg', 'example c c g', 'example c c g']
>>> index.owners[1], index.positions["example c c g"]
(('org:ccg', 'Example C.C.G.'), [1, 2])
"""

from __future__ import annotations

from dataclasses import dataclass

from sendkg.names import normalise


@dataclass
class NameIndex:
    """keys[i] is the normalised form of the name owners[i] = (node id, name as written);
    positions maps each distinct key to its indexes in `keys`, in order (an exact name
    is one dictionary look-up; fuzzy spelling scores each distinct key once)."""

    keys: list[str]
    owners: list[tuple[str, str]]
    positions: dict[str, list[int]]


def name_index(kg) -> NameIndex:
    """The graph's NameIndex, names in node order."""
    return kg.derived.get("name index", lambda: _names_of(kg))


def _names_of(kg) -> NameIndex:
    keys, owners, positions = [], [], {}
    for node in kg.nodes():
        for name in dict.fromkeys((node.label, *node.aliases)):
            key = normalise(name)
            positions.setdefault(key, []).append(len(keys))
            keys.append(key)
            owners.append((node.id, name))
    return NameIndex(keys, owners, positions)
