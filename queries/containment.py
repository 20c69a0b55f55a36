"""Plan structure: what contains an item, and what it contains.

A plan contains aims, objectives, deliverables and actions through the relations of
the ontology's "structure" group (hasAim, hasObjective, hasDeliverable, hasAction,
hasOutcome, measuredBy); its "items" group names the node types they join. Responsibility, drivers and funding set on a container are inherited by
everything inside it, so the questions walk these relations upward.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type in [("plan:p", "Plan"), ("obj:o", "Objective"), ("act:a", "Action")]:
...     kg.add_node(Node(id, type, id))
>>> kg.add_edge(Edge("plan:p", "hasObjective", "obj:o"))
>>> kg.add_edge(Edge("obj:o", "hasAction", "act:a"))
>>> [(node.id, distance) for node, distance in containers(kg, "act:a")]
[('obj:o', 1), ('plan:p', 2)]
>>> [node.id for node in plans_of(kg, "act:a")]
['plan:p']
>>> [node.id for node in contents(kg, "plan:p")]
['obj:o', 'act:a']
"""

from __future__ import annotations

from sendkg.ontology import group
from sendkg.records import Node

STRUCTURE = group("structure")
ITEM_TYPES = group("items")


def containers(kg, node_id: str) -> list[tuple[Node, int]]:
    """Every item containing `node_id`, nearest first, with its distance (1 = parent)."""
    found: dict[str, int] = {}
    frontier, distance = [node_id], 0
    while frontier:
        distance += 1
        parents = []
        for child in frontier:
            for edge in _edges_in(kg, child):
                if edge.s not in found and edge.s != node_id:
                    found[edge.s] = distance
                    parents.append(edge.s)
        frontier = parents
    return [(kg.node(id), d) for id, d in found.items()]


def contents(kg, node_id: str) -> list[Node]:
    """Everything `node_id` contains, breadth first."""
    seen, frontier, found = {node_id}, [node_id], []
    while frontier:
        children = []
        for parent in frontier:
            for edge in _edges_out(kg, parent):
                if edge.o not in seen:
                    seen.add(edge.o)
                    children.append(edge.o)
        found += children
        frontier = children
    return [kg.node(id) for id in found]


def plans_of(kg, node_id: str) -> list[Node]:
    """The plans an item belongs to (the item itself when it is a plan)."""
    node = kg.node(node_id)
    if node.type == "Plan":
        return [node]
    return sorted((n for n, _ in containers(kg, node_id) if n.type == "Plan"),
                  key=lambda n: n.id)


def _edges_in(kg, node_id: str):
    return (e for e in kg.in_edges(node_id) if e.p in STRUCTURE)


def _edges_out(kg, node_id: str):
    return (e for e in kg.out_edges(node_id) if e.p in STRUCTURE)
